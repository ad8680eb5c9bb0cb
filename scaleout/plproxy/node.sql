-- scaleout/plproxy/node.sql — what a node of a PL/Proxy-sharded
-- incoming_call_log offers the router.  Run in each node database after
-- CREATE EXTENSION incoming_call_log, as the extension's owner:
--
--     psql -d calls -f scaleout/plproxy/node.sql
--
-- A node is an ordinary incoming_call_log database holding some projects
-- (with their policies, call logs, API keys and grants) and every app_user
-- row (a reference table: call logs name users).  The router never reads a
-- node's tables: it calls the three functions below over PL/Proxy, connected
-- as the caller's own role, and the node's C code decides everything it
-- decides on one machine.
--
-- Why the request headers travel as an argument: PL/Proxy forwards a
-- function's arguments, not the router session's settings.  The functions
-- set request.headers for the duration of the call and nothing else.  They
-- are SECURITY INVOKER, so the caller is the role PL/Proxy connected as; an
-- argument can present an API key (a secret, proof by itself) or name a
-- tenantid (a choice among the role's own grants), exactly what any role
-- could already do with set_config.  No argument names a role.

\set ON_ERROR_STOP 1

CREATE SCHEMA incoming_call_log_node;
COMMENT ON SCHEMA incoming_call_log_node IS
'incoming_call_log on a PL/Proxy node: the calls the router forwards (request headers as an argument) and the directory export';
REVOKE ALL ON SCHEMA incoming_call_log_node FROM PUBLIC;

-- The SET clause makes PostgreSQL restore request.headers when the function
-- returns, so nothing stays on the connection PL/Proxy keeps open.
CREATE FUNCTION incoming_call_log_node.get_list(headers text, "select" json, query json, sort json,
                                                skip integer, "limit" integer)
RETURNS incoming_call_log.list_result
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET request.headers = ''
AS $$
BEGIN
    PERFORM set_config('request.headers', coalesce(headers, ''), true);
    RETURN incoming_call_log.get_list("select", query, sort, skip, "limit");
END
$$;

CREATE FUNCTION incoming_call_log_node.get_item(headers text, id text, "select" json)
RETURNS json
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET request.headers = ''
AS $$
BEGIN
    PERFORM set_config('request.headers', coalesce(headers, ''), true);
    RETURN incoming_call_log.get_item(id, "select");
END
$$;

CREATE FUNCTION incoming_call_log_node.count(headers text, query json)
RETURNS incoming_call_log.count_result
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET request.headers = ''
AS $$
BEGIN
    PERFORM set_config('request.headers', coalesce(headers, ''), true);
    RETURN incoming_call_log.count(query);
END
$$;

COMMENT ON FUNCTION incoming_call_log_node.get_list(text, json, json, json, integer, integer) IS
'incoming_call_log.get_list with request.headers given as the first argument (the PL/Proxy router''s forward)';
COMMENT ON FUNCTION incoming_call_log_node.get_item(text, text, json) IS
'incoming_call_log.get_item with request.headers given as the first argument (the PL/Proxy router''s forward)';
COMMENT ON FUNCTION incoming_call_log_node.count(text, json) IS
'incoming_call_log.count with request.headers given as the first argument (the PL/Proxy router''s forward)';

-- What the router's directory is rebuilt from (refresh_directory): which
-- projects live here, the hash and project of every key, which roles hold
-- grants on which project, and who is an admin.  Permissions, expiry and
-- revocation stay here: the router routes, the node decides.  Not
-- executable by PUBLIC: the router's refresh connects as the owner.
CREATE FUNCTION incoming_call_log_node.directory(OUT kind text, OUT project_id uuid, OUT key_hash bytea, OUT role text)
RETURNS SETOF record
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT 'project', p.id, NULL::bytea, NULL FROM incoming_call_log.project p
    UNION ALL
    SELECT 'key', k.project_id, k.key_hash, NULL FROM incoming_call_log.api_key k
    UNION ALL
    SELECT 'grant', g.project_id, NULL, r.rolname::text
      FROM incoming_call_log.access_grant g JOIN pg_roles r ON r.oid = g.role
    UNION ALL
    SELECT 'admin', NULL, NULL, r.rolname::text
      FROM incoming_call_log.role_capability c JOIN pg_roles r ON r.oid = c.role
     WHERE c.capability = 'admin'
    UNION ALL
    SELECT 'admin', NULL, NULL, r.rolname::text                 -- the owner's members are admins too
      FROM pg_extension e JOIN pg_roles r ON r.oid = e.extowner
     WHERE e.extname = 'incoming_call_log'
$$;
REVOKE ALL ON FUNCTION incoming_call_log_node.directory() FROM PUBLIC;

-- grant_caller(role): what a role the router forwards for needs here (it
-- connects as that role): USAGE on this schema, EXECUTE on the three
-- forwards, and what a caller of the extension itself needs.
CREATE FUNCTION incoming_call_log_node.grant_caller(role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA incoming_call_log, incoming_call_log_node TO %s', role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                    incoming_call_log.get_item(text, json), incoming_call_log.count(json),
                    incoming_call_log_node.get_list(text, json, json, json, integer, integer),
                    incoming_call_log_node.get_item(text, text, json),
                    incoming_call_log_node.count(text, json) TO %s', role);
END
$$;
REVOKE ALL ON FUNCTION incoming_call_log_node.grant_caller(regrole) FROM PUBLIC;
