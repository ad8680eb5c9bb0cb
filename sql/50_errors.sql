-- Refusals (doc/reference.md: the order of checks, the errors table): the SQLSTATE, message,
-- detail and hint of each kind, as api_error() shows them.  These pin the
-- wording a client (and PostgREST's error body) sees.
SELECT as_key('a_read') \gset
\pset format unaligned

CREATE FUNCTION pg_temp.select_error(sel text) RETURNS text LANGUAGE sql AS $$
    SELECT api_error(format('SELECT incoming_call_log.get_list("select" => %L)', sel))
$$;
CREATE FUNCTION pg_temp.query_error(query text) RETURNS text LANGUAGE sql AS $$
    SELECT api_error(format('SELECT incoming_call_log.get_list(query => %L)', query))
$$;
CREATE FUNCTION pg_temp.sort_error(sort text) RETURNS text LANGUAGE sql AS $$
    SELECT api_error(format('SELECT incoming_call_log.get_list(sort => %L)', sort))
$$;
-- count() with request.headers set to the given text (for this transaction).
CREATE FUNCTION pg_temp.count_error_with_headers(headers text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('request.headers', headers, true);
    RETURN api_error('SELECT incoming_call_log.count()');
END;
$$;

-------------------------------------------------------------------------------
-- PT401: no key presented.  The caller is an ordinary role with just what a
-- gateway role needs (USAGE, EXECUTE) and no project grant.
-------------------------------------------------------------------------------
CREATE ROLE regress_icl_errors_anon NOLOGIN;
GRANT USAGE ON SCHEMA incoming_call_log TO regress_icl_errors_anon;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO regress_icl_errors_anon;
SET ROLE regress_icl_errors_anon;

-- request.headers absent, then empty.
RESET request.headers;
SELECT api_error('SELECT incoming_call_log.get_list()') AS "absent: get_list",
       api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$) AS "get_item",
       api_error('SELECT incoming_call_log.count()') AS "count";
SELECT h AS "request.headers", pg_temp.count_error_with_headers(h) AS error
FROM (VALUES
    (1, ''),
    (2, '{}'),
    (3, 'null'),
    (4, '[]'),
    (5, '"icl_0000"'),
    (6, '42'),
    (7, 'not json at all'),
    (8, '[{"apikey": "icl_0000"}]'),
    (9, '{"apikey": ""}'),
    (10, '{"apikey": null}'),
    (11, '{"apikey": 12345}'),
    (12, '{"apikey": ["icl_0000"]}'),
    (13, '{"ApiKey": "icl_0000"}'),
    (14, '{"headers": {"apikey": "icl_0000"}}'),
    (15, '{"apikey": "icl_0000", "apikey": "icl_1111"}'),
    (16, '{"tenantid": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}')
) AS t(n, h)
ORDER BY n;

-- The caller is checked first: a bad request from an unauthenticated
-- caller is still PT401, whatever else is wrong with it.
SELECT set_config('request.headers', '', false) IS NOT NULL AS no_key;
SELECT api_error($$SELECT incoming_call_log.get_list("select" => '{"nope": true}', query => '[]', sort => '1', skip => -1, "limit" => 0)$$) AS "bad request, no key";
SELECT api_error($$SELECT incoming_call_log.get_item(NULL)$$) AS "null id, no key";
SELECT api_error($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001')$$) AS "another project's id, no key";

RESET ROLE;
-- A superuser (an admin) that presents no key and names no project.
SELECT set_config('request.headers', '{}', false) IS NOT NULL AS no_key;
SELECT replace(api_error('SELECT incoming_call_log.count()'), '"' || current_user || '"', '"<superuser>"') AS "superuser, no key";

REVOKE ALL ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                       incoming_call_log.get_item(text, json),
                       incoming_call_log.count(json) FROM regress_icl_errors_anon;
REVOKE ALL ON SCHEMA incoming_call_log FROM regress_icl_errors_anon;
DROP ROLE regress_icl_errors_anon;

-------------------------------------------------------------------------------
-- PT401: a key that is unknown, expired or revoked.
-------------------------------------------------------------------------------
SELECT h AS "request.headers", pg_temp.count_error_with_headers(h) AS error
FROM (VALUES
    (1, '{"apikey": "icl_0000000000000000000000000000000000000000000000000000000000000000"}'),
    (2, '{"apikey": "not a key"}'),
    (3, '{"apikey": "'' OR 1=1 --"}')
) AS t(n, h)
ORDER BY n;

-- The expired key's expiry as the detail must show it (UTC ISO-8601, ms),
-- shown below as <expires_at> (the fixture's key expired a day before the run).
SELECT to_char(a.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS a_expired_at
FROM incoming_call_log.api_key a JOIN fixture_key k ON a.key_hash = sha256(convert_to(k.key, 'UTF8'))
WHERE k.label = 'a_expired' \gset
SELECT as_key('a_expired') \gset
SELECT replace(api_error('SELECT incoming_call_log.get_list()'), :'a_expired_at', '<expires_at>') AS "expired: get_list",
       replace(api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$), :'a_expired_at', '<expires_at>') AS "get_item",
       replace(api_error('SELECT incoming_call_log.count()'), :'a_expired_at', '<expires_at>') AS "count";
SELECT as_key('a_revoked') \gset
SELECT api_error('SELECT incoming_call_log.get_list()') AS "revoked: get_list",
       api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$) AS "get_item",
       api_error('SELECT incoming_call_log.count()') AS "count";
-- A key in another member than apikey, with a valid key beside a bad one:
-- only apikey counts, and the bad key is refused.
SELECT set_config('request.headers',
                  json_build_object('apikey', 'icl_bad', 'authorization', 'Bearer ' || key)::text, false) IS NOT NULL AS presented
FROM fixture_key WHERE label = 'a_read';
SELECT api_error('SELECT incoming_call_log.count()') AS "bad apikey, good authorization";
-- An expired key with a bad request: PT401 first.
SELECT as_key('a_expired') \gset
SELECT replace(api_error($$SELECT incoming_call_log.get_item('nope', '{"nope": true}')$$), :'a_expired_at', '<expires_at>') AS "expired key, bad request";

-------------------------------------------------------------------------------
-- PT403: authenticated, no read permission; a tenantid not the key's.
-------------------------------------------------------------------------------
SELECT as_key('a_none') \gset
SELECT api_error('SELECT incoming_call_log.get_list()') AS "no permission: get_list",
       api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$) AS "get_item",
       api_error('SELECT incoming_call_log.count()') AS "count";
-- Permission is checked before the request and the item.
SELECT api_error($$SELECT incoming_call_log.get_list(query => '{"nope": 1}', "limit" => 0)$$) AS "no permission, bad request";
SELECT api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000ff')$$) AS "no permission, absent id";

SELECT set_config('request.headers',
                  json_build_object('apikey', key, 'tenantid', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')::text, false) IS NOT NULL AS presented
FROM fixture_key WHERE label = 'a_read';
SELECT api_error('SELECT incoming_call_log.count()') AS "A's key, tenantid B";
SELECT set_config('request.headers',
                  json_build_object('apikey', key, 'tenantid', 'not-a-uuid')::text, false) IS NOT NULL AS presented
FROM fixture_key WHERE label = 'a_read';
SELECT api_error('SELECT incoming_call_log.count()') AS "A's key, malformed tenantid";
-- tenantid naming the key's own project (any uuid spelling) is accepted.
SELECT set_config('request.headers',
                  json_build_object('apikey', key, 'tenantid', 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA')::text, false) IS NOT NULL AS presented
FROM fixture_key WHERE label = 'a_read';
SELECT row_to_json(incoming_call_log.count()) AS "A's key, tenantid A";

-------------------------------------------------------------------------------
-- 22023: malformed select.
-------------------------------------------------------------------------------
SELECT as_key('a_read') \gset
SELECT s AS "select", pg_temp.select_error(s) AS error
FROM (VALUES
    (1, '"status"'),
    (2, '["status"]'),
    (3, 'true'),
    (4, '1'),
    (5, '{"nope": true}'),
    (6, '{"Status": true}'),
    (7, '{"status_message": true}'),
    (8, '{"status": 1}'),
    (9, '{"status": "true"}'),
    (10, '{"status": null}'),
    (11, '{"status": {}}'),
    (12, '{"_id": "yes"}'),
    (13, '{"project": "yes"}'),
    (14, '{"answeredByUser": null}'),
    (15, '{"incomingCallPolicy": ["name"]}'),
    (16, '{"project": {"email": true}}'),
    (17, '{"project": {"projectId": true}}'),
    (18, '{"answeredByUser": {"routingPhoneNumber": true}}'),
    (19, '{"incomingCallPolicy": {"status": true}}'),
    (20, '{"answeredByUser": {"name": 1}}'),
    (21, '{"answeredByUser": {"name": {"first": true}}}'),
    (22, '{"project": {"_id": null}}'),
    (23, '{"status": true, "status": false}'),
    (24, '{"project": {"name": true, "name": true}}'),
    (25, '{"status; DROP TABLE incoming_call_log.call_log; --": true}'),
    (26, '{"st\u0000atus": true}'),
    (27, '{"status": "' || repeat('x', 150) || '"}')
) AS t(n, s)
ORDER BY n;
-- Deeply nested select.
SELECT pg_temp.select_error(repeat('{"project":', 40) || 'true' || repeat('}', 40)) AS "select nested 40 deep";
-- get_item checks select the same way.
SELECT api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"nope": true}')$$) AS "get_item select";
SELECT api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '[]')$$) AS "get_item select array";

-------------------------------------------------------------------------------
-- 22023: malformed query.
-------------------------------------------------------------------------------
SELECT q AS query, pg_temp.query_error(q) AS error
FROM (VALUES
    -- not an object
    (1, '[]'),
    (2, '"status"'),
    (3, '1'),
    -- unknown or unfilterable key
    (4, '{"nope": 1}'),
    (5, '{"project": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}'),
    (6, '{"answeredByUser": null}'),
    (7, '{"status": "Busy", "status": "Failed"}'),
    -- a plain value of the wrong type
    (8, '{"status": 1}'),
    (9, '{"statusMessage": true}'),
    (10, '{"callDurationInSeconds": "5"}'),
    (11, '{"callDurationInSeconds": 5.5}'),
    (12, '{"callDurationInSeconds": 1e-1}'),
    (13, '{"callDurationInSeconds": 2147483648}'),
    (14, '{"callDurationInSeconds": -2147483649}'),
    (15, '{"callDurationInSeconds": 1e400}'),
    (16, '{"callDurationInSeconds": true}'),
    (17, '{"_id": "not-a-uuid"}'),
    (18, '{"_id": "0a000000-0000-4000-8000-00000000001"}'),
    (19, '{"projectId": 5}'),
    (20, '{"answeredByUserId": ["11111111-1111-4111-8111-111111111111", "x"]}'),
    (21, '{"createdAt": "yesterday"}'),
    (22, '{"createdAt": "2026-02-30"}'),
    (23, '{"createdAt": "2026-01-01T24:00:00Z"}'),
    (24, '{"createdAt": "2026-01-01T12:00:00+25:00"}'),
    (25, '{"createdAt": "01/02/2026"}'),
    (26, '{"createdAt": 20260101}'),
    (27, '{"callerPhoneNumber": "555-1234"}'),
    (28, '{"callerPhoneNumber": "+0123456789"}'),
    (29, '{"routingPhoneNumber": "+123456"}'),
    (30, '{"callerPhoneNumber": 15551230001}'),
    (31, '{"_id": "' || repeat('f', 150) || '"}'),
    -- lists
    (32, '{"status": ["Busy", null]}'),
    (33, '{"callDurationInSeconds": [1, "2"]}'),
    (34, '{"status": {"_type": "Includes", "value": "Busy"}}'),
    (35, '{"status": {"_type": "IncludesNone", "value": [null]}}'),
    -- operator objects
    (36, '{"status": {"value": "Busy"}}'),
    (37, '{"status": {"_type": 1, "value": "Busy"}}'),
    (38, '{"status": {"_type": "Contains", "value": "Busy"}}'),
    (39, '{"status": {"_type": "equalto", "value": "Busy"}}'),
    (40, '{"status": {"_type": "EqualTo"}}'),
    (41, '{"status": {"_type": "EqualTo", "value": null}}'),
    (42, '{"status": {"_type": "EqualTo", "value": "Busy", "extra": 1}}'),
    (43, '{"callDurationInSeconds": {"_type": "InBetween", "startValue": 1}}'),
    (44, '{"callDurationInSeconds": {"_type": "InBetween", "startValue": 1, "endValue": null}}'),
    (45, '{"callDurationInSeconds": {"_type": "InBetween", "value": 1}}'),
    (46, '{"status": {"_type": "IsNull", "value": true}}'),
    (47, '{"createdAt": {"_type": "GreaterThan", "value": "soon"}}'),
    -- text operators
    (48, '{"callDurationInSeconds": {"_type": "Search", "value": "1"}}'),
    (49, '{"createdAt": {"_type": "StartsWith", "value": "2026"}}'),
    (50, '{"_id": {"_type": "EndsWith", "value": "01"}}'),
    (51, '{"status": {"_type": "Search", "value": 1}}'),
    (52, '{"status": {"_type": "NotContains"}}'),
    -- MultiSearch
    (53, '{"statusMessage": {"_type": "MultiSearch", "value": "a"}}'),
    (54, '{"statusMessage": {"_type": "MultiSearch", "fields": "statusMessage", "value": "a"}}'),
    (55, '{"statusMessage": {"_type": "MultiSearch", "fields": [1], "value": "a"}}'),
    (56, '{"statusMessage": {"_type": "MultiSearch", "fields": ["nope"], "value": "a"}}'),
    (57, '{"statusMessage": {"_type": "MultiSearch", "fields": ["callDurationInSeconds"], "value": "a"}}'),
    (58, '{"callDurationInSeconds": {"_type": "MultiSearch", "fields": ["statusMessage"], "value": "a"}}'),
    (59, '{"statusMessage": {"_type": "MultiSearch", "fields": ["project"], "value": "a"}}'),
    -- ObjectID / DateTime wrappers
    (60, '{"status": {"_type": "ObjectID", "value": "Busy"}}'),
    (61, '{"createdAt": {"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000001"}}'),
    (62, '{"_id": {"_type": "DateTime", "value": "2026-01-01"}}'),
    (63, '{"_id": {"_type": "ObjectID", "value": "nope"}}'),
    (64, '{"_id": {"_type": "ObjectID"}}'),
    (65, '{"_id": {"_type": "ObjectID", "value": null}}'),
    (66, '{"_id": {"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000001", "id": 1}}'),
    (67, '{"createdAt": {"_type": "DateTime", "value": 1767225600}}'),
    (68, '{"_id": {"_type": "EqualTo", "value": {"_type": "DateTime", "value": "2026-01-01"}}}'),
    -- bad JSON escapes inside valid json text
    (69, '{"status": "\ud800"}'),
    (70, '{"status": "\u0000"}')
) AS t(n, q)
ORDER BY n;
-- Deeply nested query.
SELECT pg_temp.query_error('{"status": ' || repeat('[', 40) || repeat(']', 40) || '}') AS "query nested 40 deep";
-- count checks query the same way.
SELECT api_error($$SELECT incoming_call_log.count('{"nope": 1}')$$) AS "count query";
SELECT api_error($$SELECT incoming_call_log.count('[]')$$) AS "count query array";

-------------------------------------------------------------------------------
-- 22023: malformed sort.
-------------------------------------------------------------------------------
SELECT s AS sort, pg_temp.sort_error(s) AS error
FROM (VALUES
    (1, '[]'),
    (2, '"createdAt"'),
    (3, '-1'),
    (4, '{"nope": "ASC"}'),
    (5, '{"CreatedAt": "ASC"}'),
    (6, '{"createdAt": "UP"}'),
    (7, '{"createdAt": ""}'),
    (8, '{"createdAt": 0}'),
    (9, '{"createdAt": 2}'),
    (10, '{"createdAt": 1.5}'),
    (11, '{"createdAt": true}'),
    (12, '{"createdAt": null}'),
    (13, '{"createdAt": {"order": "ASC"}}'),
    (14, '{"createdAt": "ASC", "createdAt": "DESC"}')
) AS t(n, s)
ORDER BY n;

-------------------------------------------------------------------------------
-- 22023: skip and limit out of range (never clamped).
-------------------------------------------------------------------------------
SELECT api_error('SELECT incoming_call_log.get_list(skip => -1)') AS "skip -1";
SELECT api_error('SELECT incoming_call_log.get_list(skip => -2147483648)') AS "skip min int";
SELECT api_error('SELECT incoming_call_log.get_list("limit" => 0)') AS "limit 0";
SELECT api_error('SELECT incoming_call_log.get_list("limit" => -5)') AS "limit -5";
SELECT api_error('SELECT incoming_call_log.get_list("limit" => 101)') AS "limit 101";
SELECT api_error('SELECT incoming_call_log.get_list("limit" => 2147483647)') AS "limit max int";

-------------------------------------------------------------------------------
-- 22023: malformed id; PT404: an id the caller cannot see.
-------------------------------------------------------------------------------
SELECT i AS id, api_error(format('SELECT incoming_call_log.get_item(%L)', i)) AS error
FROM (VALUES
    (1, ''),
    (2, 'nope'),
    (3, '0a000000-0000-4000-8000-00000000001'),
    (4, '0a000000-0000-4000-8000-0000000000011'),
    (5, '0a000000-0000-4000-8000-00000000000g'),
    (6, ' 0a000000-0000-4000-8000-000000000001'),
    (7, '''; DROP TABLE incoming_call_log.call_log; --'),
    (8, repeat('0', 150)),
    -- well-formed, not visible: absent, or another project's
    (9, '0a000000-0000-4000-8000-0000000000ff'),
    (10, '0b000000-0000-4000-8000-000000000001'),
    (11, '0C000000-0000-4000-8000-000000000001'),
    (12, '{0b000000-0000-4000-8000-000000000002}')
) AS t(n, i)
ORDER BY n;
SELECT api_error('SELECT incoming_call_log.get_item(NULL)') AS "null id";
SELECT api_error('SELECT incoming_call_log.get_item(NULL, ''{"status": true}'')') AS "null id with select";
-- The request is checked before the item: a bad select on an absent id is 22023.
SELECT api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000ff', '{"nope": true}')$$) AS "absent id, bad select";
-- Project B's key sees its own log and not A's.
SELECT as_key('b') \gset
SELECT api_error($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$) AS "B's key, A's id";
SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001', '{"status": true}') AS "B's key, B's id";

-- Text that is not JSON at all never reaches the call: PostgreSQL's json
-- input rejects it (22P02).
SELECT as_key('a_read') \gset
SELECT api_error($$SELECT incoming_call_log.get_list("select" => '{status: true}')$$) AS "not JSON";
