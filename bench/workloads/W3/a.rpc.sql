-- W3 (a), PostgREST mode: POST /rpc/get_item, body {"id": "<id>", "select": …}
-- (get_item returns a scalar json: the call is wrapped in (SELECT … pgrst_scalar); the body
--  is built here because the id is random, where PostgREST would bind the client's text)
WITH pgrst_source AS (SELECT pgrst_call.pgrst_scalar FROM (SELECT json_build_object('id', bench.log_id(:p, :k), 'select', :select::json) AS json_data) pgrst_payload,
  LATERAL (SELECT "id", "select" FROM json_to_record(pgrst_payload.json_data) AS _("id" text, "select" json) LIMIT 1) pgrst_body ,
  LATERAL (SELECT "incoming_call_log"."get_item"("id" := pgrst_body."id", "select" := pgrst_body."select") pgrst_scalar) pgrst_call)
SELECT null::bigint AS total_result_set, 1 AS page_total, coalesce(json_agg(_postgrest_t.pgrst_scalar)->0, 'null') AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM (SELECT "get_item".* FROM "pgrst_source" AS "get_item"    ) _postgrest_t;
