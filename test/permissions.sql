-- test/permissions.sql — who may read (doc/operating.md#who-is-calling, doc/reference.md#errors): each of the five read
-- permissions reads through all three calls; a key without one is PT403;
-- every way of not presenting a valid key is PT401; expired and revoked keys
-- of every permission are PT401; and the order of checks is caller (PT401),
-- permission (PT403), request (22023), item (PT404).
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(109);

-- Expected values, computed from the table (not from the API).
SELECT count(*) AS a_count FROM incoming_call_log.call_log
 WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' \gset

-------------------------------------------------------------------------------
-- No key presented: request.headers never set in this session yet.  Tests run
-- as a superuser with no grant and no tenantid, so there is no other way in.
-------------------------------------------------------------------------------
SELECT is(current_setting('request.headers', true), NULL, 'request.headers is unset at the start');
SELECT throws_ok($$SELECT incoming_call_log.get_list()$$, 'PT401', NULL, 'headers unset: get_list is PT401');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$, 'PT401', NULL, 'headers unset: get_item is PT401');
SELECT throws_ok($$SELECT incoming_call_log.count()$$, 'PT401', NULL, 'headers unset: count is PT401');

-- Order of checks for an unauthenticated caller: nothing about the request is judged.
SELECT throws_ok($$SELECT incoming_call_log.get_list("select" => '{"noSuchField": true}')$$, 'PT401', NULL,
                 'unauthenticated + malformed select: PT401, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_list(query => '{"status": {"_type": "Bogus"}}')$$, 'PT401', NULL,
                 'unauthenticated + malformed query: PT401, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_list(sort => '[1]')$$, 'PT401', NULL,
                 'unauthenticated + malformed sort: PT401, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_list(skip => -1, "limit" => 0)$$, 'PT401', NULL,
                 'unauthenticated + bad skip/limit: PT401, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_item('not-a-uuid')$$, 'PT401', NULL,
                 'unauthenticated + malformed id: PT401, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '"x"')$$, 'PT401', NULL,
                 'unauthenticated + malformed get_item select: PT401, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000ff')$$, 'PT401', NULL,
                 'unauthenticated + absent id: PT401, not PT404');
SELECT throws_ok($$SELECT incoming_call_log.count('{"callDurationInSeconds": "x"}')$$, 'PT401', NULL,
                 'unauthenticated + malformed count query: PT401, not 22023');

-------------------------------------------------------------------------------
-- request.headers present but no usable apikey: PT401 on all three calls.
-------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.raw_headers(h text) RETURNS void
LANGUAGE sql AS $$ SELECT set_config('request.headers', h, true); $$;

CREATE FUNCTION pg_temp.all_three_are(code text, what text) RETURNS SETOF text
LANGUAGE sql AS $$
    SELECT throws_ok('SELECT incoming_call_log.get_list()', code, NULL, what || ': get_list is ' || code)
    UNION ALL
    SELECT throws_ok($q$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$q$, code, NULL,
                     what || ': get_item is ' || code)
    UNION ALL
    SELECT throws_ok('SELECT incoming_call_log.count()', code, NULL, what || ': count is ' || code);
$$;

SELECT pg_temp.raw_headers('');
SELECT * FROM pg_temp.all_three_are('PT401', $$headers ''$$);
SELECT pg_temp.raw_headers('{}');
SELECT * FROM pg_temp.all_three_are('PT401', $$headers '{}'$$);
SELECT pg_temp.raw_headers('[]');
SELECT * FROM pg_temp.all_three_are('PT401', $$headers '[]'$$);
SELECT pg_temp.raw_headers('not json');
SELECT * FROM pg_temp.all_three_are('PT401', $$headers 'not json'$$);
SELECT pg_temp.raw_headers('{"apikey": ""}');
SELECT * FROM pg_temp.all_three_are('PT401', $$headers {"apikey": ""}$$);
SELECT pg_temp.raw_headers('{"apikey": 5}');
SELECT * FROM pg_temp.all_three_are('PT401', $$headers {"apikey": 5}$$);
SELECT pg_temp.raw_headers(json_build_object('ApiKey', :'key_a_owner')::text);
SELECT * FROM pg_temp.all_three_are('PT401', $$headers {"ApiKey": <valid key>} (names are lower-case)$$);
SELECT pg_temp.raw_headers(json_build_object('APIKEY', :'key_a_owner')::text);
SELECT * FROM pg_temp.all_three_are('PT401', $$headers {"APIKEY": <valid key>}$$);
SELECT pg_temp.raw_headers(json_build_object('apikey', json_build_array(:'key_a_owner'))::text);
SELECT * FROM pg_temp.all_three_are('PT401', $$headers {"apikey": [<valid key>]}$$);
SELECT pg_temp.raw_headers(json_build_object('h', json_build_object('apikey', :'key_a_owner'))::text);
SELECT * FROM pg_temp.all_three_are('PT401', $$headers with apikey nested, not top-level$$);
SELECT pg_temp.raw_headers('{"apikey": null}');
SELECT * FROM pg_temp.all_three_are('PT401', $$headers {"apikey": null}$$);
SELECT pg_temp.raw_headers(json_build_object('apikey', :'key_a_owner')::text || ' trailing');
SELECT * FROM pg_temp.all_three_are('PT401', $$headers: valid key followed by non-JSON text$$);

-- A well-formed but unknown key, and near misses of a real one.
SELECT pg_temp.present_key('icl_' || repeat('0', 64));
SELECT * FROM pg_temp.all_three_are('PT401', 'unknown key');
SELECT pg_temp.present_key(upper(:'key_a_owner'));
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'a valid key in upper case is not that key');
SELECT pg_temp.present_key(' ' || :'key_a_owner');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'a valid key with a leading space is not that key');
SELECT pg_temp.present_key(left(:'key_a_owner', -1));
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'a valid key cut by one character is not that key');

-- Expired and revoked keys of the fixture.
SELECT pg_temp.present_key(:'key_a_expired');
SELECT * FROM pg_temp.all_three_are('PT401', 'expired key');
SELECT pg_temp.present_key(:'key_a_revoked');
SELECT * FROM pg_temp.all_three_are('PT401', 'revoked key');

-------------------------------------------------------------------------------
-- Each of the five permissions reads, through all three calls.
-------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.reads(label text) RETURNS SETOF text
LANGUAGE sql AS $$
    SELECT is((to_jsonb(incoming_call_log.get_list("limit" => 100)) -> 'count')::bigint,
              (SELECT count(*) FROM incoming_call_log.call_log
                WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
              label || ': get_list counts project A')
    UNION ALL
    SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', '{"status": true}')::jsonb,
              (SELECT jsonb_build_object('_id', id, 'status', status) FROM incoming_call_log.call_log
                WHERE id = '0a000000-0000-4000-8000-000000000003'),
              label || ': get_item returns the item')
    UNION ALL
    SELECT is((incoming_call_log.count()).count,
              (SELECT count(*) FROM incoming_call_log.call_log
                WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
              label || ': count counts project A');
$$;

SELECT pg_temp.present_key(:'key_a_owner');
SELECT * FROM pg_temp.reads('ProjectOwner');
SELECT pg_temp.present_key(:'key_a_admin');
SELECT * FROM pg_temp.reads('ProjectAdmin');
SELECT pg_temp.present_key(:'key_a_member');
SELECT * FROM pg_temp.reads('ProjectMember');
SELECT pg_temp.present_key(:'key_a_read');
SELECT * FROM pg_temp.reads('ReadProjectIncomingCallLog');
SELECT pg_temp.present_key(:'key_a_readall');
SELECT * FROM pg_temp.reads('ReadAllProjectResources');

-- A key holding several permissions (and one named twice) reads too.
SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
       '{ProjectMember,ReadAllProjectResources,ProjectMember}') AS key_a_multi \gset
SELECT pg_temp.present_key(:'key_a_multi');
SELECT is((incoming_call_log.count()).count, :a_count::bigint, 'a key with several permissions reads');

-------------------------------------------------------------------------------
-- A key with no permission authenticates but may not read: PT403.
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_a_none');
SELECT * FROM pg_temp.all_three_are('PT403', 'key without permission');
SELECT throws_ok($$SELECT incoming_call_log.get_list(query => '{"status": {"_type": "Bogus"}}')$$, 'PT403', NULL,
                 'no permission + malformed query: PT403, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.count('{"noSuchField": 1}')$$, 'PT403', NULL,
                 'no permission + malformed count query: PT403, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_list("select" => '[]', sort => '"x"', skip => -5, "limit" => 1000)$$, 'PT403', NULL,
                 'no permission + malformed select/sort/skip/limit: PT403, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_item('not-a-uuid')$$, 'PT403', NULL,
                 'no permission + malformed id: PT403, not 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000ff')$$, 'PT403', NULL,
                 'no permission + absent id: PT403, not PT404');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001')$$, 'PT403', NULL,
                 'no permission + another project''s id: PT403, not PT404');

-- Expired/revoked beats malformed too.
SELECT pg_temp.present_key(:'key_a_expired');
SELECT throws_ok($$SELECT incoming_call_log.get_item('not-a-uuid', '5')$$, 'PT401', NULL,
                 'expired key + malformed id and select: PT401');
SELECT pg_temp.present_key(:'key_a_revoked');
SELECT throws_ok($$SELECT incoming_call_log.count('[]')$$, 'PT401', NULL,
                 'revoked key + malformed query: PT401');

-------------------------------------------------------------------------------
-- Authorised: the request is judged before existence (22023 before PT404).
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_a_member');
SELECT throws_ok($$SELECT incoming_call_log.get_item('not-a-uuid')$$, '22023', NULL,
                 'authorised + malformed id: 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000ff', '{"noSuchField": true}')$$, '22023', NULL,
                 'authorised + absent id + malformed select: 22023, not PT404');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001', '{"noSuchField": true}')$$, '22023', NULL,
                 'authorised + another project''s id + malformed select: 22023, not PT404');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000ff')$$, 'PT404', NULL,
                 'authorised + absent id: PT404');

-------------------------------------------------------------------------------
-- Expired and revoked keys of every permission are PT401; a live key of the
-- same permission made alongside reads.
-------------------------------------------------------------------------------
CREATE TEMP TABLE perm_keys AS
SELECT p AS permission,
       incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', ARRAY[p], now() - interval '1 second') AS expired_key,
       incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', ARRAY[p], now()) AS expires_now_key,
       incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', ARRAY[p]) AS revoked_key,
       incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', ARRAY[p], now() + interval '1 second') AS live_key
  FROM unnest(ARRAY['ProjectOwner', 'ProjectAdmin', 'ProjectMember',
                    'ReadProjectIncomingCallLog', 'ReadAllProjectResources']) AS p;

SELECT is(count(*) FILTER (WHERE incoming_call_log.revoke_api_key(revoked_key)), 5::bigint,
          'the five keys to revoke are revoked')
  FROM perm_keys;

CREATE FUNCTION pg_temp.code_of(key text, sql text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.present_key(key);
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END;
$$;

-- For each permission and kind of key: the SQLSTATE of each of the three calls.
SELECT results_eq(
    $$SELECT permission, kind, call, pg_temp.code_of(key, sql)
        FROM perm_keys,
             LATERAL (VALUES ('expired', expired_key), ('expires now', expires_now_key),
                             ('revoked', revoked_key), ('live', live_key)) AS k(kind, key),
             LATERAL (VALUES ('get_list', 'SELECT incoming_call_log.get_list()'),
                             ('get_item', $q$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$q$),
                             ('count', 'SELECT incoming_call_log.count()')) AS c(call, sql)
       ORDER BY 1, 2, 3$$,
    $$SELECT permission, kind, call, CASE kind WHEN 'live' THEN 'ok' ELSE 'PT401' END
        FROM unnest(ARRAY['ProjectOwner', 'ProjectAdmin', 'ProjectMember',
                          'ReadProjectIncomingCallLog', 'ReadAllProjectResources']) AS permission,
             unnest(ARRAY['expired', 'expires now', 'revoked', 'live']) AS kind,
             unnest(ARRAY['get_list', 'get_item', 'count']) AS call
       ORDER BY 1, 2, 3$$,
    'expired (also at exactly now()) and revoked keys of every permission are PT401 on all three calls; live ones read');

-- Revoking takes effect at once, within the same transaction.
SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}') AS key_a_soon_revoked \gset
SELECT pg_temp.present_key(:'key_a_soon_revoked');
SELECT is((incoming_call_log.count()).count, :a_count::bigint, 'a fresh key reads');
SELECT ok(incoming_call_log.revoke_api_key(:'key_a_soon_revoked'), 'the fresh key is revoked');
SELECT * FROM pg_temp.all_three_are('PT401', 'key revoked a moment ago');

-------------------------------------------------------------------------------
-- The key decides the project; tenantid cannot widen it.
-------------------------------------------------------------------------------
SELECT pg_temp.raw_headers(json_build_object('apikey', :'key_a_member',
                                         'tenantid', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')::text);
SELECT * FROM pg_temp.all_three_are('PT403', 'project A key naming project B in tenantid');
SELECT pg_temp.raw_headers(json_build_object('apikey', :'key_a_member',
                                         'tenantid', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')::text);
SELECT is((incoming_call_log.count()).count, :a_count::bigint, 'a key naming its own project in tenantid reads');

-------------------------------------------------------------------------------
-- The same through a PostgREST-like role: USAGE and EXECUTE on the three calls,
-- nothing else (no grant of its own, not a superuser).
-------------------------------------------------------------------------------
CREATE ROLE icl_permissions_web_anon NOLOGIN;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_permissions_web_anon;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO icl_permissions_web_anon;
CREATE FUNCTION pg_temp.count_or_code(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE sql INTO r;
    RETURN r;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END;
$$;
SET LOCAL ROLE icl_permissions_web_anon;
SELECT pg_temp.raw_headers('{}');
SELECT pg_temp.count_or_code('SELECT (incoming_call_log.count()).count') AS anon_no_key \gset
SELECT pg_temp.raw_headers(json_build_object('apikey', :'key_a_member', 'tenantid', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')::text);
SELECT pg_temp.count_or_code('SELECT (incoming_call_log.count()).count') AS anon_member \gset
SELECT pg_temp.count_or_code($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000002')::jsonb ->> '_id'$$) AS anon_member_item \gset
SELECT pg_temp.count_or_code($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000002')::jsonb ->> '_id'$$) AS anon_member_b_item \gset
SELECT pg_temp.present_key(:'key_a_none');
SELECT pg_temp.count_or_code('SELECT (incoming_call_log.get_list()).count') AS anon_none \gset
SELECT pg_temp.present_key(:'key_a_expired');
SELECT pg_temp.count_or_code('SELECT (incoming_call_log.get_list()).count') AS anon_expired \gset
SELECT pg_temp.present_key(:'key_a_revoked');
SELECT pg_temp.count_or_code('SELECT (incoming_call_log.get_list()).count') AS anon_revoked \gset
RESET ROLE;
SELECT is(:'anon_no_key'::text, 'PT401', 'gateway role, no key: PT401');
SELECT is(:'anon_member'::text, :'a_count'::text, 'gateway role, member key: reads project A');
SELECT is(:'anon_member_item'::text, '0a000000-0000-4000-8000-000000000002', 'gateway role, member key: get_item of an A id');
SELECT is(:'anon_member_b_item'::text, 'PT404', 'gateway role, member key: get_item of a B id is PT404');
SELECT is(:'anon_none'::text, 'PT403', 'gateway role, key without permission: PT403');
SELECT is(:'anon_expired'::text, 'PT401', 'gateway role, expired key: PT401');
SELECT is(:'anon_revoked'::text, 'PT401', 'gateway role, revoked key: PT401');

SELECT * FROM finish();
ROLLBACK;
