-- test/upgrade/grants.sql — every privilege held by a role of roles.sql
-- (icl_u_*), on any object of the database, one line per object and
-- grantee: the DBA's GRANTs and those grant_writer made.  Names, never oids.
\set ON_ERROR_STOP 1
\set QUIET on
\pset format unaligned
\pset tuples_only on
SET search_path = pg_catalog;
WITH acls(object, acl) AS (
    SELECT 'schema ' || quote_ident(nspname), nspacl FROM pg_namespace
    UNION ALL
    SELECT 'relation ' || oid::regclass::text, relacl FROM pg_class
    UNION ALL
    SELECT 'column ' || attrelid::regclass::text || '.' || quote_ident(attname), attacl FROM pg_attribute WHERE attacl IS NOT NULL
    UNION ALL
    SELECT 'function ' || oid::regprocedure::text, proacl FROM pg_proc
    UNION ALL
    SELECT 'type ' || format_type(oid, NULL), typacl FROM pg_type
    UNION ALL
    SELECT 'language ' || quote_ident(lanname), lanacl FROM pg_language
)
SELECT line FROM (
SELECT format('%s: %s %s', a.object, e.grantee::regrole,
              string_agg(e.privilege_type || CASE WHEN e.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
                         || ' (by ' || e.grantor::regrole || ')', ', ' ORDER BY e.privilege_type))
  FROM acls a, aclexplode(a.acl) e
 WHERE e.grantee <> 0 AND e.grantee::regrole::text LIKE 'icl\_u\_%'
 GROUP BY a.object, e.grantee) AS l(line)
 ORDER BY line COLLATE "C";
