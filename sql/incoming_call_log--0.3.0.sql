/*
 * incoming_call_log 0.3.0 - install script.
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
    prefix       text,
    made_expires_at timestamptz,
    CONSTRAINT api_key_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT api_key_hash_unique UNIQUE (key_hash),
    CONSTRAINT api_key_project_fkey FOREIGN KEY (project_id)
        REFERENCES incoming_call_log.project (id) ON DELETE CASCADE,
    CONSTRAINT api_key_hash_is_sha256 CHECK (octet_length(key_hash) = 32),
    CONSTRAINT api_key_permissions_known CHECK (incoming_call_log_internal.permissions_are_known(permissions)),
    CONSTRAINT api_key_created_at_finite CHECK (isfinite(created_at)),
    CONSTRAINT api_key_updated_at_finite CHECK (isfinite(updated_at)),
    CONSTRAINT api_key_prefix_length CHECK (char_length(prefix) = 12)
);

COMMENT ON TABLE incoming_call_log.api_key IS
'API keys: only the SHA-256 of each secret is stored; a key is live while revoked_at is null and expires_at is in the future';

COMMENT ON COLUMN incoming_call_log.api_key.prefix IS
'The first 12 characters of the secret ("icl_" and 8 hex digits): names a key without being enough to use it; null for keys made before 0.3.0';

COMMENT ON COLUMN incoming_call_log.api_key.made_expires_at IS
'The expiry the key was made with: rotate_api_key makes the new key as long-lived, counted from now, even after a rotation shortened expires_at; null for keys made before 0.3.0 (expires_at is still theirs)';

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
-- CSV forms of the three calls (the CSV rules): the same arguments, caller checks,
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
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.create_api_key(uuid, text[], timestamptz, text) IS
'Create an API key for a project and return its secret (shown once; only its SHA-256 and its 12-character prefix are stored); allowed to the extension owner, superusers, and roles holding ProjectOwner or ProjectAdmin on the project (ProjectOwner for a key carrying ProjectOwner)';

CREATE FUNCTION incoming_call_log.revoke_api_key(key text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_revoke_api_key'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.revoke_api_key(text) IS
'Revoke a key at once, named by its secret or its id; true when this call revoked a live or expired key, false for an unknown, already revoked or not manageable key; same authority as create_api_key';

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

-- Keys managed without their secrets (doc/reference.md), delegated per project, and
-- one overview of every way into a project.  The prefix column and the
-- SECURITY INVOKER create_api_key / revoke_api_key are in "Who may read"
-- and "Key and access management" above (the update script alters them).

-- revoke_api_key and rotate_api_key find a key by its id alone (the
-- primary key leads with project_id).
CREATE INDEX api_key_id_idx ON incoming_call_log.api_key (id);

CREATE FUNCTION incoming_call_log.list_api_keys(project_id uuid DEFAULT NULL)
RETURNS TABLE (
    id           uuid,
    project_id   uuid,
    name         text,
    permissions  text[],
    prefix       text,
    created_at   timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz)
AS 'MODULE_PATHNAME', 'icl_list_api_keys'
LANGUAGE C STABLE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.list_api_keys(uuid) IS
'The API keys of a project (of every project the caller manages when null), never their secrets or hashes; prefix is the secret''s first 12 characters (null for keys made before 0.3.0); same authority as create_api_key';

CREATE FUNCTION incoming_call_log.rotate_api_key(id uuid, overlap interval DEFAULT '1 day')
RETURNS text
AS 'MODULE_PATHNAME', 'icl_rotate_api_key'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.rotate_api_key(uuid, interval) IS
'Make a new key for the same project, permissions and name, made for as long as the old one was (counted from now), and return its secret; the old key expires after overlap (at once for ''0''); 22023 for an unknown, revoked or expired key; same authority as create_api_key';

CREATE FUNCTION incoming_call_log.access_overview(project_id uuid DEFAULT NULL)
RETURNS TABLE (
    project_id   uuid,
    way          text,
    role         name,
    through      name,
    can_login    boolean,
    permissions  text[],
    key_id       uuid,
    key_prefix   text,
    key_name     text,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    live         boolean)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $icl_overview$
WITH RECURSIVE
-- What is given to a role, before memberships: a project's grant, a
-- capability (every project), the extension's ownership (every project).
given (project_id, way, given_to, permissions) AS (
    SELECT g.project_id, 'grant', g.role::oid, g.permissions
      FROM incoming_call_log.access_grant g
     WHERE $1 IS NULL OR g.project_id = $1
    UNION ALL
    SELECT NULL::uuid, c.capability, c.role::oid, NULL::text[]
      FROM incoming_call_log.role_capability c
    UNION ALL
    SELECT NULL::uuid, 'owner', e.extowner, NULL::text[]
      FROM pg_catalog.pg_extension e
     WHERE e.extname = 'incoming_call_log'
),
-- Every role that is, directly or not, a member of a role given something.
reach (given_to, member) AS (
    SELECT DISTINCT g.given_to, g.given_to FROM given g
    UNION
    SELECT r.given_to, m.member
      FROM reach r JOIN pg_catalog.pg_auth_members m ON m.roleid = r.member
)
SELECT k.project_id, 'api_key', NULL::name, NULL::name, NULL::boolean, k.permissions,
       k.id, k.prefix, k.name, k.expires_at, k.revoked_at,
       k.revoked_at IS NULL AND k.expires_at > pg_catalog.now()
  FROM incoming_call_log.api_key k
 WHERE $1 IS NULL OR k.project_id = $1
UNION ALL
-- a member holds what is given to a role only where it inherits its privileges
SELECT g.project_id, g.way, holder.rolname, given_to.rolname, holder.rolcanlogin, g.permissions,
       NULL, NULL, NULL, NULL, NULL, true
  FROM given g
  JOIN reach r ON r.given_to = g.given_to
  JOIN pg_catalog.pg_roles holder ON holder.oid = r.member
  JOIN pg_catalog.pg_roles given_to ON given_to.oid = g.given_to
 WHERE pg_catalog.pg_has_role(r.member, g.given_to, 'USAGE')
UNION ALL
-- superusers bypass everything; BYPASSRLS roles read every row of a table
-- they hold SELECT on
SELECT NULL, CASE WHEN s.rolsuper THEN 'superuser' ELSE 'bypassrls' END, s.rolname, s.rolname,
       s.rolcanlogin, NULL, NULL, NULL, NULL, NULL, NULL, true
  FROM pg_catalog.pg_roles s
 WHERE s.rolsuper
    OR (s.rolbypassrls
        AND pg_catalog.has_table_privilege(s.oid, 'incoming_call_log.call_log', 'SELECT'))
ORDER BY 1 NULLS FIRST, 2, 3, 4, 8
$icl_overview$;

COMMENT ON FUNCTION incoming_call_log.access_overview(uuid) IS
'For DBAs: every way into a project (every project when null): its API keys (prefix, permissions, expiry, revocation, live), the roles holding a grant on it directly or through membership, the roles holding the admin or writer capability or the extension owner''s rights (project_id null: every project), superusers and BYPASSRLS readers';

-- == 0.3.0 usage statistics (issue 18) ==
-- Kept in shared memory by src/usage_stats.c when the library is in
-- shared_preload_libraries (doc/usage-statistics.md); without it these
-- raise 55000.  Nobody may execute or read them until a DBA grants them.

CREATE FUNCTION incoming_call_log.usage_statistics(
    OUT dbid oid,
    OUT caller_kind text,
    OUT role oid,
    OUT key_id uuid,
    OUT project_id uuid,
    OUT api_call text,
    OUT calls bigint,
    OUT refused_pt401 bigint,
    OUT refused_pt403 bigint,
    OUT refused_pt404 bigint,
    OUT refused_22023 bigint,
    OUT failed_other bigint,
    OUT total_time_ms double precision,
    OUT max_time_ms double precision,
    OUT rows bigint,
    OUT first_call timestamptz,
    OUT last_call timestamptz)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'icl_usage_statistics'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

COMMENT ON FUNCTION incoming_call_log.usage_statistics() IS
'Usage statistics of the API calls in every database: one row per caller (API key by id, or role by oid), project and call; needs shared_preload_libraries';

CREATE FUNCTION incoming_call_log.usage_statistics_info(
    OUT entries integer,
    OUT max_entries integer,
    OUT evictions bigint,
    OUT stats_reset timestamptz)
RETURNS record
AS 'MODULE_PATHNAME', 'icl_usage_statistics_info'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

COMMENT ON FUNCTION incoming_call_log.usage_statistics_info() IS
'The usage statistics themselves: entries kept, the bound, entries evicted to make room, and when they were last reset';

CREATE FUNCTION incoming_call_log.reset_usage_statistics()
RETURNS void
AS 'MODULE_PATHNAME', 'icl_reset_usage_statistics'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

COMMENT ON FUNCTION incoming_call_log.reset_usage_statistics() IS
'Remove every usage statistics entry (all databases) and zero the evictions';

-- The view reads api_key and project with its owner's rights: whoever is
-- granted SELECT on it (and EXECUTE on usage_statistics()) sees the names of
-- every key and project that was called in this database.
CREATE VIEW incoming_call_log.usage AS
SELECT s.caller_kind,
       s.key_id,
       k.name AS key_name,
       r.rolname AS role_name,
       s.project_id,
       p.name AS project_name,
       s.api_call,
       s.calls,
       s.refused_pt401,
       s.refused_pt403,
       s.refused_pt404,
       s.refused_22023,
       s.failed_other,
       s.total_time_ms,
       CASE WHEN s.calls OPERATOR(pg_catalog.>) 0
            THEN s.total_time_ms OPERATOR(pg_catalog./) s.calls END AS mean_time_ms,
       s.max_time_ms,
       s.rows,
       s.first_call,
       s.last_call
  FROM incoming_call_log.usage_statistics() s
  LEFT JOIN incoming_call_log.api_key k
         ON k.project_id OPERATOR(pg_catalog.=) s.project_id AND k.id OPERATOR(pg_catalog.=) s.key_id
  LEFT JOIN incoming_call_log.project p ON p.id OPERATOR(pg_catalog.=) s.project_id
  LEFT JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) s.role
 WHERE s.dbid OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                        WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database());

COMMENT ON VIEW incoming_call_log.usage IS
'Usage statistics of the API calls in this database, with key, role and project names: one row per caller, project and call';

-- == 0.3.0 cursors and changes (issue 19) ==

-- The secret that signs the cursors of get_page (doc/cursors-and-changes.md).  In the internal
-- schema, with no privilege for anyone and row-level security without a
-- policy: only the extension owner reads it (the calls do, with its rights).
-- A table, so standbys have it and a position made on the primary opens
-- there; registered for pg_dump, so cursors survive a dump and restore
-- (the restore's CREATE EXTENSION adds a fresh secret, which signs from then
-- on; the restored one still opens).  rotate_cursor_secret replaces it.
CREATE TABLE incoming_call_log_internal.cursor_secret (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    secret      bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    CONSTRAINT cursor_secret_pkey PRIMARY KEY (id),
    CONSTRAINT cursor_secret_length CHECK (octet_length(secret) >= 32)
);

ALTER TABLE incoming_call_log_internal.cursor_secret ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE incoming_call_log_internal.cursor_secret IS
'HMAC-SHA256 keys of get_page''s cursors: the newest without expires_at signs, every one not yet expired verifies; rotate with incoming_call_log.rotate_cursor_secret()';

-- 32 bytes from two version-4 uuids: 244 bits of pg_strong_random.
CREATE FUNCTION incoming_call_log_internal.new_cursor_secret()
RETURNS bytea
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.decode(pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex');

COMMENT ON FUNCTION incoming_call_log_internal.new_cursor_secret() IS
'32 random bytes (244 bits from pg_strong_random) for a new cursor secret';

INSERT INTO incoming_call_log_internal.cursor_secret (secret)
    VALUES (incoming_call_log_internal.new_cursor_secret());

SELECT pg_catalog.pg_extension_config_dump('incoming_call_log_internal.cursor_secret', '');

CREATE FUNCTION incoming_call_log.rotate_cursor_secret(overlap interval DEFAULT '1 day')
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $icl$
BEGIN
    IF overlap IS NULL OR overlap < '0'::interval THEN
        RAISE EXCEPTION 'overlap must be 0 or more, not %', coalesce(overlap::text, 'null')
            USING ERRCODE = '22023';
    END IF;
    DELETE FROM incoming_call_log_internal.cursor_secret WHERE expires_at <= now();
    UPDATE incoming_call_log_internal.cursor_secret
       SET expires_at = least(coalesce(expires_at, 'infinity'), now() + overlap);
    DELETE FROM incoming_call_log_internal.cursor_secret WHERE expires_at <= now();
    INSERT INTO incoming_call_log_internal.cursor_secret (secret)
        VALUES (incoming_call_log_internal.new_cursor_secret());
END
$icl$;

COMMENT ON FUNCTION incoming_call_log.rotate_cursor_secret(interval) IS
'For the extension owner: a new secret signs get_page''s cursors from now on; cursors signed before keep working for overlap (default 1 day; 0: refused at once)';

CREATE TYPE incoming_call_log.page_result AS (
    data  json,
    next  text
);

COMMENT ON TYPE incoming_call_log.page_result IS
'get_page response: {"data": [projected objects], "next": cursor of the following page, or null}';

CREATE FUNCTION incoming_call_log.get_page(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    sort      json    DEFAULT NULL,
    "limit"   integer DEFAULT NULL,
    "after"   text    DEFAULT NULL)
RETURNS incoming_call_log.page_result
AS 'MODULE_PATHNAME', 'icl_get_page'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_page(json, json, json, integer, text) IS
'One page of call logs of the caller''s project strictly after the cursor "after" (from the first row when null): select, query, sort as get_list, limit 1-100 (default 10); next is the cursor of the following page, null at the end';

-- The feed of changes (get_changes, doc/cursors-and-changes.md).  One row per
-- call log: the transaction that last wrote it (inserted, updated or
-- deleted), so a reader finds each changed call log once by the index on
-- (project_id, txid, id) from its position; a deleted call log's row is its
-- tombstone.  Written by the ALWAYS trigger below with the owner's rights;
-- nobody else has any privilege here.  Not dumped: a restored database is
-- another feed (feed_id), whose positions start again.
CREATE TABLE incoming_call_log_internal.call_log_change (
    project_id  uuid        NOT NULL,
    id          uuid        NOT NULL,
    txid        xid8        NOT NULL,
    changed_at  timestamptz NOT NULL,
    CONSTRAINT call_log_change_pkey PRIMARY KEY (project_id, id)
);

CREATE INDEX call_log_change_feed_idx
    ON incoming_call_log_internal.call_log_change (project_id, txid, id);
-- The purge reads the oldest rows: a BRIN index costs writers almost nothing;
-- autosummarize has autovacuum summarize each range once it is full, so a
-- purge step with nothing expired reads only the newest, unsummarized range.
CREATE INDEX call_log_change_changed_at_idx
    ON incoming_call_log_internal.call_log_change USING brin (changed_at) WITH (autosummarize = on);

ALTER TABLE incoming_call_log_internal.call_log_change ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE incoming_call_log_internal.call_log_change IS
'The feed of changes of get_changes: per call log, the transaction that last wrote it; kept for the retention period (doc/cursors-and-changes.md)';

-- The feed's identity and horizon: one row.  feed_id is made anew with the
-- extension and by TRUNCATE call_log (positions of another feed are refused
-- with PT410); purged_through is the newest transaction whose change the
-- purge deleted, purged_by the transaction that purged last: a position
-- that had not seen purged_through is refused with PT410, unless it had
-- seen purged_by (every purge came before it, so nothing it needs is gone).
CREATE TABLE incoming_call_log_internal.change_horizon (
    one             boolean NOT NULL DEFAULT true,
    feed_id         uuid    NOT NULL DEFAULT gen_random_uuid(),
    purged_through  xid8    NOT NULL DEFAULT '0',
    purged_by       xid8    NOT NULL DEFAULT '0',
    CONSTRAINT change_horizon_pkey PRIMARY KEY (one),
    CONSTRAINT change_horizon_one CHECK (one)
);

ALTER TABLE incoming_call_log_internal.change_horizon ENABLE ROW LEVEL SECURITY;

INSERT INTO incoming_call_log_internal.change_horizon DEFAULT VALUES;

COMMENT ON TABLE incoming_call_log_internal.change_horizon IS
'The feed of changes: its id (new with the extension and after TRUNCATE call_log), the newest transaction whose change was purged, and the transaction that purged last';

CREATE FUNCTION incoming_call_log_internal.call_log_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_call_log_changed'
LANGUAGE C;

COMMENT ON FUNCTION incoming_call_log_internal.call_log_changed() IS
'AFTER row trigger on call_log (ALWAYS: COPY, every role, replication apply): records the written call log in the feed of changes, and now and then purges a bounded step';

CREATE FUNCTION incoming_call_log_internal.call_log_truncated()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_call_log_truncated'
LANGUAGE C;

COMMENT ON FUNCTION incoming_call_log_internal.call_log_truncated() IS
'AFTER TRUNCATE trigger on call_log: forgets every change and starts a new feed (earlier positions: PT410)';

-- Row triggers, because logical replication's apply fires only those; ALWAYS,
-- so that it fires them.  TRUNCATE has only a statement trigger.
CREATE TRIGGER call_log_changed
    AFTER INSERT OR UPDATE OR DELETE ON incoming_call_log.call_log
    FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.call_log_changed();
CREATE TRIGGER call_log_truncated
    AFTER TRUNCATE ON incoming_call_log.call_log
    FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.call_log_truncated();
ALTER TABLE incoming_call_log.call_log ENABLE ALWAYS TRIGGER call_log_changed;
ALTER TABLE incoming_call_log.call_log ENABLE ALWAYS TRIGGER call_log_truncated;

CREATE FUNCTION incoming_call_log.purge_changes(max_rows integer DEFAULT 10000)
RETURNS bigint
AS 'MODULE_PATHNAME', 'icl_purge_changes'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.purge_changes(integer) IS
'For the extension owner (pg_cron, or after a burst of writes): deletes up to max_rows changes older than the retention period; writers already do this in bounded steps';

CREATE TYPE incoming_call_log.changes_result AS (
    data  json,
    next  text
);

COMMENT ON TYPE incoming_call_log.changes_result IS
'get_changes response: {"data": [{"op": "upsert", "_id", "object"} or {"op": "remove", "_id"}], "next": the position after them (never null)}';

CREATE FUNCTION incoming_call_log.get_changes(
    "select"  json    DEFAULT NULL,
    query     json    DEFAULT NULL,
    "since"   text    DEFAULT NULL,
    "limit"   integer DEFAULT NULL)
RETURNS incoming_call_log.changes_result
AS 'MODULE_PATHNAME', 'icl_get_changes'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_changes(json, json, text, integer) IS
'The changes to the caller''s call logs since the position "since" (null: none, and the position now), each once in its state now: upsert when it matches query, else remove; limit 1-1000 (default 100); next is the position after them';

-- == 0.3.0 aggregates (issue 20) ==

-- get_aggregate (doc/aggregates.md): counts, sums, averages, extremes and percentiles
-- by group and UTC time bucket, under count's caller checks and errors.
-- SECURITY INVOKER, search_path not pinned, like the three calls.
CREATE TYPE incoming_call_log.aggregate_result AS (
    data  json,
    more  boolean
);

COMMENT ON TYPE incoming_call_log.aggregate_result IS
'get_aggregate response: {"data": [groups], "more": true when more groups matched than "limit"}';

CREATE FUNCTION incoming_call_log.get_aggregate(
    query      json    DEFAULT NULL,
    "groupBy"  json    DEFAULT NULL,
    aggregate  json    DEFAULT NULL,
    sort       json    DEFAULT NULL,
    "limit"    integer DEFAULT NULL)
RETURNS incoming_call_log.aggregate_result
AS 'MODULE_PATHNAME', 'icl_get_aggregate'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_aggregate(json, json, json, json, integer) IS
'Groups of the caller''s call logs matching query: groupBy (up to 4 fields, dates by UTC "Minute".."Year"), aggregate (count; Sum, Avg, Min, Max, P50-P99), sort, limit (1-1000, default 100)';

CREATE FUNCTION incoming_call_log.get_aggregate_csv(
    query      json    DEFAULT NULL,
    "groupBy"  json    DEFAULT NULL,
    aggregate  json    DEFAULT NULL,
    sort       json    DEFAULT NULL,
    "limit"    integer DEFAULT NULL)
RETURNS incoming_call_log."text/csv"
AS 'MODULE_PATHNAME', 'icl_get_aggregate_csv'
LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION incoming_call_log.get_aggregate_csv(json, json, json, json, integer) IS
'get_aggregate as CSV: the groupBy keys, count, field.Measure columns under a header line, one line per group';

CREATE FUNCTION incoming_call_log.explain_aggregate(
    query      json    DEFAULT NULL,
    "groupBy"  json    DEFAULT NULL,
    aggregate  json    DEFAULT NULL,
    sort       json    DEFAULT NULL,
    "limit"    integer DEFAULT NULL,
    "analyze"  boolean DEFAULT false)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'icl_explain_aggregate'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log.explain_aggregate(json, json, json, json, integer, boolean) IS
'For DBAs: the statement and plan get_aggregate runs for this request and caller (EXPLAIN ANALYZE with "analyze" => true)';

-- == 0.3.0 following OneUptime (issue 17) ==

-------------------------------------------------------------------------------
-- Following OneUptime's own database (doc/following-oneuptime.md; doc/following-oneuptime.md).
--
-- follow_oneuptime subscribes to OneUptime's publication (C, src/follow.c).
-- Logical replication matches tables by schema-qualified name, so the rows
-- land in public."Project", public."User", public."IncomingCallPolicy" and
-- public."IncomingCallLog" (made by follow_setup, dropped by
-- follow_teardown; never part of the extension), whose ENABLE ALWAYS row
-- triggers (the apply worker fires only ALWAYS and REPLICA triggers) map
-- each change into the extension's tables:
--   * the extension's rows are derived from the landing rows: a change
--     re-derives the rows it touches, so the order in which the four
--     tables arrive (in parallel during the initial copy, children first)
--     does not matter: a row whose parent has not arrived waits in its
--     landing table, and the parent's arrival applies its children;
--   * a call log with "deletedAt" set, or of a project with "deletedAt"
--     set, is removed from call_log (and comes back when it is cleared);
--     a user or policy with "deletedAt" set stays in app_user / call_policy
--     (the foreign keys need it) and its id is listed in
--     follow_soft_deleted, which the API's relation joins skip: the
--     relation is answered null and its id field keeps the id;
--   * a TRUNCATE OneUptime publishes deletes what the truncated landing
--     rows had derived, as their hard deletes would;
--   * a row the extension's rules refuse keeps its last valid version (if
--     any) and waits in follow_quarantine with the reason, until a later
--     version of it is valid; the stream never stops for it.
-- The mapping runs with session_replication_role = origin for the rest of
-- the applying transaction, so the extension's foreign keys, cascades and
-- triggers act as for any writer (but for the set statements that write
-- call_log, whose joins check its foreign keys: see follow_apply_call_logs),
-- and holds one transaction-level advisory lock so that two table copies
-- never map at the same time (each then sees what the other committed).  While following, the guard triggers
-- (*_followed) refuse every writer but the subscription's workers.
-------------------------------------------------------------------------------

CREATE TABLE incoming_call_log_internal.follow_quarantine (
    source_table  text        NOT NULL,
    source_id     uuid        NOT NULL,
    sqlstate      text        NOT NULL,
    reason        text        NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT follow_quarantine_pkey PRIMARY KEY (source_table, source_id),
    CONSTRAINT follow_quarantine_source_table_known
        CHECK (source_table IN ('Project', 'User', 'IncomingCallPolicy', 'IncomingCallLog'))
);

COMMENT ON TABLE incoming_call_log_internal.follow_quarantine IS
'Rows followed from OneUptime that the extension''s rules refuse: the source table and id, the error; a row leaves when a later version of it applies (follow_status counts them)';

CREATE TABLE incoming_call_log_internal.follow_soft_deleted (
    source_table text NOT NULL,
    source_id    uuid NOT NULL,
    CONSTRAINT follow_soft_deleted_pkey PRIMARY KEY (source_table, source_id),
    CONSTRAINT follow_soft_deleted_source_table_known CHECK (source_table IN ('User', 'IncomingCallPolicy'))
);

COMMENT ON TABLE incoming_call_log_internal.follow_soft_deleted IS
'Followed users and policies that OneUptime soft-deleted ("deletedAt" set): the API answers them as a null relation (the id field keeps the id); kept by unfollow_oneuptime, so the API answers the same after it';

SELECT pg_catalog.pg_extension_config_dump('incoming_call_log_internal.follow_soft_deleted', '');

CREATE FUNCTION incoming_call_log_internal.follow_guard()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_follow_guard'
LANGUAGE C;

COMMENT ON FUNCTION incoming_call_log_internal.follow_guard() IS
'BEFORE statement trigger on project, app_user, call_policy and call_log (enabled while following OneUptime) and on the landing tables: refuses (55000) every writer but the subscription''s workers';

CREATE TRIGGER project_followed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON incoming_call_log.project
    FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_guard();
CREATE TRIGGER app_user_followed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON incoming_call_log.app_user
    FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_guard();
CREATE TRIGGER call_policy_followed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON incoming_call_log.call_policy
    FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_guard();
CREATE TRIGGER call_log_followed BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON incoming_call_log.call_log
    FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_guard();
ALTER TABLE incoming_call_log.project     DISABLE TRIGGER project_followed;
ALTER TABLE incoming_call_log.app_user    DISABLE TRIGGER app_user_followed;
ALTER TABLE incoming_call_log.call_policy DISABLE TRIGGER call_policy_followed;
ALTER TABLE incoming_call_log.call_log    DISABLE TRIGGER call_log_followed;

-- "Project" and "User" dates: doc/following-oneuptime.md has them timestamp without time zone
-- holding UTC, and OneUptime's migrations of September 2024 made them
-- timestamp with time zone.  Their landing columns are text, so both
-- arrive intact: a value with an offset is that instant, one without is UTC.
CREATE FUNCTION incoming_call_log_internal.follow_utc(t text)
RETURNS timestamptz
LANGUAGE sql STABLE
AS $fn$
SELECT CASE
         WHEN t OPERATOR(pg_catalog.~) ':[0-9]{2}(\.[0-9]+)?\s*([+-][0-9]{2}(:?[0-9]{2}){0,2}|Z|UTC|GMT)(\s+BC)?$'
           THEN t::pg_catalog.timestamptz
         ELSE pg_catalog.timezone('UTC', t::pg_catalog.timestamp)
       END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_utc(text) IS
'A followed "Project"/"User" date: the instant it names when it carries an offset, else read as UTC';

CREATE FUNCTION incoming_call_log_internal.follow_quarantine(p_table text, p_id uuid, p_code text, p_reason text)
RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
INSERT INTO incoming_call_log_internal.follow_quarantine AS q (source_table, source_id, sqlstate, reason)
VALUES (p_table, p_id, p_code, p_reason)
ON CONFLICT (source_table, source_id)
DO UPDATE SET sqlstate = excluded.sqlstate, reason = excluded.reason, last_seen_at = now()
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_quarantine(text, uuid, text, text) IS
'Put a followed row that the extension''s rules refuse into follow_quarantine (or update its reason)';

CREATE FUNCTION incoming_call_log_internal.follow_soft_delete(p_table text, p_id uuid, p_deleted boolean)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_deleted THEN
        INSERT INTO incoming_call_log_internal.follow_soft_deleted (source_table, source_id)
        VALUES (p_table, p_id) ON CONFLICT DO NOTHING;
    ELSE
        DELETE FROM incoming_call_log_internal.follow_soft_deleted h
         WHERE h.source_table = p_table AND h.source_id = p_id;
    END IF;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_soft_delete(text, uuid, boolean) IS
'List (p_deleted) or unlist a followed user or policy in follow_soft_deleted: the API answers a listed one as a null relation';

CREATE FUNCTION incoming_call_log_internal.follow_apply_call_log(old_project uuid, log_id uuid)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    -- Gone, or moved to another project: it leaves its old project even when
    -- its new version waits in the quarantine.
    IF old_project IS NOT NULL THEN
        DELETE FROM incoming_call_log.call_log c
         WHERE c.project_id = old_project AND c.id = log_id
           AND NOT EXISTS (SELECT 1 FROM public."IncomingCallLog" l WHERE l."_id" = log_id AND l."projectId" = old_project);
    END IF;
    BEGIN
        PERFORM incoming_call_log_internal.follow_map_call_logs(ARRAY[log_id], ARRAY[old_project]);
    EXCEPTION WHEN OTHERS THEN
        PERFORM set_config('session_replication_role', 'origin', true);
        PERFORM incoming_call_log_internal.follow_quarantine('IncomingCallLog', log_id, SQLSTATE, SQLERRM);
    END;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_apply_call_log(uuid, uuid) IS
'Derive call_log''s row from the followed "IncomingCallLog" row alone (old_project: where it was before this change), quarantined if it breaks a rule';

CREATE FUNCTION incoming_call_log_internal.follow_apply_policy(old_project uuid, policy_id uuid, arrived boolean)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r record;
    present boolean;
    existed boolean;
BEGIN
    SELECT * INTO r FROM public."IncomingCallPolicy" p WHERE p."_id" = policy_id;
    present := FOUND;
    IF old_project IS NOT NULL AND (NOT present OR r."projectId" IS DISTINCT FROM old_project) THEN
        DELETE FROM incoming_call_log.call_policy c WHERE c.project_id = old_project AND c.id = policy_id;
        IF present THEN
            -- Moved to another project: its call logs left in the old one
            -- went with it (the cascade); they name a policy of another
            -- project now, and wait in the quarantine saying so.
            PERFORM incoming_call_log_internal.follow_apply_waiting(old_project, policy_id, NULL);
        END IF;
    END IF;
    -- Soft-deleted: kept (its call logs need it), answered as a null relation.
    PERFORM incoming_call_log_internal.follow_soft_delete('IncomingCallPolicy', policy_id,
                                                          present AND r."deletedAt" IS NOT NULL);
    IF NOT present OR NOT EXISTS (SELECT 1 FROM incoming_call_log.project p WHERE p.id = r."projectId") THEN
        -- Gone, or waiting for its project.
        DELETE FROM incoming_call_log_internal.follow_quarantine q
         WHERE q.source_table = 'IncomingCallPolicy' AND q.source_id = policy_id;
        RETURN;
    END IF;
    existed := EXISTS (SELECT 1 FROM incoming_call_log.call_policy c
                        WHERE c.project_id = r."projectId" AND c.id = policy_id);
    BEGIN
        INSERT INTO incoming_call_log.call_policy AS c (id, project_id, name, routing_phone_number, created_at, updated_at)
        VALUES (policy_id, r."projectId", r."name", r."routingPhoneNumber", r."createdAt", r."updatedAt")
        ON CONFLICT (project_id, id) DO UPDATE SET
               name = excluded.name, routing_phone_number = excluded.routing_phone_number,
               created_at = excluded.created_at, updated_at = excluded.updated_at;
    EXCEPTION WHEN OTHERS THEN
        PERFORM incoming_call_log_internal.follow_quarantine('IncomingCallPolicy', policy_id, SQLSTATE, SQLERRM);
        RETURN;
    END;
    DELETE FROM incoming_call_log_internal.follow_quarantine q
     WHERE q.source_table = 'IncomingCallPolicy' AND q.source_id = policy_id;
    IF arrived OR NOT existed THEN
        -- The call logs that arrived before their policy.  "arrived": the
        -- landing row is new (or new to its project), whatever call_policy
        -- held: following again finds the rows of the last follow there.
        PERFORM incoming_call_log_internal.follow_apply_waiting(r."projectId", policy_id, NULL);
    END IF;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_apply_policy(uuid, uuid, boolean) IS
'Derive call_policy''s row from the followed "IncomingCallPolicy" row; a policy that arrived (or is applied for the first time) applies the call logs waiting for it';

CREATE FUNCTION incoming_call_log_internal.follow_apply_project(project_id uuid, visibility_changed boolean, arrived boolean)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r record;
    existed boolean;
    refused boolean := false;
BEGIN
    SELECT * INTO r FROM public."Project" p WHERE p."_id" = follow_apply_project.project_id;
    IF NOT FOUND THEN
        -- Hard delete: the cascade removes its policies, call logs, keys and grants.
        DELETE FROM incoming_call_log.project p WHERE p.id = follow_apply_project.project_id;
        DELETE FROM incoming_call_log_internal.follow_quarantine q
         WHERE q.source_table = 'Project' AND q.source_id = follow_apply_project.project_id;
        RETURN;
    END IF;
    existed := EXISTS (SELECT 1 FROM incoming_call_log.project p WHERE p.id = follow_apply_project.project_id);
    BEGIN
        INSERT INTO incoming_call_log.project AS p (id, name, created_at, updated_at)
        VALUES (follow_apply_project.project_id, r."name",
                incoming_call_log_internal.follow_utc(r."createdAt"),
                incoming_call_log_internal.follow_utc(r."updatedAt"))
        ON CONFLICT (id) DO UPDATE SET
               name = excluded.name, created_at = excluded.created_at, updated_at = excluded.updated_at;
    EXCEPTION WHEN OTHERS THEN
        -- Its last valid version (if any) stays.
        PERFORM incoming_call_log_internal.follow_quarantine('Project', follow_apply_project.project_id, SQLSTATE, SQLERRM);
        refused := true;
    END;
    IF NOT refused THEN
        DELETE FROM incoming_call_log_internal.follow_quarantine q
         WHERE q.source_table = 'Project' AND q.source_id = follow_apply_project.project_id;
    END IF;
    IF NOT refused AND (arrived OR NOT existed) THEN
        -- The policies that arrived first (each applies its waiting call
        -- logs).  "arrived": the landing row is new, whatever project held:
        -- following again finds the rows of the last follow there.
        PERFORM incoming_call_log_internal.follow_apply_policy(NULL, c."_id", true)
           FROM public."IncomingCallPolicy" c WHERE c."projectId" = follow_apply_project.project_id;
    ELSIF existed AND visibility_changed THEN
        -- "deletedAt" set or cleared: its call logs leave or come back,
        -- also while its own row is refused (the landing row decides).
        PERFORM incoming_call_log_internal.follow_apply_waiting(follow_apply_project.project_id, NULL, NULL);
    END IF;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_apply_project(uuid, boolean, boolean) IS
'Derive project''s row from the followed "Project" row; a project that arrived (or is applied for the first time) applies its waiting policies, one whose "deletedAt" changed re-derives its call logs';

CREATE FUNCTION incoming_call_log_internal.follow_apply_user(user_id uuid)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r record;
    present boolean;
    existed boolean;
BEGIN
    SELECT * INTO r FROM public."User" u WHERE u."_id" = user_id;
    present := FOUND;
    -- Soft-deleted: kept (answered_by_user_id keeps the id), answered as a null relation.
    PERFORM incoming_call_log_internal.follow_soft_delete('User', user_id, present AND r."deletedAt" IS NOT NULL);
    IF NOT present THEN
        -- Hard delete: answered_by_user_id becomes null (OneUptime's ON DELETE SET NULL).
        DELETE FROM incoming_call_log.app_user u WHERE u.id = user_id;
        DELETE FROM incoming_call_log_internal.follow_quarantine q
         WHERE q.source_table = 'User' AND q.source_id = user_id;
        RETURN;
    END IF;
    existed := EXISTS (SELECT 1 FROM incoming_call_log.app_user u WHERE u.id = user_id);
    BEGIN
        INSERT INTO incoming_call_log.app_user AS u (id, name, email, created_at, updated_at)
        VALUES (user_id, r."name", r."email",
                incoming_call_log_internal.follow_utc(r."createdAt"),
                incoming_call_log_internal.follow_utc(r."updatedAt"))
        ON CONFLICT (id) DO UPDATE SET
               name = excluded.name, email = excluded.email,
               created_at = excluded.created_at, updated_at = excluded.updated_at;
    EXCEPTION WHEN OTHERS THEN
        PERFORM incoming_call_log_internal.follow_quarantine('User', user_id, SQLSTATE, SQLERRM);
        RETURN;
    END;
    DELETE FROM incoming_call_log_internal.follow_quarantine q
     WHERE q.source_table = 'User' AND q.source_id = user_id;
    IF NOT existed THEN
        -- The call logs answered by this user that were applied before it.
        PERFORM incoming_call_log_internal.follow_apply_waiting(NULL, NULL, user_id);
    END IF;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_apply_user(uuid) IS
'Derive app_user''s row from the followed "User" row; a user applied for the first time fills answered_by_user_id of its call logs';

CREATE FUNCTION incoming_call_log_internal.follow_copying()
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_follow_copying'
LANGUAGE C STABLE;

COMMENT ON FUNCTION incoming_call_log_internal.follow_copying() IS
'true in a table-sync worker''s initial COPY of a landing table (its rows are then mapped as one set)';

CREATE FUNCTION incoming_call_log_internal.feed_by_statement(active boolean)
RETURNS boolean
AS 'MODULE_PATHNAME', 'icl_feed_by_statement'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION incoming_call_log_internal.feed_by_statement(boolean) IS
'true: the caller''s statements write the feed''s rows of their call_log writes themselves, as one set, until feed_by_statement(false) or the (sub)transaction ends; answers whether it took that over (a superuser, call_log_changed firing ALWAYS) (src/change_capture.c)';

CREATE FUNCTION incoming_call_log_internal.follow_pause_indexes(rel regclass, copied bigint)
RETURNS regclass[]
AS 'MODULE_PATHNAME', 'icl_follow_pause_indexes'
LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION incoming_call_log_internal.follow_pause_indexes(regclass, bigint) IS
'For a large initial copy (at least FOLLOW_REBUILD_MIN_ROWS rows, and more than the table holds): the table''s secondary indexes skip the copy''s rows until the caller rebuilds each (REINDEX INDEX) in the same transaction; returns them (src/follow_copy_indexes.c)';

-- The initial copy of public."IncomingCallLog" (a COPY, in a table-sync
-- worker; its row trigger's WHEN clause skips it), mapped as one set: the
-- rows follow_map_call_logs would apply, in one INSERT ... ON CONFLICT.
-- The joins check what the foreign keys of call_log would (its policy in
-- call_policy, hence its project; its user in app_user, else null, to be
-- completed when the user arrives), so that INSERT runs with
-- session_replication_role = replica, without the per-row foreign-key
-- triggers; the mapping's advisory lock keeps those rows where they are
-- meanwhile.  Checks and domains apply as always: if any row breaks a
-- rule, the set is given up and the rows applied as the live apply's sets
-- (follow_apply_call_logs), where a set holding that row is applied row by
-- row and the row quarantined.
-- A large copy into a call_log that holds fewer rows (following for the
-- first time) is written as a bulk load is best written: call_log's
-- secondary indexes built once after the rows are in (follow_pause_indexes,
-- then REINDEX INDEX each), the feed's secondary indexes likewise.  Every
-- copy writes the feed's rows as one set, in the same statement as the
-- call logs (feed_by_statement).
CREATE FUNCTION incoming_call_log_internal.follow_call_logs_copied()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    applied bigint;
    copied_rows bigint;
    paused regclass[];
    feed_by_set boolean;
    into_empty boolean;
    idx regclass;
    logs refcursor;
BEGIN
    IF NOT incoming_call_log_internal.follow_copying() THEN
        RETURN NULL;  -- rows of any other statement went through the row trigger
    END IF;
    PERFORM pg_advisory_xact_lock(1768825402, 17);
    BEGIN
        PERFORM set_config('session_replication_role', 'replica', true);
        -- Hidden (soft-deleted, or its project is).  One whose policy is
        -- not there keeps the version a last follow left (if any), as in
        -- follow_map_call_logs, until its policy applies it.
        DELETE FROM incoming_call_log.call_log c USING copied l
         WHERE c.project_id = l."projectId" AND c.id = l."_id"
           AND (l."deletedAt" IS NOT NULL
                OR EXISTS (SELECT 1 FROM public."Project" p WHERE p."_id" = l."projectId" AND p."deletedAt" IS NOT NULL));
        copied_rows := (SELECT count(*) FROM copied);
        paused := incoming_call_log_internal.follow_pause_indexes('incoming_call_log.call_log', copied_rows);
        -- The feed's rows as one set, in the same statement
        -- (src/change_capture.c, feed_by_statement), when call_log_changed
        -- fires ALWAYS as installed; and the feed's own secondary indexes
        -- built after them, by the same rule as call_log's.
        feed_by_set := incoming_call_log_internal.feed_by_statement(true);
        IF feed_by_set THEN
            paused := paused || incoming_call_log_internal.follow_pause_indexes(
                'incoming_call_log_internal.call_log_change', copied_rows);
        END IF;
        -- Into an empty call_log (a first follow; nobody writes it meanwhile:
        -- the pause's SHARE lock), no copied row can conflict with another:
        -- a plain INSERT, without ON CONFLICT's speculative insertion of each
        -- row (its token lock and second WAL record; about 5 s of a million
        -- call logs).
        into_empty := cardinality(paused) > 0 AND NOT EXISTS (SELECT 1 FROM incoming_call_log.call_log);
        EXECUTE format($copy$
        WITH w AS (
        INSERT INTO incoming_call_log.call_log AS c
               (id, created_at, updated_at, project_id, incoming_call_policy_id,
                caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message,
                call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents,
                outgoing_call_cost_in_usd_cents, started_at, ended_at, answered_by_user_id,
                current_escalation_rule_order, repeat_count)
        SELECT l."_id", l."createdAt", l."updatedAt", l."projectId", l."incomingCallPolicyId",
               l."callerPhoneNumber", l."routingPhoneNumber", l."callProviderCallId", l."status", l."statusMessage",
               coalesce(l."callDurationInSeconds", 0), coalesce(l."callCostInUSDCents", 0),
               coalesce(l."incomingCallCostInUSDCents", 0), coalesce(l."outgoingCallCostInUSDCents", 0),
               l."startedAt", l."endedAt", u.id,
               coalesce(l."currentEscalationRuleOrder", 1), coalesce(l."repeatCount", 0)
          FROM copied l
          JOIN public."Project" p ON p."_id" = l."projectId" AND p."deletedAt" IS NULL
          JOIN incoming_call_log.call_policy cp ON cp.project_id = l."projectId" AND cp.id = l."incomingCallPolicyId"
          LEFT JOIN incoming_call_log.app_user u ON u.id = l."answeredByUserId"
         WHERE l."deletedAt" IS NULL
        %s
        RETURNING c.project_id, c.id
        ), feed AS (
        -- What call_log_changed (src/change_capture.c) writes for each row, as one set.
        INSERT INTO incoming_call_log_internal.call_log_change AS f (project_id, id, txid, changed_at)
        SELECT w.project_id, w.id, pg_current_xact_id(), now() FROM w WHERE $1
        ON CONFLICT (project_id, id) DO UPDATE SET txid = excluded.txid, changed_at = excluded.changed_at
         WHERE f.txid <> excluded.txid
        )
        SELECT count(*) FROM w$copy$,
            CASE WHEN into_empty THEN '' ELSE $upsert$ON CONFLICT (project_id, id) DO UPDATE SET
                created_at = excluded.created_at, updated_at = excluded.updated_at,
                incoming_call_policy_id = excluded.incoming_call_policy_id,
                caller_phone_number = excluded.caller_phone_number,
                routing_phone_number = excluded.routing_phone_number,
                call_provider_call_id = excluded.call_provider_call_id,
                status = excluded.status, status_message = excluded.status_message,
                call_duration_in_seconds = excluded.call_duration_in_seconds,
                call_cost_in_usd_cents = excluded.call_cost_in_usd_cents,
                incoming_call_cost_in_usd_cents = excluded.incoming_call_cost_in_usd_cents,
                outgoing_call_cost_in_usd_cents = excluded.outgoing_call_cost_in_usd_cents,
                started_at = excluded.started_at, ended_at = excluded.ended_at,
                answered_by_user_id = excluded.answered_by_user_id,
                current_escalation_rule_order = excluded.current_escalation_rule_order,
                repeat_count = excluded.repeat_count$upsert$ END)
          INTO applied USING feed_by_set;
        PERFORM incoming_call_log_internal.feed_by_statement(false);
        FOREACH idx IN ARRAY paused LOOP
            EXECUTE format('REINDEX INDEX %s', idx);
        END LOOP;
        IF EXISTS (SELECT 1 FROM incoming_call_log_internal.follow_quarantine q WHERE q.source_table = 'IncomingCallLog') THEN
            DELETE FROM incoming_call_log_internal.follow_quarantine q USING copied l
             WHERE q.source_table = 'IncomingCallLog' AND q.source_id = l."_id";
        END IF;
        -- Some not applied: those refused for what they name wait in the quarantine.
        IF applied < copied_rows THEN
            PERFORM incoming_call_log_internal.follow_refuse_call_logs(ARRAY(
                SELECT l."_id" FROM copied l
                 WHERE l."projectId" IS NULL OR l."incomingCallPolicyId" IS NULL
                    OR NOT EXISTS (SELECT 1 FROM incoming_call_log.call_policy cp
                                    WHERE cp.project_id = l."projectId" AND cp.id = l."incomingCallPolicyId")));
        END IF;
        PERFORM set_config('session_replication_role', 'origin', true);
    EXCEPTION WHEN OTHERS THEN
        -- A row breaks a rule: the copied rows again as the live apply's
        -- sets (follow_apply_in_sets), a set holding such a row applied row
        -- by row.
        PERFORM set_config('session_replication_role', 'origin', true);
        OPEN logs FOR SELECT l."_id" FROM copied l;
        PERFORM incoming_call_log_internal.follow_apply_in_sets(logs);
    END;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_call_logs_copied() IS
'ALWAYS statement trigger of public."IncomingCallLog" while following: maps a table-sync worker''s initial COPY as one set (in smaller sets if a row breaks a rule)';

-- The four ALWAYS row triggers of the landing tables.  Each first takes the
-- mapping's advisory lock (class 1768825402, the OneUptime migration that
-- made the call tables; key 17, this issue) and makes the rest of the
-- applying transaction act as an ordinary writer (see above).
-- public."IncomingCallLog" changes as they are applied: each row change is
-- only recorded (follow_call_log_changed, C), and at the transaction's
-- commit the deferred constraint trigger follow_call_logs_commit hands the
-- recorded call logs to follow_apply_call_logs, once (src/follow_pending.c).
CREATE FUNCTION incoming_call_log_internal.follow_call_log_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_follow_call_log_changed'
LANGUAGE C;

COMMENT ON FUNCTION incoming_call_log_internal.follow_call_log_changed() IS
'ALWAYS row trigger of public."IncomingCallLog" while following: records the call log a change touched, mapped at commit (follow_call_logs_commit)';

CREATE FUNCTION incoming_call_log_internal.follow_call_logs_commit()
RETURNS trigger
AS 'MODULE_PATHNAME', 'icl_follow_call_logs_commit'
LANGUAGE C;

COMMENT ON FUNCTION incoming_call_log_internal.follow_call_logs_commit() IS
'ALWAYS deferred constraint trigger of public."IncomingCallLog" while following: at commit, maps the call logs the transaction changed as one set (follow_apply_call_logs)';

-- Call logs the extension's rules refuse for what they name rather than
-- for their own values: no project or no policy (call_log's not-null
-- rules), or a policy of another project (call_log_policy_of_same_project_fkey).
-- Unlike a parent not arrived yet, nothing will apply them: each waits in
-- the quarantine with its reason until a later version of it (or of its
-- policy) is valid.  ids: candidates (the others are left alone).
CREATE FUNCTION incoming_call_log_internal.follow_refuse_call_logs(ids uuid[])
RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
SELECT incoming_call_log_internal.follow_quarantine('IncomingCallLog', x."_id", x.code, x.reason)
  FROM (SELECT l."_id",
               CASE WHEN l."projectId" IS NULL OR l."incomingCallPolicyId" IS NULL THEN '23502' ELSE '23503' END AS code,
               CASE WHEN l."projectId" IS NULL
                    THEN 'null value in column "project_id" of relation "call_log" violates not-null constraint'
                    WHEN l."incomingCallPolicyId" IS NULL
                    THEN 'null value in column "incoming_call_policy_id" of relation "call_log" violates not-null constraint'
                    ELSE format('insert or update on table "call_log" violates foreign key constraint "call_log_policy_of_same_project_fkey": policy %s belongs to project %s, not %s',
                                l."incomingCallPolicyId", coalesce(cp."projectId"::text, 'none'), l."projectId")
               END AS reason
          FROM public."IncomingCallLog" l
          LEFT JOIN public."IncomingCallPolicy" cp ON cp."_id" = l."incomingCallPolicyId"
         WHERE l."_id" = ANY (ids) AND l."deletedAt" IS NULL
           AND (l."projectId" IS NULL OR l."incomingCallPolicyId" IS NULL
                OR (cp."_id" IS NOT NULL AND cp."projectId" IS DISTINCT FROM l."projectId"))
        OFFSET 0) x
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_refuse_call_logs(uuid[]) IS
'Quarantine the followed call logs among ids that name no project, no policy, or a policy of another project';

-- The mapping of followed call logs, as one set: ids, the call logs a
-- change touched; old_projects, where each was before its change (or
-- null).  Those gone or moved leave their old project, hidden ones
-- (soft-deleted, or their project is) leave call_log, those whose policy
-- is not there keep their last valid version (if any), the others are
-- upserted, and their quarantined versions are released.
-- The joins check what call_log's foreign keys would (its policy in
-- call_policy, hence its project; its user in app_user, else null, to be
-- filled in when the user applies: follow_apply_user), so the statements
-- run with session_replication_role = replica, without a foreign-key check
-- per row (call_log references its project, policy and user; nothing
-- references call_log); the callers hold the mapping's advisory lock, and
-- the guards keep those rows where they are.  Errors propagate: the callers
-- decide (follow_apply_call_logs, follow_apply_call_log).
CREATE FUNCTION incoming_call_log_internal.follow_map_call_logs(ids uuid[], old_projects uuid[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
-- Every statement below is lookups by key from the ids: nested loops over
-- them, never a hash or merge join that reads a whole table (which the
-- planner picked for a few thousand ids before the landing table had been
-- analyzed); the fenced subqueries read the landing rows by their key first.
SET enable_hashjoin = off
SET enable_mergejoin = off
AS $fn$
DECLARE
    applied bigint;
    feed boolean;
BEGIN
    PERFORM set_config('session_replication_role', 'replica', true);
    -- The feed's rows of these writes as one set, in the same statement
    -- (src/change_capture.c, feed_by_statement), when call_log_changed
    -- fires ALWAYS as installed; else the trigger records as a DBA set it.
    feed := incoming_call_log_internal.feed_by_statement(true);
    -- One statement: the call logs gone from their old project, those
    -- hidden or waiting, and those upserted are different rows of call_log.
    WITH moved AS (
    DELETE FROM incoming_call_log.call_log c
     USING (SELECT DISTINCT x.id, x.old_project FROM unnest(ids, old_projects) AS x(id, old_project)
             WHERE x.old_project IS NOT NULL OFFSET 0) x
     WHERE c.project_id = x.old_project AND c.id = x.id
       AND NOT EXISTS (SELECT 1 FROM public."IncomingCallLog" l WHERE l."_id" = x.id AND l."projectId" = x.old_project)
    RETURNING c.project_id, c.id
    ), hidden AS (
    -- A call log whose policy is not there (null, of another project, not
    -- applied yet) is not upserted: its last valid version stays, as for
    -- any row the rules refuse (follow_refuse_call_logs quarantines it).
    DELETE FROM incoming_call_log.call_log c
     USING (SELECT * FROM public."IncomingCallLog" l WHERE l."_id" = ANY (ids) OFFSET 0) l
     WHERE c.project_id = l."projectId" AND c.id = l."_id"
       AND (l."deletedAt" IS NOT NULL
            OR EXISTS (SELECT 1 FROM public."Project" p WHERE p."_id" = l."projectId" AND p."deletedAt" IS NOT NULL))
    RETURNING c.project_id, c.id
    ), upserted AS (
    INSERT INTO incoming_call_log.call_log AS c
           (id, created_at, updated_at, project_id, incoming_call_policy_id,
            caller_phone_number, routing_phone_number, call_provider_call_id, status, status_message,
            call_duration_in_seconds, call_cost_in_usd_cents, incoming_call_cost_in_usd_cents,
            outgoing_call_cost_in_usd_cents, started_at, ended_at, answered_by_user_id,
            current_escalation_rule_order, repeat_count)
    SELECT l."_id", l."createdAt", l."updatedAt", l."projectId", l."incomingCallPolicyId",
           l."callerPhoneNumber", l."routingPhoneNumber", l."callProviderCallId", l."status", l."statusMessage",
           coalesce(l."callDurationInSeconds", 0), coalesce(l."callCostInUSDCents", 0),
           coalesce(l."incomingCallCostInUSDCents", 0), coalesce(l."outgoingCallCostInUSDCents", 0),
           l."startedAt", l."endedAt", u.id,
           coalesce(l."currentEscalationRuleOrder", 1), coalesce(l."repeatCount", 0)
      FROM (SELECT * FROM public."IncomingCallLog" l WHERE l."_id" = ANY (ids) AND l."deletedAt" IS NULL OFFSET 0) l
      JOIN public."Project" p ON p."_id" = l."projectId" AND p."deletedAt" IS NULL
      JOIN incoming_call_log.call_policy cp ON cp.project_id = l."projectId" AND cp.id = l."incomingCallPolicyId"
      LEFT JOIN incoming_call_log.app_user u ON u.id = l."answeredByUserId"
    ON CONFLICT (project_id, id) DO UPDATE SET
            created_at = excluded.created_at, updated_at = excluded.updated_at,
            incoming_call_policy_id = excluded.incoming_call_policy_id,
            caller_phone_number = excluded.caller_phone_number,
            routing_phone_number = excluded.routing_phone_number,
            call_provider_call_id = excluded.call_provider_call_id,
            status = excluded.status, status_message = excluded.status_message,
            call_duration_in_seconds = excluded.call_duration_in_seconds,
            call_cost_in_usd_cents = excluded.call_cost_in_usd_cents,
            incoming_call_cost_in_usd_cents = excluded.incoming_call_cost_in_usd_cents,
            outgoing_call_cost_in_usd_cents = excluded.outgoing_call_cost_in_usd_cents,
            started_at = excluded.started_at, ended_at = excluded.ended_at,
            answered_by_user_id = excluded.answered_by_user_id,
            current_escalation_rule_order = excluded.current_escalation_rule_order,
            repeat_count = excluded.repeat_count
    RETURNING c.project_id, c.id
    ), changes AS (
    -- What call_log_changed (src/change_capture.c) writes for each row, as one set.
    INSERT INTO incoming_call_log_internal.call_log_change AS f (project_id, id, txid, changed_at)
    SELECT w.project_id, w.id, pg_current_xact_id(), now()
      FROM (SELECT DISTINCT * FROM (TABLE moved UNION ALL TABLE hidden UNION ALL TABLE upserted) k) w
     WHERE feed
    ON CONFLICT (project_id, id) DO UPDATE SET txid = excluded.txid, changed_at = excluded.changed_at
     WHERE f.txid <> excluded.txid
    )
    SELECT count(*) INTO applied FROM upserted;
    PERFORM incoming_call_log_internal.feed_by_statement(false);
    IF EXISTS (SELECT 1 FROM incoming_call_log_internal.follow_quarantine q WHERE q.source_table = 'IncomingCallLog') THEN
        DELETE FROM incoming_call_log_internal.follow_quarantine q
         WHERE q.source_table = 'IncomingCallLog' AND q.source_id = ANY (ids);
    END IF;
    -- Some not applied (hidden, waiting, gone, or refused for what they name).
    IF applied < cardinality(ids) THEN
        PERFORM incoming_call_log_internal.follow_refuse_call_logs(ids);
    END IF;
    PERFORM set_config('session_replication_role', 'origin', true);
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_map_call_logs(uuid[], uuid[]) IS
'Derive call_log''s rows of followed call logs as one set (old_projects: where each was before its change); errors propagate';

-- The call logs a transaction changed, mapped as one set
-- (follow_map_call_logs) under the mapping's advisory lock.  If one breaks
-- a rule the set is given up and each applied alone (and quarantined), in
-- the order of the changes (follow_apply_call_log).
CREATE FUNCTION incoming_call_log_internal.follow_apply_call_logs(ids uuid[], old_projects uuid[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(1768825402, 17);
    BEGIN
        PERFORM incoming_call_log_internal.follow_map_call_logs(ids, old_projects);
    EXCEPTION WHEN OTHERS THEN
        -- A row breaks a rule: each alone, in the order of the changes.
        PERFORM set_config('session_replication_role', 'origin', true);
        PERFORM incoming_call_log_internal.follow_apply_call_log(x.old_project, x.id)
           FROM unnest(ids, old_projects) WITH ORDINALITY AS x(id, old_project, n) ORDER BY x.n;
    END;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_apply_call_logs(uuid[], uuid[]) IS
'Derive call_log''s rows of the followed call logs a transaction changed, as one set (each alone, and quarantined, if one breaks a rule)';

-- The call log ids an open cursor yields, mapped as the live apply's sets
-- (follow_apply_call_logs), at most 10,000 at a time (FOLLOW_PENDING_MAX,
-- src/bounds.h): never one row at a time, nor every id in memory at once.
-- Closes the cursor.  For a parent's call logs (follow_apply_waiting) and
-- an initial copy whose set a row broke (follow_call_logs_copied, whose
-- cursor reads its transition table).
CREATE FUNCTION incoming_call_log_internal.follow_apply_in_sets(logs refcursor)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    log_id uuid;
    more boolean;
    batch uuid[] := '{}';
BEGIN
    LOOP
        FETCH logs INTO log_id;
        more := FOUND;
        IF cardinality(batch) > 0 AND (NOT more OR cardinality(batch) = 10000) THEN
            PERFORM incoming_call_log_internal.follow_apply_call_logs(batch, array_fill(NULL::uuid, ARRAY[cardinality(batch)]));
            batch := '{}';
        END IF;
        EXIT WHEN NOT more;
        batch := batch || log_id;
    END LOOP;
    CLOSE logs;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_apply_in_sets(refcursor) IS
'Map the followed call logs whose ids an open cursor yields, 10,000 at a time, as the live apply''s sets; closes the cursor';

-- The call logs of a parent, derived again when it changes as a whole: a
-- policy or user applied for the first time (its children arrived before
-- it), a project whose "deletedAt" was set or cleared (by_policy and
-- by_user null).  In the live apply's sets, 10,000 at a time
-- (follow_apply_in_sets), so that a project of millions of call logs is
-- neither one row at a time nor one array in memory.
CREATE FUNCTION incoming_call_log_internal.follow_apply_waiting(by_project uuid, by_policy uuid, by_user uuid)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    logs refcursor;
BEGIN
    IF by_policy IS NOT NULL THEN
        OPEN logs FOR SELECT l."_id" FROM public."IncomingCallLog" l
                       WHERE l."incomingCallPolicyId" = by_policy AND l."projectId" = by_project;
    ELSIF by_user IS NOT NULL THEN
        OPEN logs FOR SELECT l."_id" FROM public."IncomingCallLog" l WHERE l."answeredByUserId" = by_user;
    ELSE
        OPEN logs FOR SELECT l."_id" FROM public."IncomingCallLog" l WHERE l."projectId" = by_project;
    END IF;
    PERFORM incoming_call_log_internal.follow_apply_in_sets(logs);
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_apply_waiting(uuid, uuid, uuid) IS
'Derive again, in sets, the followed call logs of a policy (by_project, by_policy) or a user (by_user) applied for the first time, or of a project (by_project) whose "deletedAt" changed';

CREATE FUNCTION incoming_call_log_internal.follow_policy_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(1768825402, 17);
    IF current_setting('session_replication_role') <> 'origin' THEN
        PERFORM set_config('session_replication_role', 'origin', true);
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM incoming_call_log_internal.follow_apply_policy(OLD."projectId", OLD."_id", false);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM incoming_call_log_internal.follow_apply_policy(NULL, NEW."_id", true);
    ELSE
        IF OLD."_id" <> NEW."_id" THEN
            PERFORM incoming_call_log_internal.follow_apply_policy(OLD."projectId", OLD."_id", false);
        END IF;
        PERFORM incoming_call_log_internal.follow_apply_policy(OLD."projectId", NEW."_id",
                    OLD."_id" <> NEW."_id" OR OLD."projectId" IS DISTINCT FROM NEW."projectId");
    END IF;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_policy_changed() IS
'ALWAYS row trigger of public."IncomingCallPolicy" while following: maps the change into call_policy';

CREATE FUNCTION incoming_call_log_internal.follow_project_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(1768825402, 17);
    IF current_setting('session_replication_role') <> 'origin' THEN
        PERFORM set_config('session_replication_role', 'origin', true);
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM incoming_call_log_internal.follow_apply_project(OLD."_id", false, false);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM incoming_call_log_internal.follow_apply_project(NEW."_id", false, true);
    ELSE
        IF OLD."_id" <> NEW."_id" THEN
            PERFORM incoming_call_log_internal.follow_apply_project(OLD."_id", false, false);
        END IF;
        PERFORM incoming_call_log_internal.follow_apply_project(NEW."_id",
                    (OLD."deletedAt" IS NULL) <> (NEW."deletedAt" IS NULL), OLD."_id" <> NEW."_id");
    END IF;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_project_changed() IS
'ALWAYS row trigger of public."Project" while following: maps the change into project (and its call logs'' visibility)';

CREATE FUNCTION incoming_call_log_internal.follow_user_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(1768825402, 17);
    IF current_setting('session_replication_role') <> 'origin' THEN
        PERFORM set_config('session_replication_role', 'origin', true);
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM incoming_call_log_internal.follow_apply_user(OLD."_id");
    ELSE
        IF TG_OP = 'UPDATE' AND OLD."_id" <> NEW."_id" THEN
            PERFORM incoming_call_log_internal.follow_apply_user(OLD."_id");
        END IF;
        PERFORM incoming_call_log_internal.follow_apply_user(NEW."_id");
    END IF;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_user_changed() IS
'ALWAYS row trigger of public."User" while following: maps the change into app_user';

-- A TRUNCATE OneUptime publishes (PostgreSQL replicates it as one; no row
-- trigger fires): before the landing table is emptied, what its rows had
-- derived goes as their hard deletes would take it (a project with its
-- policies, call logs, keys and grants; a policy with its call logs; a
-- user leaves its call logs answered by nobody).  Rows of other landing
-- tables that depended on them wait, as they do for a parent not yet
-- arrived.
CREATE FUNCTION incoming_call_log_internal.follow_truncated()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(1768825402, 17);
    IF current_setting('session_replication_role') <> 'origin' THEN
        PERFORM set_config('session_replication_role', 'origin', true);
    END IF;
    IF TG_TABLE_NAME = 'IncomingCallLog' THEN
        DELETE FROM incoming_call_log.call_log c USING public."IncomingCallLog" l
         WHERE c.project_id = l."projectId" AND c.id = l."_id";
    ELSIF TG_TABLE_NAME = 'IncomingCallPolicy' THEN
        DELETE FROM incoming_call_log.call_policy c USING public."IncomingCallPolicy" l
         WHERE c.project_id = l."projectId" AND c.id = l."_id";
        DELETE FROM incoming_call_log_internal.follow_soft_deleted h WHERE h.source_table = 'IncomingCallPolicy';
    ELSIF TG_TABLE_NAME = 'User' THEN
        DELETE FROM incoming_call_log.app_user u USING public."User" l WHERE u.id = l."_id";
        DELETE FROM incoming_call_log_internal.follow_soft_deleted h WHERE h.source_table = 'User';
    ELSIF TG_TABLE_NAME = 'Project' THEN
        DELETE FROM incoming_call_log.project p USING public."Project" l WHERE p.id = l."_id";
    END IF;
    DELETE FROM incoming_call_log_internal.follow_quarantine q WHERE q.source_table = TG_TABLE_NAME;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_truncated() IS
'ALWAYS BEFORE TRUNCATE trigger of the landing tables while following: a TRUNCATE OneUptime publishes deletes what the truncated rows had derived';

CREATE FUNCTION incoming_call_log_internal.follow_setup()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    taken text;
BEGIN
    SELECT string_agg(format('public.%I', t.n), ', ' ORDER BY t.o) INTO taken
      FROM unnest(ARRAY['Project', 'User', 'IncomingCallPolicy', 'IncomingCallLog']) WITH ORDINALITY AS t(n, o)
     WHERE to_regclass(format('public.%I', t.n)) IS NOT NULL;
    IF taken IS NOT NULL THEN
        RAISE EXCEPTION 'cannot follow OneUptime: table % already exists', taken
            USING ERRCODE = '42P07',
                  DETAIL = 'OneUptime''s rows land in public."Project", public."User", public."IncomingCallPolicy" and public."IncomingCallLog": logical replication matches tables by schema-qualified name.',
                  HINT = 'Rename or drop these tables, or follow from another database.';
    END IF;

    -- The published columns only (doc/following-oneuptime.md).  Types: OneUptime's, widened
    -- where a later OneUptime may send more (character varying(n) -> text)
    -- or where its versions differ ("Project"/"User" dates, see follow_utc);
    -- no constraint but the key, so the apply itself never fails.
    CREATE TABLE public."Project" (
        "_id" uuid PRIMARY KEY, "name" text,
        "createdAt" text, "updatedAt" text, "deletedAt" text);
    CREATE TABLE public."User" (
        "_id" uuid PRIMARY KEY, "name" text, "email" text,
        "createdAt" text, "updatedAt" text, "deletedAt" text);
    CREATE TABLE public."IncomingCallPolicy" (
        "_id" uuid PRIMARY KEY, "projectId" uuid, "name" text, "routingPhoneNumber" text,
        "createdAt" timestamptz, "updatedAt" timestamptz, "deletedAt" timestamptz);
    CREATE TABLE public."IncomingCallLog" (
        "_id" uuid PRIMARY KEY, "projectId" uuid, "incomingCallPolicyId" uuid,
        "callerPhoneNumber" text, "routingPhoneNumber" text, "callProviderCallId" text,
        "status" text, "statusMessage" text,
        "callDurationInSeconds" integer, "callCostInUSDCents" integer,
        "incomingCallCostInUSDCents" integer, "outgoingCallCostInUSDCents" integer,
        "startedAt" timestamptz, "endedAt" timestamptz, "answeredByUserId" uuid,
        "currentEscalationRuleOrder" integer, "repeatCount" integer,
        "createdAt" timestamptz, "updatedAt" timestamptz, "deletedAt" timestamptz);
    -- A parent's arrival finds its waiting children by these.
    CREATE INDEX ON public."IncomingCallPolicy" ("projectId");
    CREATE INDEX ON public."IncomingCallLog" ("projectId");
    CREATE INDEX ON public."IncomingCallLog" ("incomingCallPolicyId");
    CREATE INDEX ON public."IncomingCallLog" ("answeredByUserId") WHERE "answeredByUserId" IS NOT NULL;

    CREATE TRIGGER follow_project_changed AFTER INSERT OR UPDATE OR DELETE ON public."Project"
        FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.follow_project_changed();
    CREATE TRIGGER follow_user_changed AFTER INSERT OR UPDATE OR DELETE ON public."User"
        FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.follow_user_changed();
    CREATE TRIGGER follow_policy_changed AFTER INSERT OR UPDATE OR DELETE ON public."IncomingCallPolicy"
        FOR EACH ROW EXECUTE FUNCTION incoming_call_log_internal.follow_policy_changed();
    CREATE TRIGGER follow_call_log_changed AFTER INSERT OR UPDATE OR DELETE ON public."IncomingCallLog"
        FOR EACH ROW WHEN (NOT incoming_call_log_internal.follow_copying())
        EXECUTE FUNCTION incoming_call_log_internal.follow_call_log_changed();
    CREATE CONSTRAINT TRIGGER follow_call_logs_commit AFTER INSERT OR UPDATE OR DELETE ON public."IncomingCallLog"
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW WHEN (NOT incoming_call_log_internal.follow_copying())
        EXECUTE FUNCTION incoming_call_log_internal.follow_call_logs_commit();
    -- Its initial copy, as one set (follow_call_logs_copied).
    CREATE TRIGGER follow_call_logs_copied AFTER INSERT ON public."IncomingCallLog"
        REFERENCING NEW TABLE AS copied
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_call_logs_copied();
    ALTER TABLE public."Project" ENABLE ALWAYS TRIGGER follow_project_changed;
    ALTER TABLE public."User" ENABLE ALWAYS TRIGGER follow_user_changed;
    ALTER TABLE public."IncomingCallPolicy" ENABLE ALWAYS TRIGGER follow_policy_changed;
    ALTER TABLE public."IncomingCallLog" ENABLE ALWAYS TRIGGER follow_call_log_changed;
    ALTER TABLE public."IncomingCallLog" ENABLE ALWAYS TRIGGER follow_call_logs_copied;
    ALTER TABLE public."IncomingCallLog" ENABLE ALWAYS TRIGGER follow_call_logs_commit;
    -- Only the subscription writes them (a direct write would reach the mapping).
    CREATE TRIGGER follow_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON public."Project"
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_guard();
    CREATE TRIGGER follow_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON public."User"
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_guard();
    CREATE TRIGGER follow_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON public."IncomingCallPolicy"
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_guard();
    CREATE TRIGGER follow_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON public."IncomingCallLog"
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_guard();
    ALTER TABLE public."Project" ENABLE ALWAYS TRIGGER follow_guard;
    ALTER TABLE public."User" ENABLE ALWAYS TRIGGER follow_guard;
    ALTER TABLE public."IncomingCallPolicy" ENABLE ALWAYS TRIGGER follow_guard;
    ALTER TABLE public."IncomingCallLog" ENABLE ALWAYS TRIGGER follow_guard;
    CREATE TRIGGER follow_truncated BEFORE TRUNCATE ON public."Project"
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_truncated();
    CREATE TRIGGER follow_truncated BEFORE TRUNCATE ON public."User"
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_truncated();
    CREATE TRIGGER follow_truncated BEFORE TRUNCATE ON public."IncomingCallPolicy"
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_truncated();
    CREATE TRIGGER follow_truncated BEFORE TRUNCATE ON public."IncomingCallLog"
        FOR EACH STATEMENT EXECUTE FUNCTION incoming_call_log_internal.follow_truncated();
    ALTER TABLE public."Project" ENABLE ALWAYS TRIGGER follow_truncated;
    ALTER TABLE public."User" ENABLE ALWAYS TRIGGER follow_truncated;
    ALTER TABLE public."IncomingCallPolicy" ENABLE ALWAYS TRIGGER follow_truncated;
    ALTER TABLE public."IncomingCallLog" ENABLE ALWAYS TRIGGER follow_truncated;

    COMMENT ON TABLE public."Project" IS 'OneUptime''s "Project" rows, followed by incoming_call_log (follow_oneuptime); unfollow_oneuptime drops it';
    COMMENT ON TABLE public."User" IS 'OneUptime''s "User" rows, followed by incoming_call_log (follow_oneuptime); unfollow_oneuptime drops it';
    COMMENT ON TABLE public."IncomingCallPolicy" IS 'OneUptime''s "IncomingCallPolicy" rows, followed by incoming_call_log (follow_oneuptime); unfollow_oneuptime drops it';
    COMMENT ON TABLE public."IncomingCallLog" IS 'OneUptime''s "IncomingCallLog" rows, followed by incoming_call_log (follow_oneuptime); unfollow_oneuptime drops it';

    ALTER TABLE incoming_call_log.project     ENABLE ALWAYS TRIGGER project_followed;
    ALTER TABLE incoming_call_log.app_user    ENABLE ALWAYS TRIGGER app_user_followed;
    ALTER TABLE incoming_call_log.call_policy ENABLE ALWAYS TRIGGER call_policy_followed;
    ALTER TABLE incoming_call_log.call_log    ENABLE ALWAYS TRIGGER call_log_followed;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_setup() IS
'follow_oneuptime''s local half: the landing tables in schema public (refused if any exists), their mapping triggers, the guards on';

CREATE FUNCTION incoming_call_log_internal.follow_teardown()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    DROP TABLE IF EXISTS public."IncomingCallLog", public."IncomingCallPolicy", public."User", public."Project";
    DELETE FROM incoming_call_log_internal.follow_quarantine;
    ALTER TABLE incoming_call_log.project     DISABLE TRIGGER project_followed;
    ALTER TABLE incoming_call_log.app_user    DISABLE TRIGGER app_user_followed;
    ALTER TABLE incoming_call_log.call_policy DISABLE TRIGGER call_policy_followed;
    ALTER TABLE incoming_call_log.call_log    DISABLE TRIGGER call_log_followed;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_teardown() IS
'unfollow_oneuptime''s local half: the landing tables and the quarantine go, the guards off; the extension''s tables keep their rows';

CREATE FUNCTION incoming_call_log_internal.follow_check_publication(schemas text[], tables text[], columns text[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    extra text;
    missing text;
BEGIN
    SELECT string_agg(DISTINCT format('%I.%I (%I)', p.s, p.t, p.c), ', ') INTO extra
      FROM unnest(schemas, tables, columns) AS p(s, t, c)
     WHERE p.s <> 'public'
        OR p.t NOT IN ('Project', 'User', 'IncomingCallPolicy', 'IncomingCallLog')
        OR NOT EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = to_regclass(format('public.%I', p.t))
                          AND a.attname = p.c AND a.attnum > 0 AND NOT a.attisdropped);
    IF extra IS NOT NULL THEN
        RAISE EXCEPTION 'the publication publishes columns that are not followed: %', extra
            USING ERRCODE = '42P17',
                  DETAIL = 'Following OneUptime takes exactly the columns doc/following-oneuptime.md lists, with column lists (the stream then keeps working when OneUptime adds columns).',
                  HINT = 'Create the publication as doc/following-oneuptime.md shows.';
    END IF;
    SELECT string_agg(format('public.%I', n), ', ') INTO missing
      FROM unnest(ARRAY['Project', 'User', 'IncomingCallPolicy', 'IncomingCallLog']) AS n
     WHERE NOT n = ANY (tables);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'the publication does not publish %', missing
            USING ERRCODE = '42P17',
                  HINT = 'Create the publication as doc/following-oneuptime.md shows.';
    END IF;
    -- Every column of the landing tables: a column left out would arrive null.
    SELECT string_agg(format('public.%I (%I)', c.relname, a.attname), ', ' ORDER BY c.relname, a.attnum) INTO missing
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relname IN ('Project', 'User', 'IncomingCallPolicy', 'IncomingCallLog') AND c.relkind = 'r'
       AND NOT EXISTS (SELECT 1 FROM unnest(schemas, tables, columns) AS p(s, t, col)
                        WHERE p.s = 'public' AND p.t = c.relname AND p.col = a.attname);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'the publication does not publish columns that are followed: %', missing
            USING ERRCODE = '42P17',
                  DETAIL = 'Following OneUptime takes exactly the columns doc/following-oneuptime.md lists; one left out would arrive null.',
                  HINT = 'Create the publication as doc/following-oneuptime.md shows.';
    END IF;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log_internal.follow_check_publication(text[], text[], text[]) IS
'Refuse a publication whose (schema, table, column)s are not exactly the landing tables'' columns: more, a table fewer or a column fewer';

CREATE FUNCTION incoming_call_log_internal.follow_publisher_lag(OUT lag_bytes bigint, OUT lag interval, OUT error text)
RETURNS record
AS 'MODULE_PATHNAME', 'icl_follow_publisher_lag'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log_internal.follow_publisher_lag() IS
'Asked of OneUptime''s server: bytes of WAL the slot has not confirmed, the walsender''s replay lag; error when it could not be asked';

CREATE FUNCTION incoming_call_log.follow_oneuptime(conninfo text, publication text DEFAULT 'incoming_call_log')
RETURNS void
AS 'MODULE_PATHNAME', 'icl_follow_oneuptime'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.follow_oneuptime(text, text) IS
'Follow OneUptime''s database (doc/following-oneuptime.md): create the replication slot there, subscribe to the publication; the initial copy is the backfill, then every change arrives';

CREATE FUNCTION incoming_call_log.unfollow_oneuptime()
RETURNS void
AS 'MODULE_PATHNAME', 'icl_unfollow_oneuptime'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION incoming_call_log.unfollow_oneuptime() IS
'Stop following OneUptime: drop the subscription, the landing tables and (at commit) the replication slot on OneUptime''s server; the extension''s tables keep their rows';

CREATE FUNCTION incoming_call_log.follow_status()
RETURNS TABLE (following boolean, subscription text, publication text, slot_name text, enabled boolean,
               state text, tables_copying integer, projects bigint, users bigint, policies bigint,
               call_logs bigint, quarantined bigint, apply_errors bigint, received_lsn pg_lsn,
               last_message_at timestamptz, lag_bytes bigint, lag interval, publisher_error text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    s record;
    w record;
    p record;
BEGIN
    SELECT sub.oid, sub.subname::text AS name, array_to_string(sub.subpublications, ', ') AS pubs,
           sub.subslotname::text AS slot, sub.subenabled AS is_enabled
      INTO s
      FROM pg_subscription sub
     WHERE sub.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
       AND sub.subname = 'incoming_call_log_oneuptime';
    following := FOUND;
    projects := (SELECT count(*) FROM incoming_call_log.project);
    users := (SELECT count(*) FROM incoming_call_log.app_user);
    policies := (SELECT count(*) FROM incoming_call_log.call_policy);
    call_logs := (SELECT count(*) FROM incoming_call_log.call_log);
    quarantined := (SELECT count(*) FROM incoming_call_log_internal.follow_quarantine);
    IF NOT following THEN
        state := 'not following';
        RETURN NEXT;
        RETURN;
    END IF;
    subscription := s.name;
    publication := s.pubs;
    slot_name := s.slot;
    enabled := s.is_enabled;
    tables_copying := (SELECT count(*) FROM pg_subscription_rel r
                        WHERE r.srsubid = s.oid AND r.srsubstate <> 'r');
    SELECT st.pid, st.received_lsn, st.last_msg_receipt_time INTO w
      FROM pg_stat_subscription st
     WHERE st.subid = s.oid AND st.relid IS NULL
     ORDER BY st.pid NULLS LAST LIMIT 1;
    received_lsn := w.received_lsn;
    last_message_at := w.last_msg_receipt_time;
    apply_errors := (SELECT ss.apply_error_count + ss.sync_error_count
                       FROM pg_stat_subscription_stats ss WHERE ss.subid = s.oid);
    state := CASE WHEN NOT s.is_enabled THEN 'disabled'
                  WHEN w.pid IS NULL THEN 'starting'
                  WHEN tables_copying > 0 THEN 'copying'
                  ELSE 'streaming' END;
    SELECT * INTO p FROM incoming_call_log_internal.follow_publisher_lag();
    lag_bytes := p.lag_bytes;
    lag := p.lag;
    publisher_error := p.error;
    RETURN NEXT;
END
$fn$;

COMMENT ON FUNCTION incoming_call_log.follow_status() IS
'Following OneUptime at a glance: following or not, the subscription''s state, tables still copying, rows in project / app_user / call_policy / call_log, rows quarantined, apply errors, and how far behind (bytes and time, asked of OneUptime''s server)';


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
