-- test/scaling.sql — what a call reads does not grow with other callers'
-- data (issue 7, defect 5): a role's access is resolved through its own
-- memberships and the role index of access_grant / role_capability, never a
-- scan of every grant.  Measured with the transaction's own table
-- statistics (pg_stat_xact_user_tables), not with time.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(12);

-- 20000 grants of other roles (by oid: grants of roles that do not exist
-- any more look exactly like this) on the three projects.
INSERT INTO incoming_call_log.access_grant (project_id, role, permissions)
SELECT p, (1000000 + g)::oid::regrole, '{ProjectMember}'
  FROM generate_series(1, 20000) g,
       LATERAL (SELECT (ARRAY[:'A', :'B', :'C']::uuid[])[1 + g % 3] AS p) x;
INSERT INTO incoming_call_log.role_capability (role, capability)
SELECT (2000000 + g)::oid::regrole, 'admin' FROM generate_series(1, 5000) g;
ANALYZE incoming_call_log.access_grant;
ANALYZE incoming_call_log.role_capability;

CREATE ROLE icl_s_one;
CREATE ROLE icl_s_group;
CREATE ROLE icl_s_member IN ROLE icl_s_group;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_s_one, icl_s_member;
GRANT EXECUTE ON FUNCTION incoming_call_log.count(json), incoming_call_log.get_list(json, json, json, integer, integer)
    TO icl_s_one, icl_s_member;
SELECT incoming_call_log.grant_access('icl_s_one', :'A', '{ProjectMember}');
SELECT incoming_call_log.grant_access('icl_s_group', :'B', '{ReadProjectIncomingCallLog}');

-- Rows of a table read so far in this transaction, by any scan.
CREATE FUNCTION pg_temp.rows_read(tbl text) RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
      FROM pg_catalog.pg_stat_xact_user_tables
     WHERE schemaname = 'incoming_call_log' AND relname = tbl
$$;
CREATE FUNCTION pg_temp.seq_scans(tbl text) RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(seq_scan, 0) FROM pg_catalog.pg_stat_xact_user_tables
     WHERE schemaname = 'incoming_call_log' AND relname = tbl
$$;

-- Warm up (plans prepared), then measure one call of each kind.
SET LOCAL ROLE icl_s_one;
SELECT pg_temp.headers();
SELECT incoming_call_log.count();
RESET ROLE;
SELECT pg_temp.rows_read('access_grant') AS grants_before, pg_temp.seq_scans('access_grant') AS grant_scans_before,
       pg_temp.rows_read('role_capability') AS caps_before, pg_temp.seq_scans('role_capability') AS cap_scans_before \gset

SET LOCAL ROLE icl_s_one;
SELECT is((incoming_call_log.count()).count, 12::bigint, 'a role with one grant among 20000 reads its project (no tenantid)');
SELECT pg_temp.headers(tenantid => :'A');
SELECT is((incoming_call_log.count()).count, 12::bigint, 'and naming it in tenantid');
RESET ROLE;
SELECT cmp_ok(pg_temp.rows_read('access_grant') - :grants_before, '<=', 4::bigint,
              'those two calls read at most 4 access_grant rows, not the 20000 others');
SELECT is(pg_temp.seq_scans('access_grant') - :grant_scans_before, 0::bigint, 'and never scanned access_grant');
SELECT cmp_ok(pg_temp.rows_read('role_capability') - :caps_before, '<=', 2::bigint,
              'the admin check read no capability of the 5000 other roles');
SELECT is(pg_temp.seq_scans('role_capability') - :cap_scans_before, 0::bigint, 'and never scanned role_capability');

-- Through membership.
SELECT pg_temp.rows_read('access_grant') AS grants_before, pg_temp.seq_scans('access_grant') AS grant_scans_before \gset
SET LOCAL ROLE icl_s_member;
SELECT pg_temp.headers();
SELECT is((incoming_call_log.count()).count, 5::bigint, 'a member of a granted group reads the group''s project');
RESET ROLE;
SELECT cmp_ok(pg_temp.rows_read('access_grant') - :grants_before, '<=', 2::bigint,
              'resolving through membership read at most the group''s grant');
SELECT is(pg_temp.seq_scans('access_grant') - :grant_scans_before, 0::bigint, 'and never scanned access_grant');

-- The row-level-security helper resolves the same way.
GRANT SELECT ON incoming_call_log.call_log TO icl_s_one;
SELECT pg_temp.rows_read('access_grant') AS grants_before, pg_temp.seq_scans('access_grant') AS grant_scans_before \gset
SET LOCAL ROLE icl_s_one;
SELECT pg_temp.headers();
SELECT is((SELECT count(*) FROM incoming_call_log.call_log), 12::bigint, 'a direct reader sees its project''s rows');
RESET ROLE;
SELECT cmp_ok(pg_temp.rows_read('access_grant') - :grants_before, '<=', 2::bigint,
              'the policy''s resolution read at most the role''s own grant');
SELECT is(pg_temp.seq_scans('access_grant') - :grant_scans_before, 0::bigint, 'and never scanned access_grant');

SELECT * FROM finish();
ROLLBACK;
