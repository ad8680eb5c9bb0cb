-- test/changes_property.sql — the feed keeps a client's copy of a filtered
-- view exact (doc/cursors-and-changes.md get_changes), under random writes.
--
-- Each round picks a query, takes a position, reads the view (get_list,
-- every page), then several times: commits random inserts, updates (into and
-- out of the view) and deletes in project A (and writes in project B), and
-- follows the feed with a random limit until it is empty, applying each
-- change to the copy.  After each catch-up the copy must equal the view read
-- anew, and no answer may name a call log twice.  Writes must commit to be
-- reported, so the rounds run in a DO block that commits, in a database of
-- this file's own (as test/changes.sql).  The seed is fixed: a failure
-- replays.
\set own_db icl_changes_property
\ir fixtures/own_database.psql
SELECT set_config('request.headers', json_build_object('apikey', :'key_a_read')::text, false);

-- The view: every object get_list answers for q, by id.
CREATE FUNCTION pg_temp.view_of(q json) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    result jsonb := '{}';
    page json;
    skip integer := 0;
BEGIN
    LOOP
        page := (incoming_call_log.get_list('"*"', q, NULL, skip => skip, "limit" => 100)).data;
        EXIT WHEN json_array_length(page) = 0;
        SELECT result || coalesce(jsonb_object_agg(e ->> '_id', e), '{}') INTO result FROM json_array_elements(page) e;
        skip := skip + 100;
    END LOOP;
    RETURN result;
END $$;

\set rounds 25
\set catchups 4
SELECT set_config('icl.rounds', :'rounds', false), set_config('icl.catchups', :'catchups', false);
SELECT plan(:rounds * :catchups * 2);
-- pgTAP's lines, kept by the DO block (PERFORM would drop them), shown after it
CREATE TEMP TABLE tap (n serial, line text);

DO $$
DECLARE
    queries json[] := ARRAY[NULL, '{"status": "Completed"}', '{"status": {"_type": "NotEqual", "value": "Busy"}}',
                            '{"callDurationInSeconds": {"_type": "GreaterThan", "value": 40}}',
                            '{"status": "Failed", "callDurationInSeconds": {"_type": "GreaterThan", "value": 10}}'];
    statuses text[] := ARRAY['Ringing', 'Completed', 'Busy', 'Failed', 'NoAnswer'];
    a uuid := 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
    b uuid := 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
    q json;
    pos text;
    copy jsonb;
    answer incoming_call_log.changes_result;
    e json;
    twice boolean;
    victim uuid;
    reads integer;
BEGIN
    PERFORM setseed(0.19);
    FOR round IN 1 .. current_setting('icl.rounds')::integer LOOP
        q := queries[1 + floor(random() * array_length(queries, 1))::integer];
        pos := (incoming_call_log.get_changes(NULL, q)).next;
        copy := pg_temp.view_of(q);
        FOR catchup IN 1 .. current_setting('icl.catchups')::integer LOOP
            -- 1 to 3 transactions of 1 to 6 random writes each
            FOR t IN 1 .. 1 + floor(random() * 3)::integer LOOP
                FOR w IN 1 .. 1 + floor(random() * 6)::integer LOOP
                    CASE floor(random() * 5)::integer
                    WHEN 0 THEN
                        INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, status, call_duration_in_seconds)
                        VALUES (a, 'a1000000-0000-4000-8000-000000000001', statuses[1 + floor(random() * 5)::integer],
                                floor(random() * 100)::integer);
                    WHEN 1 THEN
                        SELECT id INTO victim FROM incoming_call_log.call_log WHERE project_id = a ORDER BY random() LIMIT 1;
                        DELETE FROM incoming_call_log.call_log WHERE id = victim;
                    WHEN 2 THEN
                        INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, status)
                        VALUES (b, 'b1000000-0000-4000-8000-000000000001', 'Busy');
                    ELSE
                        SELECT id INTO victim FROM incoming_call_log.call_log WHERE project_id = a ORDER BY random() LIMIT 1;
                        UPDATE incoming_call_log.call_log
                           SET status = statuses[1 + floor(random() * 5)::integer],
                               call_duration_in_seconds = floor(random() * 100)::integer
                         WHERE id = victim;
                    END CASE;
                END LOOP;
                COMMIT;
            END LOOP;
            -- follow the feed until it is empty
            twice := false;
            reads := 0;
            LOOP
                answer := incoming_call_log.get_changes('"*"', q, pos, 1 + floor(random() * 4)::integer);
                pos := answer.next;
                reads := reads + 1;
                EXIT WHEN json_array_length(answer.data) = 0 OR reads > 1000;
                twice := twice OR (SELECT count(DISTINCT c ->> '_id') <> count(*) FROM json_array_elements(answer.data) c);
                FOR e IN SELECT * FROM json_array_elements(answer.data) LOOP
                    IF e ->> 'op' = 'upsert' THEN
                        copy := jsonb_set(copy, ARRAY[e ->> '_id'], (e -> 'object')::jsonb);
                    ELSE
                        copy := copy - (e ->> '_id');
                    END IF;
                END LOOP;
            END LOOP;
            INSERT INTO tap (line) SELECT is(copy, pg_temp.view_of(q),
                       format('round %s (query %s), catch-up %s: the copy kept by the feed equals the view', round, coalesce(q::text, 'null'), catchup));
            INSERT INTO tap (line) SELECT ok(NOT twice, format('round %s, catch-up %s: no answer names a call log twice', round, catchup));
        END LOOP;
    END LOOP;
END $$;

SELECT line FROM tap ORDER BY n;
SELECT * FROM finish();
\c :home
DROP DATABASE :"own_db";
