-- W8 (c), the floor: the same groups by the same GROUP BY, plain columns (no JSON, no permission work);
--   the day bucket computed as (a)'s statement computes it (doc/aggregates.md, "How buckets are computed"),
--   where (b), the DBA's GROUP BY, writes date_trunc('day', started_at, 'UTC').
SELECT date_bin('1 day', started_at, '2401-01-01 00:00:00+00') AS "startedAt", status, count(*) AS count,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY call_duration_in_seconds) AS "callDurationInSeconds.P95"
FROM incoming_call_log.call_log
WHERE project_id = bench.project_id(:p) AND started_at >= :start AND started_at <= :end
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT :limit;
