-- W2 (a), statement mode: the call, the key in request.headers (set once per session)
SELECT * FROM incoming_call_log.get_list("select" => :select, "limit" => :limit);
