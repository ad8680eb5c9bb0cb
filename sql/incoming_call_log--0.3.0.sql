/*
 * incoming_call_log 0.3.0 — install script.
 *
 * Declares what the C module serves: the tables of OneUptime's Incoming Call
 * Log resource with their rules, the result types, the SQL signatures of the
 * C functions, row-level security and privileges.  The API's logic (parsing,
 * SQL generation, caller resolution, JSON output) lives in src/.
 *
 * The API lives in schema incoming_call_log (the control file pins it): the
 * tables, the three calls and their CSV forms, and the management functions.
 * Helpers that rules, triggers and row-level-security policies call live in
 * schema incoming_call_log_internal, which no gateway exposes (pg_graphql's
 * split of graphql and graphql_public is the precedent): a gateway pointed at
 * incoming_call_log shows an API role exactly the calls it may execute.
 */

\echo Use "CREATE EXTENSION incoming_call_log" to load this file. \quit

-------------------------------------------------------------------------------
-- The install precondition (PostgreSQL's "Security Considerations for
-- Extensions", CVE-2023-39417).  The control file names the schema, and
-- CREATE EXTENSION installs into it if it already exists, whoever owns it.
-- Its owner could then rename it away and put look-alike objects under the
-- names the C module reads with the extension owner's rights.  So the
-- schema must be new (CREATE EXTENSION just made it, owned by the installing
-- role) or owned by the installing role or a superuser; anything else stops
-- here, before any object is created.  Every name below is qualified: this
-- runs with the schema first in search_path.
-------------------------------------------------------------------------------

DO $icl_guard$
DECLARE
    schema_owner oid;
BEGIN
    SELECT n.nspowner INTO schema_owner
      FROM pg_catalog.pg_namespace n
     WHERE n.nspname OPERATOR(pg_catalog.=) 'incoming_call_log';
    IF schema_owner IS NOT NULL
       AND schema_owner OPERATOR(pg_catalog.<>) (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER)
       AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) schema_owner)
    THEN
        RAISE EXCEPTION 'schema incoming_call_log is owned by role %, not by the installing role or a superuser',
              pg_catalog.quote_ident((SELECT r.rolname::text FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) schema_owner))
            USING ERRCODE = '42501',
                  DETAIL = 'The owner of the schema could replace the extension''s objects and run code with the installing role''s rights.',
                  HINT = 'Drop the schema, or make the installing role its owner (ALTER SCHEMA incoming_call_log OWNER TO CURRENT_USER), after checking what it holds.';
    END IF;
END
$icl_guard$;

CREATE SCHEMA incoming_call_log_internal;

COMMENT ON SCHEMA incoming_call_log_internal IS
'incoming_call_log''s internal helpers (rules, triggers, row-level-security functions); not an API, never exposed by a gateway';

-------------------------------------------------------------------------------
-- Rules shared by several tables
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log_internal.is_valid_phone(phone text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_is_valid_phone'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION incoming_call_log_internal.is_valid_phone(text) IS
'true when the text is an E.164-like phone number: an optional "+", then 7 to 15 digits, the first not 0';

CREATE DOMAIN incoming_call_log.phone_number AS text
    CONSTRAINT phone_number_format CHECK (incoming_call_log_internal.is_valid_phone(VALUE));

COMMENT ON DOMAIN incoming_call_log.phone_number IS
'E.164-like phone number: an optional "+", then 7 to 15 digits, the first not 0 (no spaces or punctuation)';

CREATE FUNCTION incoming_call_log_internal.permissions_are_known(permissions text[])
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_permissions_are_known'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION incoming_call_log_internal.permissions_are_known(text[]) IS
'true when every element is one of the five read permission names (ProjectOwner, ProjectAdmin, ProjectMember, ReadProjectIncomingCallLog, ReadAllProjectResources) and none is null';

CREATE FUNCTION incoming_call_log_internal.maintain_updated_at()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_maintain_updated_at'
LANGUAGE C;

COMMENT ON FUNCTION incoming_call_log_internal.maintain_updated_at() IS
'BEFORE UPDATE row trigger: sets updated_at to now() unless the UPDATE itself assigns updated_at';

-------------------------------------------------------------------------------
-- Data
-------------------------------------------------------------------------------

CREATE TABLE incoming_call_log.project (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_pkey PRIMARY KEY (id),
    CONSTRAINT project_created_at_finite CHECK (isfinite(created_at)),
    CONSTRAINT project_updated_at_finite CHECK (isfinite(updated_at))
);

COMMENT ON TABLE incoming_call_log.project IS 'OneUptime project: the tenant every call log, policy and API key belongs to';

CREATE TABLE incoming_call_log.app_user (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    name        text,
    email       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_user_pkey PRIMARY KEY (id),
    CONSTRAINT app_user_email_format CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    CONSTRAINT app_user_created_at_finite CHECK (isfinite(created_at)),
    CONSTRAINT app_user_updated_at_finite CHECK (isfinite(updated_at))
);

COMMENT ON TABLE incoming_call_log.app_user IS 'OneUptime user; a call log may name the user who answered';

CREATE TABLE incoming_call_log.call_policy (
    id                    uuid        NOT NULL DEFAULT gen_random_uuid(),
    project_id            uuid        NOT NULL,
    name                  text        NOT NULL,
    routing_phone_number  incoming_call_log.phone_number,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT call_policy_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT call_policy_project_fkey FOREIGN KEY (project_id)
        REFERENCES incoming_call_log.project (id) ON DELETE CASCADE,
    CONSTRAINT call_policy_created_at_finite CHECK (isfinite(created_at)),
    CONSTRAINT call_policy_updated_at_finite CHECK (isfinite(updated_at))
);

COMMENT ON TABLE incoming_call_log.call_policy IS 'Incoming call policy: the routing number a call reaches, in one project';

CREATE TABLE incoming_call_log.call_log (
    id                               uuid        NOT NULL DEFAULT gen_random_uuid(),
    created_at                       timestamptz NOT NULL DEFAULT now(),
    updated_at                       timestamptz NOT NULL DEFAULT now(),
    project_id                       uuid        NOT NULL,
    incoming_call_policy_id          uuid        NOT NULL,
    caller_phone_number              incoming_call_log.phone_number,
    routing_phone_number             incoming_call_log.phone_number,
    call_provider_call_id            text,
    status                           text        NOT NULL DEFAULT 'Initiated',
    status_message                   text,
    call_duration_in_seconds         integer     NOT NULL DEFAULT 0,
    call_cost_in_usd_cents           integer     NOT NULL DEFAULT 0,
    incoming_call_cost_in_usd_cents  integer     NOT NULL DEFAULT 0,
    outgoing_call_cost_in_usd_cents  integer     NOT NULL DEFAULT 0,
    started_at                       timestamptz,
    ended_at                         timestamptz,
    answered_by_user_id              uuid,
    current_escalation_rule_order    integer     NOT NULL DEFAULT 1,
    repeat_count                     integer     NOT NULL DEFAULT 0,
    CONSTRAINT call_log_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT call_log_project_fkey FOREIGN KEY (project_id)
        REFERENCES incoming_call_log.project (id) ON DELETE CASCADE,
    CONSTRAINT call_log_policy_of_same_project_fkey FOREIGN KEY (project_id, incoming_call_policy_id)
        REFERENCES incoming_call_log.call_policy (project_id, id) ON DELETE CASCADE,
    CONSTRAINT call_log_answered_by_user_fkey FOREIGN KEY (answered_by_user_id)
        REFERENCES incoming_call_log.app_user (id) ON DELETE SET NULL,
    CONSTRAINT call_log_status_valid CHECK (status IN ('Initiated', 'Ringing', 'Connected', 'Escalated',
        'NoAnswer', 'Failed', 'Completed', 'CallerHungUp', 'Busy')),
    CONSTRAINT call_log_call_provider_call_id_length CHECK (char_length(call_provider_call_id) <= 100),
    CONSTRAINT call_log_call_duration_in_seconds_non_negative CHECK (call_duration_in_seconds >= 0),
    CONSTRAINT call_log_call_cost_in_usd_cents_non_negative CHECK (call_cost_in_usd_cents >= 0),
    CONSTRAINT call_log_incoming_call_cost_in_usd_cents_non_negative CHECK (incoming_call_cost_in_usd_cents >= 0),
    CONSTRAINT call_log_outgoing_call_cost_in_usd_cents_non_negative CHECK (outgoing_call_cost_in_usd_cents >= 0),
    CONSTRAINT call_log_current_escalation_rule_order_positive CHECK (current_escalation_rule_order >= 1),
    CONSTRAINT call_log_repeat_count_non_negative CHECK (repeat_count >= 0),
    CONSTRAINT call_log_ended_not_before_started CHECK (ended_at >= started_at),
    CONSTRAINT call_log_created_at_finite CHECK (isfinite(created_at)),
    CONSTRAINT call_log_updated_at_finite CHECK (isfinite(updated_at)),
    CONSTRAINT call_log_started_at_finite CHECK (isfinite(started_at)),
    CONSTRAINT call_log_ended_at_finite CHECK (isfinite(ended_at))
);

COMMENT ON TABLE incoming_call_log.call_log IS
'Incoming Call Log: the parent log of each call that reaches an incoming-call policy''s routing number';

-- The default sort (createdAt DESC, ties by _id) within one project.
CREATE INDEX call_log_project_created_at_idx
    ON incoming_call_log.call_log (project_id, created_at DESC, id);
-- Common filters within one project, each still ordered for the default sort.
CREATE INDEX call_log_project_status_idx
    ON incoming_call_log.call_log (project_id, status, created_at DESC, id);
CREATE INDEX call_log_project_policy_idx
    ON incoming_call_log.call_log (project_id, incoming_call_policy_id, created_at DESC, id);
-- Date ranges; status is carried so that a count by status over a range
-- (how many calls completed in March) is an index-only scan.
CREATE INDEX call_log_project_started_at_idx
    ON incoming_call_log.call_log (project_id, started_at, status);
CREATE INDEX call_log_project_call_provider_call_id_idx
    ON incoming_call_log.call_log (project_id, call_provider_call_id);
-- The exact count of a status (get_list's total, count): an index-only scan
-- of this narrow index reads about half the bytes of the list index above.
CREATE INDEX call_log_project_status_count_idx
    ON incoming_call_log.call_log (project_id, status);
-- Serves ON DELETE SET NULL from app_user.
CREATE INDEX call_log_answered_by_user_idx
    ON incoming_call_log.call_log (answered_by_user_id) WHERE answered_by_user_id IS NOT NULL;

-------------------------------------------------------------------------------
-- Who may read: API keys, SQL roles' per-project access, capabilities
-------------------------------------------------------------------------------

CREATE TABLE incoming_call_log.api_key (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    project_id   uuid        NOT NULL,
    name         text,
    key_hash     bytea       NOT NULL,
    permissions  text[]      NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT api_key_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT api_key_hash_unique UNIQUE (key_hash),
    CONSTRAINT api_key_project_fkey FOREIGN KEY (project_id)
        REFERENCES incoming_call_log.project (id) ON DELETE CASCADE,
    CONSTRAINT api_key_hash_is_sha256 CHECK (octet_length(key_hash) = 32),
    CONSTRAINT api_key_permissions_known CHECK (incoming_call_log_internal.permissions_are_known(permissions)),
    CONSTRAINT api_key_created_at_finite CHECK (isfinite(created_at)),
    CONSTRAINT api_key_updated_at_finite CHECK (isfinite(updated_at))
);

COMMENT ON TABLE incoming_call_log.api_key IS
'API keys: only the SHA-256 of each secret is stored; a key is live while revoked_at is null and expires_at is in the future';

CREATE TABLE incoming_call_log.access_grant (
    project_id   uuid        NOT NULL,
    role         regrole     NOT NULL,
    permissions  text[]      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT access_grant_pkey PRIMARY KEY (project_id, role),
    CONSTRAINT access_grant_project_fkey FOREIGN KEY (project_id)
        REFERENCES incoming_call_log.project (id) ON DELETE CASCADE,
    CONSTRAINT access_grant_permissions_known CHECK (incoming_call_log_internal.permissions_are_known(permissions)),
    CONSTRAINT access_grant_created_at_finite CHECK (isfinite(created_at)),
    CONSTRAINT access_grant_updated_at_finite CHECK (isfinite(updated_at))
);

CREATE INDEX access_grant_role_idx ON incoming_call_log.access_grant (role);

COMMENT ON TABLE incoming_call_log.access_grant IS
'Per-project permissions held by a database role (and, through membership, by the roles that inherit it); managed with grant_access / revoke_access';

CREATE TABLE incoming_call_log.role_capability (
    role        regrole     NOT NULL,
    capability  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT role_capability_pkey PRIMARY KEY (role, capability),
    CONSTRAINT role_capability_known CHECK (capability IN ('admin', 'writer')),
    CONSTRAINT role_capability_created_at_finite CHECK (isfinite(created_at)),
    CONSTRAINT role_capability_updated_at_finite CHECK (isfinite(updated_at))
);

COMMENT ON TABLE incoming_call_log.role_capability IS
'Cluster roles holding the admin capability (read any project named in tenantid) or the writer capability (telephony side); managed with grant_admin / grant_writer';

CREATE TRIGGER project_updated_at BEFORE UPDATE ON incoming_call_log.project
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.maintain_updated_at();
CREATE TRIGGER app_user_updated_at BEFORE UPDATE ON incoming_call_log.app_user
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.maintain_updated_at();
CREATE TRIGGER call_policy_updated_at BEFORE UPDATE ON incoming_call_log.call_policy
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.maintain_updated_at();
CREATE TRIGGER call_log_updated_at BEFORE UPDATE ON incoming_call_log.call_log
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.maintain_updated_at();
CREATE TRIGGER api_key_updated_at BEFORE UPDATE ON incoming_call_log.api_key
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.maintain_updated_at();
CREATE TRIGGER access_grant_updated_at BEFORE UPDATE ON incoming_call_log.access_grant
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.maintain_updated_at();
CREATE TRIGGER role_capability_updated_at BEFORE UPDATE ON incoming_call_log.role_capability
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.maintain_updated_at();

CREATE FUNCTION incoming_call_log_internal.api_key_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_api_key_changed'
LANGUAGE C;

COMMENT ON FUNCTION incoming_call_log_internal.api_key_changed() IS
'AFTER trigger on api_key: every backend''s cache of API keys is emptied when the change commits (also on standbys)';

-- Row triggers, because logical replication's apply fires only those; ALWAYS,
-- so that it fires them.  TRUNCATE has only a statement trigger.
CREATE TRIGGER api_key_changed
    AFTER INSERT OR UPDATE OR DELETE ON incoming_call_log.api_key
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.api_key_changed();
CREATE TRIGGER api_key_truncated
    AFTER TRUNCATE ON incoming_call_log.api_key
    FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.api_key_changed();
ALTER TABLE incoming_call_log.api_key ENABLE ALWAYS TRIGGER api_key_changed;
ALTER TABLE incoming_call_log.api_key ENABLE ALWAYS TRIGGER api_key_truncated;

-- pg_dump keeps the rows of every table (the extension creates them empty).
-- Grants and capabilities of dropped roles are left out: a dump shows such a
-- role as a bare oid, which another cluster may have given to someone else.
SELECT pg_catalog.pg_extension_config_dump('incoming_call_log.project', '');
SELECT pg_catalog.pg_extension_config_dump('incoming_call_log.app_user', '');
SELECT pg_catalog.pg_extension_config_dump('incoming_call_log.call_policy', '');
SELECT pg_catalog.pg_extension_config_dump('incoming_call_log.call_log', '');
SELECT pg_catalog.pg_extension_config_dump('incoming_call_log.api_key', '');
SELECT pg_catalog.pg_extension_config_dump('incoming_call_log.access_grant',
    'WHERE EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.oid = role)');
SELECT pg_catalog.pg_extension_config_dump('incoming_call_log.role_capability',
    'WHERE EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.oid = role)');

-------------------------------------------------------------------------------
-- The API: list, get item, count.  SECURITY INVOKER on purpose: the C code
-- notes current_user (the caller) and then reads with the extension owner's
-- rights itself (src/api_call.c says why SECURITY DEFINER would be unsafe).
-- They do not pin search_path: every operator, function and type in their
-- statements is schema-qualified (src/sql_names.h), so the caller's
-- search_path cannot reach them, and the call saves a GUC nest level.
-------------------------------------------------------------------------------

CREATE TYPE incoming_call_log.list_result AS (
    count    bigint,
    "limit"  integer,
    skip     integer,
    data     json
);

COMMENT ON TYPE incoming_call_log.list_result IS
'get_list response: {"count": total rows matching query, "limit", "skip", "data": [projected objects]}';

CREATE TYPE incoming_call_log.count_result AS (
    count  bigint
);

COMMENT ON TYPE incoming_call_log.count_result IS 'count response: {"count": N}';

CREATE FUNCTION incoming_call_log.get_list(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    sort      json    DEFAULT NULL,
    skip      integer DEFAULT NULL,
    "limit"   integer DEFAULT NULL)
RETURNS incoming_call_log.list_result
AS 'MODULE_PATHNAME', 'icl_get_list'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer) IS
'List call logs of the caller''s project: select projection, query filters, sort, skip (default 0), limit (1-100, default 10)';

CREATE FUNCTION incoming_call_log.get_item(
    id        text,
    "select"  json DEFAULT NULL)
RETURNS json
AS 'MODULE_PATHNAME', 'icl_get_item'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_item(text, json) IS
'One call log of the caller''s project by _id, projected by select; PT404 when the caller cannot see it';

CREATE FUNCTION incoming_call_log.count(
    query  json DEFAULT NULL)
RETURNS incoming_call_log.count_result
AS 'MODULE_PATHNAME', 'icl_count'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.count(json) IS
'Number of call logs of the caller''s project matching query';

-------------------------------------------------------------------------------
-- CSV forms of the three calls (SPEC §6): the same arguments, caller checks,
-- semantics and errors, the answer as CSV.  The domain's name is the media
-- type: PostgREST 12 and later serve a function returning it, for a request
-- with "Accept: text/csv", as Content-Type: text/csv.
-------------------------------------------------------------------------------

CREATE DOMAIN incoming_call_log."text/csv" AS text;

COMMENT ON DOMAIN incoming_call_log."text/csv" IS
'CSV text: a header line, then one line per object, RFC 4180 quoting, LF after every line; PostgREST 12+ serves a function returning this domain as text/csv';

CREATE FUNCTION incoming_call_log.get_list_csv(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    sort      json    DEFAULT NULL,
    skip      integer DEFAULT NULL,
    "limit"   integer DEFAULT NULL)
RETURNS incoming_call_log."text/csv"
AS 'MODULE_PATHNAME', 'icl_get_list_csv'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_list_csv(json, json, json, integer, integer) IS
'get_list as CSV: the page''s rows under a header line; sets response.headers to [{"Content-Range": "FIRST-LAST/COUNT"}]';

CREATE FUNCTION incoming_call_log.get_item_csv(
    id        text,
    "select"  json DEFAULT NULL)
RETURNS incoming_call_log."text/csv"
AS 'MODULE_PATHNAME', 'icl_get_item_csv'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_item_csv(text, json) IS
'get_item as CSV: a header line and one line';

CREATE FUNCTION incoming_call_log.count_csv(
    query  json DEFAULT NULL)
RETURNS incoming_call_log."text/csv"
AS 'MODULE_PATHNAME', 'icl_count_csv'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.count_csv(json) IS
'count as CSV: the header "count" and the number';

-------------------------------------------------------------------------------
-- For DBAs: what a call does with a request.  The call's own arguments
-- (plus analyze), the same caller checks, the same statement and plan;
-- returns the caller, how the shape is planned, the statement, its
-- parameters and EXPLAIN's text (ANALYZE and BUFFERS with "analyze" => true,
-- which runs it read-only).  Not executable by PUBLIC.
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log.explain_list(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    sort      json    DEFAULT NULL,
    skip      integer DEFAULT NULL,
    "limit"   integer DEFAULT NULL,
    "analyze" boolean DEFAULT false)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'icl_explain_list'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.explain_list(json, json, json, integer, integer, boolean) IS
'For DBAs: the statement and plan get_list runs for this request and caller (EXPLAIN ANALYZE with "analyze" => true)';

CREATE FUNCTION incoming_call_log.explain_item(
    id        text,
    "select"  json    DEFAULT NULL,
    "analyze" boolean DEFAULT false)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'icl_explain_item'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.explain_item(text, json, boolean) IS
'For DBAs: the statement and plan get_item runs for this request and caller (EXPLAIN ANALYZE with "analyze" => true)';

CREATE FUNCTION incoming_call_log.explain_count(
    query     json    DEFAULT NULL,
    "analyze" boolean DEFAULT false)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'icl_explain_count'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.explain_count(json, boolean) IS
'For DBAs: the statement and plan count runs for this request and caller (EXPLAIN ANALYZE with "analyze" => true)';

-------------------------------------------------------------------------------
-- Key and access management
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log.create_api_key(
    project_id   uuid,
    permissions  text[],
    expires_at   timestamptz DEFAULT now() + interval '1 year',
    name         text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'icl_create_api_key'
LANGUAGE C VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.create_api_key(uuid, text[], timestamptz, text) IS
'Create an API key for a project and return its secret (shown once; only its SHA-256 is stored)';

CREATE FUNCTION incoming_call_log.revoke_api_key(key text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_revoke_api_key'
LANGUAGE C VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.revoke_api_key(text) IS
'Revoke a key at once; true when this call revoked a live or expired key, false for an unknown or already revoked key';

CREATE FUNCTION incoming_call_log.grant_access(role regrole, project_id uuid, permissions text[])
RETURNS void
AS 'MODULE_PATHNAME', 'icl_grant_access'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.grant_access(regrole, uuid, text[]) IS
'Give a database role these permissions on a project (replacing what it held there); allowed to the extension owner, superusers, and roles holding ProjectOwner or ProjectAdmin on the project; not executable by PUBLIC: the DBA grants EXECUTE to the roles that manage projects';

CREATE FUNCTION incoming_call_log.revoke_access(role regrole, project_id uuid)
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_revoke_access'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.revoke_access(regrole, uuid) IS
'Remove a database role''s access to a project; true when it had some; same authority as grant_access';

CREATE FUNCTION incoming_call_log.grant_admin(role regrole)
RETURNS void
AS 'MODULE_PATHNAME', 'icl_grant_admin'
LANGUAGE C VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.grant_admin(regrole) IS
'Admin capability: the role (and its members) may read any project by naming it in the tenantid header';

CREATE FUNCTION incoming_call_log.revoke_admin(role regrole)
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_revoke_admin'
LANGUAGE C VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.revoke_admin(regrole) IS 'Remove the admin capability; true when the role held it';

CREATE FUNCTION incoming_call_log.grant_writer(role regrole)
RETURNS void
AS 'MODULE_PATHNAME', 'icl_grant_writer'
LANGUAGE C VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.grant_writer(regrole) IS
'Writer capability (telephony side): insert and update call logs, maintain projects, users and policies; no access to API keys or grants';

CREATE FUNCTION incoming_call_log.revoke_writer(role regrole)
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_revoke_writer'
LANGUAGE C VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.revoke_writer(regrole) IS
'Remove the writer capability and the table privileges grant_writer gave; true when the role held it';

-------------------------------------------------------------------------------
-- Row-level security: a role that reaches a table directly sees what the
-- three calls would let it see, resolved by the same C code.  The writer
-- policies apply TO the writer roles only (role_capability's writers; the
-- extension owner while there is none), kept so by a trigger on
-- role_capability: PostgreSQL ORs the permissive policies that apply to a
-- role, and a reader's "project_id = caller's project" OR'ed with "caller is
-- a writer" is a condition no index serves, so a reader would scan every
-- project's rows.
-------------------------------------------------------------------------------

CREATE FUNCTION incoming_call_log_internal.caller_project_id()
RETURNS uuid
AS 'MODULE_PATHNAME', 'icl_caller_project_id'
LANGUAGE C STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log_internal.caller_project_id() IS
'The project the current caller (API key in request.headers, or current_user with tenantid) may read, or null; used by row-level security policies';

CREATE FUNCTION incoming_call_log_internal.caller_is_writer()
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_caller_is_writer'
LANGUAGE C STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log_internal.caller_is_writer() IS
'true when current_user holds the writer capability (directly or through membership); used by row-level security policies';

ALTER TABLE incoming_call_log.project         ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log.app_user        ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log.call_policy     ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log.call_log        ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log.api_key         ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log.access_grant    ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_call_log.role_capability ENABLE ROW LEVEL SECURITY;

CREATE POLICY call_log_reader ON incoming_call_log.call_log FOR SELECT
    USING (project_id = (SELECT incoming_call_log_internal.caller_project_id()));
CREATE POLICY call_log_writer ON incoming_call_log.call_log FOR ALL TO CURRENT_USER
    USING ((SELECT incoming_call_log_internal.caller_is_writer()))
    WITH CHECK ((SELECT incoming_call_log_internal.caller_is_writer()));

CREATE POLICY project_reader ON incoming_call_log.project FOR SELECT
    USING (id = (SELECT incoming_call_log_internal.caller_project_id()));
CREATE POLICY project_writer ON incoming_call_log.project FOR ALL TO CURRENT_USER
    USING ((SELECT incoming_call_log_internal.caller_is_writer()))
    WITH CHECK ((SELECT incoming_call_log_internal.caller_is_writer()));

CREATE POLICY call_policy_reader ON incoming_call_log.call_policy FOR SELECT
    USING (project_id = (SELECT incoming_call_log_internal.caller_project_id()));
CREATE POLICY call_policy_writer ON incoming_call_log.call_policy FOR ALL TO CURRENT_USER
    USING ((SELECT incoming_call_log_internal.caller_is_writer()))
    WITH CHECK ((SELECT incoming_call_log_internal.caller_is_writer()));

-- A reader sees the users who answered its own project's calls.
CREATE POLICY app_user_reader ON incoming_call_log.app_user FOR SELECT
    USING (EXISTS (SELECT 1 FROM incoming_call_log.call_log l
                   WHERE l.answered_by_user_id = app_user.id
                     AND l.project_id = (SELECT incoming_call_log_internal.caller_project_id())));
CREATE POLICY app_user_writer ON incoming_call_log.app_user FOR ALL TO CURRENT_USER
    USING ((SELECT incoming_call_log_internal.caller_is_writer()))
    WITH CHECK ((SELECT incoming_call_log_internal.caller_is_writer()));

-- api_key, access_grant and role_capability have no policy: only the
-- extension owner (and superusers) can see their rows.

CREATE FUNCTION incoming_call_log_internal.sync_writer_policies()
RETURNS void
AS 'MODULE_PATHNAME', 'icl_sync_writer_policies'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log_internal.sync_writer_policies() IS
'Apply the writer policies of project, app_user, call_policy and call_log TO exactly the roles holding the writer capability (the extension owner when none does)';

CREATE FUNCTION incoming_call_log_internal.writers_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_writers_changed'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log_internal.writers_changed() IS
'AFTER trigger on role_capability: the writer policies follow the writer capability (grant_writer, revoke_writer, a restored dump, a replicated change)';

CREATE TRIGGER role_capability_changed
    AFTER INSERT OR UPDATE OR DELETE ON incoming_call_log.role_capability
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.writers_changed();
CREATE TRIGGER role_capability_truncated
    AFTER TRUNCATE ON incoming_call_log.role_capability
    FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.writers_changed();
ALTER TABLE incoming_call_log.role_capability ENABLE ALWAYS TRIGGER role_capability_changed;
ALTER TABLE incoming_call_log.role_capability ENABLE ALWAYS TRIGGER role_capability_truncated;



-------------------------------------------------------------------------------
-- 0.3.0: the parts each feature adds (each section also in
-- incoming_call_log--0.2.0--0.3.0.sql).  PUBLIC loses EXECUTE on all of them
-- in "Privileges" below.
-------------------------------------------------------------------------------

-- == 0.3.0 security (issue 15) ==

-- == 0.3.0 first hour (issue 16) ==

-- DROP EXTENSION no longer deletes the call logs without a word
-- (doc/uninstall.md): while call_log has rows, an event trigger refuses
-- DROP EXTENSION incoming_call_log and DROP SCHEMA incoming_call_log CASCADE
-- unless the transaction first ran confirm_drop().
CREATE FUNCTION incoming_call_log.confirm_drop()
RETURNS text
AS 'MODULE_PATHNAME', 'icl_confirm_drop'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.confirm_drop() IS
'Allow DROP EXTENSION incoming_call_log until the end of this transaction, and say how many call logs, keys and projects it deletes';

CREATE FUNCTION incoming_call_log_internal.drop_guard()
RETURNS event_trigger
AS 'MODULE_PATHNAME', 'icl_drop_guard'
LANGUAGE C
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log_internal.drop_guard() IS
'Event trigger: refuse DROP EXTENSION incoming_call_log (or DROP SCHEMA incoming_call_log CASCADE) while call_log has rows, unless confirm_drop() ran in the transaction';

CREATE EVENT TRIGGER incoming_call_log_drop_guard ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA')
    EXECUTE FUNCTION incoming_call_log_internal.drop_guard();

COMMENT ON EVENT TRIGGER incoming_call_log_drop_guard IS
'Refuses to drop incoming_call_log while call_log has rows, unless incoming_call_log.confirm_drop() ran in the transaction (doc/uninstall.md)';

-- == 0.3.0 keys and access (issue 18) ==

-- == 0.3.0 cursors and changes (issue 19) ==

-- == 0.3.0 aggregates (issue 20) ==

-- == 0.3.0 following OneUptime (issue 17) ==

-- == 0.3.0 end of sections ==

-------------------------------------------------------------------------------
-- Privileges.  In schema incoming_call_log nothing is executable by PUBLIC:
-- a DBA grants the three calls and their CSV forms to API-facing roles, and
-- grant_access / revoke_access to the roles that manage projects.  In
-- incoming_call_log_internal (no USAGE for anyone: rules and policies call
-- its functions by oid) PUBLIC may execute what test/privileges.sql
-- explains: the phone rule (domain checks run it as whoever writes) and the
-- two row-level-security helpers (policies run them as whoever reads).
-------------------------------------------------------------------------------

REVOKE ALL ON SCHEMA incoming_call_log FROM PUBLIC;
REVOKE ALL ON SCHEMA incoming_call_log_internal FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA incoming_call_log FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA incoming_call_log FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA incoming_call_log_internal FROM PUBLIC;

GRANT EXECUTE ON FUNCTION incoming_call_log_internal.is_valid_phone(text) TO PUBLIC;
GRANT EXECUTE ON FUNCTION incoming_call_log_internal.caller_project_id() TO PUBLIC;
GRANT EXECUTE ON FUNCTION incoming_call_log_internal.caller_is_writer() TO PUBLIC;
