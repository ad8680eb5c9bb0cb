-- test/select_all.sql — every field at once (issue 16, doc/select-all.md):
-- the select "*" (a JSON string) and the key "*": true (in the select object
-- or a relation's object) give every readable field in the catalog's order,
-- relations left out; false leaves a field out wherever "*" stands; a field
-- named again keeps its first place.  A missing or null select still
-- answers _id alone (doc/reference.md), and anything else that is not an object is
-- still 22023.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(22);

\set all_fields '{_id,createdAt,updatedAt,projectId,incomingCallPolicyId,callerPhoneNumber,routingPhoneNumber,callProviderCallId,status,statusMessage,callDurationInSeconds,callCostInUSDCents,incomingCallCostInUSDCents,outgoingCallCostInUSDCents,startedAt,endedAt,answeredByUserId,currentEscalationRuleOrder,repeatCount}'
\set explicit '{"createdAt": true, "updatedAt": true, "projectId": true, "incomingCallPolicyId": true, "callerPhoneNumber": true, "routingPhoneNumber": true, "callProviderCallId": true, "status": true, "statusMessage": true, "callDurationInSeconds": true, "callCostInUSDCents": true, "incomingCallCostInUSDCents": true, "outgoingCallCostInUSDCents": true, "startedAt": true, "endedAt": true, "answeredByUserId": true, "currentEscalationRuleOrder": true, "repeatCount": true}'
-- A call of project A answered by a user, so relations are not null.
SELECT id AS item FROM incoming_call_log.call_log
 WHERE project_id = :'A' AND answered_by_user_id IS NOT NULL ORDER BY id LIMIT 1 \gset

CREATE FUNCTION pg_temp.keys_of(j json) RETURNS text[] LANGUAGE sql AS $$
    SELECT array_agg(k ORDER BY n) FROM json_object_keys(j) WITH ORDINALITY AS t(k, n)
$$;
CREATE FUNCTION pg_temp.item(sel text) RETURNS json LANGUAGE sql AS $$
    SELECT incoming_call_log.get_item(current_setting('icl_test.item'), sel::json)
$$;
SELECT set_config('icl_test.item', :'item', true);

SELECT pg_temp.present_key(:'key_a_read');

SELECT is(pg_temp.keys_of(pg_temp.item('"*"')), :'all_fields'::text[],
          'select "*": the 19 fields, _id first, in the API reference''s order, relations left out');
SELECT is(pg_temp.item('"*"')::text, pg_temp.item(:'explicit')::text,
          'select "*" answers exactly what naming the 18 other fields answers');
SELECT is(pg_temp.item('{"*": true}')::text, pg_temp.item('"*"')::text, '{"*": true} is the same as "*"');
SELECT is(pg_temp.keys_of(pg_temp.item(NULL)), '{_id}', 'no select: _id alone, as doc/reference.md says');
SELECT is(pg_temp.keys_of(pg_temp.item('null')), '{_id}', 'JSON null select: _id alone');
SELECT is(pg_temp.keys_of(pg_temp.item('{}')), '{_id}', 'empty select: _id alone');
SELECT is(pg_temp.keys_of(pg_temp.item('{"*": false}')), '{_id}', '{"*": false}: nothing more than _id');

SELECT is(pg_temp.keys_of(pg_temp.item('{"*": true, "statusMessage": false, "_id": false}')),
          array_remove(:'all_fields'::text[], 'statusMessage'),
          'a field set to false after "*" is left out (_id still returned)');
SELECT is(pg_temp.keys_of(pg_temp.item('{"statusMessage": false, "*": true}')),
          array_remove(:'all_fields'::text[], 'statusMessage'),
          'a field set to false before "*" is left out too');
SELECT is(pg_temp.keys_of(pg_temp.item('{"status": true, "*": true, "createdAt": true}')),
          ARRAY['_id', 'status'] || array_remove(array_remove(:'all_fields'::text[], '_id'), 'status'),
          'fields named before "*" keep their place; named again after it, they keep the first');
SELECT is(pg_temp.keys_of(pg_temp.item('{"*": true, "answeredByUser": {"*": true}, "project": true}')),
          :'all_fields'::text[] || ARRAY['answeredByUser', 'project'],
          'relations follow "*" where they are named');
SELECT is(pg_temp.keys_of(pg_temp.item('{"answeredByUser": {"*": true}}') -> 'answeredByUser'),
          '{_id,name,email,createdAt,updatedAt}', 'a relation''s {"*": true}: every field readable through it');
SELECT is((pg_temp.item('{"answeredByUser": {"*": true}}') -> 'answeredByUser')::text,
          (pg_temp.item('{"answeredByUser": {"name": true, "email": true, "createdAt": true, "updatedAt": true}}') -> 'answeredByUser')::text,
          'a relation''s {"*": true} answers what naming its fields answers');
SELECT is(pg_temp.keys_of(pg_temp.item('{"incomingCallPolicy": {"*": true, "routingPhoneNumber": false}}') -> 'incomingCallPolicy'),
          '{_id,name,createdAt,updatedAt,projectId}', 'a relation''s "*" with a field left out');

-- The list, the CSV forms and the cursor-free calls share the projection.
SELECT is((SELECT array_agg(DISTINCT pg_temp.keys_of(e)::text)
             FROM json_array_elements((incoming_call_log.get_list('"*"', NULL, NULL, 0, 100)).data) AS e),
          ARRAY[(:'all_fields'::text[])::text], 'get_list with "*": every object has the 19 fields');
SELECT is((incoming_call_log.get_list('"*"', NULL, NULL, 0, 100)).data::text,
          (incoming_call_log.get_list(:'explicit', NULL, NULL, 0, 100)).data::text,
          'get_list with "*" answers what the explicit select answers');
SELECT is(split_part(incoming_call_log.get_item_csv(:'item', '"*"')::text, E'\n', 1),
          array_to_string(:'all_fields'::text[], ','), 'get_item_csv with "*": the 19 columns');
SELECT is(incoming_call_log.get_list_csv('{"*": true}', NULL, NULL, 0, 100)::text,
          incoming_call_log.get_list_csv(:'explicit', NULL, NULL, 0, 100)::text,
          'get_list_csv with {"*": true} answers what the explicit select answers');

-- Still errors: other strings, "*" not true/false, and the caller first.
SELECT throws_ok($$SELECT pg_temp.item('"all"')$$, '22023', '"select" must be an object or "*", not a string',
                 'a string other than "*" is 22023, and the message names "*"');
SELECT throws_ok($$SELECT pg_temp.item('{"*": 1}')$$, '22023', 'invalid value 1 for "*" in "select"',
                 '"*" with a value other than true or false is 22023');
SELECT throws_ok($$SELECT pg_temp.item('{"answeredByUser": {"*": "yes"}}')$$, '22023',
                 'invalid value "yes" for "*" in "select.answeredByUser"', 'the same inside a relation');
SELECT pg_temp.present_key(:'key_a_expired');
SELECT throws_ok($$SELECT pg_temp.item('"*"')$$, 'PT401', 'API key has expired', 'the caller is checked first');

SELECT * FROM finish();
ROLLBACK;
