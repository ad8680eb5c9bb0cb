-- W8 (b): not expressible with PostgREST 12's aggregates (no time bucket, no percentile): the
--   DBA's GROUP BY, read under row-level security (the project from the key in request.headers),
--   each group as the API's object, the groups aggregated as PostgREST aggregates a read
--   (json_agg over _postgrest_t, page_total the number of groups)
WITH pgrst_source AS ( SELECT json_build_object('startedAt', g.day, 'status', g.status, 'count', g.n,
                                                'callDurationInSeconds', json_build_object('P95', g.p95)) AS o, g.day, g.status
  FROM (SELECT date_trunc('day', "incoming_call_log"."call_log"."started_at", 'UTC') AS day, "incoming_call_log"."call_log"."status",
               count(*) AS n,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY "incoming_call_log"."call_log"."call_duration_in_seconds") AS p95
          FROM "incoming_call_log"."call_log"
         WHERE "incoming_call_log"."call_log"."started_at" >= :start AND "incoming_call_log"."call_log"."started_at" <= :end
         GROUP BY 1, 2) AS g
  ORDER BY g.day, g.status LIMIT :limit )
SELECT null::bigint AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total,
  coalesce(json_agg(_postgrest_t.o ORDER BY _postgrest_t.day, _postgrest_t.status), '[]') AS body,
  nullif(current_setting('response.headers', true), '') AS response_headers,
  nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted
FROM ( SELECT * FROM pgrst_source ) _postgrest_t;
