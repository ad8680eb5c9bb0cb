-- W7 (a), statement mode: the CSV call (doc/reference.md#csv), the key in request.headers (set once per session)
SELECT incoming_call_log.get_list_csv("select" => :select, "limit" => :limit) AS csv;
