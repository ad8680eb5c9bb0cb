-- W10 (c), the floor: the page at offset 100,000 (W9's depth) and the project's count, plain columns.
SELECT page.*, c.count
FROM (SELECT count(*) AS count FROM incoming_call_log.call_log WHERE project_id = bench.project_id(:p)) AS c
LEFT JOIN LATERAL (
    SELECT l.id AS "_id", l.created_at AS "createdAt", l.caller_phone_number AS "callerPhoneNumber", l.status,
           l.call_duration_in_seconds AS "callDurationInSeconds", l.started_at AS "startedAt", l.ended_at AS "endedAt",
           u.id AS "answeredByUser._id", u.name AS "answeredByUser.name"
    FROM incoming_call_log.call_log l
    LEFT JOIN incoming_call_log.app_user u ON u.id = l.answered_by_user_id
    WHERE l.project_id = bench.project_id(:p)
    ORDER BY l.created_at DESC, l.id
    LIMIT :limit OFFSET :skip) AS page ON true;
