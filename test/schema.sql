-- test/schema.sql — doc/reference.md#fields and #data: tables, columns, keys, rules, defaults,
-- created_at / updated_at, indexes, pg_dump configuration.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql


-- Columns of doc/reference.md#fields: type, NOT NULL, whether a default exists (null: the
-- contract says nothing, not pinned).
CREATE TEMP TABLE column_map (ord serial, tbl name, col name, typ text, not_null bool, has_default bool);
INSERT INTO column_map (tbl, col, typ, not_null, has_default) VALUES
    ('project',     'id',                              'uuid',                           true,  NULL),
    ('project',     'name',                            'text',                           true,  false),
    ('project',     'created_at',                      'timestamp with time zone',       true,  true),
    ('project',     'updated_at',                      'timestamp with time zone',       true,  true),
    ('app_user',    'id',                              'uuid',                           true,  NULL),
    ('app_user',    'name',                            'text',                           false, false),
    ('app_user',    'email',                           'text',                           false, false),
    ('app_user',    'created_at',                      'timestamp with time zone',       true,  true),
    ('app_user',    'updated_at',                      'timestamp with time zone',       true,  true),
    ('call_policy', 'id',                              'uuid',                           true,  NULL),
    ('call_policy', 'project_id',                      'uuid',                           true,  false),
    ('call_policy', 'name',                            'text',                           true,  false),
    ('call_policy', 'routing_phone_number',            'incoming_call_log.phone_number', false, false),
    ('call_policy', 'created_at',                      'timestamp with time zone',       true,  true),
    ('call_policy', 'updated_at',                      'timestamp with time zone',       true,  true),
    ('call_log',    'id',                              'uuid',                           true,  true),
    ('call_log',    'created_at',                      'timestamp with time zone',       true,  true),
    ('call_log',    'updated_at',                      'timestamp with time zone',       true,  true),
    ('call_log',    'project_id',                      'uuid',                           true,  false),
    ('call_log',    'incoming_call_policy_id',         'uuid',                           true,  false),
    ('call_log',    'caller_phone_number',             'incoming_call_log.phone_number', false, false),
    ('call_log',    'routing_phone_number',            'incoming_call_log.phone_number', false, false),
    ('call_log',    'call_provider_call_id',           'text',                           false, false),
    ('call_log',    'status',                          'text',                           true,  true),
    ('call_log',    'status_message',                  'text',                           false, false),
    ('call_log',    'call_duration_in_seconds',        'integer',                        true,  true),
    ('call_log',    'call_cost_in_usd_cents',          'integer',                        true,  true),
    ('call_log',    'incoming_call_cost_in_usd_cents', 'integer',                        true,  true),
    ('call_log',    'outgoing_call_cost_in_usd_cents', 'integer',                        true,  true),
    ('call_log',    'started_at',                      'timestamp with time zone',       false, false),
    ('call_log',    'ended_at',                        'timestamp with time zone',       false, false),
    ('call_log',    'answered_by_user_id',             'uuid',                           false, false),
    ('call_log',    'current_escalation_rule_order',   'integer',                        true,  true),
    ('call_log',    'repeat_count',                    'integer',                        true,  true);

-- An INSERT of a call log of project A (policy a1…01) with extra columns.
CREATE FUNCTION pg_temp.log_insert(cols text, vals text) RETURNS text LANGUAGE sql AS $$
    SELECT format('INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, %s) VALUES (%L, %L, %s)',
                  cols, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a1000000-0000-4000-8000-000000000001', vals);
$$;

-- UPDATE every row of a table with an assignment; the distinct updated_at values after it.
CREATE FUNCTION pg_temp.touch(tbl text, assignment text) RETURNS timestamptz[] LANGUAGE plpgsql AS $$
DECLARE
    result timestamptz[];
BEGIN
    EXECUTE format('WITH u AS (UPDATE incoming_call_log.%I SET %s RETURNING updated_at)
                    SELECT array_agg(DISTINCT updated_at) FROM u', tbl, assignment)
       INTO result;
    RETURN result;
END $$;

CREATE ROLE icl_s_role;
SELECT incoming_call_log.grant_access('icl_s_role', :'A', '{ProjectMember}');
SELECT incoming_call_log.grant_admin('icl_s_role');

SELECT plan(
      1 + 7 + 4                                              -- schema, tables, columns_are
    + (SELECT count(*)::int FROM column_map)                 -- types
    + (SELECT count(*)::int FROM column_map)                 -- nullability
    + (SELECT count(*)::int FROM column_map WHERE has_default IS NOT NULL)
    + 8                                                      -- created_at/updated_at default now()
    + 2                                                      -- NOT NULL sets of call_log
    + 4 + 4 + 5                                              -- primary keys, foreign keys, FK behaviour
    + 23 + 9                                                 -- rules refused, boundaries accepted
    + 8                                                      -- not null refused
    + 10                                                     -- defaults on INSERT
    + 8                                                      -- explicit values kept on INSERT
    + 7 * 3 + 4                                              -- updated_at on UPDATE
    + 7                                                      -- indexes
    + 2);                                                    -- pg_extension_config_dump

-------------------------------------------------------------------------------
-- Tables and columns
-------------------------------------------------------------------------------
SELECT has_schema('incoming_call_log', 'CREATE EXTENSION creates schema incoming_call_log');
SELECT has_table('incoming_call_log', t, format('table %s exists', t))
  FROM unnest(ARRAY['project', 'app_user', 'call_policy', 'call_log', 'api_key', 'access_grant', 'role_capability']::name[]) t;

SELECT columns_are('incoming_call_log', t, ARRAY(SELECT col FROM column_map m WHERE m.tbl = t ORDER BY ord),
                   format('%s has exactly the columns of doc/reference.md#fields', t))
  FROM unnest(ARRAY['project', 'app_user', 'call_policy', 'call_log']::name[]) t;

SELECT col_type_is('incoming_call_log', tbl, col, typ, format('%s.%s is %s', tbl, col, typ))
  FROM column_map ORDER BY ord;
SELECT CASE WHEN not_null
            THEN col_not_null('incoming_call_log', tbl, col, format('%s.%s is NOT NULL', tbl, col))
            ELSE col_is_null('incoming_call_log', tbl, col, format('%s.%s may be null', tbl, col)) END
  FROM column_map ORDER BY ord;
SELECT CASE WHEN has_default
            THEN col_has_default('incoming_call_log', tbl, col, format('%s.%s has a default', tbl, col))
            ELSE col_hasnt_default('incoming_call_log', tbl, col, format('%s.%s has no default', tbl, col)) END
  FROM column_map WHERE has_default IS NOT NULL ORDER BY ord;
SELECT col_default_is('incoming_call_log', tbl, col, 'now()'::text, format('%s.%s defaults to now()', tbl, col))
  FROM column_map WHERE col IN ('created_at', 'updated_at') ORDER BY ord;

SELECT set_eq($$SELECT attname::text FROM pg_attribute
                 WHERE attrelid = 'incoming_call_log.call_log'::regclass AND attnum > 0 AND NOT attisdropped AND attnotnull$$,
              ARRAY['id', 'created_at', 'updated_at', 'project_id', 'incoming_call_policy_id', 'status',
                    'call_duration_in_seconds', 'call_cost_in_usd_cents', 'incoming_call_cost_in_usd_cents',
                    'outgoing_call_cost_in_usd_cents', 'current_escalation_rule_order', 'repeat_count'],
              'call_log: exactly the columns doc/reference.md#fields lists are NOT NULL');
SELECT set_eq($$SELECT a.attname::text FROM pg_attribute a
                 WHERE a.attrelid = 'incoming_call_log.call_log'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                   AND a.attnotnull AND NOT a.atthasdef$$,
              ARRAY['project_id', 'incoming_call_policy_id'],
              'call_log: the only required columns without a default are project_id and incoming_call_policy_id');

-------------------------------------------------------------------------------
-- Keys
-------------------------------------------------------------------------------
SELECT col_is_pk('incoming_call_log', 'project', ARRAY['id']::name[], 'project: primary key (id)');
SELECT col_is_pk('incoming_call_log', 'app_user', ARRAY['id']::name[], 'app_user: primary key (id)');
SELECT col_is_pk('incoming_call_log', 'call_policy', ARRAY['project_id', 'id']::name[], 'call_policy: primary key (project_id, id)');
SELECT col_is_pk('incoming_call_log', 'call_log', ARRAY['project_id', 'id']::name[], 'call_log: primary key (project_id, id)');

SELECT fk_ok('incoming_call_log', 'call_policy', ARRAY['project_id']::name[], 'incoming_call_log', 'project', ARRAY['id']::name[],
             'call_policy.project_id references project');
SELECT fk_ok('incoming_call_log', 'call_log', ARRAY['project_id']::name[], 'incoming_call_log', 'project', ARRAY['id']::name[],
             'call_log.project_id references project');
SELECT fk_ok('incoming_call_log', 'call_log', ARRAY['project_id', 'incoming_call_policy_id']::name[],
             'incoming_call_log', 'call_policy', ARRAY['project_id', 'id']::name[],
             'call_log (project_id, incoming_call_policy_id) references call_policy (project_id, id)');
SELECT fk_ok('incoming_call_log', 'call_log', ARRAY['answered_by_user_id']::name[], 'incoming_call_log', 'app_user', ARRAY['id']::name[],
             'call_log.answered_by_user_id references app_user');

SELECT throws_ok(format('INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id) VALUES (%L, %L)',
                        :'A', 'b1000000-0000-4000-8000-000000000001'),
                 '23503', 'insert or update on table "call_log" violates foreign key constraint "call_log_policy_of_same_project_fkey"',
                 'a log cannot name a policy of another project');
SELECT throws_ok(format('UPDATE incoming_call_log.call_log SET project_id = %L WHERE id = %L',
                        :'B', '0a000000-0000-4000-8000-000000000001'),
                 '23503', 'insert or update on table "call_log" violates foreign key constraint "call_log_policy_of_same_project_fkey"',
                 'a log cannot be moved to another project while naming its old policy');
SELECT throws_ok(format('INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id) VALUES (%L, %L)',
                        'dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'a1000000-0000-4000-8000-000000000001'),
                 '23503', NULL, 'a log cannot name a nonexistent project');
SELECT throws_ok(pg_temp.log_insert('answered_by_user_id', quote_literal('99999999-9999-4999-8999-999999999999')),
                 '23503', 'insert or update on table "call_log" violates foreign key constraint "call_log_answered_by_user_fkey"',
                 'a log cannot name a nonexistent user');
SELECT throws_ok(pg_temp.log_insert('id', quote_literal('0a000000-0000-4000-8000-000000000001')),
                 '23505', NULL, 'a duplicate (project_id, id) is refused');

-------------------------------------------------------------------------------
-- Every rule fires with its name; nothing is silently altered
-------------------------------------------------------------------------------
SELECT throws_ok(pg_temp.log_insert('status', $$'Bogus'$$), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_status_valid"', 'status outside the set');
SELECT throws_ok(pg_temp.log_insert('status', $$'completed'$$), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_status_valid"', 'status in the wrong case');
SELECT throws_ok(pg_temp.log_insert('status', $$'Completed '$$), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_status_valid"', 'status with a trailing space is not trimmed');
SELECT throws_ok(pg_temp.log_insert('call_duration_in_seconds', '-1'), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_call_duration_in_seconds_non_negative"',
                 'negative call_duration_in_seconds');
SELECT throws_ok(pg_temp.log_insert('call_cost_in_usd_cents', '-1'), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_call_cost_in_usd_cents_non_negative"',
                 'negative call_cost_in_usd_cents');
SELECT throws_ok(pg_temp.log_insert('incoming_call_cost_in_usd_cents', '-1'), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_incoming_call_cost_in_usd_cents_non_negative"',
                 'negative incoming_call_cost_in_usd_cents');
SELECT throws_ok(pg_temp.log_insert('outgoing_call_cost_in_usd_cents', '-1'), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_outgoing_call_cost_in_usd_cents_non_negative"',
                 'negative outgoing_call_cost_in_usd_cents');
SELECT throws_ok(pg_temp.log_insert('repeat_count', '-1'), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_repeat_count_non_negative"',
                 'negative repeat_count');
SELECT throws_ok(pg_temp.log_insert('current_escalation_rule_order', '0'), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_current_escalation_rule_order_positive"',
                 'current_escalation_rule_order 0');
SELECT throws_ok(pg_temp.log_insert('started_at, ended_at', $$'2026-01-01T10:00:00Z', '2026-01-01T09:59:59.999999Z'$$), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_ended_not_before_started"',
                 'ended_at before started_at');
SELECT throws_ok(pg_temp.log_insert('call_provider_call_id', quote_literal(repeat('x', 101))), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_call_provider_call_id_length"',
                 'call_provider_call_id of 101 characters');
SELECT throws_ok(pg_temp.log_insert('started_at', $$'infinity'$$), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_started_at_finite"',
                 'an infinite started_at');
SELECT throws_ok(pg_temp.log_insert('created_at', $$'-infinity'$$), '23514',
                 'new row for relation "call_log" violates check constraint "call_log_created_at_finite"',
                 'an infinite created_at');
SELECT throws_ok(pg_temp.log_insert('caller_phone_number', $$'abc'$$), '23514',
                 'value for domain incoming_call_log.phone_number violates check constraint "phone_number_format"',
                 'caller_phone_number that is not a number');
SELECT throws_ok(pg_temp.log_insert('caller_phone_number', $$'+1 555 123 4567'$$), '23514',
                 'value for domain incoming_call_log.phone_number violates check constraint "phone_number_format"',
                 'phone with spaces is refused, not normalised');
SELECT throws_ok(pg_temp.log_insert('caller_phone_number', $$'+0155512345'$$), '23514',
                 'value for domain incoming_call_log.phone_number violates check constraint "phone_number_format"',
                 'phone whose first digit is 0');
SELECT throws_ok(pg_temp.log_insert('caller_phone_number', $$'+123456'$$), '23514',
                 'value for domain incoming_call_log.phone_number violates check constraint "phone_number_format"',
                 'phone of 6 digits');
SELECT throws_ok(pg_temp.log_insert('routing_phone_number', $$'+1234567890123456'$$), '23514',
                 'value for domain incoming_call_log.phone_number violates check constraint "phone_number_format"',
                 'routing_phone_number of 16 digits');
SELECT throws_ok($$INSERT INTO incoming_call_log.call_policy (project_id, name, routing_phone_number)
                   VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Bad', '555-1234')$$, '23514',
                 'value for domain incoming_call_log.phone_number violates check constraint "phone_number_format"',
                 'call_policy.routing_phone_number is checked too');
SELECT throws_ok($$INSERT INTO incoming_call_log.app_user (name, email) VALUES ('X', 'not-an-address')$$, '23514',
                 'new row for relation "app_user" violates check constraint "app_user_email_format"',
                 'app_user.email that is not an address');
SELECT throws_ok($$UPDATE incoming_call_log.call_log SET status = 'Done' WHERE id = '0a000000-0000-4000-8000-000000000001'$$, '23514',
                 'new row for relation "call_log" violates check constraint "call_log_status_valid"', 'rules fire on UPDATE too (status)');
SELECT throws_ok($$UPDATE incoming_call_log.call_log SET ended_at = started_at - interval '1 second'
                   WHERE id = '0a000000-0000-4000-8000-000000000001'$$, '23514',
                 'new row for relation "call_log" violates check constraint "call_log_ended_not_before_started"',
                 'rules fire on UPDATE too (ended_at)');
SELECT throws_ok($$UPDATE incoming_call_log.call_log SET caller_phone_number = '+1-555' WHERE id = '0a000000-0000-4000-8000-000000000001'$$,
                 '23514', 'value for domain incoming_call_log.phone_number violates check constraint "phone_number_format"',
                 'rules fire on UPDATE too (phone)');

-- The edges of each rule are accepted.
SELECT lives_ok(format('INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, status) SELECT %L, %L, s FROM unnest(%L::text[]) s',
                       :'A', 'a1000000-0000-4000-8000-000000000001',
                       '{Initiated,Ringing,Connected,Escalated,NoAnswer,Failed,Completed,CallerHungUp,Busy}'),
                'each of the nine statuses is accepted');
SELECT lives_ok(pg_temp.log_insert('call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents, repeat_count, current_escalation_rule_order',
                                   '0, 0, 0, 0, 0, 1'), 'zero integers and rule order 1 are accepted');
SELECT lives_ok(pg_temp.log_insert('call_duration_in_seconds, call_cost_in_usd_cents, repeat_count, current_escalation_rule_order',
                                   '2147483647, 2147483647, 2147483647, 2147483647'), 'the largest integers are accepted');
SELECT lives_ok(pg_temp.log_insert('started_at, ended_at', $$'2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z'$$),
                'ended_at equal to started_at is accepted');
SELECT lives_ok(pg_temp.log_insert('started_at, ended_at', $$NULL, '2026-01-01T10:00:00Z'$$),
                'ended_at without started_at is accepted');
SELECT lives_ok(pg_temp.log_insert('call_provider_call_id', quote_literal(repeat('x', 100))),
                'call_provider_call_id of 100 characters is accepted');
SELECT lives_ok(pg_temp.log_insert('caller_phone_number, routing_phone_number', $$'+1234567', '123456789012345'$$),
                'phones of 7 digits with + and 15 digits without are accepted');
SELECT lives_ok(pg_temp.log_insert('caller_phone_number, routing_phone_number, call_provider_call_id, status_message, started_at, ended_at, answered_by_user_id',
                                   'NULL, NULL, NULL, NULL, NULL, NULL, NULL'),
                'every nullable column may be null');
SELECT lives_ok($$INSERT INTO incoming_call_log.call_policy (project_id, name, routing_phone_number)
                  VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'No number', NULL)$$,
                'call_policy.routing_phone_number may be null');

SELECT throws_ok(pg_temp.log_insert('status', 'NULL'), '23502',
                 'null value in column "status" of relation "call_log" violates not-null constraint',
                 'an explicit null status is refused, not defaulted');
SELECT throws_ok(pg_temp.log_insert('call_duration_in_seconds', 'NULL'), '23502', NULL,
                 'an explicit null call_duration_in_seconds is refused');
SELECT throws_ok(pg_temp.log_insert('current_escalation_rule_order', 'NULL'), '23502', NULL,
                 'an explicit null current_escalation_rule_order is refused');
SELECT throws_ok(pg_temp.log_insert('created_at', 'NULL'), '23502', NULL,
                 'an explicit null created_at is refused, not defaulted');
SELECT throws_ok($$INSERT INTO incoming_call_log.call_log (project_id) VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')$$, '23502',
                 'null value in column "incoming_call_policy_id" of relation "call_log" violates not-null constraint',
                 'incoming_call_policy_id is required');
SELECT throws_ok($$INSERT INTO incoming_call_log.call_log (incoming_call_policy_id) VALUES ('a1000000-0000-4000-8000-000000000001')$$, '23502',
                 'null value in column "project_id" of relation "call_log" violates not-null constraint',
                 'project_id is required');
SELECT throws_ok($$INSERT INTO incoming_call_log.project (name) VALUES (NULL)$$, '23502', NULL, 'project.name is required');
SELECT throws_ok($$INSERT INTO incoming_call_log.call_policy (project_id, name) VALUES ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', NULL)$$,
                 '23502', NULL, 'call_policy.name is required');

-------------------------------------------------------------------------------
-- Defaults
-------------------------------------------------------------------------------
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, status_message)
VALUES (:'A', 'a1000000-0000-4000-8000-000000000001', 'defaults probe'),
       (:'A', 'a1000000-0000-4000-8000-000000000001', 'defaults probe');
CREATE TEMP TABLE probe AS
    SELECT * FROM incoming_call_log.call_log WHERE status_message = 'defaults probe';

SELECT is((SELECT count(DISTINCT id) FROM probe WHERE id IS NOT NULL), 2::bigint, 'id is generated, distinct per row');
SELECT is((SELECT DISTINCT status FROM probe), 'Initiated', 'status defaults to Initiated');
SELECT is((SELECT DISTINCT call_duration_in_seconds FROM probe), 0, 'call_duration_in_seconds defaults to 0');
SELECT is((SELECT DISTINCT array[call_cost_in_usd_cents, incoming_call_cost_in_usd_cents, outgoing_call_cost_in_usd_cents] FROM probe),
          ARRAY[0, 0, 0], 'the three costs default to 0');
SELECT is((SELECT DISTINCT repeat_count FROM probe), 0, 'repeat_count defaults to 0');
SELECT is((SELECT DISTINCT current_escalation_rule_order FROM probe), 1, 'current_escalation_rule_order defaults to 1');
SELECT is((SELECT DISTINCT created_at FROM probe), now(), 'call_log.created_at defaults to now()');
SELECT is((SELECT DISTINCT updated_at FROM probe), now(), 'call_log.updated_at defaults to now()');
SELECT is((SELECT count(*) FROM probe
            WHERE caller_phone_number IS NULL AND routing_phone_number IS NULL AND call_provider_call_id IS NULL
              AND started_at IS NULL AND ended_at IS NULL AND answered_by_user_id IS NULL),
          2::bigint, 'the other columns default to null');
INSERT INTO incoming_call_log.project (id, name) VALUES ('dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'Delta');
SELECT is((SELECT array[created_at, updated_at] FROM incoming_call_log.project WHERE id = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd'),
          ARRAY[now(), now()], 'project.created_at and updated_at default to now()');

-------------------------------------------------------------------------------
-- Explicit created_at / updated_at are kept on INSERT
-------------------------------------------------------------------------------
SELECT lives_ok(pg_temp.log_insert('id, created_at, updated_at',
                                   $$'0a000000-0000-4000-8000-0000000000ff', '2020-01-01T00:00:00Z', '2020-02-02T00:00:00Z'$$),
                'a log with explicit created_at and updated_at');
SELECT is((SELECT created_at FROM incoming_call_log.call_log WHERE id = '0a000000-0000-4000-8000-0000000000ff'),
          '2020-01-01T00:00:00Z'::timestamptz, 'call_log keeps an explicit created_at');
SELECT is((SELECT updated_at FROM incoming_call_log.call_log WHERE id = '0a000000-0000-4000-8000-0000000000ff'),
          '2020-02-02T00:00:00Z'::timestamptz, 'call_log keeps an explicit updated_at');
SELECT is((SELECT array[created_at, updated_at] FROM incoming_call_log.project WHERE id = :'A'),
          ARRAY['2025-12-01T00:00:00Z', '2025-12-02T00:00:00Z']::timestamptz[], 'project keeps explicit values');
SELECT is((SELECT array[created_at, updated_at] FROM incoming_call_log.app_user WHERE id = '22222222-2222-4222-8222-222222222222'),
          ARRAY['2025-11-02T00:00:00Z', '2025-11-03T04:05:06.789Z']::timestamptz[], 'app_user keeps explicit values');
SELECT is((SELECT array[created_at, updated_at] FROM incoming_call_log.call_policy WHERE id = 'a1000000-0000-4000-8000-000000000002'),
          ARRAY['2025-12-05T00:00:00Z', '2025-12-06T00:00:00Z']::timestamptz[], 'call_policy keeps explicit values');
SELECT is((SELECT array[created_at, updated_at] FROM incoming_call_log.call_log WHERE id = '0a000000-0000-4000-8000-000000000003'),
          ARRAY['2026-01-02T10:30:00.123456Z', '2026-01-02T10:30:00.123456Z']::timestamptz[],
          'call_log keeps explicit values to the microsecond');
INSERT INTO incoming_call_log.api_key (project_id, key_hash, permissions, expires_at, created_at, updated_at)
VALUES (:'A', sha256('schema test'), '{}', 'infinity', '2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z');
SELECT is((SELECT array[created_at, updated_at] FROM incoming_call_log.api_key WHERE key_hash = sha256('schema test')),
          ARRAY['2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z']::timestamptz[], 'api_key keeps explicit values');

-------------------------------------------------------------------------------
-- updated_at on UPDATE, on every table
-------------------------------------------------------------------------------
SELECT is(pg_temp.touch(t, $$updated_at = '2000-01-01T00:00:00Z'$$), ARRAY['2000-01-01T00:00:00Z']::timestamptz[],
          format('%s: an UPDATE that sets updated_at keeps that value', t))
  FROM unnest(ARRAY['project', 'app_user', 'call_policy', 'call_log', 'api_key', 'access_grant', 'role_capability']) t;
SELECT is(pg_temp.touch(t, 'updated_at = updated_at'), ARRAY['2000-01-01T00:00:00Z']::timestamptz[],
          format('%s: SET updated_at = updated_at keeps the old value', t))
  FROM unnest(ARRAY['project', 'app_user', 'call_policy', 'call_log', 'api_key', 'access_grant', 'role_capability']) t;
SELECT is(pg_temp.touch(t, 'created_at = created_at'), ARRAY[now()],
          format('%s: an UPDATE that does not set updated_at makes it now()', t))
  FROM unnest(ARRAY['project', 'app_user', 'call_policy', 'call_log', 'api_key', 'access_grant', 'role_capability']) t;

UPDATE incoming_call_log.call_log SET status_message = 'edited', updated_at = '2021-06-01T00:00:00Z'
 WHERE id = '0a000000-0000-4000-8000-000000000001';
SELECT is((SELECT updated_at FROM incoming_call_log.call_log WHERE id = '0a000000-0000-4000-8000-000000000001'),
          '2021-06-01T00:00:00Z'::timestamptz, 'an UPDATE of several columns including updated_at keeps its value');
UPDATE incoming_call_log.call_log SET status = 'Failed' WHERE id = '0a000000-0000-4000-8000-000000000001';
SELECT is((SELECT updated_at FROM incoming_call_log.call_log WHERE id = '0a000000-0000-4000-8000-000000000001'),
          now(), 'an ordinary UPDATE of a call log sets updated_at to now()');
SELECT is((SELECT created_at FROM incoming_call_log.call_log WHERE id = '0a000000-0000-4000-8000-0000000000ff'),
          '2020-01-01T00:00:00Z'::timestamptz, 'UPDATE leaves created_at alone');
SELECT throws_ok($$UPDATE incoming_call_log.call_log SET updated_at = NULL WHERE id = '0a000000-0000-4000-8000-000000000002'$$,
                 '23502', NULL, 'an UPDATE setting updated_at to null is refused, not replaced');

-------------------------------------------------------------------------------
-- Indexes for the default sort and the common filters, within one project
-------------------------------------------------------------------------------
CREATE TEMP VIEW call_log_index AS
    SELECT indexdef FROM pg_indexes WHERE schemaname = 'incoming_call_log' AND tablename = 'call_log';
SELECT ok(EXISTS (SELECT FROM call_log_index WHERE indexdef ~ 'USING btree \(project_id, created_at DESC, id\)$'),
          'index (project_id, created_at DESC, id) serves the default sort');
SELECT ok(EXISTS (SELECT FROM call_log_index WHERE indexdef ~ 'USING btree \(project_id, status[,)]'),
          'index on (project_id, status, ...)');
SELECT ok(EXISTS (SELECT FROM call_log_index WHERE indexdef ~ 'USING btree \(project_id, incoming_call_policy_id[,)]'),
          'index on (project_id, incoming_call_policy_id, ...)');
SELECT ok(EXISTS (SELECT FROM call_log_index WHERE indexdef ~ 'USING btree \(project_id, started_at, status\)$'),
          'index on (project_id, started_at, status): date ranges, counts by status over them index-only');
SELECT ok(EXISTS (SELECT FROM call_log_index WHERE indexdef ~ 'USING btree \(project_id, status\)$'),
          'narrow index on (project_id, status) for exact counts by status');
SELECT ok(EXISTS (SELECT FROM call_log_index WHERE indexdef ~ 'USING btree \(project_id, call_provider_call_id[,)]'),
          'index on (project_id, call_provider_call_id, ...)');
SELECT ok(EXISTS (SELECT FROM call_log_index WHERE indexdef ~ '^CREATE UNIQUE INDEX .* USING btree \(project_id, id\)$'),
          'unique index (project_id, id) of the primary key');

-------------------------------------------------------------------------------
-- pg_dump keeps every table's rows
-------------------------------------------------------------------------------
SELECT set_eq($$SELECT unnest(extconfig)::regclass::text FROM pg_extension WHERE extname = 'incoming_call_log'$$,
              ARRAY['incoming_call_log.project', 'incoming_call_log.app_user', 'incoming_call_log.call_policy',
                    'incoming_call_log.call_log', 'incoming_call_log.api_key', 'incoming_call_log.access_grant',
                    'incoming_call_log.role_capability', 'incoming_call_log_internal.cursor_secret',
                    'incoming_call_log_internal.follow_soft_deleted'],
              'pg_extension_config_dump marks all seven tables, the cursor secret (issue 19) and the soft-deleted followed users and policies (issue 17)');
SELECT set_eq($$SELECT t::regclass::text, c FROM pg_extension, unnest(extconfig, extcondition) AS x(t, c)
                WHERE extname = 'incoming_call_log'$$,
              $$VALUES ('incoming_call_log.project', ''), ('incoming_call_log.app_user', ''),
                       ('incoming_call_log.call_policy', ''), ('incoming_call_log.call_log', ''),
                       ('incoming_call_log.api_key', ''),
                       ('incoming_call_log.access_grant', 'WHERE EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.oid = role)'),
                       ('incoming_call_log.role_capability', 'WHERE EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.oid = role)'),
                       ('incoming_call_log_internal.cursor_secret', ''),
                       ('incoming_call_log_internal.follow_soft_deleted', '')$$,
              'every table is dumped whole, but grants and capabilities of dropped roles');

SELECT * FROM finish();
ROLLBACK;
