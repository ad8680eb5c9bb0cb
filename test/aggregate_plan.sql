-- test/aggregate_plan.sql — the plan of get_aggregate's main dashboard
-- request (issue 20): a count by status and UTC day over one month of one
-- project reads only call_log_project_started_at_idx (project_id,
-- started_at, status), as an index-only scan that fetches no heap page.
-- An index-only scan needs the visibility map, which only VACUUM sets, and
-- VACUUM cannot run inside the transaction the other suites roll back: so
-- this file works in a database of its own, dropped at the end (and
-- dropped first, should an earlier run have stopped half-way).  The
-- planner's choice among the other paths is taken away (no sequential or
-- bitmap scan), so what is checked is that this index can serve the whole
-- request by itself, not a cost guess on small data.
-- And the sort behind a P95 by day and status stays in memory where the
-- session's work_mem would spill it: the statement runs with at least
-- AGGREGATE_WORK_MEM_KB (32MB), and the session's setting is unchanged.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP DATABASE IF EXISTS icl_aggregate_plan;
CREATE DATABASE icl_aggregate_plan;
\c icl_aggregate_plan
SET client_min_messages = warning;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(10);

-- 60,000 calls of project A over three months (and some of B).
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, status, call_duration_in_seconds, started_at)
SELECT CASE WHEN g % 5 = 0 THEN :'B'::uuid ELSE :'A'::uuid END,
       CASE WHEN g % 5 = 0 THEN 'b1000000-0000-4000-8000-000000000001'::uuid ELSE 'a1000000-0000-4000-8000-000000000001'::uuid END,
       (ARRAY['Completed', 'NoAnswer', 'Busy', 'Failed', 'Completed', 'CallerHungUp'])[1 + g % 6],
       (g * 7) % 900,
       timestamptz '2026-01-01T00:00:00Z' + g * interval '2 minutes'
  FROM generate_series(1, 75000) AS g;
VACUUM (ANALYZE) incoming_call_log.call_log;

BEGIN;
SELECT pg_temp.present_key(:'key_a_read') \g /dev/null
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT string_agg(l, E'\n') AS p
  FROM incoming_call_log.explain_aggregate(
         '{"startedAt": {"_type": "InBetween", "startValue": "2026-02-01", "endValue": "2026-02-28T23:59:59.999Z"}}',
         '{"startedAt": "Day", "status": true}', NULL, NULL, 1000, "analyze" => true) AS l \gset
SELECT ok(:'p' ~ 'Index Only Scan using call_log_project_started_at_idx on call_log',
          'a month''s count by status and day: an index-only scan of call_log_project_started_at_idx');
SELECT ok(:'p' ~ 'Index Cond: \(\(project_id = ''aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa''::uuid\) AND \(started_at >= ',
          'bounded by the project and the month in the index');
SELECT ok(:'p' !~ 'Heap Fetches: [1-9]', 'no heap page fetched');
SELECT ok(:'p' !~ 'Seq Scan|Bitmap Heap Scan|Index Scan using', 'no other scan of call_log');
SELECT is((incoming_call_log.get_aggregate(
              '{"startedAt": {"_type": "InBetween", "startValue": "2026-02-01", "endValue": "2026-02-28T23:59:59.999Z"}}',
              '{"startedAt": "Day", "status": true}', NULL, NULL, 1000)).data::jsonb,
          (SELECT jsonb_agg(jsonb_build_object('startedAt', to_char(d AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                               'status', status, 'count', n) ORDER BY d, status)
             FROM (SELECT date_trunc('day', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS d, status, count(*) AS n
                     FROM incoming_call_log.call_log
                    WHERE project_id = :'A' AND started_at >= '2026-02-01T00:00:00Z' AND started_at < '2026-03-01T00:00:00Z'
                    GROUP BY 1, 2) s),
          'and it answers what GROUP BY answers');
SELECT is(json_array_length((incoming_call_log.get_aggregate(
              '{"startedAt": {"_type": "InBetween", "startValue": "2026-02-01", "endValue": "2026-02-28T23:59:59.999Z"}}',
              '{"startedAt": "Day", "status": true}', NULL, NULL, 1000)).data), 28 * 5,
          'five statuses on each of February''s 28 days');

-- The three months' P95 by day and status of project A (60,000 rows) with the
-- smallest work_mem: the DBA's GROUP BY spills its sort to disk; the call's
-- statement, planned and run with 32MB, sorts in memory.
CREATE FUNCTION pg_temp.analyzed(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    l text;
    r text := '';
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' || q LOOP
        r := r || l || E'\n';
    END LOOP;
    RETURN r;
END
$f$;
SET LOCAL work_mem = '64kB';
SELECT ok(pg_temp.analyzed(format($q$
              SELECT date_trunc('day', started_at, 'UTC'), status, count(*),
                     percentile_cont(0.95) WITHIN GROUP (ORDER BY call_duration_in_seconds::float8)
                FROM incoming_call_log.call_log WHERE project_id = %L GROUP BY 1, 2 ORDER BY 1, 2$q$, :'A'))
          ~ 'Sort Method: external merge',
          'at work_mem 64kB the DBA''s GROUP BY spills its sort');
SELECT string_agg(l, E'\n') AS p
  FROM incoming_call_log.explain_aggregate(NULL, '{"startedAt": "Day", "status": true}',
                                           '{"count": true, "callDurationInSeconds": ["P95"]}', NULL, 1000,
                                           "analyze" => true) AS l \gset
SELECT ok(:'p' ~ 'Sort Method: quicksort', 'get_aggregate''s statement sorts the same rows in memory');
SELECT ok(:'p' !~ 'external', 'and nothing of it spills');
SELECT is(current_setting('work_mem'), '64kB', 'the session''s work_mem is as it was');
SELECT * FROM finish();
COMMIT;

\c postgres
SET client_min_messages = warning;
DROP DATABASE icl_aggregate_plan;
