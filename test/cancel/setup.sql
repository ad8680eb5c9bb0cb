-- test/cancel/setup.sql — one project, a key, a caller role (run by
-- test/cancel/run as a superuser, in a database of its own; cancel.py adds
-- the bulk of the rows).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE EXTENSION incoming_call_log;
INSERT INTO incoming_call_log.project (id, name) VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Large project');
INSERT INTO incoming_call_log.call_policy (id, project_id, name)
VALUES ('a1000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Main line');
-- rows the checks read back after each cancel
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, caller_phone_number, status)
VALUES ('0a000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
        'a1000000-0000-4000-8000-000000000001', '+15550000000', 'Busy'),
       ('0a000000-0000-4000-8000-000000000002', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
        'a1000000-0000-4000-8000-000000000001', '+15550000001', 'Busy');

CREATE SCHEMA cancel_fixture;
REVOKE ALL ON SCHEMA cancel_fixture FROM PUBLIC;
CREATE TABLE cancel_fixture.api_key AS
SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ReadProjectIncomingCallLog}') AS key;

CREATE ROLE :"reader" LOGIN PASSWORD :'password';
GRANT USAGE ON SCHEMA incoming_call_log TO :"reader";
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO :"reader";
