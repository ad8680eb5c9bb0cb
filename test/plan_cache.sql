-- test/plan_cache.sql — plan memory is not the caller's choice (issue 7,
-- defect 3): 300 distinct get_list shapes called 7 times each in one
-- session keep at most PLAN_CACHE_MAX_BYTES (8 MB) of plans, as the
-- backend's own pg_backend_memory_contexts reports them; shapes called once
-- keep nothing; and evicted shapes still answer correctly.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(9);

-- The memory of this backend's saved plans, from its own memory context
-- statistics: plan sources, their query trees, generic plans.  (Query trees
-- carry no identifier, so all plans are summed, and what the API's calls
-- add is the growth from a baseline taken once this file's own PL/pgSQL
-- helpers have cached theirs.)
CREATE FUNCTION pg_temp.plan_memory() RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(sum(total_bytes), 0)::bigint FROM pg_catalog.pg_backend_memory_contexts
     WHERE name IN ('CachedPlanSource', 'CachedPlanQuery', 'CachedPlan')
$$;
-- The API's saved statements read call_log as "l".  (The pattern is split
-- so that this function's own text, which 18 caches as a plan source too,
-- does not match it.)
CREATE FUNCTION pg_temp.saved_shapes() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM pg_catalog.pg_backend_memory_contexts
     WHERE name = 'CachedPlanSource' AND ident LIKE '%incoming_call_log.' || 'call_log l%'
$$;

-- 300 distinct shapes: sort orders x wide selects x a four-filter query.
CREATE TEMP TABLE shape AS
SELECT row_number() OVER () AS n, sel, q, srt
  FROM (VALUES ('{"createdAt": "DESC"}'::json), ('{"startedAt": "ASC"}'), ('{"status": "ASC", "endedAt": "DESC"}'),
               ('{"callerPhoneNumber": "DESC"}'), ('{"repeatCount": "ASC", "callDurationInSeconds": "DESC"}'),
               ('{"updatedAt": "ASC"}'), ('{"callCostInUSDCents": "DESC"}'), ('{"routingPhoneNumber": "ASC"}'),
               ('{"currentEscalationRuleOrder": "DESC", "createdAt": "ASC"}'), ('{"_id": "DESC"}')) AS s(srt),
       (VALUES ('{"status": true, "statusMessage": true, "answeredByUser": {"name": true, "email": true}, "project": {"name": true}}'::json),
               ('{"callerPhoneNumber": true, "routingPhoneNumber": true, "incomingCallPolicy": {"name": true, "routingPhoneNumber": true}}'),
               ('{"startedAt": true, "endedAt": true, "callDurationInSeconds": true, "callCostInUSDCents": true, "answeredByUser": true}'),
               ('{"createdAt": true, "updatedAt": true, "projectId": true, "incomingCallPolicyId": true, "repeatCount": true}'),
               ('{"statusMessage": true, "callProviderCallId": true, "project": {"createdAt": true, "updatedAt": true}}'),
               ('{"incomingCallCostInUSDCents": true, "outgoingCallCostInUSDCents": true, "answeredByUserId": true}')) AS p(sel),
       (VALUES ('{"status": ["Completed", "Busy"], "callDurationInSeconds": {"_type": "GreaterThan", "value": 0},
                  "startedAt": {"_type": "InBetween", "startValue": "2026-01-01", "endValue": "2026-02-01"},
                  "callerPhoneNumber": {"_type": "Search", "value": "555"}}'::json),
               ('{"repeatCount": {"_type": "LessThanOrEqual", "value": 3}, "statusMessage": {"_type": "NotContains", "value": "x"},
                  "endedAt": {"_type": "NotNull"}, "answeredByUserId": {"_type": "EqualToOrNull", "value": "11111111-1111-4111-8111-111111111111"}}'),
               ('{"callProviderCallId": {"_type": "StartsWith", "value": "CA"}, "currentEscalationRuleOrder": {"_type": "GreaterThanOrEqual", "value": 1},
                  "updatedAt": {"_type": "LessThan", "value": "2030-01-01"}, "routingPhoneNumber": {"_type": "IsNull"}}'),
               ('{"createdAt": {"_type": "GreaterThan", "value": "2020-01-01"}, "status": {"_type": "NotEqual", "value": "Failed"},
                  "callCostInUSDCents": {"_type": "IncludesNone", "value": [7, 8]}, "statusMessage": {"_type": "EndsWith", "value": "e"}}'),
               ('{"incomingCallPolicyId": {"_type": "Includes", "value": ["a1000000-0000-4000-8000-000000000001"]},
                  "callDurationInSeconds": {"_type": "InBetween", "startValue": 0, "endValue": 5000},
                  "startedAt": {"_type": "GreaterThanOrNull", "value": "2026-01-01"}, "repeatCount": {"_type": "NotEqual", "value": 9}}')) AS f(q);
SELECT is((SELECT count(DISTINCT (sel::text, q::text, srt::text)) FROM shape), 300::bigint, '300 distinct request shapes');

SELECT cmp_ok(pg_temp.saved_shapes(), '=', 0::bigint, 'no plan of the API is saved yet');
SELECT ok(true, 'warm-up: pgTAP''s functions have cached their plans');
SELECT pg_temp.present_key(:'key_a_read');
SELECT pg_temp.plan_memory() AS before \gset
-- (skip => g - g makes each of the 7 calls depend on g, so none is folded away)
SELECT count(*) FROM generate_series(1, 7) g, shape, LATERAL incoming_call_log.get_list(sel, q, srt, g - g, 100) l \gset
SELECT cmp_ok(pg_temp.plan_memory() - :before, '<=', (8 * 1024 * 1024 + 512 * 1024)::bigint,
              'after 300 shapes x 7 calls, the saved plans hold at most 8 MB (plus one plan measured late)');
SELECT cmp_ok(pg_temp.saved_shapes(), '<', 300::bigint, 'so some shapes were evicted (they do not all fit)');
SELECT cmp_ok(pg_temp.plan_memory() - :before, '>', 4 * 1024 * 1024::bigint, 'and the cache is in use (over 4 MB of plans)');

-- Shapes called once keep nothing.
SELECT pg_temp.saved_shapes() AS shapes_before \gset
SELECT count(*) FROM generate_series(1, 50) g,
       LATERAL incoming_call_log.count(json_build_object('repeatCount', json_build_object('_type', 'GreaterThan', 'value', g),
                                                         'callerPhoneNumber', json_build_object('_type', 'Search', 'value', 'x' || g),
                                                         'callDurationInSeconds', json_build_array(g, g + 1, g + 2))) c \gset
SELECT count(*) FROM generate_series(1, 50) g,
       LATERAL incoming_call_log.get_list(json_build_object(CASE g % 2 WHEN 0 THEN 'status' ELSE 'endedAt' END, true),
                                          json_build_object('statusMessage', json_build_object('_type', 'Search', 'value', 'y')),
                                          json_build_object('repeatCount', 'ASC', 'callCostInUSDCents', CASE WHEN g % 3 = 0 THEN 'DESC' ELSE 'ASC' END,
                                                            'callDurationInSeconds', CASE WHEN g % 5 = 0 THEN 'DESC' ELSE 'ASC' END),
                                          g, 1) l \gset
SELECT cmp_ok(pg_temp.saved_shapes(), '<=', :shapes_before::bigint + 8,
              'shapes seen once are not saved (only the few that repeat)');

-- Evicted or not, every shape answers as plain SQL does.
SELECT is(count(*), 0::bigint, 'every one of the 300 shapes still answers with the right count')
  FROM shape, LATERAL incoming_call_log.get_list(sel, q, srt, 0, 100) l
 WHERE l.count <> (SELECT (incoming_call_log.count(q)).count);
SELECT is((incoming_call_log.get_list(sel, q, srt, 0, 100)).count, (incoming_call_log.count(q)).count,
          'a shape evicted long ago is prepared again and answers')
  FROM shape WHERE n = 1;

SELECT * FROM finish();
ROLLBACK;
