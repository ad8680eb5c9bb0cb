-- test/standby/setup.sql — primary side of the hot-standby check: the
-- fixture, and two of its keys kept in a table so the standby can present them.
\set ON_ERROR_STOP 1
\set QUIET on
CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql
CREATE TABLE standby_key (label text PRIMARY KEY, key text NOT NULL);
INSERT INTO standby_key VALUES ('a_member', :'key_a_member'), ('b', :'key_b'), ('a_owner', :'key_a_owner');
