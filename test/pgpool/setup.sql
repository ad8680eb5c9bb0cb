-- test/pgpool/setup.sql — the primary's database: the fixture (projects A,
-- B, C), PostgREST-style roles (authenticator logs in and switches to the
-- others per request), the grants a gateway gives, and the keys the clients
-- present.  The standbys are copies of it (pg_basebackup after this ran).
\set ON_ERROR_STOP 1
\set QUIET on
CREATE ROLE authenticator LOGIN NOINHERIT;
CREATE ROLE web_anon NOLOGIN;
CREATE ROLE alice NOLOGIN;
CREATE ROLE bob NOLOGIN;
GRANT web_anon, alice, bob TO authenticator;

CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql

GRANT USAGE ON SCHEMA incoming_call_log TO web_anon, alice, bob;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO web_anon, alice, bob;
SELECT incoming_call_log.grant_access('alice', :'A', '{ProjectMember}'),
       incoming_call_log.grant_access('alice', :'B', '{ReadProjectIncomingCallLog}'),
       incoming_call_log.grant_access('bob', :'C', '{ProjectOwner}') \g /dev/null

CREATE TABLE pool_key (label text PRIMARY KEY, key text NOT NULL);
INSERT INTO pool_key VALUES ('a', :'key_a_member'), ('b', :'key_b'), ('c', :'key_c'),
    ('revoke_me', incoming_call_log.create_api_key(:'A', '{ProjectMember}', name => 'revoked by the pgpool check')),
    ('revoke_sync', incoming_call_log.create_api_key(:'A', '{ProjectMember}', name => 'revoked with remote_apply'));
