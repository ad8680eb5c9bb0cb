-- W8 (a), PostgREST mode: POST /rpc/get_aggregate, body {"query": …, "groupBy": …, "aggregate": …, "limit": 1000}
-- (QueryBuilder.callPlanToQuery + Statements.prepareCall; get_aggregate returns one composite)
WITH pgrst_source AS (SELECT "pgrst_call".* FROM (SELECT :body::json AS json_data) pgrst_payload,
  LATERAL (SELECT "query", "groupBy", "aggregate", "limit" FROM json_to_record(pgrst_payload.json_data) AS _("query" json, "groupBy" json, "aggregate" json, "limit" integer) LIMIT 1) pgrst_body ,
  LATERAL "incoming_call_log"."get_aggregate"("query" := pgrst_body."query", "groupBy" := pgrst_body."groupBy", "aggregate" := pgrst_body."aggregate", "limit" := pgrst_body."limit") pgrst_call)
SELECT null::bigint AS total_result_set, 1 AS page_total, coalesce(json_agg(_postgrest_t)->0, 'null') AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM (SELECT "get_aggregate".* FROM "pgrst_source" AS "get_aggregate"    ) _postgrest_t;
