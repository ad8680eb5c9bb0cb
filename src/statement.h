/*
 * statement.h — the SQL statements of the three calls, built from the
 * catalog and the parsed request.  The text holds only catalog names and
 * $n placeholders; every value travels as a typed parameter.
 */
#ifndef ICL_STATEMENT_H
#define ICL_STATEMENT_H

#include "lib/stringinfo.h"
#include "nodes/params.h"
#include "utils/uuid.h"

#include "aggregate.h"
#include "feed_position.h"
#include "keyset.h"
#include "paging.h"
#include "query.h"
#include "select.h"
#include "sort.h"

/* project + two per filter (at most one filter per field) + limit, skip */
#define STATEMENT_MAX_PARAMS 64

/*
 * Scan keys a count's statement is the exact count of (count_fetch.c): the
 * project's equality, then at most two per filter.  A count with more
 * conditions is counted by its statement.
 */
#define STATEMENT_MAX_SCAN_KEYS 8

/* One condition of a count as a btree scan key: "column <strategy> $param". */
typedef struct ScanCondition
{
	const char *column;			/* a call_log column (the catalog's string) */
	StrategyNumber strategy;
	int			param;			/* index into values[] */
	bool		array;			/* "column = ANY ($param)" */
} ScanCondition;

typedef struct Statement
{
	StringInfoData sql;
	int			nparams;
	Oid			types[STATEMENT_MAX_PARAMS];
	Datum		values[STATEMENT_MAX_PARAMS];
	bool		generic;		/* one plan suits every parameter value */
	bool		parallel_ok;	/* may run with parallel workers */
	int			work_mem_kb;	/* work_mem it is planned and run with at least
								 * (0: the session's); api_call.c raises it */
	int			nscan;			/* > 0: the statement's count is "SELECT
								 * count(*) FROM call_log WHERE" exactly these
								 * conditions */
	ScanCondition scan[STATEMENT_MAX_SCAN_KEYS];
	char	   *sql_given_total;	/* statement_list, nscan > 0: the same
									 * statement taking the count as parameter
									 * $nparams+1 instead of counting */
} Statement;

/*
 * One page of call logs and the total count of matches, in one statement
 * that counts once: every row carries the total in column 1; a page past
 * the end is a single row whose other columns are null (the page is not
 * even scanned then).  Assigns the result columns of proj.
 */
extern void statement_list(Statement *st, const pg_uuid_t *project, Projection *proj,
						   const FilterSet *query, const SortSpec *sort, const Paging *paging);

/*
 * A list statement (to) that takes the count of from's matches (counted by
 * count_fetch) instead of counting them: from's sql_given_total, its
 * parameters and total after them.
 */
extern void statement_given_total(Statement *to, const Statement *from, int64 total);

/*
 * One page by position (get_page): up to limit + 1 rows of the caller's call
 * logs matching query, strictly after the position (after_nulls NULL: from
 * the first row), in the keyset's order; the columns of proj, then the
 * keyset's keys (from *key_attno).  No count.
 */
extern void statement_page(Statement *st, const pg_uuid_t *project, Projection *proj,
						   const FilterSet *query, const SortSpec *sort, const Keyset *ks,
						   const Datum *after_values, const bool *after_nulls, int32 limit,
						   int *key_attno);

/*
 * get_changes' statement: the feed's horizon and id, then up to limit + 1 changes
 * of the caller's project after the position `from` (up to its `upto`
 * snapshot), in the feed's order, each with the call log's columns of proj
 * when it exists and matches query now (from *id_attno: the change's id,
 * its transaction id, then the columns).
 */
extern void statement_changes(Statement *st, const pg_uuid_t *project, Projection *proj,
							  const FilterSet *query, const FeedPosition *from, int32 limit);

/*
 * Whether the relation joins leave out the users and policies OneUptime
 * soft-deleted: the installed version has their list (0.3.0 and later).
 * A statement built under one answer must not serve the other.
 */
extern bool statement_hides_soft_deleted(void);

/* SELECT count(*) of the call logs matching query in project. */
extern void statement_count(Statement *st, const pg_uuid_t *project, const FilterSet *query);

/*
 * get_aggregate's groups: the group keys, count(*), the measures (the
 * result columns aggregate.h describes), in the spec's order, at most
 * limit + 1 groups (the one more tells that there are more).
 */
extern void statement_aggregate(Statement *st, const pg_uuid_t *project, const FilterSet *query,
								const AggregateSpec *spec);

/* One call log by id in project.  Assigns the result columns of proj. */
extern void statement_item(Statement *st, const pg_uuid_t *project, const pg_uuid_t *id,
						   Projection *proj);

/* The statement's parameters, for the executor. */
extern ParamListInfo statement_params(const Statement *st);

/*
 * Set the parameters that change between requests of one shape (a statement
 * remembered by request_memo.c): the caller's project (every statement),
 * limit and skip (a list), the id (an item).  A remembered aggregate is
 * not rebound: request.c builds each aggregate's statement anew.
 */
extern void statement_bind_project(Statement *st, const pg_uuid_t *project);
extern void statement_bind_paging(Statement *st, const Paging *paging);
extern void statement_bind_id(Statement *st, const pg_uuid_t *id);

#endif
