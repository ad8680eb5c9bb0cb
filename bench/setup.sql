-- bench/setup.sql — the benchmark's roles, keys and helpers (after bench/data.sql).
--
-- Roles (cluster-wide; the benchmark's cluster is its own, so created here):
--   bench_api            contender (a): USAGE on the schema, EXECUTE on the calls
--                        (the JSON calls, and their CSV forms where installed) — what
--                        the README tells a DBA to grant an API role; nothing else.
--   bench_rls            contender (b): what a user would deploy instead of the
--                        extension, PostgREST over the tables: SELECT on call_log and
--                        the three related tables, scoped by the row-level-security
--                        policies the extension ships (call_log_reader etc.: the caller's
--                        project is caller_project_id(), resolved from the same API key
--                        in request.headers; an InitPlan, so the (project_id, ...)
--                        indexes serve it).
--   bench_floor          contender (c): SELECT on the same tables, BYPASSRLS: no
--                        permission work at all; the project is a statement parameter.
--   bench_authenticator  PostgREST mode: the role PostgREST logs in as (NOINHERIT,
--                        member of the three); each transaction set_config('role', ...)s.
-- Every project has an API key with ReadProjectIncomingCallLog; bench.caller
-- holds it as the request.headers JSON PostgREST would set for a request
-- carrying it.  (The keys are in clear text here: a throwaway cluster.)

\set ON_ERROR_STOP on
SET client_min_messages = warning;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['bench_api', 'bench_rls', 'bench_floor', 'bench_authenticator'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', r);
        END IF;
    END LOOP;
END
$$;
ALTER ROLE bench_floor BYPASSRLS;
ALTER ROLE bench_authenticator NOINHERIT;
GRANT bench_api, bench_rls, bench_floor TO bench_authenticator;

CREATE SCHEMA bench;
GRANT USAGE ON SCHEMA bench TO PUBLIC;

-- The ids bench/data.sql gives project p and the k-th call log of project p.
-- Immutable all through (p::text, not anytextcat's "|| p", which is only
-- stable), so PostgreSQL inlines them: in a prepared statement they cost an
-- md5 per execution, the same for every contender.
CREATE FUNCTION bench.project_id(p integer) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN md5('bench-project-' || p::text)::uuid;

CREATE FUNCTION bench.log_id(p integer, k integer) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN md5('bench-log-' || p::text || '-' || k::text)::uuid;

CREATE TABLE bench.caller (
    p           integer PRIMARY KEY,
    project_id  uuid NOT NULL,
    rows        bigint NOT NULL,
    key         text NOT NULL,
    headers     text NOT NULL
);

-- The headers a PostgREST request from curl carrying the key would set (compact, as
-- PostgREST encodes them).
INSERT INTO bench.caller (p, project_id, rows, key, headers)
SELECT g.p, pr.id, cnt.n, k.key,
       format('{"host":"localhost:3000","user-agent":"curl/8.5.0","accept":"*/*","apikey":%s,"prefer":"count=exact"}',
              to_json(k.key))
FROM generate_series(1, (SELECT count(*) FROM incoming_call_log.project)::int) AS g(p)
JOIN incoming_call_log.project pr ON pr.id = bench.project_id(g.p)
CROSS JOIN LATERAL (SELECT count(*) AS n FROM incoming_call_log.call_log l WHERE l.project_id = pr.id) AS cnt
CROSS JOIN LATERAL (SELECT incoming_call_log.create_api_key(pr.id, '{ReadProjectIncomingCallLog}', 'infinity', 'bench') AS key) AS k;
ANALYZE bench.caller;
GRANT SELECT ON bench.caller TO bench_api, bench_rls, bench_floor, bench_authenticator;

-- (a): exactly what a caller role needs.
GRANT USAGE ON SCHEMA incoming_call_log TO bench_api, bench_rls, bench_floor;
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
             WHERE p.pronamespace = 'incoming_call_log'::regnamespace
               AND p.proname IN ('get_list', 'get_item', 'count', 'get_list_csv', 'get_item_csv', 'count_csv',
                                 'get_aggregate', 'get_aggregate_csv', 'get_page', 'get_changes') LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO bench_api', f);
    END LOOP;
END
$$;

-- (b) and (c): the tables PostgREST would read.
GRANT SELECT ON incoming_call_log.call_log, incoming_call_log.project, incoming_call_log.call_policy,
                incoming_call_log.app_user TO bench_rls, bench_floor;

-- W9 and W10 (issue 19): a page deep into the project with the most rows (the
-- large one), default sort.  The depth is 100,000, or half the project's rows
-- when it has fewer than 200,000 (test/bench_smoke/run's tiny data).  The
-- cursor is made the way a client gets one: by walking get_page from the
-- first page with the project's key (pages of 100, "limit" may change along a
-- walk), so "after" names the row at that depth; created_at (as PostgREST
-- prints it, the value a client pastes into its keyset filter) and id are
-- that row's.  Checked against OFFSET depth - 1 of the default order.
-- bench/harness.sh (bench_deep_load) reads the row into pgbench variables.
CREATE TABLE bench.deep_page (
    p           integer NOT NULL,
    depth       integer NOT NULL,
    after       text NOT NULL,
    created_at  text NOT NULL,
    id          uuid NOT NULL
);
DO $$
DECLARE
    c bench.caller;
    depth integer;
    walked integer := 0;
    page record;
    cur text;
    last_id uuid;
BEGIN
    IF to_regproc('incoming_call_log.get_page') IS NULL THEN
        RETURN;  -- an extension before 0.3.0: W9 reports get_page missing
    END IF;
    SELECT * INTO c FROM bench.caller ORDER BY rows DESC, p LIMIT 1;
    depth := least(100000, c.rows / 2);
    IF depth < 1 THEN
        RETURN;
    END IF;
    PERFORM set_config('request.headers', c.headers, true);
    PERFORM set_config('timezone', 'UTC', true);
    WHILE walked < depth LOOP
        SELECT * INTO page FROM incoming_call_log.get_page("limit" => least(100, depth - walked), "after" => cur);
        walked := walked + json_array_length(page.data);
        last_id := (page.data -> -1 ->> '_id')::uuid;
        cur := page.next;
    END LOOP;
    IF last_id IS DISTINCT FROM (SELECT l.id FROM incoming_call_log.call_log l WHERE l.project_id = c.project_id
                                 ORDER BY l.created_at DESC, l.id OFFSET depth - 1 LIMIT 1) THEN
        RAISE EXCEPTION 'bench: walking get_page % rows deep ended at %, not at the row OFFSET % names', depth, last_id, depth - 1;
    END IF;
    INSERT INTO bench.deep_page (p, depth, after, created_at, id)
    SELECT c.p, depth, cur, to_json(l.created_at) #>> '{}', l.id
    FROM incoming_call_log.call_log l WHERE l.project_id = c.project_id AND l.id = last_id;
END
$$;
GRANT SELECT ON bench.deep_page TO bench_api, bench_rls, bench_floor, bench_authenticator;

-- The memory check reads pg_backend_memory_contexts in the API role's own backend.
GRANT SELECT ON pg_catalog.pg_backend_memory_contexts TO bench_api;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_get_backend_memory_contexts() TO bench_api;

-- The agreement check (bench/harness.sh, test/bench_smoke/run) reduces each
-- contender's answer to "count|rows|md5": the rows as a jsonb array of
-- objects, relations flattened to "relation.key", nulls dropped (a null
-- relation and a relation of nulls read the same), timestamps at the
-- millisecond in UTC (PostgREST prints "+00:00" and microseconds, the API
-- "Z" and milliseconds).  With ids_only only "_id" is kept (CSV).
CREATE FUNCTION bench.norm_value(v jsonb) RETURNS text
LANGUAGE sql STABLE
RETURN CASE WHEN jsonb_typeof(v) = 'string' AND (v #>> '{}') ~ '^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d'
            THEN to_char(date_trunc('milliseconds', (v #>> '{}')::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            ELSE v #>> '{}' END;

CREATE FUNCTION bench.norm_rows(rows jsonb, ids_only boolean DEFAULT false) RETURNS text
LANGUAGE sql STABLE
RETURN (
    SELECT coalesce(string_agg(line, E'\n' ORDER BY n), '')
    FROM (SELECT r.n,
                 (SELECT coalesce(string_agg(kv.key || '=' || bench.norm_value(kv.value), ';' ORDER BY kv.key), '')
                  FROM (SELECT e.key, e.value FROM jsonb_each(r.obj) AS e WHERE jsonb_typeof(e.value) <> 'object'
                        UNION ALL
                        SELECT e.key || '.' || s.key, s.value
                        FROM jsonb_each(r.obj) AS e, jsonb_each(e.value) AS s WHERE jsonb_typeof(e.value) = 'object') AS kv
                  WHERE jsonb_typeof(kv.value) <> 'null' AND (NOT ids_only OR kv.key = '_id')) AS line
          FROM jsonb_array_elements(rows) WITH ORDINALITY AS r(obj, n)) AS t);

CREATE FUNCTION bench.summary(n bigint, rows jsonb, ids_only boolean DEFAULT false) RETURNS text
LANGUAGE sql STABLE
RETURN format('%s|%s|%s', n, jsonb_array_length(rows), md5(bench.norm_rows(rows, ids_only)));

-- The rows of a CSV text as [{"_id": <first field>}, ...] (the header line skipped).
CREATE FUNCTION bench.csv_rows(csv text) RETURNS jsonb
LANGUAGE sql IMMUTABLE
RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('_id', split_part(line, ',', 1)) ORDER BY n), '[]')
        FROM regexp_split_to_table(rtrim(csv, E'\n'), E'\n') WITH ORDINALITY AS l(line, n)
        WHERE n > 1);

-- COUNT of a response.headers setting [{"Content-Range": "FIRST-LAST/COUNT"}].
CREATE FUNCTION bench.content_range_count(headers text) RETURNS bigint
LANGUAGE sql IMMUTABLE
RETURN (regexp_match(headers, '"Content-Range"\s*:\s*"[^"/]*/(\d+)"'))[1]::bigint;
