/*
 * api_call.c — the frame every API call runs in.
 *
 * get_list, get_item and count are SECURITY DEFINER: they run as the
 * extension owner, who may read the tables.  The caller's own role is the
 * role in effect where the call was made: GetOuterUserId(), which SET ROLE
 * (and PostgREST's SET LOCAL ROLE) changes and SECURITY DEFINER does not.
 * A SECURITY DEFINER wrapper around these calls therefore cannot lend its
 * owner's project access to whoever calls it.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"

#include "api_call.h"
#include "plan_cache.h"

void
api_call_begin(ApiCall *call)
{
	call->result_context = CurrentMemoryContext;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	caller_resolve(&call->caller, GetOuterUserId(), GetUserId());
	caller_require_read(&call->caller);
}

void
api_call_end(ApiCall *call)
{
	MemoryContextSwitchTo(call->result_context);
	SPI_finish();
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
