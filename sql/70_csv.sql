-- The CSV forms (doc/reference.md), exact bodies, printed unaligned without headers
-- so quotes, CR, LF and spaces show as they are (every body ends with a line
-- feed, so a blank line follows it).  get_list_csv's response.headers is
-- read in the same transaction, as PostgREST reads it.
\pset format unaligned
\pset tuples_only on
SELECT as_key('a_read') \gset

-- The API reference's three example requests, in CSV.
BEGIN;
SELECT incoming_call_log.get_list_csv(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Example status"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 10);
SELECT current_setting('response.headers');
COMMIT;
BEGIN;
SELECT incoming_call_log.get_list_csv(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Completed"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 10);
SELECT current_setting('response.headers');
COMMIT;
SELECT incoming_call_log.get_item_csv('0a000000-0000-4000-8000-000000000011',
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}');
SELECT incoming_call_log.count_csv(query => '{"status": "Example status"}');
SELECT incoming_call_log.count_csv(query => '{"status": "Completed"}');

-- Relations with their fields, and null relations: a null relation leaves
-- all of its columns empty.
BEGIN;
SELECT incoming_call_log.get_list_csv(
    "select" => '{"answeredByUser": {"name": true, "email": true}, "incomingCallPolicy": {"routingPhoneNumber": true},
                  "project": {"name": true}, "callerPhoneNumber": true}',
    sort     => '{"callerPhoneNumber": "ASC"}',
    "limit"  => 6);
SELECT current_setting('response.headers');
COMMIT;

-- Every field, in the order the select names them.
SELECT incoming_call_log.get_item_csv('0a000000-0000-4000-8000-000000000010',
    "select" => '{"repeatCount": true, "currentEscalationRuleOrder": true, "answeredByUserId": true, "endedAt": true,
                  "startedAt": true, "outgoingCallCostInUSDCents": true, "incomingCallCostInUSDCents": true,
                  "callCostInUSDCents": true, "callDurationInSeconds": true, "statusMessage": true, "status": true,
                  "callProviderCallId": true, "routingPhoneNumber": true, "callerPhoneNumber": true,
                  "incomingCallPolicyId": true, "projectId": true, "updatedAt": true, "createdAt": true}');

-- Values that need quoting: commas, quotes, CR, LF, a tab (no quoting),
-- leading and trailing spaces; and values that do not (a leading "+").
BEGIN;
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, created_at, updated_at,
                                        caller_phone_number, status, status_message, call_provider_call_id)
VALUES
    ('0a000000-0000-4000-8000-0000000000c1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '2027-01-01T00:00:01Z', '2027-01-01T00:00:01Z', '+15550001111', 'Completed', 'a, b', 'plain'),
    ('0a000000-0000-4000-8000-0000000000c2', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '2027-01-01T00:00:02Z', '2027-01-01T00:00:02Z', '+15550002222', 'Completed', 'say "hi"', '"'),
    ('0a000000-0000-4000-8000-0000000000c3', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '2027-01-01T00:00:03Z', '2027-01-01T00:00:03Z', '+15550003333', 'Completed', E'cr\rhere', E'lf\nhere'),
    ('0a000000-0000-4000-8000-0000000000c4', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '2027-01-01T00:00:04Z', '2027-01-01T00:00:04Z', '+15550004444', 'Completed', ' leading', 'trailing '),
    ('0a000000-0000-4000-8000-0000000000c5', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '2027-01-01T00:00:05Z', '2027-01-01T00:00:05Z', NULL, 'Completed', E'tab\there', ''),
    ('0a000000-0000-4000-8000-0000000000c6', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
     '2027-01-01T00:00:06Z', '2027-01-01T00:00:06Z', '+15550006666', 'Completed', 'in the middle is fine', ' ');
SELECT incoming_call_log.get_list_csv(
    "select" => '{"statusMessage": true, "callProviderCallId": true, "callerPhoneNumber": true}',
    query    => '{"createdAt": {"_type": "GreaterThanOrEqual", "value": "2027-01-01"}}',
    sort     => '{"createdAt": "ASC"}');
ROLLBACK;

-- An empty page is the header alone; Content-Range is */COUNT.
BEGIN;
SELECT incoming_call_log.get_list_csv(
    "select" => '{"status": true, "answeredByUser": {"name": true}}', skip => 100);
SELECT current_setting('response.headers');
COMMIT;
BEGIN;
SELECT incoming_call_log.get_list_csv(query => '{"status": "Busy"}', skip => 1);
SELECT current_setting('response.headers');
COMMIT;
-- A middle page.
BEGIN;
SELECT incoming_call_log.get_list_csv(skip => 10, "limit" => 5);
SELECT current_setting('response.headers');
COMMIT;

-- The CSV calls refuse exactly as the JSON ones do.
\pset tuples_only off
SELECT api_error($$SELECT incoming_call_log.get_list_csv("select" => '{"nope": true}')$$) AS "bad select";
SELECT api_error($$SELECT incoming_call_log.get_item_csv('0b000000-0000-4000-8000-000000000001')$$) AS "another project's item";
SELECT as_key('a_none') \gset
SELECT api_error($$SELECT incoming_call_log.count_csv()$$) AS "no read permission";
SELECT set_config('request.headers', '', false) \gset
SELECT api_error($$SELECT incoming_call_log.get_list_csv(skip => -1)$$) AS "no key, bad skip";
