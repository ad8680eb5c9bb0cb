-- test/count_fetch.sql — count by one index scan without an inner statement
-- (issue 21, src/count_fetch.c), and get_list's page given that count: for
-- every query shape the direct count
-- serves, and for shapes it leaves to the statement, the same counts as the
-- statement's, over rows this transaction inserted, updated and deleted
-- (whose heap pages the visibility map does not mark all-visible, so each
-- index entry's tuple decides); and the statement counts instead whenever
-- row-level security could matter, a restrictive policy the owner is
-- subject to then still hiding rows.  (Pages the visibility map marks
-- all-visible are counted by test/bench_smoke/run's agreement check, on
-- vacuumed data, against PostgREST's SQL and the floor.)
--
-- Which path counted is seen in the backend's plan cache: the statement
-- path saves the count statement's plan the second time it runs (its
-- CachedPlanSource context, named by its text, "SELECT pg_catalog.count(*)
-- FROM ..."); the direct path plans nothing.  A list counted so runs the
-- page statement that takes its count as a parameter ("... FROM (SELECT $n
-- AS total) c ..."), not the one that counts ("... FROM (SELECT
-- pg_catalog.count(*) AS total ...").
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

SELECT plan(22);

-- 3,000 more call logs in A: four statuses, both policies, start times a
-- second apart with microseconds (one in seven not started), provider ids.
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, status, started_at, call_provider_call_id,
                                        call_duration_in_seconds, created_at)
SELECT :'A',
       CASE WHEN g % 3 = 0 THEN 'a1000000-0000-4000-8000-000000000002'::uuid ELSE 'a1000000-0000-4000-8000-000000000001'::uuid END,
       (ARRAY['Completed', 'NoAnswer', 'Ringing', 'Failed'])[1 + g % 4],
       CASE WHEN g % 7 = 0 THEN NULL
            ELSE timestamptz '2025-06-01 00:00:00+00' + g * interval '1 second' + (g % 1000) * interval '1 microsecond' END,
       'CA' || lpad((g % 500)::text, 4, '0'),
       g % 90,
       timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute'
  FROM generate_series(1, 3000) g;
-- Versions this transaction made invisible to itself: deleted rows, and
-- updated rows whose old index entries still point at the old version.
DELETE FROM incoming_call_log.call_log WHERE project_id = :'A' AND call_duration_in_seconds = 7;
UPDATE incoming_call_log.call_log SET status = 'Busy', started_at = started_at + interval '1 hour'
 WHERE project_id = :'A' AND call_duration_in_seconds = 11;

-- Saved plans of count statements in this backend.
CREATE FUNCTION pg_temp.count_plans() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM pg_backend_memory_contexts
     WHERE name = 'CachedPlanSource' AND ident LIKE 'SELECT pg_catalog.count(*) FROM%';
$$;

CREATE TEMP TABLE q (n int, query json, direct boolean);
INSERT INTO q VALUES
    (1,  NULL, true),
    (2,  '{"status": "Completed"}', true),
    (3,  '{"status": ["Completed", "NoAnswer"]}', true),
    (4,  '{"status": {"_type": "Includes", "value": []}}', true),
    (5,  '{"status": ["Completed", "NoAnswer"], "startedAt": {"_type": "InBetween", "startValue": "2025-06-01T00:10:00.000Z", "endValue": "2025-06-01T00:30:00.500Z"}}', true),
    (6,  '{"startedAt": {"_type": "GreaterThan", "value": "2025-06-01T00:40:00.400Z"}}', true),
    (7,  '{"startedAt": {"_type": "LessThanOrEqual", "value": "2025-06-01T00:20:00.020Z"}}', true),
    (8,  '{"startedAt": {"_type": "GreaterThanOrEqual", "value": "2025-06-01T00:20:00.020Z"}, "status": "Busy"}', true),
    (9,  '{"startedAt": {"_type": "LessThan", "value": "2025-06-01T00:20:00.020Z"}, "status": "Ringing"}', true),
    (10, '{"startedAt": "2025-06-01T00:16:40.000Z"}', true),
    (11, '{"createdAt": {"_type": "InBetween", "startValue": "2025-01-01T10:00:00.000Z", "endValue": "2025-01-02T00:00:00.000Z"}}', true),
    (12, '{"incomingCallPolicyId": "a1000000-0000-4000-8000-000000000002"}', true),
    (13, '{"callProviderCallId": "CA0042"}', true),
    (14, '{"callProviderCallId": {"_type": "InBetween", "startValue": "CA0100", "endValue": "CA0199"}}', true),
    (15, '{"projectId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "status": "Ringing"}', true),
    (16, '{"projectId": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}', true),
    -- left to the statement: not a conjunction of scan keys, or no index holds the column
    (17, '{"startedAt": {"_type": "Includes", "value": ["2025-06-01T00:16:40.000Z", "2025-06-01T00:16:41.001Z"]}}', false),
    (18, '{"callerPhoneNumber": {"_type": "Search", "value": "555"}}', false),
    (19, '{"status": {"_type": "NotEqual", "value": "Completed"}}', false),
    (20, '{"startedAt": {"_type": "IsNull"}}', false),
    (21, '{"callDurationInSeconds": {"_type": "GreaterThan", "value": 60}}', false),
    (22, '{"startedAt": {"_type": "GreaterThanOrNull", "value": "2025-06-01T00:40:00.000Z"}}', false),
    -- ... or no one index holds every column filtered
    (23, '{"startedAt": {"_type": "LessThan", "value": "2025-06-01T00:20:00.020Z"}, "incomingCallPolicyId": "a1000000-0000-4000-8000-000000000002"}', false),
    (24, '{"incomingCallPolicyId": "a1000000-0000-4000-8000-000000000001", "status": ["Busy", "Ringing"]}', false);

-- Saved plans of list statements that count, and of those given the count.
CREATE FUNCTION pg_temp.list_plans(given boolean) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM pg_backend_memory_contexts
     WHERE name = 'CachedPlanSource' AND ident LIKE 'SELECT c.total,%'
       AND (ident LIKE '% FROM (SELECT $% AS total) c %') = given;
$$;

-- Every query's list pages, JSON and CSV: the first, one further on, one
-- past the end; a relation and a sort.
CREATE FUNCTION pg_temp.pages(want_direct boolean) RETURNS TABLE (n int, page int, json_answer text, csv_answer text)
LANGUAGE sql AS $$
    SELECT q.n, g.page,
           incoming_call_log.get_list(g.sel, q.query, g.sort, g.skip, g.lim)::text,
           incoming_call_log.get_list_csv(g.sel, q.query, g.sort, g.skip, g.lim)::text
      FROM q, (VALUES (1, '{"status": true, "startedAt": true}'::json, NULL::json, 0, 5),
                      (2, '{"callProviderCallId": true, "answeredByUser": {"name": true}}', '{"startedAt": "Descending"}', 40, 3),
                      (3, '{"status": true}', NULL, 100000, 10)) AS g(page, sel, sort, skip, lim)
     WHERE want_direct IS NULL OR q.direct = want_direct ORDER BY q.n, g.page;
$$;

-- Every query's count (JSON) and its CSV answer, as the caller sees them.
CREATE FUNCTION pg_temp.answers(want_direct boolean) RETURNS TABLE (n int, json_count bigint, csv_answer text)
LANGUAGE sql AS $$
    SELECT q.n, (incoming_call_log.count(q.query)).count, incoming_call_log.count_csv(q.query)::text
      FROM q WHERE want_direct IS NULL OR q.direct = want_direct ORDER BY q.n;
$$;

SELECT pg_temp.present_key(:'key_a_owner');

-------------------------------------------------------------------------------
-- Counted by one index scan: no count statement for the shapes it serves
-------------------------------------------------------------------------------
CREATE TEMP TABLE plans_at_start AS SELECT pg_temp.count_plans() AS n;	-- the fixture's own
CREATE TEMP TABLE by_scan AS SELECT * FROM pg_temp.answers(true);
INSERT INTO by_scan SELECT * FROM pg_temp.answers(true);	-- twice: a statement's plan would be saved now
SELECT is(pg_temp.count_plans(), (SELECT n FROM plans_at_start), 'count by one index scan: no count statement was planned');

CREATE TEMP TABLE pages_by_scan AS SELECT * FROM pg_temp.pages(true);
INSERT INTO pages_by_scan SELECT * FROM pg_temp.pages(true);
SELECT is(pg_temp.list_plans(false), 0::bigint, 'get_list of those shapes: no list statement counted');
SELECT cmp_ok(pg_temp.list_plans(true), '>', 0::bigint, '... their pages were read by the statement given the count');

CREATE TEMP TABLE by_statement_too AS SELECT * FROM pg_temp.answers(false);
INSERT INTO by_statement_too SELECT * FROM pg_temp.answers(false);
SELECT is(pg_temp.count_plans(), (SELECT n FROM plans_at_start) + (SELECT count(*) FROM q WHERE NOT q.direct),
          'each shape it leaves (text search, NotEqual, IsNull, OR null, a list of dates, an unindexed column, columns no one index holds) has its statement');

-- What those counts must be, read as the owner from the table itself.
SELECT results_eq(
    $$SELECT json_count FROM by_scan WHERE n IN (1, 2, 3, 4, 5, 13, 16) GROUP BY n, json_count ORDER BY n$$,
    $$VALUES ((SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')),
             ((SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND status = 'Completed')),
             ((SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND status IN ('Completed', 'NoAnswer'))),
             (0::bigint),
             ((SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND status IN ('Completed', 'NoAnswer')
                  AND started_at >= '2025-06-01T00:10:00.000Z' AND started_at < '2025-06-01T00:30:00.501Z')),
             ((SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND call_provider_call_id = 'CA0042')),
             (0::bigint)$$,
    'the counts are the table''s: all, a status, a list of statuses, an empty list, a list and a range, a provider id, another project');
SELECT ok((SELECT bool_and(json_count > 0) FROM by_scan WHERE n NOT IN (4, 16))
          AND (SELECT count(DISTINCT json_count) FROM by_scan) >= 10,
          'the shapes counted are not empty and mostly differ');

-------------------------------------------------------------------------------
-- The caller's project only
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_b');
SELECT is((incoming_call_log.count(NULL)).count,
          (SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
          'another caller counts its own project''s call logs only, by one index scan');
SELECT pg_temp.present_key(:'key_a_owner');

-------------------------------------------------------------------------------
-- Indexes a DBA may add, and statistics: only the default operator family,
-- each condition's column once, and a mostly all-visible table
-------------------------------------------------------------------------------
-- Counts of a provider-id range: saved count statements before and after.
CREATE FUNCTION pg_temp.provider_range_plans() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM pg_backend_memory_contexts
     WHERE name = 'CachedPlanSource' AND ident LIKE 'SELECT pg_catalog.count(*) FROM%call_provider_call_id OPERATOR(pg_catalog.>=)%';
$$;
-- A text_pattern_ops index compares bytes, the statement by collation.
DROP INDEX incoming_call_log.call_log_project_call_provider_call_id_idx;
CREATE INDEX dba_pattern_idx ON incoming_call_log.call_log (project_id, call_provider_call_id text_pattern_ops);
SELECT (incoming_call_log.count(q.query)).count FROM q WHERE q.n = 14;
SELECT is((incoming_call_log.count(q.query)).count, (SELECT json_count FROM by_scan WHERE n = 14 LIMIT 1),
          'only a text_pattern_ops index holds callProviderCallId: the same count ...')
  FROM q WHERE q.n = 14;
SELECT is(pg_temp.provider_range_plans(), 1::bigint, '... by the count statement, not by that index');
DROP INDEX incoming_call_log.dba_pattern_idx;
-- An index naming a column twice, and a filter on a column no index holds.
CREATE INDEX dba_twice_idx ON incoming_call_log.call_log (project_id, project_id);
SELECT is((incoming_call_log.count('{"callDurationInSeconds": {"_type": "GreaterThan", "value": 60}}')).count,
          (SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
              AND call_duration_in_seconds > 60),
          'an index that names project_id twice does not stand in for a column it lacks');
SELECT is((incoming_call_log.count('{"status": "Completed", "projectId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}')).count,
          (SELECT json_count FROM by_scan WHERE n = 2 LIMIT 1), '... nor miscounts projectId');
DROP INDEX incoming_call_log.dba_twice_idx;
-- The table's statistics say most pages are not all-visible: the statement counts.
CREATE TEMP TABLE plans_stats AS SELECT pg_temp.count_plans() AS n;
UPDATE pg_class SET relpages = 100, relallvisible = 10 WHERE oid = 'incoming_call_log.call_log'::regclass;
SELECT (incoming_call_log.count('{"status": "NoAnswer"}')).count FROM generate_series(1, 2);
SELECT is(pg_temp.count_plans(), (SELECT n FROM plans_stats) + 1,
          'a tenth of the pages all-visible at the last VACUUM: the statement counts');
UPDATE pg_class SET relpages = 100, relallvisible = 90 WHERE oid = 'incoming_call_log.call_log'::regclass;
SELECT (incoming_call_log.count('{"status": "Failed"}')).count FROM generate_series(1, 2);
SELECT is(pg_temp.count_plans(), (SELECT n FROM plans_stats) + 1, 'nine tenths: by one index scan');
UPDATE pg_class SET relpages = 0, relallvisible = 0 WHERE oid = 'incoming_call_log.call_log'::regclass;

-------------------------------------------------------------------------------
-- A DBA's policy on call_log: the statement counts, with the same answers
-------------------------------------------------------------------------------
CREATE POLICY dba_policy ON incoming_call_log.call_log AS RESTRICTIVE FOR SELECT USING (true);
CREATE TEMP TABLE plans_before AS SELECT pg_temp.count_plans() AS n;
CREATE TEMP TABLE by_statement AS SELECT a.*, q.direct FROM pg_temp.answers(NULL) a JOIN q USING (n);
SELECT cmp_ok(pg_temp.count_plans(), '>', (SELECT n FROM plans_before), 'a DBA''s policy on call_log: the count statements answer');
CREATE TEMP TABLE pages_by_statement AS SELECT * FROM pg_temp.pages(true);
SELECT cmp_ok(pg_temp.list_plans(false), '>', 0::bigint, '... and the list statements that count');
SELECT results_eq('SELECT n, json_count, csv_answer FROM by_scan GROUP BY 1, 2, 3 ORDER BY n',
                  'SELECT n, json_count, csv_answer FROM by_statement WHERE direct ORDER BY n',
                  'every shape: the same count by one index scan and by statement, JSON and CSV');
SELECT results_eq('SELECT n, page, json_answer, csv_answer FROM pages_by_scan GROUP BY 1, 2, 3, 4 ORDER BY n, page',
                  'SELECT n, page, json_answer, csv_answer FROM pages_by_statement ORDER BY n, page',
                  'every shape''s pages: the same bytes given the count and counting, JSON and CSV');
SELECT ok((SELECT bool_and(json_answer LIKE '(' || (SELECT json_count FROM by_scan b WHERE b.n = p.n LIMIT 1) || ',%')
            FROM pages_by_scan p)
          AND (SELECT count(*) FILTER (WHERE json_answer LIKE '%,[])') FROM pages_by_scan) BETWEEN 1 AND 60,
          'each page carries the shape''s count; some pages are empty, most are not');
SELECT results_eq('SELECT n, json_count, csv_answer FROM by_statement_too GROUP BY 1, 2, 3 ORDER BY n',
                  'SELECT n, json_count, csv_answer FROM by_statement WHERE NOT direct ORDER BY n',
                  '... and the shapes left to the statement answer as before');
DROP POLICY dba_policy ON incoming_call_log.call_log;

-------------------------------------------------------------------------------
-- Row-level security that applies to the extension owner: a DBA's
-- restrictive policy still hides rows from the count
-------------------------------------------------------------------------------
SELECT format('GRANT %I TO icl_cf_owner', current_user) AS grant_owner \gset
CREATE ROLE icl_cf_owner NOSUPERUSER NOBYPASSRLS;
:grant_owner;
ALTER FUNCTION incoming_call_log.count(json) OWNER TO icl_cf_owner;
ALTER FUNCTION incoming_call_log.count_csv(json) OWNER TO icl_cf_owner;
ALTER TABLE incoming_call_log.call_log FORCE ROW LEVEL SECURITY;
CREATE POLICY dba_hides_completed ON incoming_call_log.call_log AS RESTRICTIVE FOR SELECT
    USING (status <> 'Completed');
SELECT is((incoming_call_log.count('{"status": "Completed"}')).count, 0::bigint,
          'a restrictive policy the owner is subject to hides its rows from count');
SELECT is(incoming_call_log.count_csv(NULL)::text,
          E'count\n' || ((SELECT json_count FROM by_scan WHERE n = 1 LIMIT 1)
                         - (SELECT json_count FROM by_scan WHERE n = 2 LIMIT 1)) || E'\n',
          '... and from count_csv of every call log');
DROP POLICY dba_hides_completed ON incoming_call_log.call_log;
SELECT is((incoming_call_log.count('{"status": ["Completed", "NoAnswer"]}')).count,
          (SELECT json_count FROM by_scan WHERE n = 3 LIMIT 1),
          'FORCE ROW LEVEL SECURITY without a DBA policy: the same count');

SELECT * FROM finish();
ROLLBACK;
