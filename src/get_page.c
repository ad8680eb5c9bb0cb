/*
 * get_page.c — incoming_call_log.get_page(select, query, sort, limit, after)
 * (doc/cursors-and-changes.md): one page of the caller's call logs strictly after the position
 * a signed cursor names, and the cursor of the position after its last row.
 *
 * The caller's checks, the parsing of select, query, sort and limit and the
 * projection are get_list's (api_call.c, select.c, query.c, sort.c,
 * paging.c, json_output.c), in the same order; then the cursor (cursor.c),
 * then keyset pagination (keyset.c): the statement reads from the position
 * on, through the index that serves the sort, so a page at any depth costs
 * what the first page costs.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"

#include "api_call.h"
#include "cursor.h"
#include "errors.h"
#include "keyset.h"
#include "paging.h"
#include "plan_cache.h"
#include "sql_names.h"

/*
 * A text key a cursor could not carry (too long): its value now, read from
 * the row the cursor names, which must still hash as it did when the cursor
 * was made.  A row deleted since, or whose value changed, cannot be stood
 * after: the position would move, and rows be skipped or seen twice.
 */
static Datum
key_from_row(const KeysetKey *k, const pg_uuid_t *project, Datum id, int64 hash)
{
	char	   *sql = psprintf("SELECT " CALL_LOG_ALIAS ".%s FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS
							   " WHERE " CALL_LOG_ALIAS ".project_id" SQL_EQ "$1 AND " CALL_LOG_ALIAS ".id" SQL_EQ "$2",
							   k->field->column);
	Oid			types[2] = {UUIDOID, UUIDOID};
	Datum		values[2] = {UUIDPGetDatum(project), id};
	SPIPlanPtr	plan = plan_cache_get(sql, 2, types, CURSOR_OPT_GENERIC_PLAN);
	bool		isnull = true;
	Datum		d = (Datum) 0;

	if (SPI_execute_plan(plan, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: reading a cursor's row failed");
	if (SPI_processed == 1)
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (SPI_processed != 1 || isnull || keyset_text_hash(DatumGetTextPP(d)) != hash)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"after\" names a row that was deleted or changed since"),
				 errdetail("Its %s was too long to be carried in the cursor, so the position is read from the row.",
						   k->field->json_name),
				 errhint("Start again without \"after\".")));
	return PointerGetDatum(DatumGetTextPCopy(d));
}

static Datum
page(ApiCall *call, FunctionCallInfo fcinfo, void *arg)
{
	Projection	proj;
	FilterSet	query;
	SortSpec	sort;
	Paging		paging;
	Keyset		ks;
	CursorBinding binding;
	Datum	   *after_values = NULL;
	bool	   *after_nulls = NULL;
	Statement	st;
	int			key_attno;
	Response	r;
	char	   *next = NULL;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	PermissionSet perms;

	api_call_begin(call, fcinfo, USAGE_GET_PAGE);
	perms = call->caller.permissions;
	select_parse(&proj, json_parse_param(api_json_text(call, fcinfo, 0), "select"), perms);
	query_parse(&query, json_parse_param(api_json_text(call, fcinfo, 1), "query"), perms);
	sort_parse(&sort, json_parse_param(api_json_text(call, fcinfo, 2), "sort"), perms);
	paging_parse(&paging, true, 0, PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3));
	keyset_from_sort(&ks, &sort);
	cursor_binding(&binding, CURSOR_PAGE, &call->caller.project_id, &query, &ks);

	if (!PG_ARGISNULL(4))
	{
		char	   *after = text_to_cstring(PG_GETARG_TEXT_PP(4));
		int			len;
		const uint8 *body = cursor_open(after, "after", &binding, &len);
		bool	   *byref = palloc(sizeof(bool) * ks.n);

		after_values = palloc(sizeof(Datum) * ks.n);
		after_nulls = palloc(sizeof(bool) * ks.n);
		if (!keyset_decode(body, len, &ks, after_values, after_nulls, byref))
			elog(ERROR, "incoming_call_log: a signed page cursor does not fit its sort");
		for (int i = 0; i < ks.n; i++)
			if (byref[i])
				after_values[i] = key_from_row(&ks.keys[i], &call->caller.project_id, after_values[ks.n - 1],
											   DatumGetInt64(after_values[i]));
	}

	statement_page(&st, &call->caller.project_id, &proj, &query, &sort, &ks,
				   after_values, after_nulls, paging.limit, &key_attno);
	response_init(&r, RESPONSE_JSON, SHAPE_PAGE, &proj, call->result_context);
	response_page(&r, (uint64) paging.limit, &ks, key_attno);
	api_run(call, &st, &r);
	response_finish(&r);

	if (r.more)
	{
		int			capacity = cursor_body_capacity();
		uint8	   *body = palloc(capacity);
		int			len = keyset_encode(body, capacity, &ks, r.last_keys, r.last_nulls);
		char	   *made = cursor_make(&binding, body, len);

		next = MemoryContextStrdup(call->result_context, made);
	}
	api_call_end(call, &r);

	values[0] = PointerGetDatum(response_text(&r));
	if (next != NULL)
		values[1] = CStringGetTextDatum(next);
	else
		nulls[1] = true;
	return api_composite(fcinfo, values, nulls);
}

PG_FUNCTION_INFO_V1(icl_get_page);
Datum
icl_get_page(PG_FUNCTION_ARGS)
{
	return api_call_counted(page, fcinfo, NULL);
}
