/*
 * query.h — the "query" parameter: filters AND-ed together.
 */
#ifndef ICL_QUERY_H
#define ICL_QUERY_H

#include "catalog.h"
#include "json_input.h"
#include "access/stratnum.h"
#include "lib/stringinfo.h"

/*
 * A filter as btree scan keys on its column, when its condition is exactly
 * their conjunction (count_fetch.c): n keys, each "column <strategy>
 * values[k]"; array: one key "column = ANY (values[0])".  n = 0: not
 * expressible so, the statement evaluates it.
 */
typedef struct ScanForm
{
	int			n;
	StrategyNumber strategy[2];
	bool		array;
} ScanForm;

typedef struct Filter
{
	const Field *field;
	const char *sql;			/* condition: %1$s the column, $%2$d / $%3$d its values */
	int			nvalues;		/* 0-2 parameters */
	Oid			type;			/* their type */
	Datum		values[2];		/* typed value, LIKE pattern, bound or array */
	uint64		search_fields;	/* MultiSearch: bits of call_log_fields indexes */
	bool		case_inert;		/* a text operator's value has no letter: LIKE,
								 * not ILIKE (query.c, case_inert) */
	bool		selective;		/* equality-like on an indexed column: the same
								 * index path suits every value */
	ScanForm	scan;			/* the condition as scan keys, if it is one */
} Filter;

typedef struct FilterSet
{
	Filter	   *filters;		/* in catalog order, so equal shapes share a plan */
	int			n;
} FilterSet;

/*
 * Whether one plan suits every value of this query's parameters: no filter,
 * or only selective ones (statement.c then plans the shape once).
 */
extern bool query_is_selective(const FilterSet *query);

/* Parse query (NULL when not given) for a caller holding perms. */
extern void query_parse(FilterSet *query, const JsonNode *json, PermissionSet perms);

/*
 * Append the SQL condition of one filter on call_log alias "l";
 * params[i] is the $n of values[i].
 */
extern void query_filter_sql(StringInfo sql, const Filter *filter, const int *params);

#endif
