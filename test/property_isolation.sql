-- test/property_isolation.sql — property-style tenant isolation.
--
-- Hundreds of pseudo-random but deterministic (setseed) combinations of
-- (caller, select, query, sort, skip, limit) over six projects and both kinds
-- of caller (API keys; SQL roles naming the project in tenantid).  For each:
--
--   1. every row get_list returns belongs to the caller's project (its _id,
--      and projectId / project._id / incomingCallPolicy.projectId when
--      selected), checked against call_log read as the superuser;
--   2. get_list's count and count() equal the number of the caller's rows
--      matching the same filter, computed here with plain SQL from the
--      generated filter; the page is exactly the expected slice of the
--      expected order, and limit/skip are echoed;
--   3. get_item of ids drawn from every project succeeds only for the
--      caller's own project (returning that id) and is PT404 otherwise;
--   4. the RLS helper caller_project_id() resolves to the caller's project;
--   5. in about one combination in eight the header is hostile instead — a
--      key or a role naming (tenantid) a project it may not read, or the
--      grant-less role with no usable key — and then get_list, count and
--      every get_item refuse (PT403 / PT401) and caller_project_id() is null.
--
-- Callers: six projects (the fixture's A, B, C and three demo projects), an
-- API key each (one of the five read permissions, run as the superuser or as
-- a grant-less role), a ProjectMember role each, a role inheriting project
-- C's grant through membership, and a role with grants on two projects.
--
-- Each combination runs as: set request.headers (and SET LOCAL ROLE when the
-- caller is a role), call the API, RESET ROLE, compute the expectation as
-- the superuser, compare.  Failures are collected in a temp table and
-- asserted with pgTAP at the end, with a few counts proving the loop ran
-- over every project and both caller kinds.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;

-- Data: the fixture's projects A, B, C (12, 5, 3 logs, hand-made edge cases)
-- plus the demo generator's three projects with 600 logs between them.
\o /dev/null
\ir fixtures/fixture.psql
\set projects 3
\set logs 600
\ir ../demo/demo_data.sql
\o

\set combinations 600

-------------------------------------------------------------------------------
-- Callers
-------------------------------------------------------------------------------

CREATE TEMP TABLE prop_project (n int PRIMARY KEY, id uuid NOT NULL);
INSERT INTO prop_project VALUES
    (1, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
    (2, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
    (3, 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'),
    (4, md5('demo-project-1')::uuid),
    (5, md5('demo-project-2')::uuid),
    (6, md5('demo-project-3')::uuid);

-- Roles: one per project (ProjectMember), one that inherits project 3's
-- grant through membership, one with grants on two projects (must name one),
-- and a grant-less role that only presents API keys (like PostgREST's anon).
CREATE ROLE icl_prop_role_1 NOLOGIN;
CREATE ROLE icl_prop_role_2 NOLOGIN;
CREATE ROLE icl_prop_role_3 NOLOGIN;
CREATE ROLE icl_prop_role_4 NOLOGIN;
CREATE ROLE icl_prop_role_5 NOLOGIN;
CREATE ROLE icl_prop_role_6 NOLOGIN;
CREATE ROLE icl_prop_member NOLOGIN IN ROLE icl_prop_role_3;
CREATE ROLE icl_prop_multi NOLOGIN;
CREATE ROLE icl_prop_anon NOLOGIN;

\o /dev/null
SELECT incoming_call_log.grant_access(('icl_prop_role_' || n)::regrole, id, '{ProjectMember}') FROM prop_project;
SELECT incoming_call_log.grant_access('icl_prop_multi', id, '{ReadProjectIncomingCallLog}') FROM prop_project WHERE n IN (1, 5);
\o

GRANT USAGE ON SCHEMA incoming_call_log
    TO icl_prop_role_1, icl_prop_role_2, icl_prop_role_3, icl_prop_role_4, icl_prop_role_5, icl_prop_role_6,
       icl_prop_multi, icl_prop_anon;
-- USAGE on the internal schema only because this file calls the RLS helper
-- caller_project_id() by name; policies need none (test/rls.sql).
GRANT USAGE ON SCHEMA incoming_call_log_internal
    TO icl_prop_role_1, icl_prop_role_2, icl_prop_role_3, icl_prop_role_4, icl_prop_role_5, icl_prop_role_6,
       icl_prop_multi, icl_prop_anon;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json)
    TO icl_prop_role_1, icl_prop_role_2, icl_prop_role_3, icl_prop_role_4, icl_prop_role_5, icl_prop_role_6,
       icl_prop_multi, icl_prop_anon;

-- kind 'key': the key decides the project; run as the superuser or as the
-- grant-less role.  kind 'role': run as that role, tenantid names the project
-- (a single-project role may leave it out).
CREATE TEMP TABLE prop_caller (
    n            serial PRIMARY KEY,
    kind         text NOT NULL,
    project_id   uuid NOT NULL,
    apikey       text,
    role_name    text,
    must_name    boolean NOT NULL DEFAULT false,
    label        text NOT NULL
);
INSERT INTO prop_caller (kind, project_id, apikey, label)
SELECT 'key', id,
       incoming_call_log.create_api_key(id, ARRAY[(ARRAY['ProjectOwner', 'ProjectAdmin', 'ProjectMember',
                                                         'ReadProjectIncomingCallLog', 'ReadAllProjectResources'])[1 + (n - 1) % 5]]),
       'key of project ' || n
FROM prop_project ORDER BY n;
INSERT INTO prop_caller (kind, project_id, role_name, label)
SELECT 'role', id, 'icl_prop_role_' || n, 'role of project ' || n FROM prop_project ORDER BY n;
INSERT INTO prop_caller (kind, project_id, role_name, label)
SELECT 'role', id, 'icl_prop_member', 'member of role of project 3' FROM prop_project WHERE n = 3;
INSERT INTO prop_caller (kind, project_id, role_name, must_name, label)
SELECT 'role', id, 'icl_prop_multi', true, 'two-project role naming project ' || n FROM prop_project WHERE n IN (1, 5);

-------------------------------------------------------------------------------
-- Generators
-------------------------------------------------------------------------------

CREATE FUNCTION pg_temp.rnd(lo int, hi int) RETURNS int
LANGUAGE sql VOLATILE AS $$ SELECT lo + floor(random() * (hi - lo + 1))::int $$;

CREATE FUNCTION pg_temp.pick(a text[]) RETURNS text
LANGUAGE sql VOLATILE AS $$ SELECT a[1 + floor(random() * cardinality(a))::int] $$;

-- A uuid as a client might write it: usually lower case, sometimes upper.
CREATE FUNCTION pg_temp.uuid_text(u uuid) RETURNS text
LANGUAGE sql VOLATILE AS $$ SELECT CASE WHEN random() < 0.2 THEN upper(u::text) ELSE u::text END $$;

-- A timestamp written as a JSON value in one of the accepted ISO forms
-- (always denoting exactly t, which the caller has made whole for the form).
CREATE FUNCTION pg_temp.iso_json(t timestamptz, form int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE form
        WHEN 0 THEN to_json(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
        WHEN 1 THEN to_json(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'))::text   -- no offset: UTC
        WHEN 2 THEN to_json(to_char((t AT TIME ZONE 'UTC') + interval '2 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '+02:00')::text
        WHEN 3 THEN to_json(to_char((t AT TIME ZONE 'UTC') - interval '5 hours', 'YYYY-MM-DD HH24:MI:SS.MS') || '-0500')::text
        WHEN 4 THEN '{"_type": "DateTime", "value": ' || to_json(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text || '}'
        ELSE to_json(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD'))::text                              -- date alone: midnight UTC
    END
$$;

-- Everything there is, read as the superuser once.
CREATE TEMP TABLE prop_all_ids AS
SELECT row_number() OVER (ORDER BY project_id, id) AS n, id, project_id,
       caller_phone_number::text AS phone, started_at, call_duration_in_seconds AS duration
FROM incoming_call_log.call_log;

CREATE TEMP TABLE prop_run (
    combo             int PRIMARY KEY,
    caller            int NOT NULL,
    kind              text NOT NULL,
    project_id        uuid NOT NULL,
    runner            text NOT NULL,       -- the role in effect for the calls
    hostile           text,                -- the refusal expected, for a hostile header
    query             text,
    expected_count    bigint,
    data_rows         int,
    foreign_filter    boolean NOT NULL,    -- projectId of another project
    foreign_ids       boolean NOT NULL,    -- _id Includes ids of other projects
    items_own         int NOT NULL DEFAULT 0,
    items_foreign     int NOT NULL DEFAULT 0
);
CREATE TEMP TABLE prop_failure (
    combo   int NOT NULL,
    what    text NOT NULL,
    detail  text
);

-------------------------------------------------------------------------------
-- The loop
-------------------------------------------------------------------------------

\o /dev/null
SELECT setseed(0.1729);
SELECT set_config('prop.combinations', :'combinations', true);
\o

DO $loop$
DECLARE
    statuses   constant text[] := ARRAY['Initiated', 'Ringing', 'Connected', 'Escalated', 'NoAnswer',
                                        'Failed', 'Completed', 'CallerHungUp', 'Busy'];
    n_ids      constant int := (SELECT count(*) FROM prop_all_ids);
    n_callers  constant int := (SELECT count(*) FROM prop_caller);
    combos     constant int := current_setting('prop.combinations')::int;
    superuser  constant text := current_user;
    c          prop_caller;
    parts      text[];
    preds      text[];
    sel_parts  text[];
    sort_parts text[];
    order_sql  text[];
    q_text     text;
    pred       text;
    sel_text   text;
    sort_text  text;
    isel_text  text;
    hdr        text;
    runner     text;
    skip_in    int;
    limit_in   int;
    k          int;
    v          text;
    arr        text[];
    u          uuid;
    t1         timestamptz;
    t2         timestamptz;
    form       int;
    foreign_filter boolean;
    foreign_ids    boolean;
    item_ids   uuid[];
    item_txt   text[];
    item_state text[];
    item_out   text[];
    lr         incoming_call_log.list_result;
    cnt        bigint;
    resolved   uuid;
    failed     text;
    hostile    text;
    h_state    text[];
    expected   bigint;
    exp_page   uuid[];
    got_page   uuid[];
    bad        bigint;
    own        boolean;
    n_own      int;
    n_foreign  int;
BEGIN
    FOR ci IN 1 .. combos LOOP
        k := pg_temp.rnd(1, n_callers);
        SELECT * INTO c FROM prop_caller WHERE n = k;

        ---------------------------------------------------------------- query
        parts := '{}'; preds := '{}'; foreign_filter := false; foreign_ids := false;

        IF random() < 0.3 THEN                                   -- status
            IF random() < 0.5 THEN
                v := CASE WHEN random() < 0.05 THEN 'Example status' ELSE pg_temp.pick(statuses) END;
                parts := parts || ('"status": ' || CASE WHEN random() < 0.6 THEN to_json(v)::text
                                                        ELSE '{"_type": "EqualTo", "value": ' || to_json(v)::text || '}' END);
                preds := preds || format('status = %L', v);
            ELSE
                k := pg_temp.rnd(0, 4);
                arr := ARRAY(SELECT pg_temp.pick(statuses) FROM generate_series(1, k));
                parts := parts || ('"status": ' || CASE WHEN random() < 0.6 THEN to_json(arr)::text
                                                        ELSE '{"_type": "Includes", "value": ' || to_json(arr)::text || '}' END);
                preds := preds || CASE WHEN k = 0 THEN 'false' ELSE format('status = ANY (%L::text[])', arr) END;
            END IF;
        END IF;

        IF random() < 0.3 THEN                                   -- callDurationInSeconds
            k := pg_temp.rnd(1, n_ids);
            k := CASE WHEN random() < 0.5 THEN (SELECT duration FROM prop_all_ids WHERE n = k)
                      ELSE pg_temp.rnd(0, 950) END;
            v := CASE WHEN random() < 0.15 THEN k || '.0' ELSE k::text END;
            IF random() < 0.5 THEN
                parts := parts || ('"callDurationInSeconds": {"_type": "GreaterThan", "value": ' || v || '}');
                preds := preds || format('call_duration_in_seconds > %s', k);
            ELSE
                parts := parts || ('"callDurationInSeconds": {"_type": "LessThanOrEqual", "value": ' || v || '}');
                preds := preds || format('call_duration_in_seconds <= %s', k);
            END IF;
        END IF;

        IF random() < 0.3 THEN                                   -- startedAt InBetween
            form := pg_temp.rnd(0, 5);
            -- endpoints: an existing started_at (inclusiveness) or a random instant
            k := pg_temp.rnd(1, n_ids);
            t1 := CASE WHEN random() < 0.4 THEN (SELECT started_at FROM prop_all_ids WHERE n = k)
                       ELSE timestamptz '2026-01-01T00:00:00Z' + pg_temp.rnd(0, CASE WHEN random() < 0.5 THEN 7 * 3600 ELSE 8 * 86400 END) * interval '1 second'
                            + pg_temp.rnd(0, 999) * interval '1 millisecond' END;
            k := pg_temp.rnd(1, n_ids);
            t2 := CASE WHEN random() < 0.4 THEN (SELECT started_at FROM prop_all_ids WHERE n = k)
                       ELSE timestamptz '2026-01-01T00:00:00Z' + pg_temp.rnd(0, CASE WHEN random() < 0.5 THEN 7 * 3600 ELSE 8 * 86400 END) * interval '1 second'
                            + pg_temp.rnd(0, 999) * interval '1 millisecond' END;
            t1 := coalesce(t1, timestamptz '2026-01-01T00:00:00Z');   -- the row drawn had no started_at
            t2 := coalesce(t2, timestamptz '2026-01-09T00:00:00Z');
            SELECT least(t1, t2), greatest(t1, t2) INTO t1, t2;
            IF form = 5 THEN
                t1 := date_trunc('day', t1, 'UTC');
                t2 := date_trunc('day', t2, 'UTC');
            END IF;
            parts := parts || ('"startedAt": {"_type": "InBetween", "startValue": ' || pg_temp.iso_json(t1, form)
                               || ', "endValue": ' || pg_temp.iso_json(t2, CASE WHEN random() < 0.5 THEN form WHEN form = 5 THEN 5 ELSE 0 END) || '}');
            preds := preds || format('started_at BETWEEN %L::timestamptz AND %L::timestamptz', t1, t2);
        END IF;

        IF random() < 0.3 THEN                                   -- answeredByUserId
            k := pg_temp.rnd(0, 2);
            parts := parts || ('"answeredByUserId": ' || (ARRAY['{"_type": "IsNull"}', '{"_type": "NotNull"}', 'null'])[k + 1]);
            preds := preds || CASE k WHEN 1 THEN 'answered_by_user_id IS NOT NULL' ELSE 'answered_by_user_id IS NULL' END;
        END IF;

        IF random() < 0.3 THEN                                   -- callerPhoneNumber Search
            k := pg_temp.rnd(1, n_ids);
            v := (SELECT phone FROM prop_all_ids WHERE n = k);
            v := coalesce(v, '+1555');
            k := pg_temp.rnd(1, length(v) - 1);
            v := substr(v, k, pg_temp.rnd(2, 5));
            parts := parts || ('"callerPhoneNumber": {"_type": "Search", "value": ' || to_json(v)::text || '}');
            preds := preds || format('strpos(lower(caller_phone_number::text), lower(%L)) > 0', v);
        END IF;

        IF random() < 0.25 THEN                                  -- projectId
            k := pg_temp.rnd(1, 6);
            u := CASE WHEN random() < 0.1 THEN md5('no such project ' || ci)::uuid
                      ELSE (SELECT id FROM prop_project WHERE n = k) END;
            foreign_filter := u <> c.project_id;
            k := pg_temp.rnd(0, 2);
            parts := parts || ('"projectId": ' || CASE k
                                   WHEN 0 THEN to_json(pg_temp.uuid_text(u))::text
                                   WHEN 1 THEN '{"_type": "ObjectID", "value": ' || to_json(pg_temp.uuid_text(u))::text || '}'
                                   ELSE '{"_type": "EqualTo", "value": ' || to_json(pg_temp.uuid_text(u))::text || '}' END);
            preds := preds || format('project_id = %L::uuid', u);
        END IF;

        IF random() < 0.3 THEN                                   -- _id Includes
            k := pg_temp.rnd(1, 15);
            -- some of the caller's own ids, the rest from any project
            item_ids := ARRAY(SELECT id FROM prop_all_ids WHERE project_id = c.project_id ORDER BY random() LIMIT pg_temp.rnd(0, 3))
                     || ARRAY(SELECT a.id FROM (SELECT pg_temp.rnd(1, n_ids) AS r FROM generate_series(1, k) OFFSET 0) AS d
                              JOIN prop_all_ids AS a ON a.n = d.r);
            foreign_ids := EXISTS (SELECT FROM prop_all_ids WHERE id = ANY (item_ids) AND project_id <> c.project_id);
            arr := ARRAY(SELECT pg_temp.uuid_text(x) FROM unnest(item_ids) AS x);
            parts := parts || ('"_id": ' || CASE WHEN random() < 0.7 THEN '{"_type": "Includes", "value": ' || to_json(arr)::text || '}'
                                                 ELSE to_json(arr)::text END);
            preds := preds || format('id = ANY (%L::uuid[])', item_ids);
        END IF;

        q_text := CASE WHEN cardinality(parts) > 0 THEN '{' || array_to_string(parts, ', ') || '}'
                       WHEN random() < 0.5 THEN NULL ELSE '{}' END;
        pred := CASE WHEN cardinality(preds) > 0 THEN array_to_string(preds, ' AND ') ELSE 'true' END;

        --------------------------------------------------------------- select
        sel_parts := ARRAY(
            SELECT f FROM unnest(ARRAY['"status": true', '"callDurationInSeconds": true', '"startedAt": true',
                                       '"projectId": true', '"callerPhoneNumber": true', '"createdAt": true',
                                       '"answeredByUserId": true', '"statusMessage": false',
                                       '"project": {"name": true}', '"project": true',
                                       '"incomingCallPolicy": {"projectId": true, "name": true}',
                                       '"answeredByUser": {"email": true}']) AS f
            WHERE random() < 0.25);
        -- "project" may appear twice above: keep the first
        IF (SELECT count(*) FROM unnest(sel_parts) f WHERE f LIKE '"project":%') > 1 THEN
            sel_parts := array_remove(sel_parts, '"project": true');
        END IF;
        sel_text := CASE WHEN cardinality(sel_parts) > 0 THEN '{' || array_to_string(sel_parts, ', ') || '}'
                         WHEN random() < 0.5 THEN NULL ELSE '{}' END;

        ----------------------------------------------------------------- sort
        sort_parts := '{}'; order_sql := '{}';
        FOR j IN 1 .. pg_temp.rnd(0, 2) LOOP
            k := pg_temp.rnd(1, 6);
            CONTINUE WHEN EXISTS (SELECT FROM unnest(sort_parts) s
                                  WHERE s LIKE '"' || (ARRAY['createdAt', 'startedAt', 'status', 'callDurationInSeconds', 'callerPhoneNumber', '_id'])[k] || '"%');
            v := pg_temp.pick(ARRAY['"ASC"', '"DESC"', '"Ascending"', '"Descending"', '1', '-1', '"asc"', '"desc"']);
            sort_parts := sort_parts || ('"' || (ARRAY['createdAt', 'startedAt', 'status', 'callDurationInSeconds', 'callerPhoneNumber', '_id'])[k]
                                         || '": ' || v);
            order_sql := order_sql || ((ARRAY['created_at', 'started_at', 'status', 'call_duration_in_seconds', 'caller_phone_number', 'id'])[k]
                                       || CASE WHEN v IN ('"DESC"', '"Descending"', '-1', '"desc"') THEN ' DESC' ELSE ' ASC' END);
        END LOOP;
        sort_text := CASE WHEN cardinality(sort_parts) > 0 THEN '{' || array_to_string(sort_parts, ', ') || '}'
                          WHEN random() < 0.5 THEN NULL ELSE '{}' END;
        IF cardinality(order_sql) = 0 THEN order_sql := ARRAY['created_at DESC']; END IF;
        order_sql := order_sql || 'id ASC'::text;

        --------------------------------------------------------- skip / limit
        skip_in := CASE WHEN random() < 0.3 THEN NULL WHEN random() < 0.3 THEN 0
                        WHEN random() < 0.7 THEN pg_temp.rnd(0, 30) ELSE pg_temp.rnd(0, 220) END;
        limit_in := CASE WHEN random() < 0.3 THEN NULL ELSE pg_temp.rnd(1, 100) END;

        ------------------------------------------------------------ get_item
        -- one id of the caller's own project, two of any project, sometimes one of none
        item_ids := ARRAY(SELECT id FROM prop_all_ids WHERE project_id = c.project_id ORDER BY random() LIMIT 1)
                 || ARRAY(SELECT a.id FROM (SELECT pg_temp.rnd(1, n_ids) AS r FROM generate_series(1, 2) OFFSET 0) AS d
                          JOIN prop_all_ids AS a ON a.n = d.r);
        IF random() < 0.1 THEN item_ids := item_ids || md5('no such log ' || ci)::uuid; END IF;
        item_txt := ARRAY(SELECT pg_temp.uuid_text(x) FROM unnest(item_ids) AS x);
        isel_text := pg_temp.pick(ARRAY[NULL, '{"projectId": true}', '{"status": true, "project": {"name": true}}',
                                        '{"incomingCallPolicy": {"projectId": true}}']);

        --------------------------------------------------------------- caller
        IF c.kind = 'key' THEN
            runner := CASE WHEN random() < 0.5 THEN superuser ELSE 'icl_prop_anon' END;
            hdr := CASE WHEN random() < 0.2 THEN json_build_object('apikey', c.apikey, 'tenantid', c.project_id)::text
                        WHEN random() < 0.2 THEN json_build_object('content-type', 'application/json', 'apikey', c.apikey)::text
                        ELSE json_build_object('apikey', c.apikey)::text END;
        ELSE
            runner := c.role_name;
            hdr := CASE WHEN NOT c.must_name AND random() < 0.2 THEN pg_temp.pick(ARRAY['', '{}'])
                        ELSE json_build_object('tenantid', c.project_id)::text END;
        END IF;

        -- Sometimes a hostile header instead: a key, or a role, naming a
        -- project it may not read (PT403); or, as the grant-less role, no
        -- usable key at all (PT401).  Every call must then refuse.
        hostile := NULL;
        IF random() < 0.12 THEN
            IF c.kind = 'key' AND runner <> superuser AND random() < 0.6 THEN
                hostile := 'PT401';
                hdr := CASE WHEN random() < 0.5 THEN json_build_object('tenantid', c.project_id)::text
                            ELSE json_build_object('apikey', 'icl_' || md5('forged ' || ci) || md5('key ' || ci),
                                                   'tenantid', c.project_id)::text END;
            ELSE
                hostile := 'PT403';
                SELECT p.id INTO u FROM prop_project AS p
                WHERE p.id <> c.project_id AND (c.role_name IS DISTINCT FROM 'icl_prop_multi' OR p.n NOT IN (1, 5))
                ORDER BY random() LIMIT 1;
                hdr := CASE WHEN c.kind = 'key' THEN json_build_object('apikey', c.apikey, 'tenantid', u)
                            ELSE json_build_object('tenantid', u) END::text;
            END IF;
        END IF;

        --------------------------------------------- the calls, as the caller
        failed := NULL; lr := NULL; cnt := NULL; resolved := NULL;
        item_state := array_fill(NULL::text, ARRAY[cardinality(item_ids)]);
        item_out := item_state;
        BEGIN
            PERFORM set_config('request.headers', hdr, true);
            IF runner <> superuser THEN
                EXECUTE format('SET LOCAL ROLE %I', runner);
            END IF;
            IF hostile IS NULL THEN
                SELECT * INTO lr FROM incoming_call_log.get_list(sel_text::json, q_text::json, sort_text::json, skip_in, limit_in);
                SELECT r.count INTO cnt FROM incoming_call_log.count(q_text::json) AS r;
            ELSE
                h_state := '{}';
                BEGIN
                    PERFORM incoming_call_log.get_list(sel_text::json, q_text::json, sort_text::json, skip_in, limit_in);
                    h_state := h_state || 'ok'::text;
                EXCEPTION WHEN OTHERS THEN
                    h_state := h_state || SQLSTATE::text;
                END;
                BEGIN
                    PERFORM incoming_call_log.count(q_text::json);
                    h_state := h_state || 'ok'::text;
                EXCEPTION WHEN OTHERS THEN
                    h_state := h_state || SQLSTATE::text;
                END;
            END IF;
            resolved := incoming_call_log_internal.caller_project_id();
            FOR i IN 1 .. cardinality(item_ids) LOOP
                BEGIN
                    item_out[i] := incoming_call_log.get_item(item_txt[i], isel_text::json)::text;
                    item_state[i] := 'ok';
                EXCEPTION WHEN OTHERS THEN
                    item_state[i] := SQLSTATE;
                    item_out[i] := SQLERRM;
                END;
            END LOOP;
            RESET ROLE;
        EXCEPTION WHEN OTHERS THEN
            failed := SQLSTATE || ': ' || SQLERRM;
        END;
        PERFORM set_config('request.headers', '', true);
        IF current_user <> superuser THEN
            RAISE EXCEPTION 'role was not reset after combination % (current_user %)', ci, current_user;
        END IF;

        ------------------------------------------- expectations, as superuser
        EXECUTE format('SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = $1 AND (%s)', pred)
            INTO expected USING c.project_id;

        INSERT INTO prop_run (combo, caller, kind, project_id, runner, hostile, query, expected_count, data_rows,
                              foreign_filter, foreign_ids)
        VALUES (ci, c.n, c.kind, c.project_id, runner, hostile, q_text, expected,
                CASE WHEN lr.data IS NOT NULL THEN json_array_length(lr.data) END, foreign_filter, foreign_ids);

        IF failed IS NOT NULL THEN
            INSERT INTO prop_failure VALUES (ci, 'error',
                format('%s | caller %s | select %s | query %s | sort %s | skip %s | limit %s',
                       failed, c.label, sel_text, q_text, sort_text, skip_in, limit_in));
            CONTINUE;
        END IF;

        IF hostile IS NOT NULL THEN
            -- every call refused with the expected code; the RLS helper resolves to nothing
            IF EXISTS (SELECT FROM unnest(h_state || item_state) AS x WHERE x IS DISTINCT FROM hostile)
               OR resolved IS NOT NULL THEN
                INSERT INTO prop_failure VALUES (ci, 'hostile',
                    format('caller %s as %s, headers %s: get_list/count %s, get_item %s, caller_project_id %s; expected %s',
                           c.label, runner, regexp_replace(hdr, 'icl_[0-9a-f]+', 'icl_…'), h_state, item_state, resolved, hostile));
            END IF;
            UPDATE prop_run SET items_own = 0, items_foreign = 0 WHERE prop_run.combo = ci;
            CONTINUE;
        END IF;

        IF resolved IS DISTINCT FROM c.project_id THEN
            INSERT INTO prop_failure VALUES (ci, 'resolve',
                format('caller %s resolved to %s, expected %s', c.label, resolved, c.project_id));
        END IF;

        -- (1) every returned row is the caller's, whatever was selected
        SELECT count(*) INTO bad
        FROM json_array_elements(lr.data) AS e
        WHERE NOT EXISTS (SELECT FROM incoming_call_log.call_log l
                          WHERE l.id = (e ->> '_id')::uuid AND l.project_id = c.project_id)
           OR coalesce((e ->> 'projectId')::uuid, c.project_id) <> c.project_id
           OR coalesce((e -> 'project' ->> '_id')::uuid, c.project_id) <> c.project_id
           OR coalesce((e -> 'incomingCallPolicy' ->> 'projectId')::uuid, c.project_id) <> c.project_id;
        IF bad > 0 THEN
            INSERT INTO prop_failure VALUES (ci, 'rows',
                format('%s rows not of %s (caller %s) | select %s | query %s | data %s',
                       bad, c.project_id, c.label, sel_text, q_text, left(lr.data::text, 400)));
        END IF;

        -- (2) counts
        IF lr.count IS DISTINCT FROM expected THEN
            INSERT INTO prop_failure VALUES (ci, 'list_count',
                format('get_list count %s, expected %s | caller %s | query %s | sql %s', lr.count, expected, c.label, q_text, pred));
        END IF;
        IF cnt IS DISTINCT FROM expected THEN
            INSERT INTO prop_failure VALUES (ci, 'count',
                format('count() %s, expected %s | caller %s | query %s | sql %s', cnt, expected, c.label, q_text, pred));
        END IF;

        -- the page: the expected slice of the expected order; limit/skip echoed
        EXECUTE format('SELECT ARRAY(SELECT id FROM incoming_call_log.call_log WHERE project_id = $1 AND (%s)
                                     ORDER BY %s OFFSET $2 LIMIT $3)', pred, array_to_string(order_sql, ', '))
            INTO exp_page USING c.project_id, coalesce(skip_in, 0), coalesce(limit_in, 10);
        got_page := ARRAY(SELECT (e ->> '_id')::uuid FROM json_array_elements(lr.data) WITH ORDINALITY AS x(e, o) ORDER BY o);
        IF got_page IS DISTINCT FROM exp_page THEN
            INSERT INTO prop_failure VALUES (ci, 'page',
                format('caller %s | query %s | sort %s | skip %s | limit %s | got %s | expected %s',
                       c.label, q_text, sort_text, skip_in, limit_in, got_page, exp_page));
        END IF;
        IF lr."limit" IS DISTINCT FROM coalesce(limit_in, 10) OR lr.skip IS DISTINCT FROM coalesce(skip_in, 0) THEN
            INSERT INTO prop_failure VALUES (ci, 'echo',
                format('limit %s skip %s echoed as %s %s', limit_in, skip_in, lr."limit", lr.skip));
        END IF;

        -- (3) get_item: the caller's own ids only, anything else PT404
        n_own := 0; n_foreign := 0;
        FOR i IN 1 .. cardinality(item_ids) LOOP
            own := EXISTS (SELECT FROM incoming_call_log.call_log WHERE id = item_ids[i] AND project_id = c.project_id);
            IF own THEN
                n_own := n_own + 1;
                IF item_state[i] <> 'ok'
                   OR (item_out[i]::json ->> '_id') IS DISTINCT FROM item_ids[i]::text
                   OR coalesce((item_out[i]::json ->> 'projectId')::uuid, c.project_id) <> c.project_id
                   OR coalesce((item_out[i]::json -> 'project' ->> '_id')::uuid, c.project_id) <> c.project_id
                   OR coalesce((item_out[i]::json -> 'incomingCallPolicy' ->> 'projectId')::uuid, c.project_id) <> c.project_id THEN
                    INSERT INTO prop_failure VALUES (ci, 'item',
                        format('own id %s (caller %s, select %s): %s %s', item_txt[i], c.label, isel_text, item_state[i], item_out[i]));
                END IF;
            ELSE
                n_foreign := n_foreign + 1;
                IF item_state[i] <> 'PT404' THEN
                    INSERT INTO prop_failure VALUES (ci, 'item',
                        format('foreign id %s (caller %s): %s %s', item_txt[i], c.label, item_state[i], item_out[i]));
                END IF;
            END IF;
        END LOOP;
        UPDATE prop_run SET items_own = n_own, items_foreign = n_foreign WHERE prop_run.combo = ci;
    END LOOP;
END
$loop$;

-------------------------------------------------------------------------------
-- Assertions
-------------------------------------------------------------------------------

SELECT plan(19);

SELECT diag(format('combo %s, %s: %s', combo, what, detail))
FROM (SELECT * FROM prop_failure ORDER BY combo, what LIMIT 25) AS f;

SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'error'), 0::bigint,
          'no combination raised an error');
SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'resolve'), 0::bigint,
          'every caller resolves to its own project');
SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'rows'), 0::bigint,
          'every row get_list returns belongs to the caller''s project');
SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'list_count'), 0::bigint,
          'get_list count equals the caller''s matching rows, computed independently');
SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'count'), 0::bigint,
          'count() equals the caller''s matching rows, computed independently');
SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'page'), 0::bigint,
          'each page is the expected slice of the expected order');
SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'echo'), 0::bigint,
          'limit and skip are echoed');
SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'item'), 0::bigint,
          'get_item answers for the caller''s own ids only, PT404 for every other');
SELECT is((SELECT count(*) FROM prop_failure WHERE what = 'hostile'), 0::bigint,
          'a caller naming a project it may not read, or without a usable key, is refused by every call');
SELECT is((SELECT count(*) FROM prop_failure), 0::bigint, 'no failure of any kind');

-- the loop really ran, over everything it should have
SELECT is((SELECT count(*) FROM prop_run), :'combinations'::bigint,
          'every combination ran');
SELECT is((SELECT count(DISTINCT (kind, project_id)) FROM prop_run WHERE hostile IS NULL), 12::bigint,
          'both caller kinds were exercised on each of the six projects');
SELECT ok((SELECT count(DISTINCT runner) FROM prop_run WHERE kind = 'key' AND hostile IS NULL) = 2
          AND (SELECT count(DISTINCT project_id) FROM prop_run WHERE runner = 'icl_prop_multi' AND hostile IS NULL) = 2
          AND EXISTS (SELECT FROM prop_run WHERE runner = 'icl_prop_member' AND hostile IS NULL),
          'keys ran as the superuser and as a grant-less role; the inherited and two-project roles ran');
SELECT ok((SELECT count(*) FROM prop_run WHERE foreign_filter) >= 30
          AND (SELECT count(*) FROM prop_run WHERE foreign_ids) >= 30,
          'many filters named another project''s projectId or ids');
SELECT ok((SELECT sum(items_own) FROM prop_run) >= 300 AND (SELECT sum(items_foreign) FROM prop_run) >= 300,
          'get_item was tried on hundreds of own and foreign ids');
SELECT ok((SELECT count(*) FROM prop_run WHERE hostile = 'PT403' AND kind = 'key') >= 5
          AND (SELECT count(*) FROM prop_run WHERE hostile = 'PT403' AND kind = 'role') >= 5
          AND (SELECT count(*) FROM prop_run WHERE hostile = 'PT401') >= 3,
          'hostile headers were tried with keys and roles');
SELECT ok((SELECT count(*) FROM prop_run WHERE data_rows > 0) >= 100
          AND (SELECT count(*) FROM prop_run WHERE expected_count > 10) >= 50
          AND (SELECT count(*) FROM prop_run WHERE expected_count = 0) >= 20,
          'results were varied: many non-empty pages, large and empty counts');
SELECT ok((SELECT count(DISTINCT query) FROM prop_run) >= 250,
          'the queries were varied');
SELECT is(current_user::text, session_user::text, 'the role was reset after the loop');

SELECT * FROM finish();
ROLLBACK;
