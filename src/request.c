/*
 * request.c — check a call's arguments (22023 for anything malformed, after
 * the caller's checks) and build the statement that answers it.  The JSON
 * and CSV forms of a call and its explain function take the same arguments
 * in the same positions, so they share this.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "arguments.h"
#include "errors.h"
#include "request.h"
#include "values.h"

void
request_list(ApiCall *call, FunctionCallInfo fcinfo, Request *req)
{
	select_parse(&req->proj, api_json_arg(call, fcinfo, 0, "select"), call->caller.permissions);
	query_parse(&req->query, api_json_arg(call, fcinfo, 1, "query"), call->caller.permissions);
	sort_parse(&req->sort, api_json_arg(call, fcinfo, 2, "sort"), call->caller.permissions);
	paging_parse(&req->paging, PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3),
				 PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4));
	statement_list(&req->st, &call->caller.project_id, &req->proj, &req->query, &req->sort, &req->paging);
}

void
request_item(ApiCall *call, FunctionCallInfo fcinfo, Request *req)
{
	pg_uuid_t  *id = palloc(sizeof(pg_uuid_t));	/* the statement's parameter points at it */

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"id\" is required")));
	req->id_text = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (!parse_uuid(req->id_text, id))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("invalid id \"%s\"", argument_for_message(req->id_text)),
				 errdetail("An id is a uuid such as \"550e8400-e29b-41d4-a716-446655440000\".")));
	select_parse(&req->proj, api_json_arg(call, fcinfo, 1, "select"), call->caller.permissions);
	statement_item(&req->st, &call->caller.project_id, id, &req->proj);
}

void
request_count(ApiCall *call, FunctionCallInfo fcinfo, Request *req)
{
	query_parse(&req->query, api_json_arg(call, fcinfo, 0, "query"), call->caller.permissions);
	statement_count(&req->st, &call->caller.project_id, &req->query);
}
