-- test/upgrade/fill.sql — fill a database that has incoming_call_log (any
-- version from 0.1.0 on) the way a deployment does, through the API common
-- to every version: projects, users, policies and call logs; API keys made
-- with create_api_key (kept, for the checks, in public.upgrade_key outside
-- the extension); per-project grants with grant_access; the admin and writer
-- capabilities; and the DBA's own GRANTs to a gateway role and a reporting
-- role.  Needs the roles of roles.sql.  Deterministic except for the keys.
\set ON_ERROR_STOP 1
\set QUIET on
SET TimeZone = 'UTC';

INSERT INTO incoming_call_log.project (id, name, created_at, updated_at) VALUES
    ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Alpha Support',   '2025-12-01T00:00:00Z', '2025-12-02T00:00:00Z'),
    ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Bravo Ops',       '2025-12-01T01:00:00Z', '2025-12-01T01:00:00Z'),
    ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Charlie On-Call', '2025-12-01T02:00:00Z', '2025-12-01T02:00:00.123456Z');

INSERT INTO incoming_call_log.app_user (id, name, email, created_at, updated_at) VALUES
    ('11111111-1111-4111-8111-111111111111', 'Ada Lovelace', 'ada@example.com',   '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z'),
    ('22222222-2222-4222-8222-222222222222', 'Grace Hopper', 'grace@example.com', '2025-11-02T00:00:00Z', '2025-11-03T04:05:06.789Z'),
    ('33333333-3333-4333-8333-333333333333', NULL,           NULL,                '2025-11-03T00:00:00Z', '2025-11-03T00:00:00Z');

INSERT INTO incoming_call_log.call_policy (id, project_id, name, routing_phone_number, created_at, updated_at) VALUES
    ('a1000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Alpha Main Line',  '+15550000001', '2025-12-05T00:00:00Z', '2025-12-05T00:00:00Z'),
    ('a1000000-0000-4000-8000-000000000002', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Alpha Escalation', NULL,           '2025-12-05T00:00:00Z', '2025-12-06T00:00:00Z'),
    ('b1000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Bravo Line',       '+15550000003', '2025-12-05T00:00:00Z', '2025-12-05T00:00:00Z'),
    ('c1000000-0000-4000-8000-000000000001', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Charlie Line',     '+15550000004', '2025-12-05T00:00:00Z', '2025-12-05T00:00:00Z');

-- 60 call logs: 30 in A, 18 in B, 12 in C, every status, nulls, answered and
-- not, sub-millisecond times, text that needs escaping.
INSERT INTO incoming_call_log.call_log
    (id, project_id, incoming_call_policy_id, created_at, updated_at,
     caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message,
     call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents,
     started_at, ended_at, answered_by_user_id, current_escalation_rule_order, repeat_count)
SELECT format('%s-0000-4000-8000-%s', p.tag || '000000', lpad(i::text, 12, '0'))::uuid,
       p.id,
       CASE WHEN p.tag = '0a' AND i % 3 = 0 THEN 'a1000000-0000-4000-8000-000000000002'::uuid ELSE p.policy END,
       t, t + make_interval(secs => i * 7 + 0.000123),
       CASE WHEN i % 7 = 0 THEN NULL ELSE '+1555' || lpad((1230000 + i)::text, 7, '0') END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE '+1555000000' || (i % 4 + 1) END,
       CASE WHEN i % 6 = 0 THEN NULL ELSE upper(p.tag) || lpad(i::text, 4, '0') END,
       (ARRAY['Initiated', 'Ringing', 'Connected', 'Escalated', 'NoAnswer', 'Failed', 'Completed', 'CallerHungUp', 'Busy'])[i % 9 + 1],
       CASE i % 4 WHEN 0 THEN NULL WHEN 1 THEN 'He said "hi" — ünïcødé' WHEN 2 THEN E'line one\nline two\ttab' ELSE '100% busy_line \ retry' END,
       i * 11 % 600, i * 3, i, i * 2,
       CASE WHEN i % 8 = 0 THEN NULL ELSE t + interval '1 second' END,
       CASE WHEN i % 8 = 0 OR i % 5 = 0 THEN NULL ELSE t + make_interval(secs => 1 + i * 11 % 600) END,
       (ARRAY[NULL, '11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333']::uuid[])[i % 4 + 1],
       i % 3 + 1, i % 2
  FROM (VALUES ('0a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, 'a1000000-0000-4000-8000-000000000001'::uuid, 30),
               ('0b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'::uuid, 'b1000000-0000-4000-8000-000000000001'::uuid, 18),
               ('0c', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'::uuid, 'c1000000-0000-4000-8000-000000000001'::uuid, 12)) AS p(tag, id, policy, n),
       generate_series(1, p.n) AS i,
       LATERAL (SELECT timestamptz '2026-01-01T00:00:00Z' + make_interval(hours => i * 5, secs => (i % 3) * 0.000456)) AS c(t);

-- Keys of every kind, kept outside the extension for the checks.
CREATE TABLE public.upgrade_key (label text PRIMARY KEY, key text NOT NULL);
INSERT INTO public.upgrade_key (label, key) VALUES
    ('a_owner',   incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}', 'infinity', 'A owner')),
    ('a_admin',   incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectAdmin}', '2999-01-01T00:00:00Z')),
    ('a_member',  incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}', '2999-01-01T00:00:00Z', 'A member')),
    ('a_read',    incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ReadProjectIncomingCallLog}', '2999-01-01T00:00:00Z')),
    ('a_readall', incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ReadAllProjectResources,ProjectMember}', '2999-01-01T00:00:00Z')),
    ('a_none',    incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{}', '2999-01-01T00:00:00Z')),
    ('a_expired', incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}', '2020-01-01T00:00:00Z')),
    ('a_revoked', incoming_call_log.create_api_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectOwner}', '2999-01-01T00:00:00Z')),
    ('b_member',  incoming_call_log.create_api_key('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ProjectMember}', '2999-01-01T00:00:00Z')),
    ('c_owner',   incoming_call_log.create_api_key('cccccccc-cccc-4ccc-8ccc-cccccccccccc', '{ProjectOwner}', '2999-01-01T00:00:00Z', 'C owner'));
SELECT incoming_call_log.revoke_api_key(key) FROM public.upgrade_key WHERE label = 'a_revoked' \g /dev/null

-- Per-project access of SQL roles, and the two capabilities.
SELECT incoming_call_log.grant_access('icl_u_member', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ProjectMember}') \g /dev/null
SELECT incoming_call_log.grant_access('icl_u_group',  'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', '{ReadAllProjectResources}') \g /dev/null
SELECT incoming_call_log.grant_access('icl_u_two',    'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{ReadProjectIncomingCallLog}') \g /dev/null
SELECT incoming_call_log.grant_access('icl_u_two',    'cccccccc-cccc-4ccc-8ccc-cccccccccccc', '{ProjectMember}') \g /dev/null
SELECT incoming_call_log.grant_access('icl_u_report', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', '{ProjectMember}') \g /dev/null
SELECT incoming_call_log.grant_access('icl_u_noread', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{}') \g /dev/null
SELECT incoming_call_log.grant_admin('icl_u_admin') \g /dev/null
SELECT incoming_call_log.grant_writer('icl_u_writer') \g /dev/null

-- The DBA's own GRANTs: what a gateway's role needs (README), and a
-- reporting role reading the table directly.
GRANT USAGE ON SCHEMA incoming_call_log TO icl_u_gateway_api;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO icl_u_gateway_api;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_u_report;
GRANT SELECT ON incoming_call_log.call_log TO icl_u_report;

-- The writer at work: the telephony side adds a call and updates another.
SET ROLE icl_u_writer;
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, created_at, updated_at, status, caller_phone_number)
    VALUES ('0b000000-0000-4000-8000-00000000ffff', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b1000000-0000-4000-8000-000000000001',
            '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z', 'Ringing', '+15557770000');
UPDATE incoming_call_log.call_log SET status = 'Completed', updated_at = '2026-03-01T00:05:00Z'
    WHERE project_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' AND id = '0b000000-0000-4000-8000-00000000ffff';
RESET ROLE;
