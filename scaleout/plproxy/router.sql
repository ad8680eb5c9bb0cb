-- scaleout/plproxy/router.sql — the router of a PL/Proxy-sharded
-- incoming_call_log.  Run in the router database, as a superuser, after
-- CREATE EXTENSION plproxy (the router does not install incoming_call_log):
--
--     psql -d router -f scaleout/plproxy/router.sql
--
-- then one foreign server per node and the callers' rights:
--
--     CREATE SERVER node0 FOREIGN DATA WRAPPER plproxy
--         OPTIONS (partition_0 'host=node0.internal dbname=calls');
--     CREATE USER MAPPING FOR PUBLIC SERVER node0;      -- or per role, with a password
--     SELECT incoming_call_log_router.grant_caller('web_anon');
--     SELECT incoming_call_log_router.refresh_directory();
--
-- Schema incoming_call_log holds the API with the signatures, result types,
-- answers and errors of one node: get_list, get_item, count.  Each call
-- 1. reads the caller from request.headers (apikey, tenantid) and
--    current_user, parsed the way the extension's C code parses them;
-- 2. finds the node holding the caller's project in a small directory
--    (key hash -> project, role -> projects, admins, project -> node), and
--    refuses there with the extension's own SQLSTATE, message, detail and
--    hint when the directory already knows the answer is PT401 or PT403;
-- 3. forwards the call over PL/Proxy, connected to the node as the caller's
--    own role (PL/Proxy's user mapping for current_user), with the raw
--    request.headers as an argument; the node's C code decides: keys,
--    expiry, revocation, permissions, the request, the item;
-- 4. passes the node's error on with PL/Proxy's prefixes removed.
-- The directory knows who may reach which project, never what they may do
-- there: a stale directory can refuse, never grant.
--
-- Directory rows are visible to a caller only where they concern it
-- (row-level security): the row of the key it presents, the grants of the
-- roles it holds, the projects those name.  The router keeps no secret: the
-- key hashes are the nodes' own, and a caller sees only the hash of the key
-- it presents.

\set ON_ERROR_STOP 1

CREATE SCHEMA incoming_call_log;
COMMENT ON SCHEMA incoming_call_log IS
'incoming_call_log''s API, served by a PL/Proxy router: the calls run on the node holding the caller''s project';
REVOKE ALL ON SCHEMA incoming_call_log FROM PUBLIC;

CREATE TYPE incoming_call_log.list_result AS (
    count    bigint,
    "limit"  integer,
    skip     integer,
    data     json
);
CREATE TYPE incoming_call_log.count_result AS (
    count  bigint
);

CREATE SCHEMA incoming_call_log_router;
COMMENT ON SCHEMA incoming_call_log_router IS
'incoming_call_log''s PL/Proxy router: the directory, the routing, the forwards; not an API, never exposed by a gateway';
REVOKE ALL ON SCHEMA incoming_call_log_router FROM PUBLIC;

-------------------------------------------------------------------------------
-- The directory (rebuilt from the nodes by refresh_directory)
-------------------------------------------------------------------------------

CREATE TABLE incoming_call_log_router.project_node (
    project_id  uuid PRIMARY KEY,
    node        name NOT NULL       -- a foreign server of the plproxy wrapper
);
CREATE TABLE incoming_call_log_router.key_route (
    key_hash    bytea PRIMARY KEY,  -- SHA-256 of the key, as the node stores it
    project_id  uuid NOT NULL REFERENCES incoming_call_log_router.project_node ON DELETE CASCADE
);
CREATE TABLE incoming_call_log_router.role_route (
    role        name NOT NULL,      -- holds a grant (access_grant) on the project
    project_id  uuid NOT NULL REFERENCES incoming_call_log_router.project_node ON DELETE CASCADE,
    PRIMARY KEY (role, project_id)
);
CREATE TABLE incoming_call_log_router.admin_route (
    role        name PRIMARY KEY    -- the admin capability, or the extension's owner
);
COMMENT ON TABLE incoming_call_log_router.project_node IS 'the node (foreign server) holding each project';
COMMENT ON TABLE incoming_call_log_router.key_route IS 'the project of each API key, by the SHA-256 the nodes store';
COMMENT ON TABLE incoming_call_log_router.role_route IS 'which roles hold a grant on which project (not which permissions)';
COMMENT ON TABLE incoming_call_log_router.admin_route IS 'roles that read any project they name in tenantid';

-------------------------------------------------------------------------------
-- Who is calling: the C code's reading of request.headers, and current_user
-------------------------------------------------------------------------------

-- True when no object or array in the text nests deeper than max_depth
-- (brackets inside strings do not count): request_headers.c's limit.
CREATE FUNCTION incoming_call_log_router.nesting_within(doc text, max_depth integer)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    WITH b AS (SELECT regexp_replace(regexp_replace(doc, '"(\\.|[^"\\])*"', '', 'g'), '[^][{}]', '', 'g') AS brackets)
    SELECT length(replace(replace(brackets, '}', ''), ']', '')) <= max_depth
        OR coalesce((SELECT max(depth) FROM (
               SELECT sum(CASE WHEN c IN ('{', '[') THEN 1 ELSE -1 END) OVER (ORDER BY i) AS depth
                 FROM regexp_split_to_table(brackets, '') WITH ORDINALITY AS t(c, i)) d), 0) <= max_depth
      FROM b
$$;

-- A member of request.headers as the extension reads it: the setting is a
-- JSON object nesting at most 16 deep whose every string can be unescaped
-- (the C parser unescapes them all: a \u0000 or a lone surrogate anywhere
-- means no headers at all; the jsonb cast checks the same), the member
-- appears once at the top, and its value is a non-empty string; else null.
CREATE FUNCTION incoming_call_log_router.header(member text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw text := current_setting('request.headers', true);
    doc json;
    hits integer;
    val json;
BEGIN
    IF raw IS NULL OR raw = '' OR NOT incoming_call_log_router.nesting_within(raw, 16) THEN
        RETURN NULL;
    END IF;
    BEGIN
        doc := raw::json;
        PERFORM raw::jsonb;
    EXCEPTION WHEN OTHERS THEN
        RETURN NULL;
    END;
    IF json_typeof(doc) <> 'object' THEN
        RETURN NULL;
    END IF;
    SELECT count(*), min(e.value::text)::json INTO hits, val FROM json_each(doc) AS e WHERE e.key = member;
    IF hits <> 1 OR json_typeof(val) <> 'string' OR val #>> '{}' = '' THEN
        RETURN NULL;
    END IF;
    RETURN val #>> '{}';
END
$$;

-- no_key(admin): why no key was read from request.headers and what to do
-- (caller.c's no_key, the same texts).
CREATE FUNCTION incoming_call_log_router.no_key(admin boolean, OUT why text, OUT hint text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw text := current_setting('request.headers', true);
    doc json;
    present text := CASE WHEN admin
        THEN 'Name the project in the tenantid request header, or present an API key in the apikey request header.'
        ELSE 'Present an API key in the apikey request header.' END;
    miscased text;
BEGIN
    IF raw IS NULL OR raw = '' THEN
        why := 'request.headers is not set';
        hint := present || ' In psql, set_config(''request.headers'', ..., true) outside a transaction '
                        || 'is gone at the next statement: run it after BEGIN, or pass false as is_local.';
        RETURN;
    END IF;
    BEGIN
        doc := raw::json;
        PERFORM raw::jsonb;
    EXCEPTION WHEN OTHERS THEN
        doc := NULL;
    END;
    IF doc IS NULL OR json_typeof(doc) <> 'object' OR NOT incoming_call_log_router.nesting_within(raw, 16) THEN
        why := 'request.headers is not a JSON object';
        hint := 'Set request.headers to a JSON object of lower-case header names, as PostgREST does: {"apikey": "..."}.';
    ELSIF EXISTS (SELECT FROM json_each(doc) AS e WHERE e.key = 'apikey') THEN
        why := 'the apikey member of request.headers is not one non-empty string';
        hint := 'Give the apikey member once, as a non-empty JSON string.';
    ELSE
        SELECT e.key INTO miscased FROM json_each(doc) WITH ORDINALITY AS e(key, value, n)
         WHERE translate(e.key, 'APIKEY', 'apikey') = 'apikey' ORDER BY e.n LIMIT 1;
        IF miscased IS NOT NULL THEN
            why := format('request.headers has a member "%s" but none named "apikey"', miscased);
            hint := 'PostgREST passes header names in lower case, and the names in request.headers '
                    || 'must be lower case too: name the member "apikey".';
        ELSE
            why := 'request.headers has no apikey member';
            hint := present;
        END IF;
    END IF;
END
$$;

CREATE FUNCTION incoming_call_log_router.presented_key_hash()
RETURNS bytea
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT sha256(convert_to(incoming_call_log_router.header('apikey'), 'UTF8')) $$;

-- The roles whose grants current_user uses, as the C code's role_holds():
-- those it has the privileges of (pg_has_role USAGE); for a superuser, those
-- it is a member of (a superuser holds every role's privileges, not grants).
CREATE FUNCTION incoming_call_log_router.held_roles()
RETURNS name[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN ARRAY(WITH RECURSIVE m(oid) AS (
                         SELECT oid FROM pg_roles WHERE rolname = current_user
                         UNION
                         SELECT a.roleid FROM pg_auth_members a JOIN m ON a.member = m.oid)
                     SELECT r.rolname FROM pg_roles r JOIN m USING (oid));
    END IF;
    RETURN ARRAY(SELECT rolname FROM pg_roles WHERE pg_has_role(oid, 'USAGE'));
END
$$;

CREATE FUNCTION incoming_call_log_router.to_uuid(text)
RETURNS uuid
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN $1::uuid;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

ALTER TABLE incoming_call_log_router.key_route ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log_router.role_route ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log_router.admin_route ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log_router.project_node ENABLE ROW LEVEL SECURITY;
CREATE POLICY presented_key ON incoming_call_log_router.key_route FOR SELECT
    USING (key_hash = (SELECT incoming_call_log_router.presented_key_hash()));
CREATE POLICY held_roles ON incoming_call_log_router.role_route FOR SELECT
    USING (role = ANY ((SELECT incoming_call_log_router.held_roles())::name[]));
CREATE POLICY held_roles ON incoming_call_log_router.admin_route FOR SELECT
    USING (role = ANY ((SELECT incoming_call_log_router.held_roles())::name[]));
-- The subqueries are themselves filtered by the policies above.
CREATE POLICY reachable ON incoming_call_log_router.project_node FOR SELECT
    USING (EXISTS (SELECT FROM incoming_call_log_router.key_route k WHERE k.project_id = project_node.project_id)
           OR EXISTS (SELECT FROM incoming_call_log_router.role_route r WHERE r.project_id = project_node.project_id)
           OR EXISTS (SELECT FROM incoming_call_log_router.admin_route));

-- route(): the node to forward the current call to, or the refusal one node
-- would answer (caller.c's texts), raised here without forwarding.  Keys:
-- unknown is PT401 here; everything else about a known key (revoked,
-- expired, permissions, a tenantid) is the node's to say.  Roles: the
-- directory knows which projects a role's grants name, which is what decides
-- PT401 against PT403; permissions are the node's to say.
CREATE FUNCTION incoming_call_log_router.route()
RETURNS name
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    apikey text := incoming_call_log_router.header('apikey');
    tenant text := incoming_call_log_router.header('tenantid');
    target name;
    admin boolean;
    projects integer;
    nokey record;
BEGIN
    IF apikey IS NOT NULL THEN
        SELECT p.node INTO target
          FROM incoming_call_log_router.key_route k JOIN incoming_call_log_router.project_node p USING (project_id)
         WHERE k.key_hash = sha256(convert_to(apikey, 'UTF8'));
        IF target IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'PT401', MESSAGE = 'API key is not valid',
                DETAIL = 'No key with this value exists.',
                HINT = 'Present a key made by incoming_call_log.create_api_key.';
        END IF;
        RETURN target;
    END IF;

    admin := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
             OR EXISTS (SELECT FROM incoming_call_log_router.admin_route);
    IF tenant IS NOT NULL THEN
        SELECT p.node INTO target
          FROM incoming_call_log_router.project_node p
         WHERE p.project_id = incoming_call_log_router.to_uuid(tenant)
           AND (admin OR EXISTS (SELECT FROM incoming_call_log_router.role_route r WHERE r.project_id = p.project_id));
        IF target IS NOT NULL THEN
            RETURN target;
        END IF;
        IF admin OR EXISTS (SELECT FROM incoming_call_log_router.role_route) THEN
            IF incoming_call_log_router.to_uuid(tenant) IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = 'PT403',
                    MESSAGE = format('role "%s" has no access to the project named in tenantid', current_user),
                    DETAIL = format('tenantid %s is not a uuid.', to_json(tenant));
            END IF;
            RAISE EXCEPTION USING ERRCODE = 'PT403',
                MESSAGE = format('role "%s" has no access to the project named in tenantid', current_user);
        END IF;
        nokey := incoming_call_log_router.no_key(admin);
        RAISE EXCEPTION USING ERRCODE = 'PT401', MESSAGE = 'not authenticated',
            DETAIL = format('No API key was presented: %s, and role "%s" has no access to any project.', nokey.why, current_user),
            HINT = nokey.hint;
    END IF;

    SELECT count(DISTINCT r.project_id), min(p.node) INTO projects, target
      FROM incoming_call_log_router.role_route r JOIN incoming_call_log_router.project_node p USING (project_id);
    IF projects = 1 THEN
        RETURN target;
    ELSIF projects > 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT403',
            MESSAGE = format('role "%s" has access to several projects', current_user),
            HINT = 'Name the project in the tenantid request header.';
    END IF;
    nokey := incoming_call_log_router.no_key(admin);
    IF admin THEN
        RAISE EXCEPTION USING ERRCODE = 'PT401', MESSAGE = 'not authenticated',
            DETAIL = format('No API key was presented: %s, and role "%s" named no project.', nokey.why, current_user),
            HINT = nokey.hint;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'PT401', MESSAGE = 'not authenticated',
        DETAIL = format('No API key was presented: %s, and role "%s" has no access to any project.', nokey.why, current_user),
        HINT = nokey.hint;
END
$$;

-------------------------------------------------------------------------------
-- The forwards (PL/Proxy): one node per call, the node's function of
-- scaleout/plproxy/node.sql, connected as current_user.
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log_router.cluster_of(node name)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT $1::text $$;

CREATE FUNCTION incoming_call_log_router.node_get_list(node name, headers text, "select" json, query json,
                                                       sort json, skip integer, "limit" integer)
RETURNS incoming_call_log.list_result
LANGUAGE plproxy AS $$
    CLUSTER incoming_call_log_router.cluster_of(node);
    RUN ON 0;
    SELECT * FROM incoming_call_log_node.get_list($2, $3, $4, $5, $6, $7);
$$;

CREATE FUNCTION incoming_call_log_router.node_get_item(node name, headers text, id text, "select" json)
RETURNS json
LANGUAGE plproxy AS $$
    CLUSTER incoming_call_log_router.cluster_of(node);
    RUN ON 0;
    SELECT incoming_call_log_node.get_item($2, $3, $4);
$$;

CREATE FUNCTION incoming_call_log_router.node_count(node name, headers text, query json)
RETURNS incoming_call_log.count_result
LANGUAGE plproxy AS $$
    CLUSTER incoming_call_log_router.cluster_of(node);
    RUN ON 0;
    SELECT * FROM incoming_call_log_node.count($2, $3);
$$;

-- Raise a node's error as the node raised it: PL/Proxy reports a remote
-- error with its SQLSTATE but prefixes the message ("fn(n): [db] REMOTE
-- ERROR: "), the detail ("Remote detail: ") and the hint ("Remote hint: ").
CREATE FUNCTION incoming_call_log_router.raise_as_node(sqlstate text, message text, detail text, hint text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    remote constant text := '^\S+\(\d+\): \[[^]]*\] REMOTE [^:]*: ';
BEGIN
    IF message ~ remote THEN
        message := regexp_replace(message, remote, '');
        detail := regexp_replace(detail, '^Remote detail: ', '');
        hint := regexp_replace(hint, '^Remote hint: ', '');
    END IF;
    IF detail <> '' AND hint <> '' THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, DETAIL = detail, HINT = hint;
    ELSIF detail <> '' THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, DETAIL = detail;
    ELSIF hint <> '' THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, HINT = hint;
    END IF;
    RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message;
END
$$;

-------------------------------------------------------------------------------
-- The API
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log.get_list(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    sort      json    DEFAULT NULL,
    skip      integer DEFAULT NULL,
    "limit"   integer DEFAULT NULL)
RETURNS incoming_call_log.list_result
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target name := incoming_call_log_router.route();
    result incoming_call_log.list_result;
    st text; msg text; det text; hnt text;
BEGIN
    result := incoming_call_log_router.node_get_list(target, current_setting('request.headers', true),
                                                     "select", query, sort, skip, "limit");
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
    PERFORM incoming_call_log_router.raise_as_node(st, msg, det, hnt);
END
$$;

CREATE FUNCTION incoming_call_log.get_item(
    id        text,
    "select"  json DEFAULT NULL)
RETURNS json
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target name := incoming_call_log_router.route();
    st text; msg text; det text; hnt text;
BEGIN
    RETURN incoming_call_log_router.node_get_item(target, current_setting('request.headers', true), id, "select");
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
    PERFORM incoming_call_log_router.raise_as_node(st, msg, det, hnt);
END
$$;

CREATE FUNCTION incoming_call_log.count(
    query  json DEFAULT NULL)
RETURNS incoming_call_log.count_result
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target name := incoming_call_log_router.route();
    result incoming_call_log.count_result;
    st text; msg text; det text; hnt text;
BEGIN
    result := incoming_call_log_router.node_count(target, current_setting('request.headers', true), query);
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
    PERFORM incoming_call_log_router.raise_as_node(st, msg, det, hnt);
END
$$;

COMMENT ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer) IS
'List call logs of the caller''s project (forwarded to the node holding it)';
COMMENT ON FUNCTION incoming_call_log.get_item(text, json) IS
'One call log of the caller''s project by _id (forwarded to the node holding it)';
COMMENT ON FUNCTION incoming_call_log.count(json) IS
'Number of call logs of the caller''s project matching query (forwarded to the node holding it)';

-------------------------------------------------------------------------------
-- Operating it
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log_router.node_directory(node name,
    OUT kind text, OUT project_id uuid, OUT key_hash bytea, OUT role text)
RETURNS SETOF record
LANGUAGE plproxy AS $$
    CLUSTER incoming_call_log_router.cluster_of(node);
    RUN ON 0;
    SELECT * FROM incoming_call_log_node.directory();
$$;

CREATE FUNCTION incoming_call_log_router.node_create_api_key(node name, project_id uuid, permissions text[],
                                                             expires_at timestamptz, name text)
RETURNS text
LANGUAGE plproxy AS $$
    CLUSTER incoming_call_log_router.cluster_of(node);
    RUN ON 0;
    SELECT incoming_call_log.create_api_key($2, $3, $4, $5);
$$;

-- The nodes: the foreign servers of the plproxy wrapper.
CREATE VIEW incoming_call_log_router.node AS
    SELECT s.srvname AS node
      FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
     WHERE w.fdwname = 'plproxy';

-- refresh_directory(): rebuild the directory from every node's
-- incoming_call_log_node.directory(), in one transaction.  A project found
-- on two nodes (a move under way) keeps the node the directory names; a new
-- one found on two nodes is an error.  Run it after making keys or grants on
-- a node directly, and at the end of a move.  Returns the number of
-- projects, keys, grants and admins now routed.
CREATE FUNCTION incoming_call_log_router.refresh_directory(OUT projects bigint, OUT keys bigint,
                                                           OUT grants bigint, OUT admins bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    dup record;
BEGIN
    CREATE TEMP TABLE seen ON COMMIT DROP AS
        SELECT n.node, d.* FROM incoming_call_log_router.node n,
               LATERAL incoming_call_log_router.node_directory(n.node) d;
    FOR dup IN
        SELECT f.project_id, array_agg(f.node ORDER BY f.node) AS nodes
          FROM seen f WHERE f.kind = 'project' GROUP BY f.project_id HAVING count(*) > 1
    LOOP
        IF NOT EXISTS (SELECT FROM incoming_call_log_router.project_node p
                        WHERE p.project_id = dup.project_id AND p.node = ANY (dup.nodes)) THEN
            RAISE EXCEPTION 'project % is on nodes %, and the directory names neither', dup.project_id, dup.nodes
                USING HINT = 'Set incoming_call_log_router.project_node for it, then refresh again.';
        END IF;
        DELETE FROM seen f
         WHERE f.project_id = dup.project_id
           AND f.node <> (SELECT p.node FROM incoming_call_log_router.project_node p WHERE p.project_id = dup.project_id);
    END LOOP;

    DELETE FROM incoming_call_log_router.admin_route;
    DELETE FROM incoming_call_log_router.project_node;     -- cascades to key_route and role_route
    INSERT INTO incoming_call_log_router.project_node SELECT f.project_id, f.node FROM seen f WHERE f.kind = 'project';
    INSERT INTO incoming_call_log_router.key_route
        SELECT f.key_hash, f.project_id FROM seen f WHERE f.kind = 'key'
        ON CONFLICT (key_hash) DO NOTHING;
    INSERT INTO incoming_call_log_router.role_route
        SELECT DISTINCT f.role, f.project_id FROM seen f WHERE f.kind = 'grant';
    INSERT INTO incoming_call_log_router.admin_route
        SELECT DISTINCT f.role FROM seen f WHERE f.kind = 'admin';

    SELECT count(*) INTO projects FROM incoming_call_log_router.project_node;
    SELECT count(*) INTO keys FROM incoming_call_log_router.key_route;
    SELECT count(*) INTO grants FROM incoming_call_log_router.role_route;
    SELECT count(*) INTO admins FROM incoming_call_log_router.admin_route;
END
$$;

-- create_api_key(...): incoming_call_log.create_api_key on the project's
-- node, and the key's route at once.  The node commits first: should this
-- transaction then fail, the key exists but is refused here (PT401) until
-- refresh_directory().
CREATE FUNCTION incoming_call_log_router.create_api_key(
    project_id   uuid,
    permissions  text[],
    expires_at   timestamptz DEFAULT now() + interval '1 year',
    name         text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target name;
    secret text;
BEGIN
    SELECT p.node INTO target FROM incoming_call_log_router.project_node p WHERE p.project_id = create_api_key.project_id;
    IF target IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = format('project %s does not exist', project_id);
    END IF;
    secret := incoming_call_log_router.node_create_api_key(target, project_id, permissions, expires_at, name);
    INSERT INTO incoming_call_log_router.key_route VALUES (sha256(convert_to(secret, 'UTF8')), project_id);
    RETURN secret;
END
$$;

-- grant_caller(role): what a role needs to call the API through the router:
-- the three calls, and (they are SECURITY INVOKER, so that current_user is
-- the caller) the router's routing functions, its directory (under the
-- policies above) and every node's foreign server.  Run again after adding
-- a node.
CREATE FUNCTION incoming_call_log_router.grant_caller(role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n name;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA incoming_call_log, incoming_call_log_router TO %s', role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                    incoming_call_log.get_item(text, json), incoming_call_log.count(json),
                    incoming_call_log_router.route(), incoming_call_log_router.header(text),
                    incoming_call_log_router.nesting_within(text, integer),
                    incoming_call_log_router.presented_key_hash(), incoming_call_log_router.held_roles(),
                    incoming_call_log_router.no_key(boolean),
                    incoming_call_log_router.to_uuid(text), incoming_call_log_router.cluster_of(name),
                    incoming_call_log_router.raise_as_node(text, text, text, text),
                    incoming_call_log_router.node_get_list(name, text, json, json, json, integer, integer),
                    incoming_call_log_router.node_get_item(name, text, text, json),
                    incoming_call_log_router.node_count(name, text, json) TO %s', role);
    EXECUTE format('GRANT SELECT ON incoming_call_log_router.project_node, incoming_call_log_router.key_route,
                    incoming_call_log_router.role_route, incoming_call_log_router.admin_route TO %s', role);
    FOR n IN SELECT node FROM incoming_call_log_router.node LOOP
        EXECUTE format('GRANT USAGE ON FOREIGN SERVER %I TO %s', n, role);
    END LOOP;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA incoming_call_log FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA incoming_call_log_router FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA incoming_call_log_router FROM PUBLIC;
