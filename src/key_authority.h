/*
 * key_authority.h — who may manage which project's API keys.
 */
#ifndef ICL_KEY_AUTHORITY_H
#define ICL_KEY_AUTHORITY_H

#include "postgres.h"

#include "utils/uuid.h"

#include "permissions.h"

typedef struct KeyAuthority
{
	Oid			caller;			/* the real current_user */
	bool		every_project;	/* the extension owner (or a member), a superuser */
} KeyAuthority;

/*
 * Note who is calling (current_user, before the switch to the owner) and
 * whether it manages every project's keys.  `owner` is the extension owner.
 */
extern void key_authority_init(KeyAuthority *auth, Oid caller, Oid owner);

/*
 * Whether the caller may manage keys of `project` that carry
 * `key_permissions` (SPI-connected, as the owner).  With `lock`, the
 * project's row is locked first and the caller's grants are read as
 * committed now, so the check and the change that follows are one step (as
 * grant_access does it); *project_found then tells whether the project
 * exists.
 */
extern bool key_authority_may(const KeyAuthority *auth, const pg_uuid_t *project,
							  PermissionSet key_permissions, bool lock, bool *project_found);

/*
 * The projects whose keys a caller that does not manage every project may
 * manage, as a uuid[] datum.
 */
extern Datum key_authority_projects(const KeyAuthority *auth);

/* The 42501 refusal for a project the caller may not manage keys of. */
extern void key_authority_refuse(void);

#endif
