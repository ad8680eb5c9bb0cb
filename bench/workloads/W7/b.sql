-- W7 (b): W2's GET /call_log?…&limit=100 with Accept: text/csv, Prefer: count=exact
--   (BuiltinOvAggCsv, SqlFragment.asCsvF: header from the first row's keys, each row as its record text)
WITH pgrst_source AS ( SELECT "incoming_call_log"."call_log"."id" AS "_id", "incoming_call_log"."call_log"."created_at" AS "createdAt",
  "incoming_call_log"."call_log"."updated_at" AS "updatedAt", "incoming_call_log"."call_log"."project_id" AS "projectId",
  "incoming_call_log"."call_log"."incoming_call_policy_id" AS "incomingCallPolicyId", "incoming_call_log"."call_log"."caller_phone_number" AS "callerPhoneNumber",
  "incoming_call_log"."call_log"."routing_phone_number" AS "routingPhoneNumber", "incoming_call_log"."call_log"."call_provider_call_id" AS "callProviderCallId",
  "incoming_call_log"."call_log"."status", "incoming_call_log"."call_log"."status_message" AS "statusMessage",
  "incoming_call_log"."call_log"."call_duration_in_seconds" AS "callDurationInSeconds", "incoming_call_log"."call_log"."call_cost_in_usd_cents" AS "callCostInUSDCents",
  "incoming_call_log"."call_log"."incoming_call_cost_in_usd_cents" AS "incomingCallCostInUSDCents",
  "incoming_call_log"."call_log"."outgoing_call_cost_in_usd_cents" AS "outgoingCallCostInUSDCents",
  "incoming_call_log"."call_log"."started_at" AS "startedAt", "incoming_call_log"."call_log"."ended_at" AS "endedAt",
  "incoming_call_log"."call_log"."answered_by_user_id" AS "answeredByUserId",
  "incoming_call_log"."call_log"."current_escalation_rule_order" AS "currentEscalationRuleOrder", "incoming_call_log"."call_log"."repeat_count" AS "repeatCount",
  row_to_json("call_log_project_1".*)::jsonb AS "project", row_to_json("call_log_incomingCallPolicy_1".*)::jsonb AS "incomingCallPolicy",
  row_to_json("call_log_answeredByUser_1".*)::jsonb AS "answeredByUser"
  FROM "incoming_call_log"."call_log"
  LEFT JOIN LATERAL ( SELECT "project_1"."id" AS "_id", "project_1"."name", "project_1"."created_at" AS "createdAt", "project_1"."updated_at" AS "updatedAt"
    FROM "incoming_call_log"."project" AS "project_1"
    WHERE "project_1"."id" = "incoming_call_log"."call_log"."project_id"    ) AS "call_log_project_1" ON TRUE
  LEFT JOIN LATERAL ( SELECT "call_policy_1"."id" AS "_id", "call_policy_1"."name", "call_policy_1"."created_at" AS "createdAt",
    "call_policy_1"."updated_at" AS "updatedAt", "call_policy_1"."project_id" AS "projectId", "call_policy_1"."routing_phone_number" AS "routingPhoneNumber"
    FROM "incoming_call_log"."call_policy" AS "call_policy_1"
    WHERE "call_policy_1"."project_id" = "incoming_call_log"."call_log"."project_id" AND "call_policy_1"."id" = "incoming_call_log"."call_log"."incoming_call_policy_id"    ) AS "call_log_incomingCallPolicy_1" ON TRUE
  LEFT JOIN LATERAL ( SELECT "app_user_1"."id" AS "_id", "app_user_1"."name", "app_user_1"."email", "app_user_1"."created_at" AS "createdAt",
    "app_user_1"."updated_at" AS "updatedAt" FROM "incoming_call_log"."app_user" AS "app_user_1"
    WHERE "app_user_1"."id" = "incoming_call_log"."call_log"."answered_by_user_id"    ) AS "call_log_answeredByUser_1" ON TRUE
     ORDER BY "incoming_call_log"."call_log"."created_at" DESC  LIMIT :limit OFFSET :offset ) ,
pgrst_source_count AS (SELECT 1  FROM "incoming_call_log"."call_log")
SELECT (SELECT pg_catalog.count(*) FROM pgrst_source_count) AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total,
  (SELECT coalesce(string_agg(a.k, ','), '')  FROM (    SELECT json_object_keys(r)::text as k    FROM (       SELECT row_to_json(hh) as r from pgrst_source as hh limit 1    ) s  ) a) || E'\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), E'\n'), '') AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers,
  nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM ( SELECT * FROM pgrst_source ) _postgrest_t;
