-- Data and a key for test/memory/run: two demo projects.
\set ON_ERROR_STOP 1
CREATE EXTENSION incoming_call_log;
\set projects 2
\set logs 2000
\ir ../../demo/demo_data.sql
CREATE TABLE memory_key AS
SELECT incoming_call_log.create_api_key(md5('demo-project-1')::uuid, '{ProjectMember}') AS key;
