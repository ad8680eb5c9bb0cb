-- sort, skip and limit (doc/reference.md "sort", "skip / limit"; README "Ties"):
-- the order of project A's logs for each sort form, and paging envelopes.
--
-- ordered(sort, field) runs get_list(select {field: true}, sort => sort,
-- limit 100) and prints the last two digits of each _id in the order
-- returned, with the field's value:  12=... 11=... ...
SELECT as_key('a_read') \gset
\pset format unaligned

CREATE FUNCTION pg_temp.ordered(sort text, field text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$
    SELECT string_agg(right(e ->> '_id', 2)
                      || CASE WHEN field IS NULL THEN '' ELSE '=' || (e -> field)::text END,
                      ' ' ORDER BY o)
    FROM incoming_call_log.get_list(
        CASE WHEN field IS NULL THEN NULL ELSE json_build_object(field, true) END,
        NULL, sort::json, 0, 100) AS l,
         json_array_elements(l.data) WITH ORDINALITY AS x(e, o)
$$;

-- Default sort is {"createdAt": "DESC"}: missing, null and {} sort alike.
-- 0a..05 and 0a..06 share createdAt: the tie is broken by _id ascending.
SELECT s AS sort, pg_temp.ordered(s, 'createdAt') AS "order"
FROM (VALUES (1, NULL), (2, 'null'), (3, '{}'), (4, '{"createdAt": "DESC"}')) AS t(n, s)
ORDER BY n;

-- Every direction form, on createdAt: ASC / Ascending / 1 / "asc" ascend,
-- DESC / Descending / -1 / "desc" descend.  The 05/06 tie stays 05 then 06
-- in both directions.
SELECT s AS sort, pg_temp.ordered(s) AS "order"
FROM (VALUES
    (1, '{"createdAt": "ASC"}'),
    (2, '{"createdAt": "Ascending"}'),
    (3, '{"createdAt": 1}'),
    (4, '{"createdAt": "asc"}'),
    (5, '{"createdAt": "ascending"}'),
    (6, '{"createdAt": 1.0}'),
    (7, '{"createdAt": "DESC"}'),
    (8, '{"createdAt": "Descending"}'),
    (9, '{"createdAt": -1}'),
    (10, '{"createdAt": "desc"}'),
    (11, '{"createdAt": "DESCENDING"}'),
    (12, '{"createdAt": -1e0}')
) AS t(n, s)
ORDER BY n;

-- _id itself.
SELECT s AS sort, pg_temp.ordered(s) AS "order"
FROM (VALUES (1, '{"_id": "ASC"}'), (2, '{"_id": "DESC"}'), (3, '{"_id": -1, "createdAt": 1}')) AS t(n, s)
ORDER BY n;

-- NULLs come last ascending and first descending; ties (equal values, or
-- several nulls) are broken by _id ascending in both directions.
SELECT s AS sort, pg_temp.ordered(s, f) AS "order"
FROM (VALUES
    (1, '{"startedAt": "ASC"}', 'startedAt'),
    (2, '{"startedAt": "DESC"}', 'startedAt'),
    (3, '{"endedAt": "ASC"}', 'endedAt'),
    (4, '{"endedAt": "DESC"}', 'endedAt'),
    (5, '{"callerPhoneNumber": "ASC"}', 'callerPhoneNumber'),
    (6, '{"callerPhoneNumber": "DESC"}', 'callerPhoneNumber'),
    (7, '{"answeredByUserId": "ASC"}', 'answeredByUserId'),
    (8, '{"answeredByUserId": "DESC"}', 'answeredByUserId'),
    (9, '{"statusMessage": "ASC"}', 'statusMessage')
) AS t(n, s, f)
ORDER BY n;

-- status sorts by its text; integers numerically; ties by _id.
SELECT s AS sort, pg_temp.ordered(s, f) AS "order"
FROM (VALUES
    (1, '{"status": "ASC"}', 'status'),
    (2, '{"status": "DESC"}', 'status'),
    (3, '{"callDurationInSeconds": "DESC"}', 'callDurationInSeconds'),
    (4, '{"callCostInUSDCents": "ASC"}', 'callCostInUSDCents'),
    (5, '{"repeatCount": -1}', 'repeatCount'),
    (6, '{"callProviderCallId": "ASC"}', 'callProviderCallId')
) AS t(n, s, f)
ORDER BY n;

-- Several keys, applied in the order given.
SELECT json_array_elements(data) FROM incoming_call_log.get_list(
    "select" => '{"status": true, "callDurationInSeconds": true}',
    sort => '{"status": "ASC", "callDurationInSeconds": "DESC"}', "limit" => 100);
SELECT json_array_elements(data) FROM incoming_call_log.get_list(
    "select" => '{"callDurationInSeconds": true, "status": true}',
    sort => '{"callDurationInSeconds": "DESC", "status": "ASC"}', "limit" => 100);
SELECT json_array_elements(data) FROM incoming_call_log.get_list(
    "select" => '{"incomingCallPolicyId": true, "createdAt": true}',
    sort => '{"incomingCallPolicyId": "DESC", "createdAt": "ASC"}', "limit" => 100);
SELECT json_array_elements(data) FROM incoming_call_log.get_list(
    "select" => '{"currentEscalationRuleOrder": true, "repeatCount": true, "startedAt": true}',
    sort => '{"currentEscalationRuleOrder": "Descending", "repeatCount": "Ascending", "startedAt": -1}', "limit" => 100);

-- Sort combined with a query.
SELECT row_to_json(incoming_call_log.get_list(
    "select" => '{"status": true, "startedAt": true}',
    query    => '{"status": ["Completed", "Initiated", "Failed", "Busy"]}',
    sort     => '{"startedAt": "DESC"}'));

-- Paging.  skip and limit default to 0 and 10 and are echoed.
SELECT row_to_json(incoming_call_log.get_list());
SELECT row_to_json(incoming_call_log.get_list(skip => NULL, "limit" => NULL));
SELECT row_to_json(incoming_call_log.get_list(skip => 0, "limit" => 10));
SELECT row_to_json(incoming_call_log.get_list(skip => 3));
SELECT row_to_json(incoming_call_log.get_list("limit" => 1));
SELECT row_to_json(incoming_call_log.get_list("limit" => 100));
SELECT to_jsonb(incoming_call_log.get_list("limit" => 3));

-- Pages of 5 under the default sort: every log on exactly one page.
SELECT row_to_json(incoming_call_log.get_list(skip => 0, "limit" => 5));
SELECT row_to_json(incoming_call_log.get_list(skip => 5, "limit" => 5));
SELECT row_to_json(incoming_call_log.get_list(skip => 10, "limit" => 5));
-- A page boundary inside the tie: 05 ends one page, 06 starts the next.
SELECT row_to_json(incoming_call_log.get_list(skip => 5, "limit" => 2));
SELECT row_to_json(incoming_call_log.get_list(skip => 7, "limit" => 2));

-- The last page: partial.
SELECT row_to_json(incoming_call_log.get_list(skip => 10));
SELECT row_to_json(incoming_call_log.get_list(skip => 11, "limit" => 1));

-- Skip to or past the end: no data, count still the total.
SELECT row_to_json(incoming_call_log.get_list(skip => 12));
SELECT row_to_json(incoming_call_log.get_list(skip => 13, "limit" => 1));
SELECT row_to_json(incoming_call_log.get_list(skip => 2147483647, "limit" => 100));
SELECT row_to_json(incoming_call_log.get_list(query => '{"status": "Completed"}', skip => 3));
SELECT row_to_json(incoming_call_log.get_list(query => '{"status": "Completed"}', skip => 2));
SELECT row_to_json(incoming_call_log.get_list(query => '{"status": "Example status"}', skip => 50, "limit" => 1));
