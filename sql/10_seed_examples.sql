-- The API reference's three example requests, answered for project A's
-- ReadProjectIncomingCallLog key.  Bodies exactly as in the reference.
SELECT as_key('a_read') \gset

-- POST /api/incoming-call-log/get-list?skip=0&limit=10
SELECT row_to_json(incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Example status"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 10));
SELECT to_jsonb(incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Example status"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 10));

-- The same body with a status that has rows.
SELECT jsonb_pretty(to_jsonb(incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Completed"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 10)));
SELECT row_to_json(incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Completed"}',
    sort     => '{"createdAt": -1}'));

-- POST /api/incoming-call-log/:id/get-item
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000011',
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000002',
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}');

-- POST /api/incoming-call-log/count
SELECT row_to_json(incoming_call_log.count(query => '{"status": "Example status"}'));
SELECT row_to_json(incoming_call_log.count(query => '{"status": "Completed"}'));
SELECT to_jsonb(incoming_call_log.count());
