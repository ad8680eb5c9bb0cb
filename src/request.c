/*
 * request.c — a call from its arguments to its answer: check the arguments
 * (22023 for anything malformed, after the caller's checks), build the
 * statement, run it into the response, and say PT404 for an item that is
 * not there.  The JSON and CSV forms of a call and its explain function
 * take the same arguments in the same positions, so they share this.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "arguments.h"
#include "errors.h"
#include "request.h"
#include "values.h"

static void
request_list(ApiCall *call, FunctionCallInfo fcinfo, Request *req)
{
	select_parse(&req->proj, api_json_arg(call, fcinfo, 0, "select"), call->caller.permissions);
	query_parse(&req->query, api_json_arg(call, fcinfo, 1, "query"), call->caller.permissions);
	sort_parse(&req->sort, api_json_arg(call, fcinfo, 2, "sort"), call->caller.permissions);
	paging_parse(&req->paging, PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3),
				 PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4));
	statement_list(&req->st, &call->caller.project_id, &req->proj, &req->query, &req->sort, &req->paging);
}

static void
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

static void
request_count(ApiCall *call, FunctionCallInfo fcinfo, Request *req)
{
	query_parse(&req->query, api_json_arg(call, fcinfo, 0, "query"), call->caller.permissions);
	statement_count(&req->st, &call->caller.project_id, &req->query);
}

void
request_build(ApiCall *call, FunctionCallInfo fcinfo, RequestKind kind, Request *req)
{
	switch (kind)
	{
		case REQUEST_LIST:
			request_list(call, fcinfo, req);
			break;
		case REQUEST_ITEM:
			request_item(call, fcinfo, req);
			break;
		case REQUEST_COUNT:
			request_count(call, fcinfo, req);
			break;
	}
}

void
request_answer(FunctionCallInfo fcinfo, RequestKind kind, ResponseFormat format, Request *req, Response *r)
{
	static const ResponseShape shapes[] = {
		[REQUEST_LIST] = SHAPE_LIST, [REQUEST_ITEM] = SHAPE_ITEM, [REQUEST_COUNT] = SHAPE_COUNT,
	};
	ApiCall		call;

	api_call_begin(&call, fcinfo);
	request_build(&call, fcinfo, kind, req);
	response_init(r, format, shapes[kind], kind == REQUEST_COUNT ? NULL : &req->proj, call.result_context);
	api_run(&call, &req->st, r);
	if (kind == REQUEST_ITEM && r->rows == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_NOT_FOUND),
				 errmsg("incoming call log \"%s\" not found", argument_for_message(req->id_text))));
	response_finish(r);
	api_call_end(&call, r);
}
