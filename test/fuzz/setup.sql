-- test/fuzz/setup.sql — the fuzzer's data, keys and roles (run by
-- test/fuzz/run as a superuser, in a database of its own).
--
-- Every row reveals its project: the first byte of each call log id and of
-- each policy id is the project's letter (0a…, 0b…, 0c…; policies a1…, b1…,
-- c1…), and text fields carry the letter too, so a leaked row is recognised
-- in any projection.  Values repeat across projects on purpose (the same
-- phone numbers, provider call ids, statuses, timestamps), so a filter
-- always finds matches in the other projects that must not come back.
-- Timestamps have sub-millisecond digits (…000, …001, …400, …999 microseconds
-- into a millisecond) and ties (the millisecond rules and the tie-break by
-- _id are exercised); NULLs appear in every nullable column; texts hold
-- %, _ and \ next to look-alikes ("busy_line", "busy line", "busy%line"),
-- so a wildcard that is not taken literally matches the wrong rows; and
-- leading and trailing spaces, commas, quotes and newlines (CSV quoting).
--
--   A aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa  150 call logs
--   B bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb   80 call logs
--   C cccccccc-cccc-4ccc-8ccc-cccccccccccc   40 call logs
--   D dddddddd-dddd-4ddd-8ddd-dddddddddddd    0 call logs (an empty project)
--
-- Keys (table fuzz_fixture.api_key, readable by the superuser only):
-- one per read permission and one without any on A, an expired and a
-- revoked owner key on A, and one reading key on each of B, C and D.
--
-- Roles (cluster-wide; names from psql variables, dropped by the run script):
--   :login     LOGIN, NOINHERIT, USAGE + EXECUTE on the calls only, no grant:
--              the connection the fuzzer speaks through; member of the roles below
--   :r_a       grant ProjectMember on A
--   :r_ab      grants on A (ReadProjectIncomingCallLog) and B (ProjectAdmin)
--   :r_admin   the admin capability (reads any project it names in tenantid)
--   :r_noperm  a grant on C without any permission
--   :r_none    no grant at all
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE EXTENSION incoming_call_log;

INSERT INTO incoming_call_log.project (id, name, created_at, updated_at) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Project A', '2025-12-01T00:00:00Z', '2025-12-02T00:00:00.123456Z'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Project B', '2025-12-01T01:00:00Z', '2025-12-01T01:00:00Z'),
    ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Project C', '2025-12-01T02:00:00Z', '2025-12-01T02:00:00Z'),
    ('dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'Project D', '2025-12-01T03:00:00Z', '2025-12-01T03:00:00Z');

INSERT INTO incoming_call_log.app_user (id, name, email, created_at, updated_at) VALUES
    ('11111111-1111-4111-8111-111111111111', 'Ada Lovelace', 'ada@example.com',   '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z'),
    ('22222222-2222-4222-8222-222222222222', 'Grace Hopper', 'grace@example.com', '2025-11-02T00:00:00Z', '2025-11-03T04:05:06.789Z'),
    ('33333333-3333-4333-8333-333333333333', NULL,           NULL,                '2025-11-03T00:00:00Z', '2025-11-03T00:00:00Z');

CREATE TEMP TABLE fuzz_projects (letter text, id uuid, nrows int);
INSERT INTO fuzz_projects VALUES
    ('a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 150),
    ('b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 80),
    ('c', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 40),
    ('d', 'dddddddd-dddd-4ddd-8ddd-dddddddddddd', 0);

INSERT INTO incoming_call_log.call_policy (id, project_id, name, routing_phone_number, created_at, updated_at)
SELECT format('%s1000000-0000-4000-8000-00000000000%s', p.letter, k)::uuid, p.id,
       format('Policy %s of %s', k, upper(p.letter)),
       CASE k WHEN 1 THEN '+1555000000' || k END,
       '2025-12-05T00:00:00Z', '2025-12-05T00:00:00Z'
  FROM fuzz_projects p, generate_series(1, 2) k;

INSERT INTO incoming_call_log.call_log
    (id, project_id, incoming_call_policy_id, created_at, updated_at,
     caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message,
     call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents,
     started_at, ended_at, answered_by_user_id, current_escalation_rule_order, repeat_count)
SELECT format('0%s%s-%s-4%s-8%s-%s', p.letter, substr(h, 1, 6), substr(h, 7, 4), substr(h, 11, 3),
              substr(h, 14, 3), substr(h, 17, 12))::uuid,
       p.id,
       format('%s1000000-0000-4000-8000-00000000000%s', p.letter, 1 + n % 2)::uuid,
       v.created_at,
       v.created_at + (n % 4) * interval '1 minute',
       CASE WHEN n % 9 = 0 THEN NULL
            WHEN n % 11 = 0 THEN '1555987' || lpad((n % 5)::text, 4, '0')
            ELSE '+1555123' || lpad((n % 17)::text, 4, '0') END,
       CASE WHEN n % 6 = 0 THEN NULL ELSE '+1555000000' || (n % 3) END,
       CASE WHEN n % 8 = 0 THEN NULL
            WHEN n % 10 = 3 THEN 'x%_\' || (n % 4)
            ELSE (CASE n % 3 WHEN 0 THEN 'ca' ELSE 'CA' END) || lpad((n % 23)::text, 4, '0') END,
       (ARRAY['Initiated', 'Ringing', 'Connected', 'Escalated', 'NoAnswer', 'Failed', 'Completed',
              'CallerHungUp', 'Busy'])[1 + n % 9],
       CASE n % 6 WHEN 0 THEN NULL
                  WHEN 1 THEN format('%s message %s', upper(p.letter), n)
                  WHEN 2 THEN format('100%% %s \ retry %s', (ARRAY['busy_line', 'busy line', 'BUSY-LINE', 'busy%line'])[1 + n % 4], p.letter)
                  WHEN 3 THEN format('He said "hi" — ünïcødé %s', upper(p.letter))
                  WHEN 4 THEN format(E'line one\nline two\t%s ÜBER', p.letter)
                  ELSE CASE n % 18 WHEN 5 THEN '' WHEN 11 THEN format(' padded, "quoted" %s ', p.letter)
                                   ELSE format(' padded %s ', p.letter) END END,
       (n * 37) % 3600 * (n % 3 + 1) / 3,
       CASE WHEN n % 13 = 0 THEN 2147483647 ELSE n % 100 END,
       n % 50,
       CASE WHEN n % 17 = 0 THEN 2147483647 ELSE n % 70 END,
       v.started_at,
       CASE WHEN v.started_at IS NULL OR n % 3 = 0 THEN NULL ELSE v.started_at + (n % 300) * interval '1 second' END,
       (ARRAY['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', NULL,
              '33333333-3333-4333-8333-333333333333']::uuid[])[1 + n % 4],
       1 + n % 4,
       n % 3
  FROM fuzz_projects p,
       generate_series(1, p.nrows) n,
       LATERAL (SELECT md5(p.letter || n) AS h) AS hh,
       LATERAL (SELECT ts AS created_at,
                       CASE WHEN n % 4 = 0 THEN NULL ELSE ts + (n % 3) * interval '500 microseconds' END AS started_at
                  FROM (SELECT timestamptz '2026-01-01T00:00:00Z'
                               + (n / 3) * interval '37 minutes'
                               + CASE WHEN n % 5 = 0 THEN interval '0.000400 seconds' ELSE interval '0' END
                               + CASE WHEN n % 7 = 0 THEN interval '0.123456 seconds' ELSE interval '0' END
                               + CASE WHEN n % 11 = 0 THEN interval '0.000999 seconds' ELSE interval '0' END
                               + CASE WHEN n % 13 = 0 THEN interval '0.000001 seconds' ELSE interval '0' END AS ts) t) AS v;

CREATE SCHEMA fuzz_fixture;
REVOKE ALL ON SCHEMA fuzz_fixture FROM PUBLIC;
CREATE TABLE fuzz_fixture.api_key (label text PRIMARY KEY, project_id uuid, key text NOT NULL);
INSERT INTO fuzz_fixture.api_key
SELECT label, project_id::uuid,
       incoming_call_log.create_api_key(project_id::uuid, permissions::text[], expires_at)
  FROM (VALUES
    ('a_owner',   'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}', now() + interval '1 year'),
    ('a_admin',   'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectAdmin}', now() + interval '1 year'),
    ('a_member',  'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}', now() + interval '1 year'),
    ('a_read',    'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ReadProjectIncomingCallLog}', now() + interval '1 year'),
    ('a_readall', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ReadAllProjectResources,ProjectMember}', now() + interval '1 year'),
    ('a_none',    'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{}', now() + interval '1 year'),
    ('a_expired', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}', now() - interval '1 day'),
    ('a_revoked', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}', now() + interval '1 year'),
    ('b_member',  'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectMember}', now() + interval '1 year'),
    ('b_expired', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectMember}', now() - interval '1 second'),
    ('c_owner',   'cccccccc-cccc-4ccc-8ccc-cccccccccccc', '{ProjectOwner}', now() + interval '1 year'),
    ('d_readall', 'dddddddd-dddd-4ddd-8ddd-dddddddddddd', '{ReadAllProjectResources}', now() + interval '1 year')
  ) AS k(label, project_id, permissions, expires_at);
SELECT incoming_call_log.revoke_api_key(key) FROM fuzz_fixture.api_key WHERE label = 'a_revoked' \gset

-- Roles.  The login role speaks for every request; the others are roles it
-- may SET ROLE to (NOINHERIT: their grants are not the login role's own).
CREATE ROLE :"login" LOGIN NOINHERIT PASSWORD :'password';
-- Refusals are the normal case here: keep the statements (up to megabytes
-- each) out of the server log, which the run scans for crashes.
ALTER ROLE :"login" SET log_min_error_statement = panic;
CREATE ROLE :"r_a";
CREATE ROLE :"r_ab";
CREATE ROLE :"r_admin";
CREATE ROLE :"r_noperm";
CREATE ROLE :"r_none";
GRANT :"r_a", :"r_ab", :"r_admin", :"r_noperm", :"r_none" TO :"login";
GRANT USAGE ON SCHEMA incoming_call_log TO :"login", :"r_a", :"r_ab", :"r_admin", :"r_noperm", :"r_none";
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json)
   TO :"login", :"r_a", :"r_ab", :"r_admin", :"r_noperm", :"r_none";
-- The CSV forms (doc/reference.md#csv), get_page and get_aggregate (0.3.0), where this version has them.
SELECT set_config('fuzz.login', :'login', false), set_config('fuzz.r_a', :'r_a', false),
       set_config('fuzz.r_ab', :'r_ab', false), set_config('fuzz.r_admin', :'r_admin', false),
       set_config('fuzz.r_noperm', :'r_noperm', false), set_config('fuzz.r_none', :'r_none', false) \gset
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'incoming_call_log'::regnamespace
                AND p.proname IN ('get_list_csv', 'get_item_csv', 'count_csv', 'get_page', 'get_aggregate',
                                  'get_aggregate_csv')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I, %I, %I, %I, %I, %I', f,
                       current_setting('fuzz.login'), current_setting('fuzz.r_a'), current_setting('fuzz.r_ab'),
                       current_setting('fuzz.r_admin'), current_setting('fuzz.r_noperm'), current_setting('fuzz.r_none'));
    END LOOP;
END
$$;
SELECT incoming_call_log.grant_access(:'r_a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}');
SELECT incoming_call_log.grant_access(:'r_ab', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ReadProjectIncomingCallLog}');
SELECT incoming_call_log.grant_access(:'r_ab', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectAdmin}');
SELECT incoming_call_log.grant_access(:'r_noperm', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', '{}');
SELECT incoming_call_log.grant_admin(:'r_admin');

ANALYZE;
