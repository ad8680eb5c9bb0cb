/*
 * api_call.h — what the three API calls share: the caller, the owner's
 * rights, SPI, and the order of checks (caller PT401, permission PT403,
 * request 22023, item PT404).
 */
#ifndef ICL_API_CALL_H
#define ICL_API_CALL_H

#include "postgres.h"

#include "fmgr.h"

#include "caller.h"
#include "json_input.h"
#include "owner.h"
#include "statement.h"

typedef struct ApiCall
{
	MemoryContext result_context;	/* where the result must be built */
	OwnerSwitch owner;			/* the caller's user, restored at the end */
	Caller		caller;
} ApiCall;

/*
 * Note the calling role (current_user), take the extension owner's rights,
 * connect SPI and resolve the caller, raising PT401/PT403 unless it may read.
 */
extern void api_call_begin(ApiCall *call, FunctionCallInfo fcinfo);

/* Finish SPI and give the caller's rights back; results built in
 * call->result_context survive. */
extern void api_call_end(ApiCall *call);

/* The json argument n parsed for parameter name (NULL when SQL or JSON null). */
extern JsonNode *api_json_arg(FunctionCallInfo fcinfo, int n, const char *name);

/* Run a statement read-only; returns the rows in SPI_tuptable. */
extern uint64 api_execute(Statement *st);

#endif
