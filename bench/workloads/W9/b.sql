-- W9 (b): GET /call_log?select=<W1's>&or=(created_at.lt.X,and(created_at.eq.X,id.gt.Y))&order=created_at.desc,id.asc&limit=10
--   X, Y: createdAt and _id of the row at depth 100,000; no Prefer: count   (QueryBuilder.readPlanToQuery;
--   SqlFragment.pgFmtLogicTree: " (a OR  (b AND c))", each value an unknown-typed parameter)
WITH pgrst_source AS ( SELECT "incoming_call_log"."call_log"."id" AS "_id", "incoming_call_log"."call_log"."created_at" AS "createdAt",
  "incoming_call_log"."call_log"."caller_phone_number" AS "callerPhoneNumber", "incoming_call_log"."call_log"."status",
  "incoming_call_log"."call_log"."call_duration_in_seconds" AS "callDurationInSeconds", "incoming_call_log"."call_log"."started_at" AS "startedAt",
  "incoming_call_log"."call_log"."ended_at" AS "endedAt", row_to_json("call_log_answeredByUser_1".*)::jsonb AS "answeredByUser"
  FROM "incoming_call_log"."call_log"
  LEFT JOIN LATERAL ( SELECT "app_user_1"."id" AS "_id", "app_user_1"."name" FROM "incoming_call_log"."app_user" AS "app_user_1"
    WHERE "app_user_1"."id" = "incoming_call_log"."call_log"."answered_by_user_id"    ) AS "call_log_answeredByUser_1" ON TRUE
  WHERE   ("incoming_call_log"."call_log"."created_at" < :created_at OR  ("incoming_call_log"."call_log"."created_at" = :created_at AND "incoming_call_log"."call_log"."id" > :id))
  ORDER BY "incoming_call_log"."call_log"."created_at" DESC , "incoming_call_log"."call_log"."id" ASC  LIMIT :limit OFFSET :offset )
SELECT null::bigint AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total,
  coalesce(json_agg(_postgrest_t), '[]') AS body, nullif(current_setting('response.headers', true), '') AS response_headers,
  nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM ( SELECT * FROM pgrst_source ) _postgrest_t;
