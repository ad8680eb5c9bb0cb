/*
 * rls.c — caller_project_id() and caller_is_writer(), the functions the
 * row-level-security policies of the install script call.
 *
 * They resolve the caller with the same code as the API (caller.c), for
 * current_user, so a role that somehow reads a table directly sees exactly
 * the project the three calls would show it — or nothing.  They never raise
 * for a refused caller: a policy answers with no rows instead.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/uuid.h"

#include "caller.h"
#include "grants.h"
#include "owner.h"
#include "trusted_names.h"

/* caller_project_id() returns uuid: the project current_user may read, or null */
PG_FUNCTION_INFO_V1(icl_caller_project_id);
Datum
icl_caller_project_id(PG_FUNCTION_ARGS)
{
	Oid			role = GetUserId();
	MemoryContext outer = CurrentMemoryContext;
	OwnerSwitch sw;
	Caller		caller;
	pg_uuid_t  *result = NULL;

	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	caller_resolve(&caller, role, GetUserId());
	if (caller_can_read(&caller))
	{
		result = MemoryContextAlloc(outer, sizeof(pg_uuid_t));
		*result = caller.project_id;
	}
	SPI_finish();
	owner_restore(&sw);

	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_UUID_P(result);
}

/* caller_is_writer() returns boolean */
PG_FUNCTION_INFO_V1(icl_caller_is_writer);
Datum
icl_caller_is_writer(PG_FUNCTION_ARGS)
{
	Oid			role = GetUserId();
	OwnerSwitch sw;
	bool		writer;

	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	writer = grants_capability(role, "writer");
	SPI_finish();
	owner_restore(&sw);
	PG_RETURN_BOOL(writer);
}
