-- test/item_fetch.sql — get_item by primary key without an inner statement
-- (issue 21, src/item_fetch.c): the same bytes as the statement's answer
-- for every field and relation, nulls included, in JSON and CSV; and the
-- statement answers instead whenever row-level security could matter — a
-- DBA's policy on a table the answer reads, or a policy that applies to the
-- extension owner (FORCE ROW LEVEL SECURITY), whose restrictive policy then
-- still hides the row.
--
-- Which path answered is seen in the backend's plan cache: the statement
-- path saves the item statement's plan the second time it runs (its
-- CachedPlanSource context, named by its text, "SELECT l.id, ..."); the
-- direct path plans nothing.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

SELECT plan(15);

-- Saved plans of item statements in this backend.
CREATE FUNCTION pg_temp.item_plans() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM pg_backend_memory_contexts
     WHERE name = 'CachedPlanSource' AND ident LIKE 'SELECT l.id%';
$$;

CREATE TEMP TABLE sel (n int, sel json);
INSERT INTO sel VALUES
    (1, NULL),
    (2, '{"createdAt":true,"updatedAt":true,"projectId":true,"incomingCallPolicyId":true,"callerPhoneNumber":true,"routingPhoneNumber":true,"callProviderCallId":true,"status":true,"statusMessage":true,"callDurationInSeconds":true,"callCostInUSDCents":true,"incomingCallCostInUSDCents":true,"outgoingCallCostInUSDCents":true,"startedAt":true,"endedAt":true,"answeredByUserId":true,"currentEscalationRuleOrder":true,"repeatCount":true,"project":{"name":true,"createdAt":true,"updatedAt":true},"incomingCallPolicy":{"name":true,"createdAt":true,"updatedAt":true,"projectId":true,"routingPhoneNumber":true},"answeredByUser":{"name":true,"email":true,"createdAt":true,"updatedAt":true}}'),
    (3, '{"project": true, "incomingCallPolicy": true, "answeredByUser": true}'),
    (4, '{"answeredByUser": {"email": true}, "endedAt": true, "statusMessage": true, "callerPhoneNumber": true, "status": true}'),
    (5, '{"repeatCount": true, "incomingCallPolicy": {"routingPhoneNumber": true}, "startedAt": true, "project": {"name": true}}');

-- Every call log of A with every select, JSON and CSV, as the text answered.
CREATE FUNCTION pg_temp.answers() RETURNS TABLE (id uuid, n int, json_answer text, csv_answer text)
LANGUAGE sql AS $$
    SELECT l.id, s.n, incoming_call_log.get_item(l.id::text, s.sel)::text,
           incoming_call_log.get_item_csv(l.id::text, s.sel)::text
      FROM incoming_call_log.call_log l, sel s
     WHERE l.project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
     ORDER BY l.id, s.n;
$$;

SELECT pg_temp.present_key(:'key_a_owner');

-------------------------------------------------------------------------------
-- By primary key: no statement runs
-------------------------------------------------------------------------------
CREATE TEMP TABLE direct AS SELECT * FROM pg_temp.answers();
INSERT INTO direct SELECT * FROM pg_temp.answers();	-- twice: a statement's plan would be saved now
SELECT is(pg_temp.item_plans(), 0::bigint, 'get_item by primary key: no item statement was planned');
SELECT is((SELECT count(DISTINCT (id, n)) FROM direct), 60::bigint,
          'every call log of A (12) with every select (5) answered');
SELECT ok((SELECT bool_and(json_answer LIKE '{"_id":"' || id || '"%') FROM direct), 'each answer is its own row');
SELECT is(pg_temp.code_of($$SELECT incoming_call_log.get_item('0b000000-0000-4000-8000-000000000001')$$), 'PT404',
          'another project''s id: PT404');
SELECT is(pg_temp.code_of($$SELECT incoming_call_log.get_item_csv('0a000000-0000-4000-8000-0000000000ff')$$), 'PT404',
          'an absent id: PT404 (CSV)');
SELECT is(pg_temp.item_plans(), 0::bigint, 'still no item statement');

-------------------------------------------------------------------------------
-- A DBA's policy on call_log: the statement answers, with the same bytes
-------------------------------------------------------------------------------
CREATE POLICY dba_policy ON incoming_call_log.call_log AS RESTRICTIVE FOR SELECT USING (true);
CREATE TEMP TABLE by_statement AS SELECT * FROM pg_temp.answers();
INSERT INTO by_statement SELECT * FROM pg_temp.answers();
SELECT cmp_ok(pg_temp.item_plans(), '>', 0::bigint, 'a DBA''s policy on call_log: the item statement answers');
SELECT results_eq('SELECT id, n, json_answer, csv_answer FROM direct ORDER BY id, n, json_answer, csv_answer',
                  'SELECT id, n, json_answer, csv_answer FROM by_statement ORDER BY id, n, json_answer, csv_answer',
                  'the same bytes by primary key and by statement, JSON and CSV, every field and relation');
SELECT ok((SELECT bool_or(json_answer LIKE '%"answeredByUser":null%') AND bool_or(json_answer LIKE '%"endedAt":null%')
                  AND bool_or(json_answer LIKE '%"answeredByUser":{"_id":"%') FROM direct),
          'the rows compared include null relations, null fields and present relations');
DROP POLICY dba_policy ON incoming_call_log.call_log;

-- A policy on a relation table matters only to requests that read it.
CREATE TEMP TABLE plans_before AS SELECT pg_temp.item_plans() AS n;
CREATE POLICY dba_policy ON incoming_call_log.app_user AS RESTRICTIVE FOR SELECT USING (true);
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000002', '{"status": true, "repeatCount": true}')
  FROM generate_series(1, 3);
SELECT is(pg_temp.item_plans(), (SELECT n FROM plans_before),
          'a policy on app_user: a request without answeredByUser is still answered by primary key');
SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000002', '{"answeredByUser": {"name": true}, "repeatCount": true}')
  FROM generate_series(1, 3);
SELECT is(pg_temp.item_plans(), (SELECT n FROM plans_before) + 1,
          'a policy on app_user: a request with answeredByUser is answered by the statement');
DROP POLICY dba_policy ON incoming_call_log.app_user;

-------------------------------------------------------------------------------
-- Row-level security that applies to the extension owner: a DBA's
-- restrictive policy still hides the row
-------------------------------------------------------------------------------
-- An owner of the calls who is not a superuser: it owns the tables through
-- membership in their owner, and FORCE ROW LEVEL SECURITY subjects it to
-- call_log's policies (check_enable_rls).
SELECT format('GRANT %I TO icl_if_owner', current_user) AS grant_owner \gset
CREATE ROLE icl_if_owner NOSUPERUSER NOBYPASSRLS;
:grant_owner;
ALTER FUNCTION incoming_call_log.get_item(text, json) OWNER TO icl_if_owner;
ALTER FUNCTION incoming_call_log.get_item_csv(text, json) OWNER TO icl_if_owner;
ALTER TABLE incoming_call_log.call_log FORCE ROW LEVEL SECURITY;
CREATE POLICY dba_hides_01 ON incoming_call_log.call_log AS RESTRICTIVE FOR SELECT
    USING (id <> '0a000000-0000-4000-8000-000000000001');

SELECT is(pg_temp.code_of($$SELECT incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')$$), 'PT404',
          'a restrictive policy the owner is subject to hides the row from get_item');
SELECT is(pg_temp.code_of($$SELECT incoming_call_log.get_item_csv('0a000000-0000-4000-8000-000000000001', '{"status": true}')$$), 'PT404',
          '... and from get_item_csv');
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000002', s.sel)::text,
          (SELECT json_answer FROM direct WHERE id = '0a000000-0000-4000-8000-000000000002' AND n = 2 LIMIT 1),
          'a row the policy lets through: the same bytes')
  FROM sel s WHERE s.n = 2;

-- FORCE alone (the extension's own policies apply to the owner): the
-- statement answers, and the reader policy admits the caller's project.
DROP POLICY dba_hides_01 ON incoming_call_log.call_log;
SELECT is(incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001', s.sel)::text,
          (SELECT json_answer FROM direct WHERE id = '0a000000-0000-4000-8000-000000000001' AND n = 2 LIMIT 1),
          'FORCE ROW LEVEL SECURITY without a DBA policy: the same bytes')
  FROM sel s WHERE s.n = 2;

SELECT * FROM finish();
ROLLBACK;
