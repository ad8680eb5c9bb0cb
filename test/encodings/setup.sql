-- test/encodings/setup.sql — the fixture in a database of another encoding.
\set ON_ERROR_STOP 1
\set QUIET on
CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql
CREATE TABLE enc_key AS SELECT :'key_a_member'::text AS key;
