-- test/limits.sql — the request limits of src/bounds.h (issue 7, defect 2):
-- each is accepted at its value and refused one past it with 22023 and a
-- message naming the limit, before the work it bounds is done; and the
-- order of checks holds (an unauthenticated caller learns nothing: PT401).
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(24);

SELECT pg_temp.present_key(:'key_a_member');

-- A parameter of n bytes: {"status": "Completed"} padded with spaces.
CREATE FUNCTION pg_temp.padded_query(n int) RETURNS json LANGUAGE sql AS $$
    SELECT ('{"status": "Completed"' || repeat(' ', n - 23) || '}')::json
$$;
-- {"status": [n strings]}: n + 2 JSON values.
CREATE FUNCTION pg_temp.status_list(n int) RETURNS json LANGUAGE sql AS $$
    SELECT json_build_object('status', (SELECT json_agg('s' || i) FROM generate_series(1, n) i))
$$;

-------------------------------------------------------------------------------
-- REQUEST_MAX_PARAM_BYTES: 262144 bytes of one JSON parameter
-------------------------------------------------------------------------------
SELECT is(octet_length(pg_temp.padded_query(262144)::text), 262144, 'the padded query has 262144 bytes');
SELECT is((incoming_call_log.count(pg_temp.padded_query(262144))).count, 3::bigint,
          'a query of exactly 262144 bytes is answered');
SELECT throws_ok($$SELECT incoming_call_log.count(pg_temp.padded_query(262145))$$, '22023',
                 '"query" is larger than 262144 bytes', 'one byte more is refused, naming the limit');
SELECT throws_ok($$SELECT incoming_call_log.get_list("select" => ('{"status": true' || repeat(' ', 262200) || '}')::json)$$,
                 '22023', '"select" is larger than 262144 bytes', 'the same limit holds for select');
SELECT throws_ok($$SELECT incoming_call_log.get_list(sort => ('{"createdAt": "ASC"' || repeat(' ', 262200) || '}')::json)$$,
                 '22023', '"sort" is larger than 262144 bytes', 'and for sort');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001',
                                                      ('{"status": true' || repeat(' ', 262200) || '}')::json)$$,
                 '22023', '"select" is larger than 262144 bytes', 'and for get_item''s select');

-------------------------------------------------------------------------------
-- REQUEST_MAX_NODES: 10000 JSON values in one parameter
-------------------------------------------------------------------------------
SELECT throws_ok($$SELECT incoming_call_log.count(pg_temp.status_list(9998))$$, '22023',
                 'the list of values for "status" in "query" has 9998 values, more than 1000',
                 '10000 values parse; the list limit refuses the list');
SELECT throws_ok($$SELECT incoming_call_log.count(pg_temp.status_list(9999))$$, '22023',
                 '"query" has too many values', '10001 values are refused while parsing, naming the limit');
SELECT throws_ok($$SELECT incoming_call_log.get_list((SELECT json_object_agg('k' || i, true) FROM generate_series(1, 10000) i))$$,
                 '22023', '"select" has too many values', 'the value limit holds for select');

-------------------------------------------------------------------------------
-- REQUEST_MAX_STRING_BYTES: 16384 bytes of one string
-------------------------------------------------------------------------------
SELECT is((incoming_call_log.count(json_build_object('status', repeat('x', 16384)))).count, 0::bigint,
          'a 16384-byte status value is answered (it matches nothing)');
SELECT throws_ok($$SELECT incoming_call_log.count(json_build_object('status', repeat('x', 16385)))$$, '22023',
                 '"query" has a string longer than 16384 bytes', 'one byte more is refused, naming the limit');
SELECT is((incoming_call_log.count(json_build_object('statusMessage',
               json_build_object('_type', 'Search', 'value', repeat('é', 8192))))).count, 0::bigint,
          'a Search value of 8192 two-byte characters (16384 bytes) is answered');
SELECT throws_ok($$SELECT incoming_call_log.count(json_build_object('statusMessage',
                       json_build_object('_type', 'Search', 'value', repeat('é', 8192) || 'x')))$$, '22023',
                 '"query" has a string longer than 16384 bytes', 'the limit counts bytes, not characters');
SELECT throws_ok($$SELECT incoming_call_log.count(json_build_object(repeat('k', 16385), 1))$$, '22023',
                 '"query" has a string longer than 16384 bytes', 'keys are strings too');
SELECT throws_ok($$SELECT incoming_call_log.count(json_build_object('status', repeat('\u00e9', 8193))::json)$$, '22023',
                 NULL, 'the limit applies after de-escaping');

-------------------------------------------------------------------------------
-- REQUEST_MAX_LIST_VALUES: 1000 values in one list
-------------------------------------------------------------------------------
SELECT is((incoming_call_log.count(pg_temp.status_list(1000))).count, 0::bigint, 'a list of 1000 values is answered');
SELECT throws_ok($$SELECT incoming_call_log.count(pg_temp.status_list(1001))$$, '22023',
                 'the list of values for "status" in "query" has 1001 values, more than 1000',
                 'a list of 1001 values is refused, naming the limit');
SELECT throws_ok($$SELECT incoming_call_log.count(json_build_object('_id', json_build_object('_type', 'IncludesNone',
                       'value', (SELECT json_agg(gen_random_uuid()) FROM generate_series(1, 1001)))))$$, '22023',
                 'the list of values for "_id" in "query" has 1001 values, more than 1000',
                 'the same for IncludesNone');
SELECT is((incoming_call_log.count(json_build_object('statusMessage', json_build_object('_type', 'MultiSearch', 'value', 'x',
               'fields', (SELECT json_agg('status'::text) FROM generate_series(1, 1000)))))).count, 0::bigint,
          'MultiSearch with 1000 fields (duplicates) is answered');
SELECT throws_ok($$SELECT incoming_call_log.count(json_build_object('statusMessage', json_build_object('_type', 'MultiSearch', 'value', 'x',
                       'fields', (SELECT json_agg('status'::text) FROM generate_series(1, 1001)))))$$, '22023',
                 '"fields" of the MultiSearch operator for "statusMessage" in "query" has 1001 values, more than 1000',
                 'MultiSearch with 1001 fields is refused, naming the limit');

-------------------------------------------------------------------------------
-- REQUEST_MAX_DEPTH: 32 levels
-------------------------------------------------------------------------------
SELECT throws_ok($$SELECT incoming_call_log.count(('{"status": ' || repeat('[', 31) || '"x"' || repeat(']', 31) || '}')::json)$$,
                 '22023', 'invalid value ' || repeat('[', 30) || '"x"' || repeat(']', 30) || ' for "status" in "query"',
                 '32 levels parse (the value is then refused as a value)');
SELECT throws_ok($$SELECT incoming_call_log.count(('{"status": ' || repeat('[', 32) || '"x"' || repeat(']', 32) || '}')::json)$$,
                 '22023', '"query" is nested too deeply', '33 levels are refused, naming the limit');

-------------------------------------------------------------------------------
-- The order of checks: the caller first
-------------------------------------------------------------------------------
SELECT pg_temp.headers();
SELECT throws_ok($$SELECT incoming_call_log.count(pg_temp.padded_query(300000))$$, 'PT401', NULL,
                 'an unauthenticated caller sending an oversized request learns nothing: PT401');
SELECT pg_temp.present_key(:'key_a_none');
SELECT throws_ok($$SELECT incoming_call_log.count(pg_temp.status_list(5000))$$, 'PT403', NULL,
                 'a caller without read permission sending an oversized list: PT403');

SELECT * FROM finish();
ROLLBACK;
