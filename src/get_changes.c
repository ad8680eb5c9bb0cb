/*
 * get_changes.c — incoming_call_log.get_changes(select, query, since, limit)
 * (doc/cursors-and-changes.md): the changes to the caller's call logs since a
 * position, each call log once in its state now ("upsert" when it matches
 * query, else "remove"), and the position after them.
 *
 * The caller's checks, the parsing of select and query and the projection
 * are get_list's (api_call.c, select.c, query.c, json_output.c), in the
 * same order; then the position (cursor.c, feed_position.c).  "since" null
 * answers no change and the position now.  Otherwise the changes are those
 * of transactions the position had not seen and the snapshot now has
 * (change_capture.c records them): a transaction still in progress is not
 * in the snapshot, so a later read reports it, however early it began.
 * More changes than "limit" are handed out in parts, in the order of the
 * transactions' ids, the snapshot of the first part kept until the last.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "api_call.h"
#include "cursor.h"
#include "feed_position.h"
#include "paging.h"
#include "plan_cache.h"
#include "sql_names.h"

/* The feed's id now (SPI-connected, with the owner's rights). */
static void
feed_current(pg_uuid_t *feed)
{
	bool		isnull;

	if (SPI_execute_plan(plan_cache_get("SELECT feed_id FROM " CHANGE_HORIZON_TABLE, 0, NULL, CURSOR_OPT_GENERIC_PLAN),
						 NULL, NULL, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "incoming_call_log: the feed's horizon is missing");
	memcpy(feed, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)), UUID_LEN);
}

static char *
position_cursor(const CursorBinding *binding, const FeedPosition *p)
{
	int			capacity = cursor_body_capacity();
	uint8	   *body = palloc(capacity);
	int			len = feed_position_encode(body, capacity, p);

	return cursor_make(binding, body, len);
}

static Datum
changes(ApiCall *call, FunctionCallInfo fcinfo, void *arg)
{
	Projection	proj;
	FilterSet	query;
	int32		limit;
	CursorBinding binding;
	FeedPosition from;
	FeedPosition next;
	Response	r;
	char	   *next_text;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	PermissionSet perms;

	api_call_begin(call, fcinfo, USAGE_GET_CHANGES);
	perms = call->caller.permissions;
	select_parse(&proj, json_parse_param(api_json_text(call, fcinfo, 0), "select"), perms);
	query_parse(&query, json_parse_param(api_json_text(call, fcinfo, 1), "query"), perms);
	limit = paging_changes_limit(PG_ARGISNULL(3), PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3));
	cursor_binding(&binding, CURSOR_CHANGES, &call->caller.project_id, &query, NULL);

	response_init(&r, RESPONSE_JSON, SHAPE_CHANGES, &proj, call->result_context);
	response_changes(&r, (uint64) limit);
	memset(&next, 0, sizeof(next));
	if (PG_ARGISNULL(2))
	{
		/* the position now: nothing to report yet */
		feed_current(&next.feed);
		feed_snapshot_now(&next.seen);
	}
	else
	{
		char	   *since = text_to_cstring(PG_GETARG_TEXT_PP(2));
		int			len;
		const uint8 *body = cursor_open(since, "since", &binding, &len);
		Statement	st;

		feed_position_decode(body, len, &from);
		if (!from.within)
			feed_snapshot_now(&from.upto);
		statement_changes(&st, &call->caller.project_id, &proj, &query, &from, limit);
		api_run(call, &st, &r);
		if (!r.horizon_read)
			elog(ERROR, "incoming_call_log: the feed's horizon is missing");
		feed_position_check(&from, &r.feed_id, r.purged_through);
		if (r.more)
		{
			next = from;
			next.within = true;
			next.last_txid = r.last_txid;
			next.last_id = r.last_id;
		}
		else
		{
			next.feed = from.feed;
			next.seen = from.upto;
		}
	}
	response_finish(&r);
	next_text = MemoryContextStrdup(call->result_context, position_cursor(&binding, &next));
	api_call_end(call, &r);

	values[0] = PointerGetDatum(response_text(&r));
	values[1] = CStringGetTextDatum(next_text);
	return api_composite(fcinfo, values, nulls);
}

PG_FUNCTION_INFO_V1(icl_get_changes);
Datum
icl_get_changes(PG_FUNCTION_ARGS)
{
	return api_call_counted(changes, fcinfo, NULL);
}
