-- test/page.sql — get_page and its cursors (doc/cursors-and-changes.md).
--
-- Sections that write come last, each leaving what it changed (pgTAP's
-- results would not survive a ROLLBACK TO SAVEPOINT).
--
-- Walks are compared with an independent ordering of project A's rows
-- (row_number() over an ORDER BY written with explicit NULLS FIRST/LAST and
-- the tie-break on id), for sorts with several keys, both directions and
-- nullable fields.  Then: the caller checks and their order, limit, every
-- cursor refusal (22023 naming the rule), writes between pages, a sort
-- value too long for a cursor, secret rotation, and who can read the secret.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

-- Follow next from the first page; the _id values in the order seen.
CREATE FUNCTION pg_temp.walk(sort json, lim integer, query json DEFAULT NULL) RETURNS uuid[]
LANGUAGE plpgsql AS $f$
DECLARE
    cur text;
    r record;
    ids uuid[] := '{}';
    pages integer := 0;
BEGIN
    LOOP
        SELECT * INTO r FROM incoming_call_log.get_page(NULL, query, sort, lim, cur);
        ids := ids || ARRAY(SELECT (e.value ->> '_id')::uuid
                              FROM json_array_elements(r.data) WITH ORDINALITY AS e(value, n) ORDER BY e.n);
        EXIT WHEN r.next IS NULL;
        cur := r.next;
        pages := pages + 1;
        IF pages > 1000 THEN
            RAISE EXCEPTION 'walk does not end';
        END IF;
    END LOOP;
    RETURN ids;
END
$f$;

-- The ids of project A in an independent order.
CREATE FUNCTION pg_temp.sql_ids(order_by text, cond text DEFAULT 'true') RETURNS uuid[]
LANGUAGE plpgsql AS $f$
DECLARE
    result uuid[];
BEGIN
    EXECUTE format($s$
        SELECT coalesce(array_agg(id ORDER BY rn), '{}')
          FROM (SELECT id, row_number() OVER (ORDER BY %s) AS rn
                  FROM incoming_call_log.call_log
                 WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND (%s)) t
        $s$, order_by, cond) INTO result;
    RETURN result;
END
$f$;

CREATE FUNCTION pg_temp.walks(sort text, order_by text, description text) RETURNS SETOF text
LANGUAGE plpgsql AS $f$
DECLARE
    lim integer;
BEGIN
    FOREACH lim IN ARRAY ARRAY[1, 2, 5, 100] LOOP
        RETURN NEXT is(pg_temp.walk(sort::json, lim), pg_temp.sql_ids(order_by),
                       format('%s (pages of %s)', description, lim));
    END LOOP;
END
$f$;

CREATE FUNCTION pg_temp.page(after text, sort json DEFAULT NULL, query json DEFAULT NULL,
                             lim integer DEFAULT 2, sel json DEFAULT NULL)
RETURNS incoming_call_log.page_result LANGUAGE sql AS $$
    SELECT * FROM incoming_call_log.get_page(sel, query, sort, lim, after)
$$;

SELECT plan(114);

SELECT pg_temp.present_key(:'key_a_owner');

-------------------------------------------------------------------------------
-- The surface
-------------------------------------------------------------------------------
SELECT has_function('incoming_call_log', 'get_page', ARRAY['json', 'json', 'json', 'integer', 'text'],
                    'get_page(select, query, sort, limit, after) exists');
SELECT function_returns('incoming_call_log', 'get_page', ARRAY['json', 'json', 'json', 'integer', 'text'],
                        'incoming_call_log.page_result', 'get_page returns page_result');
SELECT is((SELECT array_agg(attname::text || ' ' || format_type(atttypid, atttypmod) ORDER BY attnum)
             FROM pg_attribute WHERE attrelid = 'incoming_call_log.page_result'::regclass AND attnum > 0),
          ARRAY['data json', 'next text'], 'page_result is ("data" json, "next" text)');
SELECT is(to_jsonb(incoming_call_log.get_page(NULL, NULL, NULL, 100)),
          jsonb_build_object('data', (incoming_call_log.get_list(NULL, NULL, NULL, 0, 100)).data::jsonb, 'next', NULL),
          'to_jsonb of a page is {"data": [...], "next": null}; the data is get_list''s');

-------------------------------------------------------------------------------
-- Walks visit every row once, in the sort's order (ties by _id, NULLs last
-- ascending, first descending)
-------------------------------------------------------------------------------
SELECT pg_temp.walks(NULL, 'created_at DESC, id ASC', 'default sort: createdAt DESC');
SELECT pg_temp.walks('{"createdAt": "ASC"}', 'created_at ASC, id ASC', 'createdAt ASC (one row comparison)');
SELECT pg_temp.walks('{"_id": "DESC"}', 'id DESC', '_id DESC');
SELECT pg_temp.walks('{"startedAt": "ASC"}', 'started_at ASC NULLS LAST, id ASC', 'nullable startedAt ASC: nulls last');
SELECT pg_temp.walks('{"startedAt": "DESC"}', 'started_at DESC NULLS FIRST, id ASC', 'nullable startedAt DESC: nulls first');
SELECT pg_temp.walks('{"status": "ASC", "endedAt": "DESC", "callerPhoneNumber": "ASC"}',
                     'status ASC, ended_at DESC NULLS FIRST, caller_phone_number ASC NULLS LAST, id ASC',
                     'three keys, mixed directions, nullable');
SELECT pg_temp.walks('{"answeredByUserId": "DESC", "callDurationInSeconds": "ASC"}',
                     'answered_by_user_id DESC NULLS FIRST, call_duration_in_seconds ASC, id ASC',
                     'a nullable uuid DESC, then an integer');
SELECT pg_temp.walks('{"callProviderCallId": "ASC", "repeatCount": -1}',
                     'call_provider_call_id ASC NULLS LAST, repeat_count DESC, id ASC',
                     'nullable text ASC, integer -1');
SELECT pg_temp.walks('{"statusMessage": "DESC", "updatedAt": "Ascending"}',
                     'status_message DESC NULLS FIRST, updated_at ASC, id ASC', 'long text DESC, Ascending');
SELECT pg_temp.walks('{"callCostInUSDCents": "DESC", "_id": "DESC", "status": "ASC"}',
                     'call_cost_in_usd_cents DESC, id DESC', '_id inside the sort ends the keys');
SELECT is(pg_temp.walk(NULL, 2, '{"status": {"_type": "Includes", "value": ["Completed", "NoAnswer", "Busy"]}}'),
          pg_temp.sql_ids('created_at DESC, id ASC', $$status IN ('Completed', 'NoAnswer', 'Busy')$$),
          'a walk with a query visits exactly the matching rows');
SELECT is(pg_temp.walk('{"startedAt": "DESC"}', 3, '{"startedAt": {"_type": "NotNull"}}'),
          pg_temp.sql_ids('started_at DESC, id ASC', 'started_at IS NOT NULL'),
          'a walk with a query on the sort field');

-------------------------------------------------------------------------------
-- Pages: the projection, limit, next
-------------------------------------------------------------------------------
SELECT is((incoming_call_log.get_page('{"status": true, "answeredByUser": {"name": true}}', NULL, '{"startedAt": "ASC"}', 5)).data::text,
          (incoming_call_log.get_list('{"status": true, "answeredByUser": {"name": true}}', NULL, '{"startedAt": "ASC"}', 0, 5)).data::text,
          'the first page is projected exactly as get_list''s first page');
SELECT is(json_array_length((incoming_call_log.get_page()).data), 10, 'limit defaults to 10');
SELECT isnt((incoming_call_log.get_page()).next, NULL, 'a page with rows after it has a next');
SELECT is((incoming_call_log.get_page(NULL, NULL, NULL, 12)).next, NULL,
          'a page that ends with the last row has no next (12 rows, limit 12)');
SELECT isnt((incoming_call_log.get_page(NULL, NULL, NULL, 11)).next, NULL, 'limit 11 of 12 rows: next');
SELECT is((pg_temp.page((incoming_call_log.get_page(NULL, NULL, NULL, 11)).next, lim => 5)).data::text,
          '[{"_id":"0a000000-0000-4000-8000-000000000001"}]', 'the page after it holds the last row');
SELECT is((incoming_call_log.get_page(NULL, '{"callerPhoneNumber": "+19999999999"}')).data::text, '[]', 'no match: an empty page');
SELECT is((incoming_call_log.get_page(NULL, '{"callerPhoneNumber": "+19999999999"}')).next, NULL, 'no match: no next');
SELECT is((incoming_call_log.get_page(NULL, NULL, NULL, 100)).next, NULL, 'limit 100 is allowed');
SELECT throws_ok($$SELECT incoming_call_log.get_page(NULL, NULL, NULL, 0)$$, '22023', '"limit" must be between 1 and 100, not 0', 'limit 0');
SELECT throws_ok($$SELECT incoming_call_log.get_page(NULL, NULL, NULL, 101)$$, '22023', '"limit" must be between 1 and 100, not 101', 'limit 101');

-------------------------------------------------------------------------------
-- select and limit may change between pages; the cursor is URL-safe text
-------------------------------------------------------------------------------
SELECT (incoming_call_log.get_page(NULL, NULL, NULL, 3)).next AS c3 \gset
SELECT is((pg_temp.page(:'c3', lim => 2, sel => '{"status": true}')).data::text,
          '[{"_id":"0a000000-0000-4000-8000-000000000009","status":"Initiated"},{"_id":"0a000000-0000-4000-8000-000000000008","status":"Ringing"}]',
          'another select and limit continue from the same position');
SELECT ok(:'c3' ~ '^[A-Za-z0-9_-]+$', 'a cursor is base64url: URL-safe ASCII');
SELECT cmp_ok(length(:'c3'), '<=', 1024, 'a cursor is at most 1,024 characters');

-------------------------------------------------------------------------------
-- Checks and their order: caller (PT401, PT403), request (22023), cursor (22023)
-------------------------------------------------------------------------------
SELECT pg_temp.headers();
SELECT throws_ok(format('SELECT incoming_call_log.get_page(NULL, NULL, NULL, 0, %L)', 'garbage'), 'PT401', NULL,
                 'no key: PT401 before the request and the cursor are looked at');
SELECT pg_temp.present_key(:'key_a_none');
SELECT throws_ok(format('SELECT incoming_call_log.get_page(NULL, NULL, NULL, 0, %L)', 'garbage'), 'PT403', NULL,
                 'no read permission: PT403 before the request');
SELECT pg_temp.present_key(:'key_a_expired');
SELECT throws_ok($$SELECT incoming_call_log.get_page()$$, 'PT401', NULL, 'an expired key: PT401');
SELECT pg_temp.present_key(:'key_a_read');
SELECT throws_ok(format('SELECT incoming_call_log.get_page(%L, NULL, NULL, 10, %L)', '{"nope": true}', 'garbage'), '22023',
                 'unknown field "nope" in "select"', 'a bad select is refused before the cursor');
SELECT throws_ok(format('SELECT incoming_call_log.get_page(NULL, NULL, NULL, 0, %L)', 'garbage'), '22023',
                 '"limit" must be between 1 and 100, not 0', 'a bad limit is refused before the cursor');
SELECT throws_ok($$SELECT incoming_call_log.get_page(NULL, '{"project": "x"}')$$, '22023', NULL, 'a bad query: 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_page(NULL, NULL, '{"project": "ASC"}')$$, '22023', NULL, 'a bad sort: 22023');
SELECT lives_ok(format('SELECT pg_temp.page(%L, lim => 3)', :'c3'),
                'a cursor is bound to the project, not to the key: another key of A may use it');

-------------------------------------------------------------------------------
-- Cursor refusals, each naming its rule
-------------------------------------------------------------------------------
SELECT throws_ok($$SELECT pg_temp.page('garbage!')$$, '22023', '"after" is not a cursor', 'not base64url: not a cursor');
SELECT throws_ok($$SELECT pg_temp.page('')$$, '22023', '"after" is not a cursor', 'empty: not a cursor');
SELECT throws_ok($$SELECT pg_temp.page('abc')$$, '22023', '"after" is not a cursor', 'too short: not a cursor');
SELECT throws_ok(format('SELECT pg_temp.page(%L)', repeat('A', 1025)), '22023', '"after" is not a cursor',
                 'longer than 1,024 characters: not a cursor');
SELECT throws_ok(format('SELECT pg_temp.page(%L)', 'BA' || substr(:'c3', 3)), '22023', '"after" is not a cursor',
                 'another version byte: not a cursor');
SELECT throws_ok(format('SELECT pg_temp.page(%L)',
                        overlay(:'c3' placing CASE WHEN substr(:'c3', 40, 1) = 'A' THEN 'B' ELSE 'A' END from 40 for 1)),
                 '22023', '"after" was altered or was not made by this database', 'one character changed: altered');
SELECT throws_ok(format('SELECT pg_temp.page(%L)', left(:'c3', 36)), '22023',
                 '"after" was cut short', 'truncated inside its header: cut short');
SELECT throws_ok(format('SELECT pg_temp.page(%L)', left(:'c3', 96)), '22023',
                 '"after" was cut short', 'truncated after its header: cut short');
SELECT throws_ok(format('SELECT pg_temp.page(%L)', :'c3' || 'AAAA'), '22023',
                 '"after" was altered or was not made by this database', 'extended: altered');
SELECT throws_ok(format('SELECT pg_temp.page(%L, %L)', :'c3', '{"createdAt": "ASC"}'), '22023',
                 '"after" was made for another sort', 'another sort');
SELECT throws_ok(format('SELECT pg_temp.page(%L, %L)', :'c3', '{"createdAt": "DESC", "status": "ASC"}'), '22023',
                 '"after" was made for another sort', 'a sort with one more key');
SELECT lives_ok(format('SELECT pg_temp.page(%L, %L)', :'c3', '{"createdAt": -1}'),
                'the same sort written another way is the same sort');
SELECT throws_ok(format('SELECT pg_temp.page(%L, NULL, %L)', :'c3', '{"status": "Completed"}'), '22023',
                 '"after" was made for another query', 'another query');
SELECT (incoming_call_log.get_page(NULL, '{"status": ["Completed", "Ringing"]}', NULL, 1)).next AS cq \gset
SELECT lives_ok(format('SELECT pg_temp.page(%L, NULL, %L)', :'cq', '{"status": {"_type": "Includes", "value": ["Completed", "Ringing"]}}'),
                'the same query written another way is the same query');
SELECT lives_ok(format('SELECT pg_temp.page(%L, NULL, %L)', :'cq', '{"status": ["Ringing", "Completed", "Ringing"]}'),
                'a list is a set: the same values in another order, one repeated, are the same query');
SELECT throws_ok(format('SELECT pg_temp.page(%L, NULL, %L)', :'cq', '{"status": ["Completed", "Busy"]}'), '22023',
                 '"after" was made for another query', 'the same filter with another value is another query');
-- A query's values are bound as what they are, not as the session prints
-- them: a gateway may set TimeZone (PostgREST's Prefer: timezone=) or
-- DateStyle per request.
SET TimeZone = 'UTC';
\set qt '{"startedAt": {"_type": "GreaterThan", "value": "2020-01-01T00:00:00.000Z"}, "createdAt": {"_type": "LessThan", "value": "2100-01-01T09:00:00.000Z"}}'
SELECT (incoming_call_log.get_page(NULL, :'qt', NULL, 1)).next AS ct \gset
SET TimeZone = 'Asia/Tokyo';
SET DateStyle = 'German';
SELECT lives_ok(format('SELECT pg_temp.page(%L, NULL, %L)', :'ct', :'qt'),
                'the same dates under another TimeZone and DateStyle are the same query');
SELECT lives_ok(format('SELECT pg_temp.page(%L, NULL, %L)', :'ct',
                       '{"startedAt": {"_type": "GreaterThan", "value": "2020-01-01T09:00:00+09:00"}, "createdAt": {"_type": "LessThan", "value": "2100-01-01T09:00:00Z"}}'),
                'the same instants written in another zone are the same query');
RESET TimeZone;
RESET DateStyle;
SELECT pg_temp.present_key(:'key_b');
SELECT throws_ok(format('SELECT pg_temp.page(%L)', :'c3'), '22023', '"after" was made for another project',
                 'a cursor of project A, presented by a caller of project B');
SELECT pg_temp.present_key(:'key_a_owner');

-------------------------------------------------------------------------------
-- A sort value too long for a cursor travels as a reference to its row
-------------------------------------------------------------------------------
\set q45 '{"_id": ["0a000000-0000-4000-8000-000000000004", "0a000000-0000-4000-8000-000000000005"]}'
UPDATE incoming_call_log.call_log SET status_message = repeat('long ', 400) || id::text
 WHERE project_id = :'A' AND id IN ('0a000000-0000-4000-8000-000000000004', '0a000000-0000-4000-8000-000000000005');
SELECT pg_temp.walks('{"statusMessage": "ASC"}', 'status_message ASC NULLS LAST, id ASC',
                     'statusMessage values of 2 kB: the cursor carries a reference to the row');
SELECT (pg_temp.page(NULL, '{"statusMessage": "ASC"}', :'q45', 1)).next AS cl \gset
SELECT cmp_ok(length(:'cl'), '<=', 1024, 'the cursor after a 2 kB sort value is still at most 1,024 characters');
UPDATE incoming_call_log.call_log SET status_message = NULL WHERE project_id = :'A' AND id = '0a000000-0000-4000-8000-000000000004';
SELECT throws_ok(format('SELECT pg_temp.page(%L, %L, %L)', :'cl', '{"statusMessage": "ASC"}', :'q45'), '22023',
                 '"after" names a row that was deleted or changed since',
                 'its row changed away from a carried reference: the position is lost, said so');
-- The reference carries the value's hash: another field of the row may
-- change, the value may not (the position would move, silently).
UPDATE incoming_call_log.call_log SET status_message = repeat('long ', 400) || id::text
 WHERE project_id = :'A' AND id = '0a000000-0000-4000-8000-000000000004';
SELECT (pg_temp.page(NULL, '{"statusMessage": "ASC"}', :'q45', 1)).next AS cl \gset
UPDATE incoming_call_log.call_log SET repeat_count = repeat_count + 1
 WHERE project_id = :'A' AND id = '0a000000-0000-4000-8000-000000000004';
SELECT is((pg_temp.page(:'cl', '{"statusMessage": "ASC"}', :'q45')).data::jsonb -> 0 ->> '_id',
          '0a000000-0000-4000-8000-000000000005', 'a carried reference still stands after another field of its row changed');
UPDATE incoming_call_log.call_log SET status_message = repeat('long ', 400) || 'zz'
 WHERE project_id = :'A' AND id = '0a000000-0000-4000-8000-000000000004';
SELECT throws_ok(format('SELECT pg_temp.page(%L, %L, %L)', :'cl', '{"statusMessage": "ASC"}', :'q45'), '22023',
                 '"after" names a row that was deleted or changed since',
                 'its row''s value changed to another long value: refused, never a moved position');
\set q45 '{"_id": ["0a000000-0000-4000-8000-000000000004", "0a000000-0000-4000-8000-000000000005"]}'
SELECT pg_temp.present_key(:'key_a_owner');

-------------------------------------------------------------------------------
-- Writes between pages: the rows that existed throughout, once each
-------------------------------------------------------------------------------
SELECT (incoming_call_log.get_page(NULL, NULL, '{"startedAt": "ASC"}', 4)).data AS p1,
       (incoming_call_log.get_page(NULL, NULL, '{"startedAt": "ASC"}', 4)).next AS c4 \gset
-- a row before the position, a row after it, a deleted row after it, a changed non-sort field
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, started_at, created_at)
VALUES ('0a000000-0000-4000-8000-0000000000f1', :'A', 'a1000000-0000-4000-8000-000000000001', '2025-01-01T00:00:00Z', now()),
       ('0a000000-0000-4000-8000-0000000000f2', :'A', 'a1000000-0000-4000-8000-000000000001', '2027-01-01T00:00:00Z', now());
DELETE FROM incoming_call_log.call_log WHERE id = '0a000000-0000-4000-8000-000000000011';
UPDATE incoming_call_log.call_log SET status_message = 'changed' WHERE id = '0a000000-0000-4000-8000-000000000010';
SELECT set_config('icl.c4', :'c4', true) IS NOT NULL AS cursor_kept \gset
CREATE TEMP TABLE seen AS
    SELECT (e ->> '_id')::uuid AS id FROM json_array_elements(:'p1'::json) e;
DO $$
DECLARE
    cur text := current_setting('icl.c4');
    r record;
BEGIN
    LOOP
        SELECT * INTO r FROM incoming_call_log.get_page(NULL, NULL, '{"startedAt": "ASC"}', 3, cur);
        INSERT INTO seen SELECT (e ->> '_id')::uuid FROM json_array_elements(r.data) e;
        EXIT WHEN r.next IS NULL;
        cur := r.next;
    END LOOP;
END
$$;
SELECT is((SELECT count(*) FROM seen WHERE id = '0a000000-0000-4000-8000-0000000000f2'), 1::bigint,
          'a row inserted after the position is visited');
SELECT is((SELECT count(*) FROM seen WHERE id = '0a000000-0000-4000-8000-0000000000f1'), 0::bigint,
          'a row inserted before the position is not (it belongs to pages already read)');
SELECT is((SELECT count(*) FROM seen WHERE id = '0a000000-0000-4000-8000-000000000011'), 0::bigint,
          'a row deleted after the position is not visited');
SELECT is_empty($$SELECT id FROM seen GROUP BY id HAVING count(*) > 1$$, 'no row is visited twice');
SELECT set_eq($$SELECT id FROM seen$$,
              $$SELECT id FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
                 AND id <> '0a000000-0000-4000-8000-0000000000f1'$$,
              'every row that existed throughout is visited (the changed one too)');
SELECT pg_temp.present_key(:'key_a_owner');

-------------------------------------------------------------------------------
-- The secret: only the owner reads it; rotation and its overlap
-------------------------------------------------------------------------------
SELECT is((SELECT count(*) FROM incoming_call_log_internal.cursor_secret), 1::bigint,
          'CREATE EXTENSION made one cursor secret');
SELECT cmp_ok((SELECT octet_length(secret) FROM incoming_call_log_internal.cursor_secret), '>=', 32,
              'of at least 32 bytes');
SELECT is((SELECT count(*) FROM pg_extension, unnest(extconfig) c
            WHERE extname = 'incoming_call_log' AND c = 'incoming_call_log_internal.cursor_secret'::regclass),
          1::bigint, 'pg_dump keeps the secret (a configuration table of the extension)');
SELECT is(has_table_privilege('public', 'incoming_call_log_internal.cursor_secret', 'SELECT'), false,
          'PUBLIC cannot read the secret');
SELECT is(has_schema_privilege('public', 'incoming_call_log_internal', 'USAGE'), false,
          'nor reach its schema');
SELECT is(has_function_privilege('public', 'incoming_call_log.rotate_cursor_secret(interval)', 'EXECUTE'), false,
          'PUBLIC cannot rotate it');

SELECT incoming_call_log.rotate_cursor_secret('1 hour');
SELECT is((SELECT count(*) FROM incoming_call_log_internal.cursor_secret), 2::bigint,
          'rotation adds a secret and keeps the old one for its overlap');
SELECT lives_ok(format('SELECT pg_temp.page(%L)', :'c3'), 'a cursor signed before the rotation opens during the overlap');
SELECT (incoming_call_log.get_page(NULL, NULL, NULL, 3)).next AS c3new \gset
SELECT isnt(:'c3new'::text, :'c3'::text, 'after the rotation the same position is signed with the new secret');
SELECT incoming_call_log.rotate_cursor_secret('0');
SELECT is((SELECT count(*) FROM incoming_call_log_internal.cursor_secret), 1::bigint,
          'rotation with overlap 0 leaves only the new secret');
SELECT throws_ok(format('SELECT pg_temp.page(%L)', :'c3'), '22023',
                 '"after" was altered or was not made by this database',
                 'a cursor signed before a rotation without overlap is refused');
SELECT throws_ok(format('SELECT pg_temp.page(%L)', :'c3new'), '22023',
                 '"after" was altered or was not made by this database',
                 'so is one signed by the secret that rotation retired at once');
SELECT throws_ok($$SELECT incoming_call_log.rotate_cursor_secret('-1 second')$$, '22023', NULL,
                 'a negative overlap is refused');
DELETE FROM incoming_call_log_internal.cursor_secret;
SELECT throws_ok($$SELECT pg_temp.page(NULL, lim => 1)$$, '55000', 'incoming_call_log has no cursor secret',
                 'no secret at all: 55000 saying so');
SELECT pg_temp.present_key(:'key_a_owner');

SELECT * FROM finish();
ROLLBACK;
