-- test/search_path.sql — the caller's search_path cannot reach the calls'
-- statements.  The API calls do not pin search_path; their statements run
-- with the extension owner's rights and name every operator, function and
-- type schema-qualified (src/sql_names.h).  Here a schema of look-alikes
-- comes first in search_path: an operator of exactly the argument types each
-- statement compares, count(*), unnest, cardinality, a type "interval" —
-- each raises when called.  Every request shape must answer exactly as it
-- does under the default search_path, and call none of them.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(6);

CREATE SCHEMA icl_evil;
CREATE TABLE icl_evil.calls (what text);
GRANT USAGE ON SCHEMA icl_evil TO PUBLIC;
GRANT INSERT ON icl_evil.calls TO PUBLIC;
DO $do$
DECLARE
    t text;
    op text;
BEGIN
    FOREACH t IN ARRAY ARRAY['uuid', 'text', 'integer', 'bigint', 'timestamptz', 'oid', 'bytea', 'boolean'] LOOP
        EXECUTE format($f$CREATE FUNCTION icl_evil.trap(a %1$s, b %1$s) RETURNS boolean LANGUAGE plpgsql AS $b$
            BEGIN INSERT INTO icl_evil.calls VALUES ('operator on %1$s'); RAISE EXCEPTION 'look-alike operator on %1$s called'; END $b$$f$, t);
        FOREACH op IN ARRAY ARRAY['=', '<>', '<', '>', '<=', '>='] LOOP
            EXECUTE format('CREATE OPERATOR icl_evil.%s (FUNCTION = icl_evil.trap, LEFTARG = %s, RIGHTARG = %s)', op, t, t);
        END LOOP;
    END LOOP;
END
$do$;
CREATE FUNCTION icl_evil.trap(a bigint, b integer) RETURNS boolean LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('bigint > integer'); RAISE EXCEPTION 'look-alike bigint > integer called'; END $$;
CREATE OPERATOR icl_evil.> (FUNCTION = icl_evil.trap, LEFTARG = bigint, RIGHTARG = integer);
CREATE FUNCTION icl_evil.like_trap(a text, b text) RETURNS boolean LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('ILIKE'); RAISE EXCEPTION 'look-alike ILIKE called'; END $$;
CREATE OPERATOR icl_evil.~~* (FUNCTION = icl_evil.like_trap, LEFTARG = text, RIGHTARG = text);
CREATE OPERATOR icl_evil.!~~* (FUNCTION = icl_evil.like_trap, LEFTARG = text, RIGHTARG = text);
CREATE FUNCTION icl_evil.plus_trap(a timestamptz, b interval) RETURNS timestamptz LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('timestamptz + interval'); RAISE EXCEPTION 'look-alike + called'; END $$;
CREATE OPERATOR icl_evil.+ (FUNCTION = icl_evil.plus_trap, LEFTARG = timestamptz, RIGHTARG = interval);
CREATE FUNCTION icl_evil.count_trap(bigint) RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('count'); RAISE EXCEPTION 'look-alike count called'; END $$;
CREATE AGGREGATE icl_evil.count(*) (SFUNC = icl_evil.count_trap, STYPE = bigint, INITCOND = '0');
CREATE FUNCTION icl_evil.unnest(anyarray) RETURNS SETOF anyelement LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('unnest'); RAISE EXCEPTION 'look-alike unnest called'; END $$;
CREATE FUNCTION icl_evil.cardinality(anyarray) RETURNS integer LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('cardinality'); RAISE EXCEPTION 'look-alike cardinality called'; END $$;
CREATE DOMAIN icl_evil.interval AS text;
-- get_aggregate's functions and aggregates (issue 20).
CREATE DOMAIN icl_evil.float8 AS text;
CREATE FUNCTION icl_evil.date_trunc(text, timestamptz, text) RETURNS timestamptz LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('date_trunc'); RAISE EXCEPTION 'look-alike date_trunc called'; END $$;
CREATE FUNCTION icl_evil.date_trunc(text, timestamp) RETURNS timestamp LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('date_trunc'); RAISE EXCEPTION 'look-alike date_trunc called'; END $$;
CREATE FUNCTION icl_evil.date_bin(interval, timestamptz, timestamptz) RETURNS timestamptz LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('date_bin'); RAISE EXCEPTION 'look-alike date_bin called'; END $$;
CREATE FUNCTION icl_evil.timezone(text, timestamptz) RETURNS timestamp LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('timezone'); RAISE EXCEPTION 'look-alike timezone called'; END $$;
CREATE FUNCTION icl_evil.timezone(text, timestamp) RETURNS timestamptz LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('timezone'); RAISE EXCEPTION 'look-alike timezone called'; END $$;
CREATE FUNCTION icl_evil.agg_trap(bigint, integer) RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('aggregate'); RAISE EXCEPTION 'look-alike aggregate called'; END $$;
CREATE FUNCTION icl_evil.agg_trap(bigint, timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO icl_evil.calls VALUES ('aggregate'); RAISE EXCEPTION 'look-alike aggregate called'; END $$;
CREATE AGGREGATE icl_evil.sum(integer) (SFUNC = icl_evil.agg_trap, STYPE = bigint);
CREATE AGGREGATE icl_evil.avg(integer) (SFUNC = icl_evil.agg_trap, STYPE = bigint);
CREATE AGGREGATE icl_evil.min(integer) (SFUNC = icl_evil.agg_trap, STYPE = bigint);
CREATE AGGREGATE icl_evil.max(timestamptz) (SFUNC = icl_evil.agg_trap, STYPE = bigint);

-- Every shape: each operator on each field type, lists (dates too), text
-- operators, relations, sorts, paging, the CSV forms, items, counts.
CREATE TEMP TABLE shape (n serial, call text);
INSERT INTO shape (call) VALUES
    ($$incoming_call_log.get_list('{"status": true, "answeredByUser": {"name": true}, "incomingCallPolicy": {"name": true}, "project": {"name": true}}', NULL, '{"callerPhoneNumber": "DESC", "repeatCount": 1}', 1, 5)$$),
    ($$incoming_call_log.get_list(NULL, '{"status": "Completed", "_id": {"_type": "NotEqual", "value": "0a000000-0000-4000-8000-000000000001"}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"repeatCount": {"_type": "GreaterThan", "value": 0}, "callDurationInSeconds": {"_type": "LessThanOrEqual", "value": 100}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"createdAt": {"_type": "InBetween", "startValue": "2026-01-01", "endValue": "2026-01-04"}, "startedAt": {"_type": "GreaterThanOrNull", "value": "2026-01-02"}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"createdAt": "2026-01-03T12:00:00Z", "endedAt": {"_type": "LessThanOrNull", "value": "2026-01-05"}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"createdAt": ["2026-01-03T12:00:00Z", "2026-01-04"], "status": ["Failed", "Busy"]}')$$),
    ($$incoming_call_log.get_list(NULL, '{"updatedAt": {"_type": "IncludesNone", "value": ["2026-01-01T08:02:05Z"]}, "repeatCount": {"_type": "IncludesNone", "value": [9]}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"updatedAt": {"_type": "IncludesNone", "value": []}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"callerPhoneNumber": {"_type": "Search", "value": "555"}, "statusMessage": {"_type": "NotContains", "value": "x"}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"callProviderCallId": {"_type": "StartsWith", "value": "ca"}, "routingPhoneNumber": {"_type": "EndsWith", "value": "1"}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "status"], "value": "an"}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"answeredByUserId": {"_type": "EqualToOrNull", "value": "11111111-1111-4111-8111-111111111111"}, "endedAt": {"_type": "NotNull"}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"routingPhoneNumber": {"_type": "IsNull"}, "currentEscalationRuleOrder": {"_type": "GreaterThanOrEqual", "value": 1}}')$$),
    ($$incoming_call_log.get_list(NULL, '{"startedAt": {"_type": "LessThan", "value": "2027-01-01"}, "callCostInUSDCents": {"_type": "InBetween", "startValue": 0, "endValue": 50}}')$$),
    ($$incoming_call_log.get_list(NULL, NULL, NULL, 100)$$),
    ($$incoming_call_log.get_list_csv('{"status": true, "answeredByUser": {"email": true}}', '{"status": ["Completed"]}')$$),
    ($$incoming_call_log.count('{"status": "Completed"}')$$),
    ($$incoming_call_log.count('{"createdAt": {"_type": "EqualTo", "value": "2026-01-02T10:30:00.123Z"}}')$$),
    ($$incoming_call_log.count_csv('{"callerPhoneNumber": "+15551230001"}')$$),
    ($$incoming_call_log.get_item('0a000000-0000-4000-8000-000000000010', '{"answeredByUser": {"name": true}, "project": {"name": true}, "incomingCallPolicy": {"routingPhoneNumber": true}}')$$),
    ($$incoming_call_log.get_item_csv('0a000000-0000-4000-8000-000000000003', '{"status": true}')$$),
    ($$incoming_call_log.get_aggregate('{"status": ["Completed", "Busy", "Failed"]}', '{"startedAt": "Day", "status": true}', '{"count": true, "callDurationInSeconds": ["Sum", "Avg", "Min", "Max", "P50", "P95"], "endedAt": ["Min", "Max"]}', '{"count": "DESC"}', 5)$$),
    ($$incoming_call_log.get_aggregate(NULL, '{"answeredByUserId": true, "createdAt": "Week"}', NULL, '{"answeredByUserId": "DESC"}')$$),
    ($$incoming_call_log.get_aggregate(NULL, '{"createdAt": "Month", "updatedAt": "Year"}')$$),
    ($$incoming_call_log.get_aggregate_csv('{"startedAt": {"_type": "InBetween", "startValue": "2026-01-01", "endValue": "2026-01-04"}}', '{"startedAt": "Hour"}', '{"callCostInUSDCents": ["Sum", "P99"]}')$$);

-- The answers of every shape, for a key and for a role naming its project.
CREATE ROLE icl_sp_role;
SELECT incoming_call_log.grant_access('icl_sp_role', :'A', '{ProjectMember}');
GRANT USAGE ON SCHEMA incoming_call_log TO icl_sp_role;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer), incoming_call_log.get_item(text, json),
    incoming_call_log.count(json), incoming_call_log.get_list_csv(json, json, json, integer, integer),
    incoming_call_log.get_item_csv(text, json), incoming_call_log.count_csv(json),
    incoming_call_log.get_aggregate(json, json, json, json, integer),
    incoming_call_log.get_aggregate_csv(json, json, json, json, integer) TO icl_sp_role;
CREATE FUNCTION pg_temp.answers() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s record;
    answer text;
    result text := '';
BEGIN
    FOR s IN SELECT * FROM shape ORDER BY n LOOP
        EXECUTE 'SELECT (' || s.call || ')::text' INTO answer;
        result := result || s.n || ': ' || answer || E'\n';
    END LOOP;
    RETURN result;
END;
$$;
GRANT SELECT ON shape TO icl_sp_role;

SELECT pg_temp.present_key(:'key_a_read');
SELECT pg_temp.answers() AS key_default \gset
SET LOCAL ROLE icl_sp_role;
SELECT pg_temp.headers(tenantid => :'A');
SELECT pg_temp.answers() AS role_default \gset
RESET ROLE;

-- A new key, so that its lookup too runs under the hostile search_path.
SELECT incoming_call_log.create_api_key(:'A', '{ReadProjectIncomingCallLog}') AS fresh_key \gset
SELECT pg_temp.present_key(:'fresh_key');
SET LOCAL search_path = icl_evil, pg_catalog, public;
SELECT pg_temp.answers() AS key_hostile \gset
RESET search_path;
SELECT pg_temp.headers(tenantid => :'A');
SET LOCAL ROLE icl_sp_role;
SET LOCAL search_path = icl_evil, pg_catalog, public;
SELECT pg_temp.answers() AS role_hostile \gset
RESET search_path;
RESET ROLE;

SELECT is(:'key_hostile'::text, :'key_default'::text, 'every shape answers a key caller the same under a hostile search_path');
SELECT is(:'role_hostile'::text, :'role_default'::text, 'and a role caller (its grants looked up under it)');
SELECT is((SELECT count(*) FROM icl_evil.calls), 0::bigint, 'no look-alike operator, function or type was called');
SELECT ok(:'key_default' LIKE '%0a000000-0000-4000-8000-000000000010%' AND :'key_default' LIKE '%Completed%',
          'the answers are real answers');

-- The hostile schema does take effect where a name is not qualified.
CREATE FUNCTION pg_temp.message_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLERRM;
END;
$$;
SET LOCAL search_path = icl_evil, pg_catalog, public;
SELECT pg_temp.message_of($$SELECT '0a000000-0000-4000-8000-000000000001'::uuid = '0a000000-0000-4000-8000-000000000001'::uuid$$) AS unqualified_eq,
       pg_temp.message_of($$SELECT count(*) FROM incoming_call_log.project$$) AS unqualified_count \gset
RESET search_path;
SELECT is(:'unqualified_eq'::text, 'look-alike operator on uuid called', 'an unqualified = on uuids reaches the look-alike');
SELECT is(:'unqualified_count'::text, 'look-alike count called', 'an unqualified count(*) reaches the look-alike');

SELECT * FROM finish();
ROLLBACK;
