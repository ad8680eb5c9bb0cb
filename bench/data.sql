-- bench/data.sql — the benchmark's data, generated in the database.
--
--   psql -v projects=100 -v logs=1000000 -v large_logs=1000000 -v tiny_logs=5 -f bench/data.sql
--
-- Projects 1 .. :projects share :logs call logs round-robin (1,000,000 over
-- 100 projects: 10,000 each); project :projects + 1 is the large project
-- with :large_logs of its own; project :projects + 2 is a tiny project with
-- :tiny_logs.  Each project has 2 call policies and 10 users of its own.
--
-- Every row follows demo/demo_data.sql's realistic mix (its status weights,
-- and from the status: durations, costs, messages, who answered, whether the
-- call has ended): answeredByUser is null unless the call was answered
-- (about half the rows), callerPhoneNumber null in 5%, callProviderCallId
-- in 2%.  Two deliberate skews for the plan-choice notes of issue 6: the
-- large project has exactly one 'Busy' call (its other would-be Busy calls
-- are 'Completed', so 'Completed' is about half of its rows), and the tiny
-- project sits next to it.
--
-- Ids are functions of (project number, row number in the project), so the
-- benchmark can name a random existing row without a lookup:
-- bench.project_id(p) and bench.log_id(p, k), created by bench/setup.sql,
-- compute the same values.  Deterministic: random() is seeded.
--
-- Loading is fast on purpose: the call_log indexes (whatever the installed
-- extension defines) are dropped and re-created after the insert, with the
-- exact definitions read from the catalog; foreign-key triggers are skipped
-- (session_replication_role = replica; the rows are consistent by
-- construction); call_log is truncated in the loading transaction so that
-- with wal_level = minimal its rows are not WAL-logged.  VACUUM ANALYZE at the
-- end sets the visibility map (index-only scans) and the statistics.

\set ON_ERROR_STOP on
\if :{?projects} \else \set projects 100 \endif
\if :{?logs} \else \set logs 1000000 \endif
\if :{?large_logs} \else \set large_logs 1000000 \endif
\if :{?tiny_logs} \else \set tiny_logs 5 \endif
-- the period the calls of the shared projects, and those of the large project, spread over
-- (37,000,000 s, about 428 days from 2025-01-01: 37 s apart for a million rows)
\if :{?span} \else \set span 37000000 \endif

SET session_replication_role = replica;
SET maintenance_work_mem = '1GB';
SET client_min_messages = warning;
SELECT setseed(0.4242);

-- Projects: 1 .. :projects small, :projects + 1 large, :projects + 2 tiny.
INSERT INTO incoming_call_log.project (id, name, created_at, updated_at)
SELECT md5('bench-project-' || p)::uuid,
       CASE WHEN p = :projects + 1 THEN 'Large Corp'
            WHEN p = :projects + 2 THEN 'Tiny Shop'
            ELSE (ARRAY['Acme Support', 'Globex NOC', 'Initech Helpdesk', 'Umbrella On-Call', 'Hooli SRE'])[1 + (p - 1) % 5] || ' ' || p END,
       timestamptz '2024-06-01T00:00:00Z' + p * interval '1 hour',
       timestamptz '2024-06-01T00:00:00Z' + p * interval '1 hour'
FROM generate_series(1, :projects + 2) AS p;

-- Ten users per project (users of one tenant answer that tenant's calls).
INSERT INTO incoming_call_log.app_user (id, name, email, created_at, updated_at)
SELECT md5('bench-user-' || p || '-' || u)::uuid,
       n.name,
       lower(split_part(n.name, ' ', 1)) || '.' || p || '.' || u || '@example.com',
       timestamptz '2024-05-01T00:00:00Z' + u * interval '1 hour',
       timestamptz '2024-05-01T00:00:00Z' + u * interval '1 hour'
FROM generate_series(1, :projects + 2) AS p, generate_series(1, 10) AS u,
     LATERAL (SELECT (ARRAY['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov',
                            'Donald Knuth', 'Frances Allen', 'Ken Thompson', 'Margaret Hamilton', 'Dennis Ritchie'])[u] AS name) AS n;

-- Two policies per project: a main line with a routing number, an escalation line.
INSERT INTO incoming_call_log.call_policy (id, project_id, name, routing_phone_number, created_at, updated_at)
SELECT md5('bench-policy-' || p || '-' || k)::uuid,
       md5('bench-project-' || p)::uuid,
       CASE k WHEN 1 THEN 'Main line' ELSE 'Escalation line' END,
       '+1555' || lpad((p * 10 + k)::text, 7, '0'),
       timestamptz '2024-06-02T00:00:00Z',
       timestamptz '2024-06-02T00:00:00Z'
FROM generate_series(1, :projects + 2) AS p, generate_series(1, 2) AS k;

-- Remember call_log's indexes and index-backed constraints exactly, and drop
-- them for the load (a constraint something else depends on stays).
CREATE TEMP TABLE saved_index AS
SELECT i.indexrelid::regclass::text AS index_name,
       pg_get_indexdef(i.indexrelid) AS index_def,
       c.conname,
       pg_get_constraintdef(c.oid) AS constraint_def,
       false AS dropped
FROM pg_index i
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
WHERE i.indrelid = 'incoming_call_log.call_log'::regclass;

DO $$
DECLARE
    s record;
BEGIN
    FOR s IN SELECT * FROM saved_index LOOP
        BEGIN
            IF s.conname IS NOT NULL THEN
                EXECUTE format('ALTER TABLE incoming_call_log.call_log DROP CONSTRAINT %I', s.conname);
            ELSE
                EXECUTE format('DROP INDEX %s', s.index_name);
            END IF;
            UPDATE saved_index SET dropped = true WHERE index_name = s.index_name;
        EXCEPTION WHEN dependent_objects_still_exist OR feature_not_supported OR object_in_use THEN
            RAISE WARNING 'bench: keeping index % during the load: %', s.index_name, SQLERRM;
        END;
    END LOOP;
END
$$;

-- get_changes' capture trigger (0.3.0, issue 19) is ENABLE ALWAYS, so it would
-- fire for every loaded row even under session_replication_role = replica:
-- the load is not a change anyone follows, so it is off for the load and
-- switched back on (ALWAYS, as installed) afterwards.
SELECT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'incoming_call_log.call_log'::regclass
               AND tgname = 'call_log_changed') AS has_capture \gset
\if :has_capture
ALTER TABLE incoming_call_log.call_log DISABLE TRIGGER call_log_changed;
\endif

BEGIN;
TRUNCATE incoming_call_log.call_log;

INSERT INTO incoming_call_log.call_log
    (id, project_id, incoming_call_policy_id, created_at, updated_at,
     caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message,
     call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents,
     started_at, ended_at, answered_by_user_id, current_escalation_rule_order, repeat_count)
SELECT md5('bench-log-' || p || '-' || k)::uuid,
       md5('bench-project-' || p)::uuid,
       md5('bench-policy-' || p || '-' || pk)::uuid,
       t, t + duration * interval '1 second',
       CASE WHEN r1 < 0.05 THEN NULL ELSE '+1' || (2000000000 + floor(r2 * 7999999999))::bigint END,
       '+1555' || lpad((p * 10 + pk)::text, 7, '0'),
       CASE WHEN r1 < 0.02 THEN NULL ELSE 'CA' || md5('bench-call-' || p || '-' || k) END,
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
       CASE WHEN status IN ('Completed', 'Connected') THEN md5('bench-user-' || p || '-' || (1 + floor(r3 * 10))::int)::uuid END,
       CASE WHEN status = 'Escalated' THEN 2 + floor(r3 * 2)::int ELSE 1 END,
       CASE WHEN status = 'Escalated' THEN floor(r2 * 3)::int ELSE 0 END
FROM (
    SELECT n.p, n.k, n.pk, n.t, s.status,
           CASE WHEN s.status IN ('Completed', 'Connected', 'CallerHungUp') THEN 5 + floor(random() * 900)::int ELSE 0 END AS duration,
           CASE WHEN s.status IN ('Initiated', 'Ringing') THEN 0 ELSE 1 + floor(random() * 3)::int END AS in_cost,
           random() AS r1, random() AS r2, random() AS r3
    FROM (
        -- the shared projects: row i goes to project 1 + (i - 1) % projects, as its k-th row
        -- (timestamps with whole milliseconds, as the API shows them)
        SELECT 1 + (i - 1) % :projects AS p, 1 + (i - 1) / :projects AS k,
               1 + ((i - 1) / :projects) % 2 AS pk,
               timestamptz '2025-01-01T00:00:00Z' + floor(i * :span::float8 / greatest(:logs, 1)) * interval '1 second' + floor(random() * 1000) * interval '1 millisecond' AS t,
               false AS large
        FROM generate_series(1, :logs) AS i
        UNION ALL
        -- the large project, over the same period
        SELECT :projects + 1, k, 1 + k % 2,
               timestamptz '2025-01-01T00:00:00Z' + floor(k * :span::float8 / greatest(:large_logs, 1)) * interval '1 second' + floor(random() * 1000) * interval '1 millisecond',
               true
        FROM generate_series(1, :large_logs) AS k
        UNION ALL
        -- the tiny project
        SELECT :projects + 2, k, 1 + k % 2,
               timestamptz '2025-01-01T00:00:00Z' + k * interval '1 day',
               false
        FROM generate_series(1, :tiny_logs) AS k
    ) AS n,
    LATERAL (SELECT CASE
                 WHEN n.large AND n.k = (:large_logs + 1) / 2 THEN 'Busy'
                 WHEN w < 0.45 THEN 'Completed' WHEN w < 0.60 THEN 'NoAnswer' WHEN w < 0.70 THEN 'Escalated'
                 WHEN w < 0.78 THEN 'CallerHungUp' WHEN w < 0.84 THEN (CASE WHEN n.large THEN 'Completed' ELSE 'Busy' END)
                 WHEN w < 0.89 THEN 'Failed' WHEN w < 0.93 THEN 'Connected' WHEN w < 0.97 THEN 'Ringing' ELSE 'Initiated' END AS status
             FROM (SELECT random() + n.k * 0 AS w) AS rw) AS s
) AS g;
COMMIT;

RESET session_replication_role;
\if :has_capture
ALTER TABLE incoming_call_log.call_log ENABLE ALWAYS TRIGGER call_log_changed;
\endif

-- Put the indexes back, exactly as they were, primary key first.
SET max_parallel_maintenance_workers = 2;
DO $$
DECLARE
    s record;
BEGIN
    FOR s IN SELECT * FROM saved_index WHERE dropped ORDER BY conname IS NULL, index_name LOOP
        IF s.conname IS NOT NULL THEN
            EXECUTE format('ALTER TABLE incoming_call_log.call_log ADD CONSTRAINT %I %s', s.conname, s.constraint_def);
        ELSE
            EXECUTE s.index_def;
        END IF;
    END LOOP;
END
$$;

VACUUM ANALYZE incoming_call_log.project, incoming_call_log.app_user, incoming_call_log.call_policy, incoming_call_log.call_log;
CHECKPOINT;
