-- W3 (a), statement mode: the call, the key in request.headers (set once per session)
SELECT incoming_call_log.get_item(bench.log_id(:p, :k)::text, :select) AS item;
