-- W9 (c), the floor: the page after the row at depth 100,000 by the keyset with its leading bound
-- (created_at <= X, the start of the (project_id, created_at DESC, id) index scan), plain columns.
SELECT l.id AS "_id", l.created_at AS "createdAt", l.caller_phone_number AS "callerPhoneNumber", l.status,
       l.call_duration_in_seconds AS "callDurationInSeconds", l.started_at AS "startedAt", l.ended_at AS "endedAt",
       u.id AS "answeredByUser._id", u.name AS "answeredByUser.name"
FROM incoming_call_log.call_log l
LEFT JOIN incoming_call_log.app_user u ON u.id = l.answered_by_user_id
WHERE l.project_id = bench.project_id(:p)
  AND l.created_at <= :created_at AND (l.created_at < :created_at OR (l.created_at = :created_at AND l.id > :id))
ORDER BY l.created_at DESC, l.id
LIMIT :limit;
