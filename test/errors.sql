-- test/errors.sql — doc/reference.md#errors (every refusal with its SQLSTATE, quoting what
-- was sent) and §5 (bad input is normal input: any JSON at all gets 22023 or
-- a correct answer; never a server error, never another project's rows, never
-- a statement built from user text).
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(778);

\set project_a '''aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'''
SELECT count(*) AS a_count FROM incoming_call_log.call_log WHERE project_id = :project_a \gset
SELECT count(*) AS all_count FROM incoming_call_log.call_log \gset

-------------------------------------------------------------------------------
-- Helpers
-------------------------------------------------------------------------------

-- The message of the error a statement raises (or 'no error').
CREATE FUNCTION pg_temp.msg_of(sql text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLERRM;
END;
$$;

-- The detail of the error a statement raises.
CREATE FUNCTION pg_temp.detail_of(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    d text;
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END;
$$;

-- The hint of the error a statement raises ('' when it has none).
CREATE FUNCTION pg_temp.hint_of(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    h text;
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RETURN h;
END;
$$;

-- count(q) and "get_list count / sorted ids of the page" for q, as one text.

-- The same, computed from the table for project A and a predicate on alias l.
CREATE FUNCTION pg_temp.sql_answer(predicate text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    n bigint; ids uuid[];
BEGIN
    EXECUTE format('SELECT count(*), coalesce(array_agg(l.id ORDER BY l.id), ''{}'')
                      FROM incoming_call_log.call_log l
                     WHERE l.project_id = ''aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'' AND (%s)', predicate)
       INTO n, ids;
    RETURN format('%s / %s / %s', n, n, ids);
END;
$$;

-- Table-driven cases: each runs with the key presented, and its SQLSTATE
-- (or 'ok') is compared with the expected one.
CREATE TEMP TABLE cases (n serial, label text, sql text, expected text);

-------------------------------------------------------------------------------
-- §4: every row of the error table
-------------------------------------------------------------------------------
-- PT401: no, unknown, expired or revoked API key
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, '§4 no API key: PT401');
SELECT pg_temp.present_key('icl_' || repeat('f', 64));
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, '§4 unknown API key: PT401');
SELECT pg_temp.present_key(:'key_a_expired');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, '§4 expired API key: PT401');
SELECT pg_temp.present_key(:'key_a_revoked');
SELECT throws_ok('SELECT incoming_call_log.count()', 'PT401', NULL, '§4 revoked API key: PT401');
-- PT403: authenticated but no read permission
SELECT pg_temp.present_key(:'key_a_none');
SELECT throws_ok('SELECT incoming_call_log.get_list()', 'PT403', NULL, '§4 no read permission: PT403');

-- From here on, an authorised project-A key.
SELECT pg_temp.present_key(:'key_a_member');

-- 22023: malformed select / query / sort / skip / limit / id
SELECT throws_ok($$SELECT incoming_call_log.get_list("select" => '{"nope": true}')$$, '22023', NULL, '§4 malformed select (get_list): 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"nope": true}')$$, '22023', NULL, '§4 malformed select (get_item): 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_list(query => '{"nope": 1}')$$, '22023', NULL, '§4 malformed query (get_list): 22023');
SELECT throws_ok($$SELECT incoming_call_log.count('{"nope": 1}')$$, '22023', NULL, '§4 malformed query (count): 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_list(sort => '{"nope": "ASC"}')$$, '22023', NULL, '§4 malformed sort: 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_list(skip => -1)$$, '22023', NULL, '§4 malformed skip: 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_list("limit" => 0)$$, '22023', NULL, '§4 malformed limit: 22023');
SELECT throws_ok($$SELECT incoming_call_log.get_item('nope')$$, '22023', NULL, '§4 malformed id: 22023');
-- PT404: absent, or another project's
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000ff')$$, 'PT404', NULL, '§4 absent id: PT404');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001')$$, 'PT404', NULL, '§4 another project''s id: PT404');

-- Messages quote the offending key or value as written.
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.get_list("select" => '{"statuss": true}')$$), '%"statuss"%',
             'select error message quotes the unknown key');
SELECT alike(pg_temp.detail_of($$SELECT incoming_call_log.get_list("select" => '{"statuss": true}')$$), '%status%',
             'select error detail lists the valid names');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.get_list("select" => '{"project": {"email": true}}')$$), '%"email"%',
             'relation select error message quotes the unknown relation field');
SELECT unalike(pg_temp.detail_of($$SELECT incoming_call_log.get_list("select" => '{"project": {"email": true}}')$$), '%status%',
             'relation select error detail lists the relation''s fields, not the call log''s');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.count('{"calDurationInSeconds": 5}')$$), '%"calDurationInSeconds"%',
             'query error message quotes the unknown key');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.count('{"callDurationInSeconds": "5x"}')$$), '%"5x"%',
             'query error message quotes the offending value');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.count('{"status": {"_type": "EqualTooo", "value": "x"}}')$$), '%EqualTooo%',
             'query error message quotes the unknown operator');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.get_list(sort => '{"createdAt": "UPWARDS"}')$$), '%UPWARDS%',
             'sort error message quotes the offending direction');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.get_list(skip => -7)$$), '%-7%',
             'skip error message quotes the value');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.get_list("limit" => 101)$$), '%101%',
             'limit error message quotes the value');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.get_item('not-a-uuid')$$), '%"not-a-uuid"%',
             'id error message quotes the id');
SELECT alike(pg_temp.msg_of($$SELECT incoming_call_log.get_item('0A000000-0000-4000-8000-0000000000FF')$$), '%0A000000-0000-4000-8000-0000000000FF%',
             'not-found message quotes the id as written');
SELECT cmp_ok(length(pg_temp.msg_of(format('SELECT incoming_call_log.get_item(%L)', repeat('x', 100000)))), '<', 300,
              'a huge id is quoted cut short');
SELECT is(pg_temp.hint_of($$SELECT incoming_call_log.count('{"status": {"_type": "EqualTo", "value": null}}')$$),
          'Use {"_type": "IsNull"} to match null.', 'a null value: the hint names IsNull');
SELECT is(pg_temp.hint_of($$SELECT incoming_call_log.count('{"status": {"_type": "MultiSearch", "fields": null, "value": "x"}}')$$),
          '', '... a null list of fields: no such hint, which would make no sense there');
SELECT is(pg_temp.msg_of(format('SELECT incoming_call_log.get_item(%L)', E'a"b\nc')), E'invalid id "a\\"b\\nc"',
          'an id is quoted as JSON quotes a string: a quote or a line break in it is escaped');

-------------------------------------------------------------------------------
-- §5: wrong JSON types for each parameter
-------------------------------------------------------------------------------
INSERT INTO cases (label, sql, expected)
SELECT format('%s as %s', p.label, v.label), format(p.tmpl, v.js), '22023'
  FROM (VALUES ('get_list select', $$SELECT incoming_call_log.get_list("select" => %L)$$),
               ('get_item select', $$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', %L)$$),
               ('get_list query', $$SELECT incoming_call_log.get_list(query => %L)$$),
               ('count query', $$SELECT incoming_call_log.count(%L)$$),
               ('get_list sort', $$SELECT incoming_call_log.get_list(sort => %L)$$)) AS p(label, tmpl),
       (VALUES ('empty array', '[]'), ('array', '["status"]'), ('array of object', '[{"status": true}]'),
               ('string', '"status"'), ('empty string', '""'), ('number', '5'), ('zero', '0'),
               ('true', 'true'), ('false', 'false')) AS v(label, js);

INSERT INTO cases (label, sql, expected)
SELECT format('%s as JSON null means not given', p.label), p.sql, 'ok'
  FROM (VALUES ('get_list select', $$SELECT incoming_call_log.get_list("select" => 'null')$$),
               ('get_item select', $$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', 'null')$$),
               ('get_list query', $$SELECT incoming_call_log.get_list(query => 'null')$$),
               ('count query', $$SELECT incoming_call_log.count('null')$$),
               ('get_list sort', $$SELECT incoming_call_log.get_list(sort => 'null')$$)) AS p(label, sql);

-- Values of the wrong type inside select
INSERT INTO cases (label, sql, expected) VALUES
    ('select field = 1', $$SELECT incoming_call_log.get_list("select" => '{"status": 1}')$$, '22023'),
    ('select field = "true"', $$SELECT incoming_call_log.get_list("select" => '{"status": "true"}')$$, '22023'),
    ('select field = null', $$SELECT incoming_call_log.get_list("select" => '{"status": null}')$$, '22023'),
    ('select field = []', $$SELECT incoming_call_log.get_list("select" => '{"status": []}')$$, '22023'),
    ('select field = {}', $$SELECT incoming_call_log.get_list("select" => '{"status": {}}')$$, '22023'),
    ('select _id = 1', $$SELECT incoming_call_log.get_list("select" => '{"_id": 1}')$$, '22023'),
    ('select relation = 1', $$SELECT incoming_call_log.get_list("select" => '{"project": 1}')$$, '22023'),
    ('select relation = "x"', $$SELECT incoming_call_log.get_list("select" => '{"project": "x"}')$$, '22023'),
    ('select relation = null', $$SELECT incoming_call_log.get_list("select" => '{"project": null}')$$, '22023'),
    ('select relation = []', $$SELECT incoming_call_log.get_list("select" => '{"project": []}')$$, '22023'),
    ('select relation field = 1', $$SELECT incoming_call_log.get_list("select" => '{"project": {"name": 1}}')$$, '22023'),
    ('select relation field = object', $$SELECT incoming_call_log.get_list("select" => '{"project": {"name": {"x": true}}}')$$, '22023'),
    ('select relation unknown field', $$SELECT incoming_call_log.get_list("select" => '{"project": {"nope": true}}')$$, '22023'),
    ('select email through project', $$SELECT incoming_call_log.get_list("select" => '{"project": {"email": true}}')$$, '22023'),
    ('select relation of a relation', $$SELECT incoming_call_log.get_list("select" => '{"incomingCallPolicy": {"project": true}}')$$, '22023'),
    ('select column name instead of JSON name', $$SELECT incoming_call_log.get_list("select" => '{"status_message": true}')$$, '22023'),
    ('select JSON name in other case', $$SELECT incoming_call_log.get_list("select" => '{"Status": true}')$$, '22023'),
    ('select field = false works', $$SELECT incoming_call_log.get_list("select" => '{"status": false}')$$, 'ok'),
    ('select _id = false works', $$SELECT incoming_call_log.get_list("select" => '{"_id": false}')$$, 'ok'),
    ('select relation {} works', $$SELECT incoming_call_log.get_list("select" => '{"project": {}}')$$, 'ok'),
    ('select email through answeredByUser works', $$SELECT incoming_call_log.get_list("select" => '{"answeredByUser": {"email": true}}')$$, 'ok');

-- Values of the wrong type inside query, for each kind of field
INSERT INTO cases (label, sql, expected)
SELECT format('query %s = %s', f.key, v.js), format($$SELECT incoming_call_log.count(%L)$$, format('{"%s": %s}', f.key, v.js)), v.expected
  FROM (VALUES ('_id'), ('projectId'), ('incomingCallPolicyId'), ('answeredByUserId')) AS f(key),
       (VALUES ('5', '22023'), ('true', '22023'), ('"nope"', '22023'), ('""', '22023'), ('[1]', '22023'), ('[[]]', '22023'),
               ('{"a": 1}', '22023'), ('{}', '22023'), ('"0a000000-0000-4000-8000-00000000000"', '22023'),
               ('"0a000000-0000-4000-8000-0000000000011"', '22023'), ('"0a000000-0000-4000-8000-00000000000g"', '22023'),
               ('{"_type": "DateTime", "value": "2026-01-01"}', '22023'),
               ('{"_type": "ObjectID", "value": 5}', '22023'), ('{"_type": "ObjectID"}', '22023'),
               ('{"_type": "ObjectID", "value": null}', '22023'),
               ('{"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000001", "x": 1}', '22023'),
               ('"0A000000-0000-4000-8000-000000000001"', 'ok'), ('"{0a000000000040008000000000000001}"', 'ok'),
               ('[]', 'ok'), ('null', 'ok')) AS v(js, expected);

INSERT INTO cases (label, sql, expected)
SELECT format('query %s = %s', f.key, v.js), format($$SELECT incoming_call_log.count(%L)$$, format('{"%s": %s}', f.key, v.js)), v.expected
  FROM (VALUES ('callDurationInSeconds'), ('callCostInUSDCents'), ('repeatCount'), ('currentEscalationRuleOrder')) AS f(key),
       (VALUES ('"5"', '22023'), ('true', '22023'), ('5.5', '22023'), ('0.1', '22023'), ('-0.5', '22023'),
               ('2147483648', '22023'), ('-2147483649', '22023'), ('1e10', '22023'), ('1e999999', '22023'),
               ('-1e999999', '22023'), ('1e-999999', '22023'), ('99999999999999999999999999999999', '22023'),
               ('"NaN"', '22023'), ('"Infinity"', '22023'), ('"-Infinity"', '22023'), ('"1e999999"', '22023'),
               ('{"_type": "ObjectID", "value": 5}', '22023'), ('{"_type": "DateTime", "value": 5}', '22023'),
               ('[5, "5"]', '22023'),
               ('5', 'ok'), ('5.0', 'ok'), ('5e0', 'ok'), ('0.5e1', 'ok'), ('-0', 'ok'), ('0e999999', 'ok'),
               ('2147483647', 'ok'), ('-2147483648', 'ok'), ('2147483647.000', 'ok'), ('[]', 'ok')) AS v(js, expected);

INSERT INTO cases (label, sql, expected)
SELECT format('query %s = %s', f.key, v.js), format($$SELECT incoming_call_log.count(%L)$$, format('{"%s": %s}', f.key, v.js)), v.expected
  FROM (VALUES ('createdAt'), ('startedAt'), ('endedAt')) AS f(key),
       (VALUES ('5', '22023'), ('true', '22023'), ('"not a date"', '22023'), ('""', '22023'), ('"2026-02-30"', '22023'),
               ('"2026-13-01"', '22023'), ('"0000-01-01"', '22023'), ('"2026-1-1"', '22023'), ('"2026-01-01T24:00:00Z"', '22023'),
               ('"2026-01-01T12:60"', '22023'), ('"2026-01-01T12:00:00+24:00"', '22023'), ('"2026-01-01T12:00:00Zjunk"', '22023'),
               ('"infinity"', '22023'), ('"-infinity"', '22023'), ('"epoch"', '22023'), ('"now"', '22023'), ('"today"', '22023'),
               ('"NaN"', '22023'), ('"1e999999"', '22023'), ('"99999-01-01"', '22023'), ('"1767225600"', '22023'),
               ('{"_type": "ObjectID", "value": "2026-01-01"}', '22023'), ('{"_type": "DateTime", "value": 5}', '22023'),
               ('{"_type": "DateTime", "value": {"_type": "DateTime", "value": "2026-01-01"}}', '22023'),
               ('"2026-01-01"', 'ok'), ('"2026-01-01T08:00:00Z"', 'ok'), ('"2026-01-01 08:00:00.123456789+05:30"', 'ok'),
               ('"0001-01-01T00:00:00+23:59"', 'ok'), ('"9999-12-31T23:59:59-23:59"', 'ok'),
               ('{"_type": "DateTime", "value": "2026-01-01"}', 'ok')) AS v(js, expected);

INSERT INTO cases (label, sql, expected)
SELECT format('query %s = %s', f.key, v.js), format($$SELECT incoming_call_log.count(%L)$$, format('{"%s": %s}', f.key, v.js)), v.expected
  FROM (VALUES ('callerPhoneNumber'), ('routingPhoneNumber')) AS f(key),
       (VALUES ('15551230001', '22023'), ('"abc"', '22023'), ('""', '22023'), ('"+1 555 123 0001"', '22023'),
               ('"+1-555-123-0001"', '22023'), ('"+0155512300"', '22023'), ('"+123456"', '22023'), ('"+1234567890123456"', '22023'),
               ('"++15551230001"', '22023'), ('true', '22023'),
               ('"+15551230001"', 'ok'), ('"15551230012"', 'ok')) AS v(js, expected);

INSERT INTO cases (label, sql, expected)
SELECT format('query %s = %s', f.key, v.js), format($$SELECT incoming_call_log.count(%L)$$, format('{"%s": %s}', f.key, v.js)), v.expected
  FROM (VALUES ('status'), ('statusMessage'), ('callProviderCallId')) AS f(key),
       (VALUES ('5', '22023'), ('true', '22023'), ('{}', '22023'), ('{"a": "b"}', '22023'), ('[["Completed"]]', '22023'),
               ('["Completed", null]', '22023'), ('[5]', '22023'), ('{"_type": "ObjectID", "value": "x"}', '22023'),
               ('"Example status"', 'ok'), ('""', 'ok'), ('["Completed", "Busy"]', 'ok')) AS v(js, expected);

-- Operator objects
INSERT INTO cases (label, sql, expected)
SELECT 'query ' || q, format($$SELECT incoming_call_log.count(%L)$$, q), expected
  FROM (VALUES
    ('{"status": {"_type": "Foo", "value": "x"}}', '22023'),
    ('{"status": {"_type": "equalto", "value": "Completed"}}', '22023'),
    ('{"status": {"_type": "EqualTo ", "value": "Completed"}}', '22023'),
    ('{"status": {"_type": 5, "value": "x"}}', '22023'),
    ('{"status": {"_type": null, "value": "x"}}', '22023'),
    ('{"status": {"_type": ["EqualTo"], "value": "x"}}', '22023'),
    ('{"status": {"_type": {"_type": "EqualTo"}, "value": "x"}}', '22023'),
    ('{"status": {"value": "Completed"}}', '22023'),
    ('{"status": {"_type": "EqualTo"}}', '22023'),
    ('{"status": {"_type": "EqualTo", "value": null}}', '22023'),
    ('{"status": {"_type": "EqualTo", "value": "Completed", "extra": 1}}', '22023'),
    ('{"status": {"_type": "EqualTo", "Value": "Completed"}}', '22023'),
    ('{"status": {"_type": "GreaterThan", "value": null}}', '22023'),
    ('{"status": {"_type": "EqualToOrNull", "value": null}}', '22023'),
    ('{"callDurationInSeconds": {"_type": "InBetween", "startValue": 1}}', '22023'),
    ('{"callDurationInSeconds": {"_type": "InBetween", "endValue": 1}}', '22023'),
    ('{"callDurationInSeconds": {"_type": "InBetween", "startValue": null, "endValue": 5}}', '22023'),
    ('{"callDurationInSeconds": {"_type": "InBetween", "startValue": 1, "endValue": 5, "value": 3}}', '22023'),
    ('{"callDurationInSeconds": {"_type": "InBetween", "startValue": "1", "endValue": 5}}', '22023'),
    ('{"status": {"_type": "IsNull", "value": "x"}}', '22023'),
    ('{"status": {"_type": "NotNull", "value": null}}', '22023'),
    ('{"status": {"_type": "Includes", "value": "Completed"}}', '22023'),
    ('{"status": {"_type": "Includes", "value": {"a": 1}}}', '22023'),
    ('{"status": {"_type": "Includes"}}', '22023'),
    ('{"status": {"_type": "Includes", "value": ["Completed", null]}}', '22023'),
    ('{"status": {"_type": "Includes", "value": [["Completed"]]}}', '22023'),
    ('{"status": {"_type": "IncludesNone", "value": 5}}', '22023'),
    ('{"_id": {"_type": "Search", "value": "0a"}}', '22023'),
    ('{"callDurationInSeconds": {"_type": "StartsWith", "value": "1"}}', '22023'),
    ('{"createdAt": {"_type": "EndsWith", "value": "Z"}}', '22023'),
    ('{"answeredByUserId": {"_type": "NotContains", "value": "1"}}', '22023'),
    ('{"statusMessage": {"_type": "Search", "value": 5}}', '22023'),
    ('{"statusMessage": {"_type": "Search", "value": ["a"]}}', '22023'),
    ('{"statusMessage": {"_type": "Search"}}', '22023'),
    ('{"statusMessage": {"_type": "MultiSearch", "fields": "statusMessage", "value": "a"}}', '22023'),
    ('{"statusMessage": {"_type": "MultiSearch", "fields": ["nope"], "value": "a"}}', '22023'),
    ('{"statusMessage": {"_type": "MultiSearch", "fields": ["callDurationInSeconds"], "value": "a"}}', '22023'),
    ('{"statusMessage": {"_type": "MultiSearch", "fields": [5], "value": "a"}}', '22023'),
    ('{"statusMessage": {"_type": "MultiSearch", "fields": [null], "value": "a"}}', '22023'),
    ('{"statusMessage": {"_type": "MultiSearch", "fields": ["project"], "value": "a"}}', '22023'),
    ('{"statusMessage": {"_type": "MultiSearch", "value": "a"}}', '22023'),
    ('{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage"]}}', '22023'),
    ('{"createdAt": {"_type": "MultiSearch", "fields": ["statusMessage"], "value": "a"}}', '22023'),
    ('{"project": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}', '22023'),
    ('{"incomingCallPolicy": {"_type": "IsNull"}}', '22023'),
    ('{"answeredByUser": null}', '22023'),
    ('{"status": {"_type": "EqualTo", "value": "Completed"}}', 'ok'),
    ('{"status": {"_type": "IsNull"}}', 'ok'),
    ('{"status": {"_type": "Includes", "value": []}}', 'ok'),
    ('{"statusMessage": {"_type": "MultiSearch", "fields": [], "value": "a"}}', 'ok'),
    ('{"callerPhoneNumber": {"_type": "Search", "value": "not a phone"}}', 'ok')
  ) AS t(q, expected);

-- Sort values and keys
INSERT INTO cases (label, sql, expected)
SELECT 'sort ' || s, format($$SELECT incoming_call_log.get_list(sort => %L)$$, s), expected
  FROM (VALUES
    ('{"createdAt": "UP"}', '22023'), ('{"createdAt": ""}', '22023'), ('{"createdAt": "desc "}', '22023'),
    ('{"createdAt": "ASC NULLS FIRST"}', '22023'), ('{"createdAt": 0}', '22023'), ('{"createdAt": 2}', '22023'),
    ('{"createdAt": 1.5}', '22023'), ('{"createdAt": -2}', '22023'), ('{"createdAt": 1e999999}', '22023'),
    ('{"createdAt": true}', '22023'), ('{"createdAt": null}', '22023'), ('{"createdAt": []}', '22023'),
    ('{"createdAt": {}}', '22023'), ('{"createdAt": {"_type": "ASC"}}', '22023'), ('{"project": "ASC"}', '22023'),
    ('{"answeredByUser": "DESC"}', '22023'), ('{"created_at": "ASC"}', '22023'),
    ('{"createdAt": "asc"}', 'ok'), ('{"createdAt": "Descending"}', 'ok'), ('{"createdAt": -1}', 'ok'),
    ('{"createdAt": 1.0}', 'ok'), ('{}', 'ok'), ('{"status": "ASC", "_id": "DESC"}', 'ok')
  ) AS t(s, expected);

-- Duplicate keys at each level
INSERT INTO cases (label, sql, expected) VALUES
    ('duplicate key in select', $$SELECT incoming_call_log.get_list("select" => '{"status": true, "status": true}')$$, '22023'),
    ('duplicate key in get_item select', $$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "status": false}')$$, '22023'),
    ('duplicate _id in select', $$SELECT incoming_call_log.get_list("select" => '{"_id": true, "_id": true}')$$, '22023'),
    ('duplicate key in a select relation', $$SELECT incoming_call_log.get_list("select" => '{"project": {"name": true, "name": false}}')$$, '22023'),
    ('duplicate relation in select', $$SELECT incoming_call_log.get_list("select" => '{"project": true, "project": {"name": true}}')$$, '22023'),
    ('duplicate key in query', $$SELECT incoming_call_log.count('{"status": "Completed", "status": "Busy"}')$$, '22023'),
    ('duplicate key in query, different value types', $$SELECT incoming_call_log.count('{"status": ["Completed"], "status": 5}')$$, '22023'),
    ('duplicate value in an operator object', $$SELECT incoming_call_log.count('{"status": {"_type": "EqualTo", "value": "a", "value": "b"}}')$$, '22023'),
    ('duplicate _type in an operator object', $$SELECT incoming_call_log.count('{"status": {"_type": "EqualTo", "value": "Completed", "_type": "NotEqual"}}')$$, '22023'),
    ('duplicate startValue in InBetween', $$SELECT incoming_call_log.count('{"repeatCount": {"_type": "InBetween", "startValue": 0, "endValue": 5, "startValue": 1}}')$$, '22023'),
    ('duplicate value in an ObjectID wrapper', $$SELECT incoming_call_log.count('{"_id": {"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000001", "value": "0b000000-0000-4000-8000-000000000001"}}')$$, '22023'),
    ('duplicate key in a wrapper inside Includes', $$SELECT incoming_call_log.count('{"_id": {"_type": "Includes", "value": [{"_type": "ObjectID", "value": "0a000000-0000-4000-8000-000000000001", "value": "x"}]}}')$$, '22023'),
    ('duplicate key in a meaningless nested object', $$SELECT incoming_call_log.count('{"status": {"a": 1, "a": 2}}')$$, '22023'),
    ('duplicate key in sort', $$SELECT incoming_call_log.get_list(sort => '{"createdAt": "ASC", "createdAt": "DESC"}')$$, '22023'),
    ('duplicate key written with an escape', $$SELECT incoming_call_log.count('{"status": "Completed", "st\u0061tus": "Busy"}')$$, '22023'),
    ('duplicate key among 12 keys (first and last)', $$SELECT incoming_call_log.get_list("select" => '{"status": true, "createdAt": true, "updatedAt": true, "projectId": true, "statusMessage": true, "callerPhoneNumber": true, "routingPhoneNumber": true, "callProviderCallId": true, "startedAt": true, "endedAt": true, "repeatCount": true, "status": true}')$$, '22023'),
    ('duplicate key among 10 query keys', $$SELECT incoming_call_log.count('{"repeatCount": 0, "status": "Completed", "createdAt": "2026-01-01", "updatedAt": "2026-01-01", "startedAt": "2026-01-01", "endedAt": "2026-01-01", "callDurationInSeconds": 1, "callCostInUSDCents": 1, "callProviderCallId": "x", "repeatCount": 1}')$$, '22023'),
    ('twelve distinct keys are fine', $$SELECT incoming_call_log.get_list("select" => '{"status": true, "createdAt": true, "updatedAt": true, "projectId": true, "statusMessage": true, "callerPhoneNumber": true, "routingPhoneNumber": true, "callProviderCallId": true, "startedAt": true, "endedAt": true, "repeatCount": true, "_id": true}')$$, 'ok');

-- Deep nesting: 22023 ("nested too deeply" or a bad value), never 54001 or XX000
INSERT INTO cases (label, sql, expected)
SELECT format('%s levels of %s in %s', d.depth, k.kind, p.label),
       format(p.tmpl, format(p.wrap, repeat(k.opener, d.depth) || k.middle || repeat(k.closer, d.depth))),
       '22023'
  FROM (VALUES (30), (31), (32), (33), (40), (1000), (5000)) AS d(depth),
       (VALUES ('arrays', '[', '"x"', ']'), ('objects', '{"a":', '1', '}')) AS k(kind, opener, middle, closer),
       (VALUES ('a query value', $$SELECT incoming_call_log.count(%L)$$, '{"status": %s}'),
               ('an operator value', $$SELECT incoming_call_log.count(%L)$$, '{"status": {"_type": "Includes", "value": %s}}'),
               ('a wrapper value', $$SELECT incoming_call_log.count(%L)$$, '{"_id": {"_type": "ObjectID", "value": %s}}'),
               ('get_list select', $$SELECT incoming_call_log.get_list("select" => %L)$$, '{"project": %s}'),
               ('get_item select', $$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', %L)$$, '{"status": %s}'),
               ('sort', $$SELECT incoming_call_log.get_list(sort => %L)$$, '{"createdAt": %s}'),
               ('a whole parameter', $$SELECT incoming_call_log.get_list(query => %L)$$, '%s')) AS p(label, tmpl, wrap);

-- Huge arrays and objects
INSERT INTO cases (label, sql, expected) VALUES
    ('100000 strings in a status list (past the list and value limits)',
     $$SELECT incoming_call_log.count(json_build_object('status', (SELECT json_agg('s' || i) FROM generate_series(1, 100000) i)))$$, '22023'),
    ('100000 nulls in a list',
     $$SELECT incoming_call_log.count(json_build_object('status', (SELECT json_agg(NULL::text) FROM generate_series(1, 100000) i)))$$, '22023'),
    ('100000 bad uuids in a list',
     $$SELECT incoming_call_log.count(json_build_object('_id', (SELECT json_agg('x' || i) FROM generate_series(1, 100000) i)))$$, '22023'),
    ('100000 distinct unknown keys in select',
     $$SELECT incoming_call_log.get_list((SELECT json_object_agg('k' || i, true) FROM generate_series(1, 100000) i))$$, '22023'),
    ('100000 distinct unknown keys in query',
     $$SELECT incoming_call_log.count((SELECT json_object_agg('k' || i, 1) FROM generate_series(1, 100000) i))$$, '22023'),
    ('100000 times the same key in query',
     $$SELECT incoming_call_log.count((SELECT json_object_agg('status', 'Completed') FROM generate_series(1, 100000) i))$$, '22023'),
    ('100000 times the same key in sort',
     $$SELECT incoming_call_log.get_list(sort => (SELECT json_object_agg('createdAt', 'ASC') FROM generate_series(1, 100000) i))$$, '22023'),
    ('100000 MultiSearch fields (past the list and value limits)',
     $$SELECT incoming_call_log.count(json_build_object('statusMessage', json_build_object('_type', 'MultiSearch', 'value', 'a',
         'fields', (SELECT json_agg(CASE WHEN i % 2 = 0 THEN 'statusMessage' ELSE 'status' END) FROM generate_series(1, 100000) i))))$$, '22023');

-- Long strings
INSERT INTO cases (label, sql, expected) VALUES
    ('1 MB status value (past the size limits)', $$SELECT incoming_call_log.count(json_build_object('status', repeat('x', 1000000)))$$, '22023'),
    ('1 MB Search value (past the size limits)', $$SELECT incoming_call_log.count(json_build_object('statusMessage', json_build_object('_type', 'Search', 'value', repeat('%_\', 300000))))$$, '22023'),
    ('1 MB key in query', $$SELECT incoming_call_log.count(json_build_object(repeat('k', 1000000), 1))$$, '22023'),
    ('1 MB key in select', $$SELECT incoming_call_log.get_list(json_build_object(repeat('k', 1000000), true))$$, '22023'),
    ('1 MB key in sort', $$SELECT incoming_call_log.get_list(sort => json_build_object(repeat('k', 1000000), 'ASC'))$$, '22023'),
    ('1 MB operator name', $$SELECT incoming_call_log.count(json_build_object('status', json_build_object('_type', repeat('k', 1000000))))$$, '22023'),
    ('1 MB sort direction', $$SELECT incoming_call_log.get_list(sort => json_build_object('createdAt', repeat('A', 1000000)))$$, '22023'),
    ('1 MB phone number', $$SELECT incoming_call_log.count(json_build_object('callerPhoneNumber', repeat('1', 1000000)))$$, '22023'),
    ('1 MB date (past the size limits)', $$SELECT incoming_call_log.count(json_build_object('createdAt', '2026-01-01T00:00:00.' || repeat('1', 1000000) || 'Z'))$$, '22023'),
    ('a 10 kB date fraction', $$SELECT incoming_call_log.count(json_build_object('createdAt', '2026-01-01T00:00:00.' || repeat('1', 10000) || 'Z'))$$, 'ok'),
    ('1 MB of digits as a number', $$SELECT incoming_call_log.count(json_build_object('repeatCount', repeat('9', 1000000)::json))$$, '22023'),
    ('a number with 1 MB of zero decimals (past the size limit)', $$SELECT incoming_call_log.count(json_build_object('repeatCount', ('1.' || repeat('0', 1000000))::json))$$, '22023'),
    ('a number with 100 kB of zero decimals', $$SELECT incoming_call_log.count(json_build_object('repeatCount', ('1.' || repeat('0', 100000))::json))$$, 'ok'),
    ('1 MB id', $$SELECT incoming_call_log.get_item(repeat('a', 1000000))$$, '22023'),
    ('200-character callProviderCallId', $$SELECT incoming_call_log.count(json_build_object('callProviderCallId', repeat('C', 200)))$$, 'ok');

-- SQL fragments in keys and values are data
INSERT INTO cases (label, sql, expected) VALUES
    ('SQL in a query key', $$SELECT incoming_call_log.count('{"status; DROP TABLE incoming_call_log.call_log; --": 1}')$$, '22023'),
    ('SQL in a query key (quote)', $$SELECT incoming_call_log.count('{"status'' OR 1=1 --": "x"}')$$, '22023'),
    ('SQL in a query key (identifier quote)', $$SELECT incoming_call_log.count('{"\"status\"": "x"}')$$, '22023'),
    ('SQL in a select key', $$SELECT incoming_call_log.get_list("select" => '{"status, (SELECT key_hash FROM incoming_call_log.api_key LIMIT 1)": true}')$$, '22023'),
    ('SQL in a relation select key', $$SELECT incoming_call_log.get_list("select" => '{"project": {"name FROM incoming_call_log.project --": true}}')$$, '22023'),
    ('SQL in a sort key', $$SELECT incoming_call_log.get_list(sort => '{"createdAt DESC; DROP TABLE incoming_call_log.call_log; --": "ASC"}')$$, '22023'),
    ('SQL in a sort direction', $$SELECT incoming_call_log.get_list(sort => '{"createdAt": "ASC; DROP TABLE incoming_call_log.call_log; --"}')$$, '22023'),
    ('SQL in an operator name', $$SELECT incoming_call_log.count('{"status": {"_type": "EqualTo; DROP TABLE x", "value": "x"}}')$$, '22023'),
    ('SQL in a MultiSearch field', $$SELECT incoming_call_log.count('{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage OR true"], "value": "x"}}')$$, '22023'),
    ('SQL in an id', $$SELECT incoming_call_log.get_item($q$'; DROP TABLE incoming_call_log.call_log; --$q$)$$, '22023'),
    ('SQL in a uuid value', $$SELECT incoming_call_log.count('{"_id": "'' OR 1=1 --"}')$$, '22023'),
    ('SQL in a date value', $$SELECT incoming_call_log.count('{"createdAt": "2026-01-01'' OR 1=1 --"}')$$, '22023'),
    ('SQL in a phone value', $$SELECT incoming_call_log.count('{"callerPhoneNumber": "+15551230001'' OR 1=1"}')$$, '22023');

-- Invalid unicode escapes: 22023 from the extension's own parser
INSERT INTO cases (label, sql, expected)
SELECT format('%s in %s', e.label, p.label), format(p.tmpl, format(p.wrap, e.esc)), '22023'
  FROM (VALUES ('lone high surrogate \ud800', '\ud800'), ('lone low surrogate \udc00', '\udc00'),
               ('swapped surrogates', '\udc00\ud800'), ('high surrogate then a letter', '\ud800\u0041'),
               ('\u0000', '\u0000'), ('\u0000 inside text', 'abc\u0000def')) AS e(label, esc),
       (VALUES ('a query value', $$SELECT incoming_call_log.count(%L)$$, '{"status": "%s"}'),
               ('a Search value', $$SELECT incoming_call_log.count(%L)$$, '{"statusMessage": {"_type": "Search", "value": "%s"}}'),
               ('a query key', $$SELECT incoming_call_log.count(%L)$$, '{"%s": 1}'),
               ('a select key', $$SELECT incoming_call_log.get_list("select" => %L)$$, '{"%s": true}'),
               ('a sort direction', $$SELECT incoming_call_log.get_list(sort => %L)$$, '{"createdAt": "%s"}'),
               ('an unused string', $$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', %L)$$, '{"status": true, "x": "%s"}')) AS p(label, tmpl, wrap);

-- Text that is not JSON at all never reaches the call: PostgreSQL's json input refuses it (22P02, also 400).
INSERT INTO cases (label, sql, expected) VALUES
    ('not JSON', $$SELECT incoming_call_log.count('not json')$$, '22P02'),
    ('NaN literal', $$SELECT incoming_call_log.count('{"repeatCount": NaN}')$$, '22P02'),
    ('Infinity literal', $$SELECT incoming_call_log.count('{"repeatCount": Infinity}')$$, '22P02'),
    ('bad \u escape', $$SELECT incoming_call_log.count('{"status": "\uZZZZ"}')$$, '22P02'),
    ('trailing comma', $$SELECT incoming_call_log.count('{"status": "x",}')$$, '22P02');

-- skip / limit extremes
INSERT INTO cases (label, sql, expected) VALUES
    ('skip -1', 'SELECT incoming_call_log.get_list(skip => -1)', '22023'),
    ('skip -2147483648', 'SELECT incoming_call_log.get_list(skip => -2147483648)', '22023'),
    ('limit 0', 'SELECT incoming_call_log.get_list("limit" => 0)', '22023'),
    ('limit -1', 'SELECT incoming_call_log.get_list("limit" => -1)', '22023'),
    ('limit 101', 'SELECT incoming_call_log.get_list("limit" => 101)', '22023'),
    ('limit 2147483647', 'SELECT incoming_call_log.get_list("limit" => 2147483647)', '22023'),
    ('limit -2147483648', 'SELECT incoming_call_log.get_list("limit" => -2147483648)', '22023'),
    ('skip 2147483647', 'SELECT incoming_call_log.get_list(skip => 2147483647)', 'ok'),
    ('limit 1', 'SELECT incoming_call_log.get_list("limit" => 1)', 'ok'),
    ('limit 100', 'SELECT incoming_call_log.get_list("limit" => 100)', 'ok');

-- get_item id forms: 22023 exactly when PostgreSQL's uuid input refuses the text
CREATE FUNCTION pg_temp.uuid_ok(t text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM t::uuid;
    RETURN true;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN false;
END;
$$;
CREATE TEMP TABLE id_forms (id text);
INSERT INTO id_forms VALUES
    (''), (' '), ('not-a-uuid'), ('0'), ('0a000000-0000-4000-8000-00000000000'), ('0a000000-0000-4000-8000-0000000000011'),
    ('0a000000-0000-4000-8000-000000000001 '), (' 0a000000-0000-4000-8000-000000000001'), ('0a000000-0000-4000-8000-00000000000g'),
    ('{0a000000-0000-4000-8000-000000000001'), ('0a000000-0000-4000-8000-000000000001}'), ('(0a000000-0000-4000-8000-000000000001)'),
    ('0a000000--0000-4000-8000-000000000001'), ('-0a000000-0000-4000-8000-000000000001'), ('0a000000-0000-4000-8000-000000000001-'),
    ('0a000000_0000_4000_8000_000000000001'), ('0a0000000000400080000000000000 01'), (repeat('a', 100000)), (repeat('0', 33)),
    ('0a000000-0000-4000-8000-000000000001'), ('0A000000-0000-4000-8000-000000000001'), ('{0a000000-0000-4000-8000-000000000001}'),
    ('0a000000000040008000000000000001'), ('0a00-0000-0000-4000-8000-0000-0000-0001'), ('{0a000000000040008000000000000001}'),
    ('0a000000-0000-4000-8000-0000000000ff'), (repeat('a', 32)), ('0b000000-0000-4000-8000-000000000001');
INSERT INTO cases (label, sql, expected)
SELECT format('get_item id %s', left(quote_literal(f.id), 60)), format('SELECT incoming_call_log.get_item(%L)', f.id),
       CASE WHEN NOT pg_temp.uuid_ok(f.id) THEN '22023'
            WHEN EXISTS (SELECT 1 FROM incoming_call_log.call_log l
                          WHERE l.project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND l.id = f.id::uuid) THEN 'ok'
            ELSE 'PT404' END
  FROM id_forms f;
INSERT INTO cases (label, sql, expected) VALUES
    ('get_item id null', 'SELECT incoming_call_log.get_item(NULL)', '22023');

-- Run every case.
SELECT is(pg_temp.code_of(sql), expected, format('case %s: %s -> %s', n, label, expected))
  FROM cases ORDER BY n;

-------------------------------------------------------------------------------
-- Correct answers where input is odd but valid
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_a_member');

-- The largest Includes list accepted: 1000 uuids (random ones, every id of
-- every project); test/limits.sql pins the limit itself.
CREATE TEMP TABLE many_ids AS
SELECT json_agg(id) AS ids
  FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, 1000 - 20)
        UNION ALL SELECT id FROM incoming_call_log.call_log) s;
SELECT is((SELECT json_array_length(ids) FROM many_ids), 1000, 'the Includes list has 1000 uuids');
SELECT is(pg_temp.api_answer((SELECT json_build_object('_id', json_build_object('_type', 'Includes', 'value', ids)) FROM many_ids)),
          pg_temp.sql_answer('true'), 'Includes with 1000 uuids: exactly A''s rows');
SELECT is(pg_temp.api_answer((SELECT json_build_object('_id', ids) FROM many_ids)),
          pg_temp.sql_answer('true'), 'a plain array of 1000 uuids: exactly A''s rows');
SELECT is(pg_temp.api_answer((SELECT json_build_object('_id', json_build_object('_type', 'IncludesNone', 'value', ids)) FROM many_ids)),
          pg_temp.sql_answer('false'), 'IncludesNone of the 1000 uuids: nothing');

-- SQL fragments as values match as plain text.
SELECT is(pg_temp.api_answer($$ {"status": "' OR 1=1 --"} $$), pg_temp.sql_answer('false'), $$status "' OR 1=1 --" matches nothing$$);
SELECT is(pg_temp.api_answer($$ {"status": "Completed' OR '1'='1"} $$), pg_temp.sql_answer('false'), $$status "Completed' OR '1'='1" matches nothing$$);
SELECT is(pg_temp.api_answer($$ {"callProviderCallId": "x'); DROP TABLE incoming_call_log.call_log; --"} $$),
          pg_temp.sql_answer('false'), 'a DROP TABLE in a value matches nothing');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "Search", "value": "%' OR 1=1 --"}} $$),
          pg_temp.sql_answer('false'), 'Search with a quote and comment matches nothing');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "Search", "value": "%"}} $$),
          pg_temp.sql_answer($$strpos(l.status_message, '%') > 0$$), 'Search "%" matches a literal percent sign only');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "Search", "value": "_"}} $$),
          pg_temp.sql_answer($$strpos(l.status_message, '_') > 0$$), 'Search "_" matches a literal underscore only');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "Search", "value": "\\"}} $$),
          pg_temp.sql_answer($$strpos(l.status_message, E'\\') > 0$$), 'Search "\" matches a literal backslash only');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "NotContains", "value": "%"}} $$),
          pg_temp.sql_answer($$l.status_message IS NULL OR strpos(l.status_message, '%') = 0$$), 'NotContains "%" is literal too');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "StartsWith", "value": "\"hi"}} $$),
          pg_temp.sql_answer('false'), 'a quote inside a StartsWith value is data');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "Search", "value": "\"hi\""}} $$),
          pg_temp.sql_answer($$strpos(l.status_message, '"hi"') > 0$$), 'a JSON-escaped quote searches for a quote');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "Search", "value": "\u00fcn\u00efc\u00f8d\u00e9"}} $$),
          pg_temp.sql_answer($$strpos(l.status_message, 'ünïcødé') > 0$$), 'valid \u escapes are decoded and searched');
SELECT is(pg_temp.api_answer($$ {"statusMessage": {"_type": "Search", "value": "line one\nline"}} $$),
          pg_temp.sql_answer($$strpos(l.status_message, E'line one\nline') > 0$$), 'an escaped newline searches for a newline');
SELECT is(pg_temp.api_answer($$ {"status": "Example status"} $$), pg_temp.sql_answer('false'),
          'a status outside the nine matches nothing');

-- Numbers at the edges.
SELECT is(pg_temp.api_answer('{"callCostInUSDCents": 2147483647}'), pg_temp.sql_answer('l.call_cost_in_usd_cents = 2147483647'),
          'callCostInUSDCents 2147483647 (int max) finds the row holding it');
SELECT is(pg_temp.api_answer('{"callCostInUSDCents": 2.147483647e9}'), pg_temp.sql_answer('l.call_cost_in_usd_cents = 2147483647'),
          'the same written 2.147483647e9');
SELECT is(pg_temp.api_answer('{"callDurationInSeconds": -0}'), pg_temp.sql_answer('l.call_duration_in_seconds = 0'), '-0 is 0');
SELECT is(pg_temp.api_answer('{"callDurationInSeconds": 1.25e2}'), pg_temp.sql_answer('l.call_duration_in_seconds = 125'), '1.25e2 is 125');
SELECT is(pg_temp.api_answer('{"callDurationInSeconds": 12500000000000000000000e-20}'), pg_temp.sql_answer('l.call_duration_in_seconds = 125'),
          '12500000000000000000000e-20 is 125');
SELECT is(pg_temp.api_answer('{"callDurationInSeconds": -2147483648}'), pg_temp.sql_answer('false'),
          'a value the column''s rules exclude simply matches nothing');

-- skip far past the end: empty page, true count, echoed skip.
SELECT is(to_jsonb(incoming_call_log.get_list(skip => 2147483647)),
          jsonb_build_object('count', :a_count, 'limit', 10, 'skip', 2147483647, 'data', '[]'::jsonb),
          'skip 2147483647: empty page with the true count, skip echoed');
SELECT is(to_jsonb(incoming_call_log.get_list("limit" => 100, skip => :a_count - 1)) -> 'data' -> 0 ->> '_id',
          (SELECT id::text FROM incoming_call_log.call_log WHERE project_id = :project_a ORDER BY created_at ASC, id DESC LIMIT 1),
          'the last page holds A''s oldest row (nothing of B or C after it)');

-- After all of the above, nothing was dropped or changed.
SELECT is((SELECT count(*) FROM incoming_call_log.call_log), :all_count::bigint, 'call_log still holds every row');
SELECT has_table('incoming_call_log', 'call_log', 'call_log still exists');

SELECT * FROM finish();
ROLLBACK;
