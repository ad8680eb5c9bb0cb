-- test/upgrade/answers_csv.sql — the CSV forms (0.2.0 on) of the calls of
-- answers.sql, with the keys of fill.sql, and the Content-Range header
-- get_list_csv sets; one line per answer (line breaks shown as \n).
-- Compared between databases at the same version.  In a database without
-- the CSV forms it prints one line saying so.
\set ON_ERROR_STOP 1
\set QUIET on
\pset format unaligned
\pset tuples_only on
SET TimeZone = 'UTC';

CREATE FUNCTION pg_temp.ask(label text, sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    answer text;
BEGIN
    EXECUTE sql INTO answer;
    RETURN label || ': ' || replace(coalesce(answer, '<null>'), E'\n', '\n')
           || ' | response.headers ' || coalesce(current_setting('response.headers', true), '<unset>');
EXCEPTION WHEN OTHERS THEN
    RETURN label || ': ERROR ' || SQLSTATE || ' ' || SQLERRM;
END;
$$;

CREATE FUNCTION pg_temp.calls(who text) RETURNS SETOF text
LANGUAGE sql AS $$
    SELECT pg_temp.ask(who || ' list_csv', $q$SELECT incoming_call_log.get_list_csv(
        "select" => '{"status": true, "createdAt": true, "callerPhoneNumber": true, "statusMessage": true, "callDurationInSeconds": true,
                      "endedAt": true, "answeredByUser": {"name": true, "email": true}, "incomingCallPolicy": {"name": true}}',
        sort => '{"startedAt": "DESC"}', skip => 2, "limit" => 25)::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' list_csv empty page', $q$SELECT incoming_call_log.get_list_csv(
        "select" => '{"status": true}', query => '{"status": "Busy"}', skip => 90)::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' item_csv', $q$SELECT incoming_call_log.get_item_csv('0a000000-0000-4000-8000-000000000010',
        '{"statusMessage": true, "answeredByUser": {"name": true}}')::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' count_csv', $q$SELECT incoming_call_log.count_csv('{"status": ["Completed", "Busy"]}')::text$q$);
$$;

CREATE FUNCTION pg_temp.present(label text) RETURNS void
LANGUAGE sql AS $$
    SELECT set_config('response.headers', '', false);
    SELECT set_config('request.headers', json_build_object('apikey', key)::text, false) FROM public.upgrade_key WHERE upgrade_key.label = present.label;
$$;

SELECT 'no CSV forms in this version' WHERE to_regprocedure('incoming_call_log.get_list_csv(json,json,json,integer,integer)') IS NULL;
SELECT to_regprocedure('incoming_call_log.get_list_csv(json,json,json,integer,integer)') IS NOT NULL AS has_csv \gset
\if :has_csv
SELECT pg_temp.present('a_owner') \g /dev/null
SELECT pg_temp.calls('key a_owner');
SELECT pg_temp.present('b_member') \g /dev/null
SELECT pg_temp.calls('key b_member');
SELECT pg_temp.present('a_none') \g /dev/null
SELECT pg_temp.calls('key a_none');
SELECT pg_temp.present('a_revoked') \g /dev/null
SELECT pg_temp.calls('key a_revoked');
\endif
