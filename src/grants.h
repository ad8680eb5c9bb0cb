/*
 * grants.h — what a database role holds: per-project grants, capabilities,
 * and the project rows they point at.
 */
#ifndef ICL_GRANTS_H
#define ICL_GRANTS_H

#include "postgres.h"

#include "utils/uuid.h"

#include "permissions.h"

/*
 * Whether `role` holds what is granted to grant_role: has_privs_of_role
 * semantics (inheritance through membership), except that a superuser holds
 * only its own and its real memberships' grants (it reads other projects as
 * an admin, by naming them).
 */
extern bool role_holds(Oid role, Oid grant_role);

/*
 * All of the functions below run SPI-connected, as the extension owner.
 * With `latest`, rows are read with the latest snapshot (what is committed
 * now), as an authority check after taking a lock must.
 */

/* Permissions role holds on project; *has_grant tells whether any grant applies. */
extern PermissionSet grants_on_project(Oid role, const pg_uuid_t *project, bool *has_grant,
									   bool latest);

/*
 * The projects role's grants give it: 0, 1 or 2 (two or more).  With exactly
 * one, *project is it and *perms what role holds there.
 */
extern int	grants_projects(Oid role, pg_uuid_t *project, PermissionSet *perms);

/*
 * The projects on which role holds any of the permissions in `any` (through
 * its memberships, as grants_on_project), as a uuid[] datum; a project may
 * appear more than once.
 */
extern Datum grants_projects_holding(Oid role, PermissionSet any);

/* Permissions granted to role itself (not inherited) on project, latest snapshot. */
extern PermissionSet grants_direct(Oid role, const pg_uuid_t *project, bool *exists);

/*
 * Whether a grant to role would reach a project other than project: role,
 * a role it is a member of, or a role that is a member of it (transitively)
 * has a grant on another project.  Latest snapshot.
 */
extern bool grants_reach_other_project(Oid role, const pg_uuid_t *project);

/* Whether role holds a capability ("admin", "writer"). */
extern bool grants_capability(Oid role, const char *capability);

/* Whether the project exists. */
extern bool project_exists(const pg_uuid_t *project);

/*
 * Lock the project's row against concurrent access changes (FOR NO KEY
 * UPDATE: it does not block inserts of call logs, whose foreign keys take
 * KEY SHARE); false when there is no such project.
 */
extern bool project_lock_for_access_change(const pg_uuid_t *project);

#endif
