/*
 * statement.c — assemble the SELECT statements of get_list, get_item,
 * count and get_aggregate from the catalog and a parsed request.
 *
 * Statements of the same request shape have the same text (selected fields,
 * filters and joins are emitted in catalog order), so plan_cache.c serves
 * them with one saved plan.  Every operator, function and type is written
 * schema-qualified (sql_names.h): the statements run under the caller's
 * search_path.  How that plan is made is decided here, from
 * the shape: when every filter is an equality on an indexed column (or
 * there is none), one generic plan suits every value, so the shape is
 * planned once; otherwise the best path depends on the values (a date
 * range, a text search, a tiny project next to a huge one), so each call
 * is planned for its own values, and may run in parallel.
 *
 * The list is one statement that counts once:
 *
 *   SELECT c.total, p.id, ..., ru.id, ru.name ...
 *     FROM (SELECT count(*) AS total FROM call_log l WHERE <match>) c
 *     LEFT JOIN LATERAL (SELECT l.id, ... FROM call_log l
 *                         WHERE <match> AND c.total > $skip
 *                         ORDER BY <sort> LIMIT $limit OFFSET $skip) p ON true
 *     LEFT JOIN LATERAL (SELECT * FROM app_user ru
 *                         WHERE ru.id = p.answered_by_user_id LIMIT 1) ru ON true ...
 *    ORDER BY <sort on p>
 *
 * A page past the end is not scanned at all (the one-time filter on the
 * count), and the relations are joined to the page's rows only, after
 * LIMIT/OFFSET, never to the rows a deep skip passes over.
 *
 * An aggregate is one grouped statement; grouping (hashed or sorted) is the
 * planner's choice:
 *
 *   SELECT pg_catalog.date_bin('1 day', l.started_at, <a Monday>), l.status,
 *          pg_catalog.count(*), pg_catalog.percentile_cont(0.95) WITHIN GROUP
 *            (ORDER BY l.call_duration_in_seconds::float8), ...
 *     FROM call_log l WHERE <match>
 *    GROUP BY 1, 2 ORDER BY <sort keys>, <group keys left> ASC LIMIT $limit+1
 *
 * A count by status and day over a date range reads only project_id,
 * started_at and status: an index-only scan of call_log_project_started_at_idx.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "utils/uuid.h"
#include "utils/lsyscache.h"

#include "bounds.h"
#include "sql_names.h"
#include "statement.h"

/* Aliases: the count, the page, and call_log where a statement reads it. */
#define COUNT_ALIAS	"c"
#define PAGE_ALIAS	"p"
/* get_page after a split position (statement_page): the rows with a value, both parts */
#define PAGE_VALUES_CTE	"pv"
#define PAGE_UNION_ALIAS "pu"
/* get_changes: the feed's horizon and the changes */
#define CHANGE_HORIZON_ALIAS "h"
#define CHANGE_ALIAS "ch"

/* A sort of no keys: page_columns for a statement that orders by something else. */
static const SortSpec no_sort = {0};

static void
statement_init(Statement *st, bool generic, bool parallel_ok)
{
	initStringInfo(&st->sql);
	st->nparams = 0;
	st->generic = generic;
	st->parallel_ok = parallel_ok;
	st->work_mem_kb = 0;
	st->nscan = 0;
	st->sql_given_total = NULL;
}

/* Add a parameter and return its $n. */
static int
statement_param(Statement *st, Oid type, Datum value)
{
	if (st->nparams >= STATEMENT_MAX_PARAMS)
		elog(ERROR, "too many statement parameters");
	st->types[st->nparams] = type;
	st->values[st->nparams] = value;
	return ++st->nparams;
}

static int
compare_items(const void *a, const void *b)
{
	return catalog_index((*(SelectItem *const *) a)->field) -
		catalog_index((*(SelectItem *const *) b)->field);
}

/* The selected items in catalog order, so equal shapes give equal text. */
static SelectItem **
items_in_catalog_order(Projection *proj)
{
	SelectItem **sorted = palloc(sizeof(SelectItem *) * Max(proj->n, 1));

	for (int i = 0; i < proj->n; i++)
		sorted[i] = &proj->items[i];
	qsort(sorted, proj->n, sizeof(SelectItem *), compare_items);
	return sorted;
}

/*
 * Target list over call_log alias `a`: a.id, then each selected field
 * (relations: their key, or the joined row's id and fields) in catalog
 * order, numbering the result columns from attno.  Returns the next column's number.
 */
static int
target_list(StringInfo sql, Projection *proj, SelectItem **sorted, const char *a, int attno)
{
	appendStringInfo(sql, "%s.id", a);
	proj->id_attno = attno++;
	for (int i = 0; i < proj->n; i++)
	{
		SelectItem *item = sorted[i];
		const RelationSpec *rel = item->field->relation;

		if (item->join)
		{
			/* the joined row's id tells a missing row (null) from a present one */
			appendStringInfo(sql, ", %s.id", rel->alias);
			item->attno = attno++;
			for (int f = 0; f < rel->nfields; f++)
				for (int k = 0; k < item->n_rel_fields; k++)
					if (item->rel_fields[k] == &rel->fields[f])
					{
						appendStringInfo(sql, ", %s.%s", rel->alias, rel->fields[f].column);
						item->rel_attnos[k] = attno++;
					}
		}
		else
		{
			appendStringInfo(sql, ", %s.%s", a, item->field->column);
			item->attno = attno++;
		}
	}
	return attno;
}

/*
 * Whether the installed version has FOLLOW_SOFT_DELETED_TABLE (0.3.0 and
 * later): this library also serves databases still at 0.1.0 or 0.2.0 until
 * ALTER EXTENSION ... UPDATE, whose statements must not name it.
 */
bool
statement_hides_soft_deleted(void)
{
	Oid			nsp = get_namespace_oid(FOLLOW_SOFT_DELETED_SCHEMA, true);

	return OidIsValid(nsp) && OidIsValid(get_relname_relid(FOLLOW_SOFT_DELETED_NAME, nsp));
}

/*
 * One LEFT JOIN LATERAL per joined relation, in catalog order, against alias
 * `a`: "LEFT JOIN LATERAL (SELECT * FROM app_user ru WHERE ru.id =
 * p.answered_by_user_id LIMIT 1) ru ON true".  The key is unique, so LIMIT 1
 * changes no answer; it keeps the subquery from being flattened into a plain
 * join, so every plan fetches each page row's relation by its primary key.
 * A plain join let a generic plan, which guesses a page of 10% of the
 * matches for LIMIT $n, hash the whole relation table on every call: the
 * cost grew with the number of users and projects, not with the page.
 * A user or policy OneUptime soft-deleted (while following) is not joined:
 * the relation is null and its id field keeps the id
 * (doc/following-oneuptime.md).
 */
static void
relation_joins(StringInfo sql, SelectItem **sorted, int n, const char *a)
{
	bool		hides = false;
	bool		asked = false;

	for (int i = 0; i < n; i++)
	{
		const RelationSpec *rel = sorted[i]->field->relation;

		if (!sorted[i]->join)
			continue;
		appendStringInfo(sql, " LEFT JOIN LATERAL (SELECT * FROM %s %s WHERE ", rel->table, rel->alias);
		appendStringInfo(sql, rel->join_on, a);
		if (rel->soft_deleted_as != NULL && !asked)
		{
			hides = statement_hides_soft_deleted();
			asked = true;
		}
		if (rel->soft_deleted_as != NULL && hides)
			appendStringInfo(sql, " AND NOT EXISTS (SELECT FROM " FOLLOW_SOFT_DELETED_TABLE " h"
							 " WHERE h.source_table" SQL_EQ "'%s'::pg_catalog.text"
							 " AND h.source_id" SQL_EQ "%s.id)",
							 rel->soft_deleted_as, rel->alias);
		appendStringInfo(sql, " LIMIT 1) %s ON true", rel->alias);
	}
}

/* ORDER BY the sort keys over alias `a`, ties broken by id. */
static void
order_by(StringInfo sql, const SortSpec *sort, const char *a)
{
	bool		id_sorted = false;

	appendStringInfoString(sql, " ORDER BY ");
	for (int i = 0; i < sort->n; i++)
	{
		appendStringInfo(sql, "%s%s.%s %s", i > 0 ? ", " : "", a,
						 sort->keys[i].field->column, sort->keys[i].descending ? "DESC" : "ASC");
		id_sorted |= sort->keys[i].field == catalog_id_field();
	}
	if (!id_sorted)
		appendStringInfo(sql, ", %s.id ASC", a);
}

/* "l.project_id = $1 AND <filters>"; the parameters are added once. */
static char *
where_condition(Statement *st, const pg_uuid_t *project, const FilterSet *query)
{
	StringInfoData cond;
	int			p;

	initStringInfo(&cond);
	p = statement_param(st, UUIDOID, UUIDPGetDatum(project));
	appendStringInfo(&cond, CALL_LOG_ALIAS ".project_id" SQL_EQ "$%d", p);
	for (int i = 0; query != NULL && i < query->n; i++)
	{
		const Filter *filter = &query->filters[i];
		int			params[2] = {0, 0};

		for (int v = 0; v < filter->nvalues; v++)
			params[v] = statement_param(st, filter->type, filter->values[v]);
		appendStringInfoString(&cond, " AND ");
		query_filter_sql(&cond, filter, params);
	}
	return cond.data;
}

/* Add a call_log column to the page's columns unless it is there. */
static void
page_column(const char **columns, int *n, const char *column)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(columns[i], column) == 0)
			return;
	columns[(*n)++] = column;
}

/*
 * "l.id, l.status, ...": every call_log column the outer query reads from
 * the page: the id, the selected fields, the relations' keys and join
 * columns, the sort keys.
 */
static void
page_columns(StringInfo sql, SelectItem **sorted, int n, const SortSpec *sort)
{
	/* each call_log field at most once, plus join columns and sort keys */
	const char **columns = palloc(sizeof(char *) * (call_log_nfields * 3 + sort->n + 1));
	int			ncolumns = 0;

	page_column(columns, &ncolumns, catalog_id_field()->column);
	for (int i = 0; i < n; i++)
	{
		const RelationSpec *rel = sorted[i]->field->relation;

		page_column(columns, &ncolumns, sorted[i]->field->column);
		if (sorted[i]->join)
			for (int j = 0; j < rel->njoin_columns; j++)
				page_column(columns, &ncolumns, rel->join_columns[j]);
	}
	for (int i = 0; i < sort->n; i++)
		page_column(columns, &ncolumns, sort->keys[i].field->column);

	for (int i = 0; i < ncolumns; i++)
		appendStringInfo(sql, "%s" CALL_LOG_ALIAS ".%s", i > 0 ? ", " : "", columns[i]);
}

/*
 * The conditions of a count (count's, or a list's total) as scan keys
 * (count_fetch.c), when where_condition wrote nothing else: the project's
 * equality ($1), then each filter's keys over its parameters, which
 * where_condition has just added in filter order.
 */
static void
count_scan_keys(Statement *st, const FilterSet *query)
{
	int			param = 1;
	int			n = 0;

	st->scan[n++] = (ScanCondition) {"project_id", BTEqualStrategyNumber, 0, false};
	for (int i = 0; query != NULL && i < query->n; i++)
	{
		const Filter *filter = &query->filters[i];

		if (filter->scan.n == 0 || filter->scan.n != filter->nvalues ||
			n + filter->scan.n > STATEMENT_MAX_SCAN_KEYS)
			return;				/* nscan stays 0 */
		for (int k = 0; k < filter->scan.n; k++)
			st->scan[n++] = (ScanCondition) {filter->field->column, filter->scan.strategy[k], param++,
				filter->scan.array};
	}
	Assert(param == st->nparams);
	st->nscan = n;
}

void
statement_list(Statement *st, const pg_uuid_t *project, Projection *proj,
			   const FilterSet *query, const SortSpec *sort, const Paging *paging)
{
	SelectItem **sorted = items_in_catalog_order(proj);
	char	   *where;
	int			plimit,
				pskip;

	StringInfoData head;
	StringInfoData rest;

	statement_init(st, query_is_selective(query), true);
	where = where_condition(st, project, query);
	count_scan_keys(st, query);
	plimit = statement_param(st, INT4OID, Int32GetDatum(paging->limit));
	pskip = statement_param(st, INT4OID, Int32GetDatum(paging->skip));

	initStringInfo(&head);
	appendStringInfoString(&head, "SELECT " COUNT_ALIAS ".total, ");
	target_list(&head, proj, sorted, PAGE_ALIAS, 2);
	initStringInfo(&rest);
	appendStringInfoString(&rest, " LEFT JOIN LATERAL (SELECT ");
	page_columns(&rest, sorted, proj->n, sort);
	appendStringInfo(&rest, " FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS
					 " WHERE %s AND " COUNT_ALIAS ".total" SQL_GT "$%d", where, pskip);
	order_by(&rest, sort, CALL_LOG_ALIAS);
	appendStringInfo(&rest, " LIMIT $%d OFFSET $%d) " PAGE_ALIAS " ON true", plimit, pskip);
	relation_joins(&rest, sorted, proj->n, PAGE_ALIAS);
	order_by(&rest, sort, PAGE_ALIAS);

	appendStringInfo(&st->sql, "%s FROM (SELECT " SQL_COUNT " AS total FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS
					 " WHERE %s) " COUNT_ALIAS "%s", head.data, where, rest.data);
	/* the same page when count_fetch counted: the count is the parameter after the others */
	if (st->nscan > 0)
		st->sql_given_total = psprintf("%s FROM (SELECT $%d AS total) " COUNT_ALIAS "%s",
									   head.data, st->nparams + 1, rest.data);
}

void
statement_given_total(Statement *to, const Statement *from, int64 total)
{
	Assert(from->sql_given_total != NULL && from->nparams < STATEMENT_MAX_PARAMS);
	*to = *from;
	initStringInfo(&to->sql);
	appendStringInfoString(&to->sql, from->sql_given_total);
	to->nscan = 0;
	to->sql_given_total = NULL;
	(void) statement_param(to, INT8OID, Int64GetDatum(total));
}

/*
 * get_page's statement:
 *
 *   SELECT p.id, ..., ru.id, ru.name, p.<key 1>, ..., p.id
 *     FROM (SELECT l.id, ... FROM call_log l
 *            WHERE <match> AND <strictly after the position>
 *            ORDER BY <sort> LIMIT $limit+1) p
 *     LEFT JOIN LATERAL (...) ru ON true ...
 *    ORDER BY <sort on p>
 *
 * The one row more than the page tells whether a next page exists.  A page
 * of selective filters is planned once, like a list, after a position too:
 * the position's values only say where the ordered index scan starts, which
 * a btree scan takes from a parameter as from a constant.  Planning each
 * page for its values cost a third of a deep page's time (make bench W9).
 *
 * After a value of an ascending nullable first key (keyset_after_splits:
 * the greater values follow, then the nulls) the rows after the position
 * are two index ranges, read as two:
 *
 *     FROM (SELECT * FROM
 *            (WITH pv AS (SELECT l.id, ... FROM call_log l
 *                          WHERE <match> AND <first key >= value, and after>
 *                          ORDER BY <sort> LIMIT $limit+1)
 *             SELECT * FROM pv
 *             UNION ALL
 *             (SELECT l.id, ... FROM call_log l
 *               WHERE <match> AND <first key IS NULL>
 *                 AND (SELECT count(*) FROM pv) < $limit+1
 *               ORDER BY <sort> LIMIT $limit+1)) pu
 *           ORDER BY <sort on pu> LIMIT $limit+1) p
 *     ... (the relations, as above) ORDER BY <sort on p>
 *
 * The nulls are read only when the values do not fill the page (the count
 * is a one-time filter on their scan).  One condition "greater, or null"
 * instead read every row from the first up to the position.
 */
void
statement_page(Statement *st, const pg_uuid_t *project, Projection *proj,
			   const FilterSet *query, const SortSpec *sort, const Keyset *ks,
			   const Datum *after_values, const bool *after_nulls, int32 limit,
			   int *key_attno)
{
	SelectItem **sorted = items_in_catalog_order(proj);
	char	   *where;
	int			plimit;
	bool		split;

	statement_init(st, query_is_selective(query), true);
	where = where_condition(st, project, query);

	appendStringInfoString(&st->sql, "SELECT ");
	*key_attno = target_list(&st->sql, proj, sorted, PAGE_ALIAS, 1);
	for (int i = 0; i < ks->n; i++)
		appendStringInfo(&st->sql, ", " PAGE_ALIAS ".%s", ks->keys[i].field->column);
	split = after_nulls != NULL && keyset_after_splits(ks, after_nulls);
	appendStringInfoString(&st->sql, split ? " FROM (SELECT * FROM (WITH " PAGE_VALUES_CTE " AS (SELECT " : " FROM (SELECT ");
	page_columns(&st->sql, sorted, proj->n, sort);
	appendStringInfo(&st->sql, " FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS " WHERE %s", where);
	if (after_nulls != NULL)
	{
		int		   *params = palloc0(sizeof(int) * ks->n);

		for (int i = 0; i < ks->n; i++)
			if (!after_nulls[i])
				params[i] = statement_param(st, ks->keys[i].type, after_values[i]);
		appendStringInfoString(&st->sql, " AND ");
		keyset_after_sql(&st->sql, ks, after_nulls, params);
	}
	order_by(&st->sql, sort, CALL_LOG_ALIAS);
	plimit = statement_param(st, INT4OID, Int32GetDatum(limit + 1));
	if (!split)
		appendStringInfo(&st->sql, " LIMIT $%d) " PAGE_ALIAS, plimit);
	else
	{
		/* the nulls after the values, read only when the values fall short */
		appendStringInfo(&st->sql, " LIMIT $%d) SELECT * FROM " PAGE_VALUES_CTE " UNION ALL (SELECT ", plimit);
		page_columns(&st->sql, sorted, proj->n, sort);
		appendStringInfo(&st->sql, " FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS " WHERE %s AND ", where);
		keyset_nulls_sql(&st->sql, ks);
		appendStringInfo(&st->sql, " AND (SELECT " SQL_COUNT " FROM " PAGE_VALUES_CTE ")" SQL_LT "$%d", plimit);
		order_by(&st->sql, sort, CALL_LOG_ALIAS);
		/* the page's rows of the two, before any relation is joined */
		appendStringInfo(&st->sql, " LIMIT $%d)) " PAGE_UNION_ALIAS, plimit);
		order_by(&st->sql, sort, PAGE_UNION_ALIAS);
		appendStringInfo(&st->sql, " LIMIT $%d) " PAGE_ALIAS, plimit);
	}
	relation_joins(&st->sql, sorted, proj->n, PAGE_ALIAS);
	order_by(&st->sql, sort, PAGE_ALIAS);
}

/*
 * get_changes' statement (doc/cursors-and-changes.md):
 *
 *   SELECT CASE WHEN pg_visible_in_snapshot(h.purged_by, <seen>) THEN 0
 *          ELSE h.purged_through END, h.feed_id, ch.id, ch.txid, p.id, ..., ru.id, ru.name ...
 *     FROM change_horizon h
 *     LEFT JOIN LATERAL (SELECT c.id, c.txid FROM call_log_change c
 *                         WHERE c.project_id = $1 AND c.txid >= <from>
 *                           AND c.txid < <upto's xmax>
 *                           AND NOT pg_visible_in_snapshot(c.txid, <seen>)
 *                           AND pg_visible_in_snapshot(c.txid, <upto>)
 *                         ORDER BY c.txid, c.id LIMIT $limit+1) ch ON true
 *     LEFT JOIN LATERAL (SELECT l.id, ... FROM call_log l
 *                         WHERE <match> AND l.id = ch.id) p ON true
 *     LEFT JOIN LATERAL (...) ru ON true ...
 *    ORDER BY ch.txid, ch.id
 *
 * call_log_change keeps one row per call log: the transaction that last
 * wrote it (change_capture.c), so the scan of (project_id, txid, id) from
 * the position reads only what changed since, each call log once.  A call
 * log gone, or no longer matching, has no columns: a "remove".  The
 * horizon comes with every row, in the statement's snapshot: the newest
 * purged transaction, or none when the last purge (hence every purge) was
 * visible to the position, so that all it deleted was seen already.
 */
void
statement_changes(Statement *st, const pg_uuid_t *project, Projection *proj,
				  const FilterSet *query, const FeedPosition *from, int32 limit)
{
	SelectItem **sorted = items_in_catalog_order(proj);
	char	   *where;
	int			pfrom,
				pafter = 0,
				pupto_max,
				pseen,
				pupto,
				plimit;

	statement_init(st, true, false);
	where = where_condition(st, project, query);
	pfrom = statement_param(st, XID8OID, UInt64GetDatum(from->within ? from->last_txid : from->seen.xmin));
	if (from->within)
		pafter = statement_param(st, UUIDOID, UUIDPGetDatum(&from->last_id));
	pupto_max = statement_param(st, XID8OID, UInt64GetDatum(from->upto.xmax));
	pseen = statement_param(st, PG_SNAPSHOTOID, feed_snapshot_datum(&from->seen));
	pupto = statement_param(st, PG_SNAPSHOTOID, feed_snapshot_datum(&from->upto));
	plimit = statement_param(st, INT4OID, Int32GetDatum(limit + 1));

	/* the horizon this position must be past: none when every purge came before it */
	appendStringInfo(&st->sql, "SELECT CASE WHEN pg_catalog.pg_visible_in_snapshot(" CHANGE_HORIZON_ALIAS ".purged_by, $%d)"
					 " THEN '0'::pg_catalog.xid8 ELSE " CHANGE_HORIZON_ALIAS ".purged_through END, "
					 CHANGE_HORIZON_ALIAS ".feed_id, " CHANGE_ALIAS ".id, " CHANGE_ALIAS ".txid, ", pseen);
	target_list(&st->sql, proj, sorted, PAGE_ALIAS, 5);
	appendStringInfo(&st->sql,
					 " FROM " CHANGE_HORIZON_TABLE " " CHANGE_HORIZON_ALIAS
					 " LEFT JOIN LATERAL (SELECT c.id, c.txid FROM " CHANGE_TABLE " c"
					 " WHERE c.project_id" SQL_EQ "$1 AND c.txid" SQL_GE "$%d", pfrom);
	if (from->within)
		appendStringInfo(&st->sql, " AND (c.txid" SQL_GT "$%d OR c.id" SQL_GT "$%d)", pfrom, pafter);
	appendStringInfo(&st->sql,
					 " AND c.txid" SQL_LT "$%d"
					 " AND NOT pg_catalog.pg_visible_in_snapshot(c.txid, $%d)"
					 " AND pg_catalog.pg_visible_in_snapshot(c.txid, $%d)"
					 " ORDER BY c.txid, c.id LIMIT $%d) " CHANGE_ALIAS " ON true"
					 " LEFT JOIN LATERAL (SELECT ",
					 pupto_max, pseen, pupto, plimit);
	page_columns(&st->sql, sorted, proj->n, &no_sort);
	appendStringInfo(&st->sql, " FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS " WHERE %s AND "
					 CALL_LOG_ALIAS ".id" SQL_EQ CHANGE_ALIAS ".id) " PAGE_ALIAS " ON true", where);
	relation_joins(&st->sql, sorted, proj->n, PAGE_ALIAS);
	appendStringInfoString(&st->sql, " ORDER BY " CHANGE_ALIAS ".txid, " CHANGE_ALIAS ".id");
}

void
statement_count(Statement *st, const pg_uuid_t *project, const FilterSet *query)
{
	char	   *where;

	statement_init(st, query_is_selective(query), true);
	where = where_condition(st, project, query);
	appendStringInfo(&st->sql, "SELECT " SQL_COUNT " FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS " WHERE %s", where);
	count_scan_keys(st, query);
}

void
statement_item(Statement *st, const pg_uuid_t *project, const pg_uuid_t *id, Projection *proj)
{
	SelectItem **sorted = items_in_catalog_order(proj);
	char	   *where;
	int			pid;

	/* a primary-key lookup: one plan suits every id */
	statement_init(st, true, false);
	where = where_condition(st, project, NULL);
	pid = statement_param(st, UUIDOID, UUIDPGetDatum(id));
	appendStringInfoString(&st->sql, "SELECT ");
	target_list(&st->sql, proj, sorted, CALL_LOG_ALIAS, 1);
	appendStringInfoString(&st->sql, " FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS);
	relation_joins(&st->sql, sorted, proj->n, CALL_LOG_ALIAS);
	appendStringInfo(&st->sql, " WHERE %s AND " CALL_LOG_ALIAS ".id" SQL_EQ "$%d", where, pid);
}

/*
 * The SQL of each bucket and measure: constants of this file, never the
 * request's text.  Buckets are UTC whatever the session's TimeZone; each is
 * the value date_trunc(unit, value, 'UTC') gives, computed the cheap way
 * (doc/aggregates.md, "How buckets are computed"):
 *
 *   - a millisecond (a date grouped by true: its value as the answer shows
 *     it), minute, hour, day or ISO week (from Monday) has a fixed length in
 *     UTC: date_bin(length, value, BUCKET_ORIGIN), plain arithmetic on the
 *     microseconds.  date_trunc with a zone looks the zone up and converts
 *     through a broken-down time for every row: on a month of 68,000 call
 *     logs that was a third of the call (bench W8).
 *   - a month or year is not: date_trunc on the UTC wall clock,
 *     timezone('UTC', date_trunc(unit, timezone('UTC', value))).
 *
 * BUCKET_ORIGIN is a Monday at midnight UTC, late enough that no timestamp
 * PostgreSQL accepts (up to 294276 AD) is more than 2^63 microseconds from
 * it, where date_bin would raise an overflow date_trunc does not;
 * test/aggregate.sql compares both forms on timestamps from 4713 BC to
 * 294276 AD.  Sum of an integer is a bigint (exact); avg() is numeric, shown
 * as a double; percentile_cont is over doubles.
 */
#define BUCKET_ORIGIN "'2401-01-01 00:00:00+00'::pg_catalog.timestamptz"

static const char *const bucket_lengths[BUCKET_NKINDS] = {
	[BUCKET_MILLISECOND] = "1 millisecond", [BUCKET_MINUTE] = "1 minute", [BUCKET_HOUR] = "1 hour", [BUCKET_DAY] = "1 day",
	[BUCKET_WEEK] = "7 days",
};
static const char *const bucket_units[BUCKET_NKINDS] = {
	[BUCKET_MONTH] = "month", [BUCKET_YEAR] = "year",
};

static void
bucket_sql(StringInfo sql, Bucket bucket, const char *column)
{
	if (bucket_lengths[bucket] != NULL)
		appendStringInfo(sql, "pg_catalog.date_bin('%s'::pg_catalog.interval, " CALL_LOG_ALIAS ".%s, "
						 BUCKET_ORIGIN ")", bucket_lengths[bucket], column);
	else if (bucket_units[bucket] != NULL)
		appendStringInfo(sql, "pg_catalog.timezone('UTC'::pg_catalog.text, pg_catalog.date_trunc('%s'::pg_catalog.text, "
						 "pg_catalog.timezone('UTC'::pg_catalog.text, " CALL_LOG_ALIAS ".%s)))",
						 bucket_units[bucket], column);
	else
		elog(ERROR, "unknown bucket %d", (int) bucket);
}

static void
measure_sql(StringInfo sql, Measure m, const char *column)
{
	static const char *const fractions[MEASURE_NKINDS] = {
		[MEASURE_P50] = "0.5", [MEASURE_P90] = "0.9", [MEASURE_P95] = "0.95", [MEASURE_P99] = "0.99",
	};

	switch (m)
	{
		case MEASURE_SUM:
			appendStringInfo(sql, "pg_catalog.sum(" CALL_LOG_ALIAS ".%s)", column);
			break;
		case MEASURE_AVG:
			appendStringInfo(sql, "pg_catalog.avg(" CALL_LOG_ALIAS ".%s)::pg_catalog.float8", column);
			break;
		case MEASURE_MIN:
			appendStringInfo(sql, "pg_catalog.min(" CALL_LOG_ALIAS ".%s)", column);
			break;
		case MEASURE_MAX:
			appendStringInfo(sql, "pg_catalog.max(" CALL_LOG_ALIAS ".%s)", column);
			break;
		case MEASURE_P50:
		case MEASURE_P90:
		case MEASURE_P95:
		case MEASURE_P99:
			appendStringInfo(sql, "pg_catalog.percentile_cont(%s::pg_catalog.float8) WITHIN GROUP (ORDER BY "
							 CALL_LOG_ALIAS ".%s::pg_catalog.float8)", fractions[m], column);
			break;
		case MEASURE_NKINDS:
			elog(ERROR, "unknown measure %d", (int) m);
	}
}

void
statement_aggregate(Statement *st, const pg_uuid_t *project, const FilterSet *query, const AggregateSpec *spec)
{
	char	   *where;
	int			plimit;

	statement_init(st, query_is_selective(query), true);
	/* its sorts (grouping, percentiles) in memory up to the bound (bounds.h) */
	st->work_mem_kb = AGGREGATE_WORK_MEM_KB;
	where = where_condition(st, project, query);
	plimit = statement_param(st, INT4OID, Int32GetDatum(spec->limit + 1));

	appendStringInfoString(&st->sql, "SELECT ");
	for (int k = 0; k < spec->nkeys; k++)
	{
		const GroupKey *key = &spec->keys[k];

		if (key->bucket == BUCKET_NONE)
			appendStringInfo(&st->sql, CALL_LOG_ALIAS ".%s, ", key->field->column);
		else
		{
			bucket_sql(&st->sql, key->bucket, key->field->column);
			appendStringInfoString(&st->sql, ", ");
		}
	}
	appendStringInfoString(&st->sql, SQL_COUNT);
	for (int f = 0; f < spec->nfields; f++)
		for (int m = 0; m < spec->fields[f].n; m++)
		{
			appendStringInfoString(&st->sql, ", ");
			measure_sql(&st->sql, spec->fields[f].measures[m], spec->fields[f].field->column);
		}
	appendStringInfo(&st->sql, " FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS " WHERE %s", where);
	for (int k = 0; k < spec->nkeys; k++)
		appendStringInfo(&st->sql, "%s%d", k == 0 ? " GROUP BY " : ", ", k + 1);
	/* nulls last ascending, first descending (doc/reference.md), said explicitly */
	for (int i = 0; i < spec->nsort; i++)
		appendStringInfo(&st->sql, "%s%d %s", i == 0 ? " ORDER BY " : ", ", spec->sort[i].attno,
						 spec->sort[i].descending ? "DESC NULLS FIRST" : "ASC NULLS LAST");
	appendStringInfo(&st->sql, " LIMIT $%d", plimit);
}

/*
 * Where statement_list, statement_count and statement_item put what changes
 * between requests: the project is always $1 (where_condition adds it
 * first); a list adds limit and skip last, an item its id last.
 */
void
statement_bind_project(Statement *st, const pg_uuid_t *project)
{
	st->values[0] = UUIDPGetDatum(project);
}

void
statement_bind_paging(Statement *st, const Paging *paging)
{
	st->values[st->nparams - 2] = Int32GetDatum(paging->limit);
	st->values[st->nparams - 1] = Int32GetDatum(paging->skip);
}

void
statement_bind_id(Statement *st, const pg_uuid_t *id)
{
	st->values[st->nparams - 1] = UUIDPGetDatum(id);
}

ParamListInfo
statement_params(const Statement *st)
{
	ParamListInfo params = makeParamList(st->nparams);

	for (int i = 0; i < st->nparams; i++)
	{
		params->params[i].value = st->values[i];
		params->params[i].isnull = false;
		params->params[i].pflags = PARAM_FLAG_CONST;
		params->params[i].ptype = st->types[i];
	}
	return params;
}
