/*
 * access.c — grant_access() and revoke_access(): per-project permissions of
 * database roles (issue "SQL roles as callers").
 *
 * Allowed to the extension owner (and its members), superusers, and roles
 * holding ProjectOwner or ProjectAdmin on the project; only a ProjectOwner
 * may grant ProjectOwner, or take access away from a role holding it.
 *
 * Tenants stay apart: a project's owner or admin may grant only to a role
 * that reaches no other project — neither it, nor a role it is a member of,
 * nor a role that is a member of it, holds a grant on another project.
 * Otherwise the admin of project A could give another tenant's role (or a
 * group of them, such as the gateway's) a second project, and every call it
 * makes without tenantid would fail with "access to several projects",
 * which the other tenant could not undo.  Roles spanning projects are the
 * extension owner's to make.  Both
 * functions are SECURITY INVOKER, so current_user is the real caller, and do
 * their SPI work as the extension owner (owner.c).  Neither is executable
 * by PUBLIC: a DBA grants them to the roles that manage projects.  The
 * authority check and the change are one atomic step under a lock on the
 * project's row (lock_and_check_authority).
 */
#include "postgres.h"

#include "catalog/pg_authid.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/builtins.h"

#include "arguments.h"
#include "errors.h"
#include "grants.h"
#include "owner.h"
#include "plan_cache.h"
#include "trusted_names.h"

#define SQL_UPSERT_GRANT \
	"INSERT INTO incoming_call_log.access_grant AS g (project_id, role, permissions) VALUES ($1, $2, $3)" \
	" ON CONFLICT (project_id, role) DO UPDATE SET permissions = EXCLUDED.permissions"
#define SQL_DELETE_GRANT \
	"DELETE FROM incoming_call_log.access_grant WHERE project_id = $1 AND role = $2"

/*
 * Lock the project against concurrent access changes, then check what the
 * calling role may do on it: manage access at all, and, when the change
 * touches ProjectOwner (granted, or held by the target now), manage
 * ProjectOwner.  The check reads what is committed after the lock is held,
 * so it and the change that follows are one atomic step: a ProjectAdmin
 * racing a ProjectOwner waits, then sees the owner's change and is judged
 * on it.  Runs as the owner (SPI-connected); `caller` is the real
 * current_user.
 */
static void
lock_and_check_authority(Oid caller, Oid owner, Oid target, const pg_uuid_t *project,
						 bool grant, PermissionSet granting)
{
	PermissionSet held;
	PermissionSet target_now;
	bool		has_grant;
	bool		exists;

	bool		project_found = project_lock_for_access_change(project);

	if (superuser_arg(caller) || has_privs_of_role(caller, owner))
	{
		if (!project_found)
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("project %s does not exist",
							DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(project))))));
		return;
	}
	/* a role with authority on a project has a grant there, so it exists */
	held = grants_on_project(caller, project, &has_grant, true);
	if ((held & PERM_MANAGE_ACCESS) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to manage access to this project"),
				 errdetail("Managing access needs ProjectOwner or ProjectAdmin on the project, or the extension owner's rights.")));
	target_now = grants_direct(target, project, &exists);
	if (((granting | target_now) & PERM_PROJECT_OWNER) != 0 && (held & PERM_PROJECT_OWNER) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to manage ProjectOwner on this project"),
				 errdetail("Only a ProjectOwner may grant ProjectOwner or take access from a role holding it.")));
	/*
	 * Two admins of different projects granting to one role at once would
	 * each see the other's grant uncommitted: take turns on the role (DROP
	 * ROLE waits too, until the grant commits).
	 */
	if (grant)
		LockSharedObject(AuthIdRelationId, target, 0, ShareUpdateExclusiveLock);
	if (grant && grants_reach_other_project(target, project))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to grant access to role \"%s\": it reaches another project",
						GetUserNameFromId(target, false)),
				 errdetail("A project's owner or admin may grant only to a role that reaches no other project: "
						   "neither it, nor a role it is a member of, nor a role that is a member of it, holds a grant on another project."),
				 errhint("Grant to a role of this project's own; roles that span projects are made by the extension owner.")));
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
	OwnerSwitch sw;
	Oid			types[3] = {UUIDOID, REGROLEOID, TEXTARRAYOID};
	Datum		values[3];

	argument_required(fcinfo, 1, "project_id", NULL);
	argument_required(fcinfo, 2, "permissions", NULL);
	project = PG_GETARG_UUID_P(1);
	perms = permissions_from_array(PG_GETARG_ARRAYTYPE_P(2), true);

	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	lock_and_check_authority(caller, GetUserId(), role, project, true, perms);
	values[0] = UUIDPGetDatum(project);
	values[1] = ObjectIdGetDatum(role);
	values[2] = PointerGetDatum(permissions_normalized(PG_GETARG_ARRAYTYPE_P(2)));
	if (SPI_execute_plan(plan_cache_get(SQL_UPSERT_GRANT, 3, types, 0), values, NULL, false, 0) != SPI_OK_INSERT)
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
	bool		removed;
	OwnerSwitch sw;
	Oid			types[2] = {UUIDOID, REGROLEOID};
	Datum		values[2];

	argument_required(fcinfo, 1, "project_id", NULL);
	project = PG_GETARG_UUID_P(1);

	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	lock_and_check_authority(caller, GetUserId(), role, project, false, 0);
	values[0] = UUIDPGetDatum(project);
	values[1] = ObjectIdGetDatum(role);
	if (SPI_execute_plan(plan_cache_get(SQL_DELETE_GRANT, 2, types, 0), values, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "incoming_call_log: removing the grant failed");
	removed = SPI_processed > 0;
	SPI_finish();
	owner_restore(&sw);
	PG_RETURN_BOOL(removed);
}
