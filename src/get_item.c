/*
 * get_item.c — incoming_call_log.get_item(id, select) and
 * get_item_csv(id, select): one call log of the caller's project, as JSON or
 * CSV, or PT404 (absent and another project's look the same).
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "arguments.h"
#include "errors.h"
#include "request.h"

static void
item(FunctionCallInfo fcinfo, ResponseFormat format, Response *r)
{
	ApiCall		call;
	Request		req;

	api_call_begin(&call, fcinfo);
	request_item(&call, fcinfo, &req);
	response_init(r, format, SHAPE_ITEM, &req.proj, call.result_context);
	api_run(&call, &req.st, r);
	if (r->rows == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_NOT_FOUND),
				 errmsg("incoming call log \"%s\" not found", argument_for_message(req.id_text))));
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
