/*
 * incoming_call_log 0.2.0 -> 0.3.0 — update script (ALTER EXTENSION
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

-- DROP EXTENSION no longer deletes the call logs without a word
-- (doc/uninstall.md): while call_log has rows, an event trigger refuses
-- DROP EXTENSION incoming_call_log and DROP SCHEMA incoming_call_log CASCADE
-- unless the transaction first ran confirm_drop().
CREATE FUNCTION incoming_call_log.confirm_drop()
RETURNS text
AS 'MODULE_PATHNAME', 'icl_confirm_drop'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

REVOKE ALL ON FUNCTION incoming_call_log.confirm_drop() FROM PUBLIC;

COMMENT ON FUNCTION incoming_call_log.confirm_drop() IS
'Allow DROP EXTENSION incoming_call_log until the end of this transaction, and say how many call logs, keys and projects it deletes';

CREATE FUNCTION incoming_call_log_internal.drop_guard()
RETURNS event_trigger
AS 'MODULE_PATHNAME', 'icl_drop_guard'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;

REVOKE ALL ON FUNCTION incoming_call_log_internal.drop_guard() FROM PUBLIC;

COMMENT ON FUNCTION incoming_call_log_internal.drop_guard() IS
'Event trigger: refuse DROP EXTENSION incoming_call_log (or DROP SCHEMA incoming_call_log CASCADE) while call_log has rows, unless confirm_drop() ran in the transaction';

CREATE EVENT TRIGGER incoming_call_log_drop_guard ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA')
    EXECUTE FUNCTION incoming_call_log_internal.drop_guard();

COMMENT ON EVENT TRIGGER incoming_call_log_drop_guard IS
'Refuses to drop incoming_call_log while call_log has rows, unless incoming_call_log.confirm_drop() ran in the transaction (doc/uninstall.md)';

-- == 0.3.0 keys and access (issue 18) ==

-- == 0.3.0 cursors and changes (issue 19) ==

-- == 0.3.0 aggregates (issue 20) ==

-- == 0.3.0 following OneUptime (issue 17) ==

-- == 0.3.0 end of sections ==

