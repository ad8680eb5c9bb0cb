-- demo/seed_requests.sql — the tour bin/demo prints: install the extension
-- in a fresh database, fill it with demo data, make an API key, then make
-- the API's requests one by one.  Each is shown as the SQL psql runs (psql
-- echoes it: what you see is what ran), then as the PostgREST request a
-- client would send for the same answer (a curl command with the real JSON
-- body; PostgREST on localhost:3000 serving schema incoming_call_log, as
-- test/postgrest/recipe.sql sets it up), then the answer.
--
--   psql -X -f demo/seed_requests.sql      (in an empty database)

\set ON_ERROR_STOP 1
\set QUIET on
\pset format unaligned
\pset tuples_only on
\pset footer off

CREATE EXTENSION incoming_call_log;
\set projects 3
\set logs 3000
\o /dev/null
\ir demo_data.sql
\o

-- A key for the first project with the "Read Incoming Call Log" permission.
SELECT incoming_call_log.create_api_key(md5('demo-project-1')::uuid, '{ReadProjectIncomingCallLog}',
                                        name => 'demo key') AS apikey \gset
SELECT format('== Demo data: %s call logs in %s projects.  The API key made for project "%s" (%s call logs):',
              (SELECT count(*) FROM incoming_call_log.call_log), (SELECT count(*) FROM incoming_call_log.project),
              p.name, (SELECT count(*) FROM incoming_call_log.call_log l WHERE l.project_id = p.id))
FROM incoming_call_log.project p WHERE id = md5('demo-project-1')::uuid;
\echo
\echo '   ':apikey
\echo
\echo '   It is presented the way PostgREST presents the apikey request header: as the apikey member'
\echo '   of the setting request.headers.  SQL (false: for this whole session; with true, run it inside'
\echo '   BEGIN ... COMMIT, since in autocommit a transaction-local setting is gone at the next statement):'
\echo
\set ECHO queries
SELECT set_config('request.headers', json_build_object('apikey', :'apikey')::text, false) IS NOT NULL AS presented;
\set ECHO none
\echo
\echo '   In the requests below, KEY stands for the key:  KEY=':apikey

-- PostgREST answers an error with its HTTP status and a JSON body
-- {"code", "details", "hint", "message"}; this shows the same for a statement.
CREATE FUNCTION pg_temp.as_postgrest(statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    code text; message text; detail text; hint text;
BEGIN
    EXECUTE statement;
    RETURN 'HTTP 200';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN format(E'HTTP %s\n%s',
                  CASE WHEN code ~ '^PT[0-9]{3}$' THEN substr(code, 3)
                       WHEN code IN ('22023', '22P02', 'P0001') THEN '400'
                       WHEN code = '42501' THEN '401'
                       ELSE '500' END,
                  format('{"code":%s,"details":%s,"hint":%s,"message":%s}', to_json(code),
                         coalesce(to_json(nullif(detail, ''))::text, 'null'),
                         coalesce(to_json(nullif(hint, ''))::text, 'null'), to_json(message)));
END;
$$;

\echo
\echo '== 1. A list: completed calls, newest first, 3 of them, with who answered'
\echo
\echo '   PostgREST:'
\echo '   curl -s http://localhost:3000/rpc/get_list -H "apikey: $KEY" -H "Content-Type: application/json" \\'
\echo '        -d ''{"select": {"status": true, "callerPhoneNumber": true, "callDurationInSeconds": true, "answeredByUser": {"name": true}}, "query": {"status": "Completed"}, "sort": {"createdAt": -1}, "skip": 0, "limit": 3}'''
\echo
\echo '   SQL:'
\set ECHO queries
SELECT row_to_json(l) FROM incoming_call_log.get_list(
    "select" => '{"status": true, "callerPhoneNumber": true, "callDurationInSeconds": true, "answeredByUser": {"name": true}}',
    query    => '{"status": "Completed"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 3) AS l;
\set ECHO none

-- The newest answered call of the project, for get_item.
SELECT id AS item_id FROM incoming_call_log.call_log
WHERE project_id = md5('demo-project-1')::uuid AND status = 'Completed'
ORDER BY created_at DESC, id LIMIT 1 \gset

\echo
\echo '== 2. One call, every field ("select": "*"), and who answered it'
\echo
\echo '   PostgREST:'
\echo '   curl -s http://localhost:3000/rpc/get_item -H "apikey: $KEY" -H "Content-Type: application/json" \\'
\echo '        -d ''{"id": "':item_id'", "select": {"*": true, "answeredByUser": {"name": true, "email": true}}}'''
\echo
\echo '   SQL:'
\set ECHO queries
SELECT incoming_call_log.get_item(:'item_id', '{"*": true, "answeredByUser": {"name": true, "email": true}}');
\set ECHO none

\echo
\echo '== 3. A count with operators: long calls that ended this way or that'
\echo
\echo '   PostgREST:'
\echo '   curl -s http://localhost:3000/rpc/count -H "apikey: $KEY" -H "Content-Type: application/json" \\'
\echo '        -d ''{"query": {"callDurationInSeconds": {"_type": "GreaterThan", "value": 600}, "status": ["Completed", "CallerHungUp"]}}'''
\echo
\echo '   SQL:'
\set ECHO queries
SELECT row_to_json(c) FROM incoming_call_log.count(
    '{"callDurationInSeconds": {"_type": "GreaterThan", "value": 600}, "status": ["Completed", "CallerHungUp"]}') AS c;
\set ECHO none

\echo
\echo '== 4. The same list as CSV (PostgREST answers Content-Type: text/csv, and Content-Range: 0-2/COUNT)'
\echo
\echo '   PostgREST:'
\echo '   curl -s http://localhost:3000/rpc/get_list_csv -H "apikey: $KEY" -H "Content-Type: application/json" -H "Accept: text/csv" \\'
\echo '        -d ''{"select": {"status": true, "callerPhoneNumber": true, "callDurationInSeconds": true, "answeredByUser": {"name": true}}, "query": {"status": "Completed"}, "sort": {"createdAt": -1}, "skip": 0, "limit": 3}'''
\echo
\echo '   SQL:'
\set ECHO queries
SELECT incoming_call_log.get_list_csv(
    "select" => '{"status": true, "callerPhoneNumber": true, "callDurationInSeconds": true, "answeredByUser": {"name": true}}',
    query    => '{"status": "Completed"}',
    sort     => '{"createdAt": -1}',
    skip     => 0,
    "limit"  => 3);
\set ECHO none

\echo
\echo '== 5. Errors, with the HTTP status PostgREST answers and its JSON body'
\echo
\echo '   a) asking for 1000 rows at once'
\echo '   curl -s http://localhost:3000/rpc/get_list -H "apikey: $KEY" -H "Content-Type: application/json" -d ''{"limit": 1000}'''
\echo
\set ECHO queries
SELECT pg_temp.as_postgrest($$SELECT incoming_call_log.get_list("limit" => 1000)$$);
\set ECHO none
\echo
\echo '   b) a header name in another case (PostgREST lower-cases header names; a set_config by hand must too)'
\echo
\set ECHO queries
SELECT pg_temp.as_postgrest(format($$SELECT set_config('request.headers', %L, true), incoming_call_log.count()$$,
                                   json_build_object('ApiKey', :'apikey')));
\set ECHO none

\echo
\echo '== 6. How PostgreSQL runs a request (for DBAs, in psql: not an API call)'
\echo
\set ECHO queries
SELECT * FROM incoming_call_log.explain_list(query => '{"status": "Completed"}', sort => '{"createdAt": -1}', "limit" => 3);
\set ECHO none

-- bin/demo --keep: the key stays presented to this role in this database.
\if :{?keep_key}
SELECT format('ALTER ROLE %I IN DATABASE %I SET request.headers = %L',
              current_user, current_database(), json_build_object('apikey', :'apikey')) \gexec
\endif
