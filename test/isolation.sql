-- test/isolation.sql — a key reads its own project and nothing else (doc/operating.md#who-is-calling,
-- §4 "leaks nothing about other projects", §5).  Nothing a project-A key can
-- send returns a row of B or C or tells a B id from an absent one.  Every
-- expected value is computed with independent SQL over the tables.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(59);

\set project_a '''aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'''
\set project_b '''bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'''
\set project_c '''cccccccc-cccc-4ccc-8ccc-cccccccccccc'''

-------------------------------------------------------------------------------
-- Helpers
-------------------------------------------------------------------------------
-- SQLSTATE, message, detail and hint of a statement's error (or 'no error').
CREATE FUNCTION pg_temp.error_of(sql text) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    st text; msg text; det text; hin text;
BEGIN
    EXECUTE sql;
    RETURN ARRAY['no error'];
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT;
    RETURN ARRAY[st, msg, det, hin];
END;
$$;

-- get_item's error for id, with the id as written replaced by <id>.
CREATE FUNCTION pg_temp.item_error_shape(id text, sel json DEFAULT NULL) RETURNS text[]
LANGUAGE sql AS $$
    SELECT array_agg(replace(e, id, '<id>') ORDER BY n)
      FROM unnest(pg_temp.error_of(format('SELECT incoming_call_log.get_item(%L, %L::json)', id, sel)))
           WITH ORDINALITY AS u(e, n);
$$;


-- The same answer computed from the table for one project and a predicate on alias l.
CREATE FUNCTION pg_temp.sql_answer(project uuid, predicate text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    n bigint; ids uuid[];
BEGIN
    EXECUTE format('SELECT count(*), coalesce(array_agg(l.id ORDER BY l.id), ''{}'')
                      FROM incoming_call_log.call_log l WHERE l.project_id = %L AND (%s)', project, predicate)
       INTO n, ids;
    RETURN format('%s / %s / %s', n, n, ids);
END;
$$;

CREATE FUNCTION pg_temp.sql_count(predicate text, project uuid DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM incoming_call_log.call_log l WHERE (%L::uuid IS NULL OR l.project_id = %L) AND (%s)',
                   project, project, predicate) INTO n;
    RETURN n;
END;
$$;

CREATE TEMP TABLE foreign_ids AS
SELECT id, project_id FROM incoming_call_log.call_log WHERE project_id <> :project_a;

SELECT is((SELECT count(*) FROM foreign_ids), 8::bigint, 'the fixture has 8 call logs outside project A');

-------------------------------------------------------------------------------
-- get_item: another project's id looks exactly like an absent one
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_a_member');

SELECT is((pg_temp.item_error_shape('0a000000-0000-4000-8000-0000000000ff'))[1], 'PT404',
          'an absent id is PT404');
SELECT is(pg_temp.item_error_shape('0a000000-0000-4000-8000-0000000000ff'),
          pg_temp.item_error_shape(gen_random_uuid()::text),
          'two absent ids give the same error shape');

SELECT results_eq(
    $$SELECT id, pg_temp.item_error_shape(id::text) FROM foreign_ids ORDER BY id$$,
    $$SELECT id, pg_temp.item_error_shape('0a000000-0000-4000-8000-0000000000ff') FROM foreign_ids ORDER BY id$$,
    'get_item of every B and C id: PT404 with the same message, detail and hint as an absent id');

SELECT results_eq(
    $$SELECT id, pg_temp.item_error_shape(upper(id::text), '{"status": true, "statusMessage": true, "incomingCallPolicy": {"name": true}}')
        FROM foreign_ids ORDER BY id$$,
    $$SELECT id, pg_temp.item_error_shape('0A000000-0000-4000-8000-0000000000FF', '{"status": true, "statusMessage": true, "incomingCallPolicy": {"name": true}}')
        FROM foreign_ids ORDER BY id$$,
    'the same for upper-case ids with a select of fields and a relation');

SELECT results_eq(
    $$SELECT id, pg_temp.item_error_shape('{' || replace(id::text, '-', '') || '}') FROM foreign_ids ORDER BY id$$,
    $$SELECT id, pg_temp.item_error_shape('{0a0000000000400080000000000000ff}') FROM foreign_ids ORDER BY id$$,
    'the same for ids in braces without hyphens');

SELECT is((SELECT count(*) FROM foreign_ids f
            WHERE EXISTS (SELECT 1 FROM unnest(pg_temp.item_error_shape(f.id::text)) e
                           WHERE e ILIKE '%bravo%' OR e ILIKE '%charlie%' OR e ILIKE '%bbbbbbbb%' OR e ILIKE '%cccccccc%')),
          0::bigint, 'no error for a foreign id names its project or its data');

SELECT is(incoming_call_log.get_item(upper('0a000000-0000-4000-8000-000000000001'))::jsonb ->> '_id',
          '0a000000-0000-4000-8000-000000000001', 'control: an A id in upper case is found');

-------------------------------------------------------------------------------
-- Filters naming another project, or its rows, find nothing
-------------------------------------------------------------------------------
SELECT is(pg_temp.api_answer(json_build_object('projectId', :project_b)),
          '0 / 0 / {}', 'query {"projectId": B}: nothing');
SELECT is(pg_temp.api_answer(json_build_object('projectId', :project_c)),
          '0 / 0 / {}', 'query {"projectId": C}: nothing');
SELECT is(pg_temp.api_answer(json_build_object('projectId', json_build_object('_type', 'ObjectID', 'value', upper(:project_b)))),
          '0 / 0 / {}', 'query {"projectId": ObjectID(B in upper case)}: nothing');
SELECT is(pg_temp.api_answer(json_build_object('projectId', json_build_object('_type', 'NotEqual', 'value', :project_a))),
          '0 / 0 / {}', 'query {"projectId": NotEqual A}: nothing');
SELECT is(pg_temp.api_answer(json_build_object('projectId', json_build_array(:project_a, :project_b, :project_c))),
          pg_temp.sql_answer(:project_a, 'true'), 'query {"projectId": [A, B, C]}: exactly A''s rows');
SELECT is(pg_temp.api_answer(json_build_object('incomingCallPolicyId', 'b1000000-0000-4000-8000-000000000001')),
          '0 / 0 / {}', 'query on B''s policy id: nothing');

SELECT is((SELECT string_agg(pg_temp.api_answer(json_build_object('_id', id)), ',') FROM foreign_ids),
          (SELECT string_agg('0 / 0 / {}', ',') FROM foreign_ids),
          'query {"_id": <each B and C id>}: nothing');
SELECT is((SELECT string_agg(pg_temp.api_answer(json_build_object('_id', json_build_object('_type', 'ObjectID', 'value', id))), ',')
             FROM foreign_ids),
          (SELECT string_agg('0 / 0 / {}', ',') FROM foreign_ids),
          'query {"_id": ObjectID(<each B and C id>)}: nothing');

SELECT is(pg_temp.api_answer(json_build_object('_id', json_build_object('_type', 'Includes',
              'value', (SELECT json_agg(id) FROM incoming_call_log.call_log)))),
          pg_temp.sql_answer(:project_a, 'true'), 'Includes of every id of every project: only A''s');
SELECT is(pg_temp.api_answer(json_build_object('_id', (SELECT json_agg(id) FROM foreign_ids))),
          '0 / 0 / {}', 'a plain array of all B and C ids: nothing');

-------------------------------------------------------------------------------
-- Every operator, on a condition that also holds for rows of B and C, finds
-- exactly A's matching rows (count(), get_list's count and its ids).
-------------------------------------------------------------------------------
CREATE TEMP TABLE probes (n serial, label text, q json, predicate text);
INSERT INTO probes (label, q, predicate) VALUES
    ('no filter', '{}', 'true'),
    ('plain equality', '{"status": "Completed"}', $$l.status = 'Completed'$$),
    ('array (IN)', '{"status": ["Completed", "Ringing", "Busy"]}', $$l.status IN ('Completed', 'Ringing', 'Busy')$$),
    ('null (IS NULL)', '{"answeredByUserId": null}', 'l.answered_by_user_id IS NULL'),
    ('EqualTo', '{"callerPhoneNumber": {"_type": "EqualTo", "value": "+15551230001"}}', $$l.caller_phone_number = '+15551230001'$$),
    ('NotEqual', '{"status": {"_type": "NotEqual", "value": "Completed"}}', $$l.status <> 'Completed'$$),
    ('GreaterThan', '{"callDurationInSeconds": {"_type": "GreaterThan", "value": 5}}', 'l.call_duration_in_seconds > 5'),
    ('LessThan', '{"callDurationInSeconds": {"_type": "LessThan", "value": 100}}', 'l.call_duration_in_seconds < 100'),
    ('GreaterThanOrEqual', '{"callCostInUSDCents": {"_type": "GreaterThanOrEqual", "value": 3}}', 'l.call_cost_in_usd_cents >= 3'),
    ('LessThanOrEqual', '{"repeatCount": {"_type": "LessThanOrEqual", "value": 1}}', 'l.repeat_count <= 1'),
    ('EqualToOrNull', '{"callProviderCallId": {"_type": "EqualToOrNull", "value": "CA0001"}}',
        $$(l.call_provider_call_id = 'CA0001' OR l.call_provider_call_id IS NULL)$$),
    ('GreaterThanOrNull', '{"startedAt": {"_type": "GreaterThanOrNull", "value": "2026-01-02"}}',
        $$(l.started_at > '2026-01-02T00:00:00Z' OR l.started_at IS NULL)$$),
    ('LessThanOrNull', '{"endedAt": {"_type": "LessThanOrNull", "value": "2026-01-03T00:00:00Z"}}',
        $$(l.ended_at < '2026-01-03T00:00:00Z' OR l.ended_at IS NULL)$$),
    ('InBetween', '{"createdAt": {"_type": "InBetween", "startValue": "2026-01-01", "endValue": "2026-01-04T12:00:00Z"}}',
        $$l.created_at BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-04T12:00:00Z'$$),
    ('Search', '{"statusMessage": {"_type": "Search", "value": "E"}}', $$l.status_message ILIKE '%e%'$$),
    ('Search (B-only text)', '{"statusMessage": {"_type": "Search", "value": "secret"}}', $$l.status_message ILIKE '%secret%'$$),
    ('StartsWith', '{"callProviderCallId": {"_type": "StartsWith", "value": "c"}}', $$l.call_provider_call_id ILIKE 'c%'$$),
    ('EndsWith', '{"routingPhoneNumber": {"_type": "EndsWith", "value": "3"}}', $$l.routing_phone_number LIKE '%3'$$),
    ('NotContains', '{"statusMessage": {"_type": "NotContains", "value": "answered"}}',
        $$(l.status_message IS NULL OR l.status_message NOT ILIKE '%answered%')$$),
    ('IsNull', '{"endedAt": {"_type": "IsNull"}}', 'l.ended_at IS NULL'),
    ('NotNull', '{"callerPhoneNumber": {"_type": "NotNull"}}', 'l.caller_phone_number IS NOT NULL'),
    ('Includes', '{"answeredByUserId": {"_type": "Includes", "value": ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"]}}',
        $$l.answered_by_user_id IN ('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222')$$),
    ('IncludesNone', '{"status": {"_type": "IncludesNone", "value": ["Initiated"]}}', $$l.status <> 'Initiated'$$),
    ('IncludesNone of A''s ids', json_build_object('_id', json_build_object('_type', 'IncludesNone',
        'value', (SELECT json_agg(id) FROM incoming_call_log.call_log WHERE project_id = :project_a))),
        $$l.project_id <> 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$),
    ('MultiSearch', '{"statusMessage": {"_type": "MultiSearch", "fields": ["statusMessage", "callProviderCallId", "status"], "value": "b"}}',
        $$(l.status_message ILIKE '%b%' OR l.call_provider_call_id ILIKE '%b%' OR l.status ILIKE '%b%')$$),
    ('DateTime wrapper', '{"updatedAt": {"_type": "GreaterThan", "value": {"_type": "DateTime", "value": "2026-01-02T09:00:00Z"}}}',
        $$l.updated_at > '2026-01-02T09:00:00Z'$$),
    ('several keys AND-ed', '{"status": {"_type": "NotEqual", "value": "Busy"}, "currentEscalationRuleOrder": 1, "callDurationInSeconds": {"_type": "LessThanOrEqual", "value": 125}}',
        $$l.status <> 'Busy' AND l.current_escalation_rule_order = 1 AND l.call_duration_in_seconds <= 125$$),
    ('policy ids of every project', '{"incomingCallPolicyId": ["a1000000-0000-4000-8000-000000000001", "b1000000-0000-4000-8000-000000000001", "c1000000-0000-4000-8000-000000000001"]}',
        $$l.incoming_call_policy_id IN ('a1000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000001')$$);

SELECT is((SELECT count(*) FROM probes
            WHERE pg_temp.sql_count(predicate) > pg_temp.sql_count(predicate, :project_a)),
          (SELECT count(*) FROM probes),
          'control: every probe''s condition also holds for some row of B or C');

SELECT is(pg_temp.api_answer(q), pg_temp.sql_answer(:project_a, predicate),
          format('probe %s (%s): exactly A''s matching rows', n, label))
  FROM probes ORDER BY n;

-------------------------------------------------------------------------------
-- Paging and sorting cannot reach past A's rows
-------------------------------------------------------------------------------
SELECT is((SELECT format('%s %s', l.count, l.data::text)
             FROM incoming_call_log.get_list(skip => (SELECT count(*)::int FROM incoming_call_log.call_log WHERE project_id = :project_a),
                                             "limit" => 100) AS l),
          (SELECT format('%s []', count(*)) FROM incoming_call_log.call_log WHERE project_id = :project_a),
          'skipping all of A''s rows leaves an empty page (B and C rows do not follow)');
SELECT is((SELECT array_agg((e ->> '_id')::uuid ORDER BY (e ->> '_id')::uuid)
             FROM incoming_call_log.get_list(sort => '{"projectId": "DESC", "_id": "ASC"}', "limit" => 100) AS l,
                  json_array_elements(l.data) AS e),
          (SELECT array_agg(id ORDER BY id) FROM incoming_call_log.call_log WHERE project_id = :project_a),
          'sorting by projectId still lists only A''s rows');

-------------------------------------------------------------------------------
-- Relations show A's own policy and project, never B's
-------------------------------------------------------------------------------
\set rel_select '''{"projectId": true, "project": {"name": true}, "incomingCallPolicyId": true, "incomingCallPolicy": {"name": true, "projectId": true, "routingPhoneNumber": true}, "answeredByUser": {"name": true, "email": true}}'''
SELECT set_eq(
    format($$SELECT e::jsonb FROM json_array_elements((incoming_call_log.get_list(%L, NULL, NULL, 0, 100)).data) AS e$$, :rel_select),
    $$SELECT jsonb_build_object(
               '_id', l.id, 'projectId', l.project_id,
               'project', jsonb_build_object('_id', p.id, 'name', p.name),
               'incomingCallPolicyId', l.incoming_call_policy_id,
               'incomingCallPolicy', jsonb_build_object('_id', cp.id, 'name', cp.name, 'projectId', cp.project_id,
                                                        'routingPhoneNumber', cp.routing_phone_number),
               'answeredByUser', CASE WHEN u.id IS NULL THEN 'null'::jsonb
                                      ELSE jsonb_build_object('_id', u.id, 'name', u.name, 'email', u.email) END)
        FROM incoming_call_log.call_log l
        JOIN incoming_call_log.project p ON p.id = l.project_id
        JOIN incoming_call_log.call_policy cp ON cp.project_id = l.project_id AND cp.id = l.incoming_call_policy_id
        LEFT JOIN incoming_call_log.app_user u ON u.id = l.answered_by_user_id
       WHERE l.project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$,
    'relation objects of every A row are A''s own project and policy');
SELECT is((SELECT count(*) FROM json_array_elements((incoming_call_log.get_list(:rel_select, NULL, NULL, 0, 100)).data) AS e
            WHERE e::text ~* 'bbbbbbbb|cccccccc|b1000000|c1000000|Bravo|Charlie'),
          0::bigint, 'no relation object mentions B or C, their policies or their names');
SELECT is((SELECT string_agg(incoming_call_log.get_item(id::text, :rel_select)::jsonb #>> '{incomingCallPolicy,projectId}', ',' ORDER BY id)
             FROM incoming_call_log.call_log WHERE project_id = :project_a),
          (SELECT string_agg(project_id::text, ',' ORDER BY id) FROM incoming_call_log.call_log WHERE project_id = :project_a),
          'get_item''s incomingCallPolicy is always of project A');

-------------------------------------------------------------------------------
-- A key for B sees only B; a key for C only C
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_b');
SELECT is(pg_temp.api_answer(NULL), pg_temp.sql_answer(:project_b, 'true'), 'key of B: exactly B''s rows');
SELECT is(pg_temp.api_answer('{"status": "Completed", "callProviderCallId": "CA0001"}'),
          pg_temp.sql_answer(:project_b, $$l.status = 'Completed' AND l.call_provider_call_id = 'CA0001'$$),
          'key of B: a filter that also matches an A row finds only B''s');
SELECT is(pg_temp.api_answer(json_build_object('projectId', :project_a)), '0 / 0 / {}', 'key of B: {"projectId": A} finds nothing');
SELECT results_eq(
    $$SELECT id, pg_temp.item_error_shape(id::text) FROM incoming_call_log.call_log WHERE project_id <> 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' ORDER BY id$$,
    $$SELECT id, pg_temp.item_error_shape('0b000000-0000-4000-8000-0000000000ff') FROM incoming_call_log.call_log WHERE project_id <> 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' ORDER BY id$$,
    'key of B: every A and C id looks absent');
SELECT is((SELECT string_agg(incoming_call_log.get_item(id::text, '{"incomingCallPolicy": {"name": true}, "project": {"name": true}}')::text, ',' ORDER BY id)
             FROM incoming_call_log.call_log WHERE project_id = :project_b),
          (SELECT string_agg(format('{"_id":"%s","incomingCallPolicy":{"_id":"%s","name":"Bravo Line"},"project":{"_id":"%s","name":"Bravo Ops"}}',
                                    id, incoming_call_policy_id, project_id), ',' ORDER BY id)
             FROM incoming_call_log.call_log WHERE project_id = :project_b),
          'key of B: get_item of each B row shows B''s project and policy');

SELECT pg_temp.present_key(:'key_c');
SELECT is(pg_temp.api_answer(NULL), pg_temp.sql_answer(:project_c, 'true'), 'key of C: exactly C''s rows');
SELECT is(pg_temp.api_answer('{"projectId": {"_type": "NotEqual", "value": "cccccccc-cccc-4ccc-8ccc-cccccccccccc"}}'),
          '0 / 0 / {}', 'key of C: {"projectId": NotEqual C} finds nothing');

SELECT * FROM finish();
ROLLBACK;
