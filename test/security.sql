-- test/security.sql — issue 15: a schema someone else owns never becomes the
-- extension owner's rights, and tenants cannot reach each other's roles.
--
-- 1. The install (and the 0.2.0 -> 0.3.0 update) refuses a schema
--    incoming_call_log that a role other than the installing one (or a
--    superuser) owns: eve, with CREATE on the database, creates it first.
-- 2. Defence in depth (src/trusted_names.c): on an installation whose schema
--    eve owns (as 0.2.0 allowed), renaming the real schema away and putting a
--    look-alike api_key view under the old name makes every call fail closed
--    (55000) and never runs eve's function as the owner; so does a schema
--    another role may CREATE in.  The verdict follows changes made in the
--    same session.
-- 3. A project's owner or admin grants only to roles that reach no other
--    project (src/access.c): another tenant's role, a group holding one, or
--    a member of another tenant's group are refused; the owner still may.
BEGIN;
CREATE EXTENSION pgtap;

SELECT plan(32);

CREATE ROLE icl_s_eve;
GRANT CREATE ON DATABASE :"DBNAME" TO icl_s_eve;
-- what eve's function leaves behind when it runs, and as whom
CREATE TABLE public.icl_s_trace (who text);
GRANT INSERT ON public.icl_s_trace TO PUBLIC;

-------------------------------------------------------------------------------
-- 1. The install precondition
-------------------------------------------------------------------------------
SET LOCAL ROLE icl_s_eve;
CREATE SCHEMA incoming_call_log;
RESET ROLE;

SELECT throws_ok('CREATE EXTENSION incoming_call_log', '42501',
                 'schema incoming_call_log is owned by role icl_s_eve, not by the installing role or a superuser',
                 'CREATE EXTENSION refuses a schema a non-superuser created first');
SELECT is((SELECT count(*) FROM pg_extension WHERE extname = 'incoming_call_log'), 0::bigint,
          'and nothing was installed');

-- 0.2.0 had no such check: installed there, the update to 0.3.0 refuses.
CREATE EXTENSION incoming_call_log VERSION '0.2.0';
SELECT throws_ok($$ALTER EXTENSION incoming_call_log UPDATE TO '0.3.0'$$, '42501',
                 'schema incoming_call_log is owned by role icl_s_eve, not by the installing role or a superuser',
                 'ALTER EXTENSION UPDATE refuses the schema eve owns');
DROP EXTENSION incoming_call_log;

-- A schema the installing superuser made (or a superuser owns) is accepted.
ALTER SCHEMA incoming_call_log OWNER TO CURRENT_USER;
SELECT lives_ok('CREATE EXTENSION incoming_call_log', 'CREATE EXTENSION accepts a schema the installing role owns');
DROP EXTENSION incoming_call_log;
DROP SCHEMA incoming_call_log;
SELECT lives_ok('CREATE EXTENSION incoming_call_log', 'CREATE EXTENSION into a new schema works');
SELECT is((SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'incoming_call_log'), current_user::text,
          'the new schema is the installing role''s');

-------------------------------------------------------------------------------
-- 2. Defence in depth, at every call
-------------------------------------------------------------------------------
\ir fixtures/fixture.psql

CREATE ROLE icl_s_caller;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_s_caller;
GRANT EXECUTE ON FUNCTION incoming_call_log.count(json), incoming_call_log.get_list(json, json, json, integer, integer)
    TO icl_s_caller;
SELECT incoming_call_log.grant_access('icl_s_caller', :'A', '{ProjectMember}');

CREATE FUNCTION pg_temp.caller_count() RETURNS bigint LANGUAGE sql AS $$
    SELECT (incoming_call_log.count()).count;
$$;
SET LOCAL ROLE icl_s_caller;
SELECT is(pg_temp.caller_count(), 12::bigint, 'an intact installation answers');
RESET ROLE;

-- Another role may CREATE in the schema: every call fails closed, then
-- works again once that is revoked (same session: the verdict follows).
GRANT CREATE ON SCHEMA incoming_call_log TO icl_s_eve;
SET LOCAL ROLE icl_s_caller;
SELECT throws_ok('SELECT pg_temp.caller_count()', '55000',
                 'incoming_call_log refuses to run: schema incoming_call_log lets a role other than its owner create objects in it',
                 'CREATE on the schema for another role: calls fail closed');
RESET ROLE;
SELECT throws_ok(format($$SELECT incoming_call_log.create_api_key(%L, '{ProjectMember}')$$, :'A'), '55000', NULL,
                 'key management fails closed too');
REVOKE CREATE ON SCHEMA incoming_call_log FROM icl_s_eve;
GRANT CREATE ON SCHEMA incoming_call_log_internal TO PUBLIC;
SET LOCAL ROLE icl_s_caller;
SELECT throws_ok('SELECT pg_temp.caller_count()', '55000',
                 'incoming_call_log refuses to run: schema incoming_call_log_internal lets a role other than its owner create objects in it',
                 'CREATE on the internal schema for PUBLIC: calls fail closed');
RESET ROLE;
REVOKE CREATE ON SCHEMA incoming_call_log_internal FROM PUBLIC;
SET LOCAL ROLE icl_s_caller;
SELECT is(pg_temp.caller_count(), 12::bigint, 'revoked again: calls answer again');
RESET ROLE;

-- The schema owned by eve, as 0.2.0 allowed: fails closed at once.
ALTER SCHEMA incoming_call_log OWNER TO icl_s_eve;
SET LOCAL ROLE icl_s_caller;
SELECT throws_ok('SELECT pg_temp.caller_count()', '55000',
                 'incoming_call_log refuses to run: schema incoming_call_log is owned by a role that is neither the extension owner nor a superuser',
                 'a schema owned by another role: calls fail closed');
RESET ROLE;

-- The attack: eve renames the real schema away and puts a look-alike
-- api_key view, whose column calls her function, under the old name.
SET LOCAL ROLE icl_s_eve;
ALTER SCHEMA incoming_call_log RENAME TO icl_s_real;
CREATE SCHEMA incoming_call_log;
CREATE FUNCTION incoming_call_log.steal() RETURNS bytea LANGUAGE sql VOLATILE AS $$
    INSERT INTO public.icl_s_trace VALUES (current_user);
    SELECT '\x00'::bytea;
$$;
CREATE VIEW incoming_call_log.api_key AS
    SELECT gen_random_uuid() AS id, gen_random_uuid() AS project_id, '{ProjectOwner}'::text[] AS permissions,
           'infinity'::timestamptz AS expires_at, NULL::timestamptz AS revoked_at, incoming_call_log.steal() AS key_hash;
CREATE VIEW incoming_call_log.access_grant AS
    SELECT gen_random_uuid() AS project_id, 0::oid::regrole AS role, '{ProjectOwner}'::text[] AS permissions
     WHERE incoming_call_log.steal() IS NOT NULL;
GRANT USAGE ON SCHEMA incoming_call_log TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA incoming_call_log TO PUBLIC;
RESET ROLE;
GRANT USAGE ON SCHEMA icl_s_real TO icl_s_caller;

SET LOCAL ROLE icl_s_caller;
SELECT set_config('request.headers', '{"apikey": "icl_not_a_real_key_but_read_through_the_view"}', true);
SELECT throws_ok('SELECT (icl_s_real.count()).count', '55000',
                 'incoming_call_log refuses to run: schema incoming_call_log is not the extension''s schema (it was renamed or replaced)',
                 'renamed schema and look-alike views: count fails closed');
SELECT throws_ok('SELECT (icl_s_real.get_list()).count', '55000', NULL,
                 'renamed schema and look-alike views: get_list fails closed');
SELECT set_config('request.headers', '', true);
SELECT throws_ok('SELECT (icl_s_real.count()).count', '55000', NULL,
                 'renamed schema, role caller: fails closed');
RESET ROLE;
SELECT throws_ok(format($$SELECT icl_s_real.create_api_key(%L, '{ProjectMember}')$$, :'A'), '55000', NULL,
                 'renamed schema: the owner''s create_api_key fails closed');
SELECT throws_ok($$SELECT icl_s_real.revoke_api_key('icl_x')$$, '55000', NULL,
                 'renamed schema: the owner''s revoke_api_key fails closed');
SELECT throws_ok(format($$SELECT icl_s_real.grant_access('icl_s_caller', %L, '{ProjectMember}')$$, :'A'), '55000', NULL,
                 'renamed schema: grant_access fails closed');
SELECT throws_ok($$SELECT icl_s_real.grant_admin('icl_s_caller')$$, '55000', NULL,
                 'renamed schema: grant_admin fails closed');
SELECT is((SELECT count(*) FROM public.icl_s_trace), 0::bigint,
          'eve''s function never ran (as the owner or anyone)');
SELECT is((SELECT rolsuper FROM pg_roles WHERE rolname = 'icl_s_eve'), false, 'eve is no superuser');

-- Put it back (the superuser's way out) and the calls answer again.
DROP SCHEMA incoming_call_log CASCADE;
ALTER SCHEMA icl_s_real RENAME TO incoming_call_log;
ALTER SCHEMA incoming_call_log OWNER TO CURRENT_USER;
SET LOCAL ROLE icl_s_caller;
SELECT is(pg_temp.caller_count(), 12::bigint, 'schema back with its owner: calls answer again');
RESET ROLE;

-------------------------------------------------------------------------------
-- 3. Tenants cannot reach each other's roles
-------------------------------------------------------------------------------
CREATE ROLE icl_s_admin_a;      -- ProjectAdmin on A
CREATE ROLE icl_s_admin_b;      -- ProjectAdmin on B
CREATE ROLE icl_s_tenant_b;     -- B's integration: ProjectMember on B
CREATE ROLE icl_s_gateway NOLOGIN;               -- a group holding a tenant role
CREATE ROLE icl_s_tenant_b2 IN ROLE icl_s_gateway;
CREATE ROLE icl_s_team_b NOLOGIN;                -- a group with a grant on B
CREATE ROLE icl_s_team_b_member IN ROLE icl_s_team_b;
CREATE ROLE icl_s_fresh;                         -- no access anywhere
CREATE ROLE icl_s_fresh_group NOLOGIN;
CREATE ROLE icl_s_fresh_member IN ROLE icl_s_fresh_group;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_s_admin_a, icl_s_admin_b, icl_s_tenant_b;
GRANT EXECUTE ON FUNCTION incoming_call_log.grant_access(regrole, uuid, text[]),
                          incoming_call_log.revoke_access(regrole, uuid) TO icl_s_admin_a, icl_s_admin_b;
GRANT EXECUTE ON FUNCTION incoming_call_log.count(json) TO icl_s_tenant_b;
SELECT incoming_call_log.grant_access('icl_s_admin_a', :'A', '{ProjectAdmin}');
SELECT incoming_call_log.grant_access('icl_s_admin_b', :'B', '{ProjectAdmin}');
SELECT incoming_call_log.grant_access('icl_s_tenant_b', :'B', '{ProjectMember}');
SELECT incoming_call_log.grant_access('icl_s_tenant_b2', :'B', '{ProjectMember}');
SELECT incoming_call_log.grant_access('icl_s_team_b', :'B', '{ProjectMember}');

-- The reproduced sequence: A's admin grants an empty grant on A to B's role.
SET LOCAL ROLE icl_s_admin_a;
SELECT throws_ok(format($$SELECT incoming_call_log.grant_access('icl_s_tenant_b', %L, '{}')$$, :'A'), '42501',
                 'permission denied to grant access to role "icl_s_tenant_b": it reaches another project',
                 'A''s admin cannot give B''s role a second project (even an empty grant)');
SELECT throws_ok(format($$SELECT incoming_call_log.grant_access('icl_s_gateway', %L, '{ProjectMember}')$$, :'A'), '42501', NULL,
                 'nor a group one of whose members reaches B');
SELECT throws_ok(format($$SELECT incoming_call_log.grant_access('icl_s_team_b_member', %L, '{ProjectMember}')$$, :'A'), '42501', NULL,
                 'nor a member of a group that reaches B');
SELECT lives_ok(format($$SELECT incoming_call_log.grant_access('icl_s_fresh', %L, '{ProjectMember}')$$, :'A'),
                'A''s admin grants to a role that reaches no other project');
SELECT lives_ok(format($$SELECT incoming_call_log.grant_access('icl_s_fresh_group', %L, '{ProjectMember}')$$, :'A'),
                'and to a group none of whose members reaches another project');
SELECT lives_ok(format($$SELECT incoming_call_log.grant_access('icl_s_fresh', %L, '{ProjectAdmin}')$$, :'A'),
                'and changes the grant of a role of its own project');
RESET ROLE;

-- B's integration is untouched: it still reads B without naming it.
SET LOCAL ROLE icl_s_tenant_b;
SELECT set_config('request.headers', '', true);
SELECT is((incoming_call_log.count()).count, 5::bigint, 'B''s role still reads its one project without tenantid');
RESET ROLE;

-- The other way round: B's admin cannot pull A's roles into B either.
SET LOCAL ROLE icl_s_admin_b;
SELECT throws_ok(format($$SELECT incoming_call_log.grant_access('icl_s_fresh_member', %L, '{ProjectMember}')$$, :'B'), '42501', NULL,
                 'B''s admin cannot grant to a member of a group that reaches A');
-- and the revoke side: B's admin can take back what B granted
SELECT is(incoming_call_log.revoke_access('icl_s_tenant_b2', :'B'), true, 'B''s admin revokes B''s own grant');
RESET ROLE;

-- The extension owner may still make a role that spans projects.
SELECT lives_ok(format($$SELECT incoming_call_log.grant_access('icl_s_tenant_b', %L, '{ProjectMember}')$$, :'A'),
                'the extension owner may grant a role a second project');

SELECT * FROM finish();
ROLLBACK;
