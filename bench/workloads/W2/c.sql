-- W2 (c), the floor: the page of 100 with every column and the three related rows, and the count.
SELECT page.*, c.count
FROM (SELECT count(*) AS count FROM incoming_call_log.call_log WHERE project_id = bench.project_id(:p)) AS c
LEFT JOIN LATERAL (
    SELECT l.id AS "_id", l.created_at AS "createdAt", l.updated_at AS "updatedAt", l.project_id AS "projectId",
           l.incoming_call_policy_id AS "incomingCallPolicyId", l.caller_phone_number AS "callerPhoneNumber",
           l.routing_phone_number AS "routingPhoneNumber", l.call_provider_call_id AS "callProviderCallId", l.status,
           l.status_message AS "statusMessage", l.call_duration_in_seconds AS "callDurationInSeconds",
           l.call_cost_in_usd_cents AS "callCostInUSDCents", l.incoming_call_cost_in_usd_cents AS "incomingCallCostInUSDCents",
           l.outgoing_call_cost_in_usd_cents AS "outgoingCallCostInUSDCents", l.started_at AS "startedAt", l.ended_at AS "endedAt",
           l.answered_by_user_id AS "answeredByUserId", l.current_escalation_rule_order AS "currentEscalationRuleOrder",
           l.repeat_count AS "repeatCount",
           p.id AS "project._id", p.name AS "project.name", p.created_at AS "project.createdAt", p.updated_at AS "project.updatedAt",
           cp.id AS "incomingCallPolicy._id", cp.name AS "incomingCallPolicy.name", cp.created_at AS "incomingCallPolicy.createdAt",
           cp.updated_at AS "incomingCallPolicy.updatedAt", cp.project_id AS "incomingCallPolicy.projectId",
           cp.routing_phone_number AS "incomingCallPolicy.routingPhoneNumber",
           u.id AS "answeredByUser._id", u.name AS "answeredByUser.name", u.email AS "answeredByUser.email",
           u.created_at AS "answeredByUser.createdAt", u.updated_at AS "answeredByUser.updatedAt"
    FROM incoming_call_log.call_log l
    LEFT JOIN incoming_call_log.project p ON p.id = l.project_id
    LEFT JOIN incoming_call_log.call_policy cp ON cp.project_id = l.project_id AND cp.id = l.incoming_call_policy_id
    LEFT JOIN incoming_call_log.app_user u ON u.id = l.answered_by_user_id
    WHERE l.project_id = bench.project_id(:p)
    ORDER BY l.created_at DESC, l.id
    LIMIT :limit OFFSET :skip) AS page ON true;
