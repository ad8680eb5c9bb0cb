/*
 * incoming_call_log 0.2.0 -> 0.3.0 - update script (ALTER EXTENSION
 * incoming_call_log UPDATE).
 *
 * Brings a 0.2.0 installation to exactly what incoming_call_log--0.3.0.sql
 * installs (test/upgrade/run compares the two catalogs).  It grants and
 * revokes only on objects it creates itself: a blanket REVOKE here would
 * rewrite pg_init_privs, and pg_dump would then silently drop the DBA's own
 * GRANTs to gateway roles.
 */

\echo Use "ALTER EXTENSION incoming_call_log UPDATE TO '0.3.0'" to load this file. \quit

-------------------------------------------------------------------------------
-- The install precondition (PostgreSQL's "Security Considerations for
-- Extensions", CVE-2023-39417).  The control file names the schema, and
-- CREATE EXTENSION installed into it if it already existed, whoever owned it.
-- Its owner could then rename it away and put look-alike objects under the
-- names the C module reads with the extension owner's rights.  So the
-- update refuses a schema that is not owned by the updating role or a
-- superuser; anything else stops
-- here, before any object is created.  Every name below is qualified: this
-- runs with the schema first in search_path.
-------------------------------------------------------------------------------

DO $icl_guard$
DECLARE
    schema_owner oid;
BEGIN
    SELECT n.nspowner INTO schema_owner
      FROM pg_catalog.pg_namespace n
     WHERE n.nspname OPERATOR(pg_catalog.=) 'incoming_call_log';
    IF schema_owner IS NOT NULL
       AND schema_owner OPERATOR(pg_catalog.<>) (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER)
       AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) schema_owner)
    THEN
        RAISE EXCEPTION 'schema incoming_call_log is owned by role %, not by the installing role or a superuser',
              pg_catalog.quote_ident((SELECT r.rolname::text FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) schema_owner))
            USING ERRCODE = '42501',
                  DETAIL = 'The owner of the schema could replace the extension''s objects and run code with the installing role''s rights.',
                  HINT = 'Drop the schema, or make the installing role its owner (ALTER SCHEMA incoming_call_log OWNER TO CURRENT_USER), after checking what it holds.';
    END IF;
END
$icl_guard$;

-------------------------------------------------------------------------------
-- 0.3.0: the parts each feature adds, in the order of the install script.
-- Each object created here has its own REVOKE ... FROM PUBLIC.
-------------------------------------------------------------------------------

-- == 0.3.0 security (issue 15) ==

-- == 0.3.0 first hour (issue 16) ==

-- == 0.3.0 keys and access (issue 18) ==

-- The prefix of each new key (0.2.0 keys have no secret to take it from:
-- their prefix stays null).
ALTER TABLE incoming_call_log.api_key
    ADD COLUMN prefix text CONSTRAINT api_key_prefix_length CHECK (char_length(prefix) = 12);

COMMENT ON COLUMN incoming_call_log.api_key.prefix IS
'The first 12 characters of the secret ("icl_" and 8 hex digits): names a key without being enough to use it; null for keys made before 0.3.0';

-- create_api_key and revoke_api_key check the real caller's authority
-- themselves now (a role may manage one project's keys), so they are
-- SECURITY INVOKER and switch to the owner's rights inside, as grant_access.
ALTER FUNCTION incoming_call_log.create_api_key(uuid, text[], timestamptz, text) SECURITY INVOKER;
ALTER FUNCTION incoming_call_log.revoke_api_key(text) SECURITY INVOKER;

COMMENT ON FUNCTION incoming_call_log.create_api_key(uuid, text[], timestamptz, text) IS
'Create an API key for a project and return its secret (shown once; only its SHA-256 and its 12-character prefix are stored); allowed to the extension owner, superusers, and roles holding ProjectOwner or ProjectAdmin on the project (ProjectOwner for a key carrying ProjectOwner)';

COMMENT ON FUNCTION incoming_call_log.revoke_api_key(text) IS
'Revoke a key at once, named by its secret or its id; true when this call revoked a live or expired key, false for an unknown, already revoked or not manageable key; same authority as create_api_key';

-- revoke_api_key and rotate_api_key find a key by its id alone (the
-- primary key leads with project_id).
CREATE INDEX api_key_id_idx ON incoming_call_log.api_key (id);

CREATE FUNCTION incoming_call_log.list_api_keys(project_id uuid DEFAULT NULL)
RETURNS TABLE (
    id           uuid,
    project_id   uuid,
    name         text,
    permissions  text[],
    prefix       text,
    created_at   timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz)
AS 'MODULE_PATHNAME', 'icl_list_api_keys'
LANGUAGE C STABLE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.list_api_keys(uuid) IS
'The API keys of a project (of every project the caller manages when null), never their secrets or hashes; prefix is the secret''s first 12 characters (null for keys made before 0.3.0); same authority as create_api_key';

CREATE FUNCTION incoming_call_log.rotate_api_key(id uuid, overlap interval DEFAULT '1 day')
RETURNS text
AS 'MODULE_PATHNAME', 'icl_rotate_api_key'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.rotate_api_key(uuid, interval) IS
'Make a new key for the same project, permissions and name, made for as long as the old one was (counted from now), and return its secret; the old key expires after overlap (at once for ''0''); 22023 for an unknown, revoked or expired key; same authority as create_api_key';

CREATE FUNCTION incoming_call_log.access_overview(project_id uuid DEFAULT NULL)
RETURNS TABLE (
    project_id   uuid,
    way          text,
    role         name,
    through      name,
    can_login    boolean,
    permissions  text[],
    key_id       uuid,
    key_prefix   text,
    key_name     text,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    live         boolean)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $icl_overview$
WITH RECURSIVE
-- What is given to a role, before memberships: a project's grant, a
-- capability (every project), the extension's ownership (every project).
given (project_id, way, given_to, permissions) AS (
    SELECT g.project_id, 'grant', g.role::oid, g.permissions
      FROM incoming_call_log.access_grant g
     WHERE $1 IS NULL OR g.project_id = $1
    UNION ALL
    SELECT NULL::uuid, c.capability, c.role::oid, NULL::text[]
      FROM incoming_call_log.role_capability c
    UNION ALL
    SELECT NULL::uuid, 'owner', e.extowner, NULL::text[]
      FROM pg_catalog.pg_extension e
     WHERE e.extname = 'incoming_call_log'
),
-- Every role that is, directly or not, a member of a role given something.
reach (given_to, member) AS (
    SELECT DISTINCT g.given_to, g.given_to FROM given g
    UNION
    SELECT r.given_to, m.member
      FROM reach r JOIN pg_catalog.pg_auth_members m ON m.roleid = r.member
)
SELECT k.project_id, 'api_key', NULL::name, NULL::name, NULL::boolean, k.permissions,
       k.id, k.prefix, k.name, k.expires_at, k.revoked_at,
       k.revoked_at IS NULL AND k.expires_at > pg_catalog.now()
  FROM incoming_call_log.api_key k
 WHERE $1 IS NULL OR k.project_id = $1
UNION ALL
-- a member holds what is given to a role only where it inherits its privileges
SELECT g.project_id, g.way, holder.rolname, given_to.rolname, holder.rolcanlogin, g.permissions,
       NULL, NULL, NULL, NULL, NULL, true
  FROM given g
  JOIN reach r ON r.given_to = g.given_to
  JOIN pg_catalog.pg_roles holder ON holder.oid = r.member
  JOIN pg_catalog.pg_roles given_to ON given_to.oid = g.given_to
 WHERE pg_catalog.pg_has_role(r.member, g.given_to, 'USAGE')
UNION ALL
-- superusers bypass everything; BYPASSRLS roles read every row of a table
-- they hold SELECT on
SELECT NULL, CASE WHEN s.rolsuper THEN 'superuser' ELSE 'bypassrls' END, s.rolname, s.rolname,
       s.rolcanlogin, NULL, NULL, NULL, NULL, NULL, NULL, true
  FROM pg_catalog.pg_roles s
 WHERE s.rolsuper
    OR (s.rolbypassrls
        AND pg_catalog.has_table_privilege(s.oid, 'incoming_call_log.call_log', 'SELECT'))
ORDER BY 1 NULLS FIRST, 2, 3, 4, 8
$icl_overview$;

COMMENT ON FUNCTION incoming_call_log.access_overview(uuid) IS
'For DBAs: every way into a project (every project when null): its API keys (prefix, permissions, expiry, revocation, live), the roles holding a grant on it directly or through membership, the roles holding the admin or writer capability or the extension owner''s rights (project_id null: every project), superusers and BYPASSRLS readers';

REVOKE ALL ON FUNCTION incoming_call_log.list_api_keys(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.rotate_api_key(uuid, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.access_overview(uuid) FROM PUBLIC;

-- == 0.3.0 usage statistics (issue 18) ==
-- Kept in shared memory by src/usage_stats.c when the library is in
-- shared_preload_libraries (doc/usage-statistics.md); without it these
-- raise 55000.  Nobody may execute or read them until a DBA grants them.

CREATE FUNCTION incoming_call_log.usage_statistics(
    OUT dbid oid,
    OUT caller_kind text,
    OUT role oid,
    OUT key_id uuid,
    OUT project_id uuid,
    OUT api_call text,
    OUT calls bigint,
    OUT refused_pt401 bigint,
    OUT refused_pt403 bigint,
    OUT refused_pt404 bigint,
    OUT refused_22023 bigint,
    OUT failed_other bigint,
    OUT total_time_ms double precision,
    OUT max_time_ms double precision,
    OUT rows bigint,
    OUT first_call timestamptz,
    OUT last_call timestamptz)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'icl_usage_statistics'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

COMMENT ON FUNCTION incoming_call_log.usage_statistics() IS
'Usage statistics of the API calls in every database: one row per caller (API key by id, or role by oid), project and call; needs shared_preload_libraries';

CREATE FUNCTION incoming_call_log.usage_statistics_info(
    OUT entries integer,
    OUT max_entries integer,
    OUT evictions bigint,
    OUT stats_reset timestamptz)
RETURNS record
AS 'MODULE_PATHNAME', 'icl_usage_statistics_info'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

COMMENT ON FUNCTION incoming_call_log.usage_statistics_info() IS
'The usage statistics themselves: entries kept, the bound, entries evicted to make room, and when they were last reset';

CREATE FUNCTION incoming_call_log.reset_usage_statistics()
RETURNS void
AS 'MODULE_PATHNAME', 'icl_reset_usage_statistics'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

COMMENT ON FUNCTION incoming_call_log.reset_usage_statistics() IS
'Remove every usage statistics entry (all databases) and zero the evictions';

-- The view reads api_key and project with its owner's rights: whoever is
-- granted SELECT on it (and EXECUTE on usage_statistics()) sees the names of
-- every key and project that was called in this database.
CREATE VIEW incoming_call_log.usage AS
SELECT s.caller_kind,
       s.key_id,
       k.name AS key_name,
       r.rolname AS role_name,
       s.project_id,
       p.name AS project_name,
       s.api_call,
       s.calls,
       s.refused_pt401,
       s.refused_pt403,
       s.refused_pt404,
       s.refused_22023,
       s.failed_other,
       s.total_time_ms,
       CASE WHEN s.calls OPERATOR(pg_catalog.>) 0
            THEN s.total_time_ms OPERATOR(pg_catalog./) s.calls END AS mean_time_ms,
       s.max_time_ms,
       s.rows,
       s.first_call,
       s.last_call
  FROM incoming_call_log.usage_statistics() s
  LEFT JOIN incoming_call_log.api_key k
         ON k.project_id OPERATOR(pg_catalog.=) s.project_id AND k.id OPERATOR(pg_catalog.=) s.key_id
  LEFT JOIN incoming_call_log.project p ON p.id OPERATOR(pg_catalog.=) s.project_id
  LEFT JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) s.role
 WHERE s.dbid OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                        WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database());

COMMENT ON VIEW incoming_call_log.usage IS
'Usage statistics of the API calls in this database, with key, role and project names: one row per caller, project and call';

REVOKE ALL ON FUNCTION incoming_call_log.usage_statistics() FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.usage_statistics_info() FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.reset_usage_statistics() FROM PUBLIC;
REVOKE ALL ON incoming_call_log.usage FROM PUBLIC;

-- == 0.3.0 cursors and changes (issue 19) ==

-- == 0.3.0 aggregates (issue 20) ==

-- == 0.3.0 following OneUptime (issue 17) ==

-- == 0.3.0 end of sections ==

