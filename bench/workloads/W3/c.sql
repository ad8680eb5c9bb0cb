-- W3 (c), the floor: the row by primary key, plain columns.
SELECT l.id AS "_id", l.created_at AS "createdAt", l.updated_at AS "updatedAt", l.caller_phone_number AS "callerPhoneNumber",
       l.routing_phone_number AS "routingPhoneNumber", l.status, l.status_message AS "statusMessage",
       l.call_duration_in_seconds AS "callDurationInSeconds", l.started_at AS "startedAt"
FROM incoming_call_log.call_log l
WHERE l.project_id = bench.project_id(:p) AND l.id = bench.log_id(:p, :k);
