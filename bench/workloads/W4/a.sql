-- W4 (a), statement mode: the call, the key in request.headers (set once per session)
SELECT * FROM incoming_call_log.count(query => :query);
