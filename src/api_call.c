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
 * and may use parallel workers.  A statement that asks for more work_mem
 * than the session has (get_aggregate's, bounds.h) is planned and run with
 * it, the way a function's SET clause does it (fmgr_security_definer): a
 * GUC nest level, popped when it has run, or by the transaction's or
 * subtransaction's abort when it fails; the session's setting is never
 * lowered, and is as it was once the call returns.
 *
 * A counted call is added to the usage statistics (usage_stats.c) when it
 * ends: its time and rows by api_call_end, its SQLSTATE by
 * api_call_refused from the PG_CATCH of the frame around it (request.c).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "funcapi.h"
#include "utils/guc.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/lsyscache.h"
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

/*
 * The usage statistics' entry of the call: its API key (or the role), and
 * its project when resolved.  Only what exists is named (a key that was
 * found, a project the caller was let into), so no caller can make entries
 * out of made-up ids.
 */
static void
usage_key_of(const ApiCall *call, UsageKey *key)
{
	const Caller *caller = &call->caller;

	memset(key, 0, sizeof(*key));	/* hashed as bytes, padding included */
	key->dbid = MyDatabaseId;
	key->call = (uint8) call->usage_call;
	if (caller->by_api_key)
	{
		key->caller_kind = USAGE_CALLER_API_KEY;
		if (caller->key_known)
		{
			key->key_known = true;
			key->key_id = caller->key_id;
			key->project_known = true;
			key->project_id = caller->project_id;
		}
	}
	else
	{
		key->caller_kind = USAGE_CALLER_ROLE;
		key->role = call->role;
		if (caller->status == CALLER_OK)
		{
			key->project_known = true;
			key->project_id = caller->project_id;
		}
	}
}

void
api_call_begin(ApiCall *call, FunctionCallInfo fcinfo, UsageCall counted)
{
	Oid			role = GetUserId();

	memset(&call->caller, 0, sizeof(call->caller));
	call->role = role;
	call->usage_call = usage_stats_enabled() ? counted : USAGE_NOT_COUNTED;
	if (call->usage_call != USAGE_NOT_COUNTED)
		INSTR_TIME_SET_CURRENT(call->usage_start);
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
	if (call->usage_call != USAGE_NOT_COUNTED)
	{
		instr_time	elapsed;
		UsageKey	key;

		INSTR_TIME_SET_CURRENT(elapsed);
		INSTR_TIME_SUBTRACT(elapsed, call->usage_start);
		usage_key_of(call, &key);
		usage_stats_count_call(&key, INSTR_TIME_GET_MILLISEC(elapsed), r != NULL ? r->rows : 0);
	}
}

void
api_call_refused(const ApiCall *call)
{
	UsageKey	key;

	if (call->usage_call == USAGE_NOT_COUNTED)
		return;
	usage_key_of(call, &key);
	usage_stats_count_refusal(&key, geterrcode());
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

int
api_settings_begin(const Statement *st)
{
	int			nestlevel;
	char		value[32];

	if (st->work_mem_kb <= work_mem)
		return 0;
	nestlevel = NewGUCNestLevel();
	snprintf(value, sizeof(value), "%dkB", st->work_mem_kb);
	(void) set_config_option("work_mem", value, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nestlevel;
}

void
api_settings_end(int nestlevel)
{
	if (nestlevel > 0)
		AtEOXact_GUC(true, nestlevel);
}

void
api_run(ApiCall *call, const Statement *st, Response *r)
{
	int			settings = api_settings_begin(st);
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
	api_settings_end(settings);
	if (call->measure_memory)
		note_memory(call, r->executor_memory);
}

Datum
api_call_counted(ApiCallBody body, FunctionCallInfo fcinfo, void *arg)
{
	ApiCall		call;
	Datum		result = (Datum) 0;

	if (!usage_stats_enabled())
		return body(&call, fcinfo, arg);
	/* A refusal is counted on its way out, by its SQLSTATE. */
	call.usage_call = USAGE_NOT_COUNTED;
	PG_TRY();
	{
		result = body(&call, fcinfo, arg);
	}
	PG_CATCH();
	{
		api_call_refused(&call);
		PG_RE_THROW();
	}
	PG_END_TRY();
	return result;
}

Datum
api_composite(FunctionCallInfo fcinfo, const Datum *values, const bool *nulls)
{
	TupleDesc	tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "%s must return a composite type", get_func_name(fcinfo->flinfo->fn_oid));
	tupdesc = BlessTupleDesc(tupdesc);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, (Datum *) values, (bool *) nulls));
}
