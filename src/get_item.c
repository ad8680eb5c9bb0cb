/*
 * get_item.c — incoming_call_log.get_item(id, select) and
 * get_item_csv(id, select): one call log of the caller's project, as JSON or
 * CSV, or PT404 (absent and another project's look the same).
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "request.h"

PG_FUNCTION_INFO_V1(icl_get_item);
Datum
icl_get_item(PG_FUNCTION_ARGS)
{
	Request		req;
	Response	r;

	request_answer(fcinfo, REQUEST_ITEM, RESPONSE_JSON, &req, &r);
	PG_RETURN_TEXT_P(response_text(&r));
}

PG_FUNCTION_INFO_V1(icl_get_item_csv);
Datum
icl_get_item_csv(PG_FUNCTION_ARGS)
{
	Request		req;
	Response	r;

	request_answer(fcinfo, REQUEST_ITEM, RESPONSE_CSV, &req, &r);
	PG_RETURN_TEXT_P(response_text(&r));
}
