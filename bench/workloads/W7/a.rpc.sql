-- W7 (a), PostgREST mode: POST /rpc/get_list_csv, Accept: text/csv, body {"select": …, "limit": 100}
-- The function returns the domain incoming_call_log."text/csv", so PostgREST's media handler is the
-- domain itself (SchemaCache.mediaHandlers, Plan.negotiateContent → CustomFunc; customFuncF writes
-- the call "<schema>"."text/csv"(_postgrest_t.pgrst_scalar)); the function sets response.headers.
WITH pgrst_source AS (SELECT pgrst_call.pgrst_scalar FROM (SELECT :body::json AS json_data) pgrst_payload,
  LATERAL (SELECT "select", "limit" FROM json_to_record(pgrst_payload.json_data) AS _("select" json, "limit" integer) LIMIT 1) pgrst_body ,
  LATERAL (SELECT "incoming_call_log"."get_list_csv"("select" := pgrst_body."select", "limit" := pgrst_body."limit") pgrst_scalar) pgrst_call)
SELECT null::bigint AS total_result_set, 1 AS page_total, "incoming_call_log"."text/csv"(_postgrest_t.pgrst_scalar) AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM (SELECT "get_list_csv".* FROM "pgrst_source" AS "get_list_csv"    ) _postgrest_t;
