-- test/page_property.sql — property test of get_page (doc/cursors-and-changes.md): random
-- sorts and queries, random writes between pages, exactly-once.
--
-- Deterministic (setseed).  Project A gets 120 more call logs whose sort
-- fields repeat a few values and are often null (ties and NULL placement
-- everywhere).  Each walk picks 1-3 sort keys with random directions, one of
-- a few queries and a page size of 3-10, then follows next from the first
-- page; after every page it writes: inserts, deletes, updates of a field no
-- sort or query uses, and updates that move a row's sort value.  At the end
-- of each walk, against the rows as the walk began:
--
--   every row that matched at the start, still exists, and whose sort
--   values never changed, was visited exactly once;
--   no row was visited twice unless its sort values changed mid-walk;
--   no row of another project, or not matching the query, was visited.
--
-- Failures are collected and asserted at the end, with counts proving the
-- walks ran, wrote and crossed many pages.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\o /dev/null
\ir fixtures/fixture.psql
\o
SELECT setseed(0.19);

CREATE FUNCTION pg_temp.pick(a text[]) RETURNS text LANGUAGE sql VOLATILE AS
$$ SELECT a[1 + floor(random() * array_length(a, 1))::int] $$;

-- A random call log of project A (sort fields from small sets, often null).
CREATE FUNCTION pg_temp.random_row(tag text) RETURNS void LANGUAGE sql VOLATILE AS $$
    INSERT INTO incoming_call_log.call_log
        (project_id, incoming_call_policy_id, created_at, status, caller_phone_number, call_provider_call_id,
         started_at, ended_at, call_duration_in_seconds, repeat_count, answered_by_user_id, status_message)
    SELECT 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001',
           '2026-02-01'::timestamptz + (floor(random() * 5) || ' hours')::interval,
           pg_temp.pick('{Completed,Ringing,Busy,Failed,NoAnswer}'),
           CASE WHEN random() < 0.3 THEN NULL ELSE pg_temp.pick('{+15550001,+15550002,+15550003}') END,
           CASE WHEN random() < 0.4 THEN NULL ELSE pg_temp.pick('{CA1,CA2,ca3}') END,
           s, CASE WHEN s IS NULL OR random() < 0.3 THEN NULL ELSE s + interval '1 minute' END,
           floor(random() * 4)::int, floor(random() * 3)::int,
           CASE WHEN random() < 0.5 THEN NULL ELSE '11111111-1111-4111-8111-111111111111'::uuid END,
           tag
      FROM (SELECT CASE WHEN random() < 0.3 THEN NULL
                        ELSE '2026-03-01'::timestamptz + (floor(random() * 4) || ' days')::interval END AS s) x
$$;
SELECT pg_temp.random_row('seed') FROM generate_series(1, 120);

-- Sortable fields: JSON name, column.
CREATE TEMP TABLE sort_field (json_name text, col text);
INSERT INTO sort_field VALUES
    ('createdAt', 'created_at'), ('status', 'status'), ('callerPhoneNumber', 'caller_phone_number'),
    ('callProviderCallId', 'call_provider_call_id'), ('startedAt', 'started_at'), ('endedAt', 'ended_at'),
    ('callDurationInSeconds', 'call_duration_in_seconds'), ('repeatCount', 'repeat_count'),
    ('answeredByUserId', 'answered_by_user_id'), ('_id', 'id');
-- Queries: JSON, the same condition in SQL (no field a write below changes).
CREATE TEMP TABLE query_choice (q text, cond text);
INSERT INTO query_choice VALUES
    (NULL, 'true'),
    ('{"status": ["Completed", "Busy"]}', $$status IN ('Completed', 'Busy')$$),
    ('{"callDurationInSeconds": {"_type": "GreaterThan", "value": 0}}', 'call_duration_in_seconds > 0'),
    ('{"incomingCallPolicyId": "a1000000-0000-4000-8000-000000000001"}', $$incoming_call_policy_id = 'a1000000-0000-4000-8000-000000000001'$$);

CREATE TEMP TABLE failure (walk int, what text);
CREATE TEMP TABLE stats (walks int DEFAULT 0, pages int DEFAULT 0, writes int DEFAULT 0, moved int DEFAULT 0);
INSERT INTO stats DEFAULT VALUES;

SELECT pg_temp.present_key(:'key_a_owner');

DO $walks$
DECLARE
    w int;
    nkeys int;
    sort_json text;
    sort_cols text[];
    qc record;
    lim int;
    cur text;
    r record;
    page_no int;
    victim uuid;
    mcol text;
BEGIN
    FOR w IN 1..25 LOOP
        -- the sort
        nkeys := 1 + floor(random() * 3)::int;
        SELECT '{' || string_agg(format('%s: %s', to_json(json_name), to_json(dir)), ', ' ORDER BY o) || '}',
               array_agg(col ORDER BY o)
          INTO sort_json, sort_cols
          FROM (SELECT json_name, col, random() AS o,
                       pg_temp.pick('{ASC,DESC,Ascending,Descending}') AS dir
                  FROM sort_field ORDER BY random() LIMIT nkeys) k;
        SELECT * INTO qc FROM query_choice ORDER BY random() LIMIT 1;
        lim := 3 + floor(random() * 8)::int;

        DROP TABLE IF EXISTS start_rows, seen, gone, moved;
        EXECUTE format('CREATE TEMP TABLE start_rows AS SELECT id FROM incoming_call_log.call_log
                         WHERE project_id = %L AND (%s)', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', qc.cond);
        CREATE TEMP TABLE seen (id uuid, page int);
        CREATE TEMP TABLE gone (id uuid);
        CREATE TEMP TABLE moved (id uuid);

        cur := NULL;
        page_no := 0;
        LOOP
            SELECT * INTO r FROM incoming_call_log.get_page(NULL, qc.q::json, sort_json::json, lim, cur);
            page_no := page_no + 1;
            INSERT INTO seen SELECT (e ->> '_id')::uuid, page_no FROM json_array_elements(r.data) e;
            EXIT WHEN r.next IS NULL OR page_no > 1000;
            cur := r.next;

            -- writes between pages
            IF random() < 0.3 THEN
                PERFORM pg_temp.random_row('walk');
                UPDATE stats SET writes = writes + 1;
            END IF;
            IF random() < 0.3 THEN
                SELECT id INTO victim FROM incoming_call_log.call_log
                 WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' ORDER BY random() LIMIT 1;
                DELETE FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND id = victim;
                INSERT INTO gone VALUES (victim);
                UPDATE stats SET writes = writes + 1;
            END IF;
            IF random() < 0.3 THEN
                UPDATE incoming_call_log.call_log SET call_cost_in_usd_cents = CASE WHEN call_cost_in_usd_cents < 1000000 THEN call_cost_in_usd_cents + 1 ELSE 0 END
                 WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
                   AND id = (SELECT id FROM incoming_call_log.call_log
                              WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' ORDER BY random() LIMIT 1);
                UPDATE stats SET writes = writes + 1;
            END IF;
            IF random() < 0.2 THEN
                -- move a row: change one of its sort values (not its id)
                mcol := (SELECT c FROM unnest(sort_cols) c WHERE c NOT IN ('id') ORDER BY random() LIMIT 1);
                IF mcol IS NOT NULL AND mcol NOT IN ('status') THEN
                    SELECT id INTO victim FROM incoming_call_log.call_log
                     WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' ORDER BY random() LIMIT 1;
                    EXECUTE format('UPDATE incoming_call_log.call_log SET %I = %s WHERE project_id = %L AND id = %L', mcol,
                                   CASE WHEN mcol IN ('created_at') THEN format('%I + interval ''1 hour''', mcol)
                                        WHEN mcol IN ('started_at', 'ended_at') THEN 'NULL'
                                        WHEN mcol IN ('call_duration_in_seconds', 'repeat_count') THEN format('%I + 1', mcol)
                                        ELSE 'NULL' END,
                                   'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', victim);
                    INSERT INTO moved VALUES (victim);
                    UPDATE stats SET moved = moved + 1;
                END IF;
            END IF;
        END LOOP;

        IF page_no > 1000 THEN
            INSERT INTO failure VALUES (w, format('walk %s did not end: %s', w, sort_json));
        END IF;
        INSERT INTO failure
            SELECT w, format('sort %s query %s limit %s: row %s visited %s times', sort_json, qc.q, lim, s.id, count(seen.page))
              FROM start_rows s LEFT JOIN seen USING (id)
             WHERE s.id NOT IN (SELECT id FROM gone) AND s.id NOT IN (SELECT id FROM moved)
             GROUP BY s.id HAVING count(seen.page) <> 1;
        INSERT INTO failure
            SELECT w, format('sort %s query %s limit %s: row %s visited twice', sort_json, qc.q, lim, id)
              FROM seen WHERE id NOT IN (SELECT id FROM moved) GROUP BY id HAVING count(*) > 1;
        EXECUTE format($q$
            INSERT INTO failure
            SELECT %s, format('sort %%s: row %%s is not the project''s or does not match', %L, s.id)
              FROM seen s LEFT JOIN incoming_call_log.call_log l
                ON l.project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND l.id = s.id
             WHERE s.id NOT IN (SELECT id FROM gone) AND NOT coalesce((%s), false)$q$, w, sort_json,
             replace(replace(qc.cond, 'status', 'l.status'), 'call_duration', 'l.call_duration')
               || ' AND l.id IS NOT NULL');
        UPDATE stats SET walks = walks + 1, pages = pages + page_no;
    END LOOP;
END
$walks$;

SELECT plan(4);
SELECT is_empty($$SELECT what FROM failure ORDER BY walk LIMIT 20$$, 'every walk visited each stable row exactly once, and nothing else');
SELECT is((SELECT walks FROM stats), 25, 'twenty-five walks ran');
SELECT cmp_ok((SELECT pages FROM stats), '>', 300, 'over many pages');
SELECT cmp_ok((SELECT writes + moved FROM stats), '>', 150, 'with writes between pages');
SELECT * FROM finish();
ROLLBACK;
