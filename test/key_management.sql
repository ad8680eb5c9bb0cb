-- test/key_management.sql — keys managed without their secrets (doc/reference.md,
-- 0.3.0; issue 18): the stored prefix, list_api_keys, revoke_api_key by id,
-- rotate_api_key and its overlap, delegation of one project's keys to a
-- role through grant_access, and access_overview.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SET LOCAL TimeZone = 'UTC';
SELECT plan(109);

SELECT count(*) AS a_count FROM incoming_call_log.call_log WHERE project_id = :'A' \gset
CREATE FUNCTION pg_temp.key_id(secret text) RETURNS uuid LANGUAGE sql AS $$
    SELECT id FROM incoming_call_log.api_key WHERE key_hash = sha256(convert_to(secret, 'UTF8'));
$$;
-- 'ok' or the SQLSTATE of count() with this key.
CREATE FUNCTION pg_temp.reads(secret text) RETURNS text LANGUAGE sql AS $$
    SELECT pg_temp.present_key(secret);
    SELECT pg_temp.code_of('SELECT incoming_call_log.count()');
$$;

-------------------------------------------------------------------------------
-- the prefix
-------------------------------------------------------------------------------
SELECT is((SELECT prefix FROM incoming_call_log.api_key WHERE id = pg_temp.key_id(:'key_a_owner')),
          left(:'key_a_owner', 12), 'the stored prefix is the first 12 characters of the secret');
SELECT is((SELECT count(*) FROM incoming_call_log.api_key WHERE prefix IS NULL OR prefix !~ '^icl_[0-9a-f]{8}$'),
          0::bigint, 'every key made by create_api_key has a prefix "icl_" and 8 hex digits');
SELECT is(pg_temp.reads(left(:'key_a_owner', 12)), 'PT401', 'the prefix alone is not a key (PT401)');
SELECT throws_ok($$INSERT INTO incoming_call_log.api_key (project_id, permissions, expires_at, key_hash, prefix)
                   VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{}', now(), sha256('x'), 'icl_0123')$$,
                 '23514', NULL, 'a prefix that is not 12 characters is refused');
-- A key made before 0.3.0 (inserted here as 0.2.0 stored it: no prefix).
INSERT INTO incoming_call_log.api_key (project_id, permissions, expires_at, key_hash, name)
VALUES (:'A', '{ProjectMember}', now() + interval '30 days', sha256(convert_to('icl_old_0.2.0_key', 'UTF8')), 'from 0.2.0');
SELECT is(pg_temp.reads('icl_old_0.2.0_key'), 'ok', 'a key without a prefix (made before 0.3.0) still reads');

-------------------------------------------------------------------------------
-- list_api_keys
-------------------------------------------------------------------------------
SELECT is(pg_get_function_result('incoming_call_log.list_api_keys(uuid)'::regprocedure),
          'TABLE(id uuid, project_id uuid, name text, permissions text[], prefix text, created_at timestamp with time zone, expires_at timestamp with time zone, revoked_at timestamp with time zone)',
          'list_api_keys returns id, project_id, name, permissions, prefix, created_at, expires_at, revoked_at');
SELECT set_eq($$SELECT * FROM incoming_call_log.list_api_keys('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')$$,
              $$SELECT id, project_id, name, permissions, prefix, created_at, expires_at, revoked_at
                  FROM incoming_call_log.api_key WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$,
              'list_api_keys(A) shows every key of A, as stored');
SELECT set_eq($$SELECT * FROM incoming_call_log.list_api_keys()$$,
              $$SELECT id, project_id, name, permissions, prefix, created_at, expires_at, revoked_at
                  FROM incoming_call_log.api_key$$,
              'list_api_keys() shows every key of every project');
SELECT is((SELECT count(*) FROM incoming_call_log.list_api_keys(:'B')), 1::bigint, 'list_api_keys(B) shows B''s one key');
SELECT is_empty($$SELECT * FROM incoming_call_log.list_api_keys('dddddddd-dddd-4ddd-8ddd-dddddddddddd')$$,
                'a project with no keys (or none at all) lists nothing');
SELECT is((SELECT name FROM incoming_call_log.list_api_keys(:'A') WHERE prefix = left(:'key_a_owner', 12)),
          'A owner', 'a key pasted into a ticket is found by its first 12 characters');
SELECT isnt((SELECT revoked_at FROM incoming_call_log.list_api_keys(:'A') WHERE id = pg_temp.key_id(:'key_a_revoked')),
            NULL, 'a revoked key is listed with its revoked_at');
SELECT is((SELECT count(*) FROM incoming_call_log.list_api_keys() l, incoming_call_log.api_key a
            WHERE strpos(l::text, encode(a.key_hash, 'hex')) > 0 OR strpos(l::text, substr(encode(a.key_hash, 'hex'), 1, 16)) > 0),
          0::bigint, 'no listed row holds any key''s hash');
SELECT is((SELECT count(*) FROM incoming_call_log.list_api_keys() l,
                  unnest(ARRAY[:'key_a_owner', :'key_a_member', :'key_b', :'key_c']) AS k(secret)
            WHERE strpos(l::text, substr(k.secret, 1, 13)) > 0 OR strpos(l::text, substr(k.secret, 13)) > 0),
          0::bigint, 'no listed row holds more of a secret than its 12-character prefix');

-------------------------------------------------------------------------------
-- revoke_api_key by id
-------------------------------------------------------------------------------
SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember}', name => 'revoke by id') AS key_rid \gset
SELECT pg_temp.key_id(:'key_rid') AS rid \gset
SELECT is(pg_temp.reads(:'key_rid'), 'ok', 'the key reads before it is revoked');
SELECT is(incoming_call_log.revoke_api_key(:'rid'), true, 'revoke_api_key(id) of a live key is true');
SELECT is(pg_temp.reads(:'key_rid'), 'PT401', 'the key revoked by its id stops working at once');
SELECT is(incoming_call_log.revoke_api_key(:'rid'), false, 'revoking it again by id is false');
SELECT is(incoming_call_log.revoke_api_key(:'key_rid'), false, '... and by its secret too');
SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember}') AS key_rid2 \gset
SELECT is(incoming_call_log.revoke_api_key(upper(pg_temp.key_id(:'key_rid2')::text)), true,
          'an id in upper case names the same key');
SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember}') AS key_rid3 \gset
SELECT is(incoming_call_log.revoke_api_key('{' || pg_temp.key_id(:'key_rid3')::text || '}'), true,
          'an id in braces names the same key');
SELECT is(incoming_call_log.revoke_api_key('dddddddd-dddd-4ddd-8ddd-dddddddddddd'), false, 'an unknown id is false');
SELECT is(incoming_call_log.revoke_api_key(pg_temp.key_id(:'key_a_revoked')::text), false,
          'the id of an already revoked key is false');
SELECT is(incoming_call_log.revoke_api_key(left(:'key_a_member', 12)), false, 'a prefix does not revoke a key');
SELECT is(pg_temp.reads(:'key_a_member'), 'ok', '... and that key still reads');
SELECT is(incoming_call_log.revoke_api_key('icl_old_0.2.0_key'), true, 'a key made before 0.3.0 is revoked by its secret');
SELECT is(pg_temp.reads('icl_old_0.2.0_key'), 'PT401', '... and stops working');

-------------------------------------------------------------------------------
-- rotate_api_key
-------------------------------------------------------------------------------
SELECT incoming_call_log.create_api_key(:'A', '{ReadProjectIncomingCallLog}', now() + interval '30 days', 'rotating') AS key_r1 \gset
SELECT pg_temp.key_id(:'key_r1') AS r1 \gset
-- made 10 days ago for 40 days
UPDATE incoming_call_log.api_key SET created_at = now() - interval '10 days' WHERE id = :'r1';
SELECT is(pg_temp.reads(:'key_r1'), 'ok', 'the key to rotate reads (and is cached)');
SELECT incoming_call_log.rotate_api_key(:'r1') AS key_r2 \gset
SELECT pg_temp.key_id(:'key_r2') AS r2 \gset
SELECT matches(:'key_r2'::text, '^icl_[0-9a-f]{64}$', 'rotate_api_key returns a new secret');
SELECT isnt(:'key_r2'::text, :'key_r1', '... not the old one');
SELECT is((SELECT (project_id, name, permissions)::text FROM incoming_call_log.api_key WHERE id = :'r2'),
          (SELECT (project_id, name, permissions)::text FROM incoming_call_log.api_key WHERE id = :'r1'),
          'the new key has the old one''s project, name and permissions');
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = :'r2'), now() + interval '40 days',
          'the new key expires as far ahead as the old one was made for (40 days), counted from now');
SELECT is((SELECT prefix FROM incoming_call_log.api_key WHERE id = :'r2'), left(:'key_r2', 12), 'the new key has its prefix');
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = :'r1'), now() + interval '1 day',
          'the old key now expires after the default overlap of 1 day');
SELECT is((SELECT revoked_at FROM incoming_call_log.api_key WHERE id = :'r1'), NULL, 'the old key is not revoked');
SELECT is(pg_temp.reads(:'key_r1'), 'ok', 'during the overlap the old key still reads');
SELECT is(pg_temp.reads(:'key_r2'), 'ok', '... and so does the new one');
-- A key made before 0.3.0 has no made_expires_at: its first rotation keeps it.
SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember}', now() + interval '20 days', 'old') AS key_old \gset
UPDATE incoming_call_log.api_key SET made_expires_at = NULL WHERE id = pg_temp.key_id(:'key_old');
SELECT incoming_call_log.rotate_api_key(pg_temp.key_id(:'key_old'), '1 hour') AS key_old2 \gset
SELECT incoming_call_log.rotate_api_key(pg_temp.key_id(:'key_old'), '1 hour') AS key_old3 \gset
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = pg_temp.key_id(:'key_old3')), now() + interval '20 days',
          'a key made before 0.3.0, rotated twice during its overlap: the second successor is made for 20 days too');
SELECT incoming_call_log.rotate_api_key(:'r1') AS key_r1b \gset
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = pg_temp.key_id(:'key_r1b')), now() + interval '40 days',
          'the old key rotated again during its overlap: the new key is made for 40 days still, not for what is left of the overlap');

SELECT incoming_call_log.rotate_api_key(:'r2', '0') AS key_r3 \gset
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = :'r2'), now(), 'overlap ''0'' ends the old key now');
SELECT is(pg_temp.reads(:'key_r2'), 'PT401', 'the old key (cached a moment ago) is refused at once');
SELECT is(pg_temp.reads(:'key_r3'), 'ok', 'the new key reads');
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = pg_temp.key_id(:'key_r3')),
          now() + interval '40 days', 'a key made now for 40 days is followed by one made for 40 days');

SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember}', now() + interval '2 hours') AS key_short \gset
SELECT incoming_call_log.rotate_api_key(pg_temp.key_id(:'key_short'), '1 week') AS key_short2 \gset
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = pg_temp.key_id(:'key_short')),
          now() + interval '2 hours', 'an overlap longer than the old key''s life does not lengthen it');
SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember}', 'infinity') AS key_inf \gset
SELECT incoming_call_log.rotate_api_key(pg_temp.key_id(:'key_inf'), '5 minutes') AS key_inf2 \gset
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = pg_temp.key_id(:'key_inf2')),
          'infinity'::timestamptz, 'a key that never expires is followed by one that never expires');
SELECT is((SELECT expires_at FROM incoming_call_log.api_key WHERE id = pg_temp.key_id(:'key_inf')),
          now() + interval '5 minutes', '... and ends after the overlap');

SELECT count(*) AS keys_before FROM incoming_call_log.api_key \gset
SELECT throws_ok(format('SELECT incoming_call_log.rotate_api_key(%L)', pg_temp.key_id(:'key_a_revoked')),
                 '22023', format('API key %s is revoked', pg_temp.key_id(:'key_a_revoked')), 'rotating a revoked key is 22023');
SELECT throws_ok(format('SELECT incoming_call_log.rotate_api_key(%L)', pg_temp.key_id(:'key_a_expired')),
                 '22023', format('API key %s has expired', pg_temp.key_id(:'key_a_expired')), 'rotating an expired key is 22023');
SELECT throws_ok(format('SELECT incoming_call_log.rotate_api_key(%L)', :'r2'),
                 '22023', NULL, 'rotating a key that a rotation with overlap 0 ended is 22023');
SELECT throws_ok($$SELECT incoming_call_log.rotate_api_key('dddddddd-dddd-4ddd-8ddd-dddddddddddd')$$,
                 '22023', 'API key dddddddd-dddd-4ddd-8ddd-dddddddddddd does not exist', 'rotating an unknown key is 22023');
SELECT throws_ok($$SELECT incoming_call_log.rotate_api_key(NULL)$$, '22023', 'id must not be null', 'a null id is 22023');
SELECT throws_ok(format('SELECT incoming_call_log.rotate_api_key(%L, NULL)', pg_temp.key_id(:'key_a_member')),
                 '22023', 'overlap must not be null', 'a null overlap is 22023');
SELECT throws_ok(format('SELECT incoming_call_log.rotate_api_key(%L, %L)', pg_temp.key_id(:'key_a_member'), '-1 second'),
                 '22023', 'overlap must not be negative', 'a negative overlap is 22023');
SELECT is((SELECT count(*) FROM incoming_call_log.api_key), :keys_before::bigint, 'no refused rotation made a key');
SELECT is(pg_temp.reads(:'key_a_member'), 'ok', '... nor ended one');

-------------------------------------------------------------------------------
-- delegation: a role that manages project A's keys
-------------------------------------------------------------------------------
CREATE ROLE icl_km_admin_a;          -- ProjectAdmin on A
CREATE ROLE icl_km_owner_a;          -- ProjectOwner on A
CREATE ROLE icl_km_group_b;          -- ProjectAdmin on B, held by its members
CREATE ROLE icl_km_member_b IN ROLE icl_km_group_b;
CREATE ROLE icl_km_noinherit NOINHERIT IN ROLE icl_km_group_b;
CREATE ROLE icl_km_reader_a;         -- ProjectMember on A: reads, does not manage
CREATE ROLE icl_km_nothing;          -- EXECUTE only
SELECT incoming_call_log.grant_access('icl_km_admin_a', :'A', '{ProjectAdmin}');
SELECT incoming_call_log.grant_access('icl_km_owner_a', :'A', '{ProjectOwner}');
SELECT incoming_call_log.grant_access('icl_km_group_b', :'B', '{ProjectAdmin}');
SELECT incoming_call_log.grant_access('icl_km_reader_a', :'A', '{ProjectMember}');
GRANT USAGE ON SCHEMA incoming_call_log
    TO icl_km_admin_a, icl_km_owner_a, icl_km_group_b, icl_km_noinherit, icl_km_reader_a, icl_km_nothing;
GRANT EXECUTE ON FUNCTION incoming_call_log.create_api_key(uuid, text[], timestamptz, text),
                          incoming_call_log.list_api_keys(uuid),
                          incoming_call_log.rotate_api_key(uuid, interval),
                          incoming_call_log.revoke_api_key(text)
    TO icl_km_admin_a, icl_km_owner_a, icl_km_group_b, icl_km_noinherit, icl_km_reader_a, icl_km_nothing;

SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember}', name => 'for the delegate') AS key_dm \gset
SELECT pg_temp.key_id(:'key_dm') AS dm, pg_temp.key_id(:'key_b') AS b_id, pg_temp.key_id(:'key_c') AS c_id,
       pg_temp.key_id(:'key_a_owner') AS a_owner_id \gset

SET LOCAL ROLE icl_km_admin_a;
SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember}', name => 'made by the delegate') AS key_by_delegate \gset
SELECT pg_temp.code_of($$SELECT incoming_call_log.create_api_key('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectMember}')$$) AS d_create_b,
       pg_temp.code_of($$SELECT incoming_call_log.create_api_key('dddddddd-dddd-4ddd-8ddd-dddddddddddd', '{ProjectMember}')$$) AS d_create_unknown,
       pg_temp.code_of($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}')$$) AS d_create_owner_key,
       pg_temp.code_of($$SELECT incoming_call_log.list_api_keys('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')$$) AS d_list_b,
       pg_temp.code_of('SELECT key_hash FROM incoming_call_log.api_key') AS d_read_hashes,
       pg_temp.code_of('SELECT id, prefix FROM incoming_call_log.api_key') AS d_read_table,
       pg_temp.code_of('SELECT incoming_call_log.access_overview()') AS d_overview,
       pg_temp.code_of(format('SELECT incoming_call_log.rotate_api_key(%L)', :'b_id')) AS d_rotate_b,
       pg_temp.code_of(format('SELECT incoming_call_log.rotate_api_key(%L)', :'a_owner_id')) AS d_rotate_owner_key,
       pg_temp.code_of($$SELECT incoming_call_log.grant_admin('icl_km_admin_a')$$) AS d_grant_admin \gset
SELECT (SELECT string_agg(id::text, ',' ORDER BY id) FROM incoming_call_log.list_api_keys(:'A')) AS d_list_a,
       (SELECT string_agg(DISTINCT project_id::text, ',') FROM incoming_call_log.list_api_keys()) AS d_list_all,
       incoming_call_log.revoke_api_key(:'b_id') AS d_revoke_b_id,
       incoming_call_log.revoke_api_key(:'key_b') AS d_revoke_b_secret,
       incoming_call_log.revoke_api_key(:'c_id') AS d_revoke_c_id,
       incoming_call_log.revoke_api_key(:'a_owner_id') AS d_revoke_owner_key \gset
SELECT incoming_call_log.rotate_api_key(:'dm', '0') AS key_dm2 \gset
SELECT incoming_call_log.revoke_api_key(:'key_dm2') AS d_revoke_own \gset
RESET ROLE;

SELECT is(pg_temp.reads(:'key_by_delegate'), 'ok', 'a ProjectAdmin of A (with EXECUTE) makes a key of A that reads A');
SELECT is(:'d_create_b'::text, '42501', '... cannot make a key of B (42501)');
SELECT is(:'d_create_unknown'::text, '42501', '... nor of a project that does not exist (42501: nothing learned about it)');
SELECT is(:'d_create_owner_key'::text, '42501', '... nor a key carrying ProjectOwner (only a ProjectOwner may)');
SELECT is(:'d_list_a'::text, (SELECT string_agg(id::text, ',' ORDER BY id) FROM incoming_call_log.api_key
                               WHERE project_id = :'A' AND id <> pg_temp.key_id(:'key_dm2')),
          '... lists exactly A''s keys (the one it made included)');
SELECT is(:'d_list_all'::text, :'A', '... and list_api_keys() shows A''s keys only');
SELECT is(:'d_list_b'::text, '42501', '... listing B''s keys is 42501');
SELECT is(:'d_read_hashes'::text, '42501', '... cannot read stored hashes (42501)');
SELECT is(:'d_read_table'::text, '42501', '... cannot read api_key at all (42501)');
SELECT is(:'d_overview'::text, '42501', '... cannot run access_overview (42501)');
SELECT is(:'d_grant_admin'::text, '42501', '... cannot give itself a capability (42501)');
SELECT is(:'d_revoke_b_id'::text, 'f', '... revoking B''s key by id is false');
SELECT is(:'d_revoke_b_secret'::text, 'f', '... revoking B''s key by its secret is false');
SELECT is(:'d_revoke_c_id'::text, 'f', '... revoking C''s key by id is false');
SELECT is(pg_temp.reads(:'key_b') || pg_temp.reads(:'key_c'), 'okok', '... and B''s and C''s keys still read');
SELECT is(:'d_rotate_b'::text, '22023', '... rotating B''s key is 22023, as for an unknown key');
SELECT is(:'d_revoke_owner_key'::text, 'f', '... revoking A''s key carrying ProjectOwner is false');
SELECT is(:'d_rotate_owner_key'::text, '22023', '... rotating it is 22023');
SELECT is(pg_temp.reads(:'key_a_owner'), 'ok', '... and it still reads');
SELECT is(pg_temp.reads(:'key_dm'), 'PT401', '... rotates A''s key (overlap 0 ends the old one)');
SELECT is(:'d_revoke_own'::text, 't', '... and revokes A''s key');
SELECT is(pg_temp.reads(:'key_dm2'), 'PT401', '... which stops working');

SET LOCAL ROLE icl_km_owner_a;
SELECT pg_temp.code_of($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}')$$) AS o_create_owner_key,
       incoming_call_log.revoke_api_key(:'a_owner_id') AS o_revoke_owner_key \gset
RESET ROLE;
SELECT is(:'o_create_owner_key'::text, 'ok', 'a ProjectOwner of A makes a key carrying ProjectOwner');
SELECT is(:'o_revoke_owner_key'::text, 't', '... and revokes one');

SET LOCAL ROLE icl_km_member_b;
SELECT (SELECT string_agg(DISTINCT project_id::text, ',') FROM incoming_call_log.list_api_keys()) AS m_list_all,
       pg_temp.code_of($$SELECT incoming_call_log.create_api_key('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectMember}')$$) AS m_create_b,
       pg_temp.code_of($$SELECT incoming_call_log.list_api_keys('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')$$) AS m_list_a \gset
SET LOCAL ROLE icl_km_noinherit;
SELECT pg_temp.code_of($$SELECT incoming_call_log.create_api_key('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectMember}')$$) AS n_create_b \gset
SET LOCAL ROLE icl_km_reader_a;
SELECT pg_temp.code_of($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}')$$) AS r_create_a,
       pg_temp.code_of($$SELECT incoming_call_log.list_api_keys('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')$$) AS r_list_a,
       pg_temp.code_of(format('SELECT incoming_call_log.rotate_api_key(%L)', :'a_owner_id')) AS r_rotate \gset
SET LOCAL ROLE icl_km_nothing;
SELECT (SELECT count(*) FROM incoming_call_log.list_api_keys()) AS x_list_all,
       pg_temp.code_of($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}')$$) AS x_create_a \gset
RESET ROLE;
SELECT is(:'m_list_all'::text, :'B', 'a member of a role holding ProjectAdmin on B lists B''s keys only');
SELECT is(:'m_create_b'::text, 'ok', '... and makes B''s keys');
SELECT is(:'m_list_a'::text, '42501', '... but not A''s');
SELECT is(:'n_create_b'::text, '42501', 'a NOINHERIT member of that role does not manage B''s keys');
SELECT is(:'r_create_a'::text, '42501', 'ProjectMember on A does not let a role make A''s keys');
SELECT is(:'r_list_a'::text, '42501', '... nor list them');
SELECT is(:'r_rotate'::text, '22023', '... nor rotate them');
SELECT is(:'x_list_all'::text, '0', 'EXECUTE alone, with no grant, lists no key');
SELECT is(:'x_create_a'::text, '42501', '... and makes none');

SELECT incoming_call_log.revoke_access('icl_km_admin_a', :'A');
SET LOCAL ROLE icl_km_admin_a;
SELECT pg_temp.code_of($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}')$$) AS d2_create_a \gset
RESET ROLE;
SELECT is(:'d2_create_a'::text, '42501', 'after revoke_access the former delegate cannot make A''s keys');

-------------------------------------------------------------------------------
-- access_overview
-------------------------------------------------------------------------------
CREATE ROLE icl_km_admin_cap;
CREATE ROLE icl_km_writer_cap;
CREATE ROLE icl_km_via_admin IN ROLE icl_km_admin_cap;
SELECT incoming_call_log.grant_admin('icl_km_admin_cap');
SELECT incoming_call_log.grant_writer('icl_km_writer_cap');
CREATE TEMP TABLE overview_a AS SELECT * FROM incoming_call_log.access_overview(:'A');
CREATE TEMP TABLE overview_all AS SELECT * FROM incoming_call_log.access_overview();

SELECT set_eq($$SELECT key_id, key_prefix, permissions, expires_at, revoked_at FROM overview_a WHERE way = 'api_key'$$,
              $$SELECT id, prefix, permissions, expires_at, revoked_at FROM incoming_call_log.api_key
                 WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$,
              'access_overview(A) lists every key of A: prefix, permissions, expiry, revocation');
SELECT is((SELECT count(*) FROM overview_a WHERE project_id IS DISTINCT FROM :'A' AND project_id IS NOT NULL),
          0::bigint, '... and nothing of another project');
SELECT is((SELECT live FROM overview_a WHERE key_id = pg_temp.key_id(:'key_a_revoked')), false, '... a revoked key is not live');
SELECT is((SELECT live FROM overview_a WHERE key_id = pg_temp.key_id(:'key_a_expired')), false, '... nor an expired one');
SELECT is((SELECT live FROM overview_a WHERE key_id = pg_temp.key_id(:'key_a_member')), true, '... a live key is');
SELECT set_eq($$SELECT role::text, through::text, permissions FROM overview_a WHERE way = 'grant'$$,
              $$VALUES ('icl_km_owner_a', 'icl_km_owner_a', '{ProjectOwner}'::text[]),
                       ('icl_km_reader_a', 'icl_km_reader_a', '{ProjectMember}'::text[])$$,
              '... the roles with a grant on A, and nothing of the revoked delegate');
SELECT set_eq($$SELECT role::text, through::text FROM overview_all WHERE way = 'grant' AND project_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'$$,
              $$VALUES ('icl_km_group_b', 'icl_km_group_b'), ('icl_km_member_b', 'icl_km_group_b')$$,
              'B''s grant reaches the members that inherit it (not the NOINHERIT one)');
SELECT set_eq($$SELECT role::text, through::text FROM overview_a WHERE way = 'admin' AND project_id IS NULL$$,
              $$VALUES ('icl_km_admin_cap', 'icl_km_admin_cap'), ('icl_km_via_admin', 'icl_km_admin_cap')$$,
              'the admin capability is a way into every project, for its holder and the members that inherit it');
SELECT set_eq($$SELECT role::text FROM overview_a WHERE way = 'writer'$$, ARRAY['icl_km_writer_cap'],
              'the writer capability is listed');
SELECT ok((SELECT count(*) = 1 FROM overview_a o JOIN pg_extension e ON e.extname = 'incoming_call_log'
            WHERE o.way = 'owner' AND o.role = (SELECT rolname FROM pg_roles WHERE oid = e.extowner)),
          'the extension owner is listed');
SELECT is((SELECT count(*) FROM overview_a WHERE way = 'superuser'), (SELECT count(*) FROM pg_roles WHERE rolsuper),
          'every superuser is listed');
SELECT is((SELECT count(*) FROM overview_all WHERE way = 'api_key'), (SELECT count(*) FROM incoming_call_log.api_key),
          'access_overview() lists every key of every project');
SELECT is((SELECT count(*) FROM overview_a WHERE way = 'api_key' AND role IS NOT NULL), 0::bigint,
          'a key row names no role');

-- What is stored of a permission list: each name once, in the order first
-- given, one-dimensional from 1.
SELECT incoming_call_log.create_api_key(:'A', '{ProjectMember,ProjectOwner,ProjectMember,ProjectOwner}', name => 'dup') AS key_dup \gset
SELECT incoming_call_log.create_api_key(:'A', '[3:4]={ReadProjectIncomingCallLog,ReadProjectIncomingCallLog}', name => 'bounds') AS key_bounds \gset
SELECT is((SELECT array_agg(permissions::text ORDER BY name) FROM incoming_call_log.list_api_keys(:'A') WHERE name IN ('dup', 'bounds')),
          ARRAY['{ReadProjectIncomingCallLog}', '{ProjectMember,ProjectOwner}'],
          'a key stores each permission once, in the order first given, as an array from 1');
SELECT incoming_call_log.grant_access('icl_km_admin_a', :'A', '{ProjectMember,ProjectAdmin,ProjectMember}');
SELECT is((SELECT permissions::text FROM incoming_call_log.access_grant WHERE project_id = :'A' AND role = 'icl_km_admin_a'::regrole),
          '{ProjectMember,ProjectAdmin}', 'so does a grant');
SELECT throws_ok(format('SELECT incoming_call_log.create_api_key(%L, ARRAY[%L])', :'A', repeat('x', 100000)), '22023',
                 format('unknown permission "%s..."', repeat('x', 100)), 'an unknown permission is quoted cut to 100 characters');

-- Two rows sharing one id (only possible by hand, in two projects): the
-- owner's rotation refuses (21000); a delegate of A rotates A's row, though
-- B's row (inserted first) is the one the id's index yields first.
SELECT gen_random_uuid() AS twin \gset
INSERT INTO incoming_call_log.api_key (id, project_id, permissions, expires_at, key_hash, prefix)
VALUES (:'twin', :'B', '{ProjectMember}', now() + interval '1 day', sha256('twin of B'), 'icl_twin_b__'),
       (:'twin', :'A', '{ProjectMember}', now() + interval '1 day', sha256('twin of A'), 'icl_twin_a__');
SELECT throws_ok(format('SELECT incoming_call_log.rotate_api_key(%L)', :'twin'), '21000',
                 format('API key id %s names keys of several projects', :'twin'),
                 'rotating an id two projects'' keys share is 21000 for the owner');
SET LOCAL ROLE icl_km_admin_a;
SELECT pg_temp.code_of(format('SELECT incoming_call_log.rotate_api_key(%L, %L)', :'twin', '0')) AS d_rotate_twin \gset
RESET ROLE;
SELECT is(:'d_rotate_twin'::text, 'ok', 'a ProjectAdmin of A rotates A''s key of an id B''s key shares');
SELECT is((SELECT string_agg(project_id || ':' || (expires_at <= now()), ',' ORDER BY project_id)
             FROM incoming_call_log.api_key WHERE id = :'twin'),
          :'A' || ':true,' || :'B' || ':false', '... ending A''s row only');

SET TRANSACTION READ ONLY;
SELECT is((SELECT count(*) FROM incoming_call_log.list_api_keys(:'A')),
          (SELECT count(*) FROM incoming_call_log.api_key WHERE project_id = :'A'),
          'list_api_keys works in a READ ONLY transaction');

SELECT * FROM finish();
ROLLBACK;
