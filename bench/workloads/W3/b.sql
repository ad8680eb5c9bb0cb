-- W3 (b): GET /call_log?select=<8 fields>&id=eq.<id>   Accept: application/vnd.pgrst.object+json
--   (BuiltinAggSingleJson: json_agg(...)->0; no count, no LIMIT: PostgREST checks page_total = 1)
WITH pgrst_source AS ( SELECT "incoming_call_log"."call_log"."id" AS "_id", "incoming_call_log"."call_log"."created_at" AS "createdAt",
  "incoming_call_log"."call_log"."updated_at" AS "updatedAt", "incoming_call_log"."call_log"."caller_phone_number" AS "callerPhoneNumber",
  "incoming_call_log"."call_log"."routing_phone_number" AS "routingPhoneNumber", "incoming_call_log"."call_log"."status",
  "incoming_call_log"."call_log"."status_message" AS "statusMessage", "incoming_call_log"."call_log"."call_duration_in_seconds" AS "callDurationInSeconds",
  "incoming_call_log"."call_log"."started_at" AS "startedAt"
  FROM "incoming_call_log"."call_log" WHERE  "incoming_call_log"."call_log"."id" = bench.log_id(:p, :k)     )
SELECT null::bigint AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, coalesce(json_agg(_postgrest_t)->0, 'null') AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status,
  '' AS response_inserted
FROM ( SELECT * FROM pgrst_source ) _postgrest_t;
