-- test/csv.sql — the CSV forms (doc/reference.md#csv) against the JSON forms: for many
-- requests the CSV equals the CSV an independent reader builds here from
-- the JSON answer; every refusal has the same SQLSTATE in both forms, in
-- the same order of checks; get_list_csv's Content-Range agrees with the
-- JSON answer's count, skip and page.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

-- Rows whose values need quoting, in project A.
INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, created_at, updated_at,
                                        caller_phone_number, status, status_message, call_provider_call_id)
VALUES
    ('0a000000-0000-4000-8000-0000000000c1', :'A', 'a1000000-0000-4000-8000-000000000001',
     '2027-01-01T00:00:01Z', '2027-01-01T00:00:01Z', '+15550001111', 'Completed', 'a, b', 'x"y'),
    ('0a000000-0000-4000-8000-0000000000c2', :'A', 'a1000000-0000-4000-8000-000000000001',
     '2027-01-01T00:00:02Z', '2027-01-01T00:00:02Z', NULL, 'Busy', E' cr\r\nlf ', ''),
    ('0a000000-0000-4000-8000-0000000000c3', :'A', 'a1000000-0000-4000-8000-000000000002',
     '2027-01-01T00:00:03Z', '2027-01-01T00:00:03Z', '+15550003333', 'Completed', '"quoted"', ' ');

-------------------------------------------------------------------------------
-- An independent CSV writer, from the JSON answer
-------------------------------------------------------------------------------
-- One field: a JSON scalar as the JSON shows it, RFC 4180 quoting.
CREATE FUNCTION pg_temp.csv_field(v json) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN t ~ '[,"\r\n]' OR t LIKE ' %' OR t LIKE '% ' THEN '"' || replace(t, '"', '""') || '"' ELSE t END
      FROM (SELECT CASE WHEN v IS NULL OR json_typeof(v) = 'null' THEN ''
                        WHEN json_typeof(v) = 'string' THEN v #>> '{}'
                        ELSE v::text END AS t) s
$$;
-- The columns a select asks for: _id, then its keys in order, a relation's
-- as relation._id and relation.<field> in the order the select names them.
CREATE FUNCTION pg_temp.csv_columns(sel json) RETURNS text[] LANGUAGE sql AS $$
    SELECT ARRAY['_id'] || coalesce(array_agg(col ORDER BY ord, sub), '{}')
      FROM (SELECT e.ord, 0 AS sub, CASE WHEN e.key IN ('project', 'incomingCallPolicy', 'answeredByUser')
                                         THEN e.key || '._id' ELSE e.key END AS col
              FROM json_each(CASE WHEN json_typeof(sel) = 'object' THEN sel ELSE '{}' END)
                   WITH ORDINALITY AS e(key, value, ord)
             WHERE e.key <> '_id' AND e.value::text <> 'false'
            UNION ALL
            SELECT e.ord, r.ord, e.key || '.' || r.key
              FROM json_each(CASE WHEN json_typeof(sel) = 'object' THEN sel ELSE '{}' END)
                   WITH ORDINALITY AS e(key, value, ord),
                   LATERAL json_each(e.value) WITH ORDINALITY AS r(key, value, ord)
             WHERE json_typeof(e.value) = 'object' AND r.key <> '_id' AND r.value::text = 'true') c
$$;
-- The CSV of objects for a select.
CREATE FUNCTION pg_temp.csv_of(sel json, objects json) RETURNS text LANGUAGE sql AS $$
    SELECT array_to_string(pg_temp.csv_columns(sel), ',') || E'\n'
        || coalesce(string_agg(line || E'\n', '' ORDER BY o.ord), '')
      FROM json_array_elements(objects) WITH ORDINALITY AS o(obj, ord),
           LATERAL (SELECT string_agg(pg_temp.csv_field(
                               CASE WHEN position('.' IN c.col) > 0
                                    THEN o.obj -> split_part(c.col, '.', 1) -> split_part(c.col, '.', 2)
                                    ELSE o.obj -> c.col END), ',' ORDER BY c.n) AS line
                      FROM unnest(pg_temp.csv_columns(sel)) WITH ORDINALITY AS c(col, n)) l
$$;

-------------------------------------------------------------------------------
-- Requests
-------------------------------------------------------------------------------
CREATE TEMP TABLE request (n serial, sel json, q json, srt json, skip int, lim int);
INSERT INTO request (sel, q, srt, skip, lim) VALUES
    (NULL, NULL, NULL, NULL, NULL),
    ('{}', NULL, NULL, NULL, 100),
    ('{"_id": true}', NULL, NULL, NULL, 100),
    ('{"_id": false, "status": true}', NULL, NULL, NULL, 100),
    ('{"status": true, "statusMessage": true, "callProviderCallId": true, "callerPhoneNumber": true}', NULL,
     '{"createdAt": "ASC"}', NULL, 100),
    ('{"repeatCount": true, "currentEscalationRuleOrder": true, "answeredByUserId": true, "endedAt": true,
       "startedAt": true, "outgoingCallCostInUSDCents": true, "incomingCallCostInUSDCents": true,
       "callCostInUSDCents": true, "callDurationInSeconds": true, "statusMessage": true, "status": true,
       "callProviderCallId": true, "routingPhoneNumber": true, "callerPhoneNumber": true,
       "incomingCallPolicyId": true, "projectId": true, "updatedAt": true, "createdAt": true}', NULL, NULL, NULL, 100),
    ('{"project": true}', NULL, NULL, NULL, 100),
    ('{"project": {}}', NULL, NULL, NULL, 100),
    ('{"project": {"name": true, "createdAt": true, "updatedAt": true}}', NULL, NULL, NULL, 100),
    ('{"incomingCallPolicy": {"routingPhoneNumber": true, "projectId": true, "name": true}}', NULL, NULL, NULL, 100),
    ('{"answeredByUser": true}', NULL, NULL, NULL, 100),
    ('{"answeredByUser": {"email": true, "name": true, "_id": true}}', NULL, NULL, NULL, 100),
    ('{"answeredByUser": {"name": false, "email": true}, "status": true, "project": false}', NULL, NULL, NULL, 100),
    ('{"status": true, "answeredByUser": {"name": true}, "incomingCallPolicy": {"name": true}, "project": {"name": true}}',
     '{"status": ["Completed", "Busy"]}', '{"callerPhoneNumber": "DESC"}', 1, 3),
    ('{"status": true}', '{"status": "Completed"}', NULL, 0, 2),
    ('{"status": true}', '{"status": "Completed"}', NULL, 2, 2),
    ('{"status": true}', '{"status": "Completed"}', NULL, 100, 10),
    ('{"status": true, "answeredByUser": {"name": true}}', '{"status": "Example status"}', NULL, 0, 10),
    ('{"callerPhoneNumber": true}', '{"callerPhoneNumber": {"_type": "IsNull"}}', NULL, NULL, NULL),
    ('{"statusMessage": true}', '{"statusMessage": {"_type": "Search", "value": "\""}}', NULL, NULL, NULL),
    ('{"createdAt": true, "startedAt": true}', '{"startedAt": {"_type": "InBetween", "startValue": "2026-01-01", "endValue": "2026-01-04"}}',
     '{"startedAt": "ASC"}', NULL, NULL);

SELECT plan((SELECT count(*)::int FROM request) * 3 + 12 + 21 + 4);

SELECT pg_temp.present_key(:'key_a_read');

-- get_list_csv against get_list, and its Content-Range, in one transaction.
SELECT is(incoming_call_log.get_list_csv(r.sel, r.q, r.srt, r.skip, r.lim)::text,
          pg_temp.csv_of(r.sel, l.data),
          format('request %s: get_list_csv is the CSV of get_list''s data', r.n))
  FROM request r, LATERAL incoming_call_log.get_list(r.sel, r.q, r.srt, r.skip, r.lim) l
 ORDER BY r.n;

CREATE FUNCTION pg_temp.content_range(r request) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incoming_call_log.get_list_csv(r.sel, r.q, r.srt, r.skip, r.lim);
    RETURN current_setting('response.headers');
END;
$$;
SELECT is(pg_temp.content_range(r),
          format('[{"Content-Range": "%s"}]',
                 CASE WHEN json_array_length(l.data) = 0 THEN '*/' || l.count
                      ELSE format('%s-%s/%s', l.skip, l.skip + json_array_length(l.data) - 1, l.count) END),
          format('request %s: response.headers carries the page''s Content-Range', r.n))
  FROM request r, LATERAL incoming_call_log.get_list(r.sel, r.q, r.srt, r.skip, r.lim) l
 ORDER BY r.n;

SELECT is(incoming_call_log.count_csv(r.q)::text, E'count\n' || (incoming_call_log.count(r.q)).count || E'\n',
          format('request %s: count_csv is the CSV of count', r.n))
  FROM request r ORDER BY r.n;

-- get_item_csv against get_item, for every row of A with several selects.
SELECT is(incoming_call_log.get_item_csv(l.id::text, s.sel)::text,
          pg_temp.csv_of(s.sel, json_build_array(incoming_call_log.get_item(l.id::text, s.sel))),
          format('get_item_csv of %s with select %s', l.id, s.sel))
  FROM (SELECT id FROM incoming_call_log.call_log WHERE project_id = :'A' ORDER BY id LIMIT 4) l,
       (VALUES (NULL::json), ('{"status": true, "statusMessage": true, "callProviderCallId": true}'),
               ('{"answeredByUser": {"name": true, "email": true}, "incomingCallPolicy": true}')) s(sel)
 ORDER BY l.id, s.sel::text;

-------------------------------------------------------------------------------
-- Refusals: the same SQLSTATE in both forms, in the same order of checks
-------------------------------------------------------------------------------
CREATE TEMP TABLE refusal (n serial, headers json, json_sql text, csv_sql text, expected text);
INSERT INTO refusal (headers, json_sql, csv_sql, expected)
SELECT h.headers, c.json_sql, c.csv_sql, c.expected_for[h.kind]
  FROM (VALUES (1, json_build_object('apikey', :'key_a_read')),
               (2, json_build_object('apikey', :'key_a_none')),
               (3, json_build_object('apikey', :'key_a_revoked'))) h(kind, headers),
       (VALUES
          ($$SELECT incoming_call_log.get_list('{"nope": true}')$$, $$SELECT incoming_call_log.get_list_csv('{"nope": true}')$$,
           ARRAY['22023', 'PT403', 'PT401']),
          ($$SELECT incoming_call_log.get_list(skip => -1)$$, $$SELECT incoming_call_log.get_list_csv(skip => -1)$$,
           ARRAY['22023', 'PT403', 'PT401']),
          ($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001')$$,
           $$SELECT incoming_call_log.get_item_csv('0b000000-0000-4000-8000-000000000001')$$,
           ARRAY['PT404', 'PT403', 'PT401']),
          ($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001', '{"nope": true}')$$,
           $$SELECT incoming_call_log.get_item_csv('0b000000-0000-4000-8000-000000000001', '{"nope": true}')$$,
           ARRAY['22023', 'PT403', 'PT401']),
          ($$SELECT incoming_call_log.get_item('not a uuid')$$, $$SELECT incoming_call_log.get_item_csv('not a uuid')$$,
           ARRAY['22023', 'PT403', 'PT401']),
          ($$SELECT incoming_call_log.count('{"status": {"_type": "Nope"}}')$$,
           $$SELECT incoming_call_log.count_csv('{"status": {"_type": "Nope"}}')$$,
           ARRAY['22023', 'PT403', 'PT401']),
          ($$SELECT incoming_call_log.count('{"status": "Completed"}')$$,
           $$SELECT incoming_call_log.count_csv('{"status": "Completed"}')$$,
           ARRAY['ok', 'PT403', 'PT401'])) c(json_sql, csv_sql, expected_for);

CREATE FUNCTION pg_temp.codes(r refusal) RETURNS text[] LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('request.headers', r.headers::text, true);
    RETURN ARRAY[pg_temp.code_of(r.json_sql), pg_temp.code_of(r.csv_sql)];
END;
$$;
SELECT is(pg_temp.codes(r), ARRAY[r.expected, r.expected],
          format('refusal %s: %s and its CSV form both give %s', r.n, r.json_sql, r.expected))
  FROM refusal r ORDER BY r.n;

-------------------------------------------------------------------------------
-- Exact bytes
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_a_read');
SELECT is(incoming_call_log.get_list_csv('{"statusMessage": true, "callProviderCallId": true}',
                                         '{"createdAt": {"_type": "GreaterThan", "value": "2027-01-01"}}',
                                         '{"createdAt": "ASC"}')::text,
          E'_id,statusMessage,callProviderCallId\n'
          || E'0a000000-0000-4000-8000-0000000000c1,"a, b","x""y"\n'
          || E'0a000000-0000-4000-8000-0000000000c2," cr\r\nlf ",\n'
          || E'0a000000-0000-4000-8000-0000000000c3,"""quoted"""," "\n',
          'commas, quotes, CR LF and edge spaces are quoted; an empty string is an empty field');
SELECT is(incoming_call_log.get_list_csv(query => '{"status": "Example status"}')::text, E'_id\n',
          'an empty page is the header line alone');
SELECT is(pg_typeof(incoming_call_log.get_list_csv())::text, 'incoming_call_log."text/csv"',
          'get_list_csv returns the domain "text/csv"');
SELECT is(incoming_call_log.count_csv('{"callerPhoneNumber": "+15550001111"}')::text, E'count\n1\n',
          'count_csv: a header and one line, each ending with LF');

SELECT * FROM finish();
ROLLBACK;
