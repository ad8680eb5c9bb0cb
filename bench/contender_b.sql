-- bench/contender_b.sql — the row-level security contender (b) reads under.
--
--   psql -v policies=pgrst|readers -f bench/contender_b.sql     (bench/run: BENCH_B_POLICIES)
--
-- (b) is what a user would deploy instead of the extension: PostgREST over
-- the tables, its role's rows scoped to one project by row-level security.
-- It uses the extension's own reader policies, which are exactly that:
-- call_log_reader is project_id = (SELECT caller_project_id()), the caller
-- resolved from the API key in request.headers once per statement (an
-- InitPlan, so the (project_id, ...) indexes serve it); project_reader and
-- call_policy_reader likewise.  Two changes, in the benchmark's throwaway
-- database only, and only for what bench_rls sees — the extension's calls (a)
-- do not read through row-level security, the floor (c) is BYPASSRLS:
--
-- 1. (policies=pgrst and readers)  If the installed extension has *_writer
--    policies FOR ALL TO PUBLIC (0.2.0 had them until main's 5200f23 made
--    them TO the writer roles), PostgreSQL ORs them with the reader policies:
--    for every reader the call_log qual becomes "($writer OR project_id =
--    $project)", which no index can serve, so every read by a non-writer
--    scans all projects' rows (EXPLAIN as bench_rls shows a Seq Scan).  A
--    PostgREST deployment would not have that second policy, so each such
--    permissive policy for PUBLIC that calls caller_is_writer() is narrowed
--    to a role nobody holds (bench_no_writer).  Policies already limited to
--    some roles are left alone.
-- 2. (policies=pgrst, the default)  app_user_reader lets a reader see a user
--    only if EXISTS a call of the reader's project that the user answered: a
--    per-user search of call_log, run for every embedded answeredByUser (over
--    10 ms per user on the large project: a BitmapAnd of the user's and the
--    project's index entries).  Users are a global table here, as in
--    OneUptime; a PostgREST deployment would let the API role read it, and the
--    benchmarked requests reach users only through their own project's calls,
--    so the answers are the same.  bench_rls gets a policy USING (true) on
--    app_user, which PostgreSQL ORs with app_user_reader and folds to true.
--    With policies=readers, app_user_reader stays in force for bench_rls.
-- bench/run leaves everything as installed with BENCH_B_POLICIES=installed.

\set ON_ERROR_STOP on
\if :{?policies} \else \set policies pgrst \endif
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
          AND 'public' = ANY (p.roles)
          AND (coalesce(p.qual, '') || coalesce(p.with_check, '')) LIKE '%caller_is_writer%'
    LOOP
        EXECUTE format('ALTER POLICY %I ON %I.%I TO bench_no_writer', pol.policyname, pol.schemaname, pol.tablename);
        INSERT INTO bench.narrowed_policy VALUES (pol.tablename, pol.policyname, array_to_string(pol.roles, ','));
    END LOOP;
END
$$;
GRANT SELECT ON bench.narrowed_policy TO PUBLIC;

SELECT :'policies' = 'pgrst' AS open_users \gset
\if :open_users
CREATE POLICY bench_rls_reads_users ON incoming_call_log.app_user FOR SELECT TO bench_rls USING (true);
INSERT INTO bench.narrowed_policy VALUES ('app_user', 'bench_rls_reads_users (added: USING (true) for bench_rls)', 'bench_rls');
\endif
