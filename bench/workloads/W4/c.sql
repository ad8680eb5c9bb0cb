-- W4 (c), the floor: the count alone.
SELECT count(*) AS count FROM incoming_call_log.call_log
WHERE project_id = bench.project_id(:p) AND status = ANY (:statuses) AND started_at >= :start AND started_at <= :end;
