-- test/key_cache/session.sql — one long-lived session (it keeps its key
-- cache between statements); \! runs the other sessions.
SELECT tap(1, outcome('member'), 'ok', 'a live key reads (and is now cached)');
SELECT tap(2, outcome('member'), 'ok', 'it reads again from the cache');
\! psql -X -q -At -c "SELECT incoming_call_log.revoke_api_key(key) FROM cache_key WHERE label = 'member'" >/dev/null
SELECT tap(3, outcome('member'), 'PT401', 'a revocation committed by another session refuses the cached key at once');

SELECT tap(4, outcome('owner'), 'ok', 'a second key reads (cached)');
\! psql -X -q -At -c "UPDATE incoming_call_log.api_key SET permissions = '{}' WHERE key_hash = sha256(convert_to((SELECT key FROM cache_key WHERE label = 'owner'), 'UTF8'))" >/dev/null
SELECT tap(5, outcome('owner'), 'PT403', 'permissions taken away by another session apply to the cached key');
\! psql -X -q -At -c "DELETE FROM incoming_call_log.api_key WHERE key_hash = sha256(convert_to((SELECT key FROM cache_key WHERE label = 'owner'), 'UTF8'))" >/dev/null
SELECT tap(6, outcome('owner'), 'PT401', 'a key deleted by another session is unknown at once');

SELECT tap(7, outcome('read'), 'ok', 'a third key reads (cached)');
\! psql -X -q -At -c "TRUNCATE incoming_call_log.api_key" >/dev/null
SELECT tap(8, outcome('read'), 'PT401', 'TRUNCATE by another session empties the cache too');

BEGIN;
SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}') AS rolled_back \gset
INSERT INTO cache_key VALUES ('rolled_back', :'rolled_back');
SELECT outcome('rolled_back') AS inside \gset
ROLLBACK;
INSERT INTO cache_key VALUES ('rolled_back', :'rolled_back');
SELECT tap(9, :'inside', 'ok', 'a key made in this transaction reads inside it');
SELECT tap(10, outcome('rolled_back'), 'PT401', 'once that transaction rolls back, the key is unknown (nothing cached survives)');

\! psql -X -q -At -c "INSERT INTO incoming_call_log.api_key (project_id, permissions, expires_at, key_hash) SELECT 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}', now() + interval '3 seconds', sha256(convert_to(key, 'UTF8')) FROM cache_key WHERE label = 'soon'" >/dev/null
SELECT tap(11, outcome('soon'), 'ok', 'a key expiring in 3 seconds reads (and is cached)');
SELECT pg_sleep(3.5) \g /dev/null
SELECT tap(12, outcome('soon'), 'PT401', 'expiry is judged on every use, cached or not');

-- Rotation (issue 18): the old key keeps working through the overlap, even
-- cached; rotated with overlap '0' by another session, it stops at once.
SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}') AS rot \gset
INSERT INTO cache_key VALUES ('rot', :'rot');
SELECT tap(13, outcome('rot'), 'ok', 'a key to rotate reads (and is cached)');
\! psql -X -q -At -c "INSERT INTO cache_key SELECT 'rot2', incoming_call_log.rotate_api_key(a.id, '1 hour') FROM incoming_call_log.api_key a, cache_key c WHERE c.label = 'rot' AND a.key_hash = sha256(convert_to(c.key, 'UTF8'))" >/dev/null
SELECT tap(14, outcome('rot'), 'ok', 'rotated by another session with overlap 1 hour, the cached old key still reads');
SELECT tap(15, outcome('rot2'), 'ok', '... and so does the new key (now cached too)');
\! psql -X -q -At -c "INSERT INTO cache_key SELECT 'rot3', incoming_call_log.rotate_api_key(a.id, '0') FROM incoming_call_log.api_key a, cache_key c WHERE c.label = 'rot2' AND a.key_hash = sha256(convert_to(c.key, 'UTF8'))" >/dev/null
SELECT tap(16, outcome('rot2'), 'PT401', 'rotated by another session with overlap 0, the cached key is refused at once');
SELECT tap(17, outcome('rot3'), 'ok', '... and its successor reads');
SELECT '1..17';
