-- test/privileges.sql — the privilege map (issue 3, Tests): for each kind
-- of role and each function, table and the schema of the extension, exactly
-- what it may do.
--
-- Role kinds:
--   PUBLIC     every role
--   api        an API caller: a DBA granted USAGE on the schema and EXECUTE
--              on get_list, get_item, count, get_aggregate, their CSV forms, get_page and get_changes
--              (README "Using it through PostgREST")
--   writer     grant_writer(role)
--   admin      grant_admin(role) — reads by naming tenantid, no SQL privilege
--   granted    grant_access(role, project, perms) — no SQL privilege either
--   ungranted  a role the extension was never told about
--
-- Schema incoming_call_log is what a gateway exposes: an API role can
-- execute exactly the three calls there (doc/operating.md#who-is-calling), and PUBLIC nothing.  The
-- management functions live there too, executable by nobody until a DBA
-- grants them (grant_access / revoke_access to the roles that manage
-- projects, and create_api_key / list_api_keys / rotate_api_key /
-- revoke_api_key to the roles that manage a project's keys; they still
-- check the caller's authority themselves, see test/roles.sql and
-- test/key_management.sql).  access_overview reads the tables with its
-- caller's rights: only the extension owner can use it.
--
-- Schema incoming_call_log_internal holds the helpers; no role has USAGE on
-- it (rules and policies call its functions by oid).  What PUBLIC may
-- execute there, and why each is safe:
--   is_valid_phone(text)  A pure, immutable rule (no table access, no
--                         side effect).  The domain phone_number's CHECK
--                         calls it as whoever writes a phone number, so a
--                         writer must be able to run it.
--   caller_project_id()   The row-level-security helpers.  Policies run
--   caller_is_writer()    them as whoever reads the table, so every role
--                         that can reach a table must be able to execute
--                         them.  They are SECURITY INVOKER (current_user is
--                         the real caller), take no argument, and reveal
--                         only the caller's own resolution: the project its
--                         own key or grants already let it read (null when
--                         none), and whether it is itself a writer.
-- Everything else — the calls, key management, capabilities, the
-- permission-name rule, the trigger functions, confirm_drop and the DROP
-- guard (an event trigger calls it without any privilege check) — is granted to nobody by
-- the extension.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

CREATE ROLE icl_p_api;
CREATE ROLE icl_p_writer;
CREATE ROLE icl_p_admin;
CREATE ROLE icl_p_granted;
CREATE ROLE icl_p_ungranted;

GRANT USAGE ON SCHEMA incoming_call_log TO icl_p_api;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json),
                          incoming_call_log.get_list_csv(json, json, json, integer, integer),
                          incoming_call_log.get_item_csv(text, json),
                          incoming_call_log.count_csv(json),
                          incoming_call_log.get_page(json, json, json, integer, text),
                          incoming_call_log.get_changes(json, json, text, integer),
                          incoming_call_log.get_aggregate(json, json, json, json, integer),
                          incoming_call_log.get_aggregate_csv(json, json, json, json, integer) TO icl_p_api;
SELECT incoming_call_log.grant_writer('icl_p_writer');
SELECT incoming_call_log.grant_admin('icl_p_admin');
SELECT incoming_call_log.grant_access('icl_p_granted', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}');

CREATE TEMP TABLE role_kind (kind text PRIMARY KEY, role name NOT NULL, ord int NOT NULL);
INSERT INTO role_kind VALUES
    ('public', 'public', 1), ('api', 'icl_p_api', 2), ('writer', 'icl_p_writer', 3),
    ('admin', 'icl_p_admin', 4), ('granted', 'icl_p_granted', 5), ('ungranted', 'icl_p_ungranted', 6);

-- Functions: which kinds of role may EXECUTE each.
CREATE TEMP TABLE function_map (ord serial, nsp name, fn name, args name[],
    public bool, api bool, writer bool, admin bool, granted bool, ungranted bool);
INSERT INTO function_map (nsp, fn, args, public, api, writer, admin, granted, ungranted) VALUES
--   schema                        function                 arguments                                         PUBLIC api    writer admin  granted ungranted
    ('incoming_call_log',          'get_list',              '{json,json,json,integer,integer}',               false, true,  false, false, false, false),
    ('incoming_call_log',          'get_item',              '{text,json}',                                    false, true,  false, false, false, false),
    ('incoming_call_log',          'count',                 '{json}',                                         false, true,  false, false, false, false),
    ('incoming_call_log',          'get_list_csv',          '{json,json,json,integer,integer}',               false, true,  false, false, false, false),
    ('incoming_call_log',          'get_item_csv',          '{text,json}',                                    false, true,  false, false, false, false),
    ('incoming_call_log',          'count_csv',             '{json}',                                         false, true,  false, false, false, false),
    ('incoming_call_log',          'get_page',              '{json,json,json,integer,text}',                  false, true,  false, false, false, false),
    ('incoming_call_log',          'get_changes',           '{json,json,text,integer}',                       false, true,  false, false, false, false),
    ('incoming_call_log',          'purge_changes',         '{integer}',                                      false, false, false, false, false, false),
    ('incoming_call_log',          'rotate_cursor_secret',  '{interval}',                                     false, false, false, false, false, false),
    ('incoming_call_log',          'explain_list',          '{json,json,json,integer,integer,boolean}',       false, false, false, false, false, false),
    ('incoming_call_log',          'explain_item',          '{text,json,boolean}',                            false, false, false, false, false, false),
    ('incoming_call_log',          'explain_count',         '{json,boolean}',                                 false, false, false, false, false, false),
    ('incoming_call_log',          'get_aggregate',         '{json,json,json,json,integer}',                  false, true,  false, false, false, false),
    ('incoming_call_log',          'get_aggregate_csv',     '{json,json,json,json,integer}',                  false, true,  false, false, false, false),
    ('incoming_call_log',          'explain_aggregate',     '{json,json,json,json,integer,boolean}',          false, false, false, false, false, false),
    ('incoming_call_log',          'create_api_key',        '{uuid,text[],"timestamp with time zone",text}',  false, false, false, false, false, false),
    ('incoming_call_log',          'revoke_api_key',        '{text}',                                         false, false, false, false, false, false),
    ('incoming_call_log',          'list_api_keys',         '{uuid}',                                         false, false, false, false, false, false),
    ('incoming_call_log',          'rotate_api_key',        '{uuid,interval}',                                false, false, false, false, false, false),
    ('incoming_call_log',          'access_overview',       '{uuid}',                                         false, false, false, false, false, false),
    ('incoming_call_log',          'grant_access',          '{regrole,uuid,text[]}',                          false, false, false, false, false, false),
    ('incoming_call_log',          'revoke_access',         '{regrole,uuid}',                                 false, false, false, false, false, false),
    ('incoming_call_log',          'grant_admin',           '{regrole}',                                      false, false, false, false, false, false),
    ('incoming_call_log',          'revoke_admin',          '{regrole}',                                      false, false, false, false, false, false),
    ('incoming_call_log',          'grant_writer',          '{regrole}',                                      false, false, false, false, false, false),
    ('incoming_call_log',          'revoke_writer',         '{regrole}',                                      false, false, false, false, false, false),
    ('incoming_call_log',          'usage_statistics',      '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log',          'usage_statistics_info', '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log',          'reset_usage_statistics','{}',                                             false, false, false, false, false, false),
    ('incoming_call_log',          'follow_oneuptime',      '{text,text}',                                    false, false, false, false, false, false),
    ('incoming_call_log',          'unfollow_oneuptime',    '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log',          'follow_status',         '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log',          'confirm_drop',          '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'is_valid_phone',        '{text}',                                         true,  true,  true,  true,  true,  true),
    ('incoming_call_log_internal', 'permissions_are_known', '{text[]}',                                       false, false, false, false, false, false),
    ('incoming_call_log_internal', 'maintain_updated_at',   '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'api_key_changed',       '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'caller_project_id',     '{}',                                             true,  true,  true,  true,  true,  true),
    ('incoming_call_log_internal', 'caller_is_writer',      '{}',                                             true,  true,  true,  true,  true,  true),
    ('incoming_call_log_internal', 'sync_writer_policies',  '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'writers_changed',       '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'new_cursor_secret',     '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'call_log_changed',      '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'feed_by_statement',     '{boolean}',                                      false, false, false, false, false, false),
    ('incoming_call_log_internal', 'call_log_truncated',    '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_guard',            '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_utc',              '{text}',                                         false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_quarantine',       '{text,uuid,text,text}',                          false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_soft_delete',      '{text,uuid,boolean}',                            false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_apply_call_log',   '{uuid,uuid}',                                    false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_apply_policy',     '{uuid,uuid,boolean}',                            false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_apply_project',    '{uuid,boolean,boolean}',                         false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_apply_user',       '{uuid}',                                         false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_copying',          '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_pause_indexes',    '{regclass,bigint}',                              false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_call_logs_copied', '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_call_log_changed', '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_call_logs_commit', '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_refuse_call_logs', '{uuid[]}',                                       false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_map_call_logs',    '{uuid[],uuid[]}',                                false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_apply_call_logs',  '{uuid[],uuid[]}',                                false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_apply_in_sets',    '{refcursor}',                                    false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_apply_waiting',    '{uuid,uuid,uuid}',                               false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_policy_changed',   '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_project_changed',  '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_user_changed',     '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_truncated',        '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_setup',            '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_teardown',         '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_check_publication', '{text[],text[],text[]}',                         false, false, false, false, false, false),
    ('incoming_call_log_internal', 'follow_publisher_lag',    '{}',                                             false, false, false, false, false, false),
    ('incoming_call_log_internal', 'drop_guard',            '{}',                                             false, false, false, false, false, false);

-- Tables: the privileges each kind of role holds.
CREATE TEMP TABLE table_map (ord serial, tbl name,
    public name[], api name[], writer name[], admin name[], granted name[], ungranted name[]);
INSERT INTO table_map (tbl, public, api, writer, admin, granted, ungranted) VALUES
--   table              PUBLIC api   writer                              admin granted ungranted
    ('project',         '{}',  '{}', '{SELECT,INSERT,UPDATE,DELETE}',   '{}', '{}',   '{}'),
    ('app_user',        '{}',  '{}', '{SELECT,INSERT,UPDATE,DELETE}',   '{}', '{}',   '{}'),
    ('call_policy',     '{}',  '{}', '{SELECT,INSERT,UPDATE,DELETE}',   '{}', '{}',   '{}'),
    ('call_log',        '{}',  '{}', '{SELECT,INSERT,UPDATE}',          '{}', '{}',   '{}'),
    ('api_key',         '{}',  '{}', '{}',                              '{}', '{}',   '{}'),
    ('access_grant',    '{}',  '{}', '{}',                              '{}', '{}',   '{}'),
    ('role_capability', '{}',  '{}', '{}',                              '{}', '{}',   '{}');

-- The extension's functions, for the catalog checks below.
CREATE TEMP VIEW ext_function AS
    SELECT p.oid, p.proname, p.pronamespace, p.prosecdef, p.proconfig, p.proowner
      FROM pg_catalog.pg_proc p
      JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
      JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'incoming_call_log';

SELECT plan(6 * 73 + 6 * 7 + 6 * 2 + 24);

-------------------------------------------------------------------------------
-- Nothing exists beyond what the map lists
-------------------------------------------------------------------------------
SELECT functions_are('incoming_call_log', ARRAY(SELECT fn FROM function_map WHERE nsp = 'incoming_call_log' ORDER BY ord),
                     'the map lists every function of schema incoming_call_log');
SELECT functions_are('incoming_call_log_internal',
                     ARRAY(SELECT fn FROM function_map WHERE nsp = 'incoming_call_log_internal' ORDER BY ord),
                     'the map lists every function of schema incoming_call_log_internal');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
                    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
                    JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'incoming_call_log'
                   WHERE p.pronamespace NOT IN ('incoming_call_log'::regnamespace, 'incoming_call_log_internal'::regnamespace)$$,
                'the extension has no function outside its two schemas');
SELECT tables_are('incoming_call_log', ARRAY(SELECT tbl FROM table_map ORDER BY ord),
                  'the map lists every table of the schema');
SELECT views_are('incoming_call_log', ARRAY['usage'],
                 'the schema has one view: usage (the usage statistics)');
SELECT is_empty($$SELECT c.relname FROM pg_catalog.pg_class c
                   WHERE c.relnamespace = 'incoming_call_log'::regnamespace
                     AND c.relkind IN ('m', 'S', 'f', 'p')$$,
                'the schema has no sequences or other relations beside the tables and the view');

-------------------------------------------------------------------------------
-- The map
-------------------------------------------------------------------------------
SELECT schema_privs_are('incoming_call_log', r.role,
           CASE WHEN r.kind IN ('api', 'writer') THEN '{USAGE}'::name[] ELSE '{}'::name[] END,
           format('%s: privileges on schema incoming_call_log', r.kind))
  FROM role_kind r ORDER BY r.ord;
SELECT schema_privs_are('incoming_call_log_internal', r.role, '{}'::name[],
           format('%s: no privilege on schema incoming_call_log_internal', r.kind))
  FROM role_kind r ORDER BY r.ord;

SELECT function_privs_are(f.nsp, f.fn, f.args, r.role,
           CASE WHEN CASE r.kind WHEN 'public' THEN f.public WHEN 'api' THEN f.api
                                 WHEN 'writer' THEN f.writer WHEN 'admin' THEN f.admin
                                 WHEN 'granted' THEN f.granted ELSE f.ungranted END
                THEN '{EXECUTE}'::name[] ELSE '{}'::name[] END,
           format('%s: %s(%s)', r.kind, f.fn, array_to_string(f.args, ', ')))
  FROM role_kind r CROSS JOIN function_map f ORDER BY r.ord, f.ord;

SELECT table_privs_are('incoming_call_log', t.tbl, r.role,
           CASE r.kind WHEN 'public' THEN t.public WHEN 'api' THEN t.api
                       WHEN 'writer' THEN t.writer WHEN 'admin' THEN t.admin
                       WHEN 'granted' THEN t.granted ELSE t.ungranted END,
           format('%s: table %s', r.kind, t.tbl))
  FROM role_kind r CROSS JOIN table_map t ORDER BY r.ord, t.ord;

-- table_privs_are sees table-level privileges only; no column privilege
-- reaches further (key_hash included).
SELECT is_empty($$SELECT r.kind, t.tbl, p.priv
                    FROM role_kind r CROSS JOIN table_map t
                   CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) p(priv)
                   WHERE has_any_column_privilege(r.role, ('incoming_call_log.' || t.tbl)::regclass, p.priv)
                         <> has_table_privilege(r.role, ('incoming_call_log.' || t.tbl)::regclass, p.priv)$$,
                'no role kind holds a column privilege beyond its table privileges');
SELECT is_empty($$SELECT r.kind FROM role_kind r
                   WHERE has_column_privilege(r.role, 'incoming_call_log.api_key', 'key_hash', 'SELECT')$$,
                'no role kind can read api_key.key_hash');
SELECT is_empty($$SELECT r.kind, p.priv FROM role_kind r
                   CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(priv)
                   WHERE has_table_privilege(r.role, 'incoming_call_log.usage', p.priv)
                      OR has_any_column_privilege(r.role, 'incoming_call_log.usage', CASE p.priv WHEN 'SELECT' THEN 'SELECT' ELSE 'REFERENCES' END)$$,
                'no role kind holds any privilege on the view usage (the DBA grants it to monitoring roles)');
SELECT is_empty($$SELECT r.kind, p.priv FROM role_kind r
                   CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES']) p(priv)
                   WHERE has_table_privilege(r.role, 'incoming_call_log_internal.cursor_secret', p.priv)$$,
                'no role kind holds any privilege on the cursor secret (only the extension owner reads it)');

-------------------------------------------------------------------------------
-- SECURITY DEFINER, search_path, ownership, PUBLIC
-------------------------------------------------------------------------------
-- The three calls are SECURITY INVOKER: they note current_user, then read
-- with the owner's rights themselves (src/api_call.c says why), so no role
-- that is not the owner can execute any SECURITY DEFINER function at all.
SELECT is_empty($$SELECT r.kind, f.proname::text
                    FROM role_kind r CROSS JOIN ext_function f
                   WHERE f.prosecdef AND has_function_privilege(r.role, f.oid, 'EXECUTE')$$,
                'no role kind can execute any SECURITY DEFINER function of the extension');
SELECT set_eq($$SELECT proname::text FROM ext_function WHERE prosecdef$$,
              ARRAY['grant_admin', 'revoke_admin', 'grant_writer', 'revoke_writer'],
              'the SECURITY DEFINER functions are the owner''s management functions');
SELECT is_empty($$SELECT proname FROM ext_function
                   WHERE prosecdef AND NOT coalesce(proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)$$,
                'every SECURITY DEFINER function pins search_path to pg_catalog, pg_temp');
SELECT is_empty($$SELECT proname FROM ext_function
                   WHERE proname IN ('grant_access', 'revoke_access',
                                     'create_api_key', 'revoke_api_key', 'list_api_keys', 'rotate_api_key',
                                     'access_overview', 'caller_project_id', 'caller_is_writer')
                     AND NOT coalesce(proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)$$,
                'the management and row-level-security functions that switch to the owner''s rights inside (and access_overview) pin search_path too');
SELECT is_empty($$SELECT proname FROM ext_function
                   WHERE proname IN ('get_list', 'get_item', 'count', 'get_list_csv', 'get_item_csv', 'count_csv',
                                     'get_page', 'get_changes', 'explain_list', 'explain_item', 'explain_count',
                                     'get_aggregate', 'get_aggregate_csv', 'explain_aggregate')
                     AND proconfig IS NOT NULL$$,
                'the API calls and explain do not pin search_path: their statements qualify every name (test/search_path.sql)');
SELECT is_empty($$SELECT proname FROM ext_function
                   WHERE prosecdef AND proowner <> (SELECT extowner FROM pg_extension WHERE extname = 'incoming_call_log')$$,
                'every SECURITY DEFINER function is owned by the extension owner');
SELECT is_empty($$SELECT c.relname FROM pg_class c
                   WHERE c.relnamespace = 'incoming_call_log'::regnamespace
                     AND c.relowner <> (SELECT extowner FROM pg_extension WHERE extname = 'incoming_call_log')$$,
                'every table and index is owned by the extension owner');
SELECT set_eq($$SELECT proname::text FROM ext_function WHERE has_function_privilege('public', oid, 'EXECUTE')$$,
              ARRAY['is_valid_phone', 'caller_project_id', 'caller_is_writer'],
              'PUBLIC may execute exactly is_valid_phone, caller_project_id, caller_is_writer');
SELECT is_empty($$SELECT proname FROM ext_function
                   WHERE has_function_privilege('public', oid, 'EXECUTE')
                     AND pronamespace <> 'incoming_call_log_internal'::regnamespace$$,
                'PUBLIC may execute nothing in the exposed schema');
SELECT set_eq($$SELECT p.proname::text FROM pg_catalog.pg_proc p
                 WHERE p.pronamespace = 'incoming_call_log'::regnamespace
                   AND has_function_privilege('icl_p_api', p.oid, 'EXECUTE')$$,
              ARRAY['get_list', 'get_item', 'count', 'get_list_csv', 'get_item_csv', 'count_csv',
                    'get_aggregate', 'get_aggregate_csv', 'get_page', 'get_changes'],
              'what a gateway shows an API role in the exposed schema: exactly the API''s calls (the three, get_aggregate, get_page, get_changes) and the CSV forms');
SELECT is_empty($$SELECT proname FROM ext_function
                   WHERE proname IN ('caller_project_id', 'caller_is_writer', 'is_valid_phone')
                     AND prosecdef$$,
                'none of the functions PUBLIC may execute is SECURITY DEFINER');
SELECT is_empty($$SELECT c.relname FROM pg_class c
                   WHERE c.relnamespace = 'incoming_call_log'::regnamespace AND c.relkind = 'r'
                     AND NOT (c.relrowsecurity)$$,
                'every table has row-level security enabled');

-------------------------------------------------------------------------------
-- No setting of the extension can be used to loosen anything
-------------------------------------------------------------------------------
SELECT is_empty($$SELECT name FROM pg_settings WHERE name LIKE 'incoming_call_log.%'$$,
                'the extension defines no settings');
SET LOCAL ROLE icl_p_ungranted;
SELECT throws_ok($$SET incoming_call_log.caller = 'x'$$, '42602', NULL,
                 'the incoming_call_log.* prefix is reserved: no made-up setting can be set');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
