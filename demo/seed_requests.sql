-- demo/seed_requests.sql — the main job of bin/demo: install the extension
-- in a fresh database, fill it with demo data, make an API key, and answer
-- the three example requests of the API reference
-- (../shared/seed: get-list, get-item, count) exactly as written there.

\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on

CREATE EXTENSION incoming_call_log;
\set projects 3
\set logs 3000
\ir demo_data.sql

-- A key for the first project, with the "Read Incoming Call Log" permission,
-- presented the way PostgREST presents the ApiKey header.
SELECT incoming_call_log.create_api_key(md5('demo-project-1')::uuid, '{ReadProjectIncomingCallLog}',
                                        name => 'demo key') AS apikey \gset
SELECT set_config('request.headers', json_build_object('apikey', :'apikey')::text, false) \g /dev/null

SELECT format('== Demo data: %s call logs in %s projects; the API key reads project %s (%s, %s call logs)',
              (SELECT count(*) FROM incoming_call_log.call_log), (SELECT count(*) FROM incoming_call_log.project),
              p.id, p.name, (SELECT count(*) FROM incoming_call_log.call_log l WHERE l.project_id = p.id))
FROM incoming_call_log.project p WHERE id = md5('demo-project-1')::uuid;
\echo '   Responses below are the JSON bodies PostgREST sends for POST /rpc/<function> with the same body.'

\echo
\echo '== POST /api/incoming-call-log/get-list?skip=0&limit=10   (SQL: incoming_call_log.get_list)'
\echo '   body: select {incomingCallPolicyId, projectId, status, _id, answeredByUser}, query {"status": "Example status"}, sort {"createdAt": -1}'
SELECT row_to_json(incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Example status"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 10));

\echo
\echo '== The same list with a status the demo data has ("Completed"), first 3'
SELECT row_to_json(incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}',
    query    => '{"status": "Completed"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 3));

SELECT id AS item_id FROM incoming_call_log.call_log
WHERE project_id = md5('demo-project-1')::uuid AND answered_by_user_id IS NOT NULL
ORDER BY created_at DESC, id LIMIT 1 \gset

\echo
\echo '== POST /api/incoming-call-log/':item_id'/get-item   (SQL: incoming_call_log.get_item)'
\echo '   body: select {incomingCallPolicyId, projectId, status, _id, answeredByUser}'
SELECT incoming_call_log.get_item(
    :'item_id',
    "select" => '{"incomingCallPolicyId": true, "projectId": true, "status": true, "_id": true, "answeredByUser": true}');

\echo
\echo '== POST /api/incoming-call-log/count   (SQL: incoming_call_log.count)'
\echo '   body: query {"status": "Example status"}'
SELECT row_to_json(incoming_call_log.count(query => '{"status": "Example status"}'));

\echo
\echo '== The same count with status "Completed"'
SELECT row_to_json(incoming_call_log.count(query => '{"status": "Completed"}'));
