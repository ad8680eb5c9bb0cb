-- test/aggregate.sql — get_aggregate and get_aggregate_csv (doc/aggregates.md), rule
-- by rule: count's caller checks in count's order (PT401, PT403, then
-- 22023), every malformed request (22023 naming the offending key), the
-- answer's shape and order, UTC buckets whatever the session's TimeZone,
-- exact counts and sums, avg() and percentile_cont() to 1e-9, extremes
-- encoded like the field, nulls and ties, limit and "more", the CSV form
-- against an independent writer, explain_aggregate, and the work_mem the
-- statement runs with (at least AGGREGATE_WORK_MEM_KB, the session's own
-- setting unchanged after the call).
-- test/aggregate_random.sql compares random requests with plain SQL.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(158);

-- The data of an answer, and its "more".
CREATE FUNCTION pg_temp.agg(q json DEFAULT NULL, g json DEFAULT NULL, a json DEFAULT NULL, s json DEFAULT NULL,
                            l int DEFAULT NULL) RETURNS json LANGUAGE sql AS $$
    SELECT (incoming_call_log.get_aggregate(q, g, a, s, l)).data
$$;
CREATE FUNCTION pg_temp.more(q json DEFAULT NULL, g json DEFAULT NULL, a json DEFAULT NULL, s json DEFAULT NULL,
                             l int DEFAULT NULL) RETURNS boolean LANGUAGE sql AS $$
    SELECT (incoming_call_log.get_aggregate(q, g, a, s, l)).more
$$;
-- A call of get_aggregate with these arguments, as SQL text (for throws_ok).
CREATE FUNCTION pg_temp.call(q text, g text, a text, s text, l int, fn text DEFAULT 'get_aggregate') RETURNS text
LANGUAGE sql AS $$
    SELECT format('SELECT incoming_call_log.%s(%L::json, %L::json, %L::json, %L::json, %s)',
                  fn, q, g, a, s, coalesce(l::text, 'NULL'))
$$;
-- A date as the API shows it.
CREATE FUNCTION pg_temp.iso(t timestamptz) RETURNS text LANGUAGE sql AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;
-- Relative difference of two numbers (0 when both are null).
CREATE FUNCTION pg_temp.rel(a float8, b float8) RETURNS float8 LANGUAGE sql AS $$
    SELECT CASE WHEN a IS NULL AND b IS NULL THEN 0
                WHEN a IS NULL OR b IS NULL THEN 1
                WHEN a = b THEN 0
                ELSE abs(a - b) / greatest(abs(a), abs(b)) END
$$;

-------------------------------------------------------------------------------
-- Caller checks, in count's order: PT401, then PT403, then the request
-------------------------------------------------------------------------------
RESET request.headers;
SELECT throws_ok(pg_temp.call(NULL, NULL, NULL, NULL, NULL), 'PT401', NULL, 'no key: PT401');
SELECT throws_ok(pg_temp.call(NULL, '{"nope": true}', '[]', '1', 0), 'PT401', NULL,
                 'no key and a malformed request: PT401 first');
SELECT throws_ok(pg_temp.call(NULL, '{"nope": true}', NULL, NULL, 0, 'get_aggregate_csv'), 'PT401', NULL,
                 'the CSV form: PT401 first');
SELECT pg_temp.present_key(:'key_a_expired');
SELECT throws_ok(pg_temp.call(NULL, '{"nope": true}', NULL, NULL, NULL), 'PT401', NULL, 'an expired key: PT401');
SELECT pg_temp.present_key(:'key_a_revoked');
SELECT throws_ok(pg_temp.call(NULL, '{"nope": true}', NULL, NULL, NULL), 'PT401', NULL, 'a revoked key: PT401');
SELECT pg_temp.present_key('icl_not_a_key');
SELECT throws_ok(pg_temp.call(NULL, NULL, NULL, NULL, NULL), 'PT401', NULL, 'an unknown key: PT401');
SELECT pg_temp.present_key(:'key_a_none');
SELECT throws_ok(pg_temp.call(NULL, NULL, NULL, NULL, NULL), 'PT403', NULL, 'no read permission: PT403');
SELECT throws_ok(pg_temp.call('{"nope": 1}', '{"nope": true}', NULL, NULL, 0), 'PT403', NULL,
                 'no read permission and a malformed request: PT403 first');
SELECT throws_ok(pg_temp.call(NULL, '{"nope": true}', NULL, NULL, 0, 'get_aggregate_csv'), 'PT403', NULL,
                 'the CSV form: PT403 first');
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_aggregate("groupBy" => '{"nope": true}')$$, 'PT403', NULL,
                 'explain_aggregate checks the caller the same way');

CREATE FUNCTION pg_temp.agg_with_key(k text) RETURNS json LANGUAGE sql AS $$
    SELECT pg_temp.present_key(k);
    SELECT pg_temp.agg();
$$;
SELECT is(pg_temp.agg_with_key(k)::text, '[{"count":12}]', 'reads with ' || p)
  FROM (VALUES (:'key_a_owner', 'ProjectOwner'), (:'key_a_admin', 'ProjectAdmin'), (:'key_a_member', 'ProjectMember'),
               (:'key_a_read', 'ReadProjectIncomingCallLog'), (:'key_a_readall', 'ReadAllProjectResources')) AS t(k, p);
SELECT pg_temp.present_key(:'key_b');
SELECT is(pg_temp.agg()::text, '[{"count":5}]', 'project B''s key counts B''s rows only');
SELECT is(pg_temp.agg('{"projectId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}')::text, '[{"count":0}]',
          'a projectId in query cannot widen the key''s project');
SELECT is(pg_temp.agg(NULL, '{"projectId": true}')::text,
          '[{"projectId":"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb","count":5}]', 'grouped by projectId: the key''s project alone');

-- A role granted access reads by naming its project, as with count.
CREATE ROLE icl_agg_role;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_agg_role;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_aggregate(json, json, json, json, integer),
                          incoming_call_log.get_aggregate_csv(json, json, json, json, integer) TO icl_agg_role;
SELECT incoming_call_log.grant_access('icl_agg_role', :'C', '{ProjectMember}');
SET LOCAL ROLE icl_agg_role;
SELECT pg_temp.headers(tenantid => :'C');
SELECT is(pg_temp.agg()::text, '[{"count":3}]', 'a granted role reads its project');
SELECT is(incoming_call_log.get_aggregate_csv()::text, E'count\n3\n', 'and its CSV form');
SELECT pg_temp.headers(tenantid => :'A');
SELECT throws_ok(pg_temp.call(NULL, '{"nope": true}', NULL, NULL, NULL), 'PT403', NULL,
                 'a role naming a project it holds nothing on: PT403 before the request is read');
RESET ROLE;

SELECT pg_temp.present_key(:'key_a_read');

-------------------------------------------------------------------------------
-- 22023: anything malformed, naming the offending key
-------------------------------------------------------------------------------
SELECT throws_ok(pg_temp.call(NULL, g, NULL, NULL, NULL), '22023', m, d)
  FROM (VALUES
    ('[]', '"groupBy" must be an object, not an array', 'groupBy not an object'),
    ('"status"', '"groupBy" must be an object, not a string', 'groupBy a string'),
    ('{"status": true, "_id": true, "startedAt": "Day", "projectId": true, "repeatCount": true}',
     '"groupBy" groups by more than 4 fields (at "repeatCount")', 'more than 4 groupBy keys'),
    ('{"project": true}', 'relation "project" cannot be grouped', 'relation project grouped'),
    ('{"incomingCallPolicy": true}', 'relation "incomingCallPolicy" cannot be grouped', 'relation incomingCallPolicy grouped'),
    ('{"answeredByUser": {"name": true}}', 'relation "answeredByUser" cannot be grouped', 'relation answeredByUser grouped'),
    ('{"nope": true}', 'unknown field "nope" in "groupBy"', 'unknown groupBy field'),
    ('{"Status": true}', 'unknown field "Status" in "groupBy"', 'groupBy names are case-sensitive'),
    ('{"startedAt": "day"}', 'unknown bucket "day" for "startedAt" in "groupBy"', 'bucket names are case-sensitive'),
    ('{"startedAt": "Quarter"}', 'unknown bucket "Quarter" for "startedAt" in "groupBy"', 'unknown bucket'),
    ('{"status": "Day"}', 'invalid value "Day" for "status" in "groupBy"', 'a bucket on a field that is not a date'),
    ('{"callDurationInSeconds": "Hour"}', 'invalid value "Hour" for "callDurationInSeconds" in "groupBy"', 'a bucket on a number'),
    ('{"status": null}', 'invalid value null for "status" in "groupBy"', 'groupBy value null'),
    ('{"status": 1}', 'invalid value 1 for "status" in "groupBy"', 'groupBy value a number'),
    ('{"startedAt": {"bucket": "Day"}}', 'invalid value {"bucket":"Day"} for "startedAt" in "groupBy"', 'groupBy value an object'),
    ('{"status": true, "status": false}', 'key "status" appears more than once in "groupBy"', 'a groupBy key named twice')
  ) AS t(g, m, d);
SELECT lives_ok(pg_temp.call(NULL, '{"status": true, "_id": true, "startedAt": "Day", "projectId": true, "repeatCount": false}',
                             NULL, NULL, NULL), '4 groupBy keys (and one left out) are fine');

SELECT throws_ok(pg_temp.call(NULL, g, a, NULL, NULL), '22023', m, d)
  FROM (VALUES
    (NULL, '[]', '"aggregate" must be an object, not an array', 'aggregate not an object'),
    (NULL, '{"count": "yes"}', 'invalid value "yes" for "count" in "aggregate"', 'count not a boolean'),
    (NULL, '{"Count": true}', 'unknown field "Count" in "aggregate"', 'aggregate names are case-sensitive'),
    (NULL, '{"nope": ["Sum"]}', 'unknown field "nope" in "aggregate"', 'unknown measured field'),
    (NULL, '{"status": ["Min"]}', 'field "status" cannot be measured', 'a text field has no measures'),
    (NULL, '{"_id": ["Max"]}', 'field "_id" cannot be measured', 'a uuid field has no measures'),
    (NULL, '{"project": ["Max"]}', 'field "project" cannot be measured', 'a relation has no measures'),
    (NULL, '{"callDurationInSeconds": []}', 'empty measure list for "callDurationInSeconds" in "aggregate"', 'empty measure list'),
    (NULL, '{"callDurationInSeconds": ["P95", "Sum", "P95"]}', 'measure "P95" named twice for "callDurationInSeconds" in "aggregate"', 'repeated measure'),
    (NULL, '{"callDurationInSeconds": ["Median"]}', 'unknown measure "Median" for "callDurationInSeconds" in "aggregate"', 'unknown measure'),
    (NULL, '{"callDurationInSeconds": ["avg"]}', 'unknown measure "avg" for "callDurationInSeconds" in "aggregate"', 'measure names are case-sensitive'),
    (NULL, '{"callDurationInSeconds": ["p95"]}', 'unknown measure "p95" for "callDurationInSeconds" in "aggregate"', 'percentile names are case-sensitive'),
    (NULL, '{"startedAt": ["Avg"]}', 'unknown measure "Avg" for "startedAt" in "aggregate"', 'a date has no Avg'),
    (NULL, '{"endedAt": ["P50"]}', 'unknown measure "P50" for "endedAt" in "aggregate"', 'a date has no percentile'),
    (NULL, '{"callDurationInSeconds": [null]}', 'unknown measure null for "callDurationInSeconds" in "aggregate"', 'a measure that is not a string'),
    (NULL, '{"callDurationInSeconds": true}', 'invalid value true for "callDurationInSeconds" in "aggregate"', 'a measured field with true'),
    (NULL, '{"callDurationInSeconds": "Sum"}', 'invalid value "Sum" for "callDurationInSeconds" in "aggregate"', 'a measure not in an array'),
    ('{"repeatCount": true}', '{"repeatCount": ["Max"]}', 'field "repeatCount" is both grouped and measured', 'a field grouped and measured'),
    ('{"endedAt": "Month"}', '{"endedAt": ["Max"]}', 'field "endedAt" is both grouped and measured', 'a date grouped by bucket and measured')
  ) AS t(g, a, m, d);
SELECT lives_ok(pg_temp.call(NULL, '{"repeatCount": false}', '{"repeatCount": ["Max"]}', NULL, NULL),
                'a field left out of groupBy with false may be measured');
SELECT is(pg_temp.agg(NULL, '{"status": true}', '{"count": true, "statusMessage": false, "answeredByUserId": false}')::text,
          pg_temp.agg(NULL, '{"status": true}', '{"count": true}')::text,
          'false leaves out of aggregate a field without measures too (found by test/fuzz/run)');

SELECT throws_ok(pg_temp.call(NULL, g, a, s, NULL), '22023', m, d)
  FROM (VALUES
    ('{"status": true}', NULL, '[]', '"sort" must be an object, not an array', 'sort not an object'),
    ('{"status": true}', NULL, '{"repeatCount": "ASC"}', 'sort key "repeatCount" is not a key of the answer', 'sort on a field not grouped'),
    ('{"status": true}', '{"count": false, "repeatCount": ["Max"]}', '{"count": "DESC"}', 'sort key "count" is not a key of the answer', 'sort on count when not asked'),
    ('{"status": true}', '{"repeatCount": ["Max"]}', '{"repeatCount.Min": "DESC"}', 'sort key "repeatCount.Min" is not a key of the answer', 'sort on a measure not asked'),
    ('{"status": true}', '{"repeatCount": ["Max"]}', '{"repeatCount.max": "DESC"}', 'sort key "repeatCount.max" is not a key of the answer', 'sort keys are case-sensitive'),
    ('{"status": true}', '{"repeatCount": ["Max"]}', '{"repeatCount": "DESC"}', 'sort key "repeatCount" is not a key of the answer', 'a measured field alone is not a key'),
    ('{"status": true}', NULL, '{"Count": "DESC"}', 'sort key "Count" is not a key of the answer', 'sort on Count'),
    ('{"startedAt": "Day"}', NULL, '{"startedAt.Day": "DESC"}', 'sort key "startedAt.Day" is not a key of the answer', 'a bucketed key is sorted by its name'),
    ('{"status": true}', NULL, '{"status": "UP"}', 'invalid sort direction "UP" for "status"', 'invalid direction'),
    ('{"status": true}', NULL, '{"status": 0}', 'invalid sort direction 0 for "status"', 'invalid numeric direction')
  ) AS t(g, a, s, m, d);

SELECT throws_ok(pg_temp.call(NULL, NULL, NULL, NULL, l), '22023', format('"limit" must be between 1 and 1000, not %s', l),
                 format('limit %s', l))
  FROM unnest(ARRAY[0, -1, 1001, 2147483647]) AS l;
SELECT lives_ok(pg_temp.call(NULL, NULL, NULL, NULL, l), format('limit %s is fine', l)) FROM unnest(ARRAY[1, 1000]) AS l;
SELECT throws_ok(pg_temp.call('{"nope": 1}', NULL, NULL, NULL, NULL), '22023', 'unknown field "nope" in "query"',
                 'query is checked as count checks it');
SELECT throws_ok(pg_temp.call('{"nope": 1}', '{"nope": true}', NULL, NULL, 0), '22023', 'unknown field "nope" in "query"',
                 'query is checked first, then groupBy, aggregate, sort, limit');
SELECT throws_ok(pg_temp.call(NULL, '{"status": true}', '{"count": 1}', '{"nope": "ASC"}', 0), '22023',
                 'invalid value 1 for "count" in "aggregate"', 'aggregate before sort and limit');
-- ... also when a later parameter is not even well-formed: each parameter's
-- JSON is read just before its own checks.
SELECT throws_ok(pg_temp.call(NULL, '{"nope": true}', NULL, '{"count": "ASC", "count": "DESC"}', NULL), '22023',
                 'unknown field "nope" in "groupBy"', 'groupBy before a malformed sort');
SELECT throws_ok(pg_temp.call(NULL, '{"status": true, "status": true}', '{"count": true, "count": true}', NULL, NULL), '22023',
                 'key "status" appears more than once in "groupBy"', 'groupBy before a malformed aggregate');
SELECT throws_ok(pg_temp.call(NULL, '{"status": true}', '{"nope": ["Sum"]}', '{"count": "ASC", "count": "DESC"}', NULL), '22023',
                 'unknown field "nope" in "aggregate"', 'aggregate before a malformed sort');
-- Any limit from 1 to 1000 with any request: 1000 groups of four keys, the
-- count and every measure of every field (61 values each) is fine.
SELECT lives_ok(pg_temp.call(NULL, '{"status": true, "startedAt": "Day", "callerPhoneNumber": true, "answeredByUserId": true}',
                 '{"count": true, "callDurationInSeconds": ["Sum", "Avg", "Min", "Max", "P50", "P90", "P95", "P99"], "callCostInUSDCents": ["Sum", "Avg", "Min", "Max", "P50", "P90", "P95", "P99"], "incomingCallCostInUSDCents": ["Sum", "Avg", "Min", "Max", "P50", "P90", "P95", "P99"], "outgoingCallCostInUSDCents": ["Sum", "Avg", "Min", "Max", "P50", "P90", "P95", "P99"], "currentEscalationRuleOrder": ["Sum", "Avg", "Min", "Max", "P50", "P90", "P95", "P99"], "repeatCount": ["Sum", "Avg", "Min", "Max", "P50", "P90", "P95", "P99"], "createdAt": ["Min", "Max"], "updatedAt": ["Min", "Max"], "endedAt": ["Min", "Max"]}',
                 NULL, 1000), 'limit 1000 with four keys and every measure of every field: fine');
-- false leaves any key out of groupBy, a relation's too (as in select).
SELECT is(pg_temp.agg(NULL, '{"project": false, "status": true, "answeredByUser": false, "startedAt": false}')::text,
          pg_temp.agg(NULL, '{"status": true}')::text, 'false leaves a relation or a field out of groupBy');
-- A date grouped by its value is grouped as the answer shows it, to the
-- millisecond: two groups never show the same key.
SAVEPOINT micro;
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, started_at)
SELECT :'A', 'a1000000-0000-4000-8000-000000000001', t
  FROM unnest(ARRAY['2030-01-01 00:00:00.0001+00', '2030-01-01 00:00:00.0009+00', '2030-01-01 00:00:00.0011+00']::timestamptz[]) AS t;
SELECT is(pg_temp.agg('{"startedAt": {"_type": "GreaterThanOrEqual", "value": "2030-01-01T00:00:00.000Z"}}', '{"startedAt": true}')::text,
          '[{"startedAt":"2030-01-01T00:00:00.000Z","count":2},{"startedAt":"2030-01-01T00:00:00.001Z","count":1}]',
          'a date grouped by true: one group per millisecond the answer shows');
ROLLBACK TO SAVEPOINT micro;
SELECT throws_ok(pg_temp.call(NULL, '{"project": true}', NULL, NULL, NULL, 'get_aggregate_csv'), '22023',
                 'relation "project" cannot be grouped', 'the CSV form refuses the same way');
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_aggregate("limit" => 0)$$, '22023', NULL,
                 'explain_aggregate checks the request the same way');

-------------------------------------------------------------------------------
-- The answer: shape, values, order
-------------------------------------------------------------------------------
SELECT is(pg_temp.agg()::text, '[{"count":12}]', 'no arguments: one group, counted');
SELECT is(pg_temp.agg(NULL, '{}', '{}', '{}')::text, '[{"count":12}]', '{} means the same');
SELECT is(pg_temp.agg('null', 'null', 'null', 'null')::text, '[{"count":12}]', 'JSON null means the same');
SELECT is(pg_temp.agg('{"status": "Example"}')::text, '[{"count":0}]', 'no group key and no match: one group, count 0');
SELECT is(pg_temp.agg('{"status": "Example"}', NULL, '{"count": true, "callDurationInSeconds": ["Sum", "Avg", "P99"], "endedAt": ["Max"]}')::text,
          '[{"count":0,"callDurationInSeconds":{"Sum":null,"Avg":null,"P99":null},"endedAt":{"Max":null}}]',
          'measures of no value are null');
SELECT is(pg_temp.agg('{"status": "Example"}', '{"status": true}')::text, '[]', 'grouped and no match: no group');
SELECT is(pg_temp.more('{"status": "Example"}', '{"status": true}'), false, 'and no more');

-- Key order: groupBy keys in their order, count, measured fields in aggregate's order, measures in theirs.
SELECT is(ARRAY(SELECT json_object_keys(pg_temp.agg(NULL, '{"status": true, "startedAt": "Month"}',
                        '{"endedAt": ["Max", "Min"], "count": true, "callDurationInSeconds": ["P50", "Sum"]}') -> 0)),
          ARRAY['status', 'startedAt', 'count', 'endedAt', 'callDurationInSeconds'], 'group keys, count, then measured fields');
SELECT is(ARRAY(SELECT json_object_keys(pg_temp.agg(NULL, '{"status": true}',
                        '{"callDurationInSeconds": ["P50", "Sum", "Max", "Avg"]}') -> 0 -> 'callDurationInSeconds')),
          ARRAY['P50', 'Sum', 'Max', 'Avg'], 'measures in the asked order');
SELECT is(ARRAY(SELECT json_object_keys(pg_temp.agg(NULL, '{"status": false, "repeatCount": true}',
                        '{"count": false, "callDurationInSeconds": ["Max"], "startedAt": false}') -> 0)),
          ARRAY['repeatCount', 'callDurationInSeconds'], 'false leaves keys out of groupBy and aggregate');

-- Counts and sums are exact.
SELECT is(pg_temp.agg(NULL, '{"status": true}')::jsonb,
          (SELECT jsonb_agg(jsonb_build_object('status', status, 'count', n) ORDER BY status)
             FROM (SELECT status, count(*) AS n FROM incoming_call_log.call_log WHERE project_id = :'A' GROUP BY status) s),
          'count by status equals GROUP BY');
SELECT is(pg_temp.agg(NULL, '{"incomingCallPolicyId": true}', '{"callCostInUSDCents": ["Sum"]}') -> 1 -> 'callCostInUSDCents' ->> 'Sum',
          '2147483660', 'Sum beyond integer''s range is exact');
SELECT ok(pg_temp.agg(NULL, NULL, '{"callDurationInSeconds": ["Sum"]}') -> 0 -> 'callDurationInSeconds' ->> 'Sum' ~ '^[0-9]+$',
          'Sum is an integer');
SELECT is((pg_temp.agg('{"incomingCallPolicyId": "a1000000-0000-4000-8000-000000000002"}', NULL,
                       '{"callCostInUSDCents": ["Sum"]}') -> 0 -> 'callCostInUSDCents' ->> 'Sum')::numeric,
          (SELECT sum(call_cost_in_usd_cents)::numeric FROM incoming_call_log.call_log
            WHERE project_id = :'A' AND incoming_call_policy_id = 'a1000000-0000-4000-8000-000000000002'),
          'query filters the rows measured');

-- avg() and percentile_cont() to 1e-9; Min and Max exactly, encoded like the field.
SELECT ok(pg_temp.rel((pg_temp.agg(NULL, NULL, ('{"callDurationInSeconds": ["' || m || '"]}')::json) -> 0 -> 'callDurationInSeconds' ->> m)::float8,
                      sql) <= 1e-9, m || ' equals PostgreSQL''s')
  FROM (SELECT 'Avg' AS m, (SELECT avg(call_duration_in_seconds)::float8 FROM incoming_call_log.call_log WHERE project_id = :'A') AS sql
        UNION ALL
        SELECT 'P' || p, (SELECT percentile_cont(p / 100.0) WITHIN GROUP (ORDER BY call_duration_in_seconds)
                            FROM incoming_call_log.call_log WHERE project_id = :'A')
          FROM unnest(ARRAY[50, 90, 95, 99]) AS p) t;
SELECT is((pg_temp.agg(NULL, NULL, '{"callCostInUSDCents": ["Min", "Max"]}') -> 0 -> 'callCostInUSDCents')::text,
          '{"Min":0,"Max":2147483647}', 'Min and Max of a number: JSON numbers');
SELECT is((pg_temp.agg(NULL, NULL, '{"endedAt": ["Min", "Max"], "startedAt": ["Max"]}') -> 0)::text,
          (SELECT format('{"endedAt":{"Min":"%s","Max":"%s"},"startedAt":{"Max":"%s"}}',
                         pg_temp.iso(min(ended_at)), pg_temp.iso(max(ended_at)), pg_temp.iso(max(started_at)))
             FROM incoming_call_log.call_log WHERE project_id = :'A'),
          'Min and Max of a date: ISO-8601 UTC with milliseconds (and no count unless asked)');
SELECT is(pg_temp.agg('{"_id": "0a000000-0000-4000-8000-000000000003"}', NULL, '{"startedAt": ["Min"], "count": false}')::text,
          '[{"startedAt":{"Min":"2026-01-02T10:30:00.500Z"}}]', 'a date measure keeps its milliseconds');

-- UTC buckets whatever the session's TimeZone.
SET LOCAL TimeZone = 'Asia/Kolkata';
SELECT pg_temp.agg(NULL, '{"startedAt": "Day", "endedAt": "Hour"}') AS kolkata \gset
SELECT is(pg_temp.agg(NULL, '{"startedAt": "Day", "endedAt": "Hour"}')::jsonb,
          (SELECT jsonb_agg(jsonb_build_object('startedAt', pg_temp.iso(d), 'endedAt', pg_temp.iso(h), 'count', n) ORDER BY d NULLS LAST, h NULLS LAST)
             FROM (SELECT date_trunc('day', started_at, 'UTC') AS d, date_trunc('hour', ended_at, 'UTC') AS h, count(*) AS n
                     FROM incoming_call_log.call_log WHERE project_id = :'A' GROUP BY 1, 2) s),
          'Day and Hour buckets are UTC days and hours (session in Asia/Kolkata)');
SET LOCAL TimeZone = 'Pacific/Kiritimati';
SELECT is(pg_temp.agg(NULL, '{"startedAt": "Day", "endedAt": "Hour"}')::text, :'kolkata', 'the same answer in Pacific/Kiritimati');
SET LOCAL TimeZone = 'America/St_Johns';
SELECT is(pg_temp.agg(NULL, '{"startedAt": "Week", "createdAt": "Month", "updatedAt": "Year"}')::jsonb,
          (SELECT jsonb_agg(jsonb_build_object('startedAt', pg_temp.iso(w), 'createdAt', pg_temp.iso(m), 'updatedAt', pg_temp.iso(y), 'count', n)
                            ORDER BY w NULLS LAST, m, y)
             FROM (SELECT date_trunc('week', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS w,
                          date_trunc('month', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS m,
                          date_trunc('year', updated_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS y, count(*) AS n
                     FROM incoming_call_log.call_log WHERE project_id = :'A' GROUP BY 1, 2, 3) s),
          'Week, Month and Year buckets are UTC (session in America/St_Johns)');
SELECT is((SELECT array_agg(DISTINCT extract(isodow FROM ((g ->> 'startedAt')::timestamptz AT TIME ZONE 'UTC')))
             FROM json_array_elements(pg_temp.agg(NULL, '{"startedAt": "Week"}')) g WHERE g ->> 'startedAt' IS NOT NULL),
          ARRAY[1::numeric], 'weeks start on Monday');
SELECT is(pg_temp.agg(NULL, '{"startedAt": "Minute"}', NULL, '{"startedAt": "DESC"}', 1)::text,
          '[{"startedAt":null,"count":3}]', 'Minute buckets: a null date is its own group, first descending');
SELECT is(pg_temp.agg('{"_id": "0a000000-0000-4000-8000-000000000006"}', '{"startedAt": "Minute"}')::text,
          '[{"startedAt":"2026-01-03T11:59:00.000Z","count":1}]', 'a Minute bucket starts at its minute');
-- Buckets are computed with date_bin (fixed lengths) and on the UTC wall
-- clock (months, years), not with date_trunc(unit, value, 'UTC') itself
-- (src/statement.c): the same buckets from 4713 BC to 294276 AD, either side
-- of date_bin's origin (2401-01-01, a Monday), with no overflow at the ends.
SAVEPOINT extremes;
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, started_at)
SELECT :'A', 'a1000000-0000-4000-8000-000000000001', t
  FROM unnest(ARRAY['4713-11-24 00:00:00+00 BC', '0001-12-31 23:59:59.999999+00 BC', '1969-12-31 23:59:59.999999+00',
                    '2400-12-31 23:59:59.999999+00', '2401-01-01 00:00:00+00', '2401-01-07 23:59:59.999999+00',
                    '2401-01-08 00:00:00+00', '294276-12-31 23:59:59.999999+00']::timestamptz[]) AS t;
SELECT is((SELECT array_agg((g ->> 'count')::int ORDER BY o)
             FROM json_array_elements(pg_temp.agg(NULL, json_build_object('startedAt', u))) WITH ORDINALITY AS x(g, o)),
          (SELECT array_agg(n ORDER BY b NULLS LAST)
             FROM (SELECT date_trunc(lower(u), started_at, 'UTC') AS b, count(*)::int AS n
                     FROM incoming_call_log.call_log WHERE project_id = :'A' GROUP BY 1) s),
          format('%s buckets from 4713 BC to 294276 AD are date_trunc''s UTC buckets', u))
  FROM unnest(ARRAY['Minute', 'Hour', 'Day', 'Week', 'Month', 'Year']) AS u;
ROLLBACK TO SAVEPOINT extremes;
RESET TimeZone;

-- Nulls sort last ascending and first descending; ties by the group keys ascending.
SELECT is((SELECT array_agg(g ->> 'answeredByUserId' ORDER BY o) FROM json_array_elements(pg_temp.agg(NULL, '{"answeredByUserId": true}')) WITH ORDINALITY AS t(g, o)),
          ARRAY['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333', NULL],
          'a null group value sorts last ascending');
SELECT is((SELECT array_agg(g ->> 'answeredByUserId' ORDER BY o) FROM json_array_elements(pg_temp.agg(NULL, '{"answeredByUserId": true}', NULL, '{"answeredByUserId": "DESC"}')) WITH ORDINALITY AS t(g, o)),
          ARRAY[NULL, '33333333-3333-4333-8333-333333333333', '22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111'],
          'and first descending');
SELECT is((SELECT array_agg(g ->> 'status' ORDER BY o) FROM json_array_elements(pg_temp.agg(NULL, '{"status": true}', '{"endedAt": ["Max"]}', '{"endedAt.Max": "ASC"}')) WITH ORDINALITY AS t(g, o)),
          ARRAY['NoAnswer', 'Busy', 'Failed', 'CallerHungUp', 'Completed', 'Connected', 'Escalated', 'Initiated', 'Ringing'],
          'a null measure sorts last ascending; ties by the group key ascending');
SELECT is((SELECT array_agg(g ->> 'status' ORDER BY o) FROM json_array_elements(pg_temp.agg(NULL, '{"status": true}', '{"endedAt": ["Max"]}', '{"endedAt.Max": "DESC"}')) WITH ORDINALITY AS t(g, o)),
          ARRAY['Connected', 'Escalated', 'Initiated', 'Ringing', 'Completed', 'CallerHungUp', 'Busy', 'Failed', 'NoAnswer'],
          'and first descending; ties still ascending');
SELECT is((SELECT array_agg((g ->> 'count') || ' ' || (g ->> 'status') ORDER BY o) FROM json_array_elements(pg_temp.agg(NULL, '{"status": true}', NULL, '{"count": -1}', 4)) WITH ORDINALITY AS t(g, o)),
          ARRAY['3 Completed', '2 Initiated', '1 Busy', '1 CallerHungUp'], 'sorted by count, ties by the group key');
SELECT is((SELECT array_agg((g ->> 'repeatCount') || ' ' || (g ->> 'status') ORDER BY o) FROM json_array_elements(pg_temp.agg(NULL, '{"status": true, "repeatCount": true}', NULL, '{"repeatCount": "DESC"}', 4)) WITH ORDINALITY AS t(g, o)),
          ARRAY['3 Completed', '2 Escalated', '1 NoAnswer', '0 Busy'], 'a group key sorted descending, then the others ascending');
SELECT is((SELECT array_agg(g ->> 'status' ORDER BY o) FROM json_array_elements(pg_temp.agg(NULL, '{"status": true}')) WITH ORDINALITY AS t(g, o)),
          (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM incoming_call_log.call_log WHERE project_id = :'A'),
          'status sorts by its text by default');

-- limit and more.
SELECT is(json_array_length(pg_temp.agg(NULL, '{"status": true}', NULL, NULL, 9)), 9, 'limit 9 of 9 groups: 9');
SELECT is(pg_temp.more(NULL, '{"status": true}', NULL, NULL, 9), false, 'no more');
SELECT is(json_array_length(pg_temp.agg(NULL, '{"status": true}', NULL, NULL, 8)), 8, 'limit 8 of 9 groups: 8');
SELECT is(pg_temp.more(NULL, '{"status": true}', NULL, NULL, 8), true, 'more');
SELECT is(pg_temp.agg(NULL, '{"status": true}', NULL, '{"count": "DESC"}', 1)::text, '[{"status":"Completed","count":3}]',
          'limit 1: the first group in sort order');
SELECT is(pg_temp.agg(NULL, '{"status": true}', NULL, NULL, 8)::jsonb, (pg_temp.agg(NULL, '{"status": true}') -> 0)::jsonb || '[]'::jsonb
          || (SELECT jsonb_agg(g ORDER BY o) FROM json_array_elements(pg_temp.agg(NULL, '{"status": true}')) WITH ORDINALITY AS t(g, o) WHERE o BETWEEN 2 AND 8),
          'a limited answer is the first groups of the whole');

-- Project C: 1000 distinct repeatCount values, then 1001.
SELECT pg_temp.present_key(:'key_c');
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, repeat_count)
SELECT :'C', 'c1000000-0000-4000-8000-000000000001', r FROM generate_series(2, 999) AS r;
SELECT is(json_array_length(pg_temp.agg(NULL, '{"repeatCount": true}')), 100, 'default limit: 100 groups');
SELECT is(pg_temp.more(NULL, '{"repeatCount": true}'), true, 'and more');
SELECT is(json_array_length(pg_temp.agg(NULL, '{"repeatCount": true}', NULL, NULL, 1000)), 1000, 'limit 1000: 1000 groups');
SELECT is(pg_temp.more(NULL, '{"repeatCount": true}', NULL, NULL, 1000), false, 'all of them: no more');
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, repeat_count)
VALUES (:'C', 'c1000000-0000-4000-8000-000000000001', 1000);
SELECT is(pg_temp.more(NULL, '{"repeatCount": true}', NULL, NULL, 1000), true, '1001 groups, limit 1000: more');
SELECT is(pg_temp.agg(NULL, '{"repeatCount": true}', NULL, '{"repeatCount": "DESC"}', 2)::text,
          '[{"repeatCount":1000,"count":1},{"repeatCount":999,"count":1}]', 'numbers sort as numbers');
SELECT pg_temp.present_key(:'key_a_read');

-------------------------------------------------------------------------------
-- CSV: the JSON answer by the CSV rules of doc/reference.md (an independent writer here)
-------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.csv_field(v json) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN t ~ '[,"\r\n]' OR t LIKE ' %' OR t LIKE '% ' THEN '"' || replace(t, '"', '""') || '"' ELSE t END
      FROM (SELECT CASE WHEN v IS NULL OR json_typeof(v) = 'null' THEN ''
                        WHEN json_typeof(v) = 'string' THEN v #>> '{}'
                        ELSE v::text END AS t) s
$$;
-- The columns: groupBy keys (not false), count unless false, field.Measure.
CREATE FUNCTION pg_temp.csv_columns(g json, a json) RETURNS text[] LANGUAGE sql AS $$
    SELECT coalesce((SELECT array_agg(key ORDER BY o) FROM json_each(coalesce(g, '{}')) WITH ORDINALITY AS e(key, value, o)
                      WHERE value::text <> 'false'), '{}')
        || CASE WHEN a IS NULL OR a::text = '{}' OR coalesce(a ->> 'count', 'false') = 'true' THEN ARRAY['count'] ELSE '{}' END
        || coalesce((SELECT array_agg(e.key || '.' || m ORDER BY e.o, mo)
                       FROM json_each(coalesce(a, '{}')) WITH ORDINALITY AS e(key, value, o),
                            LATERAL json_array_elements_text(CASE WHEN json_typeof(e.value) = 'array' THEN e.value ELSE '[]' END)
                                    WITH ORDINALITY AS x(m, mo)
                      WHERE e.key <> 'count'), '{}')
$$;
CREATE FUNCTION pg_temp.csv_of(g json, a json, data json) RETURNS text LANGUAGE sql AS $$
    SELECT array_to_string(pg_temp.csv_columns(g, a), ',') || E'\n'
        || coalesce(string_agg(line || E'\n', '' ORDER BY o.ord), '')
      FROM json_array_elements(data) WITH ORDINALITY AS o(obj, ord),
           LATERAL (SELECT string_agg(pg_temp.csv_field(
                               CASE WHEN position('.' IN c.col) > 0
                                    THEN o.obj -> split_part(c.col, '.', 1) -> split_part(c.col, '.', 2)
                                    ELSE o.obj -> c.col END), ',' ORDER BY c.n) AS line
                      FROM unnest(pg_temp.csv_columns(g, a)) WITH ORDINALITY AS c(col, n)) l
$$;
SELECT is(incoming_call_log.get_aggregate_csv(q, g, a, s, l)::text,
          pg_temp.csv_of(g, a, pg_temp.agg(q, g, a, s, l)), 'CSV = JSON: ' || d)
  FROM (VALUES
    (NULL::json, NULL::json, NULL::json, NULL::json, NULL::int, 'no arguments'),
    ('{"status": "Example"}', '{"status": true}', NULL, NULL, NULL, 'no group: the header alone'),
    ('{"status": "Example"}', NULL, '{"count": true, "callDurationInSeconds": ["Sum", "Avg"], "endedAt": ["Max"]}', NULL, NULL, 'nulls are empty fields'),
    (NULL, '{"startedAt": "Day", "status": true}', '{"count": true, "callDurationInSeconds": ["Sum", "Avg", "P50", "P90", "P95", "P99", "Min", "Max"], "endedAt": ["Min", "Max"]}', '{"count": "DESC"}', 7, 'buckets and every measure'),
    (NULL, '{"statusMessage": true}', NULL, '{"statusMessage": "DESC"}', NULL, 'texts that need quoting'),
    (NULL, '{"callerPhoneNumber": true, "answeredByUserId": true}', '{"count": false, "callCostInUSDCents": ["Max"]}', NULL, NULL, 'phones and uuids, no count'),
    (NULL, '{"status": false, "repeatCount": true}', '{"count": false, "startedAt": false, "callDurationInSeconds": ["Max"]}', NULL, NULL, 'keys left out with false')
  ) AS t(q, g, a, s, l, d);
SELECT is(incoming_call_log.get_aggregate_csv("groupBy" => '{"statusMessage": true}', query => '{"statusMessage": {"_type": "StartsWith", "value": "line"}}')::text,
          E'statusMessage,count\n"line one\nline two\ttab",1\n', 'a line feed inside a value is quoted');

-------------------------------------------------------------------------------
-- explain_aggregate; the statement holds no request text
-------------------------------------------------------------------------------
SELECT ok((SELECT string_agg(l, E'\n') FROM incoming_call_log.explain_aggregate(
              '{"statusMessage": "x''); DROP TABLE incoming_call_log.call_log; --"}',
              '{"startedAt": "Day", "status": true}', '{"count": true, "callDurationInSeconds": ["P95"]}') AS l)
          ~ 'statement: SELECT pg_catalog\.date_bin\(''1 day''::pg_catalog\.interval, l\.started_at, ''2401-01-01 00:00:00\+00''::pg_catalog\.timestamptz\), l\.status, pg_catalog\.count\(\*\), pg_catalog\.percentile_cont',
          'explain_aggregate shows the statement');
SELECT ok((SELECT string_agg(l, E'\n') FROM incoming_call_log.explain_aggregate(
              '{"statusMessage": "x''); DROP TABLE incoming_call_log.call_log; --"}', '{"status": true}') AS l
            WHERE l LIKE 'statement:%') !~ 'DROP', 'a value travels as a parameter, never in the statement');
SELECT ok((SELECT string_agg(l, E'\n') FROM incoming_call_log.explain_aggregate(NULL, '{"status": true}', "analyze" => true) AS l)
          ~ 'actual time', 'explain_aggregate with analyze runs it');

-------------------------------------------------------------------------------
-- work_mem: the statement is planned and run with at least 32MB
-- (AGGREGATE_WORK_MEM_KB), the session's if higher; the session's setting is
-- the same after the call, lower or higher (test/aggregate_plan.sql shows
-- the sort staying in memory)
-------------------------------------------------------------------------------
SET LOCAL work_mem = '1MB';
SELECT pg_temp.agg(NULL, '{"startedAt": "Day", "status": true}', '{"callDurationInSeconds": ["P95"]}') \g /dev/null
SELECT is(current_setting('work_mem'), '1MB', 'a lower work_mem of the session is as it was after get_aggregate');
SELECT incoming_call_log.get_aggregate_csv("groupBy" => '{"status": true}') \g /dev/null
SELECT is(current_setting('work_mem'), '1MB', '... and after get_aggregate_csv');
SELECT is((SELECT l FROM incoming_call_log.explain_aggregate(NULL, '{"status": true}', "analyze" => true) AS l
            WHERE l LIKE 'work_mem:%'),
          'work_mem: 32MB (this statement''s: at least 32768kB, the session''s if higher)',
          'explain_aggregate plans and runs the statement with 32MB, as get_aggregate does');
SELECT is(current_setting('work_mem'), '1MB', '... and is as it was after explain_aggregate');
SET LOCAL work_mem = '64MB';
SELECT pg_temp.agg(NULL, '{"startedAt": "Day", "status": true}', '{"callDurationInSeconds": ["P95"]}') \g /dev/null
SELECT is(current_setting('work_mem'), '64MB', 'a higher work_mem of the session is kept, never lowered');
SELECT is((SELECT l FROM incoming_call_log.explain_aggregate(NULL, '{"status": true}') AS l WHERE l LIKE 'work_mem:%'),
          'work_mem: 64MB (this statement''s: at least 32768kB, the session''s if higher)',
          'explain_aggregate: the session''s higher work_mem is the statement''s');
SELECT is((SELECT count(*) FROM incoming_call_log.explain_count(NULL) AS l WHERE l LIKE 'work_mem:%'), 0::bigint,
          'the other calls run with the session''s work_mem (no line)');

-- A read-only transaction is enough.
SET LOCAL transaction_read_only = on;
SELECT is(pg_temp.agg(NULL, '{"status": true}', NULL, '{"count": "DESC"}', 1)::text, '[{"status":"Completed","count":3}]',
          'get_aggregate reads in a READ ONLY transaction');

SELECT * FROM finish();
ROLLBACK;
