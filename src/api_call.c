/*
 * api_call.c — the frame every API call runs in.
 *
 * get_list, get_item and count are SECURITY INVOKER functions that take the
 * extension owner's rights themselves (owner.c), after noting who called:
 * current_user, the role a gateway's SET ROLE chose.  SECURITY DEFINER would
 * hide that role; the only trace left of it inside, the "outer" user, is
 * also the role that runs ANALYZE or autovacuum when those evaluate another
 * role's index expression, or that calls another role's SECURITY DEFINER
 * function — either would lend its project access to code it does not own.
 * current_user cannot be borrowed that way.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"

#include "api_call.h"
#include "plan_cache.h"

void
api_call_begin(ApiCall *call, FunctionCallInfo fcinfo)
{
	Oid			role = GetUserId();

	call->result_context = CurrentMemoryContext;
	owner_become(fcinfo->flinfo->fn_oid, &call->owner);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	caller_resolve(&call->caller, role, GetUserId());
	caller_require_read(&call->caller);
}

void
api_call_end(ApiCall *call)
{
	MemoryContextSwitchTo(call->result_context);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	owner_restore(&call->owner);
}

JsonNode *
api_json_arg(FunctionCallInfo fcinfo, int n, const char *name)
{
	if (PG_ARGISNULL(n))
		return NULL;
	return json_parse_param(PG_GETARG_TEXT_PP(n), name);
}

uint64
api_execute(Statement *st)
{
	SPIPlanPtr	plan = plan_cache_get(st->sql.data, st->nparams, st->types);
	int			rc = SPI_execute_plan(plan, st->values, st->nulls, true, 0);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: query failed: %s", SPI_result_code_string(rc));
	return SPI_processed;
}
