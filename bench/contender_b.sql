-- bench/contender_b.sql — the row-level security contender (b) reads under.
--
-- (b) is what a user would deploy instead of the extension: PostgREST over
-- the tables, one policy per table scoping the rows to the caller's project.
-- The extension's own reader policies are exactly that (call_log_reader:
-- project_id = (SELECT caller_project_id()), the caller resolved from the API
-- key in request.headers, once per statement as an InitPlan; likewise
-- project_reader, call_policy_reader, app_user_reader), so (b) uses them.
--
-- But the extension also ships *_writer policies FOR ALL TO PUBLIC, and
-- PostgreSQL ORs permissive policies: for every reader the call_log qual
-- becomes "($writer OR project_id = $project)", which no index can serve, so
-- every read of a non-writer scans the whole table (a plain
-- EXPLAIN as bench_rls shows a Seq Scan over all projects).  A user writing
-- their own PostgREST deployment would not have that second policy, so here,
-- in the benchmark's throwaway database only, each permissive policy that
-- calls caller_is_writer() is narrowed to a role nobody holds
-- (bench_no_writer).  The extension's calls (a) do not read through
-- row-level security and are unaffected; so is the floor (c), BYPASSRLS.
-- bench/run leaves the policies as installed with BENCH_B_POLICIES=installed.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_no_writer') THEN
        CREATE ROLE bench_no_writer NOLOGIN;
    END IF;
END
$$;

CREATE TABLE bench.narrowed_policy (tablename text, policyname text, was_for text);

DO $$
DECLARE
    pol record;
BEGIN
    FOR pol IN
        SELECT p.schemaname, p.tablename, p.policyname, p.roles
        FROM pg_policies p
        WHERE p.schemaname = 'incoming_call_log'
          AND p.tablename IN ('call_log', 'project', 'call_policy', 'app_user')
          AND p.permissive = 'PERMISSIVE'
          AND (coalesce(p.qual, '') || coalesce(p.with_check, '')) LIKE '%caller_is_writer%'
    LOOP
        EXECUTE format('ALTER POLICY %I ON %I.%I TO bench_no_writer', pol.policyname, pol.schemaname, pol.tablename);
        INSERT INTO bench.narrowed_policy VALUES (pol.tablename, pol.policyname, array_to_string(pol.roles, ','));
    END LOOP;
END
$$;
GRANT SELECT ON bench.narrowed_policy TO PUBLIC;
