/*
 * request.h — a call's arguments, checked and turned into its statement:
 * the part of list, item and count that the JSON and CSV forms and the
 * explain functions share.
 */
#ifndef ICL_REQUEST_H
#define ICL_REQUEST_H

#include "postgres.h"

#include "fmgr.h"

#include "api_call.h"

typedef struct Request
{
	Projection	proj;			/* list, item */
	FilterSet	query;			/* list, count */
	SortSpec	sort;			/* list */
	Paging		paging;			/* list */
	char	   *id_text;		/* item: the id as given */
	Statement	st;
} Request;

/* Arguments (select, query, sort, skip, limit) of get_list and its forms. */
extern void request_list(ApiCall *call, FunctionCallInfo fcinfo, Request *req);

/* Arguments (id, select) of get_item and its forms. */
extern void request_item(ApiCall *call, FunctionCallInfo fcinfo, Request *req);

/* Argument (query) of count and its forms. */
extern void request_count(ApiCall *call, FunctionCallInfo fcinfo, Request *req);

#endif
