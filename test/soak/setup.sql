-- test/soak/setup.sql — data, keys and roles of the soak check (run by
-- test/soak/run as a superuser, in a database of its own).
--
-- Projects A, B, C with :rows call logs each; ids of those rows are
-- 0a000001-0000-4000-8000-000000000000 … (the project's letter, then the
-- row number), so pgbench scripts can name an existing item.  The writer
-- only inserts and updates, so every such id stays readable.
-- Keys (table soak_fixture.api_key): one steady reading key per project,
-- and 'a_old', the key that is revoked halfway through.
-- Roles (names from psql variables): :reader (LOGIN, USAGE + EXECUTE on the
-- three calls only) and :writer (LOGIN, incoming_call_log.grant_writer).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE EXTENSION incoming_call_log;

INSERT INTO incoming_call_log.project (id, name) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Soak A'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Soak B'),
    ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Soak C');
INSERT INTO incoming_call_log.app_user (id, name, email) VALUES
    ('11111111-1111-4111-8111-111111111111', 'Ada', 'ada@example.com');
INSERT INTO incoming_call_log.call_policy (id, project_id, name, routing_phone_number)
SELECT format('%s1000000-0000-4000-8000-000000000001', substr(id::text, 1, 1))::uuid, id, 'Main line', '+15550000001'
  FROM incoming_call_log.project;

INSERT INTO incoming_call_log.call_log
    (id, project_id, incoming_call_policy_id, created_at, caller_phone_number, routing_phone_number,
     call_provider_call_id, status, status_message, call_duration_in_seconds, started_at, ended_at,
     answered_by_user_id)
SELECT format('0%s%s-0000-4000-8000-000000000000', l, lpad(n::text, 6, '0'))::uuid,
       p.id,
       format('%s1000000-0000-4000-8000-000000000001', l)::uuid,
       timestamptz '2026-01-01T00:00:00Z' + n * interval '1 minute',
       '+1555' || lpad((n % 9973)::text, 7, '0'),
       '+15550000001',
       'CA' || n,
       (ARRAY['Initiated', 'Ringing', 'Connected', 'Escalated', 'NoAnswer', 'Failed', 'Completed',
              'CallerHungUp', 'Busy'])[1 + n % 9],
       'message ' || n,
       n % 600,
       timestamptz '2026-01-01T00:00:00Z' + n * interval '1 minute',
       timestamptz '2026-01-01T00:00:00Z' + n * interval '1 minute' + (n % 600) * interval '1 second',
       CASE WHEN n % 3 = 0 THEN '11111111-1111-4111-8111-111111111111'::uuid END
  FROM incoming_call_log.project p,
       LATERAL (SELECT substr(p.id::text, 1, 1) AS l) AS letter,
       generate_series(1, :rows) AS n;

CREATE SCHEMA soak_fixture;
REVOKE ALL ON SCHEMA soak_fixture FROM PUBLIC;
CREATE TABLE soak_fixture.api_key (label text PRIMARY KEY, project_id uuid, key text NOT NULL);
INSERT INTO soak_fixture.api_key
SELECT label, project_id::uuid, incoming_call_log.create_api_key(project_id::uuid, permissions::text[])
  FROM (VALUES ('a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}'),
               ('b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ReadProjectIncomingCallLog}'),
               ('c', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', '{ProjectOwner}'),
               ('a_old', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectAdmin}')) AS k(label, project_id, permissions);

CREATE ROLE :"reader" LOGIN PASSWORD :'password';
GRANT USAGE ON SCHEMA incoming_call_log TO :"reader";
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO :"reader";
CREATE ROLE :"writer" LOGIN PASSWORD :'password';
SELECT incoming_call_log.grant_writer(:'writer');

ANALYZE;
