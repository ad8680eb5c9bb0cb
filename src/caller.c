/*
 * caller.c — resolve every call, in C, to exactly one project and a set of
 * permissions (SPEC §2, issue "SQL roles as callers").
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
 * Key lookups go by the SHA-256 of the key (key_cache.c: a per-backend
 * cache, else the unique index), so the comparison never walks stored hashes.  Nothing here writes: the read path
 * works in read-only transactions and on hot standbys.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "api_key.h"
#include "caller.h"
#include "errors.h"
#include "key_cache.h"
#include "plan_cache.h"
#include "request_headers.h"
#include "values.h"

#define SQL_GRANTS_OF_PROJECT \
	"SELECT role, permissions FROM incoming_call_log.access_grant WHERE project_id = $1"
#define SQL_ALL_GRANTS \
	"SELECT project_id, role, permissions FROM incoming_call_log.access_grant"
#define SQL_CAPABILITY_ROLES \
	"SELECT role FROM incoming_call_log.role_capability WHERE capability = $1"
#define SQL_PROJECT_EXISTS \
	"SELECT 1 FROM incoming_call_log.project WHERE id = $1"

static void
refuse(Caller *caller, CallerStatus status, const char *message, const char *detail, const char *hint)
{
	caller->status = status;
	caller->message = message;
	caller->detail = detail;
	caller->hint = hint;
}

static SPITupleTable *
run(const char *sql, int nargs, Oid *types, Datum *values)
{
	SPIPlanPtr	plan = plan_cache_get(sql, nargs, types);
	int			rc = SPI_execute_plan(plan, values, NULL, true, 0);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: lookup failed: %s", SPI_result_code_string(rc));
	return SPI_tuptable;
}

static Datum
column(SPITupleTable *tab, uint64 row, int attno, bool *isnull)
{
	return SPI_getbinval(tab->vals[row], tab->tupdesc, attno, isnull);
}

static PermissionSet
permissions_datum(Datum d)
{
	return permissions_from_array(DatumGetArrayTypeP(d), false);
}

bool
role_holds(Oid role, Oid grant_role)
{
	if (superuser_arg(role))
		return is_member_of_role_nosuper(role, grant_role);
	return has_privs_of_role(role, grant_role);
}

PermissionSet
role_project_permissions(Oid role, const pg_uuid_t *project, bool *has_grant)
{
	Oid			types[1] = {UUIDOID};
	Datum		values[1] = {UUIDPGetDatum(project)};
	SPITupleTable *tab = run(SQL_GRANTS_OF_PROJECT, 1, types, values);
	PermissionSet perms = 0;

	*has_grant = false;
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		Oid			grantee = DatumGetObjectId(column(tab, i, 1, &isnull));

		if (!role_holds(role, grantee))
			continue;
		*has_grant = true;
		perms |= permissions_datum(column(tab, i, 2, &isnull));
	}
	return perms;
}

bool
role_has_capability(Oid role, const char *capability)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(capability)};
	SPITupleTable *tab = run(SQL_CAPABILITY_ROLES, 1, types, values);

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		if (role_holds(role, DatumGetObjectId(column(tab, i, 1, &isnull))))
			return true;
	}
	return false;
}

bool
project_exists(const pg_uuid_t *project)
{
	Oid			types[1] = {UUIDOID};
	Datum		values[1] = {UUIDPGetDatum(project)};

	run(SQL_PROJECT_EXISTS, 1, types, values);
	return SPI_processed > 0;
}

static void
resolve_by_key(Caller *caller, const RequestHeaders *headers)
{
	KeyRecord	key;
	bytea	   *hash = api_key_hash(headers->apikey);
	pg_uuid_t	tenant;

	caller->by_api_key = true;
	if (!key_cache_find((const uint8 *) VARDATA(hash), &key))
	{
		refuse(caller, CALLER_UNAUTHENTICATED, "API key is not valid",
			   "No key with this value exists.", "Present a key made by incoming_call_log.create_api_key.");
		return;
	}
	if (key.revoked)
	{
		refuse(caller, CALLER_UNAUTHENTICATED, "API key has been revoked", NULL, NULL);
		return;
	}
	if (key.expires_at <= GetCurrentTransactionStartTimestamp())
	{
		refuse(caller, CALLER_UNAUTHENTICATED, "API key has expired", NULL, NULL);
		return;
	}
	caller->project_id = key.project_id;
	caller->permissions = key.permissions;

	if (headers->tenantid != NULL &&
		(!parse_uuid(headers->tenantid, &tenant) ||
		 memcmp(&tenant, &caller->project_id, sizeof(pg_uuid_t)) != 0))
	{
		refuse(caller, CALLER_FORBIDDEN, "API key does not give access to the project named in tenantid",
			   "A key reads only its own project.", "Leave tenantid out, or name the key's project.");
		return;
	}
	caller->status = CALLER_OK;
}

/* Does the role hold any grant at all (is there any way in)? */
static bool
role_has_any_grant(Oid role, pg_uuid_t *only_project, int *nprojects, PermissionSet *perms)
{
	SPITupleTable *tab = run(SQL_ALL_GRANTS, 0, NULL, NULL);

	*nprojects = 0;
	*perms = 0;
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		pg_uuid_t  *project;

		if (!role_holds(role, DatumGetObjectId(column(tab, i, 2, &isnull))))
			continue;
		project = DatumGetUUIDP(column(tab, i, 1, &isnull));
		if (*nprojects == 0)
		{
			*only_project = *project;
			*nprojects = 1;
		}
		else if (memcmp(project, only_project, sizeof(pg_uuid_t)) != 0)
			*nprojects = 2;		/* several: the count beyond 2 does not matter */
		if (memcmp(project, only_project, sizeof(pg_uuid_t)) == 0)
			*perms |= permissions_datum(column(tab, i, 3, &isnull));
		CHECK_FOR_INTERRUPTS();
	}
	return *nprojects > 0;
}

static void
resolve_by_role(Caller *caller, const RequestHeaders *headers, Oid role, Oid owner)
{
	const char *rolename = GetUserNameFromId(role, true);
	bool		admin;
	pg_uuid_t	any_project;
	int			nprojects;
	PermissionSet any_perms;
	bool		has_any;

	if (rolename == NULL)
		rolename = "(dropped role)";
	admin = superuser_arg(role) || has_privs_of_role(role, owner) ||
		role_has_capability(role, "admin");

	if (headers->tenantid != NULL)
	{
		pg_uuid_t	project;
		bool		has_grant = false;

		if (parse_uuid(headers->tenantid, &project))
		{
			caller->permissions = role_project_permissions(role, &project, &has_grant);
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
		if (admin || role_has_any_grant(role, &any_project, &nprojects, &any_perms))
			refuse(caller, CALLER_FORBIDDEN,
				   psprintf("role \"%s\" has no access to the project named in tenantid", rolename),
				   NULL, NULL);
		else
			refuse(caller, CALLER_UNAUTHENTICATED, "not authenticated",
				   psprintf("No API key was presented, and role \"%s\" has no access to any project.", rolename),
				   "Present an API key in the apikey request header.");
		return;
	}

	has_any = role_has_any_grant(role, &any_project, &nprojects, &any_perms);
	if (nprojects == 1)
	{
		caller->project_id = any_project;
		caller->permissions = any_perms;
		caller->status = CALLER_OK;
	}
	else if (has_any)
		refuse(caller, CALLER_FORBIDDEN,
			   psprintf("role \"%s\" has access to several projects", rolename),
			   NULL, "Name the project in the tenantid request header.");
	else
		refuse(caller, CALLER_UNAUTHENTICATED, "not authenticated",
			   admin ? psprintf("No API key was presented, and role \"%s\" named no project.", rolename)
			   : psprintf("No API key was presented, and role \"%s\" has no access to any project.", rolename),
			   admin ? "Name the project in the tenantid request header, or present an API key."
			   : "Present an API key in the apikey request header.");
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
