/*
 * statement.c — assemble the SELECT statements of get_list, get_item and
 * count from the catalog and a parsed request.
 *
 * Statements of the same request shape have the same text (selected fields
 * and filters are emitted in catalog order), so plan_cache.c serves them
 * with one saved plan.
 */
#include "postgres.h"

#include "catalog/pg_type.h"

#include "statement.h"

static void
statement_init(Statement *st)
{
	initStringInfo(&st->sql);
	st->nparams = 0;
	st->count_attno = 0;
}

/* Add a parameter and return its $n. */
static int
statement_param(Statement *st, Oid type, Datum value)
{
	if (st->nparams >= STATEMENT_MAX_PARAMS)
		elog(ERROR, "too many statement parameters");
	st->types[st->nparams] = type;
	st->values[st->nparams] = value;
	st->nulls[st->nparams] = ' ';
	return ++st->nparams;
}

static int
compare_items(const void *a, const void *b)
{
	return catalog_index((*(SelectItem *const *) a)->field) -
		catalog_index((*(SelectItem *const *) b)->field);
}

/*
 * Target list: l.id, then each selected field (relations: their key, then
 * the joined fields) in catalog order.  Returns the next free column number.
 */
static int
target_list(Statement *st, Projection *proj)
{
	SelectItem **sorted = palloc(sizeof(SelectItem *) * Max(proj->n, 1));
	int			attno = 1;

	appendStringInfoString(&st->sql, "SELECT " CALL_LOG_ALIAS ".id");
	proj->id_attno = attno++;

	for (int i = 0; i < proj->n; i++)
		sorted[i] = &proj->items[i];
	qsort(sorted, proj->n, sizeof(SelectItem *), compare_items);

	for (int i = 0; i < proj->n; i++)
	{
		SelectItem *item = sorted[i];
		const RelationSpec *rel = item->field->relation;

		if (item->join)
		{
			/* the joined row's id tells a missing row (null) from a present one */
			appendStringInfo(&st->sql, ", %s.id", rel->alias);
			item->attno = attno++;
			for (int f = 0; f < rel->nfields; f++)
				for (int k = 0; k < item->n_rel_fields; k++)
					if (item->rel_fields[k] == &rel->fields[f])
					{
						appendStringInfo(&st->sql, ", %s.%s", rel->alias, rel->fields[f].column);
						item->rel_attnos[k] = attno++;
					}
		}
		else
		{
			appendStringInfo(&st->sql, ", " CALL_LOG_ALIAS ".%s", item->field->column);
			item->attno = attno++;
		}
	}
	return attno;
}

static void
from_clause(Statement *st, const Projection *proj)
{
	appendStringInfoString(&st->sql, " FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS);
	/* one join per relation, in catalog order */
	for (int f = 0; f < call_log_nfields; f++)
		for (int i = 0; i < proj->n; i++)
			if (proj->items[i].join && proj->items[i].field == &call_log_fields[f])
			{
				const RelationSpec *rel = proj->items[i].field->relation;

				appendStringInfo(&st->sql, " LEFT JOIN %s %s ON %s", rel->table, rel->alias, rel->join_on);
			}
}

/* "l.project_id = $1 AND <filters>"; the parameters are added once. */
static char *
where_condition(Statement *st, const pg_uuid_t *project, const FilterSet *query)
{
	StringInfoData cond;
	int			p;

	initStringInfo(&cond);
	p = statement_param(st, UUIDOID, UUIDPGetDatum(project));
	appendStringInfo(&cond, CALL_LOG_ALIAS ".project_id = $%d", p);
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

void
statement_list(Statement *st, const pg_uuid_t *project, Projection *proj,
			   const FilterSet *query, const SortSpec *sort, const Paging *paging)
{
	char	   *where;
	bool		id_sorted = false;
	int			plimit,
				pskip;

	statement_init(st);
	where = where_condition(st, project, query);

	st->count_attno = target_list(st, proj);
	appendStringInfo(&st->sql, ", (SELECT count(*) FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS " WHERE %s)", where);
	from_clause(st, proj);
	appendStringInfo(&st->sql, " WHERE %s ORDER BY ", where);
	for (int i = 0; i < sort->n; i++)
	{
		appendStringInfo(&st->sql, "%s" CALL_LOG_ALIAS ".%s %s", i > 0 ? ", " : "",
						 sort->keys[i].field->column, sort->keys[i].descending ? "DESC" : "ASC");
		id_sorted |= sort->keys[i].field == catalog_id_field();
	}
	if (!id_sorted)
		appendStringInfoString(&st->sql, ", " CALL_LOG_ALIAS ".id ASC");

	plimit = statement_param(st, INT4OID, Int32GetDatum(paging->limit));
	pskip = statement_param(st, INT4OID, Int32GetDatum(paging->skip));
	appendStringInfo(&st->sql, " LIMIT $%d OFFSET $%d", plimit, pskip);
}

void
statement_count(Statement *st, const pg_uuid_t *project, const FilterSet *query)
{
	char	   *where;

	statement_init(st);
	where = where_condition(st, project, query);
	appendStringInfo(&st->sql, "SELECT count(*) FROM " CALL_LOG_TABLE " " CALL_LOG_ALIAS " WHERE %s", where);
}

void
statement_item(Statement *st, const pg_uuid_t *project, const pg_uuid_t *id, Projection *proj)
{
	char	   *where;
	int			pid;

	statement_init(st);
	where = where_condition(st, project, NULL);
	pid = statement_param(st, UUIDOID, UUIDPGetDatum(id));
	target_list(st, proj);
	from_clause(st, proj);
	appendStringInfo(&st->sql, " WHERE %s AND " CALL_LOG_ALIAS ".id = $%d", where, pid);
}
