-- W8 (a), statement mode: the call, the key in request.headers (set once per session)
SELECT * FROM incoming_call_log.get_aggregate(query => :query, "groupBy" => :group_by, aggregate => :aggregate, "limit" => :limit);
