-- W9 (a), statement mode: the call, the key in request.headers (set once per session),
-- "after" the cursor naming the row at depth 100,000
SELECT * FROM incoming_call_log.get_page("select" => :select, "limit" => :limit, "after" => :after);
