-- test/smoke.sql — the three calls answer at all, for a key of each kind.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(3);

SELECT pg_temp.present_key(:'key_a_member');
SELECT is((to_jsonb(incoming_call_log.get_list()) ->> 'count')::int, 12, 'get_list counts project A');
SELECT is((incoming_call_log.get_item('0a000000-0000-4000-8000-000000000001')::jsonb) ->> '_id',
          '0a000000-0000-4000-8000-000000000001', 'get_item returns the item');
SELECT is((incoming_call_log.count()).count, 12::bigint, 'count counts project A');

SELECT * FROM finish();
ROLLBACK;
