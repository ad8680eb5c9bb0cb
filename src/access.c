/*
 * access.c — grant_access() and revoke_access(): per-project permissions of
 * database roles (issue "SQL roles as callers").
 *
 * Allowed to the extension owner (and its members), superusers, and roles
 * holding ProjectOwner or ProjectAdmin on the project; only a ProjectOwner
 * may grant ProjectOwner, or take access away from a role holding it.  Both
 * functions are SECURITY INVOKER, so current_user is the real caller, and do
 * their SPI work as the extension owner (owner.c).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"

#include "arguments.h"
#include "caller.h"
#include "errors.h"
#include "owner.h"
#include "plan_cache.h"

#define SQL_UPSERT_GRANT \
	"INSERT INTO incoming_call_log.access_grant AS g (project_id, role, permissions) VALUES ($1, $2, $3)" \
	" ON CONFLICT (project_id, role) DO UPDATE SET permissions = EXCLUDED.permissions"
#define SQL_GRANT_OF_ROLE \
	"SELECT permissions FROM incoming_call_log.access_grant WHERE project_id = $1 AND role = $2"
#define SQL_DELETE_GRANT \
	"DELETE FROM incoming_call_log.access_grant WHERE project_id = $1 AND role = $2"

/*
 * What the calling role may do on this project: manage access at all, and
 * manage ProjectOwner.  Runs as the owner (SPI-connected); `caller` is the
 * real current_user.
 */
static void
check_authority(Oid caller, Oid owner, const pg_uuid_t *project, bool touches_owner)
{
	PermissionSet held;
	bool		has_grant;

	if (superuser_arg(caller) || has_privs_of_role(caller, owner))
	{
		if (!project_exists(project))
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("project %s does not exist",
							DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(project))))));
		return;
	}
	held = role_project_permissions(caller, project, &has_grant);
	if ((held & PERM_MANAGE_ACCESS) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to manage access to this project"),
				 errdetail("Managing access needs ProjectOwner or ProjectAdmin on the project, or the extension owner's rights.")));
	if (touches_owner && (held & PERM_PROJECT_OWNER) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to manage ProjectOwner on this project"),
				 errdetail("Only a ProjectOwner may grant ProjectOwner or take access from a role holding it.")));
}

/* Permissions a role is granted directly on a project (SPI-connected). */
static PermissionSet
granted(Oid role, const pg_uuid_t *project, bool *exists)
{
	Oid			types[2] = {UUIDOID, REGROLEOID};
	Datum		values[2] = {UUIDPGetDatum(project), ObjectIdGetDatum(role)};
	bool		isnull;

	if (SPI_execute_plan(plan_cache_get(SQL_GRANT_OF_ROLE, 2, types), values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: grant lookup failed");
	*exists = SPI_processed > 0;
	if (!*exists)
		return 0;
	return permissions_from_array(DatumGetArrayTypeP(SPI_getbinval(SPI_tuptable->vals[0],
																   SPI_tuptable->tupdesc, 1, &isnull)),
								  false);
}

/* grant_access(role regrole, project_id uuid, permissions text[]) returns void */
PG_FUNCTION_INFO_V1(icl_grant_access);
Datum
icl_grant_access(PG_FUNCTION_ARGS)
{
	Oid			caller = GetUserId();
	Oid			role = argument_role(fcinfo, 0, true);
	pg_uuid_t  *project;
	PermissionSet perms;
	PermissionSet before;
	bool		exists;
	OwnerSwitch sw;
	Oid			types[3] = {UUIDOID, REGROLEOID, TEXTARRAYOID};
	Datum		values[3];

	argument_required(fcinfo, 1, "project_id", NULL);
	argument_required(fcinfo, 2, "permissions", NULL);
	project = PG_GETARG_UUID_P(1);
	perms = permissions_from_array(PG_GETARG_ARRAYTYPE_P(2), true);

	owner_become(fcinfo->flinfo->fn_oid, &sw);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	before = granted(role, project, &exists);
	check_authority(caller, GetUserId(), project,
					((perms | before) & PERM_PROJECT_OWNER) != 0);
	values[0] = UUIDPGetDatum(project);
	values[1] = ObjectIdGetDatum(role);
	values[2] = PG_GETARG_DATUM(2);
	if (SPI_execute_plan(plan_cache_get(SQL_UPSERT_GRANT, 3, types), values, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "incoming_call_log: storing the grant failed");
	SPI_finish();
	owner_restore(&sw);
	PG_RETURN_VOID();
}

/* revoke_access(role regrole, project_id uuid) returns boolean */
PG_FUNCTION_INFO_V1(icl_revoke_access);
Datum
icl_revoke_access(PG_FUNCTION_ARGS)
{
	Oid			caller = GetUserId();
	Oid			role = argument_role(fcinfo, 0, false);
	pg_uuid_t  *project;
	PermissionSet before;
	bool		exists;
	bool		removed;
	OwnerSwitch sw;
	Oid			types[2] = {UUIDOID, REGROLEOID};
	Datum		values[2];

	argument_required(fcinfo, 1, "project_id", NULL);
	project = PG_GETARG_UUID_P(1);

	owner_become(fcinfo->flinfo->fn_oid, &sw);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	before = granted(role, project, &exists);
	check_authority(caller, GetUserId(), project, (before & PERM_PROJECT_OWNER) != 0);
	values[0] = UUIDPGetDatum(project);
	values[1] = ObjectIdGetDatum(role);
	if (SPI_execute_plan(plan_cache_get(SQL_DELETE_GRANT, 2, types), values, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "incoming_call_log: removing the grant failed");
	removed = SPI_processed > 0;
	SPI_finish();
	owner_restore(&sw);
	PG_RETURN_BOOL(removed);
}
