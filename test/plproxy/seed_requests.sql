-- test/plproxy/seed_requests.sql — the API reference's three example
-- requests (get-list, get-item, count), exactly as demo/seed_requests.sql
-- sends them (and its "Completed" variants), presented with the demo key as
-- PostgREST would: run against the router and against one machine, the
-- outputs must be the same.  Variables: apikey, item_id.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
SET ROLE web_anon;
SELECT set_config('request.headers', json_build_object('apikey', :'apikey')::text, false) \g /dev/null

SELECT row_to_json(incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Example status"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 10));
SELECT row_to_json(incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Completed"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 3));
SELECT incoming_call_log.get_item(
    :'item_id',
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}');
SELECT row_to_json(incoming_call_log.count(query => '{"status": "Example status"}'));
SELECT row_to_json(incoming_call_log.count(query => '{"status": "Completed"}'));
