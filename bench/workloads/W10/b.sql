-- W10 (b): GET /call_log?select=<W1's>&order=created_at.desc,id.asc&limit=10&offset=100000   Prefer: count=exact
WITH pgrst_source AS ( SELECT "incoming_call_log"."call_log"."id" AS "_id", "incoming_call_log"."call_log"."created_at" AS "createdAt",
  "incoming_call_log"."call_log"."caller_phone_number" AS "callerPhoneNumber", "incoming_call_log"."call_log"."status",
  "incoming_call_log"."call_log"."call_duration_in_seconds" AS "callDurationInSeconds", "incoming_call_log"."call_log"."started_at" AS "startedAt",
  "incoming_call_log"."call_log"."ended_at" AS "endedAt", row_to_json("call_log_answeredByUser_1".*)::jsonb AS "answeredByUser"
  FROM "incoming_call_log"."call_log"
  LEFT JOIN LATERAL ( SELECT "app_user_1"."id" AS "_id", "app_user_1"."name" FROM "incoming_call_log"."app_user" AS "app_user_1"
    WHERE "app_user_1"."id" = "incoming_call_log"."call_log"."answered_by_user_id"    ) AS "call_log_answeredByUser_1" ON TRUE
     ORDER BY "incoming_call_log"."call_log"."created_at" DESC , "incoming_call_log"."call_log"."id" ASC  LIMIT :limit OFFSET :offset ) ,
pgrst_source_count AS (SELECT 1  FROM "incoming_call_log"."call_log")
SELECT (SELECT pg_catalog.count(*) FROM pgrst_source_count) AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total,
  coalesce(json_agg(_postgrest_t), '[]') AS body, nullif(current_setting('response.headers', true), '') AS response_headers,
  nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM ( SELECT * FROM pgrst_source ) _postgrest_t;
