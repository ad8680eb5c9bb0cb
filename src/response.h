/*
 * response.h — the body of a call's answer, written row by row as the
 * executor produces the rows, in JSON or CSV.
 */
#ifndef ICL_RESPONSE_H
#define ICL_RESPONSE_H

#include "postgres.h"

#include "lib/stringinfo.h"
#include "tcop/dest.h"
#include "utils/uuid.h"

#include "aggregate.h"
#include "keyset.h"
#include "select.h"

typedef enum ResponseFormat
{
	RESPONSE_JSON,
	RESPONSE_CSV
} ResponseFormat;

typedef enum ResponseShape
{
	SHAPE_LIST,					/* column 1 the total, then a page row (null id: none) */
	SHAPE_ITEM,					/* at most one row */
	SHAPE_COUNT,				/* one row: the count */
	SHAPE_PAGE,					/* get_page: page rows, then their keyset keys
								 * (from key_attno); a row past max_rows only
								 * sets more */
	SHAPE_AGGREGATE,			/* groups, at most limit + 1 (the last: "more") */
	SHAPE_CHANGES				/* get_changes: columns 1 and 2 the feed's
								 * horizon and id, 3 and 4 a change's call log
								 * id (null: none) and transaction id, then
								 * the call log's columns (null id: a
								 * "remove") */
} ResponseShape;

typedef struct Response
{
	ResponseFormat format;
	ResponseShape shape;
	const Projection *proj;		/* the select (list, item) */
	const AggregateSpec *agg;	/* the groups' columns (aggregate) */
	StringInfoData body;		/* a text datum's header (VARHDRSZ), then the
								 * answer: list: the data array (JSON) or the
								 * lines (CSV); response_text() returns it */
	int64		total;			/* list and count: the count */
	uint64		rows;			/* data rows written */
	bool		more;			/* page and aggregate: a row (a group) followed
								 * the last one written */
	bool		measure_memory; /* note transaction memory when the executor is done */
	Size		executor_memory;	/* MemoryContextMemAllocated(TopTransactionContext) then */
	/* SHAPE_PAGE */
	uint64		max_rows;		/* rows written at most */
	const Keyset *keys;			/* the keys kept of the last row written */
	int			key_attno;		/* result column of keys->keys[0] */
	Datum	   *last_keys;		/* their values in the last row written (in context) */
	bool	   *last_nulls;
	/* SHAPE_CHANGES (max_rows too) */
	bool		horizon_read;	/* a row came: the two below are set */
	uint64		purged_through; /* the feed's horizon (feed_position.h) */
	pg_uuid_t	feed_id;		/* and its id */
	uint64		last_txid;		/* the last change written: its transaction */
	pg_uuid_t	last_id;		/* and its call log */
	MemoryContext context;		/* where the body and the kept keys live */
} Response;

/*
 * Start a response; its body is allocated in `context` (the caller's, so it
 * survives SPI).  A CSV list or item starts with its header line.
 */
extern void response_init(Response *r, ResponseFormat format, ResponseShape shape,
						  const Projection *proj, MemoryContext context);

/*
 * Make r a page: at most max_rows rows written, the keys of the last one
 * (columns key_attno...) kept in last_keys / last_nulls.
 */
extern void response_page(Response *r, uint64 max_rows, const Keyset *keys, int key_attno);

/* Make r a feed's answer (get_changes): at most max_rows changes written. */
extern void response_changes(Response *r, uint64 max_rows);

/* The same for get_aggregate's groups (a CSV body starts with its header line). */
extern void response_init_aggregate(Response *r, ResponseFormat format, const AggregateSpec *agg,
									MemoryContext context);

/* Finish the body (JSON list: close the array). */
extern void response_finish(Response *r);

/* The finished body as a text datum, without a copy. */
extern text *response_text(Response *r);

/*
 * Write one row of the projection (list, page, item), its columns as the
 * projection's result columns number them, in the response's format.  The
 * executor's rows come through response_receiver; item_fetch.c's row, read
 * without a statement, comes here directly.
 */
extern void response_write_row(Response *r, const Datum *values, const bool *isnull);

/* The count shape's answer, as the count statement's row would give it. */
extern void response_count(Response *r, int64 count);

/* A receiver that writes each row the executor sends into r. */
extern DestReceiver *response_receiver(Response *r);

#endif
