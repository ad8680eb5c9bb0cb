-- query: a representative body for every operator and value form (doc/reference.md
-- "query", "Common rules"), pinning which of project A's logs match.
--
-- matches(query, field) runs get_list(select {field: true}, query,
-- sort {"_id": "ASC"}, limit 100) and count(query), and prints
--   <count> | <last two digits of each _id>[=<field's value>] ...
-- (prefixed with COUNT MISMATCH if get_list's count and count() disagree).
SELECT as_key('a_read') \gset
\pset format unaligned

CREATE FUNCTION pg_temp.matches(query text, field text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$
    SELECT CASE WHEN l.count <> (incoming_call_log.count(query::json)).count
                THEN 'COUNT MISMATCH ' ELSE '' END
        || l.count || ' |'
        || coalesce((SELECT string_agg(' ' || right(e ->> '_id', 2)
                                       || CASE WHEN field IS NULL THEN '' ELSE '=' || (e -> field)::text END,
                                       '' ORDER BY o)
                     FROM json_array_elements(l.data) WITH ORDINALITY AS x(e, o)), '')
    FROM incoming_call_log.get_list(
        CASE WHEN field IS NULL THEN NULL ELSE json_build_object(field, true) END,
        query::json, '{"_id": "ASC"}', 0, 100) AS l
$$;

-- No query, null, {}: all twelve logs of project A (never B's or C's).
SELECT pg_temp.matches(NULL) AS "no query",
       pg_temp.matches('null') AS "null",
       pg_temp.matches('{}') AS "{}";

-- Plain values: equality, type-checked against the column.
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"status": "Completed"}', 'status'),
    (2, '{"status": "Example status"}', 'status'),
    (3, '{"callProviderCallId": "ca0006"}', 'callProviderCallId'),
    (4, '{"callProviderCallId": "CA0006"}', 'callProviderCallId'),
    (5, '{"statusMessage": "Provider error"}', 'statusMessage'),
    (6, '{"callerPhoneNumber": "+15551230001"}', 'callerPhoneNumber'),
    (7, '{"callerPhoneNumber": "15551230012"}', 'callerPhoneNumber'),
    (8, '{"callDurationInSeconds": 0}', 'callDurationInSeconds'),
    (9, '{"callDurationInSeconds": 125.0}', 'callDurationInSeconds'),
    (10, '{"callDurationInSeconds": 1.25e2}', 'callDurationInSeconds'),
    (11, '{"callCostInUSDCents": 2147483647}', 'callCostInUSDCents'),
    (12, '{"callCostInUSDCents": -1}', 'callCostInUSDCents'),
    (13, '{"currentEscalationRuleOrder": 0}', 'currentEscalationRuleOrder'),
    (14, '{"_id": "0a000000-0000-4000-8000-000000000005"}', NULL),
    (15, '{"_id": "0b000000-0000-4000-8000-000000000001"}', NULL),
    (16, '{"projectId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}', NULL),
    (17, '{"projectId": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}', NULL),
    (18, '{"incomingCallPolicyId": "a1000000-0000-4000-8000-000000000002"}', 'incomingCallPolicyId'),
    (19, '{"answeredByUserId": "22222222-2222-4222-8222-222222222222"}', 'answeredByUserId'),
    (20, '{"startedAt": "2026-01-01T08:00:00Z"}', 'startedAt'),
    (21, '{"startedAt": "2026-01-01T08:00:00.000Z"}', 'startedAt'),
    (22, '{"createdAt": "2026-01-04"}', 'createdAt'),
    (23, '{"createdAt": "2026-01-04T00:00"}', 'createdAt'),
    (24, '{"createdAt": "2026-01-04 00:00:00"}', 'createdAt'),
    (25, '{"createdAt": "2026-01-04T01:00:00+01:00"}', 'createdAt'),
    (26, '{"createdAt": "2026-01-03T19:00:00-0500"}', 'createdAt'),
    (27, '{"createdAt": "2026-01-04T05:30+05:30"}', 'createdAt'),
    (28, '{"createdAt": "2026-01-04T02:00:00+02"}', 'createdAt'),
    (29, '{"createdAt": "2026-01-03T12:00:00"}', 'createdAt'),
    (30, '{"createdAt": "2026-01-02T10:30:00.123456Z"}', 'createdAt'),
    (31, '{"createdAt": "2026-01-02T10:30:00.123Z"}', 'createdAt'),
    (32, '{"createdAt": "2026-01-02T10:30:00.1234555Z"}', 'createdAt'),
    (33, '{"startedAt": "2026-01-03T11:59:59.9990004Z"}', 'startedAt')
) AS t(n, q, f)
ORDER BY n;

-- null means IS NULL.
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"answeredByUserId": null}', 'answeredByUserId'),
    (2, '{"endedAt": null}', 'endedAt'),
    (3, '{"callerPhoneNumber": null}', 'callerPhoneNumber'),
    (4, '{"routingPhoneNumber": null}', 'routingPhoneNumber'),
    (5, '{"callProviderCallId": null}', 'callProviderCallId'),
    (6, '{"statusMessage": null}', 'statusMessage'),
    (7, '{"status": null}', 'status'),
    (8, '{"_id": null}', NULL)
) AS t(n, q, f)
ORDER BY n;

-- An array means IN; an empty array matches nothing.  Elements may be
-- ObjectID / DateTime wrappers.
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"status": ["Completed", "NoAnswer"]}', 'status'),
    (2, '{"status": []}', 'status'),
    (3, '{"status": ["Example status"]}', 'status'),
    (4, '{"callDurationInSeconds": [40, 60, 3]}', 'callDurationInSeconds'),
    (5, '{"callDurationInSeconds": []}', 'callDurationInSeconds'),
    (6, '{"callerPhoneNumber": ["+15551230001", "15551230012"]}', 'callerPhoneNumber'),
    (7, '{"_id": ["0a000000-0000-4000-8000-000000000001", {"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000002"}, "0b000000-0000-4000-8000-000000000001"]}', NULL),
    (8, '{"_id": []}', NULL),
    (9, '{"startedAt": ["2026-01-01T08:00:00Z", {"_type": "DateTime", "value": "2026-01-04T06:00:00Z"}]}', 'startedAt')
) AS t(n, q, f)
ORDER BY n;

-- Comparison operators ("value").
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"status": {"_type": "EqualTo", "value": "Busy"}}', 'status'),
    (2, '{"startedAt": {"_type": "EqualTo", "value": {"_type": "DateTime", "value": "2026-01-03T11:59:59.999Z"}}}', 'startedAt'),
    (3, '{"answeredByUserId": {"_type": "EqualTo", "value": {"_type": "ObjectID", "value": "11111111-1111-4111-8111-111111111111"}}}', 'answeredByUserId'),
    (4, '{"status": {"_type": "NotEqual", "value": "Completed"}}', 'status'),
    (5, '{"callProviderCallId": {"_type": "NotEqual", "value": "CA0001"}}', 'callProviderCallId'),
    (6, '{"answeredByUserId": {"_type": "NotEqual", "value": "22222222-2222-4222-8222-222222222222"}}', 'answeredByUserId'),
    (7, '{"callDurationInSeconds": {"_type": "GreaterThan", "value": 60}}', 'callDurationInSeconds'),
    (8, '{"createdAt": {"_type": "GreaterThan", "value": "2026-01-05"}}', 'createdAt'),
    (9, '{"status": {"_type": "GreaterThan", "value": "Failed"}}', 'status'),
    (10, '{"callDurationInSeconds": {"_type": "LessThan", "value": 3}}', 'callDurationInSeconds'),
    (11, '{"startedAt": {"_type": "LessThan", "value": "2026-01-02"}}', 'startedAt'),
    (12, '{"callDurationInSeconds": {"_type": "GreaterThanOrEqual", "value": 60}}', 'callDurationInSeconds'),
    (13, '{"createdAt": {"_type": "GreaterThanOrEqual", "value": {"_type": "DateTime", "value": "2026-01-05T12:00:00Z"}}}', 'createdAt'),
    (14, '{"callDurationInSeconds": {"_type": "LessThanOrEqual", "value": 3}}', 'callDurationInSeconds'),
    (15, '{"endedAt": {"_type": "LessThanOrEqual", "value": "2026-01-01T09:00:30Z"}}', 'endedAt'),
    (16, '{"answeredByUserId": {"_type": "EqualToOrNull", "value": "11111111-1111-4111-8111-111111111111"}}', 'answeredByUserId'),
    (17, '{"endedAt": {"_type": "GreaterThanOrNull", "value": "2026-01-05"}}', 'endedAt'),
    (18, '{"startedAt": {"_type": "LessThanOrNull", "value": "2026-01-03T12:00:00Z"}}', 'startedAt'),
    (19, '{"repeatCount": {"_type": "GreaterThanOrNull", "value": 1}}', 'repeatCount')
) AS t(n, q, f)
ORDER BY n;

-- InBetween: inclusive at both ends.
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"callDurationInSeconds": {"_type": "InBetween", "startValue": 3, "endValue": 60}}', 'callDurationInSeconds'),
    (2, '{"startedAt": {"_type": "InBetween", "startValue": "2026-01-03T11:59:59.999Z", "endValue": "2026-01-03T12:00:00Z"}}', 'startedAt'),
    (3, '{"createdAt": {"_type": "InBetween", "startValue": {"_type": "DateTime", "value": "2026-01-02"}, "endValue": {"_type": "DateTime", "value": "2026-01-03"}}}', 'createdAt'),
    (4, '{"callDurationInSeconds": {"_type": "InBetween", "startValue": 60, "endValue": 3}}', 'callDurationInSeconds'),
    (5, '{"status": {"_type": "InBetween", "startValue": "Busy", "endValue": "Connected"}}', 'status'),
    (6, '{"_id": {"_type": "InBetween", "startValue": "0a000000-0000-4000-8000-000000000010", "endValue": {"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000012"}}}', NULL)
) AS t(n, q, f)
ORDER BY n;

-- Text operators: case-insensitive; %, _ and \ are literal.
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"statusMessage": {"_type": "Search", "value": "answered"}}', 'statusMessage'),
    (2, '{"statusMessage": {"_type": "Search", "value": "ANSWERED BY"}}', 'statusMessage'),
    (3, '{"statusMessage": {"_type": "Search", "value": "%"}}', 'statusMessage'),
    (4, '{"statusMessage": {"_type": "Search", "value": "_"}}', 'statusMessage'),
    (5, '{"statusMessage": {"_type": "Search", "value": "\\"}}', 'statusMessage'),
    (6, '{"statusMessage": {"_type": "Search", "value": "100% busy_line \\ retry"}}', 'statusMessage'),
    (7, '{"statusMessage": {"_type": "Search", "value": "\"hi\""}}', 'statusMessage'),
    (8, '{"statusMessage": {"_type": "Search", "value": "ünï"}}', 'statusMessage'),
    (9, '{"statusMessage": {"_type": "Search", "value": "\n"}}', 'statusMessage'),
    (10, '{"statusMessage": {"_type": "Search", "value": ""}}', 'statusMessage'),
    (11, '{"callerPhoneNumber": {"_type": "Search", "value": "44"}}', 'callerPhoneNumber'),
    (12, '{"status": {"_type": "Search", "value": "CONNECT"}}', 'status'),
    (13, '{"callProviderCallId": {"_type": "StartsWith", "value": "ca000"}}', 'callProviderCallId'),
    (14, '{"callerPhoneNumber": {"_type": "StartsWith", "value": "1555"}}', 'callerPhoneNumber'),
    (15, '{"callerPhoneNumber": {"_type": "StartsWith", "value": "+1555123000"}}', 'callerPhoneNumber'),
    (16, '{"status": {"_type": "StartsWith", "value": "c"}}', 'status'),
    (17, '{"statusMessage": {"_type": "StartsWith", "value": "100%"}}', 'statusMessage'),
    (18, '{"statusMessage": {"_type": "EndsWith", "value": "TAB"}}', 'statusMessage'),
    (19, '{"callProviderCallId": {"_type": "EndsWith", "value": "6"}}', 'callProviderCallId'),
    (20, '{"status": {"_type": "EndsWith", "value": "ed"}}', 'status'),
    (21, '{"statusMessage": {"_type": "NotContains", "value": "BY"}}', 'statusMessage'),
    (22, '{"callProviderCallId": {"_type": "NotContains", "value": "ca00"}}', 'callProviderCallId'),
    (23, '{"status": {"_type": "NotContains", "value": "e"}}', 'status')
) AS t(n, q, f)
ORDER BY n;

-- IsNull / NotNull.
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"endedAt": {"_type": "IsNull"}}', 'endedAt'),
    (2, '{"answeredByUserId": {"_type": "NotNull"}}', 'answeredByUserId'),
    (3, '{"statusMessage": {"_type": "NotNull"}}', 'statusMessage'),
    (4, '{"status": {"_type": "IsNull"}}', 'status'),
    (5, '{"createdAt": {"_type": "NotNull"}}', NULL)
) AS t(n, q, f)
ORDER BY n;

-- Includes / IncludesNone ("value": [...]).  IncludesNone follows SQL's
-- NOT IN: a null column does not match a non-empty list.
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"status": {"_type": "Includes", "value": ["Busy", "Failed"]}}', 'status'),
    (2, '{"status": {"_type": "Includes", "value": []}}', 'status'),
    (3, '{"incomingCallPolicyId": {"_type": "Includes", "value": [{"_type": "ObjectID", "value": "a1000000-0000-4000-8000-000000000002"}]}}', 'incomingCallPolicyId'),
    (4, '{"repeatCount": {"_type": "Includes", "value": [1, 2, 3]}}', 'repeatCount'),
    (5, '{"status": {"_type": "IncludesNone", "value": ["Completed", "Initiated"]}}', 'status'),
    (6, '{"answeredByUserId": {"_type": "IncludesNone", "value": ["11111111-1111-4111-8111-111111111111"]}}', 'answeredByUserId'),
    (7, '{"callDurationInSeconds": {"_type": "IncludesNone", "value": [0]}}', 'callDurationInSeconds'),
    (8, '{"createdAt": {"_type": "IncludesNone", "value": [{"_type": "DateTime", "value": "2026-01-03T12:00:00Z"}, "2026-01-04"]}}', 'createdAt')
) AS t(n, q, f)
ORDER BY n;

-- MultiSearch: Search on any of the listed fields (duplicates ignored,
-- empty list matches nothing); its key is itself a text, phone or status field.
SELECT q AS query, pg_temp.matches(q) AS matches
FROM (VALUES
    (1, '{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "callProviderCallId"], "value": "ca001"}}'),
    (2, '{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "callProviderCallId"], "value": "grace"}}'),
    (3, '{"status": {"_type": "MultiSearch", "fields": ["callerPhoneNumber", "routingPhoneNumber"], "value": "0000002"}}'),
    (4, '{"status": {"_type": "MultiSearch", "fields": ["statusMessage"], "value": "progress"}}'),
    (5, '{"status": {"_type": "MultiSearch", "fields": ["status", "status", "statusMessage"], "value": "CALLER"}}'),
    (6, '{"statusMessage": {"_type": "MultiSearch", "fields": [], "value": "a"}}'),
    (7, '{"callProviderCallId": {"_type": "MultiSearch", "value": "%", "fields": ["statusMessage", "callProviderCallId"]}}')
) AS t(n, q)
ORDER BY n;

-- ObjectID and DateTime wrappers as plain values (equality).
SELECT q AS query, f AS field, pg_temp.matches(q, f) AS matches
FROM (VALUES
    (1, '{"_id": {"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000007"}}', NULL),
    (2, '{"answeredByUserId": {"_type": "ObjectID", "value": "11111111-1111-4111-8111-111111111111"}}', 'answeredByUserId'),
    (3, '{"incomingCallPolicyId": {"_type": "ObjectID", "value": "A1000000-0000-4000-8000-000000000002"}}', 'incomingCallPolicyId'),
    (4, '{"projectId": {"_type": "ObjectID", "value": "cccccccc-cccc-4ccc-8ccc-cccccccccccc"}}', NULL),
    (5, '{"createdAt": {"_type": "DateTime", "value": "2026-01-02T10:30:00.123456Z"}}', 'createdAt'),
    (6, '{"endedAt": {"_type": "DateTime", "value": "2026-01-03T12:00:00Z"}}', 'endedAt'),
    (7, '{"startedAt": {"_type": "DateTime", "value": "2026-01-04"}}', 'startedAt')
) AS t(n, q, f)
ORDER BY n;

-- Several keys are AND-ed (in any order).
SELECT q AS query, pg_temp.matches(q) AS matches
FROM (VALUES
    (1, '{"status": "Completed", "callDurationInSeconds": {"_type": "GreaterThan", "value": 60}}'),
    (2, '{"callDurationInSeconds": {"_type": "GreaterThan", "value": 60}, "status": "Completed"}'),
    (3, '{"status": ["Completed", "NoAnswer"], "callDurationInSeconds": {"_type": "GreaterThan", "value": 60}}'),
    (4, '{"incomingCallPolicyId": "a1000000-0000-4000-8000-000000000001", "answeredByUserId": null, "endedAt": {"_type": "NotNull"}}'),
    (5, '{"statusMessage": {"_type": "Search", "value": "answered"}, "answeredByUserId": "22222222-2222-4222-8222-222222222222", "repeatCount": 0}'),
    (6, '{"status": "Completed", "projectId": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}')
) AS t(n, q)
ORDER BY n;

-- The same query answered for project B's key: B's rows only.
SELECT as_key('b') \gset
SELECT pg_temp.matches('{"status": "Completed"}', 'statusMessage') AS "B: Completed",
       pg_temp.matches('{"callProviderCallId": "CA0001"}', 'callerPhoneNumber') AS "B: CA0001",
       pg_temp.matches('{"projectId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}') AS "B: A's projectId";
SELECT as_key('a_read') \gset

-- get_list with a query and a couple of fields, as a whole body.
SELECT row_to_json(incoming_call_log.get_list(
    "select" => '{"status": true, "callDurationInSeconds": true}',
    query    => '{"status": ["Completed", "NoAnswer"], "callDurationInSeconds": {"_type": "GreaterThan", "value": 60}}',
    sort     => '{"callDurationInSeconds": "DESC"}'));
SELECT row_to_json(incoming_call_log.count(query => '{"status": ["Completed", "NoAnswer"]}'));
SELECT row_to_json(incoming_call_log.count(query => '{"status": []}'));
