/*
 * aggregate.h — the parameters of get_aggregate (doc/aggregates.md): "groupBy",
 * "aggregate", its "sort" and "limit", checked against the column catalog
 * (what a field may be grouped or measured by is its catalog entry's).
 */
#ifndef ICL_AGGREGATE_H
#define ICL_AGGREGATE_H

#include "catalog.h"
#include "json_input.h"

/* doc/aggregates.md's numbers. */
#define AGGREGATE_MAX_GROUP_KEYS	4
#define AGGREGATE_DEFAULT_LIMIT		100
#define AGGREGATE_MAX_LIMIT			1000

/*
 * A group's value: the field's own, or the UTC bucket of a date it falls in.
 * A date grouped by true is grouped by its millisecond (BUCKET_MILLISECOND,
 * which has no API name): the precision the answer shows dates in (§3), so
 * two groups never show the same key.
 */
typedef enum Bucket
{
	BUCKET_NONE,
	BUCKET_MILLISECOND,
	BUCKET_MINUTE,
	BUCKET_HOUR,
	BUCKET_DAY,
	BUCKET_WEEK,				/* ISO weeks, from Monday */
	BUCKET_MONTH,
	BUCKET_YEAR,
	BUCKET_NKINDS
} Bucket;

typedef struct GroupKey
{
	const Field *field;
	Bucket		bucket;
} GroupKey;

/* One measured field and its measures, in the caller's order. */
typedef struct MeasuredField
{
	const Field *field;
	Measure		measures[MEASURE_NKINDS];
	int			n;
} MeasuredField;

/* A sort key: a result column of the statement (1-based), and its direction. */
typedef struct AggregateSortKey
{
	int			attno;
	bool		descending;
} AggregateSortKey;

/*
 * The statement's result columns are, in order: the group keys (1..nkeys),
 * the count (always computed, shown when asked), then every measure of
 * every measured field in the caller's order.
 */
typedef struct AggregateSpec
{
	GroupKey	keys[AGGREGATE_MAX_GROUP_KEYS];
	int			nkeys;
	bool		count;			/* "count" is shown */
	MeasuredField *fields;
	int			nfields;
	int			nmeasures;		/* over all fields */
	AggregateSortKey *sort;		/* the caller's keys, then the group keys left */
	int			nsort;
	int32		limit;
} AggregateSpec;

/* The result column of the count, and of the first measure. */
#define AGGREGATE_COUNT_ATTNO(spec)	((spec)->nkeys + 1)

/*
 * Parse groupBy, aggregate, sort (their JSON texts, NULL when not given)
 * and limit (limit_isnull when not given) for a caller holding perms, in
 * that order, each parameter's JSON parsed just before its checks, so the
 * first malformed parameter is the one reported; 22023 for anything
 * malformed, naming the offending key.
 */
extern void aggregate_parse(AggregateSpec *spec, text *group_by, text *aggregate, text *sort,
							bool limit_isnull, int32 limit, PermissionSet perms);

/* "Sum", "P95", ... as the API names them. */
extern const char *aggregate_measure_name(Measure m);

#endif
