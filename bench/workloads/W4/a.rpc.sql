-- W4 (a), PostgREST mode: POST /rpc/count, body {"query": …}
WITH pgrst_source AS (SELECT "pgrst_call".* FROM (SELECT :body::json AS json_data) pgrst_payload,
  LATERAL (SELECT "query" FROM json_to_record(pgrst_payload.json_data) AS _("query" json) LIMIT 1) pgrst_body ,
  LATERAL "incoming_call_log"."count"("query" := pgrst_body."query") pgrst_call)
SELECT null::bigint AS total_result_set, 1 AS page_total, coalesce(json_agg(_postgrest_t)->0, 'null') AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM (SELECT "count".* FROM "pgrst_source" AS "count"    ) _postgrest_t;
