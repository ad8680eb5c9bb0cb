-- W10 (a), statement mode: the call, the key in request.headers (set once per session), skip = W9's depth
SELECT * FROM incoming_call_log.get_list("select" => :select, skip => :skip, "limit" => :limit);
