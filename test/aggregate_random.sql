-- test/aggregate_random.sql — get_aggregate against plain SQL (doc/aggregates.md) for
-- random requests over random rows: random groupBy keys (0-4, dates by value
-- or by a random bucket), random measures, random sorts and limits, random
-- queries, in a random session TimeZone.  The expected answer is written here
-- independently, as a DBA would: GROUP BY with date_trunc on the UTC wall
-- clock, count(*), sum(), avg(), min(), max(), percentile_cont(nn / 100.0),
-- ORDER BY the asked keys (nulls last ascending, first descending), then the
-- group keys ascending, LIMIT.  Counts, sums, extremes and group values must
-- be equal; Avg and percentiles within a relative 1e-9.  Deterministic
-- (setseed): a failure names its case and request.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(301);

-- 600 more rows in project A: repeated values, ties and nulls on purpose.
SELECT setseed(0.2026);
INSERT INTO incoming_call_log.call_log
    (project_id, incoming_call_policy_id, caller_phone_number, call_provider_call_id, status,
     call_duration_in_seconds, call_cost_in_usd_cents, current_escalation_rule_order, repeat_count,
     started_at, ended_at, answered_by_user_id, created_at, updated_at)
SELECT :'A', (ARRAY['a1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000002'])[1 + floor(random() * 2)::int]::uuid,
       CASE WHEN random() < 0.1 THEN NULL ELSE '+1555000' || (1000 + (random() * 8)::int) END,
       CASE WHEN random() < 0.3 THEN NULL ELSE 'CA' || (random() * 5)::int END,
       (ARRAY['Initiated', 'Ringing', 'Connected', 'Escalated', 'NoAnswer', 'Failed', 'Completed', 'CallerHungUp', 'Busy'])[1 + floor(random() * 9)::int],
       d, (random() * 40)::int * 7, 1 + (random() * 3)::int, (random() * 2)::int,
       s, CASE WHEN s IS NULL OR random() < 0.2 THEN NULL ELSE s + d * interval '1 second' END,
       (ARRAY['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
              '33333333-3333-4333-8333-333333333333', NULL])[1 + floor(random() * 4)::int]::uuid,
       c, c + (random() * 100)::int * interval '1 day'
  FROM (SELECT CASE WHEN random() < 0.15 THEN NULL
                    ELSE timestamptz '2025-12-20T00:00:00Z' + (random() * 90 * 86400)::int * interval '1 second'
                         + (random() * 999)::int * interval '1 millisecond' END AS s,
               CASE WHEN random() < 0.3 THEN 0 ELSE (random() * 900)::int END AS d,
               timestamptz '2025-11-01T00:00:00Z' + (random() * 400 * 86400)::int * interval '1 second' AS c
          FROM generate_series(1, 600)) g;

-- Fields the generator may use: JSON name, column, kind.
CREATE TEMP TABLE f (json text, col text, kind text);
INSERT INTO f VALUES
    ('status', 'status', 'text'), ('incomingCallPolicyId', 'incoming_call_policy_id', 'uuid'),
    ('answeredByUserId', 'answered_by_user_id', 'uuid'), ('callerPhoneNumber', 'caller_phone_number', 'text'),
    ('callProviderCallId', 'call_provider_call_id', 'text'), ('repeatCount', 'repeat_count', 'int'),
    ('currentEscalationRuleOrder', 'current_escalation_rule_order', 'int'),
    ('callDurationInSeconds', 'call_duration_in_seconds', 'int'), ('callCostInUSDCents', 'call_cost_in_usd_cents', 'int'),
    ('startedAt', 'started_at', 'date'), ('endedAt', 'ended_at', 'date'), ('createdAt', 'created_at', 'date'),
    ('updatedAt', 'updated_at', 'date');

-- A value as the API shows it, in SQL (dates: UTC, milliseconds, Z).
CREATE FUNCTION pg_temp.shown(expr text, kind text) RETURNS text LANGUAGE sql AS $$
    SELECT CASE kind WHEN 'date' THEN format('to_char((%s) AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'')', expr)
                     ELSE expr END
$$;

-- Two answers alike: same keys in the same order, equal values; numbers
-- under an "Avg" or "Pnn" key within a relative 1e-9, all others exact.
CREATE FUNCTION pg_temp.alike(a json, b json, tolerant boolean DEFAULT false) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    k text[]; i int;
BEGIN
    IF json_typeof(a) IS DISTINCT FROM json_typeof(b) THEN RETURN false; END IF;
    CASE json_typeof(a)
    WHEN 'object' THEN
        k := ARRAY(SELECT json_object_keys(a));
        IF k IS DISTINCT FROM ARRAY(SELECT json_object_keys(b)) THEN RETURN false; END IF;
        FOR i IN 1 .. coalesce(array_length(k, 1), 0) LOOP
            IF NOT pg_temp.alike(a -> k[i], b -> k[i], k[i] ~ '^(Avg|P[0-9]+)$') THEN RETURN false; END IF;
        END LOOP;
        RETURN true;
    WHEN 'array' THEN
        IF json_array_length(a) <> json_array_length(b) THEN RETURN false; END IF;
        FOR i IN 0 .. json_array_length(a) - 1 LOOP
            IF NOT pg_temp.alike(a -> i, b -> i) THEN RETURN false; END IF;
        END LOOP;
        RETURN true;
    WHEN 'number' THEN
        IF tolerant THEN
            RETURN (a::text::float8 = b::text::float8)
                OR abs(a::text::float8 - b::text::float8) / greatest(abs(a::text::float8), abs(b::text::float8)) <= 1e-9;
        END IF;
        RETURN a::text::numeric = b::text::numeric;
    ELSE
        RETURN (a #>> '{}') IS NOT DISTINCT FROM (b #>> '{}');
    END CASE;
END;
$$;

-- One random request, its answer and the expected answer.
CREATE TEMP TABLE cases (n int, request text, passed boolean, got text, want text);
CREATE FUNCTION pg_temp.run_case(n int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    buckets text[] := ARRAY['Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'];
    zones text[] := ARRAY['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Kiritimati', 'Europe/Berlin'];
    measures_int text[] := ARRAY['Sum', 'Avg', 'Min', 'Max', 'P50', 'P90', 'P95', 'P99'];
    measures_date text[] := ARRAY['Min', 'Max'];
    g_json text[] := '{}'; g_sql text[] := '{}'; g_shown text[] := '{}'; grouped text[] := '{}';
    m_json text := ''; m_sql text[] := '{}'; m_key text[] := '{}'; m_shown text[] := '{}';
    answer_keys text[] := '{}'; answer_sql text[] := '{}';
    want_count boolean; count_mode int;
    q_json text := NULL; q_sql text := 'true';
    s_json text[] := '{}'; s_sql text[] := '{}'; sorted text[] := '{}';
    lim int; fld record; r record; bucket text; expr text; ms text[]; m text; i int; k text; dir boolean;
    obj_parts text[]; by_field text; got incoming_call_log.aggregate_result; want json; want_more boolean; total bigint;
    sql text; req text;
BEGIN
    PERFORM set_config('TimeZone', zones[1 + floor(random() * array_length(zones, 1))::int], true);
    -- groupBy: 0-4 keys
    FOR fld IN SELECT * FROM f ORDER BY random() LIMIT floor(random() * 5)::int LOOP
        IF fld.kind = 'date' AND random() < 0.7 THEN
            bucket := buckets[1 + floor(random() * 6)::int];
            g_json := g_json || format('"%s": "%s"', fld.json, bucket);
            expr := format('(date_trunc(%L, l.%I AT TIME ZONE ''UTC'') AT TIME ZONE ''UTC'')', lower(bucket), fld.col);
        ELSE
            g_json := g_json || format('"%s": true', fld.json);
            expr := format('l.%I', fld.col);
        END IF;
        grouped := grouped || fld.json;
        g_sql := g_sql || expr;
        g_shown := g_shown || pg_temp.shown(format('g.k%s', array_length(g_sql, 1)), fld.kind);
        answer_keys := answer_keys || fld.json;
        answer_sql := answer_sql || format('g.k%s', array_length(g_sql, 1));
    END LOOP;
    -- a key left out with false, sometimes
    IF random() < 0.2 THEN
        SELECT * INTO fld FROM f WHERE json <> ALL (grouped) ORDER BY random() LIMIT 1;
        g_json := g_json || format('"%s": false', fld.json);
    END IF;
    -- aggregate: count absent / true / false, 0-3 measured fields
    count_mode := floor(random() * 3)::int;   -- 0 absent, 1 true, 2 false
    FOR fld IN SELECT * FROM f WHERE kind IN ('int', 'date') AND json <> ALL (grouped)
                ORDER BY random() LIMIT floor(random() * 4)::int LOOP
        IF fld.kind = 'int' THEN
            ms := ARRAY(SELECT x FROM unnest(measures_int) x ORDER BY random() LIMIT 1 + floor(random() * 4)::int);
        ELSE
            ms := ARRAY(SELECT x FROM unnest(measures_date) x ORDER BY random() LIMIT 1 + floor(random() * 2)::int);
        END IF;
        m_json := m_json || format(', "%s": %s', fld.json, array_to_json(ms));
        obj_parts := '{}';
        FOREACH m IN ARRAY ms LOOP
            expr := CASE m WHEN 'Sum' THEN format('sum(l.%I)', fld.col)
                           WHEN 'Avg' THEN format('avg(l.%I)', fld.col)
                           WHEN 'Min' THEN format('min(l.%I)', fld.col)
                           WHEN 'Max' THEN format('max(l.%I)', fld.col)
                           ELSE format('percentile_cont(%s / 100.0) WITHIN GROUP (ORDER BY l.%I)', substr(m, 2), fld.col) END;
            m_sql := m_sql || expr;
            answer_keys := answer_keys || (fld.json || '.' || m);
            answer_sql := answer_sql || format('g.m%s', array_length(m_sql, 1));
            obj_parts := obj_parts || format('%L, %s', m,
                CASE WHEN m IN ('Min', 'Max') THEN pg_temp.shown(format('g.m%s', array_length(m_sql, 1)), fld.kind)
                     ELSE format('g.m%s', array_length(m_sql, 1)) END);
        END LOOP;
        m_shown := m_shown || format('%L, json_build_object(%s)', fld.json, array_to_string(obj_parts, ', '));
    END LOOP;
    -- "count" shown when absent from a non-empty aggregate? Only when asked or aggregate is empty.
    want_count := count_mode = 1 OR (count_mode = 0 AND m_json = '');
    IF count_mode = 1 THEN m_json := ', "count": true' || m_json;
    ELSIF count_mode = 2 THEN m_json := ', "count": false' || m_json;
    END IF;
    IF want_count THEN answer_keys := answer_keys || 'count'::text; answer_sql := answer_sql || 'g.n'::text; END IF;
    -- sort: 0-2 answer keys
    FOR i IN SELECT x FROM generate_series(1, coalesce(array_length(answer_keys, 1), 0)) x ORDER BY random()
                LIMIT floor(random() * 3)::int LOOP
        dir := random() < 0.5;
        s_json := s_json || format('"%s": %s', answer_keys[i],
                                   (ARRAY['"ASC"', '"DESC"', '1', '-1', '"Ascending"', '"Descending"'])[CASE WHEN dir THEN 2 ELSE 1 END + 2 * floor(random() * 3)::int]);
        s_sql := s_sql || format('%s %s', answer_sql[i], CASE WHEN dir THEN 'DESC NULLS FIRST' ELSE 'ASC NULLS LAST' END);
        sorted := sorted || answer_keys[i];
    END LOOP;
    FOR i IN 1 .. coalesce(array_length(grouped, 1), 0) LOOP
        IF grouped[i] <> ALL (sorted) THEN s_sql := s_sql || format('g.k%s ASC NULLS LAST', i); END IF;
    END LOOP;
    -- query
    CASE floor(random() * 5)::int
    WHEN 0 THEN NULL;
    WHEN 1 THEN
        q_json := '{"status": ["Completed", "NoAnswer", "Busy"]}';
        q_sql := 'l.status IN (''Completed'', ''NoAnswer'', ''Busy'')';
    WHEN 2 THEN
        q_json := '{"startedAt": {"_type": "InBetween", "startValue": "2026-01-10", "endValue": "2026-02-10"}}';
        q_sql := 'l.started_at >= ''2026-01-10T00:00:00Z'' AND l.started_at < ''2026-02-10T00:00:00.001Z''';
    WHEN 3 THEN
        q_json := '{"callDurationInSeconds": {"_type": "GreaterThan", "value": 300}, "answeredByUserId": {"_type": "NotNull"}}';
        q_sql := 'l.call_duration_in_seconds > 300 AND l.answered_by_user_id IS NOT NULL';
    ELSE
        q_json := '{"incomingCallPolicyId": "A1000000-0000-4000-8000-000000000002", "endedAt": null}';
        q_sql := 'l.incoming_call_policy_id = ''a1000000-0000-4000-8000-000000000002'' AND l.ended_at IS NULL';
    END CASE;
    lim := CASE WHEN random() < 0.25 THEN NULL ELSE 1 + floor(random() * 60)::int END;

    -- the expected answer
    sql := format('SELECT %s count(*) AS n %s FROM incoming_call_log.call_log l WHERE l.project_id = %L AND (%s) %s',
                  (SELECT string_agg(format('%s AS k%s, ', e, o), '') FROM unnest(g_sql) WITH ORDINALITY AS t(e, o)),
                  (SELECT string_agg(format(', %s AS m%s', e, o), '') FROM unnest(m_sql) WITH ORDINALITY AS t(e, o)),
                  'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', q_sql,
                  CASE WHEN array_length(g_sql, 1) > 0
                       THEN 'GROUP BY ' || (SELECT string_agg(o::text, ', ') FROM generate_series(1, array_length(g_sql, 1)) o) ELSE '' END);
    EXECUTE format('SELECT count(*) FROM (%s) g', sql) INTO total;
    obj_parts := ARRAY(SELECT format('%L, %s', grouped[o], g_shown[o]) FROM generate_series(1, coalesce(array_length(grouped, 1), 0)) o);
    IF want_count THEN obj_parts := obj_parts || '''count'', g.n'::text; END IF;
    obj_parts := obj_parts || m_shown;
    EXECUTE format('SELECT coalesce(json_agg(o ORDER BY r), ''[]'') FROM (SELECT json_build_object(%s) AS o, row_number() OVER (%s) AS r FROM (%s) g) x WHERE r <= %s',
                   array_to_string(obj_parts, ', '),
                   CASE WHEN array_length(s_sql, 1) > 0 THEN 'ORDER BY ' || array_to_string(s_sql, ', ') ELSE '' END,
                   sql, coalesce(lim, 100))
       INTO want;
    want_more := total > coalesce(lim, 100);

    req := format('query => %s, "groupBy" => %s, aggregate => %s, sort => %s, "limit" => %s (TimeZone %s)',
                  coalesce(q_json, 'NULL'), '{' || array_to_string(g_json, ', ') || '}',
                  '{' || substr(m_json, 3) || '}', '{' || array_to_string(s_json, ', ') || '}',
                  coalesce(lim::text, 'NULL'), current_setting('TimeZone'));
    got := incoming_call_log.get_aggregate(q_json::json, ('{' || array_to_string(g_json, ', ') || '}')::json,
                                           ('{' || substr(m_json, 3) || '}')::json,
                                           ('{' || array_to_string(s_json, ', ') || '}')::json, lim);
    INSERT INTO cases VALUES (n, req, pg_temp.alike(got.data, want) AND got.more = want_more,
                              got.data::text || ' more ' || got.more, want::text || ' more ' || want_more);
END;
$$;

SELECT pg_temp.present_key(:'key_a_read');
SELECT setseed(0.0707);
SELECT pg_temp.run_case(n) FROM generate_series(1, 300) AS n \g /dev/null

SELECT CASE WHEN passed THEN ok(true, format('case %s: %s', n, request))
            ELSE ok(false, format('case %s: %s', n, request)) || E'\n' || diag('got:  ' || got || E'\nwant: ' || want) END
  FROM cases ORDER BY n;
-- The generator reached what it should: groups, buckets, measures, sorts, "more".
SELECT ok((SELECT count(*) FILTER (WHERE request ~ '"(Minute|Hour|Day|Week|Month|Year)"') > 50
              AND count(*) FILTER (WHERE request ~ '"P9[059]"') > 50
              AND count(*) FILTER (WHERE request ~ 'sort => \{"') > 50
              AND count(*) FILTER (WHERE got ~ ' more true$') > 20
              AND count(*) FILTER (WHERE got ~ ' more false$') > 20
              AND count(*) FILTER (WHERE got ~ '\{[^}]*null') > 20
             FROM cases), 'the random cases cover buckets, percentiles, sorts, more, nulls');

SELECT * FROM finish();
ROLLBACK;
