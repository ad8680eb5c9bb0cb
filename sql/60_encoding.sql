-- Response encoding (doc/reference.md "Response encoding"; README "Output"):
-- timestamps are UTC ISO-8601 with milliseconds and Z whatever the session's
-- TimeZone and DateStyle, sub-millisecond digits are truncated; uuids are
-- lower-case however they were written in the request; text is JSON-escaped;
-- integers are plain JSON numbers up to 2147483647.
SELECT as_key('a_read') \gset
\pset format unaligned

\set ts_select '{"createdAt": true, "updatedAt": true, "startedAt": true, "endedAt": true, "answeredByUser": {"updatedAt": true}}'

-- The same bodies under several TimeZone / DateStyle settings.
-- 0a..03: createdAt 10:30:00.123456 (truncated to .123), startedAt .5 s,
-- endedAt null, Grace's updatedAt 04:05:06.789.
SHOW TimeZone;
SHOW DateStyle;
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', :'ts_select');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000006', :'ts_select');

SET TimeZone = 'America/New_York';
SET DateStyle = 'SQL, DMY';
SELECT now() IS NOT NULL AS "TimeZone America/New_York, DateStyle SQL, DMY";
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', :'ts_select');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000006', :'ts_select');
-- Dates in a query mean UTC too, not the session's zone: 2026-01-04 is
-- 0a..07's createdAt (2026-01-04T00:00:00Z).
SELECT row_to_json(incoming_call_log.get_list("select" => '{"createdAt": true}',
                                              query => '{"createdAt": "2026-01-04"}'));
SELECT row_to_json(incoming_call_log.get_list("select" => '{"startedAt": true}',
                                              query => '{"startedAt": {"_type": "InBetween", "startValue": "2026-01-03T11:59:59.999", "endValue": "2026-01-03T12:00:00"}}'));

SET TimeZone = 'Asia/Kolkata';
SET DateStyle = 'German';
SELECT now() IS NOT NULL AS "TimeZone Asia/Kolkata, DateStyle German";
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', :'ts_select');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000006', :'ts_select');

SET TimeZone = 'Pacific/Chatham';
SET DateStyle = 'Postgres, MDY';
SELECT now() IS NOT NULL AS "TimeZone Pacific/Chatham, DateStyle Postgres, MDY";
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', :'ts_select');
SELECT row_to_json(incoming_call_log.get_list("select" => '{"createdAt": true, "project": {"createdAt": true, "updatedAt": true}}',
                                              sort => '{"createdAt": "ASC"}', "limit" => 2));

SET TimeZone = '-14:00';
SET DateStyle = 'ISO, YMD';
SELECT now() IS NOT NULL AS "TimeZone -14:00 (POSIX: UTC+14), DateStyle ISO, YMD";
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000011', :'ts_select');
RESET TimeZone;
RESET DateStyle;

-- Truncation to milliseconds (never rounding up into the next second, day
-- or year), on both sides of PostgreSQL's 2000-01-01 epoch, and years
-- outside 0000-9999 the way JavaScript's toISOString() prints them.  Rows
-- added in a transaction that is rolled back.
BEGIN;
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, created_at, updated_at, started_at, ended_at)
VALUES
    ('0a000000-0000-4000-8000-0000000000e1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '2026-12-31T23:59:59.999999Z', '2026-01-01T00:00:00.0005Z', '2026-06-30T12:34:56.9995Z', '2026-06-30T12:34:57.000999Z'),
    ('0a000000-0000-4000-8000-0000000000e2', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '1999-12-31T23:59:59.999999Z', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59.9999Z', '1970-01-01T00:00:00.001Z'),
    ('0a000000-0000-4000-8000-0000000000e3', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '0999-03-04T05:06:07.089Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z', '10000-01-01T00:00:00Z'),
    ('0a000000-0000-4000-8000-0000000000e4', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '0001-01-01 00:00:00+00 BC', '0002-12-31 23:59:59.999+00 BC', '294276-12-31 23:59:59.999999+00', NULL);
SET TimeZone = 'America/New_York';
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000e1', :'ts_select');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000e2', :'ts_select');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000e3', :'ts_select');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000e4', :'ts_select');
ROLLBACK;

-- uuids: any spelling PostgreSQL's uuid type accepts in the request, always
-- lower-case and hyphenated in the response.
SELECT i AS id, incoming_call_log.get_item(i, '{"projectId": true, "answeredByUserId": true}') AS body
FROM (VALUES
    (1, '0a000000-0000-4000-8000-000000000011'),
    (2, '0A000000-0000-4000-8000-000000000011'),
    (3, '{0a000000-0000-4000-8000-000000000011}'),
    (4, '0a000000000040008000000000000011'),
    (5, '0A00-0000-0000-4000-8000-0000-0000-0011')
) AS t(n, i)
ORDER BY n;
SELECT q AS query, row_to_json(incoming_call_log.get_list('{"answeredByUserId": true, "incomingCallPolicyId": true}', q::json, '{"_id": "ASC"}')) AS result
FROM (VALUES
    (1, '{"answeredByUserId": "{22222222-2222-4222-8222-222222222222}"}'),
    (2, '{"answeredByUserId": "22222222222242228222222222222222"}'),
    (3, '{"incomingCallPolicyId": {"_type": "ObjectID", "value": "A1000000-0000-4000-8000-000000000002"}, "answeredByUserId": {"_type": "NotNull"}}'),
    (4, '{"_id": ["0A000000-0000-4000-8000-000000000003", "{0a000000-0000-4000-8000-000000000011}"]}')
) AS t(n, q)
ORDER BY n;
SELECT incoming_call_log.get_item('0A000000-0000-4000-8000-000000000003',
    '{"project": true, "incomingCallPolicy": {"projectId": true}, "answeredByUser": true}');

-- Text is JSON-escaped: quotes, backslash, newline, tab; non-ASCII is kept
-- as UTF-8.  0a..04: '100% busy_line \ retry'; 0a..10: 'He said "hi" — ünïcødé';
-- 0a..12: 'line one<LF>line two<TAB>tab'.
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000004', '{"statusMessage": true}');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000010', '{"statusMessage": true}');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000012', '{"statusMessage": true}');
-- Every response parses as JSON and gives back the stored text exactly.
SELECT l.id AS "_id",
       (incoming_call_log.get_item(l.id::text, '{"statusMessage": true, "callProviderCallId": true}')::jsonb ->> 'statusMessage')
           IS NOT DISTINCT FROM l.status_message AS "statusMessage round-trips",
       (incoming_call_log.get_item(l.id::text, '{"statusMessage": true, "callProviderCallId": true}')::jsonb ->> 'callProviderCallId')
           IS NOT DISTINCT FROM l.call_provider_call_id AS "callProviderCallId round-trips"
FROM incoming_call_log.call_log AS l
WHERE l.project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
ORDER BY l.id;

-- Other characters that JSON must escape (control characters) or may keep
-- (/, DEL, U+2028, 4-byte UTF-8), in a row rolled back afterwards.
BEGIN;
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, call_provider_call_id, status_message)
VALUES ('0a000000-0000-4000-8000-0000000000e5', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
        E'a/b\\c"d', E'\x01\x08\x0c\r\x1f|\x7f|\u2028|\U0001F600|</script>');
-- (DEL and U+2028 are kept raw; shown here as <DEL> and <U+2028>.)
SELECT replace(replace(incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000e5',
                                                  '{"callProviderCallId": true, "statusMessage": true}')::text,
                       E'\x7f', '<DEL>'), E'\u2028', '<U+2028>') AS get_item;
SELECT (incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000e5', '{"statusMessage": true}')::jsonb ->> 'statusMessage')
       = E'\x01\x08\x0c\r\x1f|\x7f|\u2028|\U0001F600|</script>' AS "round-trips";
ROLLBACK;

-- Integers are JSON numbers, up to 2147483647 (0a..10's costs), never
-- strings or floats.
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000010',
    '{"callDurationInSeconds": true, "callCostInUSDCents": true, "incomingCallCostInUSDCents": true, "outgoingCallCostInUSDCents": true, "currentEscalationRuleOrder": true, "repeatCount": true}');
SELECT json_typeof(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000010', '{"callCostInUSDCents": true}') -> 'callCostInUSDCents') AS json_type;
BEGIN;
UPDATE incoming_call_log.call_log
SET call_duration_in_seconds = 2147483647, call_cost_in_usd_cents = 2147483647,
    incoming_call_cost_in_usd_cents = 2147483647, outgoing_call_cost_in_usd_cents = 2147483647,
    current_escalation_rule_order = 2147483647, repeat_count = 2147483647
WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND id = '0a000000-0000-4000-8000-000000000009';
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000009',
    '{"callDurationInSeconds": true, "callCostInUSDCents": true, "incomingCallCostInUSDCents": true, "outgoingCallCostInUSDCents": true, "currentEscalationRuleOrder": true, "repeatCount": true}');
SELECT row_to_json(incoming_call_log.get_list('{"repeatCount": true}',
    '{"repeatCount": 2147483647, "callCostInUSDCents": {"_type": "GreaterThanOrEqual", "value": 2147483647}}'));
ROLLBACK;

-- The whole envelope: count, limit and skip are JSON numbers too.
SELECT row_to_json(incoming_call_log.get_list(skip => 11, "limit" => 100));
SELECT to_jsonb(incoming_call_log.get_list(skip => 11, "limit" => 100));
SELECT row_to_json(incoming_call_log.count());
