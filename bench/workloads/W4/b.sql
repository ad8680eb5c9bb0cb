-- W4 (b): HEAD /call_log?status=in.(Completed,NoAnswer)&started_at=gte.<start>&started_at=lte.<end>&limit=0
--   Prefer: count=exact      (HEAD: handler NoAgg, body ''::text)
WITH pgrst_source AS ( SELECT "incoming_call_log"."call_log".* FROM "incoming_call_log"."call_log"
  WHERE  "incoming_call_log"."call_log"."status" = ANY (:statuses)  AND  "incoming_call_log"."call_log"."started_at" >= :start AND  "incoming_call_log"."call_log"."started_at" <= :end
  LIMIT :limit OFFSET :offset ) ,
pgrst_source_count AS (SELECT 1  FROM "incoming_call_log"."call_log"
  WHERE  "incoming_call_log"."call_log"."status" = ANY (:statuses)  AND  "incoming_call_log"."call_log"."started_at" >= :start AND  "incoming_call_log"."call_log"."started_at" <= :end)
SELECT (SELECT pg_catalog.count(*) FROM pgrst_source_count) AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total,
  ''::text AS body, nullif(current_setting('response.headers', true), '') AS response_headers,
  nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM ( SELECT * FROM pgrst_source ) _postgrest_t;
