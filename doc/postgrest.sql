-- PostgREST 12 or 13 in front of incoming_call_log: the extension, the roles
-- and the grants.  Run it as a superuser in the API's database:
--   psql -v authenticator_password='…' -d mydb -f doc/postgrest.sql
CREATE EXTENSION IF NOT EXISTS incoming_call_log;

-- The API role.  PostgREST switches to it for every request: callers present
-- an ApiKey header, not a JWT, so it is PostgREST's anonymous role
-- (db-anon-role), and the extension authenticates the key itself.  It may use
-- the schema and execute the API's calls and their CSV forms; nothing else.
CREATE ROLE icl_api NOLOGIN;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_api;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json),
                          incoming_call_log.get_page(json, json, json, integer, text),
                          incoming_call_log.get_changes(json, json, text, integer),
                          incoming_call_log.get_aggregate(json, json, json, json, integer),
                          incoming_call_log.get_list_csv(json, json, json, integer, integer),
                          incoming_call_log.get_item_csv(text, json),
                          incoming_call_log.count_csv(json),
                          incoming_call_log.get_aggregate_csv(json, json, json, json, integer) TO icl_api;

-- The role PostgREST logs in as.  NOINHERIT: it holds no privilege of its own
-- until PostgREST switches to icl_api.
CREATE ROLE authenticator LOGIN NOINHERIT PASSWORD :'authenticator_password';
GRANT icl_api TO authenticator;
