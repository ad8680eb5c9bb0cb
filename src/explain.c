/*
 * explain.c — incoming_call_log.explain_list(...), explain_item(...),
 * explain_count(...) and explain_aggregate(...): for a DBA, what a call
 * does with a request.
 *
 * Each takes the call's own arguments (plus "analyze"), resolves and checks
 * the caller exactly as the call does (PT401, PT403, 22023), builds the
 * same statement, takes the same plan from the same cache (a generic plan
 * for shapes planned once, a custom plan for these values otherwise), and
 * returns, one line per row: the caller, how the shape is planned, the
 * work_mem it is planned and run with (an aggregate's, api_call.c), the
 * statement, its parameters, and EXPLAIN's text of that very plan — with
 * ANALYZE and BUFFERS when analyze is true, which runs it (read-only).
 * get_item, count and a list's total are usually read by index scans in C
 * (item_fetch.c, count_fetch.c): the statement shown is the one the call
 * runs when those step aside.  Not executable by PUBLIC: DBAs grant it to whom they trust with seeing
 * the plans.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/plancache.h"
#include "utils/resowner.h"
#include "utils/uuid.h"

#include "bounds.h"
#define COMPAT_EXPLAIN
#include "compat.h"
#include "permissions.h"
#include "request.h"

/* Who the call reads as, in words. */
static char *
describe_caller(const Caller *caller)
{
	char	   *project = DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(&caller->project_id)));

	return psprintf("caller: %s, project %s, permissions %s",
					caller->by_api_key ? "API key" : "role",
					project, permission_set_names(caller->permissions));
}

/* A parameter's value as text, cut for the listing. */
static char *
describe_param(const Statement *st, int i)
{
	Oid			output;
	bool		varlena;
	char	   *value;

	getTypeOutputInfo(st->types[i], &output, &varlena);
	value = OidOutputFunctionCall(output, st->values[i]);
	if (strlen(value) > MESSAGE_TEXT_LIMIT * 2)
	{
		/* cut at a character boundary, as argument_for_message does */
		int			cut = pg_mbcliplen(value, strlen(value), MESSAGE_TEXT_LIMIT * 2);

		value = psprintf("%.*s...", cut, value);
	}
	return psprintf("$%d %s = %s", i + 1, format_type_be(st->types[i]), value);
}

/*
 * EXPLAIN of the plan the call would run, as text, planned and run with the
 * call's settings (api_settings_begin); *work_mem_text is the work_mem they
 * had (SHOW's text).
 */
static char *
explain_plan(const Statement *st, bool analyze, bool *generic, char **work_mem_text)
{
	int			settings = api_settings_begin(st);
	SPIPlanPtr	plan = api_plan(st);
	CachedPlanSource *source = linitial(SPI_plan_get_plan_sources(plan));
	ParamListInfo params = statement_params(st);
	/* a shape seen for the first time has an unsaved plan, which takes no owner */
	ResourceOwner owner = source->is_saved ? CurrentResourceOwner : NULL;
	CachedPlan *cplan = GetCachedPlan(source, params, owner, NULL);
	ExplainState *es = NewExplainState();

	*generic = (cplan == source->gplan);
	es->analyze = analyze;
	es->buffers = analyze;
	es->timing = analyze;
	es->summary = analyze;
	es->costs = true;
	es->format = EXPLAIN_FORMAT_TEXT;
	ExplainBeginOutput(es);
	compat_explain_one_plan(linitial_node(PlannedStmt, cplan->stmt_list), es, st->sql.data, params);
	ExplainEndOutput(es);
	ReleaseCachedPlan(cplan, owner);
	*work_mem_text = GetConfigOptionByName("work_mem", NULL, false);
	api_settings_end(settings);
	return es->str->data;
}

static Datum
explain(FunctionCallInfo fcinfo, RequestKind kind, int analyze_arg)
{
	ApiCall		call;
	Request		req;
	bool		analyze = !PG_ARGISNULL(analyze_arg) && PG_GETARG_BOOL(analyze_arg);
	List	   *lines = NIL;
	char	   *plan_text;
	char	   *work_mem_text;
	bool		generic;
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ListCell   *lc;

	api_call_begin(&call, fcinfo, USAGE_NOT_COUNTED);
	request_build(&call, fcinfo, kind, &req);
	plan_text = explain_plan(&req.st, analyze, &generic, &work_mem_text);

	/* the lines outlive SPI */
	MemoryContextSwitchTo(call.result_context);
	lines = lappend(lines, describe_caller(&call.caller));
	lines = lappend(lines, pstrdup(generic
								   ? "plan: generic (this request shape is planned once, whatever the values)"
								   : "plan: custom (planned for these values at every call; may use parallel workers)"));
	if (req.st.work_mem_kb > 0)
		lines = lappend(lines, psprintf("work_mem: %s (this statement's: at least %dkB, the session's if higher)",
										work_mem_text, req.st.work_mem_kb));
	lines = lappend(lines, psprintf("statement: %s", req.st.sql.data));
	for (int i = 0; i < req.st.nparams; i++)
		lines = lappend(lines, describe_param(&req.st, i));
	for (char *line = strtok(pstrdup(plan_text), "\n"); line != NULL; line = strtok(NULL, "\n"))
		lines = lappend(lines, line);
	api_call_end(&call, NULL);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	foreach(lc, lines)
	{
		Datum		value = CStringGetTextDatum((char *) lfirst(lc));
		bool		isnull = false;

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull);
	}
	return (Datum) 0;
}

/* explain_list(select, query, sort, skip, limit, analyze) returns setof text */
PG_FUNCTION_INFO_V1(icl_explain_list);
Datum
icl_explain_list(PG_FUNCTION_ARGS)
{
	return explain(fcinfo, REQUEST_LIST, 5);
}

/* explain_item(id, select, analyze) returns setof text */
PG_FUNCTION_INFO_V1(icl_explain_item);
Datum
icl_explain_item(PG_FUNCTION_ARGS)
{
	return explain(fcinfo, REQUEST_ITEM, 2);
}

/* explain_count(query, analyze) returns setof text */
PG_FUNCTION_INFO_V1(icl_explain_count);
Datum
icl_explain_count(PG_FUNCTION_ARGS)
{
	return explain(fcinfo, REQUEST_COUNT, 1);
}

/* explain_aggregate(query, groupBy, aggregate, sort, limit, analyze) returns setof text */
PG_FUNCTION_INFO_V1(icl_explain_aggregate);
Datum
icl_explain_aggregate(PG_FUNCTION_ARGS)
{
	return explain(fcinfo, REQUEST_AGGREGATE, 5);
}
