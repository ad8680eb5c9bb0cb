-- W9 (a), PostgREST mode: POST /rpc/get_page, body {"select": …, "limit": 10, "after": "<cursor>"}
WITH pgrst_source AS (SELECT "pgrst_call".* FROM (SELECT :body::json AS json_data) pgrst_payload,
  LATERAL (SELECT "select", "limit", "after" FROM json_to_record(pgrst_payload.json_data) AS _("select" json, "limit" integer, "after" text) LIMIT 1) pgrst_body ,
  LATERAL "incoming_call_log"."get_page"("select" := pgrst_body."select", "limit" := pgrst_body."limit", "after" := pgrst_body."after") pgrst_call)
SELECT null::bigint AS total_result_set, 1 AS page_total, coalesce(json_agg(_postgrest_t)->0, 'null') AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM (SELECT "get_page".* FROM "pgrst_source" AS "get_page"    ) _postgrest_t;
