/*
 * incoming_call_log 0.1.0 -> 0.2.0 — update script (ALTER EXTENSION
 * incoming_call_log UPDATE).
 *
 * Brings a 0.1.0 installation to exactly what incoming_call_log--0.2.0.sql
 * installs (test/upgrade/run compares the two catalogs).  It grants and
 * revokes only on objects it creates itself: a blanket REVOKE here would
 * rewrite pg_init_privs, and pg_dump would then silently drop the DBA's own
 * GRANTs to gateway roles.
 */

\echo Use "ALTER EXTENSION incoming_call_log UPDATE TO '0.2.0'" to load this file. \quit

-------------------------------------------------------------------------------
-- The exposed schema holds only the API (issue "served by real gateways"):
-- helpers move to incoming_call_log_internal.  SET SCHEMA keeps each
-- function's oid and privileges, so the rules, triggers and policies that
-- call them by oid go on working unchanged.
-------------------------------------------------------------------------------

CREATE SCHEMA incoming_call_log_internal;

COMMENT ON SCHEMA incoming_call_log_internal IS
'incoming_call_log''s internal helpers (rules, triggers, row-level-security functions); not an API, never exposed by a gateway';

REVOKE ALL ON SCHEMA incoming_call_log_internal FROM PUBLIC;

ALTER FUNCTION incoming_call_log.is_valid_phone(text) SET SCHEMA incoming_call_log_internal;
ALTER FUNCTION incoming_call_log.permissions_are_known(text[]) SET SCHEMA incoming_call_log_internal;
ALTER FUNCTION incoming_call_log.maintain_updated_at() SET SCHEMA incoming_call_log_internal;
ALTER FUNCTION incoming_call_log.api_key_changed() SET SCHEMA incoming_call_log_internal;
ALTER FUNCTION incoming_call_log.caller_project_id() SET SCHEMA incoming_call_log_internal;
ALTER FUNCTION incoming_call_log.caller_is_writer() SET SCHEMA incoming_call_log_internal;

-------------------------------------------------------------------------------
-- grant_access / revoke_access are no longer executable by PUBLIC: a DBA
-- grants them to the roles that manage projects.  They are created anew
-- rather than revoked from, because this script changes the privileges only
-- of objects it creates (0.1.0 let every role execute them, so no DBA grant
-- on them is lost).
-------------------------------------------------------------------------------

DROP FUNCTION incoming_call_log.grant_access(regrole, uuid, text[]);
DROP FUNCTION incoming_call_log.revoke_access(regrole, uuid);

CREATE FUNCTION incoming_call_log.grant_access(role regrole, project_id uuid, permissions text[])
RETURNS void
AS 'MODULE_PATHNAME', 'icl_grant_access'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.grant_access(regrole, uuid, text[]) IS
'Give a database role these permissions on a project (replacing what it held there); allowed to the extension owner, superusers, and roles holding ProjectOwner or ProjectAdmin on the project; not executable by PUBLIC: the DBA grants EXECUTE to the roles that manage projects';

CREATE FUNCTION incoming_call_log.revoke_access(role regrole, project_id uuid)
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_revoke_access'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.revoke_access(regrole, uuid) IS
'Remove a database role''s access to a project; true when it had some; same authority as grant_access';

REVOKE ALL ON FUNCTION incoming_call_log.grant_access(regrole, uuid, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.revoke_access(regrole, uuid) FROM PUBLIC;

-------------------------------------------------------------------------------
-- CSV forms of the three calls (SPEC §6): the same arguments, caller checks,
-- semantics and errors, the answer as CSV.  The domain's name is the media
-- type: PostgREST 12 and later serve a function returning it, for a request
-- with "Accept: text/csv", as Content-Type: text/csv.
-------------------------------------------------------------------------------

CREATE DOMAIN incoming_call_log."text/csv" AS text;

COMMENT ON DOMAIN incoming_call_log."text/csv" IS
'CSV text: a header line, then one line per object, RFC 4180 quoting, LF after every line; PostgREST 12+ serves a function returning this domain as text/csv';

CREATE FUNCTION incoming_call_log.get_list_csv(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    sort      json    DEFAULT NULL,
    skip      integer DEFAULT NULL,
    "limit"   integer DEFAULT NULL)
RETURNS incoming_call_log."text/csv"
AS 'MODULE_PATHNAME', 'icl_get_list_csv'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_list_csv(json, json, json, integer, integer) IS
'get_list as CSV: the page''s rows under a header line; sets response.headers to [{"Content-Range": "FIRST-LAST/COUNT"}]';

CREATE FUNCTION incoming_call_log.get_item_csv(
    id        text,
    "select"  json DEFAULT NULL)
RETURNS incoming_call_log."text/csv"
AS 'MODULE_PATHNAME', 'icl_get_item_csv'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_item_csv(text, json) IS
'get_item as CSV: a header line and one line';

CREATE FUNCTION incoming_call_log.count_csv(
    query  json DEFAULT NULL)
RETURNS incoming_call_log."text/csv"
AS 'MODULE_PATHNAME', 'icl_count_csv'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.count_csv(json) IS
'count as CSV: the header "count" and the number';

REVOKE ALL ON FUNCTION incoming_call_log.get_list_csv(json, json, json, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.get_item_csv(text, json) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.count_csv(json) FROM PUBLIC;

-------------------------------------------------------------------------------
-- For DBAs: what a call does with a request.  The call's own arguments
-- (plus analyze), the same caller checks, the same statement and plan;
-- returns the caller, how the shape is planned, the statement, its
-- parameters and EXPLAIN's text (ANALYZE and BUFFERS with "analyze" => true,
-- which runs it read-only).  Not executable by PUBLIC.
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log.explain_list(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    sort      json    DEFAULT NULL,
    skip      integer DEFAULT NULL,
    "limit"   integer DEFAULT NULL,
    "analyze" boolean DEFAULT false)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'icl_explain_list'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.explain_list(json, json, json, integer, integer, boolean) IS
'For DBAs: the statement and plan get_list runs for this request and caller (EXPLAIN ANALYZE with "analyze" => true)';

CREATE FUNCTION incoming_call_log.explain_item(
    id        text,
    "select"  json    DEFAULT NULL,
    "analyze" boolean DEFAULT false)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'icl_explain_item'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.explain_item(text, json, boolean) IS
'For DBAs: the statement and plan get_item runs for this request and caller (EXPLAIN ANALYZE with "analyze" => true)';

CREATE FUNCTION incoming_call_log.explain_count(
    query     json    DEFAULT NULL,
    "analyze" boolean DEFAULT false)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'icl_explain_count'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.explain_count(json, boolean) IS
'For DBAs: the statement and plan count runs for this request and caller (EXPLAIN ANALYZE with "analyze" => true)';

REVOKE ALL ON FUNCTION incoming_call_log.explain_list(json, json, json, integer, integer, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.explain_item(text, json, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.explain_count(json, boolean) FROM PUBLIC;

-------------------------------------------------------------------------------
-- The writer policies apply TO the writer roles only, kept so by a trigger
-- on role_capability (a reader's policy OR'ed with a writer's is a condition
-- no index serves).  sync_writer_policies() applies them to today's writers.
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log_internal.sync_writer_policies()
RETURNS void
AS 'MODULE_PATHNAME', 'icl_sync_writer_policies'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log_internal.sync_writer_policies() IS
'Apply the writer policies of project, app_user, call_policy and call_log TO exactly the roles holding the writer capability (the extension owner when none does)';

CREATE FUNCTION incoming_call_log_internal.writers_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_writers_changed'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log_internal.writers_changed() IS
'AFTER trigger on role_capability: the writer policies follow the writer capability (grant_writer, revoke_writer, a restored dump, a replicated change)';

REVOKE ALL ON FUNCTION incoming_call_log_internal.sync_writer_policies() FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log_internal.writers_changed() FROM PUBLIC;

CREATE TRIGGER role_capability_changed
    AFTER INSERT OR UPDATE OR DELETE ON incoming_call_log.role_capability
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.writers_changed();
CREATE TRIGGER role_capability_truncated
    AFTER TRUNCATE ON incoming_call_log.role_capability
    FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.writers_changed();
ALTER TABLE incoming_call_log.role_capability ENABLE ALWAYS TRIGGER role_capability_changed;
ALTER TABLE incoming_call_log.role_capability ENABLE ALWAYS TRIGGER role_capability_truncated;

SELECT incoming_call_log_internal.sync_writer_policies();

-------------------------------------------------------------------------------
-- The calls no longer pin search_path (a GUC nest level on every call, a
-- tenth of a get_item): every name in their statements is schema-qualified,
-- so the caller's search_path cannot reach them (test/search_path.sql).
-------------------------------------------------------------------------------

ALTER FUNCTION incoming_call_log.get_list(json, json, json, integer, integer) RESET search_path;
ALTER FUNCTION incoming_call_log.get_item(text, json) RESET search_path;
ALTER FUNCTION incoming_call_log.count(json) RESET search_path;
