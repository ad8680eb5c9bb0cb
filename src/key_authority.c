/*
 * key_authority.c — who may manage which project's API keys (issue 18).
 *
 * The extension owner (and the roles that have its privileges) and
 * superusers manage every project's keys.  Any other role manages the keys
 * of the projects on which it holds ProjectOwner or ProjectAdmin — the same
 * per-project grants (access_grant, through membership) that let it manage
 * access with grant_access — and, as there, only a ProjectOwner manages a
 * key that carries ProjectOwner.  The key functions are not executable by
 * PUBLIC, so a role also needs EXECUTE on them, granted by the DBA.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/acl.h"

#include "grants.h"
#include "key_authority.h"

void
key_authority_init(KeyAuthority *auth, Oid caller, Oid owner)
{
	auth->caller = caller;
	auth->every_project = superuser_arg(caller) || has_privs_of_role(caller, owner);
}

bool
key_authority_may(const KeyAuthority *auth, const pg_uuid_t *project,
				  PermissionSet key_permissions, bool lock, bool *project_found)
{
	PermissionSet held;
	bool		has_grant;
	bool		found = true;

	if (lock)
		found = project_lock_for_access_change(project);
	if (project_found != NULL)
		*project_found = found;
	if (auth->every_project)
		return true;
	if (!found)
		return false;
	held = grants_on_project(auth->caller, project, &has_grant, lock);
	if ((held & PERM_MANAGE_ACCESS) == 0)
		return false;
	if ((key_permissions & PERM_PROJECT_OWNER) != 0 && (held & PERM_PROJECT_OWNER) == 0)
		return false;
	return true;
}

Datum
key_authority_projects(const KeyAuthority *auth)
{
	return grants_projects_holding(auth->caller, PERM_MANAGE_ACCESS);
}

void
key_authority_refuse(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to manage the API keys of this project"),
			 errdetail("Managing a project's keys needs ProjectOwner or ProjectAdmin on the project "
					   "(ProjectOwner for a key that carries ProjectOwner), or the extension owner's rights.")));
}
