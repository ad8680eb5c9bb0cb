-- test/roles.sql — SQL roles as callers (issue 3, "Database roles as
-- callers"; README "Who is calling").
--
-- Without an API key the caller is the role in effect (SET LOCAL ROLE, as
-- PostgREST does it), its projects come from grant_access (inherited through
-- membership), and the project is named by the tenantid member of
-- request.headers.  A key, when presented, wins over the role and never
-- widens it.  Admins read any existing project they name.  Only the
-- extension owner, superusers and ProjectOwner/ProjectAdmin of a project
-- may grant access to it.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

\set NOWHERE 'dddddddd-dddd-4ddd-8ddd-dddddddddddd'

-- request.headers for this transaction; null members are left out.

-- The distinct projectIds get_list returns to the current caller.
CREATE FUNCTION pg_temp.listed_projects() RETURNS text[] LANGUAGE sql AS $$
    SELECT array_agg(DISTINCT e ->> 'projectId' ORDER BY e ->> 'projectId')
      FROM json_array_elements((incoming_call_log.get_list('{"projectId": true}', NULL, NULL, 0, 100)).data) e;
$$;

CREATE FUNCTION pg_temp.counted() RETURNS bigint LANGUAGE sql AS $$
    SELECT (incoming_call_log.count()).count;
$$;

-- Roles vanish at ROLLBACK.  Each gets what an API caller needs.
CREATE ROLE icl_t_one;                          -- ProjectMember on A
CREATE ROLE icl_t_two;                          -- ReadProjectIncomingCallLog on A, ProjectMember on B
CREATE ROLE icl_t_none;                         -- no grant at all
CREATE ROLE icl_t_group NOLOGIN;                -- ReadAllProjectResources on C
CREATE ROLE icl_t_inherit IN ROLE icl_t_group;
CREATE ROLE icl_t_noinherit NOINHERIT IN ROLE icl_t_group;
CREATE ROLE icl_t_noread;                       -- a grant on A with no permission
CREATE ROLE icl_t_owner_a;                      -- ProjectOwner on A
CREATE ROLE icl_t_admin_a;                      -- ProjectAdmin on A
CREATE ROLE icl_t_owner_b;                      -- ProjectOwner on B
CREATE ROLE icl_t_dba;                          -- admin capability
CREATE ROLE icl_t_dba_member IN ROLE icl_t_dba;
CREATE ROLE icl_t_admins NOLOGIN;               -- ProjectAdmin on A, as a group
CREATE ROLE icl_t_admins_member IN ROLE icl_t_admins;
CREATE ROLE icl_t_admins_noinherit NOINHERIT IN ROLE icl_t_admins;
CREATE ROLE icl_t_target1;                      -- targets of grants
CREATE ROLE icl_t_target2;

GRANT USAGE ON SCHEMA incoming_call_log TO
    icl_t_one, icl_t_two, icl_t_none, icl_t_inherit, icl_t_noinherit, icl_t_noread,
    icl_t_owner_a, icl_t_admin_a, icl_t_owner_b, icl_t_dba, icl_t_dba_member,
    icl_t_admins_member, icl_t_admins_noinherit, icl_t_target1, icl_t_target2;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO
    icl_t_one, icl_t_two, icl_t_none, icl_t_inherit, icl_t_noinherit, icl_t_noread,
    icl_t_owner_a, icl_t_admin_a, icl_t_owner_b, icl_t_dba, icl_t_dba_member,
    icl_t_admins_member, icl_t_admins_noinherit, icl_t_target1, icl_t_target2;
-- The DBA lets these roles call the access-management functions (not
-- executable by PUBLIC); whether a call may act is then grant_access's own
-- authority check, which the "Who may grant" section exercises.
GRANT EXECUTE ON FUNCTION incoming_call_log.grant_access(regrole, uuid, text[]),
                          incoming_call_log.revoke_access(regrole, uuid) TO
    icl_t_one, icl_t_none, icl_t_noread, icl_t_owner_a, icl_t_admin_a, icl_t_owner_b,
    icl_t_dba, icl_t_admins_member, icl_t_admins_noinherit;

SELECT incoming_call_log.grant_access('icl_t_one', :'A', '{ProjectMember}');
SELECT incoming_call_log.grant_access('icl_t_two', :'A', '{ReadProjectIncomingCallLog}');
SELECT incoming_call_log.grant_access('icl_t_two', :'B', '{ProjectMember}');
SELECT incoming_call_log.grant_access('icl_t_group', :'C', '{ReadAllProjectResources}');
SELECT incoming_call_log.grant_access('icl_t_noread', :'A', '{}');
SELECT incoming_call_log.grant_access('icl_t_owner_a', :'A', '{ProjectOwner}');
SELECT incoming_call_log.grant_access('icl_t_admin_a', :'A', '{ProjectAdmin}');
SELECT incoming_call_log.grant_access('icl_t_owner_b', :'B', '{ProjectOwner}');
SELECT incoming_call_log.grant_access('icl_t_admins', :'A', '{ProjectAdmin}');
SELECT incoming_call_log.grant_admin('icl_t_dba');

SELECT plan(94);

-------------------------------------------------------------------------------
-- A role with exactly one project
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_t_one;
SELECT pg_temp.headers();
SELECT is(pg_temp.counted(), 12::bigint, 'one project, no tenantid: count reads that project');
SELECT is(pg_temp.listed_projects(), ARRAY[:'A'], 'one project, no tenantid: get_list returns only that project''s rows');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')::jsonb ->> '_id',
          '0a000000-0000-4000-8000-000000000001', 'one project: get_item reads its item');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001')$$,
                 'PT404', NULL, 'one project: another project''s item is PT404');

SELECT pg_temp.headers(tenantid => :'A');
SELECT is(pg_temp.counted(), 12::bigint, 'one project, tenantid naming it: reads it');
SELECT pg_temp.headers(tenantid => upper(:'A'));
SELECT is(pg_temp.counted(), 12::bigint, 'tenantid in upper case names the same project');

SELECT pg_temp.headers(tenantid => :'B');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403',
                 'role "icl_t_one" has no access to the project named in tenantid',
                 'tenantid of a project the role cannot access: PT403');
SELECT throws_ok('SELECT incoming_call_log.get_list()', 'PT403', NULL,
                 'tenantid of a project the role cannot access: get_list PT403');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001')$$, 'PT403', NULL,
                 'tenantid of a project the role cannot access: get_item PT403, not the item');
SELECT pg_temp.headers(tenantid => :'NOWHERE');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403',
                 'role "icl_t_one" has no access to the project named in tenantid',
                 'tenantid of a nonexistent project: the same PT403');
SELECT pg_temp.headers(tenantid => 'not-a-uuid');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403',
                 'role "icl_t_one" has no access to the project named in tenantid',
                 'tenantid that is not a uuid: the same PT403');
RESET ROLE;

-------------------------------------------------------------------------------
-- A role with several projects
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_t_two;
SELECT pg_temp.headers();
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL,
                 'several projects, no tenantid: PT403');
SELECT pg_temp.headers(tenantid => :'A');
SELECT is(pg_temp.counted(), 12::bigint, 'several projects, tenantid A: reads A');
SELECT is(pg_temp.listed_projects(), ARRAY[:'A'], 'several projects, tenantid A: get_list returns A only');
SELECT pg_temp.headers(tenantid => :'B');
SELECT is(pg_temp.counted(), 5::bigint, 'several projects, tenantid B: reads B');
SELECT is(pg_temp.listed_projects(), ARRAY[:'B'], 'several projects, tenantid B: get_list returns B only');
SELECT pg_temp.headers(tenantid => :'C');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL,
                 'several projects, tenantid of a third: PT403');
RESET ROLE;

-------------------------------------------------------------------------------
-- A role with no grant at all
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_t_none;
SELECT pg_temp.headers();
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'no grant, no tenantid: PT401');
SELECT throws_ok('SELECT incoming_call_log.get_list()', 'PT401', NULL, 'no grant: get_list PT401');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$, 'PT401', NULL,
                 'no grant: get_item PT401');
SELECT pg_temp.headers(tenantid => :'A');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'no grant, tenantid of a project: still PT401');
RESET ROLE;

-------------------------------------------------------------------------------
-- Membership: grants are inherited (has_privs_of_role)
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_t_inherit;
SELECT pg_temp.headers();
SELECT is(pg_temp.counted(), 3::bigint, 'member of a granted group reads the group''s project');
SELECT is(pg_temp.listed_projects(), ARRAY[:'C'], 'member of a granted group: get_list returns C only');
SELECT pg_temp.headers(tenantid => :'C');
SELECT is(pg_temp.counted(), 3::bigint, 'member of a granted group, tenantid naming it: reads it');
RESET ROLE;

SET LOCAL ROLE icl_t_noinherit;
SELECT pg_temp.headers();
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL,
                 'NOINHERIT member does not hold the group''s grant: PT401');
SELECT pg_temp.headers(tenantid => :'C');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL,
                 'NOINHERIT member naming the group''s project: PT401');
RESET ROLE;

SELECT pg_temp.headers();
SELECT is(incoming_call_log.revoke_access('icl_t_group', :'C'), true, 'revoke_access of the group''s grant returns true');
SET LOCAL ROLE icl_t_inherit;
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL,
                 'after revoke_access on the group its member has no way in');
RESET ROLE;

-------------------------------------------------------------------------------
-- A grant without read permission
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_t_noread;
SELECT pg_temp.headers();
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', 'permission denied to read incoming call logs',
                 'grant with no read permission: count PT403');
SELECT throws_ok('SELECT incoming_call_log.get_list()', 'PT403', NULL,
                 'grant with no read permission: get_list PT403');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000099')$$, 'PT403', NULL,
                 'grant with no read permission: get_item PT403 before looking for the item');
SELECT throws_ok($$SELECT incoming_call_log.count('{"nope": 1}')$$, 'PT403', NULL,
                 'grant with no read permission: PT403 before a malformed query');
SELECT pg_temp.headers(tenantid => :'A');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL,
                 'grant with no read permission, tenantid naming it: PT403');
RESET ROLE;

-------------------------------------------------------------------------------
-- An API key, when presented, wins over the role and never widens it
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_t_owner_a;
SELECT pg_temp.headers();
SELECT is(pg_temp.counted(), 12::bigint, 'ProjectOwner of A without a key reads A');
SELECT pg_temp.headers(apikey => :'key_b');
SELECT is(pg_temp.counted(), 5::bigint, 'ProjectOwner of A presenting key_b reads B');
SELECT is(pg_temp.listed_projects(), ARRAY[:'B'], 'ProjectOwner of A presenting key_b: get_list returns B only');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$, 'PT404', NULL,
                 'ProjectOwner of A presenting key_b: an item of A is PT404');
SELECT pg_temp.headers(apikey => :'key_a_revoked');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL,
                 'a revoked key is PT401 even though the role has access');
SELECT pg_temp.headers(apikey => :'key_a_expired');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL,
                 'an expired key is PT401 even though the role has access');
SELECT pg_temp.headers(apikey => 'icl_0000000000000000000000000000000000000000000000000000000000000000');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL,
                 'an unknown key is PT401 even though the role has access');
SELECT pg_temp.headers(apikey => :'key_a_none');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL,
                 'a key with no permission is PT403: the role''s ProjectOwner does not widen it');
SELECT pg_temp.headers(apikey => :'key_b', tenantid => :'A');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL,
                 'key_b with tenantid naming A (the role''s own project): PT403');
SELECT pg_temp.headers(apikey => :'key_b', tenantid => :'B');
SELECT is(pg_temp.counted(), 5::bigint, 'key_b with tenantid naming B, the key''s project: reads B');
RESET ROLE;

SET LOCAL ROLE icl_t_none;
SELECT pg_temp.headers(apikey => :'key_a_member');
SELECT is(pg_temp.counted(), 12::bigint, 'a role with no grant reads by its key');
SELECT pg_temp.headers(apikey => :'key_a_member', tenantid => :'B');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL,
                 'a key with tenantid naming another project: PT403');
RESET ROLE;

-------------------------------------------------------------------------------
-- Admin capability: any existing project named in tenantid
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_t_dba;
SELECT pg_temp.headers(tenantid => :'A');
SELECT is(pg_temp.counted(), 12::bigint, 'admin naming A reads A');
SELECT pg_temp.headers(tenantid => :'B');
SELECT is(pg_temp.counted(), 5::bigint, 'admin naming B reads B');
SELECT is(pg_temp.listed_projects(), ARRAY[:'B'], 'admin naming B: get_list returns B only');
SELECT pg_temp.headers(tenantid => :'C');
SELECT is(incoming_call_log.get_item('0c000000-0000-4000-8000-000000000001')::jsonb ->> '_id',
          '0c000000-0000-4000-8000-000000000001', 'admin naming C: get_item reads C''s item');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$, 'PT404', NULL,
                 'admin naming C: an item of A is PT404');
SELECT pg_temp.headers(tenantid => :'NOWHERE');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL, 'admin naming a nonexistent project: PT403');
SELECT pg_temp.headers(apikey => :'key_b', tenantid => :'A');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL,
                 'admin presenting key_b with tenantid A: the key wins, PT403');
SELECT pg_temp.headers(apikey => :'key_a_revoked', tenantid => :'A');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL,
                 'admin presenting a revoked key: PT401, admin rights do not rescue a bad key');
RESET ROLE;

SET LOCAL ROLE icl_t_dba_member;
SELECT pg_temp.headers(tenantid => :'C');
SELECT is(pg_temp.counted(), 3::bigint, 'a member of an admin role is admin too');
RESET ROLE;

SELECT pg_temp.headers(tenantid => :'B');
SELECT is(pg_temp.counted(), 5::bigint, 'the superuser / extension owner reads a project it names');

SELECT pg_temp.headers();
SELECT is(incoming_call_log.revoke_admin('icl_t_dba'), true, 'revoke_admin returns true');
SET LOCAL ROLE icl_t_dba;
SELECT pg_temp.headers(tenantid => :'A');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'after revoke_admin the role has no way in');
RESET ROLE;

-------------------------------------------------------------------------------
-- The caller is current_user: what PostgreSQL runs as someone else never
-- borrows the invoking role's access
-------------------------------------------------------------------------------
-- A SECURITY DEFINER wrapper lends its owner's access, as any SECURITY
-- DEFINER function does in PostgreSQL: the owner chose to.
SET LOCAL ROLE icl_t_owner_a;
CREATE FUNCTION pg_temp.owner_a_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$
    SELECT (incoming_call_log.count()).count;
$$;
SELECT pg_temp.headers();
SELECT is(pg_temp.owner_a_count(), 12::bigint, 'the wrapper''s owner reads A through it');
RESET ROLE;
SET LOCAL ROLE icl_t_none;
SELECT is(pg_temp.owner_a_count(), 12::bigint,
          'a role with no grant calling ProjectOwner''s SECURITY DEFINER wrapper reads as the wrapper''s owner');
RESET ROLE;

-- But a role's own code never reads with the access of whoever runs it: not
-- an index expression evaluated by the superuser's ANALYZE (PostgreSQL runs
-- it as the table's owner), not a SECURITY DEFINER function the superuser
-- calls.  Both try to read project B by naming it; the superuser is an admin.
CREATE SCHEMA icl_t_att AUTHORIZATION icl_t_none;
SET LOCAL ROLE icl_t_none;
CREATE TABLE icl_t_att.loot (got text);
CREATE FUNCTION icl_t_att.grab() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('request.headers', '{"tenantid": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}', true);
    INSERT INTO icl_t_att.loot SELECT (incoming_call_log.get_list('{"statusMessage": true}', NULL, NULL, 0, 100)).data::text;
    RETURN 1;
EXCEPTION WHEN OTHERS THEN
    INSERT INTO icl_t_att.loot VALUES ('refused ' || SQLSTATE);
    RETURN 1;
END;
$$;
CREATE FUNCTION icl_t_att.f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT icl_t_att.grab() + x';
CREATE TABLE icl_t_att.t (x int);
INSERT INTO icl_t_att.t SELECT generate_series(1, 3);
CREATE INDEX ON icl_t_att.t (icl_t_att.f(x));
CREATE FUNCTION icl_t_att.grab_definer() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT icl_t_att.grab()';
GRANT USAGE ON SCHEMA icl_t_att TO PUBLIC;
GRANT EXECUTE ON FUNCTION icl_t_att.grab_definer() TO PUBLIC;
RESET ROLE;
DELETE FROM icl_t_att.loot;
ANALYZE icl_t_att.t;
SELECT pg_temp.headers(tenantid => :'B');
SELECT icl_t_att.grab_definer();
SELECT pg_temp.headers();
SELECT ok((SELECT count(*) FROM icl_t_att.loot) >= 2, 'the attacker''s code ran under ANALYZE and in its SECURITY DEFINER function');
SELECT is_empty($$SELECT got FROM icl_t_att.loot WHERE got NOT LIKE 'refused PT401'$$,
                'neither ANALYZE nor a superuser calling it lent the attacker any project (each call: PT401)');

-------------------------------------------------------------------------------
-- Who may grant
-------------------------------------------------------------------------------
SELECT pg_temp.headers();
SELECT lives_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'A', '{ProjectMember}'),
                'the extension owner / superuser may grant');
SET LOCAL ROLE icl_t_target1;
SELECT is(pg_temp.counted(), 12::bigint, 'the grantee reads the project');
RESET ROLE;
SELECT lives_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'A', '{}'),
                'grant_access replaces what the role held on the project');
SET LOCAL ROLE icl_t_target1;
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL, 'after the replacing grant the role may not read');
RESET ROLE;

SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'A', '{Reader}'),
                 '22023', NULL, 'an unknown permission name is refused: 22023');
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'A', '{ProjectMember,NULL}'),
                 '22023', NULL, 'a null permission is refused: 22023');
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'NOWHERE', '{ProjectMember}'),
                 '23503', NULL, 'granting on a nonexistent project: 23503');

-- ProjectOwner on A
SET LOCAL ROLE icl_t_owner_a;
SELECT lives_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'A', '{ProjectOwner}'),
                'ProjectOwner of A may grant ProjectOwner on A');
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'B', '{ProjectMember}'),
                 '42501', NULL, 'ProjectOwner of A may not grant on B');
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'A', '{Reader}'),
                 '22023', NULL, 'ProjectOwner of A: an unknown permission name is 22023');
RESET ROLE;
SELECT is((SELECT permissions FROM incoming_call_log.access_grant
            WHERE role = 'icl_t_target1'::regrole AND project_id = :'A'),
          '{ProjectOwner}'::text[], 'the grant by ProjectOwner is stored');

-- ProjectAdmin on A
SET LOCAL ROLE icl_t_admin_a;
SELECT lives_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'A', '{ProjectMember,ProjectAdmin}'),
                'ProjectAdmin of A may grant ProjectMember and ProjectAdmin on A');
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'A', '{ProjectOwner}'),
                 '42501', NULL, 'ProjectAdmin of A may not grant ProjectOwner');
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_admin_a', :'A', '{ProjectOwner}'),
                 '42501', NULL, 'ProjectAdmin of A may not make itself ProjectOwner');
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target1', :'A', '{ProjectMember}'),
                 '42501', NULL, 'ProjectAdmin of A may not change the grant of a ProjectOwner');
SELECT throws_ok(format('SELECT incoming_call_log.revoke_access(%L, %L)', 'icl_t_target1', :'A'),
                 '42501', NULL, 'ProjectAdmin of A may not revoke a ProjectOwner');
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'C', '{ProjectMember}'),
                 '42501', NULL, 'ProjectAdmin of A may not grant on C');
SELECT is(incoming_call_log.revoke_access('icl_t_target2', :'A'), true, 'ProjectAdmin of A may revoke a ProjectMember');
RESET ROLE;
SET LOCAL ROLE icl_t_owner_a;
SELECT is(incoming_call_log.revoke_access('icl_t_target1', :'A'), true, 'ProjectOwner of A may revoke a ProjectOwner');
SELECT is(incoming_call_log.revoke_access('icl_t_target1', :'A'), false, 'revoke_access of a role without a grant returns false');
RESET ROLE;

-- Roles without authority
SET LOCAL ROLE icl_t_one;
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'A', '{ProjectMember}'),
                 '42501', NULL, 'ProjectMember of A may not grant on A');
SELECT throws_ok(format('SELECT incoming_call_log.revoke_access(%L, %L)', 'icl_t_two', :'A'),
                 '42501', NULL, 'ProjectMember of A may not revoke on A');
RESET ROLE;
SET LOCAL ROLE icl_t_owner_b;
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'A', '{ProjectMember}'),
                 '42501', NULL, 'ProjectOwner of B may not grant on A');
SELECT throws_ok(format('SELECT incoming_call_log.revoke_access(%L, %L)', 'icl_t_owner_a', :'A'),
                 '42501', NULL, 'ProjectOwner of B may not revoke on A');
RESET ROLE;
SET LOCAL ROLE icl_t_none;
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_none', :'A', '{ProjectOwner}'),
                 '42501', NULL, 'a role with no grant may not grant itself access');
RESET ROLE;
SELECT incoming_call_log.grant_admin('icl_t_dba');
SET LOCAL ROLE icl_t_dba;
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'A', '{ProjectMember}'),
                 '42501', NULL, 'the admin capability reads but does not grant');
RESET ROLE;
SET LOCAL ROLE icl_t_noread;
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_noread', :'A', '{ProjectAdmin}'),
                 '42501', NULL, 'a role with an empty grant on A may not widen it');
RESET ROLE;

-- Authority is inherited through membership like read access
SET LOCAL ROLE icl_t_admins_member;
SELECT lives_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'A', '{ReadProjectIncomingCallLog}'),
                'a member of a ProjectAdmin group may grant');
RESET ROLE;
SET LOCAL ROLE icl_t_admins_noinherit;
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'A', '{ProjectMember}'),
                 '42501', NULL, 'a NOINHERIT member of a ProjectAdmin group may not grant');
RESET ROLE;
SET LOCAL ROLE icl_t_target2;
SELECT pg_temp.headers();
SELECT is(pg_temp.counted(), 12::bigint, 'the grant made by a ProjectAdmin group member lets the grantee read');
RESET ROLE;

-- Authority is not enough without EXECUTE, which the DBA grants.
RESET ROLE;
CREATE ROLE icl_t_owner_noexec;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_t_owner_noexec;
SELECT incoming_call_log.grant_access('icl_t_owner_noexec', :'A', '{ProjectOwner}');
SET LOCAL ROLE icl_t_owner_noexec;
SELECT throws_ok(format('SELECT incoming_call_log.grant_access(%L, %L, %L)', 'icl_t_target2', :'A', '{ProjectMember}'),
                 '42501', 'permission denied for function grant_access',
                 'a ProjectOwner without EXECUTE on grant_access cannot call it');
SELECT throws_ok(format('SELECT incoming_call_log.revoke_access(%L, %L)', 'icl_t_target2', :'A'),
                 '42501', 'permission denied for function revoke_access',
                 'a ProjectOwner without EXECUTE on revoke_access cannot call it');
RESET ROLE;

-- Nothing above leaked into other projects' grants
SELECT is((SELECT count(*) FROM incoming_call_log.access_grant
            WHERE project_id IN (:'B', :'C')
              AND role::text NOT IN ('icl_t_two', 'icl_t_owner_b')),
          0::bigint, 'refused grants left no trace on B or C');

SELECT * FROM finish();
ROLLBACK;
