/*
 * count.c — incoming_call_log.count(query): how many of the caller's call
 * logs match.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/spi.h"
#include "funcapi.h"

#include "api_call.h"

PG_FUNCTION_INFO_V1(icl_count);
Datum
icl_count(PG_FUNCTION_ARGS)
{
	ApiCall		call;
	FilterSet		query;
	Statement	st;
	bool		isnull;
	int64		total;
	TupleDesc	tupdesc;
	Datum		values[1];
	bool		nulls[1] = {false};

	api_call_begin(&call, fcinfo);
	query_parse(&query, api_json_arg(fcinfo, 0, "query"), call.caller.permissions);

	statement_count(&st, &call.caller.project_id, &query);
	api_execute(&st);
	total = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	api_call_end(&call);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "count must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum(total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
