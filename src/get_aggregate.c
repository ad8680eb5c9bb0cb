/*
 * get_aggregate.c — incoming_call_log.get_aggregate(query, groupBy,
 * aggregate, sort, limit) and get_aggregate_csv(...): counts, sums,
 * averages, extremes and percentiles of the caller's call logs by group and
 * UTC time bucket, as {"data": [groups], "more": bool} or as CSV (doc/aggregates.md).
 * The caller checks, their order and the errors are count's.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "request.h"

PG_FUNCTION_INFO_V1(icl_get_aggregate);
Datum
icl_get_aggregate(PG_FUNCTION_ARGS)
{
	Request		req;
	Response	r;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	request_answer(fcinfo, REQUEST_AGGREGATE, RESPONSE_JSON, &req, &r);
	values[0] = PointerGetDatum(response_text(&r));
	values[1] = BoolGetDatum(r.more);
	PG_RETURN_DATUM(api_composite(fcinfo, values, nulls));
}

PG_FUNCTION_INFO_V1(icl_get_aggregate_csv);
Datum
icl_get_aggregate_csv(PG_FUNCTION_ARGS)
{
	Request		req;
	Response	r;

	request_answer(fcinfo, REQUEST_AGGREGATE, RESPONSE_CSV, &req, &r);
	PG_RETURN_TEXT_P(response_text(&r));
}
