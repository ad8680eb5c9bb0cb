/*
 * api_call.h — what the API calls share: the caller, the owner's rights,
 * SPI, the order of checks (caller PT401, permission PT403, request 22023,
 * item PT404), running a statement into a response, and the call's memory.
 */
#ifndef ICL_API_CALL_H
#define ICL_API_CALL_H

#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"

#include "caller.h"
#include "json_input.h"
#include "owner.h"
#include "response.h"
#include "statement.h"

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
} ApiCall;

/*
 * Note the calling role (current_user), take the extension owner's rights,
 * connect SPI and resolve the caller, raising PT401/PT403 unless it may read.
 */
extern void api_call_begin(ApiCall *call, FunctionCallInfo fcinfo);

/*
 * Finish SPI and give the caller's rights back; results built in
 * call->result_context survive.  With DEBUG1 shown, reports the most memory
 * the call held (the parsed request, the executor, the response body) in a
 * DEBUG1 message; a call that ends in an error reports it as the error's
 * CONTEXT line instead.
 */
extern void api_call_end(ApiCall *call, const Response *r);

/* The json argument n's text (NULL when SQL null), counted in the request's bytes. */
extern text *api_json_text(ApiCall *call, FunctionCallInfo fcinfo, int n);

/* The plan of a statement (planned once, or for each call's values). */
extern SPIPlanPtr api_plan(const Statement *st);

/* Run a statement read-only, its rows written into r as they come. */
extern void api_run(ApiCall *call, const Statement *st, Response *r);

#endif
