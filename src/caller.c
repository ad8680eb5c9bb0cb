/*
 * caller.c — resolve every call, in C, to exactly one project and a set of
 * permissions (doc/reference.md, issue "SQL roles as callers").
 *
 * 1. An API key in request.headers decides alone: unknown, expired or
 *    revoked is PT401; its project and permissions are the caller's.  A
 *    tenantid naming another project is PT403; nothing widens a key.
 * 2. Without a key the caller is the database role: the projects its grants
 *    (access_grant, through membership) give it.  tenantid names the
 *    project; a role with exactly one project may omit it.  A role holding
 *    the admin capability (and superusers, and the extension owner) reads
 *    any existing project it names.  A role with no way in at all is PT401;
 *    a project it has no access to, or that does not exist, is PT403.
 *
 * A refusal says what the caller can fix from what it sent itself: why no
 * key was read from request.headers (unset, as psql's autocommit leaves a
 * set_config(..., true); not a JSON object; "ApiKey" for "apikey"), when an
 * expired key expired, that a tenantid is not a uuid.  None of it is about
 * the request or the data, so the order of checks (doc/reference.md) still tells an
 * unauthenticated caller nothing.
 *
 * Key lookups go by the SHA-256 of the key (key_cache.c: a per-backend
 * cache, else the unique index), so the comparison never walks stored
 * hashes; a role's grants are read through its memberships (grants.c).
 * Nothing here writes: the read path works in read-only transactions and on
 * hot standbys.
 */
#include "postgres.h"

#include "access/xact.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/timestamp.h"

#include "arguments.h"
#include "caller.h"
#include "errors.h"
#include "grants.h"
#include "key_cache.h"
#include "request_headers.h"
#include "values.h"

static void
refuse(Caller *caller, CallerStatus status, const char *message, const char *detail, const char *hint)
{
	caller->status = status;
	caller->message = message;
	caller->detail = detail;
	caller->hint = hint;
}

/* A timestamp as the API shows one (UTC ISO-8601, ms, Z), whatever TimeZone and DateStyle say. */
static char *
utc_text(TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (TIMESTAMP_IS_NOBEGIN(ts))
		return "-infinity";
	if (TIMESTAMP_IS_NOEND(ts))
		return "infinity";
	if (timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		return "(out of range)";
	return psprintf("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year, tm.tm_mon, tm.tm_mday,
					tm.tm_hour, tm.tm_min, tm.tm_sec, (int) (fsec / 1000));
}

/* The tenantid as written, JSON-quoted and cut for a message. */
static char *
quoted_tenantid(const char *tenantid)
{
	StringInfoData buf;

	initStringInfo(&buf);
	escape_json(&buf, argument_for_message(tenantid));
	return buf.data;
}

/*
 * Why no key was read, as the middle of a sentence ("No API key was
 * presented: <why>, and ..."), and what to do about it.  admin: the role may
 * name any project in tenantid instead.
 */
static void
no_key(const RequestHeaders *headers, bool admin, const char **why, const char **hint)
{
	const char *present = admin
		? "Name the project in the tenantid request header, or present an API key in the apikey request header."
		: "Present an API key in the apikey request header.";

	switch (headers->problem)
	{
		case HEADERS_ABSENT:
			*why = "request.headers is not set";
			*hint = psprintf("%s In psql, set_config('request.headers', ..., true) outside a transaction "
							 "is gone at the next statement: run it after BEGIN, or pass false as is_local.",
							 present);
			break;
		case HEADERS_UNREADABLE:
			*why = "request.headers is not a JSON object";
			*hint = "Set request.headers to a JSON object of lower-case header names, as PostgREST does: "
				"{\"apikey\": \"...\"}.";
			break;
		case HEADERS_APIKEY_UNUSABLE:
			*why = "the apikey member of request.headers is not one non-empty string";
			*hint = "Give the apikey member once, as a non-empty JSON string.";
			break;
		case HEADERS_APIKEY_MISCASED:
			*why = psprintf("request.headers has a member \"%s\" but none named \"apikey\"",
							headers->apikey_name);
			*hint = "PostgREST passes header names in lower case, and the names in request.headers "
				"must be lower case too: name the member \"apikey\".";
			break;
		default:
			*why = "request.headers has no apikey member";
			*hint = present;
			break;
	}
}

static void
resolve_by_key(Caller *caller, const RequestHeaders *headers)
{
	KeyRecord	key;
	pg_uuid_t	tenant;

	caller->by_api_key = true;
	if (!key_cache_find(headers->apikey_hash, &key))
	{
		refuse(caller, CALLER_UNAUTHENTICATED, "API key is not valid",
			   "No key with this value exists.", "Present a key made by incoming_call_log.create_api_key.");
		return;
	}
	/* Known from here on, also when refused (usage statistics count by it). */
	caller->key_known = true;
	caller->key_id = key.id;
	caller->project_id = key.project_id;
	if (key.revoked)
	{
		refuse(caller, CALLER_UNAUTHENTICATED, "API key has been revoked",
			   "The key was revoked by incoming_call_log.revoke_api_key; a revoked key never works again.",
			   "Present another key (the extension owner makes them with incoming_call_log.create_api_key).");
		return;
	}
	if (key.expires_at <= GetCurrentTransactionStartTimestamp())
	{
		refuse(caller, CALLER_UNAUTHENTICATED, "API key has expired",
			   psprintf("The key expired at %s.", utc_text(key.expires_at)),
			   "Present another key (the extension owner makes them with incoming_call_log.create_api_key).");
		return;
	}
	caller->permissions = key.permissions;

	if (headers->tenantid != NULL && !parse_uuid(headers->tenantid, &tenant))
	{
		refuse(caller, CALLER_FORBIDDEN, "API key does not give access to the project named in tenantid",
			   psprintf("tenantid %s is not a uuid.", quoted_tenantid(headers->tenantid)),
			   "Leave tenantid out, or name the key's project.");
		return;
	}
	if (headers->tenantid != NULL && memcmp(&tenant, &caller->project_id, sizeof(pg_uuid_t)) != 0)
	{
		refuse(caller, CALLER_FORBIDDEN, "API key does not give access to the project named in tenantid",
			   "A key reads only its own project.", "Leave tenantid out, or name the key's project.");
		return;
	}
	caller->status = CALLER_OK;
}

static void
resolve_by_role(Caller *caller, const RequestHeaders *headers, Oid role, Oid owner)
{
	const char *rolename = GetUserNameFromId(role, true);
	bool		admin;
	pg_uuid_t	any_project;
	int			nprojects;
	PermissionSet any_perms;
	const char *why;
	const char *hint;

	if (rolename == NULL)
		rolename = "(dropped role)";
	admin = superuser_arg(role) || has_privs_of_role(role, owner) ||
		grants_capability(role, "admin");

	if (headers->tenantid != NULL)
	{
		pg_uuid_t	project;
		bool		has_grant = false;
		bool		is_uuid = parse_uuid(headers->tenantid, &project);

		if (is_uuid)
		{
			caller->permissions = grants_on_project(role, &project, &has_grant, false);
			if (admin && project_exists(&project))
			{
				caller->permissions |= PERM_READ_ANY;
				has_grant = true;
			}
		}
		if (has_grant)
		{
			caller->project_id = project;
			caller->status = CALLER_OK;
			return;
		}
		if (admin || grants_projects(role, &any_project, &any_perms) > 0)
			refuse(caller, CALLER_FORBIDDEN,
				   psprintf("role \"%s\" has no access to the project named in tenantid", rolename),
				   is_uuid ? NULL : psprintf("tenantid %s is not a uuid.", quoted_tenantid(headers->tenantid)),
				   NULL);
		else
		{
			no_key(headers, admin, &why, &hint);
			refuse(caller, CALLER_UNAUTHENTICATED, "not authenticated",
				   psprintf("No API key was presented: %s, and role \"%s\" has no access to any project.",
							why, rolename),
				   hint);
		}
		return;
	}

	nprojects = grants_projects(role, &any_project, &any_perms);
	if (nprojects == 1)
	{
		caller->project_id = any_project;
		caller->permissions = any_perms;
		caller->status = CALLER_OK;
	}
	else if (nprojects > 1)
		refuse(caller, CALLER_FORBIDDEN,
			   psprintf("role \"%s\" has access to several projects", rolename),
			   NULL, "Name the project in the tenantid request header.");
	else
	{
		no_key(headers, admin, &why, &hint);
		refuse(caller, CALLER_UNAUTHENTICATED, "not authenticated",
			   admin ? psprintf("No API key was presented: %s, and role \"%s\" named no project.", why, rolename)
			   : psprintf("No API key was presented: %s, and role \"%s\" has no access to any project.",
						  why, rolename),
			   hint);
	}
}

void
caller_resolve(Caller *caller, Oid role, Oid owner)
{
	RequestHeaders headers;

	memset(caller, 0, sizeof(*caller));
	request_headers_read(&headers);
	if (headers.apikey != NULL)
		resolve_by_key(caller, &headers);
	else
		resolve_by_role(caller, &headers, role, owner);
}

bool
caller_can_read(const Caller *caller)
{
	return caller->status == CALLER_OK && (caller->permissions & PERM_READ_ANY) != 0;
}

void
caller_require_read(const Caller *caller)
{
	switch (caller->status)
	{
		case CALLER_UNAUTHENTICATED:
			ereport(ERROR,
					(errcode(ERRCODE_ICL_UNAUTHENTICATED),
					 errmsg("%s", caller->message),
					 caller->detail ? errdetail("%s", caller->detail) : 0,
					 caller->hint ? errhint("%s", caller->hint) : 0));
			break;
		case CALLER_FORBIDDEN:
			ereport(ERROR,
					(errcode(ERRCODE_ICL_FORBIDDEN),
					 errmsg("%s", caller->message),
					 caller->detail ? errdetail("%s", caller->detail) : 0,
					 caller->hint ? errhint("%s", caller->hint) : 0));
			break;
		case CALLER_OK:
			if ((caller->permissions & PERM_READ_ANY) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_ICL_FORBIDDEN),
						 errmsg("permission denied to read incoming call logs"),
						 errdetail("The %s holds none of the read permissions: %s.",
								   caller->by_api_key ? "API key" : "role", permission_names_list())));
			break;
	}
}
