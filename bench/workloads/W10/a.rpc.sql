-- W10 (a), PostgREST mode: POST /rpc/get_list, body {"select": …, "skip": 100000, "limit": 10}
WITH pgrst_source AS (SELECT "pgrst_call".* FROM (SELECT :body::json AS json_data) pgrst_payload,
  LATERAL (SELECT "select", "skip", "limit" FROM json_to_record(pgrst_payload.json_data) AS _("select" json, "skip" integer, "limit" integer) LIMIT 1) pgrst_body ,
  LATERAL "incoming_call_log"."get_list"("select" := pgrst_body."select", "skip" := pgrst_body."skip", "limit" := pgrst_body."limit") pgrst_call)
SELECT null::bigint AS total_result_set, 1 AS page_total, coalesce(json_agg(_postgrest_t)->0, 'null') AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM (SELECT "get_list".* FROM "pgrst_source" AS "get_list"    ) _postgrest_t;
