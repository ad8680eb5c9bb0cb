-- test/plans.sql — how the calls run their statements (issue 7, defect 6,
-- and issue 6): a list counts once and never scans a page past the end;
-- large counts may run in parallel; shapes whose filters are equalities on
-- indexed columns are planned once, the others for their values.  Read
-- from explain_list / explain_count, which show the very plan a call runs.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(10);

CREATE FUNCTION pg_temp.plan_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
    EXECUTE format('SELECT string_agg(l, E''\n'') FROM (%s) AS s(l)', sql) INTO result;
    RETURN result;
END;
$$;

SELECT pg_temp.present_key(:'key_a_read');

-- Count once; skip past the end scans no page.
SELECT pg_temp.plan_of($$SELECT * FROM incoming_call_log.explain_list('{"status": true, "answeredByUser": {"name": true}}',
                                                                      '{"status": "Completed"}', skip => 100, "analyze" => true)$$) AS p \gset
SELECT is((SELECT count(*) FROM regexp_matches(:'p', 'Aggregate', 'g'))::int, 1, 'a list has one count (one Aggregate)');
SELECT ok(:'p' ~ 'One-Time Filter: \(\(count\(\*\)\) > \$4\)', 'the page is gated by count > skip');
SELECT ok(:'p' ~ 'Scan[^\n]*call_log l_1[^\n]*\(never executed\)', 'skip past the end: the page''s scan never ran');
SELECT is((incoming_call_log.get_list('{"status": true}', '{"status": "Completed"}', skip => 100)).count, 3::bigint,
          'and the count is still right');
SELECT is((incoming_call_log.get_list('{"status": true}', '{"status": "Completed"}', skip => 100)).data::text, '[]',
          'with an empty page');

-- Generic where one plan suits every value, custom elsewhere.
SELECT ok(pg_temp.plan_of($$SELECT * FROM incoming_call_log.explain_list(query => '{"status": ["Completed", "Busy"], "incomingCallPolicyId": "a1000000-0000-4000-8000-000000000001"}')$$)
          ~ 'plan: generic', 'equalities and IN lists on indexed fields: planned once');
SELECT ok(pg_temp.plan_of($$SELECT * FROM incoming_call_log.explain_count('{"startedAt": {"_type": "InBetween", "startValue": "2026-01-01", "endValue": "2026-01-02"}}')$$)
          ~ 'plan: custom', 'a date range: planned for its values');
SELECT ok(pg_temp.plan_of($$SELECT * FROM incoming_call_log.explain_count('{"callDurationInSeconds": 5}')$$)
          ~ 'plan: custom', 'an equality on a column no index leads with: planned for its values');

-- Parallel workers where the planner finds them worth it (forced here on tiny data).
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL min_parallel_index_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL enable_indexscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT ok(pg_temp.plan_of($$SELECT * FROM incoming_call_log.explain_count('{"callerPhoneNumber": {"_type": "Search", "value": "555"}}', true)$$)
          ~ 'Gather', 'a count the planner parallelizes runs with a Gather');
SELECT is((incoming_call_log.count('{"callerPhoneNumber": {"_type": "Search", "value": "555"}}')).count,
          (SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = :'A' AND caller_phone_number ILIKE '%555%'),
          'and counts right');

SELECT * FROM finish();
ROLLBACK;
