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

-- The secret that signs the cursors of get_page (SPEC section 7).  In the internal
-- schema, with no privilege for anyone and row-level security without a
-- policy: only the extension owner reads it (the calls do, with its rights).
-- A table, so standbys have it and a position made on the primary opens
-- there; registered for pg_dump, so cursors survive a dump and restore
-- (the restore's CREATE EXTENSION adds a fresh secret, which signs from then
-- on; the restored one still opens).  rotate_cursor_secret replaces it.
CREATE TABLE incoming_call_log_internal.cursor_secret (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    secret      bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    CONSTRAINT cursor_secret_pkey PRIMARY KEY (id),
    CONSTRAINT cursor_secret_length CHECK (octet_length(secret) >= 32)
);

ALTER TABLE incoming_call_log_internal.cursor_secret ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE incoming_call_log_internal.cursor_secret IS
'HMAC-SHA256 keys of get_page''s cursors: the newest without expires_at signs, every one not yet expired verifies; rotate with incoming_call_log.rotate_cursor_secret()';

-- 32 bytes from two version-4 uuids: 244 bits of pg_strong_random.
CREATE FUNCTION incoming_call_log_internal.new_cursor_secret()
RETURNS bytea
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.decode(pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex');

COMMENT ON FUNCTION incoming_call_log_internal.new_cursor_secret() IS
'32 random bytes (244 bits from pg_strong_random) for a new cursor secret';

INSERT INTO incoming_call_log_internal.cursor_secret (secret)
    VALUES (incoming_call_log_internal.new_cursor_secret());

SELECT pg_catalog.pg_extension_config_dump('incoming_call_log_internal.cursor_secret', '');

CREATE FUNCTION incoming_call_log.rotate_cursor_secret(overlap interval DEFAULT '1 day')
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $icl$
BEGIN
    IF overlap IS NULL OR overlap < '0'::interval THEN
        RAISE EXCEPTION 'overlap must be 0 or more, not %', coalesce(overlap::text, 'null')
            USING ERRCODE = '22023';
    END IF;
    DELETE FROM incoming_call_log_internal.cursor_secret WHERE expires_at <= now();
    UPDATE incoming_call_log_internal.cursor_secret
       SET expires_at = least(coalesce(expires_at, 'infinity'), now() + overlap);
    DELETE FROM incoming_call_log_internal.cursor_secret WHERE expires_at <= now();
    INSERT INTO incoming_call_log_internal.cursor_secret (secret)
        VALUES (incoming_call_log_internal.new_cursor_secret());
END
$icl$;

COMMENT ON FUNCTION incoming_call_log.rotate_cursor_secret(interval) IS
'For the extension owner: a new secret signs get_page''s cursors from now on; cursors signed before keep working for overlap (default 1 day; 0: refused at once)';

CREATE TYPE incoming_call_log.page_result AS (
    data  json,
    next  text
);

COMMENT ON TYPE incoming_call_log.page_result IS
'get_page response: {"data": [projected objects], "next": cursor of the following page, or null}';

CREATE FUNCTION incoming_call_log.get_page(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    sort      json    DEFAULT NULL,
    "limit"   integer DEFAULT NULL,
    "after"   text    DEFAULT NULL)
RETURNS incoming_call_log.page_result
AS 'MODULE_PATHNAME', 'icl_get_page'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_page(json, json, json, integer, text) IS
'One page of call logs of the caller''s project strictly after the cursor "after" (from the first row when null): select, query, sort as get_list, limit 1-100 (default 10); next is the cursor of the following page, null at the end';

REVOKE ALL ON FUNCTION incoming_call_log_internal.new_cursor_secret() FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.rotate_cursor_secret(interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION incoming_call_log.get_page(json, json, json, integer, text) FROM PUBLIC;

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

