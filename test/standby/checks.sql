-- test/standby/checks.sql — the answers compared between primary and standby.
-- One line per check; the run script diffs the primary's output against the
-- standby's.  Read-only throughout.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
BEGIN TRANSACTION READ ONLY;
SELECT set_config('request.headers', json_build_object('apikey', key)::text, true) IS NOT NULL
FROM standby_key WHERE label = 'a_member';
SELECT row_to_json(incoming_call_log.get_list('{"status": true, "answeredByUser": {"name": true}, "project": {"name": true}}',
                                              '{"status": {"_type": "Includes", "value": ["Completed", "NoAnswer"]}}',
                                              '{"startedAt": "ASC"}', 0, 5));
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', '{"incomingCallPolicy": {"name": true}, "startedAt": true}');
SELECT row_to_json(incoming_call_log.count('{"callerPhoneNumber": {"_type": "StartsWith", "value": "+1555"}}'));
-- get_page (doc/cursors-and-changes.md): the same pages and the same cursors (the secret is a
-- replicated table, so a cursor of either server opens on the other).
SELECT row_to_json(incoming_call_log.get_page('{"status": true}', NULL, '{"startedAt": "DESC"}', 3));
SELECT row_to_json(incoming_call_log.get_page('{"status": true}', NULL, '{"startedAt": "DESC"}', 3,
                   (incoming_call_log.get_page(NULL, NULL, '{"startedAt": "DESC"}', 3)).next));
-- get_changes (doc/cursors-and-changes.md): "since" null answers no change and a position on
-- either server (its snapshot differs between them; test/standby/run follows positions).
SELECT data, length(next) BETWEEN 1 AND 1024
FROM incoming_call_log.get_changes('{"status": true}', '{"status": "Completed"}');
SELECT set_config('request.headers', json_build_object('apikey', key)::text, true) IS NOT NULL
FROM standby_key WHERE label = 'b';
SELECT row_to_json(incoming_call_log.count());
COMMIT;
