-- test/encodings/checks_multibyte.sql — one "got|want|what" line per check, in
-- a multi-byte server encoding (EUC_JP, EUC_KR, EUC_TW, EUC_CN): the
-- install scripts hold UTF-8 text, so the control file's encoding must make
-- PostgreSQL read them as UTF-8 (issue 15); that setup.sql ran at all is the
-- first check.  Runs in the session of setup.sql.
SELECT 'installed|installed|CREATE EXTENSION works in this encoding';
SELECT set_config('request.headers', json_build_object('apikey', key)::text, false) IS NOT NULL FROM enc_key \g /dev/null
SELECT pg_temp.code_of($$SELECT incoming_call_log.count('{"status": "Completed"}')$$) || '|ok|plain ASCII requests read';
SELECT pg_temp.code_of($$SELECT incoming_call_log.count('{"statusMessage": "\ud83d\ude00"}')$$) || '|22023|an escape the encoding cannot hold is 22023';
SELECT (incoming_call_log.count('{"statusMessage": {"_type": "Search", "value": "\u0041nswered"}}')).count || '|2|an ASCII \u escape is de-escaped and matches';
-- explain cuts a long parameter at a character boundary: the line stays valid
-- in the database encoding (convert_from verifies it).
SELECT CASE WHEN bool_and(convert_from(convert_to(line, current_setting('server_encoding')), current_setting('server_encoding')) = line)
            THEN 'valid' ELSE 'invalid' END || '|valid|explain lines with a multi-byte parameter cut at the limit are valid text'
  FROM incoming_call_log.explain_count(json_build_object('statusMessage', json_build_object('_type', 'Search', 'value', repeat('x', 190) || repeat(convert_from('\xe4b8ad'::bytea, 'UTF8'), 20)))) AS line;
