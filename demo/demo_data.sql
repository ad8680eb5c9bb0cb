-- demo/demo_data.sql — fill incoming_call_log's tables with realistic demo
-- data: :logs call logs spread over :projects projects, with every status,
-- phone numbers, durations and costs that agree with each other, answered
-- calls naming a user and the rest not, ongoing calls without an end.
--
--   psql -v projects=3 -v logs=1000 -f demo/demo_data.sql
--
-- Deterministic: ids are derived from numbers, and random() is seeded, so
-- the same variables give the same rows.  Needs the extension installed.

\if :{?projects}
\else
\set projects 3
\endif
\if :{?logs}
\else
\set logs 1000
\endif

SELECT setseed(0.4242);

INSERT INTO incoming_call_log.project (id, name, created_at, updated_at)
SELECT md5('demo-project-' || p)::uuid,
       (ARRAY['Acme Support', 'Globex NOC', 'Initech Helpdesk', 'Umbrella On-Call', 'Hooli SRE'])[1 + (p - 1) % 5]
           || CASE WHEN p > 5 THEN ' ' || p ELSE '' END,
       timestamptz '2025-06-01T00:00:00Z' + (p - 1) * interval '1 day',
       timestamptz '2025-06-01T00:00:00Z' + (p - 1) * interval '1 day'
FROM generate_series(1, :projects) AS p;

INSERT INTO incoming_call_log.app_user (id, name, email, created_at, updated_at)
SELECT md5('demo-user-' || u)::uuid,
       n.name,
       lower(split_part(n.name, ' ', 1)) || '.' || u || '@example.com',
       timestamptz '2025-05-01T00:00:00Z' + u * interval '1 hour',
       timestamptz '2025-05-01T00:00:00Z' + u * interval '1 hour'
FROM generate_series(1, 12) AS u,
     LATERAL (SELECT (ARRAY['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov',
                            'Donald Knuth', 'Frances Allen', 'Ken Thompson', 'Margaret Hamilton', 'Dennis Ritchie',
                            'Radia Perlman', 'John McCarthy'])[u] AS name) AS n;

-- Two policies per project: a main line with a routing number, an escalation line.
INSERT INTO incoming_call_log.call_policy (id, project_id, name, routing_phone_number, created_at, updated_at)
SELECT md5('demo-policy-' || p || '-' || k)::uuid,
       md5('demo-project-' || p)::uuid,
       CASE k WHEN 1 THEN 'Main line' ELSE 'Escalation line' END,
       '+1555' || lpad((p * 10 + k)::text, 7, '0'),
       timestamptz '2025-06-02T00:00:00Z',
       timestamptz '2025-06-02T00:00:00Z'
FROM generate_series(1, :projects) AS p, generate_series(1, 2) AS k;

INSERT INTO incoming_call_log.call_log
    (id, project_id, incoming_call_policy_id, created_at, updated_at,
     caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message,
     call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents,
     started_at, ended_at, answered_by_user_id, current_escalation_rule_order, repeat_count)
SELECT md5('demo-log-' || i)::uuid,
       md5('demo-project-' || p)::uuid,
       md5('demo-policy-' || p || '-' || k)::uuid,
       t, t + duration * interval '1 second',
       CASE WHEN r1 < 0.05 THEN NULL ELSE '+1' || (2000000000 + floor(r2 * 7999999999))::bigint END,
       '+1555' || lpad((p * 10 + k)::text, 7, '0'),
       CASE WHEN r1 < 0.02 THEN NULL ELSE 'CA' || md5('demo-call-' || i) END,
       status,
       CASE status
           WHEN 'Completed' THEN 'Answered after ' || (1 + floor(r3 * 4))::int || ' ring(s)'
           WHEN 'Failed' THEN 'Provider error 31' || lpad(floor(r3 * 100)::text, 3, '0')
           WHEN 'NoAnswer' THEN 'No one answered within 30 seconds'
           WHEN 'Escalated' THEN 'Escalated to rule ' || (2 + floor(r3 * 2))::int
           ELSE NULL END,
       duration,
       duration / 6 + in_cost,
       in_cost,
       duration / 6,
       CASE WHEN status = 'Initiated' THEN NULL ELSE t END,
       CASE WHEN status IN ('Initiated', 'Ringing', 'Connected') THEN NULL ELSE t + duration * interval '1 second' END,
       CASE WHEN status IN ('Completed', 'Connected') THEN md5('demo-user-' || (1 + floor(r3 * 12))::int)::uuid END,
       CASE WHEN status = 'Escalated' THEN 2 + floor(r3 * 2)::int ELSE 1 END,
       CASE WHEN status = 'Escalated' THEN floor(r2 * 3)::int ELSE 0 END
FROM (
    SELECT i,
           1 + i % :projects AS p,
           1 + (i / :projects) % 2 AS k,
           timestamptz '2026-01-01T00:00:00Z' + i * interval '37 seconds' + floor(random() * 1000) * interval '1 millisecond' AS t,
           s.status,
           CASE WHEN s.status IN ('Completed', 'Connected', 'CallerHungUp') THEN 5 + floor(random() * 900)::int ELSE 0 END AS duration,
           CASE WHEN s.status IN ('Initiated', 'Ringing') THEN 0 ELSE 1 + floor(random() * 3)::int END AS in_cost,
           random() AS r1, random() AS r2, random() AS r3
    FROM generate_series(1, :logs) AS i,
         LATERAL (SELECT CASE
                      WHEN w < 0.45 THEN 'Completed' WHEN w < 0.60 THEN 'NoAnswer' WHEN w < 0.70 THEN 'Escalated'
                      WHEN w < 0.78 THEN 'CallerHungUp' WHEN w < 0.84 THEN 'Busy' WHEN w < 0.89 THEN 'Failed'
                      WHEN w < 0.93 THEN 'Connected' WHEN w < 0.97 THEN 'Ringing' ELSE 'Initiated' END AS status
                  FROM (SELECT random() + i * 0 AS w) AS rw) AS s
) AS g;

ANALYZE incoming_call_log.project, incoming_call_log.app_user, incoming_call_log.call_policy, incoming_call_log.call_log;
