/*
 * owner.c — switch to the extension owner for the SPI work of functions that
 * are not SECURITY DEFINER (the three API calls, the row-level-security
 * helpers, grant_access / revoke_access), the way SECURITY DEFINER does it
 * (fmgr_security_definer): SetUserIdAndSecContext with
 * SECURITY_LOCAL_USERID_CHANGE, so SET ROLE cannot be used meanwhile.
 *
 * Those functions stay SECURITY INVOKER so that they see the real
 * current_user (api_call.c says why that matters), and so that no caller
 * role can execute any SECURITY DEFINER function of the extension.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "miscadmin.h"
#include "utils/syscache.h"

#include "owner.h"

Oid
owner_of_function(Oid fn_oid)
{
	HeapTuple	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn_oid));
	Oid			owner;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for function %u", fn_oid);
	owner = ((Form_pg_proc) GETSTRUCT(tuple))->proowner;
	ReleaseSysCache(tuple);
	return owner;
}

void
owner_become(Oid fn_oid, OwnerSwitch *sw)
{
	Oid			owner = owner_of_function(fn_oid);

	GetUserIdAndSecContext(&sw->saved_userid, &sw->saved_sec_context);
	SetUserIdAndSecContext(owner, sw->saved_sec_context | SECURITY_LOCAL_USERID_CHANGE);
}

void
owner_restore(const OwnerSwitch *sw)
{
	SetUserIdAndSecContext(sw->saved_userid, sw->saved_sec_context);
}
