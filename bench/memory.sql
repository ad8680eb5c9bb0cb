-- bench/memory.sql — the API role's backend memory before and after :calls calls,
-- with the extension's plan cache full of distinct request shapes.
--
--   psql -U bench_api -v calls=100000 -v p=<project> -v fill=1000 -f bench/memory.sql
--
-- One psql session, so one backend: it presents the key of project :p (the
-- tiny project: every call is cheap, the memory is what is measured), calls
-- get_list once with each of :fill distinct request shapes (more shapes than
-- any plan cache keeps, so it is full and evicting), reads
-- pg_backend_memory_contexts ("filled"), makes :warm calls of the mix — nine
-- in ten from 200 hot shapes, one in ten from 5,000 others, each call its own
-- statement and transaction as a client sends them (psql's \gexec) — reads
-- it again ("before"), makes :calls more calls of the mix and reads it a
-- last time ("after").  after - before is what the target of issue 6 bounds.  Distinct shapes are distinct selected-field
-- sets (the bits of the shape number), with a relation, a filter and a sort
-- varying alongside.  Prints "key|value" lines, then the contexts that grew.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
\if :{?calls} \else \set calls 100000 \endif
\if :{?fill} \else \set fill 1000 \endif
\if :{?warm} \else \set warm 10000 \endif

SELECT set_config('request.headers', c.headers, false) FROM bench.caller c WHERE c.p = :p \g /dev/null

CREATE TEMP TABLE shape AS
SELECT n, s.sel, q.qry, o.srt
FROM generate_series(0, 5199) AS n
CROSS JOIN LATERAL (
    SELECT '{' || concat_ws(',', string_agg(format('"%s":true', f), ',' ORDER BY i),
                            (ARRAY[NULL, '"answeredByUser":{"name":true}', '"incomingCallPolicy":true', '"project":{"name":true}'])[1 + n % 4])
           || '}' AS sel
    FROM unnest(ARRAY['createdAt', 'updatedAt', 'projectId', 'incomingCallPolicyId', 'callerPhoneNumber',
                      'routingPhoneNumber', 'callProviderCallId', 'status', 'statusMessage', 'callDurationInSeconds',
                      'callCostInUSDCents', 'incomingCallCostInUSDCents', 'outgoingCallCostInUSDCents', 'startedAt',
                      'endedAt', 'answeredByUserId', 'currentEscalationRuleOrder', 'repeatCount'])
         WITH ORDINALITY AS a(f, i)
    WHERE (n >> (i::int - 1)) & 1 = 1) AS s
CROSS JOIN LATERAL (
    SELECT (ARRAY[NULL, '{"status":"Busy"}', '{"status":["Failed","Busy"]}',
                  '{"callDurationInSeconds":{"_type":"GreaterThan","value":60}}',
                  '{"startedAt":{"_type":"GreaterThan","value":"2025-01-02"}}'])[1 + (n / 7) % 5] AS qry) AS q
CROSS JOIN LATERAL (
    SELECT (ARRAY[NULL, '{"startedAt":"DESC"}', '{"status":"ASC","createdAt":"DESC"}'])[1 + (n / 3) % 3] AS srt) AS o;

CREATE TEMP TABLE memory_contexts (phase text, name text, bytes bigint, contexts bigint);
INSERT INTO memory_contexts SELECT 'fresh', name, sum(total_bytes), count(*) FROM pg_backend_memory_contexts GROUP BY name;

-- Fill the plan cache with :fill distinct shapes.
\o /dev/null
SELECT format('SELECT (incoming_call_log.get_list(%L, %L, %L, 0, 5)).count', sel, qry, srt)
FROM shape WHERE n < :fill ORDER BY n
\gexec
\o

INSERT INTO memory_contexts SELECT 'filled', name, sum(total_bytes), count(*) FROM pg_backend_memory_contexts GROUP BY name;

-- Then :warm calls of the mix below, so that the hot shapes have reached
-- whatever steady state the plan cache gives them (a generic plan, say).
\o /dev/null
SELECT format('SELECT (incoming_call_log.get_list(%L, %L, %L, 0, 5)).count', s.sel, s.qry, s.srt)
FROM generate_series(1, :warm) AS i
JOIN shape s ON s.n = CASE WHEN i % 10 = 0 THEN 200 + (i / 10) % 5000 ELSE i % 200 END
ORDER BY i
\gexec
\o

INSERT INTO memory_contexts SELECT 'before', name, sum(total_bytes), count(*) FROM pg_backend_memory_contexts GROUP BY name;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset

\o /dev/null
SELECT format('SELECT (incoming_call_log.get_list(%L, %L, %L, 0, 5)).count', s.sel, s.qry, s.srt)
FROM generate_series(:warm + 1, :warm + :calls) AS i
JOIN shape s ON s.n = CASE WHEN i % 10 = 0 THEN 200 + (i / 10) % 5000 ELSE i % 200 END
ORDER BY i
\gexec
\o

SELECT extract(epoch FROM clock_timestamp()) AS t1 \gset
INSERT INTO memory_contexts SELECT 'after', name, sum(total_bytes), count(*) FROM pg_backend_memory_contexts GROUP BY name;

\pset format unaligned
\pset tuples_only on
SELECT 'calls|' || :calls;
SELECT 'fill_shapes|' || :fill;
SELECT 'warm_calls|' || :warm;
SELECT 'seconds|' || round((:t1 - :t0)::numeric, 1);
SELECT phase || '_bytes|' || sum(bytes) FROM memory_contexts GROUP BY phase ORDER BY min(CASE phase WHEN 'fresh' THEN 1 WHEN 'filled' THEN 2 WHEN 'before' THEN 3 ELSE 4 END);
SELECT 'context|' || coalesce(a.name, b.name) || '|' || coalesce(b.bytes, 0) || '|' || coalesce(a.bytes, 0) || '|'
       || coalesce(b.contexts, 0) || '|' || coalesce(a.contexts, 0)
FROM (SELECT * FROM memory_contexts WHERE phase = 'after') AS a
FULL JOIN (SELECT * FROM memory_contexts WHERE phase = 'before') AS b USING (name)
WHERE coalesce(a.bytes, 0) <> coalesce(b.bytes, 0)
ORDER BY abs(coalesce(a.bytes, 0) - coalesce(b.bytes, 0)) DESC
LIMIT 12;
