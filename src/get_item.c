/*
 * get_item.c — incoming_call_log.get_item(id, select) and
 * get_item_csv(id, select): one call log of the caller's project, as JSON or
 * CSV, or PT404 (absent and another project's look the same).
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "api_call.h"
#include "arguments.h"
#include "errors.h"
#include "values.h"

static void
item(FunctionCallInfo fcinfo, ResponseFormat format, Response *r)
{
	ApiCall		call;
	Projection	proj;
	Statement	st;
	pg_uuid_t	id;
	char	   *id_text;

	api_call_begin(&call, fcinfo);
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"id\" is required")));
	id_text = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (!parse_uuid(id_text, &id))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("invalid id \"%s\"", argument_for_message(id_text)),
				 errdetail("An id is a uuid such as \"550e8400-e29b-41d4-a716-446655440000\".")));
	select_parse(&proj, api_json_arg(&call, fcinfo, 1, "select"), call.caller.permissions);

	statement_item(&st, &call.caller.project_id, &id, &proj);
	response_init(r, format, SHAPE_ITEM, &proj, call.result_context);
	api_run(&call, &st, r);
	if (r->rows == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_NOT_FOUND),
				 errmsg("incoming call log \"%s\" not found", argument_for_message(id_text))));
	response_finish(r);
	api_call_end(&call, r);
}

PG_FUNCTION_INFO_V1(icl_get_item);
Datum
icl_get_item(PG_FUNCTION_ARGS)
{
	Response	r;

	item(fcinfo, RESPONSE_JSON, &r);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(r.body.data, r.body.len));
}

PG_FUNCTION_INFO_V1(icl_get_item_csv);
Datum
icl_get_item_csv(PG_FUNCTION_ARGS)
{
	Response	r;

	item(fcinfo, RESPONSE_CSV, &r);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(r.body.data, r.body.len));
}
