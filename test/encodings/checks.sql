-- test/encodings/checks.sql — one "got|want|what" line per check; runs in
-- the session of setup.sql (it uses the fixture's pg_temp helpers).
SELECT set_config('request.headers', json_build_object('apikey', key)::text, false) IS NOT NULL FROM enc_key \g /dev/null
SELECT pg_temp.code_of($$SELECT incoming_call_log.count('{"statusMessage": "\u4e2d"}')$$) || '|22023|a \u escape the encoding cannot hold, in a value, is 22023';
SELECT pg_temp.code_of($$SELECT incoming_call_log.get_list('{"st\u4e2datus": true}')$$) || '|22023|such an escape in a select key is 22023';
SELECT pg_temp.code_of($$SELECT incoming_call_log.count('{"status": "Completed"}')$$) || '|ok|plain ASCII requests read';
SELECT (incoming_call_log.count('{"statusMessage": {"_type": "Search", "value": "\u0041nswered"}}')).count || '|2|an ASCII \u escape is de-escaped and matches';
SELECT set_config('request.headers', '{"x-note": "\u4e2d\ud83d\ude00", ' || substr(json_build_object('apikey', key)::text, 2), false) IS NOT NULL FROM enc_key \g /dev/null
SELECT pg_temp.code_of($$SELECT incoming_call_log.count()$$) || '|ok|a header with such escapes does not stop a valid key';
SELECT set_config('request.headers', '{"apikey": "\u4e2d"}', false) \g /dev/null
SELECT pg_temp.code_of($$SELECT incoming_call_log.count()$$) || '|PT401|an apikey made of such an escape is simply not a key';
