-- test/sort_paging.sql — "sort", "skip" and "limit" of get_list (doc/reference.md#the-request).
--
-- Orders are compared with an independent window-function ordering over
-- incoming_call_log.call_log for project A, written with explicit NULLS
-- FIRST/LAST and the tie-break on id, and paged by row number rather than
-- LIMIT/OFFSET.  Errors expect 22023.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

-- The _id values get_list returns, in order.
CREATE FUNCTION pg_temp.ids(sort json, skip integer DEFAULT 0, lim integer DEFAULT 100, query json DEFAULT NULL) RETURNS uuid[]
LANGUAGE sql AS $$
    SELECT coalesce(array_agg((e.value ->> '_id')::uuid ORDER BY e.n), '{}')
      FROM json_array_elements((incoming_call_log.get_list(NULL, query, sort, skip, lim)).data) WITH ORDINALITY AS e(value, n)
$$;

-- The ids of project A in an independent order, rows skip+1 .. skip+lim.
CREATE FUNCTION pg_temp.sql_ids(order_by text, cond text DEFAULT 'true', skip integer DEFAULT 0, lim integer DEFAULT 100) RETURNS uuid[]
LANGUAGE plpgsql AS $f$
DECLARE
    result uuid[];
BEGIN
    EXECUTE format($s$
        SELECT coalesce(array_agg(id ORDER BY rn), '{}')
          FROM (SELECT id, row_number() OVER (ORDER BY %s) AS rn
                  FROM incoming_call_log.call_log
                 WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND (%s)) t
         WHERE rn > %s AND rn <= %s + %s
        $s$, order_by, cond, skip, skip, lim) INTO result;
    RETURN result;
END
$f$;

CREATE FUNCTION pg_temp.sorted(sort text, order_by text, description text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN is(pg_temp.ids(sort::json), pg_temp.sql_ids(order_by), description);
END
$f$;

CREATE FUNCTION pg_temp.bad_sort(sort text, description text) RETURNS text
LANGUAGE plpgsql AS $f$
BEGIN
    RETURN throws_ok(format('SELECT incoming_call_log.get_list(NULL, NULL, %L::json)', sort), '22023', NULL, description);
END
$f$;

SELECT plan(103);

SELECT pg_temp.present_key(:'key_a_owner');

-------------------------------------------------------------------------------
-- Default sort: createdAt DESC, ties by _id
-------------------------------------------------------------------------------
SELECT is(pg_temp.ids(NULL), pg_temp.sql_ids('created_at DESC, id ASC'), 'no sort: createdAt DESC, ties by _id');
SELECT is(pg_temp.ids('null'), pg_temp.sql_ids('created_at DESC, id ASC'), 'JSON null sort: the default');
SELECT is(pg_temp.ids('{}'), pg_temp.sql_ids('created_at DESC, id ASC'), 'empty sort: the default');
SELECT is(pg_temp.ids(NULL, NULL, NULL), pg_temp.sql_ids('created_at DESC, id ASC', lim => 10), 'default page: first 10 rows of the default sort');
SELECT ok(array_position(pg_temp.ids(NULL), '0a000000-0000-4000-8000-000000000005')
            < array_position(pg_temp.ids(NULL), '0a000000-0000-4000-8000-000000000006'),
          'default sort: rows with the same createdAt come in _id order');

-------------------------------------------------------------------------------
-- Direction forms
-------------------------------------------------------------------------------
SELECT pg_temp.sorted('{"createdAt": "ASC"}', 'created_at ASC, id ASC', 'createdAt ASC');
SELECT pg_temp.sorted('{"createdAt": "DESC"}', 'created_at DESC, id ASC', 'createdAt DESC (ties still by _id ascending)');
SELECT pg_temp.sorted('{"createdAt": "Ascending"}', 'created_at ASC, id ASC', 'Ascending');
SELECT pg_temp.sorted('{"createdAt": "Descending"}', 'created_at DESC, id ASC', 'Descending');
SELECT pg_temp.sorted('{"createdAt": 1}', 'created_at ASC, id ASC', '1 is ascending');
SELECT pg_temp.sorted('{"createdAt": -1}', 'created_at DESC, id ASC', '-1 is descending');
SELECT pg_temp.sorted('{"createdAt": "asc"}', 'created_at ASC, id ASC', 'asc (direction words are case-insensitive)');
SELECT pg_temp.sorted('{"createdAt": "desc"}', 'created_at DESC, id ASC', 'desc');
SELECT pg_temp.sorted('{"createdAt": "ascending"}', 'created_at ASC, id ASC', 'ascending');
SELECT pg_temp.sorted('{"createdAt": "DESCENDING"}', 'created_at DESC, id ASC', 'DESCENDING');
SELECT isnt(pg_temp.ids('{"createdAt": "ASC"}'), pg_temp.ids('{"createdAt": "DESC"}'), 'ASC and DESC differ');

-------------------------------------------------------------------------------
-- Every kind of field; ties by _id; status by text; NULLs last ASC / first DESC
-------------------------------------------------------------------------------
SELECT pg_temp.sorted('{"_id": "ASC"}', 'id ASC', '_id ASC');
SELECT pg_temp.sorted('{"_id": "DESC"}', 'id DESC', '_id DESC');
SELECT pg_temp.sorted('{"updatedAt": "ASC"}', 'updated_at ASC, id ASC', 'updatedAt ASC');
SELECT pg_temp.sorted('{"projectId": "DESC"}', 'id ASC', 'projectId (one value): ties by _id');
SELECT pg_temp.sorted('{"incomingCallPolicyId": "DESC"}', 'incoming_call_policy_id DESC, id ASC', 'incomingCallPolicyId DESC');
SELECT pg_temp.sorted('{"status": "ASC"}', 'status ASC, id ASC', 'status ASC, ties by _id');
SELECT pg_temp.sorted('{"status": "DESC"}', 'status DESC, id ASC', 'status DESC, ties by _id ascending');
SELECT is(ARRAY(SELECT s FROM (SELECT e.value ->> 'status' AS s, min(e.n) AS first
                                 FROM json_array_elements((incoming_call_log.get_list('{"status": true}', NULL, '{"status": "ASC"}', 0, 100)).data)
                                      WITH ORDINALITY AS e(value, n)
                                GROUP BY 1) t ORDER BY first),
          ARRAY['Busy', 'CallerHungUp', 'Completed', 'Connected', 'Escalated', 'Failed', 'Initiated', 'NoAnswer', 'Ringing'],
          'status sorts by its text (alphabetical, not lifecycle order)');
SELECT pg_temp.sorted('{"callDurationInSeconds": "DESC"}', 'call_duration_in_seconds DESC, id ASC', 'integer DESC, ties by _id');
SELECT pg_temp.sorted('{"callCostInUSDCents": "ASC"}', 'call_cost_in_usd_cents ASC, id ASC', 'integer ASC (maximum last)');
SELECT pg_temp.sorted('{"repeatCount": -1}', 'repeat_count DESC, id ASC', 'repeatCount -1, many ties');
SELECT pg_temp.sorted('{"currentEscalationRuleOrder": 1}', 'current_escalation_rule_order ASC, id ASC', 'currentEscalationRuleOrder 1');
SELECT pg_temp.sorted('{"callProviderCallId": "ASC"}', 'call_provider_call_id ASC NULLS LAST, id ASC', 'text ASC: null last');
SELECT pg_temp.sorted('{"callProviderCallId": "DESC"}', 'call_provider_call_id DESC NULLS FIRST, id ASC', 'text DESC: null first');
SELECT pg_temp.sorted('{"endedAt": "ASC"}', 'ended_at ASC NULLS LAST, id ASC', 'date ASC: nulls last');
SELECT pg_temp.sorted('{"endedAt": "DESC"}', 'ended_at DESC NULLS FIRST, id ASC', 'date DESC: nulls first');
SELECT pg_temp.sorted('{"startedAt": "Ascending"}', 'started_at ASC NULLS LAST, id ASC', 'startedAt Ascending (sub-millisecond order kept)');
SELECT pg_temp.sorted('{"statusMessage": "ASC"}', 'status_message ASC NULLS LAST, id ASC', 'long text ASC: nulls last');
SELECT pg_temp.sorted('{"callerPhoneNumber": "DESC"}', 'caller_phone_number DESC NULLS FIRST, id ASC', 'phone DESC: null first');
SELECT pg_temp.sorted('{"routingPhoneNumber": "ASC"}', 'routing_phone_number ASC NULLS LAST, id ASC', 'phone ASC: null last');
SELECT pg_temp.sorted('{"answeredByUserId": "ASC"}', 'answered_by_user_id ASC NULLS LAST, id ASC', 'uuid ASC: nulls last');
SELECT pg_temp.sorted('{"answeredByUserId": "DESC"}', 'answered_by_user_id DESC NULLS FIRST, id ASC', 'uuid DESC: nulls first');
SELECT is(((incoming_call_log.get_list('{"endedAt": true}', NULL, '{"endedAt": "DESC"}', 0, 1)).data -> 0) ->> 'endedAt', NULL,
          'endedAt DESC: the first row has no endedAt');
SELECT isnt(((incoming_call_log.get_list('{"endedAt": true}', NULL, '{"endedAt": "ASC"}', 0, 1)).data -> 0) ->> 'endedAt', NULL,
          'endedAt ASC: the first row has an endedAt');

-------------------------------------------------------------------------------
-- Several keys, in order
-------------------------------------------------------------------------------
SELECT pg_temp.sorted('{"repeatCount": "DESC", "callDurationInSeconds": "ASC"}',
                      'repeat_count DESC, call_duration_in_seconds ASC, id ASC', 'two keys: repeatCount DESC, then duration ASC');
SELECT pg_temp.sorted('{"callDurationInSeconds": "ASC", "repeatCount": "DESC"}',
                      'call_duration_in_seconds ASC, repeat_count DESC, id ASC', 'the same two keys the other way round');
SELECT isnt(pg_temp.ids('{"repeatCount": "DESC", "callDurationInSeconds": "ASC"}'),
            pg_temp.ids('{"callDurationInSeconds": "ASC", "repeatCount": "DESC"}'), 'the order of sort keys matters');
SELECT pg_temp.sorted('{"status": "ASC", "createdAt": "DESC"}', 'status ASC, created_at DESC, id ASC', 'status ASC then createdAt DESC');
SELECT pg_temp.sorted('{"incomingCallPolicyId": 1, "endedAt": -1, "statusMessage": "Ascending"}',
                      'incoming_call_policy_id ASC, ended_at DESC NULLS FIRST, status_message ASC NULLS LAST, id ASC', 'three keys, mixed direction forms');
SELECT pg_temp.sorted('{"status": "ASC", "_id": "DESC"}', 'status ASC, id DESC', '_id as a later key decides ties itself');
SELECT is(pg_temp.ids('{"callDurationInSeconds": "DESC"}', 0, 100, '{"status": ["Completed", "Connected"]}'),
          pg_temp.sql_ids('call_duration_in_seconds DESC, id ASC', $c$status IN ('Completed', 'Connected')$c$),
          'sort applies to the filtered rows');

-------------------------------------------------------------------------------
-- Sort errors (22023)
-------------------------------------------------------------------------------
SELECT pg_temp.bad_sort('{"project": "ASC"}', 'sort on relation project');
SELECT pg_temp.bad_sort('{"incomingCallPolicy": "DESC"}', 'sort on relation incomingCallPolicy');
SELECT pg_temp.bad_sort('{"answeredByUser": 1}', 'sort on relation answeredByUser');
SELECT pg_temp.bad_sort('{"project": {"name": "ASC"}}', 'sort on a relation''s field');
SELECT pg_temp.bad_sort('{"nope": "ASC"}', 'sort on an unknown field');
SELECT pg_temp.bad_sort('{"Status": "ASC"}', 'sort field names are case-sensitive');
SELECT pg_temp.bad_sort('{"created_at": "ASC"}', 'column names are not JSON names');
SELECT pg_temp.bad_sort('{"createdAt": "up"}', 'bad direction word');
SELECT pg_temp.bad_sort('{"createdAt": ""}', 'empty direction');
SELECT pg_temp.bad_sort('{"createdAt": " ASC"}', 'direction with a space');
SELECT pg_temp.bad_sort('{"createdAt": "1"}', 'direction "1" as a string');
SELECT pg_temp.bad_sort('{"createdAt": 0}', 'direction 0');
SELECT pg_temp.bad_sort('{"createdAt": 2}', 'direction 2');
SELECT pg_temp.bad_sort('{"createdAt": -2}', 'direction -2');
SELECT pg_temp.bad_sort('{"createdAt": 0.5}', 'direction 0.5');
SELECT pg_temp.bad_sort('{"createdAt": true}', 'direction true');
SELECT pg_temp.bad_sort('{"createdAt": null}', 'direction null');
SELECT pg_temp.bad_sort('{"createdAt": {}}', 'direction {}');
SELECT pg_temp.bad_sort('{"createdAt": ["ASC"]}', 'direction ["ASC"]');
SELECT pg_temp.bad_sort('{"createdAt": "ASC", "createdAt": "DESC"}', 'a sort key named twice');
SELECT pg_temp.bad_sort('["createdAt", "DESC"]', 'sort as an array');
SELECT pg_temp.bad_sort('"createdAt"', 'sort as a string');
SELECT pg_temp.bad_sort('-1', 'sort as a number');
SELECT throws_like($$SELECT incoming_call_log.get_list(NULL, NULL, '{"createdAt": "up"}')$$, '%"up"%', 'the message quotes the bad direction');
SELECT throws_like($$SELECT incoming_call_log.get_list(NULL, NULL, '{"answeredByUser": "ASC"}')$$, '%"answeredByUser"%', 'the message names the relation');

-------------------------------------------------------------------------------
-- skip / limit: defaults echoed, bounds, errors
-------------------------------------------------------------------------------
SELECT is(ARRAY(SELECT json_object_keys(row_to_json(incoming_call_log.get_list()))), ARRAY['count', 'limit', 'skip', 'data'],
          'the list response is {count, limit, skip, data}');
SELECT is(to_jsonb(incoming_call_log.get_list()) - 'data', jsonb_build_object('count', (SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
                             'limit', 10, 'skip', 0),
          'no skip/limit: skip 0 and limit 10 are echoed, count is the total');
SELECT is(json_array_length((incoming_call_log.get_list()).data), 10, 'no limit: 10 rows');
SELECT is(to_jsonb(incoming_call_log.get_list(NULL, NULL, NULL, NULL, NULL)) - 'data', '{"count": 12, "limit": 10, "skip": 0}'::jsonb,
          'SQL NULL skip/limit: the defaults echoed');
SELECT is(to_jsonb(incoming_call_log.get_list(skip => 3, "limit" => 5)) - 'data', '{"count": 12, "limit": 5, "skip": 3}'::jsonb,
          'skip 3 limit 5 echoed');
SELECT is(pg_temp.ids(NULL, 3, 5), pg_temp.sql_ids('created_at DESC, id ASC', skip => 3, lim => 5), 'skip 3 limit 5: rows 4 to 8');
SELECT is(pg_temp.ids(NULL, 0, 1), pg_temp.sql_ids('created_at DESC, id ASC', lim => 1), 'limit 1: one row');
SELECT is((incoming_call_log.get_list("limit" => 1))."limit", 1, 'limit 1 echoed');
SELECT is(pg_temp.ids(NULL, 0, 100), pg_temp.sql_ids('created_at DESC, id ASC'), 'limit 100: every row');
SELECT is((incoming_call_log.get_list("limit" => 100))."limit", 100, 'limit 100 echoed');
SELECT is(pg_temp.ids(NULL, 11, 10), pg_temp.sql_ids('created_at DESC, id ASC', skip => 11, lim => 10), 'skip 11: the last row');
SELECT is((incoming_call_log.get_list(skip => 12)).data::text, '[]', 'skip equal to the total: empty data');
SELECT is(to_jsonb(incoming_call_log.get_list(skip => 50)), '{"count": 12, "limit": 10, "skip": 50, "data": []}'::jsonb,
          'skip past the end: empty data, count still the total, skip echoed');
SELECT is((incoming_call_log.get_list(skip => 2147483647, "limit" => 100)).count, 12::bigint, 'largest skip is accepted');
SELECT throws_ok($$SELECT incoming_call_log.get_list("limit" => 0)$$, '22023', NULL, 'limit 0 is an error');
SELECT throws_ok($$SELECT incoming_call_log.get_list("limit" => 101)$$, '22023', NULL, 'limit 101 is an error (not clamped)');
SELECT throws_ok($$SELECT incoming_call_log.get_list("limit" => -1)$$, '22023', NULL, 'limit -1 is an error');
SELECT throws_ok($$SELECT incoming_call_log.get_list("limit" => 2147483647)$$, '22023', NULL, 'huge limit is an error');
SELECT throws_ok($$SELECT incoming_call_log.get_list(skip => -1)$$, '22023', NULL, 'skip -1 is an error');
SELECT throws_ok($$SELECT incoming_call_log.get_list(skip => -2147483648)$$, '22023', NULL, 'most negative skip is an error');
SELECT throws_like($$SELECT incoming_call_log.get_list("limit" => 101)$$, '%101%', 'the message quotes the bad limit');

-------------------------------------------------------------------------------
-- count is the total regardless of paging
-------------------------------------------------------------------------------
SELECT is(to_jsonb(incoming_call_log.get_list(NULL, '{"status": "Completed"}', NULL, 1, 1)) - 'data',
          jsonb_build_object('count', (SELECT count(*) FROM incoming_call_log.call_log
                                        WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND status = 'Completed'),
                             'limit', 1, 'skip', 1),
          'with a query and a page of one: count is all matches');
SELECT is(json_array_length((incoming_call_log.get_list(NULL, '{"status": "Completed"}', NULL, 1, 1)).data), 1, 'with a page of one: one row');
SELECT is((incoming_call_log.get_list(NULL, '{"status": "Completed"}', NULL, 40, 5)).count,
          (SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' AND status = 'Completed'),
          'with a query and skip past the end: count is all matches');
SELECT is((incoming_call_log.get_list(NULL, '{"status": "Completed"}', NULL, 0, 2)).count,
          (incoming_call_log.count('{"status": "Completed"}')).count, 'get_list count equals count()');

-------------------------------------------------------------------------------
-- Paging through all rows with limit 5 visits every row exactly once
-------------------------------------------------------------------------------
SELECT is(pg_temp.ids(NULL, 0, 5) || pg_temp.ids(NULL, 5, 5) || pg_temp.ids(NULL, 10, 5),
          pg_temp.sql_ids('created_at DESC, id ASC'), 'default sort: three pages of 5 are the whole order');
SELECT bag_eq($$SELECT unnest(pg_temp.ids(NULL, 0, 5) || pg_temp.ids(NULL, 5, 5) || pg_temp.ids(NULL, 10, 5))$$,
              $$SELECT id FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$,
              'default sort: the pages hold every row exactly once');
SELECT is(pg_temp.ids('{"repeatCount": "ASC"}', 0, 5) || pg_temp.ids('{"repeatCount": "ASC"}', 5, 5) || pg_temp.ids('{"repeatCount": "ASC"}', 10, 5),
          pg_temp.sql_ids('repeat_count ASC, id ASC'), 'sort with many ties: pages are stable and complete');
SELECT bag_eq($$SELECT unnest(pg_temp.ids('{"status": "DESC"}', 0, 5) || pg_temp.ids('{"status": "DESC"}', 5, 5) || pg_temp.ids('{"status": "DESC"}', 10, 5))$$,
              $$SELECT id FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$,
              'status DESC (ties): the pages hold every row exactly once');
SELECT bag_eq($$SELECT unnest(pg_temp.ids('{"endedAt": "DESC"}', 0, 5) || pg_temp.ids('{"endedAt": "DESC"}', 5, 5) || pg_temp.ids('{"endedAt": "DESC"}', 10, 5))$$,
              $$SELECT id FROM incoming_call_log.call_log WHERE project_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'$$,
              'endedAt DESC (nulls, ties): the pages hold every row exactly once');
SELECT is(pg_temp.ids(NULL, 15, 5), '{}'::uuid[], 'the page after the last is empty');

SELECT * FROM finish();
ROLLBACK;
