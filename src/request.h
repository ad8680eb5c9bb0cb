/*
 * request.h — a call's arguments, checked and turned into its statement:
 * the part of list, item, count and aggregate that the JSON and CSV forms
 * and the explain functions share.
 */
#ifndef ICL_REQUEST_H
#define ICL_REQUEST_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/uuid.h"

#include "api_call.h"

typedef enum RequestKind
{
	REQUEST_LIST,				/* get_list: select, query, sort, skip, limit */
	REQUEST_ITEM,				/* get_item: id, select */
	REQUEST_COUNT,				/* count: query */
	REQUEST_AGGREGATE			/* get_aggregate: query, groupBy, aggregate, sort, limit */
} RequestKind;

typedef struct Request
{
	Projection	proj;			/* list, item */
	FilterSet	query;			/* list, count */
	SortSpec	sort;			/* list */
	Paging		paging;			/* list */
	AggregateSpec agg;			/* aggregate: groupBy, aggregate, sort, limit */
	char	   *id_text;		/* item: the id as given */
	pg_uuid_t  *id;				/* item: the id */
	Statement	st;
} Request;

/*
 * Check a call's arguments (fcinfo's first ones, in the order RequestKind
 * names them) for the resolved caller, and build its statement.
 */
extern void request_build(ApiCall *call, FunctionCallInfo fcinfo, RequestKind kind, Request *req);

/*
 * A whole call: resolve the caller, check the request, run its statement
 * into r in the given format (an item that is not there: PT404), in the
 * caller's memory context.  req keeps the parsed request (the list's paging).
 */
extern void request_answer(FunctionCallInfo fcinfo, RequestKind kind, ResponseFormat format,
						   Request *req, Response *r);

#endif
