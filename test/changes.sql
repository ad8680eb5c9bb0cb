-- test/changes.sql — get_changes, the feed of changes (doc/cursors-and-changes.md).
--
-- The feed reports committed work, so this file does not run in one
-- transaction: it makes a database of its own (dropped first if a failed run
-- left it), commits every write, and drops the database at the end.  pgTAP's
-- results live in its session's temporary tables, which survive the
-- commits.  What needs two sessions racing (a writer that began before a
-- position and commits after it) is specs/changes_out_of_order.spec; random
-- writes between reads against the view are test/changes_property.sql.
\set own_db icl_changes_test
\ir fixtures/own_database.psql
\set PA 'a1000000-0000-4000-8000-000000000001'

-- get_changes as the holder of key, in one transaction.
CREATE FUNCTION pg_temp.changes(key text, since text, q json DEFAULT NULL, sel json DEFAULT NULL, lim integer DEFAULT NULL)
RETURNS incoming_call_log.changes_result LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.present_key(key);
    RETURN incoming_call_log.get_changes(sel, q, since, lim);
END $$;

-- "op:last two digits of the id" of each change, in the answer's order.
CREATE FUNCTION pg_temp.ops(data json) RETURNS text[] LANGUAGE sql AS $$
    SELECT coalesce(array_agg((e ->> 'op') || ':' || right(e ->> '_id', 2) ORDER BY n), '{}')
      FROM json_array_elements(data) WITH ORDINALITY AS t(e, n);
$$;

-- The SQLSTATE get_changes raises for key and since ('ok' when it answers).
CREATE FUNCTION pg_temp.refusal(key text, since text, q json DEFAULT NULL, sel json DEFAULT NULL, lim integer DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.changes(key, since, q, sel, lim);
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;

SELECT plan(63);

-------------------------------------------------------------------------------
-- The position now, and a poll that finds nothing
SELECT next AS p0, data AS d0 FROM pg_temp.changes(:'key_a_read', NULL) \gset
SELECT is(:'d0'::text, '[]', 'since null: data is the empty array');
SELECT ok(length(:'p0') BETWEEN 1 AND 1024 AND :'p0' ~ '^[A-Za-z0-9_-]+$',
          'since null: next is a URL-safe cursor of at most 1,024 characters');
SELECT is((pg_temp.changes(:'key_a_read', :'p0')).data::text, '[]', 'nothing written since: data is empty');
SELECT isnt((pg_temp.changes(:'key_a_read', :'p0')).next, NULL, 'next is never null');

-------------------------------------------------------------------------------
-- Inserted, updated, deleted: each once, in its state now
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status, started_at)
VALUES ('0a000000-0000-4000-8000-000000000091', :'A', :'PA', 'Ringing', '2026-02-01T00:00:00Z');
UPDATE incoming_call_log.call_log SET status = 'Completed', call_duration_in_seconds = 61
 WHERE id = '0a000000-0000-4000-8000-000000000008';
UPDATE incoming_call_log.call_log SET status = 'Busy' WHERE id = '0a000000-0000-4000-8000-000000000008';
UPDATE incoming_call_log.call_log SET status = 'Completed' WHERE id = '0a000000-0000-4000-8000-000000000008';
DELETE FROM incoming_call_log.call_log WHERE id = '0a000000-0000-4000-8000-000000000012';
UPDATE incoming_call_log.call_log SET status = 'Busy' WHERE project_id = :'B';

SELECT data AS d1, next AS p1 FROM pg_temp.changes(:'key_a_read', :'p0', sel => '{"status": true, "callDurationInSeconds": true}') \gset
SELECT is(pg_temp.ops(:'d1'::json), ARRAY['upsert:91', 'upsert:08', 'remove:12'],
          'an insert, an update (three times: reported once) and a delete, in the order they committed');
SELECT is((SELECT e::text FROM json_array_elements(:'d1'::json) e WHERE e ->> '_id' LIKE '%08'),
          '{"op":"upsert","_id":"0a000000-0000-4000-8000-000000000008","object":{"_id":"0a000000-0000-4000-8000-000000000008","status":"Completed","callDurationInSeconds":61}}',
          'an upsert is {"op", "_id", "object"}: the object as get_list projects it, in its latest state');
SELECT is((SELECT e::text FROM json_array_elements(:'d1'::json) e WHERE e ->> '_id' LIKE '%12'),
          '{"op":"remove","_id":"0a000000-0000-4000-8000-000000000012"}',
          'a delete is {"op": "remove", "_id"}');
SELECT is((SELECT (e -> 'object')::jsonb FROM json_array_elements(:'d1'::json) e WHERE e ->> '_id' LIKE '%91'),
          (SELECT (d -> 0)::jsonb FROM (SELECT pg_temp.present_key(:'key_a_read'),
                   (incoming_call_log.get_list('{"status": true, "callDurationInSeconds": true}',
                                               '{"_id": "0a000000-0000-4000-8000-000000000091"}')).data d) t),
          'an upserted object equals what get_list answers for that row');
SELECT is(pg_temp.ops((pg_temp.changes(:'key_b', NULL)).data), '{}', 'project B: a new position has nothing');
SELECT is((pg_temp.changes(:'key_a_read', :'p1')).data::text, '[]', 'following next: nothing more');
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'p0', sel => '"*"')).data), ARRAY['upsert:91', 'upsert:08', 'remove:12'],
          'select may change between calls on one position; other projects'' changes never appear');

-------------------------------------------------------------------------------
-- A filtered view: leaving it is a remove, entering it an upsert
SELECT next AS pq FROM pg_temp.changes(:'key_a_read', NULL, '{"status": "Completed"}') \gset
UPDATE incoming_call_log.call_log SET status = 'Failed' WHERE id = '0a000000-0000-4000-8000-000000000001';
UPDATE incoming_call_log.call_log SET status = 'Completed' WHERE id = '0a000000-0000-4000-8000-000000000002';
UPDATE incoming_call_log.call_log SET status = 'Busy' WHERE id = '0a000000-0000-4000-8000-000000000003';
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'pq', '{"status": "Completed"}')).data),
          ARRAY['remove:01', 'upsert:02', 'remove:03'],
          'query: a row that no longer matches is a remove (even one the client never held), one that now matches an upsert');
SELECT is(pg_temp.refusal(:'key_a_read', :'pq'), '22023', 'a position is bound to its query');
SELECT is(pg_temp.refusal(:'key_a_read', :'pq', '{"status": "Busy"}'), '22023', 'another query: refused');
SELECT is(pg_temp.refusal(:'key_a_read', :'pq', '{"status": "Completed"}', '{"status": true}', 5), 'ok',
          'select and limit may change');

-------------------------------------------------------------------------------
-- limit: the rest follow
SELECT next AS pl FROM pg_temp.changes(:'key_a_read', NULL) \gset
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status)
SELECT ('0a000000-0000-4000-8000-0000000001' || lpad(g::text, 2, '0'))::uuid, :'A', :'PA', 'Ringing' FROM generate_series(1, 5) g;
SELECT data AS l1, next AS pl1 FROM pg_temp.changes(:'key_a_read', :'pl', lim => 2) \gset
SELECT data AS l2, next AS pl2 FROM pg_temp.changes(:'key_a_read', :'pl1', lim => 2) \gset
UPDATE incoming_call_log.call_log SET status = 'Busy' WHERE id = '0a000000-0000-4000-8000-000000000101';
SELECT data AS l3, next AS pl3 FROM pg_temp.changes(:'key_a_read', :'pl2', lim => 2) \gset
SELECT data AS l4, next AS pl4 FROM pg_temp.changes(:'key_a_read', :'pl3', lim => 2) \gset
SELECT is(pg_temp.ops(:'l1'::json) || pg_temp.ops(:'l2'::json) || pg_temp.ops(:'l3'::json),
          ARRAY['upsert:01', 'upsert:02', 'upsert:03', 'upsert:04', 'upsert:05'],
          'five changes of one transaction with limit 2: 2, 2, then 1');
SELECT is(pg_temp.ops(:'l4'::json), ARRAY['upsert:01'],
          'a change committed while the parts were handed out comes after them');
SELECT is((pg_temp.changes(:'key_a_read', :'pl4', lim => 2)).data::text, '[]', 'then nothing');
SELECT is(json_array_length((pg_temp.changes(:'key_a_read', :'pl')).data), 5, 'limit null: up to 100 per answer');
SELECT is(pg_temp.refusal(:'key_a_read', :'pl', lim => 0), '22023', 'limit 0: 22023');
SELECT is(pg_temp.refusal(:'key_a_read', :'pl', lim => 1001), '22023', 'limit 1001: 22023');
SELECT is(pg_temp.refusal(:'key_a_read', :'pl', lim => 1000), 'ok', 'limit 1000 is allowed');

-------------------------------------------------------------------------------
-- Checks in get_list's order, then the position's refusals
SELECT is(pg_temp.refusal(NULL, 'garbage'), 'PT401', 'no key: PT401 before the position is looked at');
SELECT is(pg_temp.refusal(:'key_a_none', 'garbage'), 'PT403', 'no read permission: PT403 before the position');
SELECT is(pg_temp.refusal(:'key_a_read', 'garbage', sel => '{"nope": true}'), '22023', 'a bad select: 22023');
SELECT is(pg_temp.refusal(:'key_a_read', 'garbage'), '22023', 'not a cursor: 22023');
SELECT is(pg_temp.refusal(:'key_a_read', left(:'pl', -3)), '22023', 'a truncated position: 22023');
SELECT is(pg_temp.refusal(:'key_a_read', overlay(:'pl' placing (CASE WHEN substr(:'pl', 20, 1) = 'A' THEN 'B' ELSE 'A' END) from 20 for 1)),
          '22023', 'an altered position: 22023');
SELECT is(pg_temp.refusal(:'key_b', :'pl'), '22023', 'another project''s position: 22023');
SELECT is(pg_temp.refusal(:'key_a_owner', :'pl'), 'ok', 'any caller of the project may use it');
SELECT (incoming_call_log.get_page(NULL, NULL, NULL, 1)).next AS page_cursor
  FROM (SELECT pg_temp.present_key(:'key_a_read')) k \gset
SELECT is(pg_temp.refusal(:'key_a_read', :'page_cursor'), '22023', 'a get_page cursor is not a position');
SELECT is((SELECT pg_temp.code_of(format('SELECT pg_temp.present_key(%L), incoming_call_log.get_page(after => %L)', :'key_a_read', :'pl'))),
          '22023', 'a position is not a get_page cursor');
SELECT is(pg_temp.refusal(:'key_a_read', repeat('A', 1025)), '22023', 'over 1,024 characters: 22023');
SELECT throws_ok(format('SELECT pg_temp.changes(%L, %L)', :'key_a_read', left(:'pl', -3)), '22023', NULL,
                 'a refusal names the rule: ' || (SELECT pg_temp.refusal(:'key_a_read', left(:'pl', -3))));

-------------------------------------------------------------------------------
-- Every writer is captured: another role, COPY, a replication apply
CREATE ROLE icl_chg_writer;
SELECT incoming_call_log.grant_writer('icl_chg_writer');
SELECT next AS pw FROM pg_temp.changes(:'key_a_read', NULL) \gset
SET ROLE icl_chg_writer;
UPDATE incoming_call_log.call_log SET status = 'Failed' WHERE id = '0a000000-0000-4000-8000-000000000004';
RESET ROLE;
COPY incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status) FROM STDIN;
0a000000-0000-4000-8000-000000000201	aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa	a1000000-0000-4000-8000-000000000001	Ringing
\.
SET session_replication_role = replica;
UPDATE incoming_call_log.call_log SET status = 'Busy' WHERE id = '0a000000-0000-4000-8000-000000000005';
RESET session_replication_role;
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'pw')).data), ARRAY['upsert:04', 'upsert:01', 'upsert:05'],
          'a writer role without rights on the feed''s table, COPY, and session_replication_role = replica are all reported');
SELECT is((SELECT array_agg(tgenabled::text ORDER BY tgname) FROM pg_trigger
            WHERE tgrelid = 'incoming_call_log.call_log'::regclass AND tgname IN ('call_log_changed', 'call_log_truncated')),
          ARRAY['A', 'A'], 'the capture triggers fire ALWAYS (a logical replication apply fires them)');
SELECT ok(NOT has_table_privilege('icl_chg_writer', 'incoming_call_log_internal.call_log_change', 'SELECT')
          AND NOT has_table_privilege('icl_chg_writer', 'incoming_call_log_internal.call_log_change', 'INSERT'),
          'writers hold no privilege on the feed''s table');

-------------------------------------------------------------------------------
-- A transaction's own writes: reported after it commits, even when it took the position
BEGIN;
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status) VALUES ('0a000000-0000-4000-8000-000000000301', :'A', :'PA', 'Ringing');
SELECT next AS pown FROM pg_temp.changes(:'key_a_read', NULL) \gset
UPDATE incoming_call_log.call_log SET status = 'Busy' WHERE id = '0a000000-0000-4000-8000-000000000301';
SELECT is((pg_temp.changes(:'key_a_read', :'pown')).data::text, '[]', 'a transaction''s own uncommitted writes are not reported to it');
COMMIT;
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'pown')).data), ARRAY['upsert:01'],
          'a position taken by a transaction that wrote reports its writes once it commits');
BEGIN;
SELECT next AS prb FROM pg_temp.changes(:'key_a_read', NULL) \gset
ROLLBACK;
BEGIN;
UPDATE incoming_call_log.call_log SET status = 'Failed' WHERE id = '0a000000-0000-4000-8000-000000000301';
ROLLBACK;
SELECT is((pg_temp.changes(:'key_a_read', :'prb')).data::text, '[]', 'a rolled-back write is never reported');

-------------------------------------------------------------------------------
-- Retention: purged changes make older positions PT410
SELECT next AS pold FROM pg_temp.changes(:'key_a_read', NULL) \gset
UPDATE incoming_call_log.call_log SET status = 'Failed' WHERE id = '0a000000-0000-4000-8000-000000000009';
UPDATE incoming_call_log_internal.call_log_change SET changed_at = now() - interval '8 days';
SELECT cmp_ok(incoming_call_log.purge_changes(), '>', 0::bigint, 'purge_changes deletes the changes older than the retention period');
SELECT is((SELECT count(*) FROM incoming_call_log_internal.call_log_change), 0::bigint, 'all of them');
SELECT is(pg_temp.refusal(:'key_a_read', :'pold'), 'PT410', 'a position that had not seen a purged change: PT410');
SELECT throws_ok(format('SELECT pg_temp.changes(%L, %L)', :'key_a_read', :'pold'), 'PT410',
                 '"since" is older than the changes still remembered', 'PT410 says the position expired');
SELECT next AS pnew FROM pg_temp.changes(:'key_a_read', NULL) \gset
UPDATE incoming_call_log.call_log SET status = 'Busy' WHERE id = '0a000000-0000-4000-8000-000000000009';
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'pnew')).data), ARRAY['upsert:09'], 'a position taken after the purge is followed');
SELECT is(pg_temp.code_of('SELECT incoming_call_log.purge_changes(0)'), '22023', 'purge_changes(0): 22023');

-------------------------------------------------------------------------------
-- More transactions in progress than a position names one by one
-- (CHANGES_POSITION_MAX_XIP, 48): the position keeps the oldest 48 and is
-- cut at the next, so a change committed by a transaction older than that
-- one is reported now, not only once the oldest open transaction ends.
-- 5 sessions in a transaction, a writer, 50 more, then the writer commits.
CREATE EXTENSION dblink;
SELECT format('host=%s port=%s dbname=%s user=%s', split_part(current_setting('unix_socket_directories'), ',', 1),
              current_setting('port'), current_database(), current_user) AS conn \gset
SELECT next AS pmany FROM pg_temp.changes(:'key_a_read', NULL) \gset
SELECT count(*) FROM (SELECT dblink_connect('open' || g, :'conn'), dblink_exec('open' || g, 'BEGIN'),
                             dblink_exec('open' || g, 'DO $d$BEGIN PERFORM pg_current_xact_id(); END$d$')
                        FROM generate_series(1, 5) g) s \gset
SELECT dblink_connect('writer', :'conn') IS NOT NULL AS connected \gset
SELECT dblink_exec('writer', 'BEGIN') IS NOT NULL AS begun \gset
SELECT dblink_exec('writer', format('INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status)
                                     VALUES (%L, %L, %L, %L)', '0a000000-0000-4000-8000-000000000377', :'A', :'PA', 'Ringing')) IS NOT NULL AS wrote \gset
SELECT count(*) FROM (SELECT dblink_connect('open' || g, :'conn'), dblink_exec('open' || g, 'BEGIN'),
                             dblink_exec('open' || g, 'DO $d$BEGIN PERFORM pg_current_xact_id(); END$d$')
                        FROM generate_series(6, 55) g) s \gset
SELECT dblink_exec('writer', 'COMMIT') IS NOT NULL AS committed \gset
SELECT cmp_ok((SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL), '>=', 55::bigint,
              'at least 55 transactions with an id are in progress');
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'pmany')).data), ARRAY['upsert:77'],
          'with 55 transactions in progress, a change older than the 49th is reported at once');
SELECT count(*) FROM (SELECT dblink_disconnect(c) FROM unnest(dblink_get_connections()) c) s \gset

-- A transaction left open across a purge (in life, for longer than the
-- retention): a position taken after the purge is followed, though its
-- oldest transaction is older than the purged change, and reports that
-- transaction's write once it commits; a position taken before the purge
-- is still refused.
SELECT next AS pbefore FROM pg_temp.changes(:'key_a_read', NULL) \gset
SELECT dblink_connect('lingering', :'conn') IS NOT NULL AS connected \gset
SELECT dblink_exec('lingering', 'BEGIN') IS NOT NULL AS begun \gset
SELECT dblink_exec('lingering', 'DO $d$BEGIN PERFORM pg_current_xact_id(); END$d$') IS NOT NULL AS has_xid \gset
UPDATE incoming_call_log.call_log SET status = 'Failed' WHERE id = '0a000000-0000-4000-8000-000000000009';
UPDATE incoming_call_log_internal.call_log_change SET changed_at = now() - interval '8 days'
 WHERE id = '0a000000-0000-4000-8000-000000000009';
SELECT cmp_ok(incoming_call_log.purge_changes(), '>', 0::bigint, 'a change purged while an older transaction is open');
SELECT next AS pafter FROM pg_temp.changes(:'key_a_read', NULL) \gset
SELECT is(pg_temp.refusal(:'key_a_read', :'pafter'), 'ok',
          'a position taken after the purge is followed, though a transaction older than the purged change is open');
SELECT is(pg_temp.refusal(:'key_a_read', :'pbefore'), 'PT410', '... one taken before the purge is still PT410');
SELECT dblink_exec('lingering', $$UPDATE incoming_call_log.call_log SET repeat_count = 7
                                   WHERE id = '0a000000-0000-4000-8000-000000000010'$$) IS NOT NULL AS wrote \gset
SELECT dblink_exec('lingering', 'COMMIT') IS NOT NULL AS committed \gset
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'pafter')).data), ARRAY['upsert:10'],
          '... and reports the open transaction''s write once it commits');
SELECT dblink_disconnect('lingering') IS NOT NULL AS disconnected \gset
DROP EXTENSION dblink;

-------------------------------------------------------------------------------
-- A statement that writes the feed's rows itself, as one set (the follow's
-- mappings; feed_by_statement in src/change_capture.c): the trigger records
-- nothing meanwhile, and records again when the transaction ends or the
-- subtransaction that turned it off aborts.
CREATE FUNCTION pg_temp.log(n integer, project uuid, policy uuid) RETURNS void LANGUAGE sql AS $$
    INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status)
    VALUES (('0a000000-0000-4000-8000-000000000' || n)::uuid, project, policy, 'Ringing');
$$;
CREATE FUNCTION pg_temp.recorded(n integer) RETURNS boolean LANGUAGE sql AS $$
    SELECT EXISTS (SELECT 1 FROM incoming_call_log_internal.call_log_change
                    WHERE id = ('0a000000-0000-4000-8000-000000000' || n)::uuid);
$$;
SELECT next AS pfs FROM pg_temp.changes(:'key_a_read', NULL) \gset
BEGIN;
SELECT ok(incoming_call_log_internal.feed_by_statement(true),
          'feed_by_statement(true): a superuser takes the feed''s rows over while call_log_changed fires ALWAYS');
SELECT pg_temp.log(501, :'A', :'PA') \gset
SELECT ok(NOT pg_temp.recorded(501), '... and call_log_changed records nothing meanwhile');
SELECT is(incoming_call_log_internal.feed_by_statement(false), false, 'feed_by_statement(false) hands the rows back');
SELECT pg_temp.log(502, :'A', :'PA') \gset
SELECT ok(pg_temp.recorded(502), '... and call_log_changed records again');
SAVEPOINT taken;
SELECT incoming_call_log_internal.feed_by_statement(true) AS taken \gset
ROLLBACK TO SAVEPOINT taken;
SELECT pg_temp.log(503, :'A', :'PA') \gset
SELECT ok(pg_temp.recorded(503), 'the subtransaction that took the rows over aborted: call_log_changed records again');
SAVEPOINT taken;
SELECT incoming_call_log_internal.feed_by_statement(true) AS taken \gset
RELEASE SAVEPOINT taken;
SELECT pg_temp.log(504, :'A', :'PA') \gset
SELECT ok(NOT pg_temp.recorded(504), 'one that committed leaves them with its transaction');
COMMIT;
SELECT pg_temp.log(505, :'A', :'PA') \gset
SELECT ok(pg_temp.recorded(505), 'the transaction ended: call_log_changed records again');
ALTER TABLE incoming_call_log.call_log DISABLE TRIGGER call_log_changed;
SELECT is(incoming_call_log_internal.feed_by_statement(true), false,
          'with call_log_changed disabled, feed_by_statement takes nothing over');
ALTER TABLE incoming_call_log.call_log ENABLE ALWAYS TRIGGER call_log_changed;
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'pfs')).data), ARRAY['upsert:02', 'upsert:03', 'upsert:05'],
          'the feed has the call logs the trigger recorded, not those written while it was taken over');

-------------------------------------------------------------------------------
-- TRUNCATE starts a new feed
TRUNCATE incoming_call_log.call_log;
SELECT is(pg_temp.refusal(:'key_a_read', :'pnew'), 'PT410', 'after TRUNCATE call_log, an earlier position: PT410');
SELECT next AS ptr FROM pg_temp.changes(:'key_a_read', NULL) \gset
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status) VALUES ('0a000000-0000-4000-8000-000000000401', :'A', :'PA', 'Ringing');
SELECT is(pg_temp.ops((pg_temp.changes(:'key_a_read', :'ptr')).data), ARRAY['upsert:01'], 'a position in the new feed is followed');

SELECT * FROM finish();
\c :home
DROP DATABASE :"own_db";
DROP ROLE IF EXISTS icl_chg_writer;
