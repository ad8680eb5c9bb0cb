-- test/plproxy/single.sql — "one machine": every project in one database,
-- the reference the router's answers are compared with, and the source the
-- nodes are restored from (so keys, grants and rows are the same).
--   fixture projects A, B, C (test/fixtures) and the demo's three projects
--   (demo/demo_data.sql, 3000 call logs, as bin/demo makes them)
\set ON_ERROR_STOP 1
\set QUIET on
CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql
\set projects 3
\set logs 3000
\o /dev/null
\ir ../../demo/demo_data.sql
\o

SELECT incoming_call_log.grant_access('support_team', :'A', '{ProjectMember}'),
       incoming_call_log.grant_access('support_team', :'B', '{ReadProjectIncomingCallLog}'),
       incoming_call_log.grant_access('bob', :'C', '{ProjectOwner}'),
       incoming_call_log.grant_access('carol', md5('demo-project-2')::uuid, '{}'),
       incoming_call_log.grant_access('frank', :'A', '{ProjectMember}'),
       incoming_call_log.grant_admin('dora') \g /dev/null
GRANT USAGE ON SCHEMA incoming_call_log TO web_anon, alice, bob, carol, dora, erin, frank, prober;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO web_anon, alice, bob, carol, dora, erin, frank, prober;

-- The keys the clients present (the nodes get these rows too, by restore).
CREATE TABLE px_key (label text PRIMARY KEY, key text NOT NULL);
INSERT INTO px_key VALUES
    ('a_owner', :'key_a_owner'), ('a_admin', :'key_a_admin'), ('a_member', :'key_a_member'),
    ('a_read', :'key_a_read'), ('a_readall', :'key_a_readall'), ('a_none', :'key_a_none'),
    ('a_expired', :'key_a_expired'), ('a_revoked', :'key_a_revoked'), ('b', :'key_b'), ('c', :'key_c'),
    ('demo', incoming_call_log.create_api_key(md5('demo-project-1')::uuid, '{ReadProjectIncomingCallLog}',
                                              name => 'demo key')),
    ('demo2', incoming_call_log.create_api_key(md5('demo-project-2')::uuid, '{ProjectAdmin}'));
