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

-- == 0.3.0 cursors and changes (issue 19) ==

-- == 0.3.0 aggregates (issue 20) ==

-- get_aggregate (SPEC section 8): counts, sums, averages, extremes and percentiles
-- by group and UTC time bucket, under count's caller checks and errors.
-- SECURITY INVOKER, search_path not pinned, like the three calls.
CREATE TYPE incoming_call_log.aggregate_result AS (
    data  json,
    more  boolean
);

COMMENT ON TYPE incoming_call_log.aggregate_result IS
'get_aggregate response: {"data": [groups], "more": true when more groups matched than "limit"}';

CREATE FUNCTION incoming_call_log.get_aggregate(
    query      json    DEFAULT NULL,
    "groupBy"  json    DEFAULT NULL,
    aggregate  json    DEFAULT NULL,
    sort       json    DEFAULT NULL,
    "limit"    integer DEFAULT NULL)
RETURNS incoming_call_log.aggregate_result
AS 'MODULE_PATHNAME', 'icl_get_aggregate'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_aggregate(json, json, json, json, integer) IS
'Groups of the caller''s call logs matching query: groupBy (up to 4 fields, dates by UTC "Minute".."Year"), aggregate (count; Sum, Avg, Min, Max, P50-P99), sort, limit (1-1000, default 100)';

CREATE FUNCTION incoming_call_log.get_aggregate_csv(
    query      json    DEFAULT NULL,
    "groupBy"  json    DEFAULT NULL,
    aggregate  json    DEFAULT NULL,
    sort       json    DEFAULT NULL,
    "limit"    integer DEFAULT NULL)
RETURNS incoming_call_log."text/csv"
AS 'MODULE_PATHNAME', 'icl_get_aggregate_csv'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_aggregate_csv(json, json, json, json, integer) IS
'get_aggregate as CSV: the groupBy keys, count, field.Measure columns under a header line, one line per group';

CREATE FUNCTION incoming_call_log.explain_aggregate(
    query      json    DEFAULT NULL,
    "groupBy"  json    DEFAULT NULL,
    aggregate  json    DEFAULT NULL,
    sort       json    DEFAULT NULL,
    "limit"    integer DEFAULT NULL,
    "analyze"  boolean DEFAULT false)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'icl_explain_aggregate'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.explain_aggregate(json, json, json, json, integer, boolean) IS
'For DBAs: the statement and plan get_aggregate runs for this request and caller (EXPLAIN ANALYZE with "analyze" => true)';

REVOKE ALL ON FUNCTION incoming_call_log.get_aggregate(json, json, json, json, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.get_aggregate_csv(json, json, json, json, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.explain_aggregate(json, json, json, json, integer, boolean) FROM PUBLIC;

-- == 0.3.0 following OneUptime (issue 17) ==

-- == 0.3.0 end of sections ==

