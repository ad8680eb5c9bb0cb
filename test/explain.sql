-- test/explain.sql — explain_list / explain_item / explain_count (issue 6,
-- "For DBAs"): the same caller checks as the calls, the statement the call
-- runs with its parameters, how the shape is planned, and EXPLAIN's text
-- (with ANALYZE when asked).
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(22);

CREATE FUNCTION pg_temp.lines(sql text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE result text[];
BEGIN
    EXECUTE format('SELECT array_agg(l) FROM (%s) AS s(l)', sql) INTO result;
    RETURN result;
END;
$$;

SELECT pg_temp.present_key(:'key_a_read');
SELECT pg_temp.lines($$SELECT * FROM incoming_call_log.explain_list('{"status": true}', '{"status": "Completed"}')$$) AS l \gset
SELECT is((:'l'::text[])[1], 'caller: API key, project aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, permissions {ReadProjectIncomingCallLog}',
          'the first line names the caller as the call resolves it');
SELECT is((:'l'::text[])[2], 'plan: generic (this request shape is planned once, whatever the values)',
          'an equality on an indexed field is planned once');
SELECT alike((:'l'::text[])[3], 'statement: SELECT c.total, p.id, p.status FROM (SELECT pg_catalog.count(*) AS total FROM incoming_call_log.call_log l WHERE l.project_id OPERATOR(pg_catalog.=) $1 AND l.status OPERATOR(pg_catalog.=) $2) c %',
             'the statement the call runs');
SELECT is((:'l'::text[])[4:7], ARRAY['$1 uuid = aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '$2 text = Completed', '$3 integer = 10', '$4 integer = 0'],
          'its parameters: the caller''s project, the query''s value, limit and skip');
SELECT ok(EXISTS (SELECT FROM unnest(:'l'::text[]) x WHERE x ~ 'Index Cond: \(\(project_id = \$1\) AND \(status = \$2\)\)'),
          'the EXPLAIN text of the generic plan follows (parameters as $n)');
SELECT ok(NOT EXISTS (SELECT FROM unnest(:'l'::text[]) x WHERE x ~ 'actual time'), 'without analyze nothing runs');

SELECT pg_temp.lines($$SELECT * FROM incoming_call_log.explain_count('{"statusMessage": {"_type": "Search", "value": "hi"}}', true)$$) AS l \gset
SELECT is((:'l'::text[])[2], 'plan: custom (planned for these values at every call; may use parallel workers)',
          'a text search is planned for its values');
SELECT ok(EXISTS (SELECT FROM unnest(:'l'::text[]) x WHERE x ~ 'actual time=' ), 'with analyze the plan ran');
SELECT ok(EXISTS (SELECT FROM unnest(:'l'::text[]) x WHERE x ~ '^Execution Time'), 'and reports its execution time');
SELECT ok(EXISTS (SELECT FROM unnest(:'l'::text[]) x WHERE x ~ '%hi%'), 'a custom plan shows the values it was planned for');
-- A text operator's value with no letter is matched case-sensitively (LIKE), one with a letter with ILIKE.
SELECT ok((SELECT bool_or(x ~ 'l\.caller_phone_number OPERATOR\(pg_catalog\.~~\) \$2') FROM unnest(pg_temp.lines(
              $$SELECT * FROM incoming_call_log.explain_count('{"callerPhoneNumber": {"_type": "Search", "value": "+49 4242"}}')$$)) x),
          'a Search of a phone number is a LIKE');
SELECT ok((SELECT bool_or(x ~ 'l\.caller_phone_number OPERATOR\(pg_catalog\.~~\*\) \$2') FROM unnest(pg_temp.lines(
              $$SELECT * FROM incoming_call_log.explain_count('{"callerPhoneNumber": {"_type": "Search", "value": "4242a"}}')$$)) x),
          'a Search with a letter is an ILIKE');

SELECT pg_temp.lines($$SELECT * FROM incoming_call_log.explain_item('0a000000-0000-4000-8000-000000000001', '{"answeredByUser": {"name": true}}')$$) AS l \gset
SELECT alike((:'l'::text[])[3], 'statement: SELECT l.id, ru.id, ru.name FROM incoming_call_log.call_log l LEFT JOIN LATERAL (SELECT * FROM incoming_call_log.app_user ru WHERE ru.id OPERATOR(pg_catalog.=) l.answered_by_user_id AND NOT EXISTS (SELECT FROM incoming_call_log_internal.follow_soft_deleted h WHERE h.source_table OPERATOR(pg_catalog.=) ''User''::pg_catalog.text AND h.source_id OPERATOR(pg_catalog.=) ru.id) LIMIT 1) ru ON true %',
             'explain_item shows the item statement');
SELECT ok(EXISTS (SELECT FROM unnest(:'l'::text[]) x WHERE x ~ 'id = \$2'), 'the plan looks the item up by its id parameter');
SELECT lives_ok($$SELECT * FROM incoming_call_log.explain_item('0b000000-0000-4000-8000-000000000001')$$,
                'explaining another project''s id is no error (nothing is read)');

-- The same checks, in the same order, as the calls.
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_list('{"nope": true}')$$, '22023', NULL, 'a malformed select: 22023');
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_count('{"status": {"_type": "Nope"}}')$$, '22023', NULL, 'a malformed query: 22023');
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_item('nope')$$, '22023', NULL, 'a malformed id: 22023');
SELECT pg_temp.present_key(:'key_a_none');
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_list('{"nope": true}')$$, 'PT403', NULL, 'no read permission: PT403 first');
SELECT pg_temp.headers();
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_count('{"nope": 1}')$$, 'PT401', NULL, 'no key: PT401 first');

-- Not for API callers.
CREATE ROLE icl_x_api;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_x_api;
SET LOCAL ROLE icl_x_api;
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_count()$$, '42501', NULL, 'an API role cannot run explain_count');
SELECT throws_ok($$SELECT * FROM incoming_call_log.explain_list()$$, '42501', NULL, 'nor explain_list');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
