/*
 * owner.h — running a piece of work with the extension owner's rights.
 */
#ifndef ICL_OWNER_H
#define ICL_OWNER_H

#include "postgres.h"

typedef struct OwnerSwitch
{
	Oid			saved_userid;
	int			saved_sec_context;
} OwnerSwitch;

/*
 * Become the owner of function fn_oid (the extension owner) until
 * owner_restore.  On error the transaction machinery restores the user, as
 * it does for SECURITY DEFINER functions.  The function must pin its
 * search_path (SET search_path in its declaration).
 */
extern void owner_become(Oid fn_oid, OwnerSwitch *sw);

/* The owner of function fn_oid (the extension owner, for the module's functions). */
extern Oid	owner_of_function(Oid fn_oid);
extern void owner_restore(const OwnerSwitch *sw);

#endif
