-- test/select.sql — every form of "select" (doc/reference.md#the-request "select", "Response
-- encoding"), for get_item and get_list.
--
-- Positive cases compare the returned json TEXT (so key order counts) with
-- the text an independent oracle builds from the tables: pg_temp.expect()
-- reads the row with plain SQL and lays out the fields in the order the
-- select names them, _id first, relations as {"_id", fields...} or null.
-- Error cases expect 22023 from both calls, and check that the detail lists
-- the valid names at that level.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

-- Output must not depend on the session's time zone or date style.
SET LOCAL TimeZone = 'America/Los_Angeles';
SET LOCAL DateStyle = 'SQL, DMY';

-- UTC ISO-8601 with milliseconds (truncated) and Z.
CREATE FUNCTION pg_temp.iso(ts timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- Compact json text with the key order of the input kept.
CREATE FUNCTION pg_temp.canon(j json) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    CASE json_typeof(j)
        WHEN 'object' THEN
            RETURN '{' || coalesce((SELECT string_agg(to_json(e.key)::text || ':' || pg_temp.canon(e.value), ',' ORDER BY e.n)
                                      FROM json_each(j) WITH ORDINALITY AS e(key, value, n)), '') || '}';
        WHEN 'array' THEN
            RETURN '[' || coalesce((SELECT string_agg(pg_temp.canon(e.value), ',' ORDER BY e.n)
                                      FROM json_array_elements(j) WITH ORDINALITY AS e(value, n)), '') || ']';
        ELSE
            RETURN j::jsonb::text;
    END CASE;
END
$f$;

-- Every field of one call log (and its relations' readable fields), by JSON name.
CREATE FUNCTION pg_temp.full_row(row_id uuid) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'createdAt', pg_temp.iso(l.created_at),
        'updatedAt', pg_temp.iso(l.updated_at),
        'projectId', l.project_id,
        'incomingCallPolicyId', l.incoming_call_policy_id,
        'callerPhoneNumber', l.caller_phone_number,
        'routingPhoneNumber', l.routing_phone_number,
        'callProviderCallId', l.call_provider_call_id,
        'status', l.status,
        'statusMessage', l.status_message,
        'callDurationInSeconds', l.call_duration_in_seconds,
        'callCostInUSDCents', l.call_cost_in_usd_cents,
        'incomingCallCostInUSDCents', l.incoming_call_cost_in_usd_cents,
        'outgoingCallCostInUSDCents', l.outgoing_call_cost_in_usd_cents,
        'startedAt', pg_temp.iso(l.started_at),
        'endedAt', pg_temp.iso(l.ended_at),
        'answeredByUserId', l.answered_by_user_id,
        'currentEscalationRuleOrder', l.current_escalation_rule_order,
        'repeatCount', l.repeat_count,
        'project', (SELECT json_build_object('_id', p.id, 'name', p.name,
                                             'createdAt', pg_temp.iso(p.created_at), 'updatedAt', pg_temp.iso(p.updated_at))
                      FROM incoming_call_log.project p WHERE p.id = l.project_id),
        'incomingCallPolicy', (SELECT json_build_object('_id', cp.id, 'name', cp.name,
                                             'createdAt', pg_temp.iso(cp.created_at), 'updatedAt', pg_temp.iso(cp.updated_at),
                                             'projectId', cp.project_id, 'routingPhoneNumber', cp.routing_phone_number)
                      FROM incoming_call_log.call_policy cp
                     WHERE cp.project_id = l.project_id AND cp.id = l.incoming_call_policy_id),
        'answeredByUser', (SELECT json_build_object('_id', u.id, 'name', u.name, 'email', u.email,
                                             'createdAt', pg_temp.iso(u.created_at), 'updatedAt', pg_temp.iso(u.updated_at))
                      FROM incoming_call_log.app_user u WHERE u.id = l.answered_by_user_id))
      FROM incoming_call_log.call_log l WHERE l.id = row_id
$$;

-- The object the select should produce for one row, as compact text.
CREATE FUNCTION pg_temp.expect(row_id uuid, sel json) RETURNS text
LANGUAGE plpgsql STABLE AS $f$
DECLARE
    r json := pg_temp.full_row(row_id);
    out text := '{"_id":' || to_json(row_id::text)::text;
    k text;
    v json;
    rk text;
    rv json;
BEGIN
    FOR k, v IN SELECT e.key, e.value FROM json_each(CASE WHEN json_typeof(sel) = 'object' THEN sel ELSE '{}' END) WITH ORDINALITY e(key, value, n) ORDER BY e.n LOOP
        CONTINUE WHEN k = '_id' OR v::text = 'false';
        out := out || ',' || to_json(k)::text || ':';
        IF k NOT IN ('project', 'incomingCallPolicy', 'answeredByUser') THEN
            out := out || pg_temp.canon(r -> k);
        ELSIF json_typeof(r -> k) = 'null' THEN
            out := out || 'null';
        ELSE
            out := out || '{"_id":' || (r -> k -> '_id')::text;
            IF json_typeof(v) = 'object' THEN
                FOR rk, rv IN SELECT e.key, e.value FROM json_each(v) WITH ORDINALITY e(key, value, n) ORDER BY e.n LOOP
                    CONTINUE WHEN rk = '_id' OR rv::text = 'false';
                    out := out || ',' || to_json(rk)::text || ':' || pg_temp.canon(r -> k -> rk);
                END LOOP;
            END IF;
            out := out || '}';
        END IF;
    END LOOP;
    RETURN out || '}';
END
$f$;

-- get_item's text equals the oracle's.
CREATE FUNCTION pg_temp.item_ok(row_id text, sel json, description text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN is(incoming_call_log.get_item(row_id, sel)::text, pg_temp.expect(row_id::uuid, sel), description);
END
$f$;

-- get_list's data text (default page: createdAt DESC, ties by _id, 10 rows) equals the oracle's.
CREATE FUNCTION pg_temp.list_ok(sel json, description text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN is((incoming_call_log.get_list(sel)).data::text,
              (SELECT '[' || string_agg(pg_temp.expect(t.id, sel), ',' ORDER BY t.created_at DESC, t.id) || ']'
                 FROM (SELECT id, created_at FROM incoming_call_log.call_log
                        WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
                        ORDER BY created_at DESC, id LIMIT 10) t),
              description);
END
$f$;

-- SQLSTATE, message and detail of a statement's error.
CREATE FUNCTION pg_temp.error_of(sql text, OUT state text, OUT message text, OUT detail text)
LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE sql;
    state := 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
END
$f$;

-- get_list and get_item (of an existing row) both refuse the select with 22023.
CREATE FUNCTION pg_temp.bad(sel text, description text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN is((pg_temp.error_of(format('SELECT incoming_call_log.get_list(%L::json)', sel))).state
                || ' / ' ||
              (pg_temp.error_of(format('SELECT incoming_call_log.get_item(%L, %L::json)',
                                       '0a000000-0000-4000-8000-000000000001', sel))).state,
              '22023 / 22023', description);
END
$f$;

-- The names listed in the error detail of both calls ("...: a, b, c."),
-- sorted, or a note when the two calls' details differ.
CREATE FUNCTION pg_temp.listed_names(sel text) RETURNS text[]
LANGUAGE plpgsql AS $f$
DECLARE
    d1 text := (pg_temp.error_of(format('SELECT incoming_call_log.get_list(%L::json)', sel))).detail;
    d2 text := (pg_temp.error_of(format('SELECT incoming_call_log.get_item(%L, %L::json)',
                                        '0a000000-0000-4000-8000-000000000001', sel))).detail;
BEGIN
    IF d1 IS DISTINCT FROM d2 THEN
        RETURN ARRAY['details differ', d1, d2];
    END IF;
    RETURN ARRAY(SELECT n FROM unnest(string_to_array(substring(d1 FROM ': (.*)\.$'), ', ')) n ORDER BY n);
END
$f$;

SELECT plan(92);

SELECT pg_temp.present_key(:'key_a_read');

-------------------------------------------------------------------------------
-- Missing, null and empty select: {"_id": ...} only
-------------------------------------------------------------------------------
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000001"}', 'get_item without select returns {"_id"} only');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000002', NULL, 'get_item with SQL NULL select');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000002', 'null', 'get_item with JSON null select');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000002', '{}', 'get_item with empty select');
SELECT is((incoming_call_log.get_list()).data::text,
          (SELECT '[' || string_agg(format('{"_id":"%s"}', id), ',' ORDER BY created_at DESC, id) || ']'
             FROM (SELECT id, created_at FROM incoming_call_log.call_log
                    WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' ORDER BY created_at DESC, id LIMIT 10) t),
          'get_list without select returns {"_id"} objects only');
SELECT pg_temp.list_ok(NULL, 'get_list with SQL NULL select');
SELECT pg_temp.list_ok('null', 'get_list with JSON null select');
SELECT pg_temp.list_ok('{}', 'get_list with empty select');

-------------------------------------------------------------------------------
-- true / false per field; order of keys = select order, _id first
-------------------------------------------------------------------------------
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "_id": true, "callDurationInSeconds": true}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000001","status":"Completed","callDurationInSeconds":125}',
          'get_item: _id first, then the fields in select order (literal)');
SELECT is(ARRAY(SELECT json_object_keys(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001',
                 '{"repeatCount": true, "callerPhoneNumber": true, "createdAt": true, "answeredByUser": true, "status": true}'))),
          ARRAY['_id', 'repeatCount', 'callerPhoneNumber', 'createdAt', 'answeredByUser', 'status'],
          'get_item: keys in select order, not catalog order');
SELECT is(ARRAY(SELECT json_object_keys(e) FROM json_array_elements((incoming_call_log.get_list(
                 '{"updatedAt": true, "_id": true, "status": true, "projectId": true}', NULL, NULL, 0, 1)).data) e),
          ARRAY['_id', 'updatedAt', 'status', 'projectId'],
          'get_list: keys in select order, _id first');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"status": true}', 'one field true');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"status": false}', 'one field false: {"_id"} only');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": false, "statusMessage": true, "callDurationInSeconds": false}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000001","statusMessage":"Answered by Ada"}', 'false fields are left out (literal)');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000004', '{"status": true, "statusMessage": false, "repeatCount": true, "endedAt": false, "callProviderCallId": true}',
                       'true and false mixed');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"_id": false}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000001"}', '"_id": false: _id still returned');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "_id": false}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000001","status":"Completed"}', '"_id": false with a field: _id still returned, first, once');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"status": true, "_id": true}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000001","status":"Completed"}', '"_id": true last: _id first, once');
SELECT pg_temp.list_ok('{"_id": false, "status": true}', 'get_list: "_id": false still returns _id');

-- every plain field, in catalog order and reversed, on rows with varied values
SELECT pg_temp.item_ok(id, '{"createdAt": true, "updatedAt": true, "projectId": true, "incomingCallPolicyId": true,
        "callerPhoneNumber": true, "routingPhoneNumber": true, "callProviderCallId": true, "status": true, "statusMessage": true,
        "callDurationInSeconds": true, "callCostInUSDCents": true, "incomingCallCostInUSDCents": true, "outgoingCallCostInUSDCents": true,
        "startedAt": true, "endedAt": true, "answeredByUserId": true, "currentEscalationRuleOrder": true, "repeatCount": true}',
        'every plain field of ' || id)
  FROM unnest(ARRAY['0a000000-0000-4000-8000-000000000003', '0a000000-0000-4000-8000-000000000004', '0a000000-0000-4000-8000-000000000005',
                    '0a000000-0000-4000-8000-000000000006', '0a000000-0000-4000-8000-000000000010', '0a000000-0000-4000-8000-000000000012']) id;
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000010', '{"repeatCount": true, "currentEscalationRuleOrder": true, "answeredByUserId": true,
        "endedAt": true, "startedAt": true, "outgoingCallCostInUSDCents": true, "incomingCallCostInUSDCents": true, "callCostInUSDCents": true,
        "callDurationInSeconds": true, "statusMessage": true, "status": true, "callProviderCallId": true, "routingPhoneNumber": true,
        "callerPhoneNumber": true, "incomingCallPolicyId": true, "projectId": true, "updatedAt": true, "createdAt": true}',
        'every plain field, reversed order');
SELECT pg_temp.list_ok('{"statusMessage": true, "createdAt": true, "callerPhoneNumber": true, "endedAt": true, "callCostInUSDCents": true}',
        'get_list: several fields in select order on every row of the page');

-- encoding of values, spelled out
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000003', '{"createdAt": true, "startedAt": true, "endedAt": true, "answeredByUserId": true}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000003","createdAt":"2026-01-02T10:30:00.123Z","startedAt":"2026-01-02T10:30:00.500Z","endedAt":null,"answeredByUserId":"22222222-2222-4222-8222-222222222222"}',
          'timestamps as UTC ISO-8601 with milliseconds truncated and Z; null as null (literal)');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000010', '{"callCostInUSDCents": true, "statusMessage": true}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000010","callCostInUSDCents":2147483647,"statusMessage":"He said \"hi\" — ünïcødé"}',
          'integers as numbers, text escaped (literal)');

-------------------------------------------------------------------------------
-- Relations
-------------------------------------------------------------------------------
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"answeredByUser": true}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000001","answeredByUser":{"_id":"11111111-1111-4111-8111-111111111111"}}',
          'relation true: {"_id"} (literal)');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000002', '{"answeredByUser": true}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000002","answeredByUser":null}',
          'null relation is null (literal)');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000003', '{"answeredByUser": {}}', 'relation {}: {"_id"}');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000002', '{"answeredByUser": {}}', 'relation {} on a null relation: null');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"answeredByUser": false, "status": true}', 'relation false: left out');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000011', '{"answeredByUser": {"email": true, "name": true}}')::text,
          '{"_id":"0a000000-0000-4000-8000-000000000011","answeredByUser":{"_id":"22222222-2222-4222-8222-222222222222","email":"grace@example.com","name":"Grace Hopper"}}',
          'relation object: _id, then its fields in select order (literal)');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000011', '{"answeredByUser": {"name": true, "email": true, "updatedAt": true, "createdAt": true}}',
                       'every readable field of answeredByUser, in select order');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000010', '{"answeredByUser": {"name": true, "email": true}}',
                       'relation fields that are null are null inside the object');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000002', '{"answeredByUser": {"name": true, "email": true}}',
                       'relation object on a null relation: null');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"answeredByUser": {"_id": true, "name": true}}', 'relation _id true: returned once, first');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"answeredByUser": {"name": true, "_id": false}}', 'relation _id false: still returned');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"answeredByUser": {"name": false, "email": false}}', 'relation with every field false: {"_id"}');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"project": {"updatedAt": true, "name": true, "createdAt": true, "_id": true}}',
                       'every readable field of project');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"project": true}', 'project true');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000003', '{"incomingCallPolicy": {"routingPhoneNumber": true, "projectId": true, "name": true, "createdAt": true, "updatedAt": true}}',
                       'every readable field of incomingCallPolicy (null routing number)');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000001', '{"incomingCallPolicy": {"routingPhoneNumber": true, "name": true}}',
                       'incomingCallPolicy fields');
SELECT pg_temp.item_ok('0a000000-0000-4000-8000-000000000010',
        '{"answeredByUser": {"email": true}, "status": true, "answeredByUserId": true, "project": true, "incomingCallPolicy": {"name": true}, "projectId": true}',
        'relations and plain fields interleaved, in select order');
SELECT pg_temp.list_ok('{"answeredByUser": {"name": true}, "incomingCallPolicy": {"name": true, "routingPhoneNumber": true}, "project": {"name": true}, "status": true}',
        'get_list: relation objects on every row, null where there is none');
SELECT pg_temp.list_ok('{"answeredByUser": true, "incomingCallPolicy": {}, "project": false}', 'get_list: relations true / {} / false');

-------------------------------------------------------------------------------
-- Unknown fields: 22023, and the detail lists the valid names at that level
-------------------------------------------------------------------------------
SELECT pg_temp.bad('{"nope": true}', 'unknown field');
SELECT pg_temp.bad('{"Status": true}', 'field names are case-sensitive');
SELECT pg_temp.bad('{"call_duration_in_seconds": true}', 'column names are not JSON names');
SELECT pg_temp.bad('{"": true}', 'empty field name');
SELECT pg_temp.bad('{"status": true, "nope": false}', 'unknown field even when false');
SELECT pg_temp.bad('{"answeredByUser": {"routingPhoneNumber": true}}', 'a field answeredByUser does not have');
SELECT pg_temp.bad('{"project": {"email": true}}', 'a field project does not have');
SELECT pg_temp.bad('{"incomingCallPolicy": {"email": true}}', 'a field incomingCallPolicy does not have');
SELECT pg_temp.bad('{"incomingCallPolicy": {"project": true}}', 'a relation inside a relation');
SELECT pg_temp.bad('{"answeredByUser": {"Name": true}}', 'relation field names are case-sensitive');
SELECT is(pg_temp.listed_names('{"nope": true}'),
          ARRAY(SELECT n FROM unnest(ARRAY['_id', 'createdAt', 'updatedAt', 'project', 'projectId', 'incomingCallPolicy',
                'incomingCallPolicyId', 'callerPhoneNumber', 'routingPhoneNumber', 'callProviderCallId', 'status', 'statusMessage',
                'callDurationInSeconds', 'callCostInUSDCents', 'incomingCallCostInUSDCents', 'outgoingCallCostInUSDCents',
                'startedAt', 'endedAt', 'answeredByUser', 'answeredByUserId', 'currentEscalationRuleOrder', 'repeatCount']) n ORDER BY n),
          'unknown field: the detail lists every selectable name (fields and relations)');
SELECT is(pg_temp.listed_names('{"answeredByUser": {"routingPhoneNumber": true}}'),
          ARRAY(SELECT n FROM unnest(ARRAY['_id', 'name', 'email', 'createdAt', 'updatedAt']) n ORDER BY n),
          'unknown field inside answeredByUser: the detail lists answeredByUser''s readable fields');
SELECT is(pg_temp.listed_names('{"project": {"email": true}}'),
          ARRAY(SELECT n FROM unnest(ARRAY['_id', 'name', 'createdAt', 'updatedAt']) n ORDER BY n),
          'unknown field inside project: the detail lists project''s readable fields');
SELECT is(pg_temp.listed_names('{"incomingCallPolicy": {"email": true}}'),
          ARRAY(SELECT n FROM unnest(ARRAY['_id', 'name', 'createdAt', 'updatedAt', 'projectId', 'routingPhoneNumber']) n ORDER BY n),
          'unknown field inside incomingCallPolicy: the detail lists incomingCallPolicy''s readable fields');
SELECT throws_like($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', '{"nope": true}')$$,
                   '%"nope"%', 'the message names the unknown field');
SELECT throws_like($$SELECT incoming_call_log.get_list('{"answeredByUser": {"routingPhoneNumber": true}}')$$,
                   '%"routingPhoneNumber"%', 'the message names the unknown relation field');

-------------------------------------------------------------------------------
-- Values other than true / false (or a relation's object): 22023
-------------------------------------------------------------------------------
SELECT pg_temp.bad('{"status": 1}', 'number for a field');
SELECT pg_temp.bad('{"status": 0}', 'zero for a field');
SELECT pg_temp.bad('{"status": "true"}', 'string "true" for a field');
SELECT pg_temp.bad('{"status": null}', 'null for a field');
SELECT pg_temp.bad('{"status": {}}', 'object for a plain field');
SELECT pg_temp.bad('{"status": {"_id": true}}', 'object of fields for a plain field');
SELECT pg_temp.bad('{"status": []}', 'array for a field');
SELECT pg_temp.bad('{"_id": 1}', 'number for _id');
SELECT pg_temp.bad('{"_id": null}', 'null for _id');
SELECT pg_temp.bad('{"answeredByUser": null}', 'null for a relation');
SELECT pg_temp.bad('{"answeredByUser": 1}', 'number for a relation');
SELECT pg_temp.bad('{"answeredByUser": "name"}', 'string for a relation');
SELECT pg_temp.bad('{"answeredByUser": ["name"]}', 'array for a relation');
SELECT pg_temp.bad('{"answeredByUser": {"name": 1}}', 'number for a relation field');
SELECT pg_temp.bad('{"answeredByUser": {"name": null}}', 'null for a relation field');
SELECT pg_temp.bad('{"answeredByUser": {"name": {}}}', 'object for a relation field');
SELECT pg_temp.bad('{"project": {"_id": "yes"}}', 'string for a relation''s _id');

-------------------------------------------------------------------------------
-- select that is not an object, or names a key twice: 22023
-------------------------------------------------------------------------------
SELECT pg_temp.bad('[]', 'select as an empty array');
SELECT pg_temp.bad('["status"]', 'select as an array of names');
SELECT pg_temp.bad('"status"', 'select as a string');
SELECT pg_temp.bad('true', 'select as true');
SELECT pg_temp.bad('false', 'select as false');
SELECT pg_temp.bad('1', 'select as a number');
SELECT pg_temp.bad('{"status": true, "status": false}', 'a field named twice');
SELECT pg_temp.bad('{"answeredByUser": {"name": true, "name": true}}', 'a relation field named twice');

-------------------------------------------------------------------------------
-- get_item checks the select before the item's existence
-------------------------------------------------------------------------------
SELECT throws_ok($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-0000000000ff', '{"nope": true}')$$,
                 '22023', NULL, 'bad select on an absent id: 22023, not PT404');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001', '{"status": 1}')$$,
                 '22023', NULL, 'bad select on another project''s id: 22023, not PT404');
SELECT throws_ok($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001', '{"status": true}')$$,
                 'PT404', NULL, 'good select on another project''s id: PT404');

SELECT * FROM finish();
ROLLBACK;
