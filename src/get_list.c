/*
 * get_list.c — incoming_call_log.get_list(select, query, sort, skip, limit)
 * and get_list_csv(...): one page of the caller's call logs and the total
 * count of matches, as the JSON list result or as CSV (SPEC §3, §6).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "request.h"

/* Check and run a list request; r holds the page and the count. */
static void
list(FunctionCallInfo fcinfo, ResponseFormat format, Response *r, Paging *paging)
{
	ApiCall		call;
	Request		req;

	api_call_begin(&call, fcinfo);
	request_list(&call, fcinfo, &req);
	response_init(r, format, SHAPE_LIST, &req.proj, call.result_context);
	api_run(&call, &req.st, r);
	response_finish(r);
	api_call_end(&call, r);
	*paging = req.paging;
}

PG_FUNCTION_INFO_V1(icl_get_list);
Datum
icl_get_list(PG_FUNCTION_ARGS)
{
	Response	r;
	Paging		paging;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	list(fcinfo, RESPONSE_JSON, &r, &paging);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "get_list must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum(r.total);
	values[1] = Int32GetDatum(paging.limit);
	values[2] = Int32GetDatum(paging.skip);
	values[3] = PointerGetDatum(cstring_to_text_with_len(r.body.data, r.body.len));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
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
	Response	r;
	Paging		paging;
	char	   *headers;

	list(fcinfo, RESPONSE_CSV, &r, &paging);

	if (r.rows > 0)
		headers = psprintf("[{\"Content-Range\": \"%d-" INT64_FORMAT "/" INT64_FORMAT "\"}]",
						   paging.skip, (int64) paging.skip + (int64) r.rows - 1, r.total);
	else
		headers = psprintf("[{\"Content-Range\": \"*/" INT64_FORMAT "\"}]", r.total);
	(void) set_config_option("response.headers", headers, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_LOCAL, true, 0, false);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(r.body.data, r.body.len));
}
