-- test/upgrade/rows.sql — the rows of every table the extension registers
-- with pg_extension_config_dump (its data: projects, users, policies, call
-- logs, API keys with their hashes, grants, capabilities), and of
-- public.upgrade_key.  Roles print as names.  With psql variable "columns"
-- set to a query result of "table|col,col,...", only those columns of those
-- tables are printed (the columns that existed before an update).
\set ON_ERROR_STOP 1
\set QUIET on
\pset format unaligned
\pset tuples_only on
SET search_path = pg_catalog;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO';
SET extra_float_digits = 3;
SELECT format('SELECT line FROM (SELECT %L || '': '' || r::text AS line FROM (SELECT %s FROM %s) AS r) AS l ORDER BY line COLLATE "C"',
              t.tab, t.cols, t.tab)
  FROM (SELECT split_part(line, '|', 1) AS tab, split_part(line, '|', 2) AS cols, ord
          FROM unnest(string_to_array(:'columns', E'\n')) WITH ORDINALITY AS l(line, ord)) AS t
 WHERE t.tab <> ''
 ORDER BY t.ord
\gexec
