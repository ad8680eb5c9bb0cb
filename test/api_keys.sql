-- test/api_keys.sql — create_api_key and revoke_api_key (doc/operating.md#who-is-calling): distinct
-- keys of at least 128 random bits, only the SHA-256 stored, default expiry a
-- year ahead, argument checks, revocation at once, not executable by PUBLIC,
-- and a read path that writes nothing (works in a READ ONLY transaction).
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(60);

\set project_a '''aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'''
SELECT count(*) AS a_count FROM incoming_call_log.call_log WHERE project_id = :project_a \gset


-------------------------------------------------------------------------------
-- create_api_key: the secret
-------------------------------------------------------------------------------
CREATE TEMP TABLE made AS
SELECT i, incoming_call_log.create_api_key(:project_a, '{ProjectMember}', name => 'batch ' || i) AS key
  FROM generate_series(1, 200) AS i;

SELECT is((SELECT count(DISTINCT key) FROM made), 200::bigint, '200 keys made in a row are all distinct');
SELECT is((SELECT count(*) FROM made WHERE key ~ '^icl_[0-9a-f]{64}$'), 200::bigint,
          'every key is "icl_" and 64 lower-case hex digits (256 bits)');
SELECT cmp_ok((SELECT min(octet_length(key)) FROM made), '>=', 4 + 32,
              'every key has room for at least 128 bits in hex');
SELECT is((SELECT count(DISTINCT substr(key, 5, 12)) FROM made), 200::bigint,
          'no two keys share even their first 48 bits (not a counter or a clock)');
SELECT is((SELECT count(DISTINCT ch) FROM made, regexp_split_to_table(substr(key, 5), '') AS ch), 16::bigint,
          'all 16 hex digits occur across the keys');
-- With 200 x 64 uniformly random hex digits, each digit occurs 800 times on
-- average (sd ~27); a skewed generator lands far outside 600..1000.
SELECT is((SELECT count(*) FROM (SELECT ch, count(*) AS n FROM made, regexp_split_to_table(substr(key, 5), '') AS ch
                                   GROUP BY ch) d WHERE n NOT BETWEEN 600 AND 1000),
          0::bigint, 'hex digits are evenly spread, as random bits give');

-------------------------------------------------------------------------------
-- only the SHA-256 is stored
-------------------------------------------------------------------------------
SELECT is((SELECT count(*) FROM made m JOIN incoming_call_log.api_key a
                   ON a.key_hash = sha256(convert_to(m.key, 'UTF8'))
            WHERE a.name = 'batch ' || m.i AND a.project_id = :project_a
              AND a.permissions = '{ProjectMember}'),
          200::bigint, 'each key is stored as sha256(convert_to(key, ''UTF8'')), with its project, permissions and name');
SELECT is((SELECT count(*) FROM made m, incoming_call_log.api_key a
            WHERE strpos(a::text, m.key) > 0
               OR strpos(a::text, substr(m.key, 5)) > 0
               OR strpos(a::text, substr(m.key, 5, 16)) > 0
               OR strpos(encode(a.key_hash, 'hex'), substr(m.key, 5, 16)) > 0
               OR strpos(encode(a.key_hash, 'escape'), m.key) > 0),
          0::bigint, 'the key text (whole, its hex, or a piece of it) appears nowhere in api_key');
SELECT is((SELECT count(*) FROM incoming_call_log.api_key WHERE octet_length(key_hash) <> 32), 0::bigint,
          'every stored hash is 32 bytes');

-------------------------------------------------------------------------------
-- expiry
-------------------------------------------------------------------------------
SELECT incoming_call_log.create_api_key(:project_a, '{ProjectOwner}') AS key_default \gset
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE key_hash = sha256(convert_to(:'key_default', 'UTF8'))),
          now() + interval '1 year', 'default expiry is one year ahead');
SELECT is((SELECT name FROM incoming_call_log.api_key WHERE key_hash = sha256(convert_to(:'key_default', 'UTF8'))),
          NULL::text, 'default name is null');
SELECT pg_temp.present_key(:'key_default');
SELECT is((incoming_call_log.count()).count, :a_count::bigint, 'a key with the default expiry reads');

SELECT incoming_call_log.create_api_key(:project_a, '{ProjectOwner}', '2000-01-01T00:00:00Z') AS key_past \gset
SELECT matches(:'key_past'::text, '^icl_[0-9a-f]{64}$', 'a past expires_at is accepted');
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE key_hash = sha256(convert_to(:'key_past', 'UTF8'))),
          '2000-01-01T00:00:00Z'::timestamptz, 'the past expires_at is stored as given');
SELECT pg_temp.present_key(:'key_past');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'a key with a past expires_at is simply expired');

SELECT incoming_call_log.create_api_key(:project_a, '{ProjectOwner}', '-infinity') AS key_minus_infinity \gset
SELECT pg_temp.present_key(:'key_minus_infinity');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'expires_at -infinity is accepted: the key is simply expired');
SELECT incoming_call_log.create_api_key(:project_a, '{ProjectOwner}', 'infinity') AS key_forever \gset
SELECT pg_temp.present_key(:'key_forever');
SELECT is((incoming_call_log.count()).count, :a_count::bigint, 'a key expiring at infinity reads');

-------------------------------------------------------------------------------
-- argument checks
-------------------------------------------------------------------------------
SELECT count(*) AS keys_before FROM incoming_call_log.api_key \gset
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{Bogus}')$$,
                 '22023', NULL, 'an unknown permission is refused (22023)');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner,Bogus}')$$,
                 '22023', NULL, 'an unknown permission beside a known one is refused');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{projectowner}')$$,
                 '22023', NULL, 'permission names are case-sensitive');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{"Read Incoming Call Log"}')$$,
                 '22023', NULL, 'the permission''s title is not its name');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{" ProjectOwner"}')$$,
                 '22023', NULL, 'a permission name with a space is refused');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner,NULL}')$$,
                 '22023', NULL, 'a null in the permission list is refused');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{{ProjectOwner},{ProjectAdmin}}')$$,
                 '22023', NULL, 'a two-dimensional permission array is refused');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', NULL)$$,
                 '22023', NULL, 'null permissions are refused');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}', NULL)$$,
                 '22023', NULL, 'a null expires_at is refused');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key(NULL, '{ProjectOwner}')$$,
                 '22023', NULL, 'a null project_id is refused');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('dddddddd-dddd-4ddd-8ddd-dddddddddddd', '{ProjectOwner}')$$,
                 '23503', NULL, 'a project that does not exist is an error (23503)');
SELECT is((SELECT count(*) FROM incoming_call_log.api_key), :keys_before::bigint, 'no refused call stored a key');

SELECT incoming_call_log.create_api_key(:project_a, '{}') AS key_empty \gset
SELECT matches(:'key_empty'::text, '^icl_[0-9a-f]{64}$', 'an empty permission list is allowed');
SELECT is((SELECT permissions FROM incoming_call_log.api_key WHERE key_hash = sha256(convert_to(:'key_empty', 'UTF8'))),
          '{}'::text[], 'the empty list is stored');
SELECT pg_temp.present_key(:'key_empty');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL, 'the key with no permission authenticates but may not read');

-------------------------------------------------------------------------------
-- revoke_api_key
-------------------------------------------------------------------------------
SELECT incoming_call_log.create_api_key(:project_a, '{ReadProjectIncomingCallLog}') AS key_rev \gset
SELECT pg_temp.present_key(:'key_rev');
SELECT is((incoming_call_log.count()).count, :a_count::bigint, 'the key reads before it is revoked');
SELECT is(incoming_call_log.revoke_api_key(:'key_rev'), true, 'revoke_api_key of a live key is true');
SELECT isnt((SELECT revoked_at FROM incoming_call_log.api_key WHERE key_hash = sha256(convert_to(:'key_rev', 'UTF8'))),
            NULL::timestamptz, 'the revocation is recorded');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'the revoked key stops working at once: count');
SELECT throws_ok('SELECT incoming_call_log.get_list()', 'PT401', NULL, 'the revoked key stops working at once: get_list');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$, 'PT401', NULL,
                 'the revoked key stops working at once: get_item');
SELECT is(incoming_call_log.revoke_api_key(:'key_rev'), false, 'revoking it again is false');
SELECT is(incoming_call_log.revoke_api_key('icl_' || repeat('0', 64)), false, 'an unknown key is false');
SELECT is(incoming_call_log.revoke_api_key(''), false, 'an empty key is false');
SELECT is(incoming_call_log.revoke_api_key(NULL), false, 'null is false');
SELECT is(incoming_call_log.revoke_api_key(upper(:'key_default')), false, 'a real key in upper case is another (unknown) key');
SELECT pg_temp.present_key(:'key_default');
SELECT is((incoming_call_log.count()).count, :a_count::bigint, '... and the real key still reads');
SELECT is(incoming_call_log.revoke_api_key(:'key_a_expired'), true, 'revoking an expired key is true');
SELECT is(incoming_call_log.revoke_api_key(:'key_a_revoked'), false, 'revoking the fixture''s already revoked key is false');
SELECT pg_temp.present_key(:'key_a_expired');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'the expired, now revoked, key is still PT401');

-------------------------------------------------------------------------------
-- not executable by PUBLIC
-------------------------------------------------------------------------------
SELECT is((SELECT count(*) FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            WHERE p.oid IN ('incoming_call_log.create_api_key(uuid, text[], timestamptz, text)'::regprocedure,
                            'incoming_call_log.revoke_api_key(text)'::regprocedure)
              AND a.grantee = 0 AND a.privilege_type = 'EXECUTE'),
          0::bigint, 'PUBLIC holds no EXECUTE on create_api_key or revoke_api_key');

CREATE ROLE icl_api_keys_stranger NOLOGIN;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_api_keys_stranger;   -- so only EXECUTE is missing
SET LOCAL ROLE icl_api_keys_stranger;
SELECT pg_temp.code_of($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}')$$) AS stranger_create,
       pg_temp.code_of(format('SELECT incoming_call_log.revoke_api_key(%L)', :'key_default')) AS stranger_revoke,
       pg_temp.code_of('SELECT key_hash FROM incoming_call_log.api_key') AS stranger_read_hashes \gset
RESET ROLE;
SELECT is(:'stranger_create'::text, '42501', 'a fresh role cannot execute create_api_key (42501)');
SELECT is(:'stranger_revoke'::text, '42501', 'a fresh role cannot execute revoke_api_key (42501)');
SELECT is(:'stranger_read_hashes'::text, '42501', 'a fresh role cannot read stored key hashes (42501)');
SELECT pg_temp.present_key(:'key_default');
SELECT is((incoming_call_log.count()).count, :a_count::bigint, 'the key the stranger tried to revoke still reads');

-------------------------------------------------------------------------------
-- the read path writes nothing
-------------------------------------------------------------------------------
CREATE TEMP TABLE key_rows_before AS
SELECT ctid::text AS row_ctid, a::text AS row_text FROM incoming_call_log.api_key a;
SELECT pg_temp.present_key(:'key_a_member');
SELECT incoming_call_log.get_list("limit" => 100), incoming_call_log.count(),
       incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001') \gset ignored_
SELECT pg_temp.present_key(:'key_a_expired');
SELECT pg_temp.code_of('SELECT incoming_call_log.count()') AS ignored_expired \gset
SELECT set_eq('SELECT ctid::text AS row_ctid, a::text AS row_text FROM incoming_call_log.api_key a', 'SELECT * FROM key_rows_before',
              'reads with live and expired keys leave every api_key row untouched (same ctid, same values)');

SET TRANSACTION READ ONLY;
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}')$$,
                 '25006', NULL, 'the transaction is now read-only (create_api_key refused)');
SELECT pg_temp.present_key(:'key_a_member');
SELECT is((to_jsonb(incoming_call_log.get_list("limit" => 100)) -> 'count')::bigint, :a_count::bigint,
          'get_list works in a READ ONLY transaction');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')::jsonb,
          '{"_id": "0a000000-0000-4000-8000-000000000001"}'::jsonb, 'get_item works in a READ ONLY transaction');
SELECT is((incoming_call_log.count()).count, :a_count::bigint, 'count works in a READ ONLY transaction');
SET LOCAL transaction_read_only = on;
SELECT is(current_setting('transaction_read_only'), 'on', 'transaction_read_only is on');
SELECT is((incoming_call_log.count('{"status": "Completed"}')).count,
          (SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = :project_a AND status = 'Completed'),
          'a filtered count works with transaction_read_only = on');
SELECT pg_temp.present_key(:'key_a_revoked');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'a revoked key is PT401 (not 25006) in a READ ONLY transaction');

SELECT * FROM finish();
ROLLBACK;
