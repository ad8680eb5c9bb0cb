-- test/follow/source_data.sql — OneUptime-side rows before following: 20
-- users, 6 projects with 2 policies each, :logs call logs spread over them
-- (every status, some answered, some soft-deleted, some with OneUptime's
-- nullable integers left null).  Ids are made from numbers so the test can
-- name them.
CREATE FUNCTION pg_temp.uid(kind int, n int) RETURNS uuid LANGUAGE sql IMMUTABLE
AS $$ SELECT (lpad(kind::text, 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$;

INSERT INTO "User" ("_id", "version", "name", "email", "slug", "createdAt", "updatedAt")
SELECT pg_temp.uid(1, i), 1, 'User ' || i, 'user' || i || '@example.com', 'user-' || i,
       timestamp '2025-12-01 00:00:00' + i * interval '1 minute',
       timestamp '2025-12-02 00:00:00' + i * interval '1 minute'
  FROM generate_series(1, 20) i;

INSERT INTO "Project" ("_id", "version", "name", "slug", "createdAt", "updatedAt")
SELECT pg_temp.uid(2, i), 1, 'Project ' || i, 'project-' || i,
       timestamp '2025-12-03 00:00:00' + i * interval '1 minute',
       timestamp '2025-12-03 00:00:00' + i * interval '1 minute'
  FROM generate_series(1, 6) i;

INSERT INTO "IncomingCallPolicy" ("_id", "version", "projectId", "name", "slug", "routingPhoneNumber", "createdAt", "updatedAt")
SELECT pg_temp.uid(3, i), 1, pg_temp.uid(2, (i + 1) / 2), 'Policy ' || i, 'policy-' || i,
       '+1555000' || lpad(i::text, 4, '0'),
       timestamptz '2025-12-04 00:00:00+00' + i * interval '1 minute',
       timestamptz '2025-12-04 00:00:00+00' + i * interval '1 minute'
  FROM generate_series(1, 12) i;

INSERT INTO "IncomingCallLog" ("_id", "version", "projectId", "incomingCallPolicyId", "callerPhoneNumber",
       "routingPhoneNumber", "callProviderCallId", "status", "statusMessage", "callDurationInSeconds",
       "callCostInUSDCents", "incomingCallCostInUSDCents", "outgoingCallCostInUSDCents", "startedAt", "endedAt",
       "answeredByUserId", "currentEscalationRuleOrder", "repeatCount", "createdAt", "updatedAt", "deletedAt")
SELECT pg_temp.uid(4, i), 1, pg_temp.uid(2, p), pg_temp.uid(3, 2 * p - i % 2),
       '+4930' || lpad(i::text, 7, '0'), '+1555000' || lpad((2 * p - i % 2)::text, 4, '0'),
       'CA' || md5(i::text),
       (ARRAY['Initiated', 'Ringing', 'Connected', 'Escalated', 'NoAnswer', 'Failed', 'Completed', 'CallerHungUp', 'Busy'])[1 + i % 9],
       CASE WHEN i % 4 = 0 THEN 'message ' || i END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE i % 600 END,
       CASE WHEN i % 11 = 0 THEN NULL ELSE i % 90 END, i % 40, i % 50,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second',
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second' + (i % 300) * interval '1 second',
       CASE WHEN i % 3 = 0 THEN pg_temp.uid(1, 1 + i % 20) END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + i % 3 END, i % 2,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second',
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second' + interval '5 minutes',
       CASE WHEN i % 50 = 0 THEN timestamptz '2026-01-02 00:00:00+00' END
  FROM generate_series(1, :logs) i, LATERAL (SELECT 1 + i % 6 AS p) x;

-- Soft-deleted before following (doc/following-oneuptime.md): user 19 and
-- policy 10 are answered as null relations, their ids kept, whichever of
-- the four tables the initial copy brings first.
UPDATE "User" SET "deletedAt" = timestamp '2025-12-05 00:00:00' WHERE "_id" = pg_temp.uid(1, 19);
UPDATE "IncomingCallPolicy" SET "deletedAt" = timestamptz '2025-12-05 00:00:00+00' WHERE "_id" = pg_temp.uid(3, 10);
