-- test/page_depth.sql — "a page at any depth costs about what the first page
-- costs" (SPEC section 7, doc/cursors-and-changes.md), measured in rows
-- read, not time: the heap and index tuples the transaction's statistics
-- count (pg_stat_get_xact_*) while get_page answers, for the first page and
-- for a page 3,000 rows deep, for sorts whose first key has an index: the
-- default, ascending and descending dates, and an ascending nullable key
-- (startedAt, callProviderCallId), whose rows after a value are two index
-- ranges (the greater values, then the nulls).
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql

-- 4,000 call logs in project A: one in ten not started and without a
-- provider id (nulls), the others a second apart.
INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, started_at, call_provider_call_id, created_at)
SELECT :'A', 'a1000000-0000-4000-8000-000000000001',
       CASE WHEN g % 10 = 0 THEN NULL ELSE timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second' END,
       CASE WHEN g % 10 = 0 THEN NULL ELSE 'CA' || lpad(g::text, 6, '0') END,
       timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second'
  FROM generate_series(1, 4000) g;
ANALYZE incoming_call_log.call_log;

-- Tuples read from call_log and its indexes so far in this transaction.
CREATE FUNCTION pg_temp.reads() RETURNS bigint LANGUAGE sql AS $$
    SELECT pg_stat_get_xact_tuples_returned('incoming_call_log.call_log'::regclass)
         + pg_stat_get_xact_tuples_fetched('incoming_call_log.call_log'::regclass)
         + coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid) + pg_stat_get_xact_tuples_fetched(i.indexrelid)), 0)
      FROM pg_index i WHERE i.indrelid = 'incoming_call_log.call_log'::regclass
$$;

-- The rows read by one page of 10: after null, the first page.
CREATE FUNCTION pg_temp.page_reads(sort json, after text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    before bigint := pg_temp.reads();
BEGIN
    PERFORM incoming_call_log.get_page(NULL, NULL, sort, 10, after);
    RETURN pg_temp.reads() - before;
END $$;

-- The cursor after the first 3,000 rows of a sort (pages of 100).
CREATE FUNCTION pg_temp.deep_cursor(sort json) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    c text;
BEGIN
    FOR i IN 1..30 LOOP
        c := (incoming_call_log.get_page(NULL, NULL, sort, 100, c)).next;
    END LOOP;
    RETURN c;
END $$;

SELECT pg_temp.present_key(:'key_a_owner');
SELECT plan(10);

CREATE TEMP TABLE measured AS
SELECT s AS sort, pg_temp.page_reads(s::json, NULL) AS first_reads,
       pg_temp.page_reads(s::json, pg_temp.deep_cursor(s::json)) AS deep_reads
  FROM unnest(ARRAY['{"createdAt": "DESC"}', '{"createdAt": "ASC"}', '{"startedAt": "ASC"}',
                    '{"startedAt": "DESC"}', '{"callProviderCallId": "ASC"}']) AS s;
SELECT ok(deep_reads <= first_reads + 50,
          format('sort %s: a page 3,000 rows deep reads about what the first page reads (%s, %s)', sort, deep_reads, first_reads))
  FROM measured;
-- and what a page reads does not grow with the rows before it: for an
-- index-ordered first key, a few pages' worth, not 3,000
SELECT ok(deep_reads < 500, format('sort %s: the deep page reads %s rows, far fewer than the 3,000 before it', sort, deep_reads))
  FROM measured;

SELECT * FROM finish();
ROLLBACK;
