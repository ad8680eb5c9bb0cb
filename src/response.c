/*
 * response.c — a DestReceiver that writes each row into the answer as the
 * executor sends it (SPI_execute_plan_extended's dest): no copy of the rows
 * into SPI's tuple table, no second pass; the writer (json_output.c or
 * csv_output.c) is chosen by the response's format, the projection is the
 * same for both.
 */
#include "postgres.h"

#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/datum.h"
#include "utils/memutils.h"

#include "answer_heap.h"
#include "csv_output.h"
#include "json_output.h"
#include "response.h"

typedef struct ResponseReceiver
{
	DestReceiver pub;			/* first: the executor sees a DestReceiver */
	Response   *response;
} ResponseReceiver;

void
response_init(Response *r, ResponseFormat format, ResponseShape shape,
			   const Projection *proj, MemoryContext context)
{
	MemoryContext old = MemoryContextSwitchTo(context);

	memset(r, 0, sizeof(*r));
	r->format = format;
	r->shape = shape;
	r->proj = proj;
	initStringInfo(&r->body);
	MemoryContextSwitchTo(old);
	r->context = context;
	appendStringInfoSpaces(&r->body, VARHDRSZ);
	if (format == RESPONSE_JSON && (shape == SHAPE_LIST || shape == SHAPE_PAGE || shape == SHAPE_CHANGES))
		appendStringInfoChar(&r->body, '[');
	if (format == RESPONSE_CSV && shape != SHAPE_COUNT)
		csv_append_header(&r->body, proj);
}

void
response_init_aggregate(Response *r, ResponseFormat format, const AggregateSpec *agg, MemoryContext context)
{
	MemoryContext old = MemoryContextSwitchTo(context);

	memset(r, 0, sizeof(*r));
	r->format = format;
	r->shape = SHAPE_AGGREGATE;
	r->agg = agg;
	initStringInfo(&r->body);
	MemoryContextSwitchTo(old);
	appendStringInfoSpaces(&r->body, VARHDRSZ);
	if (format == RESPONSE_JSON)
		appendStringInfoChar(&r->body, '[');
	else
		csv_append_aggregate_header(&r->body, agg);
}

void
response_finish(Response *r)
{
	if (r->format == RESPONSE_JSON &&
		(r->shape == SHAPE_LIST || r->shape == SHAPE_PAGE || r->shape == SHAPE_AGGREGATE || r->shape == SHAPE_CHANGES))
		appendStringInfoChar(&r->body, ']');
	if (r->format == RESPONSE_CSV && r->shape == SHAPE_COUNT)
		csv_append_count(&r->body, r->total);
	answer_heap_note((Size) r->body.maxlen);
}

void
response_page(Response *r, uint64 max_rows, const Keyset *keys, int key_attno)
{
	r->max_rows = max_rows;
	r->keys = keys;
	r->key_attno = key_attno;
	r->last_keys = MemoryContextAllocZero(r->context, sizeof(Datum) * keys->n);
	r->last_nulls = MemoryContextAlloc(r->context, sizeof(bool) * keys->n);
	memset(r->last_nulls, true, sizeof(bool) * keys->n);	/* nothing kept yet */
}

void
response_changes(Response *r, uint64 max_rows)
{
	Assert(r->shape == SHAPE_CHANGES && r->format == RESPONSE_JSON);
	r->max_rows = max_rows;
}

/*
 * One row of a feed's answer: the horizon (every row has it; a row with a
 * null change says only that), then a change, or "more" past max_rows.
 */
static void
receive_change(Response *r, const Datum *values, const bool *isnull)
{
	r->horizon_read = true;
	r->purged_through = DatumGetUInt64(values[0]);
	memcpy(&r->feed_id, DatumGetUUIDP(values[1]), sizeof(pg_uuid_t));
	if (isnull[2])
		return;					/* no change: the horizon alone */
	if (r->rows >= r->max_rows)
	{
		r->more = true;			/* the change after the answer: not written */
		return;
	}
	if (r->rows > 0)
		appendStringInfoChar(&r->body, ',');
	json_append_change(&r->body, r->proj, values[2], values, isnull);
	r->rows++;
	r->last_txid = DatumGetUInt64(values[3]);
	memcpy(&r->last_id, DatumGetUUIDP(values[2]), sizeof(pg_uuid_t));
}

/* Keep the keys of the row just written (a page's next cursor is made of them). */
static void
keep_keys(Response *r, const Datum *values, const bool *isnull)
{
	MemoryContext old = MemoryContextSwitchTo(r->context);

	for (int i = 0; i < r->keys->n; i++)
	{
		const KeysetKey *k = &r->keys->keys[i];
		int			col = r->key_attno - 1 + i;

		if (!r->last_nulls[i] && !k->typbyval)
			pfree(DatumGetPointer(r->last_keys[i]));
		r->last_nulls[i] = isnull[col];
		r->last_keys[i] = isnull[col] ? (Datum) 0 : datumCopy(values[col], k->typbyval, k->typlen);
	}
	MemoryContextSwitchTo(old);
}

text *
response_text(Response *r)
{
	SET_VARSIZE(r->body.data, r->body.len);
	return (text *) r->body.data;
}

void
response_write_row(Response *r, const Datum *values, const bool *isnull)
{
	if (r->format == RESPONSE_JSON)
	{
		if (r->rows > 0)
			appendStringInfoChar(&r->body, ',');
		json_append_row(&r->body, r->proj, values, isnull);
	}
	else
		csv_append_row(&r->body, r->proj, values, isnull);
	r->rows++;
}

void
response_count(Response *r, int64 count)
{
	Assert(r->shape == SHAPE_COUNT);
	r->total = count;
}

static bool
receive_row(TupleTableSlot *slot, DestReceiver *self)
{
	Response   *r = ((ResponseReceiver *) self)->response;
	const Datum *values;
	const bool *isnull;

	CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	values = slot->tts_values;
	isnull = slot->tts_isnull;

	if (r->shape == SHAPE_COUNT)
	{
		r->total = DatumGetInt64(values[0]);
		return true;
	}
	if (r->shape == SHAPE_CHANGES)
	{
		receive_change(r, values, isnull);
		return true;
	}
	if (r->shape == SHAPE_AGGREGATE)
	{
		/* the statement fetched one group more than the limit: it says "more" */
		if (r->rows == (uint64) r->agg->limit)
		{
			r->more = true;
			return true;
		}
		if (r->format == RESPONSE_JSON)
		{
			if (r->rows > 0)
				appendStringInfoChar(&r->body, ',');
			json_append_group(&r->body, r->agg, values, isnull);
		}
		else
			csv_append_group(&r->body, r->agg, values, isnull);
		r->rows++;
		return true;
	}
	if (r->shape == SHAPE_LIST)
	{
		r->total = DatumGetInt64(values[0]);
		if (isnull[r->proj->id_attno - 1])
			return true;		/* the page is past the end: the count alone */
	}
	if (r->shape == SHAPE_PAGE && r->rows >= r->max_rows)
	{
		r->more = true;			/* the row after the page: not written */
		return true;
	}
	response_write_row(r, values, isnull);
	if (r->shape == SHAPE_PAGE)
		keep_keys(r, values, isnull);
	return true;
}

static void
receiver_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

/* The executor's memory is still there: note it for the request's memory line. */
static void
receiver_shutdown(DestReceiver *self)
{
	Response   *r = ((ResponseReceiver *) self)->response;

	if (r->measure_memory)
		r->executor_memory = MemoryContextMemAllocated(TopTransactionContext, true);
}

static void
receiver_destroy(DestReceiver *self)
{
	pfree(self);
}

DestReceiver *
response_receiver(Response *r)
{
	ResponseReceiver *receiver = palloc0(sizeof(ResponseReceiver));

	receiver->pub.receiveSlot = receive_row;
	receiver->pub.rStartup = receiver_startup;
	receiver->pub.rShutdown = receiver_shutdown;
	receiver->pub.rDestroy = receiver_destroy;
	/* any value but DestNone and DestSPI, as PL/pgSQL's RETURN QUERY receiver */
	receiver->pub.mydest = DestTuplestore;
	receiver->response = r;
	return &receiver->pub;
}
