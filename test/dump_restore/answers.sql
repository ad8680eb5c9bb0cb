-- test/dump_restore/answers.sql — what the API answers; compared between
-- the original database and its restored copy.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
SELECT set_config('request.headers', json_build_object('apikey', key)::text, false) IS NOT NULL FROM dump_key WHERE label = 'a_member';
SELECT row_to_json(incoming_call_log.get_list('{"status": true, "createdAt": true, "updatedAt": true, "answeredByUser": {"name": true, "email": true}, "incomingCallPolicy": {"name": true, "routingPhoneNumber": true}}', NULL, NULL, 0, 100));
SELECT set_config('request.headers', json_build_object('apikey', key)::text, false) IS NOT NULL FROM dump_key WHERE label = 'b';
SELECT row_to_json(incoming_call_log.count());
SELECT set_config('request.headers', json_build_object('apikey', key)::text, false) IS NOT NULL FROM dump_key WHERE label = 'a_revoked';
DO $$ BEGIN PERFORM incoming_call_log.count(); RAISE NOTICE 'revoked key read'; EXCEPTION WHEN SQLSTATE 'PT401' THEN RAISE NOTICE 'revoked key refused'; END $$;
SELECT set_config('request.headers', '{"tenantid": "cccccccc-cccc-4ccc-8ccc-cccccccccccc"}', false) IS NOT NULL;
SET ROLE icl_dump_reader;
SELECT row_to_json(incoming_call_log.count());
RESET ROLE;
SET ROLE icl_dump_admin;
SELECT set_config('request.headers', '{"tenantid": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}', false) IS NOT NULL;
SELECT row_to_json(incoming_call_log.count());
RESET ROLE;
SELECT count(*) || ' keys, ' || count(*) FILTER (WHERE revoked_at IS NOT NULL) || ' revoked' FROM incoming_call_log.api_key;
SELECT string_agg(role::text || ':' || permissions::text, ',') FROM incoming_call_log.access_grant;
SELECT string_agg(role::text || ':' || capability, ',') FROM incoming_call_log.role_capability;
