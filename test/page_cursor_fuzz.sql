-- test/page_cursor_fuzz.sql — altered cursors (doc/cursors-and-changes.md: "no caller can
-- forge one").  Thousands of deterministic (setseed) mutations of real
-- cursors — a character replaced, removed, inserted, swapped; a cut; a
-- suffix; base64url of random bytes; arbitrary junk — each passed as
-- "after": every one is refused with 22023 (never an answer, never another
-- error), and each refusal names a rule of the list in doc/cursors-and-changes.md.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\o /dev/null
\ir fixtures/fixture.psql
\o
SELECT setseed(0.77);
SELECT pg_temp.present_key(:'key_a_owner');

CREATE TEMP TABLE base (sort json, cursor text);
INSERT INTO base
SELECT s::json, (incoming_call_log.get_page(NULL, NULL, s::json, 2)).next
  FROM unnest(ARRAY['{"createdAt": "DESC"}', '{"startedAt": "ASC", "status": "DESC"}',
                    '{"statusMessage": "DESC"}', '{"_id": "ASC"}']) s;

CREATE FUNCTION pg_temp.alphabet_char() RETURNS text LANGUAGE sql VOLATILE AS
$$ SELECT substr('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 1 + floor(random() * 64)::int, 1) $$;

CREATE FUNCTION pg_temp.random_bytes(n int) RETURNS bytea LANGUAGE sql VOLATILE AS
$$ SELECT decode(string_agg(lpad(to_hex(floor(random() * 256)::int), 2, '0'), ''), 'hex') FROM generate_series(1, n) $$;

-- One mutation of c (never c itself).
CREATE FUNCTION pg_temp.mutate(c text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    kind int := floor(random() * 8)::int;
    pos int := 1 + floor(random() * length(c))::int;
    m text;
BEGIN
    LOOP
        m := CASE kind
            WHEN 0 THEN overlay(c placing pg_temp.alphabet_char() from pos for 1)
            WHEN 1 THEN overlay(c placing '' from pos for 1)
            WHEN 2 THEN overlay(c placing pg_temp.alphabet_char() from pos for 0)
            WHEN 3 THEN left(c, pos - 1)
            WHEN 4 THEN c || pg_temp.alphabet_char() || pg_temp.alphabet_char()
            WHEN 5 THEN overlay(c placing substr(c, pos + 1, 1) || substr(c, pos, 1) from pos for 2)
            WHEN 6 THEN rtrim(translate(encode(pg_temp.random_bytes(1 + floor(random() * 120)::int), 'base64'), '+/', '-_'), '=')
            ELSE chr(32 + floor(random() * 95)::int) || substr(c, pos)
        END;
        EXIT WHEN m IS DISTINCT FROM c;
        pos := 1 + floor(random() * length(c))::int;
    END LOOP;
    RETURN m;
END
$$;

-- The refusal of each mutation: SQLSTATE and message ('ok' when answered).
CREATE FUNCTION pg_temp.refusal(sort json, after text, OUT code text, OUT message text) LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incoming_call_log.get_page(NULL, NULL, sort, 2, after);
    code := 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
END
$$;

CREATE TEMP TABLE tried AS
SELECT b.sort, m.after, (pg_temp.refusal(b.sort, m.after)).*
  FROM base b, LATERAL (SELECT pg_temp.mutate(b.cursor) AS after FROM generate_series(1, 500)) m;

SELECT plan(6);
SELECT is((SELECT count(*) FROM base WHERE cursor IS NOT NULL), 4::bigint, 'four real cursors to mutate');
SELECT is_empty($$SELECT b.sort FROM base b WHERE pg_temp.code_of(format(
                    'SELECT incoming_call_log.get_page(NULL, NULL, %L, 2, %L)', b.sort, b.cursor)) <> 'ok'$$,
                'each real cursor opens');
SELECT is((SELECT count(*) FROM tried), 2000::bigint, '2,000 mutations tried');
SELECT is_empty($$SELECT code, message, after FROM tried WHERE code <> '22023' LIMIT 5$$,
                'every mutation is refused with 22023: none answers, none is another error');
SELECT is_empty($$SELECT message, count(*) FROM tried
                   WHERE message NOT IN ('"after" is not a cursor', '"after" was cut short',
                                         '"after" was altered or was not made by this database')
                   GROUP BY message$$,
                'every refusal says the cursor is not one, was cut short or was altered');
SELECT is((SELECT count(DISTINCT message) FROM tried), 3::bigint, 'the three refusals occur');
SELECT * FROM finish();
ROLLBACK;
