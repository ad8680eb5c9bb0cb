-- test/logical_replication/publisher.sql — the fixture, publishing api_key.
\set ON_ERROR_STOP 1
\set QUIET on
CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql
CREATE TABLE lr_key AS SELECT :'key_a_member'::text AS key;
CREATE PUBLICATION icl_lr FOR TABLE incoming_call_log.api_key;
