/*
 * statement.h — the SQL statements of the three calls, built from the
 * catalog and the parsed request.  The text holds only catalog names and
 * $n placeholders; every value travels as a typed parameter.
 */
#ifndef ICL_STATEMENT_H
#define ICL_STATEMENT_H

#include "lib/stringinfo.h"
#include "utils/uuid.h"

#include "paging.h"
#include "query.h"
#include "select.h"
#include "sort.h"

/* project + two per filter (at most one filter per field) + limit, skip */
#define STATEMENT_MAX_PARAMS 64

typedef struct Statement
{
	StringInfoData sql;
	int			nparams;
	Oid			types[STATEMENT_MAX_PARAMS];
	Datum		values[STATEMENT_MAX_PARAMS];
	char		nulls[STATEMENT_MAX_PARAMS];
	int			count_attno;	/* list: column of the total count */
} Statement;

/*
 * One page of call logs with the total count in its last column (an
 * InitPlan, so it is computed once; a page with no rows has no count, see
 * statement_count).  Assigns the result columns of proj.
 */
extern void statement_list(Statement *st, const pg_uuid_t *project, Projection *proj,
						   const FilterSet *query, const SortSpec *sort, const Paging *paging);

/* SELECT count(*) of the call logs matching query in project. */
extern void statement_count(Statement *st, const pg_uuid_t *project, const FilterSet *query);

/* One call log by id in project.  Assigns the result columns of proj. */
extern void statement_item(Statement *st, const pg_uuid_t *project, const pg_uuid_t *id,
						   Projection *proj);

#endif
