/*
 * api_call.c — the frame every API call runs in.
 *
 * The calls are SECURITY INVOKER functions that take the extension owner's
 * rights themselves (owner.c), after noting who called: current_user, the
 * role a gateway's SET ROLE chose.  SECURITY DEFINER would hide that role;
 * the only trace left of it inside, the "outer" user, is also the role that
 * runs ANALYZE or autovacuum when those evaluate another role's index
 * expression, or that calls another role's SECURITY DEFINER function —
 * either would lend its project access to code it does not own.
 * current_user cannot be borrowed that way.
 *
 * A statement runs from its saved plan (plan_cache.c) with its rows sent
 * straight into the response (response.c).  Shapes statement.c marks
 * generic are planned once; the others are planned for each call's values,
 * and may use parallel workers.
 */
#include "postgres.h"

#include "access/xact.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/memutils.h"

#include "api_call.h"
#include "compat.h"
#include "plan_cache.h"
#include "trusted_names.h"

/* The call's memory so far, above what the transaction held when it began. */
static void
note_memory(ApiCall *call, Size now)
{
	if (now > call->memory_at_start && now - call->memory_at_start > call->memory_peak)
		call->memory_peak = now - call->memory_at_start;
}

#define MEMORY_LINE "incoming_call_log request of %zu bytes used at most %zu bytes"

/* Error context callback: a refusal reports what the call held until then. */
static void
memory_context_line(void *arg)
{
	ApiCall    *call = (ApiCall *) arg;

	note_memory(call, MemoryContextMemAllocated(TopTransactionContext, true));
	errcontext(MEMORY_LINE, call->request_bytes, call->memory_peak);
}

void
api_call_begin(ApiCall *call, FunctionCallInfo fcinfo)
{
	Oid			role = GetUserId();

	call->result_context = CurrentMemoryContext;
	call->measure_memory = message_level_is_interesting(DEBUG1);
	call->memory_at_start = call->measure_memory ? MemoryContextMemAllocated(TopTransactionContext, true) : 0;
	call->memory_peak = 0;
	call->request_bytes = 0;
	if (call->measure_memory)
	{
		call->memory_context.callback = memory_context_line;
		call->memory_context.arg = call;
		call->memory_context.previous = error_context_stack;
		error_context_stack = &call->memory_context;
	}
	owner_become(fcinfo->flinfo->fn_oid, &call->owner);
	trusted_spi_connect();
	caller_resolve(&call->caller, role, GetUserId());
	caller_require_read(&call->caller);
}

void
api_call_end(ApiCall *call, const Response *r)
{
	MemoryContextSwitchTo(call->result_context);
	if (call->measure_memory)
	{
		error_context_stack = call->memory_context.previous;
		note_memory(call, MemoryContextMemAllocated(TopTransactionContext, true));
		ereport(DEBUG1,
				(errmsg_internal(MEMORY_LINE, call->request_bytes,
								 call->memory_peak + (r != NULL ? (Size) r->body.maxlen : 0))));
	}
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	owner_restore(&call->owner);
}

text *
api_json_text(ApiCall *call, FunctionCallInfo fcinfo, int n)
{
	text	   *json;

	if (PG_ARGISNULL(n))
		return NULL;
	json = PG_GETARG_TEXT_PP(n);
	call->request_bytes += VARSIZE_ANY_EXHDR(json);
	return json;
}

SPIPlanPtr
api_plan(const Statement *st)
{
	int			options = st->generic ? CURSOR_OPT_GENERIC_PLAN : CURSOR_OPT_CUSTOM_PLAN;

	if (st->parallel_ok)
		options |= CURSOR_OPT_PARALLEL_OK;
	return plan_cache_get(st->sql.data, st->nparams, st->types, options);
}

void
api_run(ApiCall *call, const Statement *st, Response *r)
{
	SPIPlanPtr	plan = api_plan(st);
	SPIExecuteOptions execute;
	int			rc;

	if (call->measure_memory)
		note_memory(call, MemoryContextMemAllocated(TopTransactionContext, true));
	r->measure_memory = call->measure_memory;

	memset(&execute, 0, sizeof(execute));
	execute.params = statement_params(st);
	execute.read_only = true;
	execute.dest = response_receiver(r);
	rc = SPI_execute_plan_extended(plan, &execute);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: query failed: %s", SPI_result_code_string(rc));
	if (call->measure_memory)
		note_memory(call, r->executor_memory);
}
