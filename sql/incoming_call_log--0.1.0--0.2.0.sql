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
