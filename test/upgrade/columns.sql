-- test/upgrade/columns.sql — "table|col,col,..." for every table the
-- extension registers with pg_extension_config_dump (in registration order,
-- which respects foreign keys) and for public.upgrade_key: the input of
-- rows.sql and of the copy into a fresh install.  Not the cursor secret:
-- each install makes its own at random (test/page.sql checks it is kept
-- for pg_dump and what rotation does).
\set ON_ERROR_STOP 1
\set QUIET on
\pset format unaligned
\pset tuples_only on
SET search_path = pg_catalog;
SELECT t.tab::regclass::text || '|' ||
       (SELECT string_agg(quote_ident(attname), ',' ORDER BY attnum)
          FROM pg_attribute WHERE attrelid = t.tab AND attnum > 0 AND NOT attisdropped)
  FROM (SELECT c.tab, c.ord FROM pg_extension, unnest(extconfig) WITH ORDINALITY AS c(tab, ord)
         WHERE extname = 'incoming_call_log'
           AND c.tab::regclass::text <> 'incoming_call_log_internal.cursor_secret'
        UNION ALL
        SELECT 'public.upgrade_key'::regclass, 1000000) AS t
 ORDER BY t.ord;
