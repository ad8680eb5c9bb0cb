/*
 * api_call.h — what the API calls share: the caller, the owner's rights,
 * SPI, the order of checks (caller PT401, permission PT403, request 22023,
 * item PT404), running a statement into a response, the call's memory, and
 * counting it in the usage statistics.
 */
#ifndef ICL_API_CALL_H
#define ICL_API_CALL_H

#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "portability/instr_time.h"

#include "caller.h"
#include "json_input.h"
#include "owner.h"
#include "response.h"
#include "statement.h"
#include "usage_stats.h"

typedef struct ApiCall
{
	MemoryContext result_context;	/* where the result must be built */
	OwnerSwitch owner;			/* the caller's user, restored at the end */
	Caller		caller;
	bool		measure_memory; /* DEBUG1 is shown: report the call's memory */
	Size		memory_at_start;	/* TopTransactionContext's allocation before the call */
	Size		memory_peak;	/* the most it held above that, at the points measured */
	Size		request_bytes;	/* bytes of the JSON parameters */
	ErrorContextCallback memory_context;	/* reports the memory on a refusal */
	Oid			role;			/* current_user when the call began */
	UsageCall	usage_call;		/* which call the usage statistics count it as */
	instr_time	usage_start;	/* when it began (only when counted) */
} ApiCall;

/*
 * Note the calling role (current_user), take the extension owner's rights,
 * connect SPI and resolve the caller, raising PT401/PT403 unless it may read.
 * counted names the call for the usage statistics (USAGE_NOT_COUNTED: none).
 */
extern void api_call_begin(ApiCall *call, FunctionCallInfo fcinfo, UsageCall counted);

/*
 * Finish SPI and give the caller's rights back; results built in
 * call->result_context survive.  With DEBUG1 shown, reports the most memory
 * the call held (the parsed request, the executor, the response body) in a
 * DEBUG1 message; a call that ends in an error reports it as the error's
 * CONTEXT line instead.
 */
extern void api_call_end(ApiCall *call, const Response *r);

/*
 * From the PG_CATCH around a counted call (api_call_begin to api_call_end):
 * count the refusal under the SQLSTATE being raised.  Allocates nothing and
 * raises nothing; the caller re-throws.  call->usage_call must have been set
 * to USAGE_NOT_COUNTED before the PG_TRY.
 */
extern void api_call_refused(const ApiCall *call);

/*
 * Run body (which calls api_call_begin ... api_call_end on call) so that a
 * refusal is counted by the usage statistics on its way out; without them
 * (not preloaded) body runs with no PG_TRY around it.
 */
typedef Datum (*ApiCallBody) (ApiCall *call, FunctionCallInfo fcinfo, void *arg);
extern Datum api_call_counted(ApiCallBody body, FunctionCallInfo fcinfo, void *arg);

/*
 * The call's composite answer (get_list's, count's, get_page's ...): values
 * and nulls in the order of the function's declared result type.
 */
extern Datum api_composite(FunctionCallInfo fcinfo, const Datum *values, const bool *nulls);

/* The json argument n's text (NULL when SQL null), counted in the request's bytes. */
extern text *api_json_text(ApiCall *call, FunctionCallInfo fcinfo, int n);

/* The plan of a statement (planned once, or for each call's values). */
extern SPIPlanPtr api_plan(const Statement *st);

/*
 * The settings a statement is planned and run with, from api_settings_begin
 * until api_settings_end(its result): work_mem raised to st->work_mem_kb
 * when the session's is lower (0 returned when nothing changes).  An error
 * in between restores them with the (sub)transaction's abort.
 */
extern int	api_settings_begin(const Statement *st);
extern void api_settings_end(int nestlevel);

/*
 * Run a statement read-only, its rows written into r as they come, with
 * its settings (api_settings_begin).
 */
extern void api_run(ApiCall *call, const Statement *st, Response *r);

#endif
