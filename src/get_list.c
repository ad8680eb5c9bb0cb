/*
 * get_list.c — incoming_call_log.get_list(select, query, sort, skip, limit)
 * and get_list_csv(...): one page of the caller's call logs and the total
 * count of matches, as the JSON list result or as CSV (doc/reference.md).
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/guc.h"

#include "request.h"

PG_FUNCTION_INFO_V1(icl_get_list);
Datum
icl_get_list(PG_FUNCTION_ARGS)
{
	Request		req;
	Response	r;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	request_answer(fcinfo, REQUEST_LIST, RESPONSE_JSON, &req, &r);

	values[0] = Int64GetDatum(r.total);
	values[1] = Int32GetDatum(req.paging.limit);
	values[2] = Int32GetDatum(req.paging.skip);
	values[3] = PointerGetDatum(response_text(&r));
	PG_RETURN_DATUM(api_composite(fcinfo, values, nulls));
}

/*
 * get_list_csv also tells PostgREST the page's place in the whole, the way
 * PostgREST's own paged reads do: response.headers becomes
 * [{"Content-Range": "FIRST-LAST/COUNT"}] ("*" for an empty page) for the
 * rest of the transaction, replacing what it held.
 */
PG_FUNCTION_INFO_V1(icl_get_list_csv);
Datum
icl_get_list_csv(PG_FUNCTION_ARGS)
{
	Request		req;
	Response	r;
	char	   *headers;

	request_answer(fcinfo, REQUEST_LIST, RESPONSE_CSV, &req, &r);

	if (r.rows > 0)
		headers = psprintf("[{\"Content-Range\": \"%d-" INT64_FORMAT "/" INT64_FORMAT "\"}]",
						   req.paging.skip, (int64) req.paging.skip + (int64) r.rows - 1, r.total);
	else
		headers = psprintf("[{\"Content-Range\": \"*/" INT64_FORMAT "\"}]", r.total);
	(void) set_config_option("response.headers", headers, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_LOCAL, true, 0, false);
	PG_RETURN_TEXT_P(response_text(&r));
}
