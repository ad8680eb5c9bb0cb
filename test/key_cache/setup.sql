-- test/key_cache/setup.sql — the fixture, with some keys kept in a table so
-- other sessions can present, revoke or change them.
\set ON_ERROR_STOP 1
\set QUIET on
CREATE EXTENSION incoming_call_log;
\ir ../fixtures/fixture.psql
CREATE TABLE cache_key (label text PRIMARY KEY, key text NOT NULL);
INSERT INTO cache_key VALUES ('member', :'key_a_member'), ('owner', :'key_a_owner'), ('read', :'key_a_read');
SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}', now() + interval '3 seconds') AS soon
\gset
INSERT INTO cache_key VALUES ('soon', :'soon');

-- What a call answers: 'ok' or its SQLSTATE.
CREATE FUNCTION outcome(key_label text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('request.headers', json_build_object('apikey', key)::text, true)
       FROM cache_key WHERE label = key_label;
    PERFORM incoming_call_log.count();
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END;
$$;
CREATE FUNCTION tap(n int, got text, want text, description text) RETURNS text
LANGUAGE sql AS $$
    SELECT CASE WHEN got = want THEN 'ok ' ELSE 'not ok ' END || n || ' - ' || description
           || CASE WHEN got = want THEN '' ELSE ' (got ' || got || ', want ' || want || ')' END;
$$;
