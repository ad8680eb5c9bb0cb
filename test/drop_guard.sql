-- test/drop_guard.sql — DROP EXTENSION no longer deletes the call logs
-- without a word (issue 16, doc/uninstall.md): while call_log has rows the
-- event trigger incoming_call_log_drop_guard refuses DROP EXTENSION
-- incoming_call_log and DROP SCHEMA incoming_call_log CASCADE (55000, with
-- the commands that drop anyway), unless confirm_drop() ran in the same
-- transaction; every other DROP passes; an empty call_log drops freely; a
-- role that may not drop the extension is refused by PostgreSQL, not told
-- about the table.  (test/drop_guard/run covers what needs several
-- transactions: psql's autocommit, the confirmation ending with its
-- transaction, the cleanup commands of doc/uninstall.md.)
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(20);

SELECT is((SELECT count(*) FROM pg_event_trigger e JOIN pg_depend d ON d.objid = e.oid AND d.classid = 'pg_event_trigger'::regclass
            WHERE e.evtname = 'incoming_call_log_drop_guard' AND e.evtevent = 'ddl_command_start'
              AND e.evttags = '{"DROP EXTENSION","DROP SCHEMA"}' AND d.deptype = 'e'
              AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'incoming_call_log')),
          1::bigint, 'the guard is an event trigger of the extension, on DROP EXTENSION and DROP SCHEMA');
SELECT is((SELECT count(*) FROM incoming_call_log.call_log) > 0, true, 'the fixture has call logs');

-- Refused while call_log has rows.
SELECT throws_ok('DROP EXTENSION incoming_call_log', '55000',
                 'DROP EXTENSION incoming_call_log would delete every call log',
                 'DROP EXTENSION is refused while call_log has rows');
SELECT throws_ok('DROP EXTENSION incoming_call_log CASCADE', '55000', NULL, 'with CASCADE too');
SELECT throws_ok('DROP EXTENSION IF EXISTS pgtap, incoming_call_log', '55000', NULL,
                 'also when named beside another extension');
SELECT throws_ok('DROP SCHEMA incoming_call_log CASCADE', '55000',
                 'DROP SCHEMA incoming_call_log CASCADE would delete every call log',
                 'DROP SCHEMA incoming_call_log CASCADE is refused too');
SELECT throws_ok('DROP SCHEMA incoming_call_log', '2BP01', NULL,
                 'DROP SCHEMA without CASCADE is PostgreSQL''s own refusal (the extension depends on it)');
SELECT is((SELECT count(*) FROM pg_extension WHERE extname = 'incoming_call_log'), 1::bigint, 'the extension is still there');

-- The refusal's detail and hint.
CREATE FUNCTION pg_temp.said(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text; h text;
BEGIN
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN d || ' / ' || h;
END;
$$;
SELECT is(pg_temp.said('DROP EXTENSION incoming_call_log'),
          'Table incoming_call_log.call_log holds call logs; dropping the extension drops its tables, '
          'and nothing but a backup brings them back. / Take a backup first (pg_dump). To drop anyway, confirm in '
          'the same transaction: BEGIN; SELECT incoming_call_log.confirm_drop(); DROP EXTENSION incoming_call_log; COMMIT;',
          'the refusal says what would be lost and the exact commands that drop anyway');

-- Other DROPs pass (the guard reads the command, not the database).
CREATE SCHEMA icl_other;
CREATE TABLE icl_other.t (x int);
INSERT INTO icl_other.t VALUES (1);
SELECT lives_ok('DROP SCHEMA icl_other CASCADE', 'DROP SCHEMA of another schema passes');
SELECT lives_ok('DROP EXTENSION IF EXISTS no_such_extension', 'DROP EXTENSION of another extension passes');

-- A role that may not drop the extension hears PostgreSQL's refusal, not the guard's.
CREATE ROLE icl_dg_nobody;
SET LOCAL ROLE icl_dg_nobody;
SELECT throws_ok('DROP EXTENSION incoming_call_log', '42501', NULL,
                 'a role that is not the owner: 42501 must be owner, nothing about call_log');
RESET ROLE;

-- confirm_drop: not for PUBLIC; says what goes; then the drop runs.
SELECT is(has_function_privilege('icl_dg_nobody', 'incoming_call_log.confirm_drop()', 'EXECUTE'), false,
          'confirm_drop is not executable by PUBLIC');
SELECT is(has_function_privilege('icl_dg_nobody', 'incoming_call_log_internal.drop_guard()', 'EXECUTE'), false,
          'drop_guard is not executable by PUBLIC');
SELECT throws_ok('SELECT incoming_call_log_internal.drop_guard()', NULL, NULL, 'drop_guard cannot be called directly');

-- An empty call_log drops freely.
SAVEPOINT empty;
DELETE FROM incoming_call_log.call_log;
SELECT lives_ok('DROP EXTENSION incoming_call_log', 'with call_log empty, DROP EXTENSION runs unconfirmed');
ROLLBACK TO SAVEPOINT empty;
SELECT is((SELECT count(*) FROM pg_extension WHERE extname = 'incoming_call_log'), 1::bigint,
          '(rolled back: the extension and its rows are back)');

SELECT is(incoming_call_log.confirm_drop(),
          format('DROP EXTENSION incoming_call_log may run until the end of this transaction: it deletes %s call logs, '
                 '%s API keys and %s projects, and COMMIT makes that final',
                 (SELECT count(*) FROM incoming_call_log.call_log), (SELECT count(*) FROM incoming_call_log.api_key),
                 (SELECT count(*) FROM incoming_call_log.project)),
          'confirm_drop says how many call logs, keys and projects go');
SELECT lives_ok('DROP EXTENSION incoming_call_log', 'after confirm_drop, DROP EXTENSION runs');
SELECT is((SELECT count(*) FROM pg_event_trigger WHERE evtname = 'incoming_call_log_drop_guard'), 0::bigint,
          'the guard went with the extension');

SELECT * FROM finish();
ROLLBACK;
