-- test/rls.sql — defense in depth (issue 3): row-level security on every
-- table resolved by the same C code as the API, the writer capability, and
-- attempts to escalate, each refused with the documented SQLSTATE.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql



-- Distinct project_ids of call_log rows the current role sees directly.
CREATE FUNCTION pg_temp.seen_projects() RETURNS uuid[] LANGUAGE sql AS $$
    SELECT coalesce(array_agg(DISTINCT project_id ORDER BY project_id), '{}')
      FROM incoming_call_log.call_log;
$$;
CREATE FUNCTION pg_temp.seen_rows() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM incoming_call_log.call_log;
$$;

-- A role that somehow holds SELECT on the data tables.
CREATE ROLE icl_r_direct;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_r_direct;
GRANT SELECT ON incoming_call_log.call_log, incoming_call_log.project,
                incoming_call_log.call_policy, incoming_call_log.app_user TO icl_r_direct;
-- Same, with grants on A and C (two projects).
CREATE ROLE icl_r_direct_granted;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_r_direct_granted;
GRANT SELECT ON incoming_call_log.call_log TO icl_r_direct_granted;
SELECT incoming_call_log.grant_access('icl_r_direct_granted', :'A', '{ReadProjectIncomingCallLog}');
SELECT incoming_call_log.grant_access('icl_r_direct_granted', :'C', '{ProjectMember}');
-- An API caller (USAGE + EXECUTE on the three calls, no grant).
CREATE ROLE icl_r_api;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_r_api;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO icl_r_api;
-- An admin that is also an API caller.
CREATE ROLE icl_r_admin IN ROLE icl_r_api;
SELECT incoming_call_log.grant_admin('icl_r_admin');
-- A ProjectOwner of A that is also an API caller.
CREATE ROLE icl_r_owner_a IN ROLE icl_r_api;
SELECT incoming_call_log.grant_access('icl_r_owner_a', :'A', '{ProjectOwner}');
-- The telephony side.
CREATE ROLE icl_r_writer;
SELECT incoming_call_log.grant_writer('icl_r_writer');
-- This file also calls the row-level-security helpers by name, as
-- icl_r_direct and icl_r_api, which takes USAGE on the internal schema.
-- Policies call them by oid and need none: icl_r_direct_granted and the
-- writer, which read through the policies below, have no USAGE on it.
GRANT USAGE ON SCHEMA incoming_call_log_internal TO icl_r_direct, icl_r_api;

SELECT plan(124);

-------------------------------------------------------------------------------
-- Direct SELECT sees only the resolved project
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_r_direct;
SELECT pg_temp.headers();
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT without key or grant: no call_log rows');
SELECT is((SELECT count(*) FROM incoming_call_log.project), 0::bigint, 'direct SELECT without key or grant: no project rows');
SELECT is((SELECT count(*) FROM incoming_call_log.call_policy), 0::bigint, 'direct SELECT without key or grant: no call_policy rows');
SELECT is((SELECT count(*) FROM incoming_call_log.app_user), 0::bigint, 'direct SELECT without key or grant: no app_user rows');
SELECT pg_temp.headers(tenantid => :'B');
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT naming tenantid B without a grant: no rows');

SELECT pg_temp.headers(apikey => :'key_b');
SELECT is(pg_temp.seen_rows(), 5::bigint, 'direct SELECT with key_b: the 5 rows of B');
SELECT is(pg_temp.seen_projects(), ARRAY[:'B']::uuid[], 'direct SELECT with key_b: only B''s rows');
SELECT is(ARRAY(SELECT id FROM incoming_call_log.project), ARRAY[:'B']::uuid[], 'direct SELECT with key_b: only project B');
SELECT is(ARRAY(SELECT id FROM incoming_call_log.call_policy), '{b1000000-0000-4000-8000-000000000001}'::uuid[],
          'direct SELECT with key_b: only B''s policy');
SELECT is(ARRAY(SELECT id FROM incoming_call_log.app_user), '{11111111-1111-4111-8111-111111111111}'::uuid[],
          'direct SELECT with key_b: only the user who answered B''s calls');
SELECT is(incoming_call_log_internal.caller_project_id(), :'B'::uuid, 'caller_project_id() with key_b is B');

SELECT pg_temp.headers(apikey => :'key_a_member');
SELECT is(pg_temp.seen_rows(), 12::bigint, 'direct SELECT with a key of A: the 12 rows of A');
SELECT is(pg_temp.seen_projects(), ARRAY[:'A']::uuid[], 'direct SELECT with a key of A: only A''s rows');
SELECT pg_temp.headers(apikey => :'key_a_member', tenantid => :'B');
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT with a key of A and tenantid B: no rows');
SELECT pg_temp.headers(apikey => :'key_a_none');
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT with a key without read permission: no rows');
SELECT pg_temp.headers(apikey => :'key_a_revoked');
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT with a revoked key: no rows');
SELECT pg_temp.headers(apikey => :'key_a_expired');
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT with an expired key: no rows');
SELECT is(incoming_call_log_internal.caller_project_id(), NULL::uuid, 'caller_project_id() with an expired key is null');
SELECT pg_temp.headers(apikey => 'icl_0000000000000000000000000000000000000000000000000000000000000000');
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT with an unknown key: no rows');
SELECT pg_temp.headers(apikey => :'key_b');
SELECT is((SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = :'A'), 0::bigint,
          'direct SELECT with key_b filtering on project A: no rows');
RESET ROLE;

SET LOCAL ROLE icl_r_direct_granted;
SELECT pg_temp.headers(tenantid => :'C');
SELECT is(pg_temp.seen_rows(), 3::bigint, 'direct SELECT by grant + tenantid C: the 3 rows of C');
SELECT is(pg_temp.seen_projects(), ARRAY[:'C']::uuid[], 'direct SELECT by grant + tenantid C: only C''s rows');
SELECT pg_temp.headers(tenantid => :'A');
SELECT is(pg_temp.seen_projects(), ARRAY[:'A']::uuid[], 'direct SELECT by grant + tenantid A: only A''s rows');
SELECT pg_temp.headers(tenantid => :'B');
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT by grant naming an ungranted project: no rows');
SELECT pg_temp.headers();
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT by a role with several projects and no tenantid: no rows');
SELECT pg_temp.headers(apikey => :'key_b', tenantid => :'A');
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT: a key naming another project than tenantid wins over the grant: no rows');
SELECT pg_temp.headers(apikey => :'key_b');
SELECT is(pg_temp.seen_projects(), ARRAY[:'B']::uuid[], 'direct SELECT: a presented key wins over the role''s grants');
RESET ROLE;

SELECT pg_temp.headers();
SELECT incoming_call_log.revoke_access('icl_r_direct_granted', :'A');
SET LOCAL ROLE icl_r_direct_granted;
SELECT is(pg_temp.seen_projects(), ARRAY[:'C']::uuid[], 'direct SELECT by a role with one project, no tenantid: that project');
RESET ROLE;

-- An admin given SELECT directly sees the project it names, nothing else.
GRANT SELECT ON incoming_call_log.call_log TO icl_r_admin;
SET LOCAL ROLE icl_r_admin;
SELECT pg_temp.headers(tenantid => :'B');
SELECT is(pg_temp.seen_projects(), ARRAY[:'B']::uuid[], 'direct SELECT by an admin naming B: only B''s rows');
SELECT pg_temp.headers();
SELECT is(pg_temp.seen_rows(), 0::bigint, 'direct SELECT by an admin naming no project: no rows');
RESET ROLE;
REVOKE SELECT ON incoming_call_log.call_log FROM icl_r_admin;

-- A leaky function in WHERE only ever sees the rows the policy lets through.
CREATE TEMP TABLE leaked (message text);
GRANT INSERT, SELECT ON leaked TO PUBLIC;
SET LOCAL ROLE icl_r_direct;
CREATE FUNCTION pg_temp.leak(m text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
    INSERT INTO pg_temp.leaked VALUES (m);
    RETURN true;
END $$;
SELECT pg_temp.headers(apikey => :'key_a_member');
SELECT is((SELECT count(*) FROM incoming_call_log.call_log WHERE pg_temp.leak(status_message)), 12::bigint,
          'a cheap leaky function in WHERE: the query sees A''s 12 rows');
SELECT is((SELECT count(*) FROM pg_temp.leaked), 12::bigint,
          'the leaky function ran on exactly the 12 rows the policy let through');
SELECT is((SELECT count(*) FROM pg_temp.leaked WHERE message = 'Bravo secret'), 0::bigint,
          'the leaky function never saw a row of B');
RESET ROLE;

-------------------------------------------------------------------------------
-- Key and grant tables are never readable
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_r_api;
SELECT pg_temp.headers(apikey => :'key_a_owner');
SELECT throws_ok('SELECT * FROM incoming_call_log.api_key', '42501', NULL, 'an API caller cannot read api_key');
SELECT throws_ok('SELECT * FROM incoming_call_log.access_grant', '42501', NULL, 'an API caller cannot read access_grant');
SELECT throws_ok('SELECT * FROM incoming_call_log.role_capability', '42501', NULL, 'an API caller cannot read role_capability');
SELECT throws_ok('SELECT * FROM incoming_call_log.call_log', '42501', NULL, 'an API caller cannot read call_log directly');
RESET ROLE;

-- Even when a DBA grants SELECT on them by mistake, RLS shows no row.
GRANT SELECT ON incoming_call_log.api_key, incoming_call_log.access_grant, incoming_call_log.role_capability TO icl_r_direct;
SET LOCAL ROLE icl_r_direct;
SELECT pg_temp.headers(apikey => :'key_a_owner');
SELECT is((SELECT count(*) FROM incoming_call_log.api_key), 0::bigint, 'api_key with SELECT granted and a ProjectOwner key: no rows');
SELECT is((SELECT count(*) FROM incoming_call_log.access_grant), 0::bigint, 'access_grant with SELECT granted: no rows');
SELECT is((SELECT count(*) FROM incoming_call_log.role_capability), 0::bigint, 'role_capability with SELECT granted: no rows');
RESET ROLE;
REVOKE SELECT ON incoming_call_log.api_key, incoming_call_log.access_grant, incoming_call_log.role_capability FROM icl_r_direct;

-------------------------------------------------------------------------------
-- The writer
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_r_writer;
SELECT pg_temp.headers();
SELECT is(pg_temp.seen_rows(), 20::bigint, 'the writer sees every call_log row');
SELECT is(pg_temp.seen_projects(), ARRAY[:'A', :'B', :'C']::uuid[], 'the writer sees every project''s rows');
SELECT is((SELECT count(*) FROM incoming_call_log.project), 3::bigint, 'the writer sees every project');
SELECT is((SELECT count(*) FROM incoming_call_log.call_policy), 4::bigint, 'the writer sees every policy');
SELECT is((SELECT count(*) FROM incoming_call_log.app_user), 3::bigint, 'the writer sees every user');
SELECT pg_temp.headers(apikey => :'key_b');
SELECT is(pg_temp.seen_rows(), 20::bigint, 'the writer sees every row whatever key is presented');
SELECT pg_temp.headers();

SELECT lives_ok($$INSERT INTO incoming_call_log.project (id, name)
                  VALUES ('dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'Delta')$$, 'the writer inserts a project');
SELECT lives_ok($$INSERT INTO incoming_call_log.app_user (id, name, email)
                  VALUES ('44444444-4444-4444-8444-444444444444', 'Dee', 'dee@example.com')$$, 'the writer inserts a user');
SELECT lives_ok($$INSERT INTO incoming_call_log.call_policy (id, project_id, name, routing_phone_number)
                  VALUES ('d1000000-0000-4000-8000-000000000001', 'dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'Delta Line', '+15550000005'),
                         ('d1000000-0000-4000-8000-000000000002', 'dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'Spare', NULL)$$,
                'the writer inserts policies');
SELECT lives_ok($$INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, caller_phone_number, answered_by_user_id)
                  VALUES ('0d000000-0000-4000-8000-000000000001', 'dddddddd-dddd-4ddd-8ddd-dddddddddddd',
                          'd1000000-0000-4000-8000-000000000001', '+15557770001', '44444444-4444-4444-8444-444444444444')$$,
                'the writer inserts a call log');
SELECT lives_ok($$UPDATE incoming_call_log.call_log SET status = 'Completed', call_duration_in_seconds = 42
                   WHERE id = '0d000000-0000-4000-8000-000000000001'$$, 'the writer updates a call log');
SELECT is((SELECT status || '/' || call_duration_in_seconds FROM incoming_call_log.call_log
            WHERE id = '0d000000-0000-4000-8000-000000000001'), 'Completed/42', 'the update is stored');
SELECT lives_ok($$UPDATE incoming_call_log.call_log SET status_message = 'seen by writer'
                   WHERE project_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' AND id = '0b000000-0000-4000-8000-000000000004'$$,
                'the writer updates another project''s call log');
SELECT lives_ok($$UPDATE incoming_call_log.project SET name = 'Delta Ops' WHERE id = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd'$$,
                'the writer updates a project');
SELECT lives_ok($$UPDATE incoming_call_log.app_user SET name = 'Dee Dee' WHERE id = '44444444-4444-4444-8444-444444444444'$$,
                'the writer updates a user');
SELECT lives_ok($$DELETE FROM incoming_call_log.call_policy WHERE id = 'd1000000-0000-4000-8000-000000000002'$$,
                'the writer deletes a policy');
SELECT throws_ok($$DELETE FROM incoming_call_log.call_log WHERE id = '0d000000-0000-4000-8000-000000000001'$$,
                 '42501', NULL, 'the writer may not delete call logs');
SELECT throws_ok('TRUNCATE incoming_call_log.call_log', '42501', NULL, 'the writer may not truncate call_log');
SELECT throws_ok('SELECT * FROM incoming_call_log.api_key', '42501', NULL, 'the writer cannot read api_key');
SELECT throws_ok('SELECT * FROM incoming_call_log.access_grant', '42501', NULL, 'the writer cannot read access_grant');
SELECT throws_ok('SELECT * FROM incoming_call_log.role_capability', '42501', NULL, 'the writer cannot read role_capability');
SELECT throws_ok($$INSERT INTO incoming_call_log.access_grant (project_id, role, permissions)
                   VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'icl_r_writer', '{ProjectOwner}')$$,
                 '42501', NULL, 'the writer cannot write access_grant');
SELECT throws_ok($$SELECT incoming_call_log.grant_access('icl_r_writer', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}')$$,
                 '42501', NULL, 'the writer cannot grant itself access');
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}')$$,
                 '42501', NULL, 'the writer cannot create API keys');
SELECT throws_ok($$SELECT incoming_call_log.grant_admin('icl_r_writer')$$, '42501', NULL, 'the writer cannot make itself admin');
SELECT throws_ok('SELECT incoming_call_log.count()', '42501', NULL, 'the writer is not an API caller unless granted EXECUTE');
RESET ROLE;

SELECT is(incoming_call_log.revoke_writer('icl_r_writer'), true, 'revoke_writer returns true');
SET LOCAL ROLE icl_r_writer;
SELECT throws_ok('SELECT * FROM incoming_call_log.call_log', '42501', NULL, 'after revoke_writer the role cannot read call_log');
SELECT throws_ok($$UPDATE incoming_call_log.project SET name = 'x'$$, '42501', NULL, 'after revoke_writer the role cannot update projects');
RESET ROLE;

-------------------------------------------------------------------------------
-- API callers and admins cannot write
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_r_owner_a;
SELECT pg_temp.headers(apikey => :'key_a_owner');
SELECT throws_ok($$INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id)
                   VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001')$$,
                 '42501', NULL, 'an API caller (ProjectOwner key and grant) cannot INSERT call logs');
SELECT throws_ok($$UPDATE incoming_call_log.call_log SET status = 'Failed'$$, '42501', NULL,
                 'an API caller cannot UPDATE call logs');
SELECT throws_ok('DELETE FROM incoming_call_log.call_log', '42501', NULL, 'an API caller cannot DELETE call logs');
SELECT throws_ok($$UPDATE incoming_call_log.project SET name = 'x'$$, '42501', NULL, 'an API caller cannot UPDATE projects');
RESET ROLE;

SET LOCAL ROLE icl_r_admin;
SELECT pg_temp.headers(tenantid => :'A');
SELECT throws_ok($$INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id)
                   VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001')$$,
                 '42501', NULL, 'an admin cannot INSERT call logs');
SELECT throws_ok($$UPDATE incoming_call_log.call_log SET status = 'Failed'$$, '42501', NULL, 'an admin cannot UPDATE call logs');
SELECT throws_ok('DELETE FROM incoming_call_log.call_log', '42501', NULL, 'an admin cannot DELETE call logs');
SELECT throws_ok('DELETE FROM incoming_call_log.project', '42501', NULL, 'an admin cannot DELETE projects');
RESET ROLE;

SET LOCAL ROLE icl_r_direct;
SELECT pg_temp.headers(apikey => :'key_a_owner');
SELECT throws_ok($$INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id)
                   VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001')$$,
                 '42501', NULL, 'a role with SELECT only cannot INSERT call logs');
RESET ROLE;

-- Even with INSERT, UPDATE and DELETE granted by mistake, only a writer
-- passes the policies: the insert is refused, nothing is updated or deleted.
CREATE FUNCTION pg_temp.affected(statement text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE statement;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
GRANT INSERT, UPDATE, DELETE ON incoming_call_log.call_log, incoming_call_log.project TO icl_r_direct;
SET LOCAL ROLE icl_r_direct;
SELECT pg_temp.headers(apikey => :'key_a_owner');
SELECT throws_ok($$INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id)
                   VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001')$$,
                 '42501', 'new row violates row-level security policy for table "call_log"',
                 'INSERT granted by mistake: refused by row-level security');
SELECT throws_ok($$INSERT INTO incoming_call_log.project (name) VALUES ('Sneaky')$$,
                 '42501', NULL, 'INSERT on project granted by mistake: refused by row-level security');
SELECT is(pg_temp.affected($$UPDATE incoming_call_log.call_log SET status = 'Failed'$$), 0::bigint,
          'UPDATE granted by mistake: no row is updated, not even the key''s own project''s');
SELECT is(pg_temp.affected('DELETE FROM incoming_call_log.call_log'), 0::bigint,
          'DELETE granted by mistake: no row is deleted');
SELECT is(pg_temp.seen_rows(), 12::bigint, 'the key''s project still has its 12 rows');
RESET ROLE;
REVOKE INSERT, UPDATE, DELETE ON incoming_call_log.call_log, incoming_call_log.project FROM icl_r_direct;

-------------------------------------------------------------------------------
-- The writer policies apply to the writers only, so a reader's condition is
-- its project alone (an index serves it) and never "writer OR project"
-------------------------------------------------------------------------------
SELECT incoming_call_log.grant_writer('icl_r_writer');
CREATE FUNCTION pg_temp.policy_roles(pol name) RETURNS text[] LANGUAGE sql AS $$
    SELECT roles::text[] FROM pg_catalog.pg_policies WHERE schemaname = 'incoming_call_log' AND policyname = pol
$$;
SELECT is(pg_temp.policy_roles('call_log_writer'), ARRAY['icl_r_writer'], 'call_log_writer applies TO the writer role');
SELECT is(ARRAY(SELECT DISTINCT unnest(roles)::text FROM pg_catalog.pg_policies
                 WHERE schemaname = 'incoming_call_log' AND policyname LIKE '%\_writer'),
          ARRAY['icl_r_writer'], 'so do the writer policies of project, app_user and call_policy');
CREATE FUNCTION pg_temp.plan_text(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || sql LOOP result := result || line || E'\n'; END LOOP;
    RETURN result;
END;
$$;
SET LOCAL ROLE icl_r_direct;
SELECT pg_temp.headers(apikey => :'key_b');
SELECT unalike(pg_temp.plan_text('SELECT * FROM incoming_call_log.call_log'), '%caller_is_writer%',
               'a reader''s direct SELECT is filtered by its project alone, not OR''ed with the writer check');
SET LOCAL enable_seqscan = off;
SELECT alike(pg_temp.plan_text('SELECT * FROM incoming_call_log.call_log'), '%Index Cond: (project_id = %',
             'so an index on project_id serves it');
RESET enable_seqscan;
RESET ROLE;

-- The policies follow the capability, however role_capability changes.
CREATE ROLE icl_r_writer2;
SELECT incoming_call_log.grant_writer('icl_r_writer2');
SELECT is(pg_temp.policy_roles('call_log_writer'), ARRAY['icl_r_writer', 'icl_r_writer2'], 'grant_writer adds the role');
SELECT incoming_call_log.revoke_writer('icl_r_writer2');
SELECT is(pg_temp.policy_roles('call_log_writer'), ARRAY['icl_r_writer'], 'revoke_writer removes it');
DELETE FROM incoming_call_log.role_capability WHERE capability = 'writer';
SELECT is(pg_temp.policy_roles('app_user_writer'), ARRAY[current_user::text],
          'with no writer the policies apply to the extension owner alone');
INSERT INTO incoming_call_log.role_capability (role, capability) VALUES ('icl_r_writer', 'writer');
SELECT is(pg_temp.policy_roles('project_writer'), ARRAY['icl_r_writer'],
          'a capability row written directly (as a restored dump writes it) brings its policies along');

-------------------------------------------------------------------------------
-- Attempts to escalate
-------------------------------------------------------------------------------
-- Naming another project's tenantid as an ungranted role.
SET LOCAL ROLE icl_r_api;
SELECT pg_temp.headers(tenantid => :'B');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, 'ungranted role naming tenantid B: PT401');
SELECT throws_ok('SELECT incoming_call_log.get_list()', 'PT401', NULL, 'ungranted role naming tenantid B: get_list PT401');
SELECT is(incoming_call_log_internal.caller_project_id(), NULL::uuid, 'ungranted role naming tenantid B: caller_project_id() is null');
SELECT is(incoming_call_log_internal.caller_is_writer(), false, 'caller_is_writer() is false for an API caller');
RESET ROLE;
SET LOCAL ROLE icl_r_owner_a;
SELECT pg_temp.headers(tenantid => :'B');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL, 'ProjectOwner of A naming tenantid B: PT403');
SELECT pg_temp.headers(tenantid => :'B', apikey => '');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT403', NULL, 'an empty apikey is no key: the role decides, PT403');
RESET ROLE;

-- SET ROLE to a role one is not a member of (the session is that role).
SET LOCAL SESSION AUTHORIZATION icl_r_api;
SELECT throws_ok('SET ROLE icl_r_writer', '42501', NULL, 'SET ROLE to the writer by a non-member: 42501');
SELECT throws_ok('SET ROLE icl_r_owner_a', '42501', NULL, 'SET ROLE to a granted role by a non-member: 42501');
SELECT throws_ok(format('SET ROLE %I', (SELECT rolname FROM pg_roles r JOIN pg_extension e ON e.extowner = r.oid
                                          WHERE e.extname = 'incoming_call_log')),
                 '42501', NULL, 'SET ROLE to the extension owner: 42501');
RESET SESSION AUTHORIZATION;
SET LOCAL SESSION AUTHORIZATION icl_r_owner_a;
SELECT lives_ok('SET LOCAL ROLE icl_r_api', 'SET ROLE to a role one is a member of works (the check above can pass)');
RESET SESSION AUTHORIZATION;

-- Calling internal functions directly.
SET LOCAL ROLE icl_r_api;
SELECT throws_ok($$SELECT incoming_call_log.create_api_key('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectOwner}')$$,
                 '42501', NULL, 'an API caller cannot create a key for another project');
SELECT throws_ok(format('SELECT incoming_call_log.revoke_api_key(%L)', :'key_b'), '42501', NULL,
                 'an API caller cannot revoke keys');
SELECT throws_ok($$SELECT incoming_call_log.grant_admin('icl_r_api')$$, '42501', NULL, 'an API caller cannot make itself admin');
SELECT throws_ok($$SELECT incoming_call_log.grant_writer('icl_r_api')$$, '42501', NULL, 'an API caller cannot make itself writer');
SELECT throws_ok($$SELECT incoming_call_log.revoke_admin('icl_r_admin')$$, '42501', NULL, 'an API caller cannot revoke admins');
SELECT throws_ok($$SELECT incoming_call_log.grant_access('icl_r_api', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectOwner}')$$,
                 '42501', NULL, 'an API caller cannot grant itself access');
SELECT throws_ok($$SELECT incoming_call_log_internal.permissions_are_known('{ProjectOwner}')$$, '42501',
                 'permission denied for function permissions_are_known', 'permissions_are_known is not executable');
SELECT throws_ok('SELECT incoming_call_log_internal.maintain_updated_at()', '42501',
                 'permission denied for function maintain_updated_at', 'maintain_updated_at is not executable');
SELECT throws_ok($$CREATE FUNCTION pg_temp.my_get_list(json, json, json, integer, integer)
                   RETURNS incoming_call_log.list_result
                   AS '$libdir/incoming_call_log', 'icl_get_list' LANGUAGE C$$,
                 '42501', NULL, 'declaring a function over the module''s C symbol: 42501');
RESET ROLE;

-- Writing (and reading) through views.
SET LOCAL ROLE icl_r_api;
SELECT lives_ok('CREATE TEMP VIEW api_view AS SELECT * FROM incoming_call_log.call_log',
                'an API caller may define a view over call_log ...');
SELECT pg_temp.headers(apikey => :'key_a_owner');
SELECT throws_ok('SELECT * FROM pg_temp.api_view', '42501', NULL, '... but reading through it is 42501');
SELECT throws_ok($$INSERT INTO pg_temp.api_view (project_id, incoming_call_policy_id)
                   VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001')$$,
                 '42501', NULL, '... and writing through it is 42501');
SELECT throws_ok($$UPDATE pg_temp.api_view SET status = 'Failed'$$, '42501', NULL, '... updating through it is 42501');
SELECT throws_ok('DELETE FROM pg_temp.api_view', '42501', NULL, '... deleting through it is 42501');
RESET ROLE;

SET LOCAL ROLE icl_r_direct;
CREATE TEMP VIEW direct_view AS SELECT * FROM incoming_call_log.call_log;
SELECT pg_temp.headers(apikey => :'key_b');
SELECT is((SELECT count(*) FROM pg_temp.direct_view), 5::bigint,
          'a view by a role with SELECT shows only what RLS shows that role');
SELECT throws_ok($$INSERT INTO pg_temp.direct_view (project_id, incoming_call_policy_id)
                   VALUES ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b1000000-0000-4000-8000-000000000001')$$,
                 '42501', NULL, 'writing through a view of a role with SELECT only is 42501');
RESET ROLE;
GRANT SELECT ON pg_temp.direct_view TO icl_r_api;
SET LOCAL ROLE icl_r_api;
SELECT pg_temp.headers();
SELECT is((SELECT count(*) FROM pg_temp.direct_view), 0::bigint,
          'reading another role''s view without a key: its owner''s resolution, no rows');
RESET ROLE;

-------------------------------------------------------------------------------
-- Reads through row-level security in a parallel plan: the policy resolves
-- the caller once, in the leader, which may take no new snapshot
-------------------------------------------------------------------------------
SELECT incoming_call_log.create_api_key(:'C', '{ProjectMember}') AS fresh_key_c \gset
SET LOCAL enable_indexscan = off;
SET LOCAL enable_indexonlyscan = off;
SET LOCAL enable_bitmapscan = off;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL ROLE icl_r_direct;
SELECT pg_temp.headers(apikey => :'fresh_key_c');
SELECT alike(pg_temp.plan_text('SELECT count(*) FROM incoming_call_log.call_log'), '%Gather%',
             'the planner chose a parallel plan for a direct read');
-- (top-level statements: a query that calls pgTAP is never parallel)
SELECT count(*) AS parallel_first FROM incoming_call_log.call_log \gset
SELECT count(*) AS parallel_again FROM incoming_call_log.call_log \gset
RESET ROLE;
SELECT is(:'parallel_first'::bigint, 3::bigint, 'a direct read in a parallel plan, the key not yet cached: its project''s rows');
SELECT is(:'parallel_again'::bigint, 3::bigint, 'and again');

-- The trigger on role_capability re-applies the writer policies only when a
-- writer's row changes: a thousand admin rows (a restored dump) leave the
-- policies' catalog rows as they were; one writer row rewrites them.
CREATE FUNCTION pg_temp.writer_policy_versions() RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(polname || '@' || ctid::text, ',' ORDER BY polname)
      FROM pg_catalog.pg_policy WHERE polname LIKE '%\_writer'
$$;
SELECT pg_temp.writer_policy_versions() AS versions_before \gset
INSERT INTO incoming_call_log.role_capability (role, capability)
SELECT (3000000 + g)::oid::regrole, 'admin' FROM generate_series(1, 1000) g;
DELETE FROM incoming_call_log.role_capability WHERE role::oid BETWEEN 3000001 AND 3001000;
SELECT is(pg_temp.writer_policy_versions(), :'versions_before',
          'adding and removing 1000 admin rows leaves the writer policies untouched');
CREATE ROLE icl_r_writer3;
SELECT incoming_call_log.grant_writer('icl_r_writer3');
SELECT isnt(pg_temp.writer_policy_versions(), :'versions_before', 'a new writer re-applies the writer policies');
SELECT ok((SELECT 'icl_r_writer3' = ANY (roles::text[]) FROM pg_catalog.pg_policies WHERE policyname = 'call_log_writer'),
          'and the policy now applies to it');

SELECT * FROM finish();
ROLLBACK;
