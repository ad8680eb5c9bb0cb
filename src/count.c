/*
 * count.c — incoming_call_log.count(query) and count_csv(query): how many
 * of the caller's call logs match, as {"count": N} or as CSV.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "request.h"

PG_FUNCTION_INFO_V1(icl_count);
Datum
icl_count(PG_FUNCTION_ARGS)
{
	Request		req;
	Response	r;
	Datum		values[1];
	bool		nulls[1] = {false};

	request_answer(fcinfo, REQUEST_COUNT, RESPONSE_JSON, &req, &r);
	values[0] = Int64GetDatum(r.total);
	PG_RETURN_DATUM(api_composite(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(icl_count_csv);
Datum
icl_count_csv(PG_FUNCTION_ARGS)
{
	Request		req;
	Response	r;

	request_answer(fcinfo, REQUEST_COUNT, RESPONSE_CSV, &req, &r);
	PG_RETURN_TEXT_P(response_text(&r));
}
