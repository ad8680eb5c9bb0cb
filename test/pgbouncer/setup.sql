-- test/pgbouncer/setup.sql — the database behind pgbouncer: the fixture
-- (projects A, B, C), PostgREST-style roles (the run script creates them:
-- pgb_authenticator logs in and switches to the others), the grants a
-- gateway gives, and the keys the clients present.
\set ON_ERROR_STOP 1
\set QUIET on
CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql

GRANT USAGE ON SCHEMA incoming_call_log TO pgb_anon, pgb_alice, pgb_bob;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO pgb_anon, pgb_alice, pgb_bob;
-- alice reads two projects (so she names one in tenantid), bob exactly one.
SELECT incoming_call_log.grant_access('pgb_alice', :'A', '{ProjectMember}'),
       incoming_call_log.grant_access('pgb_alice', :'B', '{ReadProjectIncomingCallLog}'),
       incoming_call_log.grant_access('pgb_bob', :'C', '{ProjectOwner}') \g /dev/null

CREATE TABLE pgb_key (label text PRIMARY KEY, key text NOT NULL);
INSERT INTO pgb_key VALUES ('a', :'key_a_member'), ('b', :'key_b'), ('c', :'key_c'),
    ('revoke_me', incoming_call_log.create_api_key(:'A', '{ProjectMember}', name => 'revoked by the pgbouncer check'));
