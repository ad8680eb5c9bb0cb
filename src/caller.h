/*
 * caller.h — who is calling: one project and a set of permissions.
 */
#ifndef ICL_CALLER_H
#define ICL_CALLER_H

#include "postgres.h"

#include "utils/uuid.h"

#include "permissions.h"

typedef enum CallerStatus
{
	CALLER_OK,					/* project and permissions are set */
	CALLER_UNAUTHENTICATED,		/* PT401 */
	CALLER_FORBIDDEN			/* PT403: known, but not for this project */
} CallerStatus;

typedef struct Caller
{
	CallerStatus status;
	const char *message;		/* why not OK */
	const char *detail;
	const char *hint;
	bool		by_api_key;
	bool		key_known;		/* the presented key exists: key_id is its id */
	pg_uuid_t	key_id;
	pg_uuid_t	project_id;		/* the project (a key's own, even when refused) */
	PermissionSet permissions;
} Caller;

/*
 * Resolve the caller from request.headers and the database role `role`.
 * An API key, when presented, decides alone; otherwise the role's grants
 * (and the admin capability) with the project named by tenantid.
 * Must run SPI-connected with the extension owner's rights (owner).
 * Refusals are reported in caller->status, not raised.
 */
extern void caller_resolve(Caller *caller, Oid role, Oid owner);

/* Raise PT401 / PT403 unless the caller may read call logs. */
extern void caller_require_read(const Caller *caller);

/* True when the caller resolved and may read call logs. */
extern bool caller_can_read(const Caller *caller);

#endif
