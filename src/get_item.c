/*
 * get_item.c — incoming_call_log.get_item(id, select): one call log of the
 * caller's project, or PT404 (absent and another project's look the same).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/spi.h"
#include "utils/builtins.h"

#include "api_call.h"
#include "arguments.h"
#include "errors.h"
#include "json_output.h"
#include "values.h"

PG_FUNCTION_INFO_V1(icl_get_item);
Datum
icl_get_item(PG_FUNCTION_ARGS)
{
	ApiCall		call;
	Projection	proj;
	Statement	st;
	pg_uuid_t	id;
	char	   *id_text;
	StringInfoData out;

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
	select_parse(&proj, api_json_arg(fcinfo, 1, "select"), call.caller.permissions);

	statement_item(&st, &call.caller.project_id, &id, &proj);
	if (api_execute(&st) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_NOT_FOUND),
				 errmsg("incoming call log \"%s\" not found", argument_for_message(id_text))));

	{
		TupleDesc	tupdesc = SPI_tuptable->tupdesc;
		Datum	   *values = palloc(sizeof(Datum) * tupdesc->natts);
		bool	   *nulls = palloc(sizeof(bool) * tupdesc->natts);
		MemoryContext spi_context = MemoryContextSwitchTo(call.result_context);

		initStringInfo(&out);
		MemoryContextSwitchTo(spi_context);
		heap_deform_tuple(SPI_tuptable->vals[0], tupdesc, values, nulls);
		json_append_row(&out, &proj, values, nulls);
	}

	api_call_end(&call);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}
