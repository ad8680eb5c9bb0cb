/*
 * request.c — a call from its arguments to its answer: check the arguments
 * (22023 for anything malformed, after the caller's checks), build the
 * statement (or take it from request_memo.c, for a request seen before, and
 * bind this request's values), run it into the response, and say PT404 for
 * an item that is not there.  The JSON and CSV forms of a call and its explain function
 * take the same arguments in the same positions, so they share this.
 *
 * An aggregate is checked and built at every call (request_memo.c keeps
 * list, item and count requests): its statement is one scan of many rows,
 * beside which parsing its arguments costs nothing that shows; its plan is
 * still saved by plan_cache.c like every other.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "arguments.h"
#include "errors.h"
#include "count_fetch.h"
#include "item_fetch.h"
#include "request.h"
#include "request_memo.h"
#include "values.h"

/* The id argument of get_item and its forms, or 22023. */
static pg_uuid_t *
item_id(FunctionCallInfo fcinfo, Request *req)
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
				 errmsg("invalid id %s", json_quote(req->id_text)),
				 errdetail("An id is a uuid such as \"550e8400-e29b-41d4-a716-446655440000\".")));
	return id;
}

static void
list_paging(FunctionCallInfo fcinfo, Request *req)
{
	paging_parse(&req->paging, PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3),
				 PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4));
}

/*
 * get_aggregate(query, groupBy, aggregate, sort, limit): the parameters
 * checked in that order, then the statement.
 */
static void
aggregate_build(ApiCall *call, FunctionCallInfo fcinfo, Request *req)
{
	PermissionSet perms = call->caller.permissions;
	text	   *args[4];

	for (int i = 0; i < 4; i++)
		args[i] = api_json_text(call, fcinfo, i);
	query_parse(&req->query, json_parse_param(args[0], "query"), perms);
	aggregate_parse(&req->agg, args[1], args[2], args[3],
					PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4), perms);
	statement_aggregate(&req->st, &call->caller.project_id, &req->query, &req->agg);
}

void
request_build(ApiCall *call, FunctionCallInfo fcinfo, RequestKind kind, Request *req)
{
	PermissionSet perms = call->caller.permissions;
	const pg_uuid_t *project = &call->caller.project_id;
	text	   *args[3] = {NULL, NULL, NULL};	/* the JSON arguments: select, query, sort */
	pg_uuid_t  *id = NULL;
	RequestMemoKey key;
	bool		memorable;
	const RequestMemoEntry *seen;

	memset(req, 0, sizeof(*req));
	if (kind == REQUEST_AGGREGATE)
	{
		aggregate_build(call, fcinfo, req);
		return;
	}
	if (kind == REQUEST_ITEM)
		req->id = id = item_id(fcinfo, req);
	if (kind != REQUEST_COUNT)
		args[0] = api_json_text(call, fcinfo, kind == REQUEST_ITEM ? 1 : 0);
	if (kind != REQUEST_ITEM)
		args[1] = api_json_text(call, fcinfo, kind == REQUEST_COUNT ? 0 : 1);
	if (kind == REQUEST_LIST)
		args[2] = api_json_text(call, fcinfo, 2);

	/* the statement depends on the installed version too (statement.h) */
	memorable = request_memo_key(&key, kind * 2 + (statement_hides_soft_deleted() ? 1 : 0), perms, args, 3);
	seen = memorable ? request_memo_find(&key) : NULL;
	if (seen != NULL)
	{
		/* a request seen before: its checks passed, its statement is built */
		req->proj = seen->proj;
		req->st = seen->st;
		if (kind == REQUEST_LIST)
			list_paging(fcinfo, req);
	}
	else
	{
		if (kind != REQUEST_COUNT)
			select_parse(&req->proj, json_parse_param(args[0], "select"), perms);
		if (kind != REQUEST_ITEM)
			query_parse(&req->query, json_parse_param(args[1], "query"), perms);
		if (kind == REQUEST_LIST)
		{
			sort_parse(&req->sort, json_parse_param(args[2], "sort"), perms);
			list_paging(fcinfo, req);
			statement_list(&req->st, project, &req->proj, &req->query, &req->sort, &req->paging);
		}
		else if (kind == REQUEST_ITEM)
			statement_item(&req->st, project, id, &req->proj);
		else
			statement_count(&req->st, project, &req->query);
		if (memorable)
			request_memo_store(&key, kind == REQUEST_COUNT ? NULL : &req->proj, &req->st);
	}

	statement_bind_project(&req->st, project);
	if (kind == REQUEST_LIST)
		statement_bind_paging(&req->st, &req->paging);
	if (kind == REQUEST_ITEM)
		statement_bind_id(&req->st, id);
}

static const ResponseShape shapes[] = {
	[REQUEST_LIST] = SHAPE_LIST, [REQUEST_ITEM] = SHAPE_ITEM, [REQUEST_COUNT] = SHAPE_COUNT,
	[REQUEST_AGGREGATE] = SHAPE_AGGREGATE,
};

static const UsageCall counted[][2] = {
	[REQUEST_LIST] = {[RESPONSE_JSON] = USAGE_GET_LIST, [RESPONSE_CSV] = USAGE_GET_LIST_CSV},
	[REQUEST_ITEM] = {[RESPONSE_JSON] = USAGE_GET_ITEM, [RESPONSE_CSV] = USAGE_GET_ITEM_CSV},
	[REQUEST_COUNT] = {[RESPONSE_JSON] = USAGE_COUNT, [RESPONSE_CSV] = USAGE_COUNT_CSV},
	[REQUEST_AGGREGATE] = {[RESPONSE_JSON] = USAGE_GET_AGGREGATE, [RESPONSE_CSV] = USAGE_GET_AGGREGATE_CSV},
};

typedef struct Answer
{
	RequestKind kind;
	ResponseFormat format;
	Request    *req;
	Response   *r;
} Answer;

static Datum
answer(ApiCall *call, FunctionCallInfo fcinfo, void *arg)
{
	Answer	   *a = (Answer *) arg;
	RequestKind kind = a->kind;
	Request    *req = a->req;
	Response   *r = a->r;
	bool		answered = false;
	int64		count;

	api_call_begin(call, fcinfo, counted[kind][a->format]);
	request_build(call, fcinfo, kind, req);
	if (kind == REQUEST_AGGREGATE)
		response_init_aggregate(r, a->format, &req->agg, call->result_context);
	else
		response_init(r, a->format, shapes[kind], kind == REQUEST_COUNT ? NULL : &req->proj, call->result_context);
	/*
	 * An item by its primary key, a count by one index scan, without a
	 * statement, and a list's page given its count so; unless they cannot be.
	 */
	if (kind == REQUEST_ITEM)
		answered = item_fetch(&req->proj, &call->caller.project_id, req->id, r);
	else if (kind == REQUEST_COUNT && count_fetch(&req->st, &count))
	{
		response_count(r, count);
		answered = true;
	}
	else if (kind == REQUEST_LIST && count_fetch(&req->st, &count))
	{
		Statement	given;

		statement_given_total(&given, &req->st, count);
		api_run(call, &given, r);
		answered = true;
	}
	if (!answered)
		api_run(call, &req->st, r);
	if (kind == REQUEST_ITEM && r->rows == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_NOT_FOUND),
				 errmsg("incoming call log %s not found", json_quote(req->id_text))));
	response_finish(r);
	api_call_end(call, r);
	return (Datum) 0;
}

void
request_answer(FunctionCallInfo fcinfo, RequestKind kind, ResponseFormat format, Request *req, Response *r)
{
	Answer		a = {kind, format, req, r};

	(void) api_call_counted(answer, fcinfo, &a);
}
