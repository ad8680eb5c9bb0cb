-- Bulk load (doc/loading-data.md) with the documented commands: the
-- extension owner \copy's CSV exports straight into the tables, parents
-- first; a writer role (grant_writer), which row-level security keeps from
-- COPY FROM, \copy's into a staging table and moves the rows with one
-- INSERT ... SELECT.  Explicit created_at / updated_at are kept (doc/reference.md); a
-- bad row fails its whole load, naming the rule.  Everything is rolled back
-- at the end (the role included).
BEGIN;
SET LOCAL TimeZone = 'UTC';
\copy incoming_call_log.project (id, name, created_at, updated_at) FROM 'test/fixtures/loading/project.csv' WITH (FORMAT csv, HEADER true)
\copy incoming_call_log.app_user (id, name, email, created_at, updated_at) FROM 'test/fixtures/loading/app_user.csv' WITH (FORMAT csv, HEADER true)
\copy incoming_call_log.call_policy (id, project_id, name, routing_phone_number, created_at, updated_at) FROM 'test/fixtures/loading/call_policy.csv' WITH (FORMAT csv, HEADER true)
-- The call logs, by a writer.
CREATE ROLE icl_loader;
SELECT incoming_call_log.grant_writer('icl_loader');
SET ROLE icl_loader;
CREATE TEMP TABLE call_log_csv (LIKE incoming_call_log.call_log INCLUDING DEFAULTS);
\copy call_log_csv (id, project_id, incoming_call_policy_id, caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message, call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents, started_at, ended_at, answered_by_user_id, current_escalation_rule_order, repeat_count, created_at, updated_at) FROM 'test/fixtures/loading/call_log.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO incoming_call_log.call_log SELECT * FROM call_log_csv;
RESET ROLE;
SELECT id, status, status_message, caller_phone_number, answered_by_user_id, created_at, updated_at
  FROM incoming_call_log.call_log
 WHERE project_id = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd' ORDER BY id;
-- The API answers them (an owner's key of the loaded project).
SELECT set_config('request.headers',
                  json_build_object('apikey', incoming_call_log.create_api_key('dddddddd-dddd-4ddd-8ddd-dddddddddddd', '{ProjectOwner}'))::text,
                  true) IS NOT NULL AS key_presented;
SELECT count, data FROM incoming_call_log.get_list('{"status": true, "createdAt": true, "answeredByUser": {"name": true}}', NULL, '{"createdAt": 1}');
-- A bad row fails its load, naming the rule; nothing of that file is loaded.
SAVEPOINT bad;
SET ROLE icl_loader;
TRUNCATE call_log_csv;
\copy call_log_csv (id, project_id, incoming_call_policy_id, caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message, call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents, started_at, ended_at, answered_by_user_id, current_escalation_rule_order, repeat_count, created_at, updated_at) FROM 'test/fixtures/loading/call_log_bad_status.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO incoming_call_log.call_log SELECT * FROM call_log_csv;
ROLLBACK TO SAVEPOINT bad;
RESET ROLE;
\copy incoming_call_log.call_log (id, project_id, incoming_call_policy_id, caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message, call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents, started_at, ended_at, answered_by_user_id, current_escalation_rule_order, repeat_count, created_at, updated_at) FROM 'test/fixtures/loading/call_log_bad_phone.csv' WITH (FORMAT csv, HEADER true)
ROLLBACK TO SAVEPOINT bad;
SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
ROLLBACK;
