/*
 * get_list.c — incoming_call_log.get_list(select, query, sort, skip, limit):
 * one page of the caller's call logs and the total count of matches.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "access/htup_details.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "api_call.h"
#include "json_output.h"

PG_FUNCTION_INFO_V1(icl_get_list);
Datum
icl_get_list(PG_FUNCTION_ARGS)
{
	ApiCall		call;
	Projection	proj;
	FilterSet		query;
	SortSpec		sort;
	Paging		paging;
	Statement	st;
	uint64		nrows;
	int64		total = 0;
	StringInfoData data;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	Datum	   *rowvals;
	bool	   *rownulls;

	api_call_begin(&call, fcinfo);

	select_parse(&proj, api_json_arg(fcinfo, 0, "select"), call.caller.permissions);
	query_parse(&query, api_json_arg(fcinfo, 1, "query"), call.caller.permissions);
	sort_parse(&sort, api_json_arg(fcinfo, 2, "sort"), call.caller.permissions);
	paging_parse(&paging, PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3),
				 PG_ARGISNULL(4), PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4));

	statement_list(&st, &call.caller.project_id, &proj, &query, &sort, &paging);
	nrows = api_execute(&st);

	/* the response text lives in the caller's context, past SPI_finish */
	{
		MemoryContext spi_context = MemoryContextSwitchTo(call.result_context);

		initStringInfo(&data);
		MemoryContextSwitchTo(spi_context);
	}
	appendStringInfoChar(&data, '[');
	if (nrows > 0)
	{
		SPITupleTable *tab = SPI_tuptable;
		int			natts = tab->tupdesc->natts;
		bool		isnull;

		rowvals = palloc(sizeof(Datum) * natts);
		rownulls = palloc(sizeof(bool) * natts);
		total = DatumGetInt64(SPI_getbinval(tab->vals[0], tab->tupdesc, st.count_attno, &isnull));
		for (uint64 i = 0; i < nrows; i++)
		{
			CHECK_FOR_INTERRUPTS();
			heap_deform_tuple(tab->vals[i], tab->tupdesc, rowvals, rownulls);
			if (i > 0)
				appendStringInfoChar(&data, ',');
			json_append_row(&data, &proj, rowvals, rownulls);
		}
	}
	else
	{
		/* an empty page has no count column to read: count separately */
		bool		isnull;

		statement_count(&st, &call.caller.project_id, &query);
		api_execute(&st);
		total = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	appendStringInfoChar(&data, ']');

	api_call_end(&call);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "get_list must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum(total);
	values[1] = Int32GetDatum(paging.limit);
	values[2] = Int32GetDatum(paging.skip);
	values[3] = PointerGetDatum(cstring_to_text_with_len(data.data, data.len));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
