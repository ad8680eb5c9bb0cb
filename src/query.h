/*
 * query.h — the "query" parameter: filters AND-ed together.
 */
#ifndef ICL_QUERY_H
#define ICL_QUERY_H

#include "catalog.h"
#include "json_input.h"
#include "lib/stringinfo.h"

typedef struct Operator Operator;

typedef struct Filter
{
	const Field *field;
	const Operator *op;
	Oid			type;			/* type of value (and value2) as parameters */
	Datum		value;			/* typed value, LIKE pattern or array */
	Datum		value2;			/* InBetween's endValue */
	uint64		search_fields;	/* MultiSearch: bits of call_log_fields indexes */
} Filter;

typedef struct FilterSet
{
	Filter	   *filters;		/* in catalog order, so equal shapes share a plan */
	int			n;
} FilterSet;

/* Parse query (NULL when not given) for a caller holding perms. */
extern void query_parse(FilterSet *query, const JsonNode *json, PermissionSet perms);

/*
 * Append the SQL condition of one filter, qualified with alias "l";
 * param1/param2 are the $n numbers of its values.
 */
extern void query_filter_sql(StringInfo sql, const Filter *filter, int param1, int param2);

/* Number of parameters (0-2) a filter needs. */
extern int	query_filter_nparams(const Filter *filter);

#endif
