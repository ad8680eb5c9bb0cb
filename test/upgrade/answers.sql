-- test/upgrade/answers.sql — what a fixed set of calls answers, one line
-- each: get_list / get_item / count with the keys of fill.sql (every
-- permission, three projects, and the refused ones), and as the granted SQL
-- roles with and without tenantid.  Compared between databases (before and
-- after an update, a fresh install, a restored dump).  Prints only the
-- answers; an error answers "ERROR <SQLSTATE> <message>".
\set ON_ERROR_STOP 1
\set QUIET on
\pset format unaligned
\pset tuples_only on
SET TimeZone = 'UTC';

-- label: the call's answer as text, or its error.
CREATE FUNCTION pg_temp.ask(label text, sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    answer text;
BEGIN
    EXECUTE sql INTO answer;
    RETURN label || ': ' || coalesce(answer, '<null>');
EXCEPTION WHEN OTHERS THEN
    RETURN label || ': ERROR ' || SQLSTATE || ' ' || SQLERRM;
END;
$$;

-- The calls asked of every caller.
CREATE FUNCTION pg_temp.calls(who text) RETURNS SETOF text
LANGUAGE sql AS $$
    SELECT pg_temp.ask(who || ' list default', $q$SELECT row_to_json(incoming_call_log.get_list())::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' list full', $q$SELECT row_to_json(incoming_call_log.get_list(
        "select" => '{"status": true, "createdAt": true, "updatedAt": true, "callerPhoneNumber": true, "routingPhoneNumber": true,
                      "callProviderCallId": true, "statusMessage": true, "callDurationInSeconds": true, "callCostInUSDCents": true,
                      "incomingCallCostInUSDCents": true, "outgoingCallCostInUSDCents": true, "startedAt": true, "endedAt": true,
                      "currentEscalationRuleOrder": true, "repeatCount": true, "projectId": true, "incomingCallPolicyId": true,
                      "answeredByUserId": true, "project": {"name": true}, "answeredByUser": {"name": true, "email": true},
                      "incomingCallPolicy": {"name": true, "routingPhoneNumber": true, "projectId": true}}',
        sort => '{"startedAt": "ASC", "status": "DESC"}', skip => 3, "limit" => 100))::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' list query', $q$SELECT row_to_json(incoming_call_log.get_list(
        "select" => '{"status": true, "callDurationInSeconds": true, "startedAt": true}',
        query => '{"status": ["Completed", "NoAnswer", "Busy", "Ringing"], "callDurationInSeconds": {"_type": "GreaterThan", "value": 20},
                   "startedAt": {"_type": "InBetween", "startValue": "2026-01-01", "endValue": "2026-01-07T12:00:00Z"}}',
        sort => '{"callDurationInSeconds": -1}', "limit" => 5))::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' list search', $q$SELECT row_to_json(incoming_call_log.get_list(
        "select" => '{"statusMessage": true}',
        query => '{"statusMessage": {"_type": "Search", "value": "SAID \"hi"}, "answeredByUserId": {"_type": "NotNull"}}', "limit" => 100))::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' item A', $q$SELECT incoming_call_log.get_item('0A000000-0000-4000-8000-000000000007',
        '{"status": true, "answeredByUser": {"name": true}, "incomingCallPolicy": true, "endedAt": true}')::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' item B', $q$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-00000000ffff',
        '{"status": true, "createdAt": true, "updatedAt": true}')::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' item C', $q$SELECT incoming_call_log.get_item('0c000000-0000-4000-8000-000000000012')::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' count', $q$SELECT row_to_json(incoming_call_log.count())::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' count query', $q$SELECT row_to_json(incoming_call_log.count(
        '{"callerPhoneNumber": {"_type": "StartsWith", "value": "+155512300"}, "repeatCount": 1}'))::text$q$)
    UNION ALL
    SELECT pg_temp.ask(who || ' bad request', $q$SELECT row_to_json(incoming_call_log.count('{"nope": 1}'))::text$q$);
$$;

CREATE FUNCTION pg_temp.headers(apikey text, tenantid text) RETURNS void
LANGUAGE sql AS $$
    SELECT set_config('request.headers', json_strip_nulls(json_build_object('apikey', apikey, 'tenantid', tenantid))::text, false);
$$;

-- API keys.
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'a_owner' \g /dev/null
SELECT pg_temp.calls('key a_owner');
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'a_admin' \g /dev/null
SELECT pg_temp.calls('key a_admin');
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'a_member' \g /dev/null
SELECT pg_temp.calls('key a_member');
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'a_read' \g /dev/null
SELECT pg_temp.calls('key a_read');
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'a_readall' \g /dev/null
SELECT pg_temp.calls('key a_readall');
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'a_none' \g /dev/null
SELECT pg_temp.calls('key a_none');
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'a_expired' \g /dev/null
SELECT pg_temp.calls('key a_expired');
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'a_revoked' \g /dev/null
SELECT pg_temp.calls('key a_revoked');
SELECT pg_temp.headers(key, NULL) FROM public.upgrade_key WHERE label = 'b_member' \g /dev/null
SELECT pg_temp.calls('key b_member');
SELECT pg_temp.headers(key, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb') FROM public.upgrade_key WHERE label = 'c_owner' \g /dev/null
SELECT pg_temp.calls('key c_owner naming B');
SELECT pg_temp.headers(key, 'cccccccc-cccc-4ccc-8ccc-cccccccccccc') FROM public.upgrade_key WHERE label = 'c_owner' \g /dev/null
SELECT pg_temp.calls('key c_owner naming C');
SELECT pg_temp.headers('icl_0000000000000000000000000000000000000000000000000000000000000000', NULL) \g /dev/null
SELECT pg_temp.calls('unknown key');

-- SQL roles (the session's superuser reads as an admin only when naming a project).
SELECT pg_temp.headers(NULL, NULL) \g /dev/null
SET ROLE icl_u_member;
SELECT pg_temp.calls('role member');
RESET ROLE;
SET ROLE icl_u_inherit;
SELECT pg_temp.calls('role inherit');
RESET ROLE;
SET ROLE icl_u_two;
SELECT pg_temp.calls('role two, no tenantid');
RESET ROLE;
SET ROLE icl_u_noread;
SELECT pg_temp.calls('role noread');
RESET ROLE;
SET ROLE icl_u_gateway_api;
SELECT pg_temp.calls('role gateway_api');
RESET ROLE;
SELECT pg_temp.headers(NULL, 'cccccccc-cccc-4ccc-8ccc-cccccccccccc') \g /dev/null
SET ROLE icl_u_two;
SELECT pg_temp.calls('role two naming C');
RESET ROLE;
SET ROLE icl_u_admin;
SELECT pg_temp.calls('role admin naming C');
RESET ROLE;
SET ROLE icl_u_writer;
SELECT pg_temp.calls('role writer naming C');
SELECT pg_temp.ask('role writer reads the table', $q$SELECT count(*)::text FROM incoming_call_log.call_log$q$);
RESET ROLE;
SET ROLE icl_u_report;
SELECT pg_temp.ask('role report reads the table', $q$SELECT count(*)::text FROM incoming_call_log.call_log$q$);
SELECT pg_temp.calls('role report naming C');
RESET ROLE;
SELECT pg_temp.headers(NULL, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb') \g /dev/null
SET ROLE icl_u_admin;
SELECT pg_temp.calls('role admin naming B');
RESET ROLE;
SET ROLE icl_u_inherit;
SELECT pg_temp.calls('role inherit naming B');
RESET ROLE;
SELECT pg_temp.calls('superuser naming B');
