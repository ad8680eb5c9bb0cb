-- test/usage_stats/setup.sql — the fixture, plus API keys whose secrets the
-- run script knows (the fixture's are random), a role caller, and 860 keys
-- that fill the statistics' table past its bound.
CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql

INSERT INTO incoming_call_log.api_key (id, project_id, name, key_hash, permissions, expires_at, revoked_at) VALUES
    ('5a000000-0000-4000-8000-00000000000a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'usage A',
     sha256('usage_key_a'::bytea), '{ProjectOwner}', now() + interval '1 year', NULL),
    ('5a000000-0000-4000-8000-00000000000b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'usage B',
     sha256('usage_key_b'::bytea), '{ProjectMember}', now() + interval '1 year', NULL),
    ('5a000000-0000-4000-8000-00000000000c', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'usage none',
     sha256('usage_key_none'::bytea), '{}', now() + interval '1 year', NULL),
    ('5a000000-0000-4000-8000-00000000000d', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'usage revoked',
     sha256('usage_key_revoked'::bytea), '{ProjectOwner}', now() + interval '1 year', now());

-- Keys fill_1 … fill_860 of project C: 860 keys × 6 calls = 5160 entries,
-- more than ICL_STATS_MAX_ENTRIES (5000).
INSERT INTO incoming_call_log.api_key (project_id, name, key_hash, permissions, expires_at)
SELECT 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'fill ' || i, sha256(('fill_' || i)::bytea),
       '{ProjectOwner}', now() + interval '1 year'
  FROM generate_series(1, 860) i;

CREATE ROLE usage_role;
GRANT USAGE ON SCHEMA incoming_call_log TO usage_role;
GRANT EXECUTE ON FUNCTION incoming_call_log.count(json) TO usage_role;
SELECT incoming_call_log.grant_access('usage_role', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}');

-- A monitoring role reads the view, as doc/usage-statistics.md grants it.
CREATE ROLE usage_monitor;
GRANT USAGE ON SCHEMA incoming_call_log TO usage_monitor;
GRANT EXECUTE ON FUNCTION incoming_call_log.usage_statistics() TO usage_monitor;
GRANT SELECT ON incoming_call_log.usage TO usage_monitor;

-- One call with the key in request.headers; the SQLSTATE it raises, or 'ok'.
CREATE FUNCTION public.usage_call(key text, sql text, tenantid text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('request.headers',
                       json_strip_nulls(json_build_object('apikey', key, 'tenantid', tenantid))::text, true);
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;
