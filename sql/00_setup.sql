-- Shared fixture for the golden files: the data of test/fixtures/fixture.psql,
-- its API keys kept in a table (psql variables do not outlive one file), and
-- two helpers: as_key(label) presents a key the way PostgREST does;
-- api_error(sql) shows the SQLSTATE, message, detail and hint of a refusal.
\set QUIET on
\set ECHO none
\ir test/fixtures/fixture.psql
\set ECHO all

CREATE TABLE fixture_key (label text PRIMARY KEY, key text NOT NULL);
INSERT INTO fixture_key VALUES
    ('a_owner', :'key_a_owner'), ('a_admin', :'key_a_admin'), ('a_member', :'key_a_member'),
    ('a_read', :'key_a_read'), ('a_readall', :'key_a_readall'), ('a_none', :'key_a_none'),
    ('a_expired', :'key_a_expired'), ('a_revoked', :'key_a_revoked'), ('b', :'key_b'), ('c', :'key_c');

CREATE FUNCTION as_key(label text) RETURNS void
LANGUAGE sql AS $$
    SELECT set_config('request.headers', json_build_object('apikey', key)::text, false)
    FROM fixture_key WHERE fixture_key.label = as_key.label;
$$;

CREATE FUNCTION api_error(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    state text; message text; detail text; hint text;
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN state || ': ' || message
        || CASE WHEN detail <> '' THEN E'\n  DETAIL: ' || detail ELSE '' END
        || CASE WHEN hint <> '' THEN E'\n  HINT: ' || hint ELSE '' END;
END;
$$;
\set QUIET off
SELECT count(*) AS call_logs FROM incoming_call_log.call_log;
