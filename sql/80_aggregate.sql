-- get_aggregate and get_aggregate_csv (doc/aggregates.md): exact bodies of the
-- answer's shapes, and the wording of its refusals.  Printed unaligned so
-- CSV quotes and line feeds show as they are (a CSV body ends with a line
-- feed, so a blank line follows it).
\pset format unaligned
SELECT as_key('a_read') \gset

-- Nothing asked: one group of every matching row, counted.
SELECT * FROM incoming_call_log.get_aggregate();
SELECT * FROM incoming_call_log.get_aggregate(query => NULL, "groupBy" => 'null', aggregate => '{}', sort => 'null');
-- No row matches: still one group, count 0, measures null.
SELECT * FROM incoming_call_log.get_aggregate(query => '{"status": "Busy", "callDurationInSeconds": 99}',
    aggregate => '{"count": true, "callDurationInSeconds": ["Sum", "Avg", "Min", "Max", "P50"], "endedAt": ["Min", "Max"]}');
-- ... but grouped, no group at all.
SELECT * FROM incoming_call_log.get_aggregate(query => '{"status": "Busy", "callDurationInSeconds": 99}', "groupBy" => '{"status": true}');

-- By status (default sort: the group keys ascending, by their text).
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": true}');
-- the contract's example shape: keys, count, then each field's measures in the asked order.
SELECT * FROM incoming_call_log.get_aggregate(query => '{"status": "Completed"}', "groupBy" => '{"status": true}',
    aggregate => '{"count": true, "callDurationInSeconds": ["Sum", "P95"]}');
-- Every measure of a number field; Sum beyond integer's range stays exact.
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"incomingCallPolicyId": true}',
    aggregate => '{"callCostInUSDCents": ["Sum", "Avg", "Min", "Max", "P50", "P90", "P95", "P99"], "count": true}');
-- Dates measured by their extremes, encoded like the field.
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": true}',
    aggregate => '{"endedAt": ["Max", "Min"], "startedAt": ["Min"]}', sort => '{"status": "DESC"}', "limit" => 4);
-- "false" leaves a key out; {"count": false} leaves the count out.
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": false, "repeatCount": true}',
    aggregate => '{"count": false, "callDurationInSeconds": ["Max"], "startedAt": false}');
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"currentEscalationRuleOrder": true}', aggregate => '{"count": false}');

-- Buckets: UTC whatever the session's TimeZone; weeks start on Monday
-- (2026-01-01 is a Thursday: its week began 2025-12-29).
SET TimeZone = 'America/St_Johns';
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"startedAt": "Minute"}', "limit" => 3);
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"startedAt": "Hour"}', "limit" => 3);
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"startedAt": "Day"}');
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"startedAt": "Week"}');
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"createdAt": "Month", "endedAt": "Year"}');
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"startedAt": true}', "limit" => 3);
RESET TimeZone;

-- Nulls: a null group value sorts last ascending, first descending.
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"answeredByUserId": true}');
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"answeredByUserId": true}', sort => '{"answeredByUserId": "DESC"}');
-- A null measure likewise; ties broken by the group keys ascending.
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": true}',
    aggregate => '{"count": true, "endedAt": ["Max"]}', sort => '{"endedAt.Max": "ASC"}');
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": true}',
    aggregate => '{"count": true, "endedAt": ["Max"]}', sort => '{"endedAt.Max": -1}');

-- Sort by the count, a limit, and "more".
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": true, "incomingCallPolicyId": true}',
    sort => '{"count": "Descending", "incomingCallPolicyId": "DESC"}', "limit" => 3);
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": true}', "limit" => 9);
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": true}', "limit" => 8);

-- Texts and phones as group values: JSON escapes them.
SELECT * FROM incoming_call_log.get_aggregate(query => '{"statusMessage": {"_type": "NotNull"}}',
    "groupBy" => '{"statusMessage": true}', sort => '{"statusMessage": "DESC"}', "limit" => 4);
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"callerPhoneNumber": true}', sort => '{"count": -1}', "limit" => 2);

-- Another project's key sees its own rows only.
SELECT as_key('b') \gset
SELECT * FROM incoming_call_log.get_aggregate("groupBy" => '{"status": true}');
SELECT as_key('a_read') \gset

-------------------------------------------------------------------------------
-- CSV: the same answers, one line per group (the CSV rules of doc/reference.md).
-------------------------------------------------------------------------------
\pset tuples_only on
SELECT incoming_call_log.get_aggregate_csv();
SELECT incoming_call_log.get_aggregate_csv(query => '{"status": "Busy", "callDurationInSeconds": 99}',
    aggregate => '{"count": true, "callDurationInSeconds": ["Sum", "Avg"], "endedAt": ["Min"]}');
SELECT incoming_call_log.get_aggregate_csv(query => '{"status": "Busy", "callDurationInSeconds": 99}', "groupBy" => '{"status": true}');
SELECT incoming_call_log.get_aggregate_csv("groupBy" => '{"startedAt": "Day", "status": true}',
    aggregate => '{"count": true, "callDurationInSeconds": ["Sum", "Avg", "P95"], "endedAt": ["Max"]}',
    sort => '{"startedAt": "DESC"}', "limit" => 5);
SELECT incoming_call_log.get_aggregate_csv(query => '{"statusMessage": {"_type": "NotNull"}}',
    "groupBy" => '{"statusMessage": true}', sort => '{"statusMessage": "DESC"}', "limit" => 4);
SELECT incoming_call_log.get_aggregate_csv("groupBy" => '{"currentEscalationRuleOrder": true}', aggregate => '{"count": false}');
\pset tuples_only off

-------------------------------------------------------------------------------
-- Refusals: count's caller checks first (PT401, PT403), then 22023 naming
-- the offending key.
-------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.agg_error(q text, g text, a text, s text, l int) RETURNS text LANGUAGE sql AS $$
    SELECT api_error(format('SELECT incoming_call_log.get_aggregate(%L, %L, %L, %L, %s)', q, g, a, s, coalesce(l::text, 'NULL')))
$$;
RESET request.headers;
SELECT split_part(pg_temp.agg_error(NULL, '{"nope": true}', NULL, NULL, 0), E'\n', 1) AS "no key";
SELECT split_part(api_error($$SELECT incoming_call_log.get_aggregate_csv("limit" => 0)$$), E'\n', 1) AS "no key, CSV";
SELECT as_key('a_none') \gset
SELECT pg_temp.agg_error(NULL, '{"nope": true}', NULL, NULL, 0) AS "no permission";
SELECT api_error($$SELECT incoming_call_log.get_aggregate_csv("groupBy" => '{"nope": true}')$$) AS "no permission, CSV";
SELECT as_key('a_read') \gset
SELECT n, pg_temp.agg_error(q, g, a, s, l) AS error
FROM (VALUES
    (1, NULL, '[]', NULL, NULL, NULL),
    (2, NULL, '{"nope": true}', NULL, NULL, NULL),
    (3, NULL, '{"project": true}', NULL, NULL, NULL),
    (4, NULL, '{"status": true, "_id": true, "startedAt": "Day", "projectId": true, "repeatCount": true}', NULL, NULL, NULL),
    (5, NULL, '{"status": "Day"}', NULL, NULL, NULL),
    (6, NULL, '{"startedAt": "day"}', NULL, NULL, NULL),
    (7, NULL, '{"startedAt": "Fortnight"}', NULL, NULL, NULL),
    (8, NULL, '{"startedAt": 1}', NULL, NULL, NULL),
    (9, NULL, '{"Status": true}', NULL, NULL, NULL),
    (10, NULL, NULL, '["count"]', NULL, NULL),
    (11, NULL, NULL, '{"count": "yes"}', NULL, NULL),
    (12, NULL, NULL, '{"status": ["Min"]}', NULL, NULL),
    (13, NULL, NULL, '{"answeredByUser": ["Min"]}', NULL, NULL),
    (14, NULL, NULL, '{"callDurationInSeconds": []}', NULL, NULL),
    (15, NULL, NULL, '{"callDurationInSeconds": ["Sum", "Avg", "Sum"]}', NULL, NULL),
    (16, NULL, NULL, '{"callDurationInSeconds": ["sum"]}', NULL, NULL),
    (17, NULL, NULL, '{"callDurationInSeconds": ["P75"]}', NULL, NULL),
    (18, NULL, NULL, '{"startedAt": ["Sum"]}', NULL, NULL),
    (19, NULL, NULL, '{"callDurationInSeconds": "Sum"}', NULL, NULL),
    (20, NULL, NULL, '{"callDurationInSeconds": [1]}', NULL, NULL),
    (21, NULL, '{"callDurationInSeconds": true}', '{"callDurationInSeconds": ["Sum"]}', NULL, NULL),
    (22, NULL, '{"startedAt": "Day"}', '{"startedAt": ["Min"]}', NULL, NULL),
    (23, NULL, '{"status": true}', NULL, '{"repeatCount": "ASC"}', NULL),
    (24, NULL, '{"status": true}', '{"count": false, "callDurationInSeconds": ["Sum"]}', '{"count": "DESC"}', NULL),
    (25, NULL, '{"status": true}', '{"callDurationInSeconds": ["Sum"]}', '{"callDurationInSeconds.P95": "DESC"}', NULL),
    (26, NULL, '{"status": true}', '{"callDurationInSeconds": ["Sum"]}', '{"callDurationInSeconds.sum": "DESC"}', NULL),
    (27, NULL, '{"status": true}', NULL, '{"status": "UP"}', NULL),
    (28, NULL, '{"status": true}', NULL, '[]', NULL),
    (29, NULL, NULL, NULL, NULL, 0),
    (30, NULL, NULL, NULL, NULL, 1001),
    (31, NULL, NULL, NULL, NULL, -1),
    (32, '{"nope": 1}', '{"nope": true}', NULL, NULL, NULL),
    (33, NULL, '{"nope": false, "status": true}', NULL, NULL, NULL),
    (34, NULL, '{"status": true}', '{"count": true}', '{"count": "DESC", "count": "ASC"}', NULL),
    (35, NULL, '"status"', NULL, NULL, NULL),
    (36, NULL, NULL, '"count"', NULL, NULL)
) AS t(n, q, g, a, s, l)
ORDER BY n;
-- The CSV form refuses the same way.
SELECT api_error($$SELECT incoming_call_log.get_aggregate_csv("groupBy" => '{"project": true}')$$) AS "CSV";
SELECT api_error($$SELECT incoming_call_log.get_aggregate_csv("limit" => 0)$$) AS "CSV";
