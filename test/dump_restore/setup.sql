-- test/dump_restore/setup.sql — a database worth backing up: the fixture
-- (with its keys kept in a table outside the extension), a role's grant and
-- a capability.
\set ON_ERROR_STOP 1
\set QUIET on
CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql
CREATE TABLE dump_key (label text PRIMARY KEY, key text NOT NULL);
INSERT INTO dump_key VALUES ('a_member', :'key_a_member'), ('b', :'key_b'), ('a_revoked', :'key_a_revoked');
SELECT incoming_call_log.grant_access('icl_dump_reader', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', '{ProjectMember}') \g /dev/null
SELECT incoming_call_log.grant_admin('icl_dump_admin') \g /dev/null
