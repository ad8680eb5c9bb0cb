-- W8 (c), the floor: the same groups by the same GROUP BY, plain columns (no JSON, no permission work).
SELECT date_trunc('day', started_at, 'UTC') AS "startedAt", status, count(*) AS count,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY call_duration_in_seconds) AS "callDurationInSeconds.P95"
FROM incoming_call_log.call_log
WHERE project_id = bench.project_id(:p) AND started_at >= :start AND started_at <= :end
GROUP BY 1, 2
ORDER BY 1, 2
LIMIT :limit;
