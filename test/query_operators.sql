-- test/query_operators.sql — every query form of doc/reference.md#operators and the
-- common value rules (uuids, dates, integers), for get_list and count.
--
-- Each positive case compares, as a bag, the _id set get_list returns plus
-- the count get_list and count() report, with an independent plain SELECT
-- over incoming_call_log.call_log for project A (the key's project).  The
-- conditions are written without LIKE/ILIKE so they do not mirror the
-- implementation.  Each error case expects 22023.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

-- A session time zone far from UTC: dates without an offset must still be UTC.
SET LOCAL TimeZone = 'Pacific/Auckland';

-- pg_temp.q(query, condition, description): get_list's _id set, its count
-- and count()'s count equal those of an independent SELECT over project A.
CREATE FUNCTION pg_temp.q(query text, cond text, description text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN bag_eq(
        format($s$
            SELECT e ->> '_id'
              FROM json_array_elements((incoming_call_log.get_list(NULL, %1$L::json, NULL, 0, 100)).data) e
            UNION ALL
            SELECT 'get_list count ' || (incoming_call_log.get_list(NULL, %1$L::json, NULL, 0, 100)).count
            UNION ALL
            SELECT 'count ' || (incoming_call_log.count(%1$L::json)).count
        $s$, query),
        format($s$
            SELECT id::text FROM incoming_call_log.call_log l
             WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND (%1$s)
            UNION ALL
            SELECT 'get_list count ' || count(*) FROM incoming_call_log.call_log l
             WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND (%1$s)
            UNION ALL
            SELECT 'count ' || count(*) FROM incoming_call_log.call_log l
             WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND (%1$s)
        $s$, cond),
        description);
END
$f$;

-- pg_temp.bad(query, description): get_list and count both refuse the query
-- with 22023 (one assertion: the two SQLSTATEs, side by side).
CREATE FUNCTION pg_temp.state_of(sql text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$f$;

CREATE FUNCTION pg_temp.bad(query text, description text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN is(
        pg_temp.state_of(format('SELECT incoming_call_log.get_list(NULL, %L::json)', query))
          || ' / ' ||
        pg_temp.state_of(format('SELECT incoming_call_log.count(%L::json)', query)),
        '22023 / 22023',
        description);
END
$f$;

SELECT plan(288);

SELECT pg_temp.present_key(:'key_a_member');

-------------------------------------------------------------------------------
-- Missing, null and empty query
-------------------------------------------------------------------------------
SELECT pg_temp.q(NULL, 'true', 'SQL NULL query matches every row of the project');
SELECT pg_temp.q('null', 'true', 'JSON null query matches every row of the project');
SELECT pg_temp.q('{}', 'true', 'empty query object matches every row of the project');

-------------------------------------------------------------------------------
-- Plain values: equality
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"status": "Completed"}', $c$status = 'Completed'$c$, 'plain string on status is equality');
SELECT pg_temp.q('{"status": "Example status"}', 'false', 'a status outside the nine matches nothing (no error)');
SELECT pg_temp.q('{"callProviderCallId": "CA0006"}', $c$call_provider_call_id = 'CA0006'$c$, 'plain equality on text is case-sensitive');
SELECT pg_temp.q('{"callProviderCallId": "ca0006"}', $c$call_provider_call_id = 'ca0006'$c$, 'plain equality on text finds the exact text');
SELECT pg_temp.q('{"statusMessage": "line one\nline two\ttab"}', $c$status_message = E'line one\nline two\ttab'$c$, 'plain equality with JSON escapes (newline, tab)');
SELECT CASE WHEN current_setting('server_encoding') = 'UTF8'
            THEN pg_temp.q('{"statusMessage": "He said \"hi\" \u2014 ünïcødé"}', $c$status_message = 'He said "hi" — ünïcødé'$c$, 'plain equality with quotes, \u escape and non-ASCII')
            ELSE skip('\u escapes beyond ASCII need a UTF8 database', 1) END;
SELECT pg_temp.q('{"callDurationInSeconds": 0}', 'call_duration_in_seconds = 0', 'plain number on integer field is equality');
SELECT pg_temp.q('{"callCostInUSDCents": 2147483647}', 'call_cost_in_usd_cents = 2147483647', 'integer maximum is accepted and matches');
SELECT pg_temp.q('{"answeredByUserId": "22222222-2222-4222-8222-222222222222"}', $c$answered_by_user_id = '22222222-2222-4222-8222-222222222222'$c$, 'plain uuid string is equality');
SELECT pg_temp.q('{"incomingCallPolicyId": "a1000000-0000-4000-8000-000000000002"}', $c$incoming_call_policy_id = 'a1000000-0000-4000-8000-000000000002'$c$, 'incomingCallPolicyId equality');
SELECT pg_temp.q('{"projectId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}', 'true', 'projectId of the key''s own project matches all its rows');
SELECT pg_temp.q('{"projectId": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}', 'false', 'projectId of another project matches nothing (cannot widen the key)');
SELECT pg_temp.q('{"_id": "0b000000-0000-4000-8000-000000000001"}', 'false', '_id of another project''s row matches nothing');
SELECT pg_temp.q('{"callerPhoneNumber": "+15551230001"}', $c$caller_phone_number = '+15551230001'$c$, 'plain phone is equality (project B''s same number not leaked)');
SELECT pg_temp.q('{"callerPhoneNumber": "15551230012"}', $c$caller_phone_number = '15551230012'$c$, 'phone without "+" is valid and compared as written');
SELECT pg_temp.q('{"createdAt": "2026-01-03T12:00:00Z"}', $c$created_at = timestamptz '2026-01-03 12:00:00+00'$c$, 'plain date is equality');
SELECT pg_temp.q('{"createdAt": "2026-01-02T10:30:00.123456Z"}', $c$created_at = timestamptz '2026-01-02 10:30:00.123456+00'$c$, 'date with microseconds matches exactly');
SELECT pg_temp.q('{"createdAt": "2026-01-02T10:30:00.123Z"}',
                 $c$to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') = '2026-01-02T10:30:00.123Z'$c$,
                 'a date matches the millisecond the API shows (the stored value has microseconds)');

-------------------------------------------------------------------------------
-- null: IS NULL
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"endedAt": null}', 'ended_at IS NULL', 'null on a date field is IS NULL');
SELECT pg_temp.q('{"callerPhoneNumber": null}', 'caller_phone_number IS NULL', 'null on a phone field is IS NULL');
SELECT pg_temp.q('{"answeredByUserId": null}', 'answered_by_user_id IS NULL', 'null on a uuid field is IS NULL');
SELECT pg_temp.q('{"statusMessage": null}', 'status_message IS NULL', 'null on a text field is IS NULL');
SELECT pg_temp.q('{"status": null}', 'false', 'null on a required field matches nothing');

-------------------------------------------------------------------------------
-- arrays: IN
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"status": ["Completed", "NoAnswer"]}', $c$status IN ('Completed', 'NoAnswer')$c$, 'array of strings is IN');
SELECT pg_temp.q('{"callDurationInSeconds": [0, 40, 60]}', 'call_duration_in_seconds IN (0, 40, 60)', 'array of numbers is IN');
SELECT pg_temp.q('{"answeredByUserId": ["11111111-1111-4111-8111-111111111111", "33333333-3333-4333-8333-333333333333"]}',
                 $c$answered_by_user_id IN ('11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333')$c$, 'array of uuids is IN');
SELECT pg_temp.q('{"startedAt": ["2026-01-01T08:00:00Z", "2026-01-06"]}',
                 $c$started_at IN ('2026-01-01 08:00:00+00', '2026-01-06 00:00:00+00')$c$, 'array of dates is IN');
SELECT pg_temp.q('{"callerPhoneNumber": ["+15551230001", "+442071234567"]}',
                 $c$caller_phone_number IN ('+15551230001', '+442071234567')$c$, 'array of phones is IN');
SELECT pg_temp.q('{"status": ["Busy"]}', $c$status = 'Busy'$c$, 'one-element array is equality');
SELECT pg_temp.q('{"status": ["Busy", "Busy"]}', $c$status = 'Busy'$c$, 'repeated array elements do not repeat rows');
SELECT pg_temp.q('{"status": []}', 'false', 'empty array matches nothing');
SELECT pg_temp.q('{"callerPhoneNumber": []}', 'false', 'empty array on a nullable field matches nothing (not even null)');

-------------------------------------------------------------------------------
-- Comparison operators
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"repeatCount": {"_type": "EqualTo", "value": 2}}', 'repeat_count = 2', 'EqualTo on integer');
SELECT pg_temp.q('{"status": {"_type": "EqualTo", "value": "Failed"}}', $c$status = 'Failed'$c$, 'EqualTo on status');
SELECT pg_temp.q('{"callProviderCallId": {"_type": "NotEqual", "value": "CA0001"}}', $c$call_provider_call_id <> 'CA0001'$c$, 'NotEqual on text (null not matched, as SQL <>)');
SELECT pg_temp.q('{"status": {"_type": "NotEqual", "value": "Completed"}}', $c$status <> 'Completed'$c$, 'NotEqual on status');
SELECT pg_temp.q('{"answeredByUserId": {"_type": "NotEqual", "value": "22222222-2222-4222-8222-222222222222"}}',
                 $c$answered_by_user_id <> '22222222-2222-4222-8222-222222222222'$c$, 'NotEqual on uuid');
SELECT pg_temp.q('{"callDurationInSeconds": {"_type": "GreaterThan", "value": 40}}', 'call_duration_in_seconds > 40', 'GreaterThan on integer (boundary excluded)');
SELECT pg_temp.q('{"startedAt": {"_type": "GreaterThan", "value": "2026-01-03T12:00:00Z"}}', $c$started_at > '2026-01-03 12:00:00+00'$c$, 'GreaterThan on date');
SELECT pg_temp.q('{"status": {"_type": "GreaterThan", "value": "Escalated"}}', $c$status > 'Escalated'$c$, 'GreaterThan on status compares text');
SELECT pg_temp.q('{"callDurationInSeconds": {"_type": "LessThan", "value": 40}}', 'call_duration_in_seconds < 40', 'LessThan on integer (boundary excluded)');
SELECT pg_temp.q('{"startedAt": {"_type": "LessThan", "value": "2026-01-03T12:00:00Z"}}', $c$started_at < '2026-01-03 12:00:00+00'$c$, 'LessThan on date (11:59:59.999 is before)');
SELECT pg_temp.q('{"callDurationInSeconds": {"_type": "GreaterThanOrEqual", "value": 60}}', 'call_duration_in_seconds >= 60', 'GreaterThanOrEqual on integer (boundary included)');
SELECT pg_temp.q('{"startedAt": {"_type": "GreaterThanOrEqual", "value": "2026-01-03T12:00:00Z"}}', $c$started_at >= '2026-01-03 12:00:00+00'$c$, 'GreaterThanOrEqual on date');
SELECT pg_temp.q('{"currentEscalationRuleOrder": {"_type": "LessThanOrEqual", "value": 2}}', 'current_escalation_rule_order <= 2', 'LessThanOrEqual on integer (boundary included)');
SELECT pg_temp.q('{"endedAt": {"_type": "LessThanOrEqual", "value": "2026-01-03T12:00:00Z"}}', $c$ended_at <= '2026-01-03 12:00:00+00'$c$, 'LessThanOrEqual on date');
SELECT pg_temp.q('{"answeredByUserId": {"_type": "EqualToOrNull", "value": "22222222-2222-4222-8222-222222222222"}}',
                 $c$answered_by_user_id = '22222222-2222-4222-8222-222222222222' OR answered_by_user_id IS NULL$c$, 'EqualToOrNull on uuid');
SELECT pg_temp.q('{"callProviderCallId": {"_type": "EqualToOrNull", "value": "CA0001"}}',
                 $c$call_provider_call_id = 'CA0001' OR call_provider_call_id IS NULL$c$, 'EqualToOrNull on text');
SELECT pg_temp.q('{"repeatCount": {"_type": "EqualToOrNull", "value": 1}}', 'repeat_count = 1', 'EqualToOrNull on a not-null field is equality');
SELECT pg_temp.q('{"endedAt": {"_type": "GreaterThanOrNull", "value": "2026-01-04"}}',
                 $c$ended_at > '2026-01-04 00:00:00+00' OR ended_at IS NULL$c$, 'GreaterThanOrNull on date');
SELECT pg_temp.q('{"startedAt": {"_type": "LessThanOrNull", "value": "2026-01-02"}}',
                 $c$started_at < '2026-01-02 00:00:00+00' OR started_at IS NULL$c$, 'LessThanOrNull on date');
SELECT pg_temp.q('{"callDurationInSeconds": {"_type": "LessThanOrNull", "value": 3}}', 'call_duration_in_seconds < 3', 'LessThanOrNull on a not-null integer');

-------------------------------------------------------------------------------
-- InBetween: inclusive
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"callDurationInSeconds": {"_type": "InBetween", "startValue": 40, "endValue": 125}}',
                 'call_duration_in_seconds >= 40 AND call_duration_in_seconds <= 125', 'InBetween on integer includes both ends');
SELECT pg_temp.q('{"createdAt": {"_type": "InBetween", "startValue": "2026-01-02T11:00:00Z", "endValue": "2026-01-04T00:00:00Z"}}',
                 $c$created_at >= '2026-01-02 11:00:00+00' AND created_at <= '2026-01-04 00:00:00+00'$c$, 'InBetween on date includes both ends');
SELECT pg_temp.q('{"startedAt": {"_type": "InBetween", "startValue": "2026-01-03", "endValue": "2026-01-04"}}',
                 $c$started_at >= '2026-01-03 00:00:00+00' AND started_at <= '2026-01-04 00:00:00+00'$c$, 'InBetween with dates alone (midnight UTC)');
SELECT pg_temp.q('{"callDurationInSeconds": {"_type": "InBetween", "startValue": 60, "endValue": 60}}',
                 'call_duration_in_seconds = 60', 'InBetween with equal ends is equality');
SELECT pg_temp.q('{"callDurationInSeconds": {"_type": "InBetween", "startValue": 125, "endValue": 40}}',
                 'false', 'InBetween with start after end matches nothing');
SELECT pg_temp.q('{"status": {"_type": "InBetween", "startValue": "Busy", "endValue": "Connected"}}',
                 $c$status >= 'Busy' AND status <= 'Connected'$c$, 'InBetween on status compares text');

-------------------------------------------------------------------------------
-- Text operators: case-insensitive, % _ \ literal
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "answered BY"}}',
                 $c$strpos(lower(status_message), 'answered by') > 0$c$, 'Search is case-insensitive contains');
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "%"}}',
                 $c$strpos(status_message, '%') > 0$c$, 'Search "%" is a literal percent sign');
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "_"}}',
                 $c$strpos(status_message, '_') > 0$c$, 'Search "_" is a literal underscore');
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "\\"}}',
                 $c$strpos(status_message, E'\\') > 0$c$, 'Search "\" is a literal backslash');
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "y_l"}}',
                 $c$strpos(status_message, 'y_l') > 0$c$, 'Search with "_" inside a fragment');
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "a_s"}}',
                 'false', 'Search "a_s": "_" does not match any character (e.g. "ans")');
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "by%"}}',
                 'false', 'Search "by%": "%" does not match any text');
SELECT CASE WHEN current_setting('server_encoding') = 'UTF8' AND lower('ÜNÏCØDÉ') = 'ünïcødé'
            THEN pg_temp.q('{"statusMessage": {"_type": "Search", "value": "ÜNÏCØDÉ"}}',
                           $c$strpos(lower(status_message), 'ünïcødé') > 0$c$, 'Search is case-insensitive beyond ASCII')
            ELSE skip('the database''s ctype does not case-fold beyond ASCII', 1) END;
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "\"hi\""}}',
                 $c$strpos(status_message, '"hi"') > 0$c$, 'Search for a fragment with double quotes');
SELECT pg_temp.q('{"callerPhoneNumber": {"_type": "Search", "value": "1230001"}}',
                 $c$strpos(caller_phone_number, '1230001') > 0$c$, 'Search on a phone field takes a fragment that is no phone');
SELECT pg_temp.q('{"status": {"_type": "Search", "value": "complet"}}',
                 $c$strpos(lower(status), 'complet') > 0$c$, 'Search on status');
SELECT pg_temp.q('{"callProviderCallId": {"_type": "Search", "value": "CA000"}}',
                 $c$strpos(lower(call_provider_call_id), 'ca000') > 0$c$, 'Search on short text matches either case');
SELECT pg_temp.q('{"callProviderCallId": {"_type": "StartsWith", "value": "ca001"}}',
                 $c$lower(left(call_provider_call_id, 5)) = 'ca001'$c$, 'StartsWith is case-insensitive prefix');
SELECT pg_temp.q('{"statusMessage": {"_type": "StartsWith", "value": "100%"}}',
                 $c$left(status_message, 4) = '100%'$c$, 'StartsWith with a literal "%"');
SELECT pg_temp.q('{"statusMessage": {"_type": "StartsWith", "value": "100_"}}',
                 'false', 'StartsWith "100_": "_" is literal, so "100%" does not match');
SELECT pg_temp.q('{"statusMessage": {"_type": "StartsWith", "value": "busy"}}',
                 $c$lower(left(status_message, 4)) = 'busy'$c$, 'StartsWith does not match in the middle');
SELECT pg_temp.q('{"callerPhoneNumber": {"_type": "StartsWith", "value": "+44"}}',
                 $c$left(caller_phone_number, 3) = '+44'$c$, 'StartsWith on a phone field');
SELECT pg_temp.q('{"statusMessage": {"_type": "EndsWith", "value": "ERROR"}}',
                 $c$lower(right(status_message, 5)) = 'error'$c$, 'EndsWith is case-insensitive suffix');
SELECT pg_temp.q('{"statusMessage": {"_type": "EndsWith", "value": "\\ RETRY"}}',
                 $c$lower(right(status_message, 7)) = E'\\ retry'$c$, 'EndsWith with a literal backslash');
SELECT pg_temp.q('{"statusMessage": {"_type": "EndsWith", "value": "%"}}',
                 $c$right(status_message, 1) = '%'$c$, 'EndsWith "%" is literal');
SELECT pg_temp.q('{"status": {"_type": "EndsWith", "value": "ED"}}',
                 $c$lower(right(status, 2)) = 'ed'$c$, 'EndsWith on status');
SELECT pg_temp.q('{"statusMessage": {"_type": "NotContains", "value": "ANSWERED"}}',
                 $c$status_message IS NULL OR strpos(lower(status_message), 'answered') = 0$c$, 'NotContains is case-insensitive and includes null');
SELECT pg_temp.q('{"callProviderCallId": {"_type": "NotContains", "value": "_"}}',
                 $c$call_provider_call_id IS NULL OR strpos(call_provider_call_id, '_') = 0$c$, 'NotContains "_" is literal (no row excluded by a wildcard)');
SELECT pg_temp.q('{"callerPhoneNumber": {"_type": "NotContains", "value": "555"}}',
                 $c$caller_phone_number IS NULL OR strpos(caller_phone_number, '555') = 0$c$, 'NotContains on a phone field includes null');
-- A value with no letter (a phone number) is matched with LIKE, not ILIKE
-- (query.c, case_inert): the same rows, also next to characters that lower()
-- changes or lengthens ('İ' lowers to two characters under ICU).
SAVEPOINT inert;
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, status_message, call_provider_call_id)
SELECT :'A', 'a1000000-0000-4000-8000-000000000001', m, c
  FROM (VALUES ('İ4242İ', 'X-42'), ('ẞ+49 30ǅ', 'x-42'), ('4242', NULL), ('Ω-42 Σ', 'Ω42')) AS v(m, c);
SELECT pg_temp.q('{"statusMessage": {"_type": "Search", "value": "4242"}}',
                 $c$strpos(status_message, '4242') > 0$c$, 'Search of digits beside letters lower() changes');
SELECT pg_temp.q('{"statusMessage": {"_type": "StartsWith", "value": "+49 "}}',
                 $c$left(status_message, 4) = '+49 '$c$, 'StartsWith of no letter: a prefix after a letter is no prefix');
SELECT pg_temp.q('{"statusMessage": {"_type": "EndsWith", "value": "42"}}',
                 $c$right(status_message, 2) = '42'$c$, 'EndsWith of digits');
SELECT pg_temp.q('{"statusMessage": {"_type": "NotContains", "value": "-42 "}}',
                 $c$status_message IS NULL OR strpos(status_message, '-42 ') = 0$c$, 'NotContains of no letter');
SELECT pg_temp.q('{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "callProviderCallId"], "value": "-42"}}',
                 $c$strpos(status_message, '-42') > 0 OR strpos(call_provider_call_id, '-42') > 0$c$, 'MultiSearch of no letter');
SELECT pg_temp.q('{"callProviderCallId": {"_type": "Search", "value": "x-4"}}',
                 $c$strpos(lower(call_provider_call_id), 'x-4') > 0$c$, 'one letter: still case-insensitive');
ROLLBACK TO SAVEPOINT inert;

-------------------------------------------------------------------------------
-- IsNull / NotNull
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"answeredByUserId": {"_type": "IsNull"}}', 'answered_by_user_id IS NULL', 'IsNull on uuid');
SELECT pg_temp.q('{"startedAt": {"_type": "IsNull"}}', 'started_at IS NULL', 'IsNull on date');
SELECT pg_temp.q('{"callProviderCallId": {"_type": "IsNull"}}', 'call_provider_call_id IS NULL', 'IsNull on text');
SELECT pg_temp.q('{"endedAt": {"_type": "NotNull"}}', 'ended_at IS NOT NULL', 'NotNull on date');
SELECT pg_temp.q('{"routingPhoneNumber": {"_type": "NotNull"}}', 'routing_phone_number IS NOT NULL', 'NotNull on phone');
SELECT pg_temp.q('{"repeatCount": {"_type": "NotNull"}}', 'true', 'NotNull on a required field matches all');

-------------------------------------------------------------------------------
-- Includes / IncludesNone
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"status": {"_type": "Includes", "value": ["Busy", "Failed"]}}', $c$status IN ('Busy', 'Failed')$c$, 'Includes is IN');
SELECT pg_temp.q('{"repeatCount": {"_type": "Includes", "value": [1, 2, 3]}}', 'repeat_count IN (1, 2, 3)', 'Includes on integer');
SELECT pg_temp.q('{"_id": {"_type": "Includes", "value": ["0a000000-0000-4000-8000-000000000003", "0a000000-0000-4000-8000-000000000007", "0b000000-0000-4000-8000-000000000001"]}}',
                 $c$id IN ('0a000000-0000-4000-8000-000000000003', '0a000000-0000-4000-8000-000000000007')$c$, 'Includes on _id (another project''s id matches nothing)');
SELECT pg_temp.q('{"status": {"_type": "Includes", "value": []}}', 'false', 'Includes [] matches nothing');
SELECT pg_temp.q('{"status": {"_type": "IncludesNone", "value": ["Completed", "Initiated"]}}', $c$status NOT IN ('Completed', 'Initiated')$c$, 'IncludesNone is NOT IN');
SELECT pg_temp.q('{"callProviderCallId": {"_type": "IncludesNone", "value": ["CA0001", "CA0002"]}}',
                 $c$call_provider_call_id NOT IN ('CA0001', 'CA0002')$c$, 'IncludesNone on a nullable field follows SQL NOT IN (null not matched)');
SELECT pg_temp.q('{"startedAt": {"_type": "IncludesNone", "value": ["2026-01-01T08:00:00Z"]}}',
                 $c$started_at <> '2026-01-01 08:00:00+00'$c$, 'IncludesNone on date');
SELECT pg_temp.q('{"status": {"_type": "IncludesNone", "value": []}}', 'true', 'IncludesNone [] excludes nothing');

-------------------------------------------------------------------------------
-- MultiSearch
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "callProviderCallId"], "value": "CA0006"}}',
                 $c$strpos(lower(status_message), 'ca0006') > 0 OR strpos(lower(call_provider_call_id), 'ca0006') > 0$c$, 'MultiSearch finds the value in the second field');
SELECT pg_temp.q('{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "callProviderCallId"], "value": "ADA"}}',
                 $c$strpos(lower(status_message), 'ada') > 0 OR strpos(lower(call_provider_call_id), 'ada') > 0$c$, 'MultiSearch finds the value in the first field');
SELECT pg_temp.q('{"statusMessage": {"_type": "MultiSearch", "fields": ["status", "callerPhoneNumber", "routingPhoneNumber"], "value": "0002"}}',
                 $c$strpos(status, '0002') > 0 OR strpos(caller_phone_number, '0002') > 0 OR strpos(routing_phone_number, '0002') > 0$c$, 'MultiSearch over status and phone fields');
SELECT pg_temp.q('{"statusMessage": {"_type": "MultiSearch", "fields": ["callProviderCallId"], "value": "answered"}}',
                 'false', 'MultiSearch searches the listed fields, not the key''s own field');
SELECT pg_temp.q('{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "statusMessage"], "value": "%"}}',
                 $c$strpos(status_message, '%') > 0$c$, 'MultiSearch: "%" literal, duplicate fields ignored');
SELECT pg_temp.q('{"statusMessage": {"_type": "MultiSearch", "fields": [], "value": "a"}}', 'false', 'MultiSearch with no fields matches nothing');

-------------------------------------------------------------------------------
-- ObjectID and DateTime wrappers
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"answeredByUserId": {"_type": "ObjectID", "value": "11111111-1111-4111-8111-111111111111"}}',
                 $c$answered_by_user_id = '11111111-1111-4111-8111-111111111111'$c$, 'ObjectID wrapper as a plain value');
SELECT pg_temp.q('{"_id": {"_type": "ObjectID", "value": "0A000000-0000-4000-8000-000000000005"}}',
                 $c$id = '0a000000-0000-4000-8000-000000000005'$c$, 'ObjectID wrapper with an upper-case uuid');
SELECT pg_temp.q('{"incomingCallPolicyId": [{"_type": "ObjectID", "value": "a1000000-0000-4000-8000-000000000002"}]}',
                 $c$incoming_call_policy_id = 'a1000000-0000-4000-8000-000000000002'$c$, 'ObjectID wrapper inside an array');
SELECT pg_temp.q('{"answeredByUserId": {"_type": "NotEqual", "value": {"_type": "ObjectID", "value": "11111111-1111-4111-8111-111111111111"}}}',
                 $c$answered_by_user_id <> '11111111-1111-4111-8111-111111111111'$c$, 'ObjectID wrapper as an operator value');
SELECT pg_temp.q('{"_id": {"_type": "Includes", "value": [{"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000001"}, "0a000000-0000-4000-8000-000000000002"]}}',
                 $c$id IN ('0a000000-0000-4000-8000-000000000001', '0a000000-0000-4000-8000-000000000002')$c$, 'ObjectID wrapper mixed with plain uuids in Includes');
SELECT pg_temp.q('{"createdAt": {"_type": "DateTime", "value": "2026-01-03T12:00:00Z"}}',
                 $c$created_at = '2026-01-03 12:00:00+00'$c$, 'DateTime wrapper as a plain value');
SELECT pg_temp.q('{"startedAt": {"_type": "GreaterThan", "value": {"_type": "DateTime", "value": "2026-01-04"}}}',
                 $c$started_at > '2026-01-04 00:00:00+00'$c$, 'DateTime wrapper as an operator value');
SELECT pg_temp.q('{"createdAt": {"_type": "InBetween", "startValue": {"_type": "DateTime", "value": "2026-01-02"}, "endValue": {"_type": "DateTime", "value": "2026-01-03T12:00:00Z"}}}',
                 $c$created_at BETWEEN '2026-01-02 00:00:00+00' AND '2026-01-03 12:00:00+00'$c$, 'DateTime wrappers in InBetween');
SELECT pg_temp.q('{"endedAt": [{"_type": "DateTime", "value": "2026-01-03T12:00:00Z"}, "2026-01-06T00:01:00Z"]}',
                 $c$ended_at IN ('2026-01-03 12:00:00+00', '2026-01-06 00:01:00+00')$c$, 'DateTime wrapper inside an array');

-------------------------------------------------------------------------------
-- Several keys are AND-ed
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"status": "Completed", "callDurationInSeconds": {"_type": "GreaterThan", "value": 100}}',
                 $c$status = 'Completed' AND call_duration_in_seconds > 100$c$, 'two keys are AND-ed');
SELECT pg_temp.q('{"callDurationInSeconds": {"_type": "GreaterThan", "value": 100}, "status": "Completed"}',
                 $c$status = 'Completed' AND call_duration_in_seconds > 100$c$, 'key order does not change the result');
SELECT pg_temp.q('{"incomingCallPolicyId": "a1000000-0000-4000-8000-000000000001", "endedAt": {"_type": "NotNull"}, "statusMessage": {"_type": "NotContains", "value": "ada"}, "repeatCount": [0, 1]}',
                 $c$incoming_call_policy_id = 'a1000000-0000-4000-8000-000000000001' AND ended_at IS NOT NULL
                    AND (status_message IS NULL OR strpos(lower(status_message), 'ada') = 0) AND repeat_count IN (0, 1)$c$, 'four keys of four kinds are AND-ed');
SELECT pg_temp.q('{"status": "Completed", "answeredByUserId": null}', 'false', 'contradicting keys match nothing');

-------------------------------------------------------------------------------
-- uuids in any form PostgreSQL's uuid accepts
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"_id": "0A000000-0000-4000-8000-000000000012"}', $c$id = '0a000000-0000-4000-8000-000000000012'$c$, 'upper-case uuid');
SELECT pg_temp.q('{"_id": "{0a000000-0000-4000-8000-000000000012}"}', $c$id = '0a000000-0000-4000-8000-000000000012'$c$, 'uuid in braces');
SELECT pg_temp.q('{"_id": "0a000000000040008000000000000012"}', $c$id = '0a000000-0000-4000-8000-000000000012'$c$, 'uuid without hyphens');
SELECT pg_temp.q('{"_id": "0a00-0000-0000-4000-8000-0000-0000-0012"}', $c$id = '0a000000-0000-4000-8000-000000000012'$c$, 'uuid with a hyphen after every four digits');
SELECT pg_temp.q('{"_id": "{0A000000000040008000000000000012}"}', $c$id = '0a000000-0000-4000-8000-000000000012'$c$, 'upper case, braces and no hyphens together');
SELECT pg_temp.q('{"answeredByUserId": ["11111111111141118111111111111111", "{22222222-2222-4222-8222-222222222222}"]}',
                 $c$answered_by_user_id IN ('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222')$c$, 'uuid forms inside an array');
SELECT is(incoming_call_log.get_item('0A000000-0000-4000-8000-000000000012')::jsonb ->> '_id',
          '0a000000-0000-4000-8000-000000000012', 'get_item accepts an upper-case id and returns it lower-case');
SELECT is(incoming_call_log.get_item('{0a000000000040008000000000000012}')::jsonb ->> '_id',
          '0a000000-0000-4000-8000-000000000012', 'get_item accepts an id in braces without hyphens');

-------------------------------------------------------------------------------
-- Dates: no offset is UTC, date alone is midnight UTC, offsets honoured
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"createdAt": "2026-01-03T12:00:00"}', $c$created_at = '2026-01-03 12:00:00+00'$c$, 'date-time without offset is UTC (session TimeZone ignored)');
SELECT pg_temp.q('{"createdAt": "2026-01-03 12:00:00"}', $c$created_at = '2026-01-03 12:00:00+00'$c$, 'space instead of T');
SELECT pg_temp.q('{"createdAt": "2026-01-03T12:00"}', $c$created_at = '2026-01-03 12:00:00+00'$c$, 'hh:mm without seconds');
SELECT pg_temp.q('{"createdAt": "2026-01-04"}', $c$created_at = '2026-01-04 00:00:00+00'$c$, 'date alone is midnight UTC');
SELECT pg_temp.q('{"startedAt": "2026-01-06"}', $c$started_at = '2026-01-06 00:00:00+00'$c$, 'date alone on startedAt');
SELECT pg_temp.q('{"createdAt": "2026-01-03T14:00:00+02:00"}', $c$created_at = '2026-01-03 12:00:00+00'$c$, 'offset +02:00 honoured');
SELECT pg_temp.q('{"createdAt": "2026-01-03T07:00:00-0500"}', $c$created_at = '2026-01-03 12:00:00+00'$c$, 'offset -0500 honoured');
SELECT pg_temp.q('{"createdAt": "2026-01-03T17:30+05:30"}', $c$created_at = '2026-01-03 12:00:00+00'$c$, 'offset +05:30 with hh:mm honoured');
SELECT pg_temp.q('{"createdAt": "2026-01-04T09:00:00+09"}', $c$created_at = '2026-01-04 00:00:00+00'$c$, 'offset +09 (hours only) honoured');
SELECT pg_temp.q('{"createdAt": "2026-01-03T12:00:00-12:00"}', $c$created_at = '2026-01-04 00:00:00+00'$c$, 'offset -12:00 crossing midnight');
SELECT pg_temp.q('{"createdAt": "2026-01-03T12:00:00+02:00"}', 'false', 'offset is not ignored');
SELECT pg_temp.q('{"createdAt": "2026-01-03t12:00:00z"}', $c$created_at = '2026-01-03 12:00:00+00'$c$, 'lower-case t and z');
SELECT pg_temp.q('{"startedAt": "2026-01-02T10:30:00.5Z"}', $c$started_at = '2026-01-02 10:30:00.5+00'$c$, 'one fraction digit');
SELECT pg_temp.q('{"createdAt": "2026-01-02T10:30:00.1234564Z"}', $c$created_at = '2026-01-02 10:30:00.123456+00'$c$, 'seven fraction digits round to the microsecond (down)');
SELECT pg_temp.q('{"createdAt": "2026-01-02T10:30:00.1234555Z"}', $c$created_at = '2026-01-02 10:30:00.123456+00'$c$, 'seven fraction digits round to the microsecond (up)');
SELECT pg_temp.q('{"startedAt": {"_type": "GreaterThanOrEqual", "value": "2026-01-03T11:59:59.9995Z"}}',
                 $c$started_at >= '2026-01-03 11:59:59.999+00'$c$, 'a sub-millisecond date compares at the millisecond it falls in');
SELECT pg_temp.q('{"startedAt": {"_type": "GreaterThan", "value": "2026-01-03T11:59:59.999Z"}}',
                 $c$to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') > '2026-01-03 11:59:59.999'$c$,
                 'GreaterThan a shown date excludes rows shown with that same millisecond');
SELECT pg_temp.q('{"createdAt": {"_type": "LessThanOrEqual", "value": "2026-01-02T10:30:00.123Z"}}',
                 $c$to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') <= '2026-01-02 10:30:00.123'$c$,
                 'LessThanOrEqual a shown date includes rows shown with that millisecond');
SELECT pg_temp.q('{"createdAt": {"_type": "NotEqual", "value": "2026-01-02T10:30:00.123Z"}}',
                 $c$to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') <> '2026-01-02 10:30:00.123'$c$,
                 'NotEqual a shown date excludes the rows shown with it');
SELECT pg_temp.q('{"createdAt": ["2026-01-02T10:30:00.123Z", "2026-01-05T00:00:00Z"]}',
                 $c$to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') IN ('2026-01-02 10:30:00.123', '2026-01-05 00:00:00.000')$c$,
                 'a list of dates matches by shown millisecond');
SELECT pg_temp.q('{"createdAt": {"_type": "IncludesNone", "value": ["2026-01-02T10:30:00.123Z"]}}',
                 $c$to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') <> '2026-01-02 10:30:00.123'$c$,
                 'IncludesNone of dates excludes by shown millisecond');
SELECT pg_temp.q('{"endedAt": {"_type": "IncludesNone", "value": ["2026-01-01T08:02:05Z"]}}',
                 $c$ended_at IS NOT NULL AND ended_at <> '2026-01-01 08:02:05+00'$c$,
                 'IncludesNone of dates does not match null (SQL NOT IN)');
SELECT pg_temp.q('{"endedAt": {"_type": "IncludesNone", "value": []}}', 'true',
                 'IncludesNone of no dates matches every row (SQL NOT IN ())');
SELECT pg_temp.q('{"startedAt": {"_type": "InBetween", "startValue": "2026-01-02T10:30:00.500Z", "endValue": "2026-01-03T11:59:59.999Z"}}',
                 $c$started_at >= '2026-01-02 10:30:00.5+00' AND started_at < '2026-01-03 12:00:00+00'$c$,
                 'InBetween dates includes the whole millisecond of endValue');

-------------------------------------------------------------------------------
-- Integers: any integral JSON number; values the column excludes match nothing
-------------------------------------------------------------------------------
SELECT pg_temp.q('{"currentEscalationRuleOrder": 5.0}', 'current_escalation_rule_order = 5', '5.0 is the integer 5');
SELECT pg_temp.q('{"currentEscalationRuleOrder": 5e0}', 'current_escalation_rule_order = 5', '5e0 is the integer 5');
SELECT pg_temp.q('{"currentEscalationRuleOrder": 0.5E1}', 'current_escalation_rule_order = 5', '0.5E1 is the integer 5');
SELECT pg_temp.q('{"currentEscalationRuleOrder": 500e-2}', 'current_escalation_rule_order = 5', '500e-2 is the integer 5');
SELECT pg_temp.q('{"callDurationInSeconds": 1.8e3}', 'call_duration_in_seconds = 1800', '1.8e3 is the integer 1800');
SELECT pg_temp.q('{"callDurationInSeconds": -0}', 'call_duration_in_seconds = 0', '-0 is the integer 0');
SELECT pg_temp.q('{"callCostInUSDCents": 2.147483647e9}', 'call_cost_in_usd_cents = 2147483647', 'integer maximum in exponent form');
SELECT pg_temp.q('{"repeatCount": [1.0, 2e0, 30e-1]}', 'repeat_count IN (1, 2, 3)', 'integral forms inside an array');
SELECT pg_temp.q('{"callDurationInSeconds": -1}', 'false', 'a negative duration (excluded by the column) matches nothing');
SELECT pg_temp.q('{"currentEscalationRuleOrder": 0}', 'false', 'rule order 0 (excluded by the column) matches nothing');
SELECT pg_temp.q('{"callCostInUSDCents": -2147483648}', 'false', 'integer minimum is accepted and matches nothing');
SELECT pg_temp.q('{"repeatCount": {"_type": "GreaterThan", "value": -2147483648}}', 'true', 'GreaterThan integer minimum matches all');
SELECT pg_temp.q('{"callerPhoneNumber": "+999999999999999"}', 'false', 'a valid phone nobody called matches nothing');

-------------------------------------------------------------------------------
-- Type errors (22023): malformed values
-------------------------------------------------------------------------------
SELECT pg_temp.bad('{"_id": "not-a-uuid"}', 'malformed uuid');
SELECT pg_temp.bad('{"_id": "0a000000-0000-4000-8000-00000000001"}', 'uuid one digit short');
SELECT pg_temp.bad('{"_id": "0a000000-0000-4000-8000-0000000000011"}', 'uuid one digit long');
SELECT pg_temp.bad('{"_id": "0a000000-0000-4000-8000-00000000001g"}', 'uuid with a non-hex digit');
SELECT pg_temp.bad('{"_id": "{0a000000-0000-4000-8000-000000000001"}', 'uuid with an unclosed brace');
SELECT pg_temp.bad('{"_id": "-0a000000-0000-4000-8000-000000000001"}', 'uuid with a leading hyphen');
SELECT pg_temp.bad('{"_id": ""}', 'empty string for a uuid');
SELECT pg_temp.bad('{"answeredByUserId": 5}', 'number for a uuid');
SELECT pg_temp.bad('{"_id": ["0a000000-0000-4000-8000-000000000001", "nope"]}', 'malformed uuid inside an array');
SELECT pg_temp.bad('{"_id": {"_type": "ObjectID", "value": "nope"}}', 'malformed uuid inside ObjectID');
SELECT pg_temp.bad('{"createdAt": "2026-13-01"}', 'date with month 13');
SELECT pg_temp.bad('{"createdAt": "2026-02-29"}', 'February 29 of a common year');
SELECT pg_temp.bad('{"createdAt": "2026-01-01T24:00:00Z"}', 'hour 24');
SELECT pg_temp.bad('{"createdAt": "2026-01-01T10:60:00Z"}', 'minute 60');
SELECT pg_temp.bad('{"createdAt": "2026-01-01T10:00:00+24:00"}', 'offset of 24 hours');
SELECT pg_temp.bad('{"createdAt": "yesterday"}', 'a word for a date');
SELECT pg_temp.bad('{"createdAt": "now"}', 'PostgreSQL''s special value now is not a date');
SELECT pg_temp.bad('{"createdAt": "infinity"}', 'infinity is not a date');
SELECT pg_temp.bad('{"createdAt": "01/03/2026"}', 'non-ISO date');
SELECT pg_temp.bad('{"createdAt": "2026-01-03T"}', 'dangling T');
SELECT pg_temp.bad('{"createdAt": ""}', 'empty string for a date');
SELECT pg_temp.bad('{"createdAt": 1767441600000}', 'a number (epoch milliseconds) for a date');
SELECT pg_temp.bad('{"startedAt": {"_type": "GreaterThan", "value": "2026-01-32"}}', 'malformed date in an operator');
SELECT pg_temp.bad('{"startedAt": {"_type": "DateTime", "value": "soon"}}', 'malformed date inside DateTime');
SELECT pg_temp.bad('{"repeatCount": "5"}', 'string for an integer');
SELECT pg_temp.bad('{"repeatCount": 5.5}', 'fraction for an integer');
SELECT pg_temp.bad('{"repeatCount": 5.000001}', 'small fraction for an integer');
SELECT pg_temp.bad('{"repeatCount": 12e-1}', 'exponent form of a fraction');
SELECT pg_temp.bad('{"repeatCount": 2147483648}', 'integer maximum + 1');
SELECT pg_temp.bad('{"repeatCount": -2147483649}', 'integer minimum - 1');
SELECT pg_temp.bad('{"repeatCount": 1e10}', 'out of range in exponent form');
SELECT pg_temp.bad('{"repeatCount": 1e400}', 'huge exponent');
SELECT pg_temp.bad('{"repeatCount": true}', 'boolean for an integer');
SELECT pg_temp.bad('{"repeatCount": [1, "2"]}', 'string inside an integer array');
SELECT pg_temp.bad('{"repeatCount": {"_type": "InBetween", "startValue": 0, "endValue": 1.5}}', 'fraction in InBetween');
SELECT pg_temp.bad('{"callDurationInSeconds": {"_type": "GreaterThan", "value": "60"}}', 'string for an integer in an operator');
SELECT pg_temp.bad('{"callerPhoneNumber": "555-1234"}', 'phone with punctuation');
SELECT pg_temp.bad('{"callerPhoneNumber": "+0155512300"}', 'phone whose first digit is 0');
SELECT pg_temp.bad('{"callerPhoneNumber": "+123456"}', 'phone with 6 digits');
SELECT pg_temp.bad('{"callerPhoneNumber": "+1234567890123456"}', 'phone with 16 digits');
SELECT pg_temp.bad('{"callerPhoneNumber": "+1 555 123 0001"}', 'phone with spaces');
SELECT pg_temp.bad('{"callerPhoneNumber": 15551230001}', 'number for a phone');
SELECT pg_temp.bad('{"routingPhoneNumber": {"_type": "Includes", "value": ["+15550000001", "call me"]}}', 'malformed phone inside Includes');
SELECT pg_temp.bad('{"status": 5}', 'number for status');
SELECT pg_temp.bad('{"statusMessage": true}', 'boolean for text');
SELECT pg_temp.bad('{"status": ["Completed", null]}', 'null inside an IN list');
SELECT pg_temp.bad('{"status": [["Completed"]]}', 'nested array inside an IN list');
SELECT pg_temp.bad('{"status": {"_type": "EqualTo", "value": ["Completed"]}}', 'array for EqualTo');

-------------------------------------------------------------------------------
-- Type errors (22023): text operators on uuid, number and date fields
-------------------------------------------------------------------------------
SELECT pg_temp.bad('{"_id": {"_type": "Search", "value": "0a"}}', 'Search on a uuid field');
SELECT pg_temp.bad('{"answeredByUserId": {"_type": "NotContains", "value": "1"}}', 'NotContains on a uuid field');
SELECT pg_temp.bad('{"callDurationInSeconds": {"_type": "StartsWith", "value": "1"}}', 'StartsWith on a number field');
SELECT pg_temp.bad('{"repeatCount": {"_type": "Search", "value": "1"}}', 'Search on a number field');
SELECT pg_temp.bad('{"createdAt": {"_type": "EndsWith", "value": "Z"}}', 'EndsWith on a date field');
SELECT pg_temp.bad('{"startedAt": {"_type": "NotContains", "value": "2026"}}', 'NotContains on a date field');
SELECT pg_temp.bad('{"createdAt": {"_type": "MultiSearch", "fields": ["statusMessage"], "value": "a"}}', 'MultiSearch keyed by a date field');
SELECT pg_temp.bad('{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "repeatCount"], "value": "1"}}', 'MultiSearch over a number field');
SELECT pg_temp.bad('{"statusMessage": {"_type": "MultiSearch", "fields": ["projectId"], "value": "a"}}', 'MultiSearch over a uuid field');
SELECT pg_temp.bad('{"statusMessage": {"_type": "MultiSearch", "fields": ["nope"], "value": "a"}}', 'MultiSearch over an unknown field');
SELECT pg_temp.bad('{"statusMessage": {"_type": "MultiSearch", "fields": ["answeredByUser"], "value": "a"}}', 'MultiSearch over a relation');
SELECT pg_temp.bad('{"statusMessage": {"_type": "MultiSearch", "fields": "statusMessage", "value": "a"}}', 'MultiSearch fields not an array');
SELECT pg_temp.bad('{"statusMessage": {"_type": "MultiSearch", "fields": [1], "value": "a"}}', 'MultiSearch field name not a string');
SELECT pg_temp.bad('{"statusMessage": {"_type": "Search", "value": 5}}', 'Search value not a string');
SELECT pg_temp.bad('{"createdAt": {"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000001"}}', 'ObjectID on a date field');
SELECT pg_temp.bad('{"_id": {"_type": "DateTime", "value": "2026-01-01"}}', 'DateTime on a uuid field');
SELECT pg_temp.bad('{"status": {"_type": "ObjectID", "value": "Completed"}}', 'ObjectID on a text field');

-------------------------------------------------------------------------------
-- Malformed operator objects (22023)
-------------------------------------------------------------------------------
SELECT pg_temp.bad('{"repeatCount": {"_type": "EqualTo", "value": null}}', 'EqualTo with "value": null');
SELECT pg_temp.bad('{"repeatCount": {"_type": "NotEqual", "value": null}}', 'NotEqual with "value": null');
SELECT pg_temp.bad('{"startedAt": {"_type": "GreaterThan", "value": null}}', 'GreaterThan with "value": null');
SELECT pg_temp.bad('{"startedAt": {"_type": "LessThanOrNull", "value": null}}', 'LessThanOrNull with "value": null');
SELECT pg_temp.bad('{"repeatCount": {"_type": "InBetween", "startValue": null, "endValue": 1}}', 'InBetween with "startValue": null');
SELECT pg_temp.bad('{"statusMessage": {"_type": "Search", "value": null}}', 'Search with "value": null');
SELECT pg_temp.bad('{"status": {"_type": "Includes", "value": null}}', 'Includes with "value": null');
SELECT pg_temp.bad('{"_id": {"_type": "ObjectID", "value": null}}', 'ObjectID with "value": null');
SELECT pg_temp.bad('{"repeatCount": {"_type": "EqualTo"}}', 'EqualTo without value');
SELECT pg_temp.bad('{"startedAt": {"_type": "GreaterThanOrEqual"}}', 'GreaterThanOrEqual without value');
SELECT pg_temp.bad('{"repeatCount": {"_type": "InBetween", "startValue": 0}}', 'InBetween without endValue');
SELECT pg_temp.bad('{"repeatCount": {"_type": "InBetween", "endValue": 0}}', 'InBetween without startValue');
SELECT pg_temp.bad('{"repeatCount": {"_type": "InBetween", "value": 0}}', 'InBetween with value instead of its ends');
SELECT pg_temp.bad('{"statusMessage": {"_type": "StartsWith"}}', 'StartsWith without value');
SELECT pg_temp.bad('{"status": {"_type": "IncludesNone"}}', 'IncludesNone without value');
SELECT pg_temp.bad('{"statusMessage": {"_type": "MultiSearch", "value": "a"}}', 'MultiSearch without fields');
SELECT pg_temp.bad('{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage"]}}', 'MultiSearch without value');
SELECT pg_temp.bad('{"createdAt": {"_type": "DateTime"}}', 'DateTime without value');
SELECT pg_temp.bad('{"repeatCount": {"_type": "EqualTo", "value": 1, "extra": 2}}', 'unknown extra member in EqualTo');
SELECT pg_temp.bad('{"repeatCount": {"_type": "InBetween", "startValue": 0, "endValue": 1, "inclusive": false}}', 'unknown extra member in InBetween');
SELECT pg_temp.bad('{"endedAt": {"_type": "IsNull", "value": null}}', 'IsNull takes no value');
SELECT pg_temp.bad('{"endedAt": {"_type": "NotNull", "value": true}}', 'NotNull takes no value');
SELECT pg_temp.bad('{"statusMessage": {"_type": "Search", "value": "a", "caseSensitive": true}}', 'unknown extra member in Search');
SELECT pg_temp.bad('{"status": {"_type": "Includes", "value": ["Busy"], "fields": []}}', 'unknown extra member in Includes');
SELECT pg_temp.bad('{"_id": {"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000001", "x": 1}}', 'unknown extra member in ObjectID');
SELECT pg_temp.bad('{"status": {"_type": "Includes", "value": "Busy"}}', 'Includes value not an array');
SELECT pg_temp.bad('{"repeatCount": {"_type": "Equals", "value": 1}}', 'unknown _type');
SELECT pg_temp.bad('{"repeatCount": {"_type": "equalto", "value": 1}}', '_type is case-sensitive');
SELECT pg_temp.bad('{"repeatCount": {"_type": "", "value": 1}}', 'empty _type');
SELECT pg_temp.bad('{"repeatCount": {"_type": 1, "value": 1}}', '_type not a string');
SELECT pg_temp.bad('{"repeatCount": {"_type": null, "value": 1}}', '_type null');
SELECT pg_temp.bad('{"repeatCount": {"value": 1}}', 'object without _type');
SELECT pg_temp.bad('{"repeatCount": {}}', 'empty object');
SELECT pg_temp.bad('{"repeatCount": {"_type": "EqualTo", "value": 1, "value": 2}}', 'a member named twice in an operator');

-------------------------------------------------------------------------------
-- Keys that cannot be filtered; malformed query (22023)
-------------------------------------------------------------------------------
SELECT pg_temp.bad('{"project": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}', 'relation project cannot be filtered');
SELECT pg_temp.bad('{"incomingCallPolicy": "a1000000-0000-4000-8000-000000000001"}', 'relation incomingCallPolicy cannot be filtered');
SELECT pg_temp.bad('{"answeredByUser": null}', 'relation answeredByUser cannot be filtered (null)');
SELECT pg_temp.bad('{"answeredByUser": {"_type": "IsNull"}}', 'relation answeredByUser cannot be filtered (IsNull)');
SELECT pg_temp.bad('{"project": {"name": "Alpha Support"}}', 'relation fields cannot be filtered');
SELECT pg_temp.bad('{"nope": 1}', 'unknown field');
SELECT pg_temp.bad('{"Status": "Completed"}', 'field names are case-sensitive');
SELECT pg_temp.bad('{"call_duration_in_seconds": 0}', 'column names are not JSON names');
SELECT pg_temp.bad('{"status": "Busy", "status": "Failed"}', 'a key named twice');
SELECT pg_temp.bad('[]', 'query as an array');
SELECT pg_temp.bad('"status"', 'query as a string');
SELECT pg_temp.bad('1', 'query as a number');

-------------------------------------------------------------------------------
-- Messages quote the offending key or value
-------------------------------------------------------------------------------
SELECT throws_like($$SELECT incoming_call_log.count('{"nope": 1}')$$, '%"nope"%', 'unknown field is named in the message');
SELECT throws_like($$SELECT incoming_call_log.count('{"answeredByUser": null}')$$, '%"answeredByUser"%', 'relation is named in the message');
SELECT throws_like($$SELECT incoming_call_log.count('{"repeatCount": {"_type": "Equals", "value": 1}}')$$, '%Equals%', 'unknown operator is named in the message');
SELECT throws_like($$SELECT incoming_call_log.count('{"createdAt": "2026-13-01"}')$$, '%2026-13-01%', 'malformed date is quoted in the message');
SELECT throws_like($$SELECT incoming_call_log.count('{"repeatCount": 5.5}')$$, '%5.5%', 'fraction is quoted in the message');
SELECT throws_like($$SELECT incoming_call_log.count('{"repeatCount": {"_type": "EqualTo", "value": 1, "extra": 2}}')$$, '%extra%', 'extra member is named in the message');

-------------------------------------------------------------------------------
-- Filters keep to the key's project
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_b');
SELECT is((incoming_call_log.count('{"callProviderCallId": "CA0001"}')).count,
          (SELECT count(*) FROM incoming_call_log.call_log
            WHERE project_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' AND call_provider_call_id = 'CA0001'),
          'project B''s key counts only B''s rows for the same filter');
SELECT is((incoming_call_log.count('{"statusMessage": {"_type": "Search", "value": "secret"}}')).count,
          (SELECT count(*) FROM incoming_call_log.call_log
            WHERE project_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' AND strpos(lower(status_message), 'secret') > 0),
          'project B''s key searches only B''s rows');

SELECT * FROM finish();
ROLLBACK;
