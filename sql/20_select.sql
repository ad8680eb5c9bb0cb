-- select: every form of the projection (doc/reference.md "select", "Response
-- encoding"), for get_list and get_item, on project A's fixture logs.
-- Bodies are printed unaligned, one object per line; key order is pinned.
SELECT as_key('a_read') \gset
\pset format unaligned

-- Missing, null and {} select: only _id.  Default sort (createdAt DESC) and
-- limit 2, so the envelope is pinned too.
SELECT row_to_json(incoming_call_log.get_list("limit" => 2));
SELECT row_to_json(incoming_call_log.get_list("select" => NULL, "limit" => 2));
SELECT row_to_json(incoming_call_log.get_list("select" => 'null', "limit" => 2));
SELECT row_to_json(incoming_call_log.get_list("select" => '{}', "limit" => 2));
SELECT row_to_json(incoming_call_log.get_list("select" => ' { } ', "limit" => 2));

-- _id true / false: _id is returned either way, and always first.
SELECT row_to_json(incoming_call_log.get_list("select" => '{"_id": true}', "limit" => 2));
SELECT row_to_json(incoming_call_log.get_list("select" => '{"_id": false}', "limit" => 2));
SELECT row_to_json(incoming_call_log.get_list("select" => '{"status": true, "_id": true}', "limit" => 2));
SELECT row_to_json(incoming_call_log.get_list("select" => '{"status": true, "_id": false}', "limit" => 2));

-- Each plain field on its own, for log 0a..01 (every column filled) and
-- 0a..09 (nulls where the schema allows them).
SELECT f AS field,
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', json_build_object(f, true)) AS log_01,
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000009', json_build_object(f, true)) AS log_09
FROM unnest(ARRAY['createdAt', 'updatedAt', 'projectId', 'incomingCallPolicyId',
                  'callerPhoneNumber', 'routingPhoneNumber', 'callProviderCallId', 'status',
                  'statusMessage', 'callDurationInSeconds', 'callCostInUSDCents',
                  'incomingCallCostInUSDCents', 'outgoingCallCostInUSDCents', 'startedAt',
                  'endedAt', 'answeredByUserId', 'currentEscalationRuleOrder', 'repeatCount'])
     WITH ORDINALITY AS t(f, n)
ORDER BY n;

-- A field set to false is left out; the remaining keys keep the select's order.
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001',
    '{"status": false, "repeatCount": true, "callerPhoneNumber": false, "createdAt": true}');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001',
    '{"status": false, "callerPhoneNumber": false}');

-- Keys come back in the order the select names them, _id first wherever
-- the select names it (compare the catalog order used by the SQL).
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001',
    '{"repeatCount": true, "status": true, "_id": true, "createdAt": true, "callerPhoneNumber": true}');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001',
    '{"createdAt": true, "callerPhoneNumber": true, "status": true, "repeatCount": true}');
SELECT json_array_elements(data) FROM incoming_call_log.get_list(
    "select" => '{"answeredByUser": {"email": true, "name": true}, "status": true, "project": true, "_id": true, "projectId": true}',
    "limit" => 3);

-- Relation project: true, {}, {"_id": true}, {"_id": false}, all fields,
-- fields in another order, all fields false, false.
SELECT v AS "select",
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', v::json) AS body
FROM unnest(ARRAY[
    '{"project": true}',
    '{"project": {}}',
    '{"project": {"_id": true}}',
    '{"project": {"_id": false}}',
    '{"project": {"name": true}}',
    '{"project": {"_id": true, "name": true, "createdAt": true, "updatedAt": true}}',
    '{"project": {"updatedAt": true, "name": true, "createdAt": true}}',
    '{"project": {"name": false, "createdAt": false}}',
    '{"project": {"name": false, "updatedAt": true}}',
    '{"project": false}',
    '{"project": false, "projectId": true}'])
     WITH ORDINALITY AS t(v, n)
ORDER BY n;

-- Relation incomingCallPolicy: its own readable fields include projectId and
-- routingPhoneNumber.  Log 0a..01 uses policy a1..01 (routing number set);
-- 0a..03 uses a1..02 (routing number null).
SELECT v AS "select",
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', v::json) AS log_01,
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', v::json) AS log_03
FROM unnest(ARRAY[
    '{"incomingCallPolicy": true}',
    '{"incomingCallPolicy": {}}',
    '{"incomingCallPolicy": {"_id": true}}',
    '{"incomingCallPolicy": {"name": true, "routingPhoneNumber": true}}',
    '{"incomingCallPolicy": {"_id": true, "name": true, "createdAt": true, "updatedAt": true, "projectId": true, "routingPhoneNumber": true}}',
    '{"incomingCallPolicy": {"projectId": true, "_id": true, "updatedAt": true}}',
    '{"incomingCallPolicy": {"name": false}}',
    '{"incomingCallPolicy": false, "incomingCallPolicyId": true}'])
     WITH ORDINALITY AS t(v, n)
ORDER BY n;

-- Relation answeredByUser: Ada on 0a..01; Grace on 0a..11 (updatedAt with
-- milliseconds); user 3333 with null name and email on 0a..10; no user on
-- 0a..02, where the relation is null in every form.
SELECT v AS "select",
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', v::json) AS log_01,
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000011', v::json) AS log_11,
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000010', v::json) AS log_10,
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000002', v::json) AS log_02
FROM unnest(ARRAY[
    '{"answeredByUser": true}',
    '{"answeredByUser": {}}',
    '{"answeredByUser": {"_id": true}}',
    '{"answeredByUser": {"_id": false}}',
    '{"answeredByUser": {"name": true, "email": true}}',
    '{"answeredByUser": {"_id": true, "name": true, "email": true, "createdAt": true, "updatedAt": true}}',
    '{"answeredByUser": {"email": false, "name": false}}',
    '{"answeredByUser": true, "answeredByUserId": true}',
    '{"answeredByUserId": true, "answeredByUser": {"updatedAt": true}}',
    '{"answeredByUser": false}'])
     WITH ORDINALITY AS t(v, n)
ORDER BY n;

-- The three relations together, in the select's order, over a page where
-- some logs have no user.
SELECT json_array_elements(data) FROM incoming_call_log.get_list(
    "select" => '{"answeredByUser": {"name": true}, "incomingCallPolicy": {"name": true}, "project": {"name": true}}',
    sort => '{"_id": "ASC"}', "limit" => 4);

-- All fields at once, in the API reference's order, for every log of
-- project A (list), and the same for get_item of 0a..03 and 0a..12.
\set all_fields '{"_id": true, "createdAt": true, "updatedAt": true, "project": {"name": true, "createdAt": true, "updatedAt": true}, "projectId": true, "incomingCallPolicy": {"name": true, "createdAt": true, "updatedAt": true, "projectId": true, "routingPhoneNumber": true}, "incomingCallPolicyId": true, "callerPhoneNumber": true, "routingPhoneNumber": true, "callProviderCallId": true, "status": true, "statusMessage": true, "callDurationInSeconds": true, "callCostInUSDCents": true, "incomingCallCostInUSDCents": true, "outgoingCallCostInUSDCents": true, "startedAt": true, "endedAt": true, "answeredByUser": {"name": true, "email": true, "createdAt": true, "updatedAt": true}, "answeredByUserId": true, "currentEscalationRuleOrder": true, "repeatCount": true}'
SELECT count, "limit", skip FROM incoming_call_log.get_list("select" => :'all_fields', sort => '{"_id": "ASC"}', "limit" => 100);
SELECT json_array_elements(data) FROM incoming_call_log.get_list("select" => :'all_fields', sort => '{"_id": "ASC"}', "limit" => 100);
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', :'all_fields');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000012', :'all_fields');

-- All plain fields with true, in reverse order: the keys follow the select.
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000011',
    '{"repeatCount": true, "currentEscalationRuleOrder": true, "answeredByUserId": true, "endedAt": true, "startedAt": true, "outgoingCallCostInUSDCents": true, "incomingCallCostInUSDCents": true, "callCostInUSDCents": true, "callDurationInSeconds": true, "statusMessage": true, "status": true, "callProviderCallId": true, "routingPhoneNumber": true, "callerPhoneNumber": true, "incomingCallPolicyId": true, "projectId": true, "updatedAt": true, "createdAt": true}');

-- get_item with no select, null select and {}: only _id.
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000005');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000005', NULL);
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000005', 'null');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000005', '{}');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000005', '{"_id": false}');

-- Named-argument form, as PostgREST calls it.
SELECT incoming_call_log.get_item(id => '0a000000-0000-4000-8000-000000000005', "select" => '{"status": true}');

-- Every read permission sees the same bodies.
SELECT as_key('a_owner') \gset
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "answeredByUser": {"name": true}}');
SELECT as_key('a_admin') \gset
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "answeredByUser": {"name": true}}');
SELECT as_key('a_member') \gset
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "answeredByUser": {"name": true}}');
SELECT as_key('a_readall') \gset
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "answeredByUser": {"name": true}}');
SELECT as_key('a_read') \gset
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "answeredByUser": {"name": true}}');
