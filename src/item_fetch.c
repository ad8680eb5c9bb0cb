/*
 * item_fetch.c — get_item and get_item_csv without an inner statement: the
 * call log by its primary key, call_log_pkey (project_id, id), with the
 * caller's project and the id as the scan keys, the heap tuple under the
 * active snapshot (the one the item's statement would run under), and each
 * joined relation (project, call_policy, app_user) by its own primary key
 * likewise.  The row is written by the same writer as the statement's rows
 * (response_write_row), its columns numbered as statement_item numbered
 * them, so the answer is the statement's, byte for byte.
 *
 * Why: a get_item call's time was mostly the inner statement's executor
 * start (doc/benchmark.md, issue 21); an index fetch is what that statement
 * ends up doing anyway.  The idioms are PostgreSQL's own key lookups
 * (ri_triggers.c's, contrib's): index_beginscan, index_rescan with btree
 * equality keys from the index's operator family, index_getnext_slot.
 *
 * It declines (and the statement runs, with today's behaviour and errors)
 * unless every table the answer reads may be read directly (direct_read.c)
 * and its primary key is a btree over exactly the join's key columns.
 * The caller's project is a scan key: another project's id is not found.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/stratnum.h"
#include "catalog/pg_am_d.h"
#include "executor/tuptable.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "catalog.h"
#include "compat.h"
#include "direct_read.h"
#include "item_fetch.h"
#include "statement.h"

/* call_log, at most three relations and the soft-deleted list; a key of at most two columns */
#define FETCH_MAX_TABLES	5
#define FETCH_MAX_KEYS		2

static const char *const call_log_key_columns[] = {"project_id", "id"};
static const char *const soft_deleted_key_columns[] = {"source_table", "source_id"};

/* One table the answer reads: opened, checked, its key lookup set up. */
typedef struct FetchTable
{
	Relation	heap;
	Relation	index;			/* its primary key */
	int			nkeys;
	AttrNumber	key_attnos[FETCH_MAX_KEYS];	/* heap column of index column k */
	int			key_source[FETCH_MAX_KEYS];	/* which key column (in the
											 * catalog's order) index column
											 * k is */
	RegProcedure key_procs[FETCH_MAX_KEYS];	/* btree equality of index column k */
	TupleTableSlot *slot;
	bool		found;
} FetchTable;

/* A result column: where its value is read. */
typedef struct ColumnSource
{
	int			table;			/* index into the FetchTable array */
	AttrNumber	attno;			/* heap column */
} ColumnSource;

/*
 * Open the schema-qualified table `qualified` for a lookup by its primary
 * key over key_columns; false (nothing left open) when the statement must
 * answer instead.
 */
static bool
table_prepare(FetchTable *t, const char *qualified, const char *const *key_columns, int nkeys)
{
	Oid			pkey;
	Relation	heap;
	Relation	index;

	memset(t, 0, sizeof(*t));
	Assert(nkeys <= FETCH_MAX_KEYS);
	heap = direct_read_open(qualified);
	if (heap == NULL)
		return false;

	list_free(RelationGetIndexList(heap));	/* sets rd_pkindex */
	pkey = heap->rd_pkindex;
	if (!OidIsValid(pkey))
	{
		table_close(heap, AccessShareLock);
		return false;
	}
	index = index_open(pkey, AccessShareLock);
	t->heap = heap;
	t->index = index;
	if (index->rd_rel->relam != BTREE_AM_OID || !index->rd_index->indisvalid ||
		IndexRelationGetNumberOfKeyAttributes(index) != nkeys)
		return false;
	t->nkeys = nkeys;
	for (int k = 0; k < nkeys; k++)
	{
		AttrNumber	attno = index->rd_index->indkey.values[k];
		Oid			type = index->rd_opcintype[k];
		Oid			op;

		t->key_attnos[k] = attno;
		t->key_source[k] = -1;
		for (int c = 0; c < nkeys; c++)
			if (attno > 0 && attno == direct_read_attno(heap, key_columns[c]))
				t->key_source[k] = c;
		if (t->key_source[k] < 0 || TupleDescAttr(RelationGetDescr(heap), attno - 1)->atttypid != type)
			return false;
		op = get_opfamily_member(index->rd_opfamily[k], type, type, BTEqualStrategyNumber);
		if (!OidIsValid(op))
			return false;
		t->key_procs[k] = get_opcode(op);
	}
	return true;
}

/* Fetch the row whose key columns equal values (in key_columns' order). */
static void
table_fetch(FetchTable *t, const Datum *values)
{
	ScanKeyData keys[FETCH_MAX_KEYS];
	IndexScanDesc scan;

	/* as ri_triggers.c's lookups: the index's own collation */
	for (int k = 0; k < t->nkeys; k++)
		ScanKeyEntryInitialize(&keys[k], 0, k + 1, BTEqualStrategyNumber, InvalidOid,
							   t->index->rd_indcollation[k], t->key_procs[k], values[t->key_source[k]]);
	t->slot = table_slot_create(t->heap, NULL);
	scan = compat_index_beginscan(t->heap, t->index, GetActiveSnapshot(), t->nkeys);
	index_rescan(scan, keys, t->nkeys, NULL, 0);
	/* a primary key: one visible row at most under an MVCC snapshot */
	t->found = index_getnext_slot(scan, ForwardScanDirection, t->slot);
	index_endscan(scan);
}

/* Close what was opened; the locks stay to the end of the transaction, as the executor's do. */
static void
tables_close(FetchTable *tables, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (tables[i].slot != NULL)
			ExecDropSingleTupleTableSlot(tables[i].slot);
		if (tables[i].index != NULL)
			index_close(tables[i].index, NoLock);
		if (tables[i].heap != NULL)
			table_close(tables[i].heap, NoLock);
	}
}

/* Result column attno (1-based) is read from column `name` of table t. */
static bool
source_of(ColumnSource *sources, int attno, FetchTable *tables, int t, const char *name)
{
	sources[attno - 1].table = t;
	sources[attno - 1].attno = direct_read_attno(tables[t].heap, name);
	return sources[attno - 1].attno != InvalidAttrNumber;
}

bool
item_fetch(const Projection *proj, const pg_uuid_t *project, const pg_uuid_t *id, Response *r)
{
	FetchTable	tables[FETCH_MAX_TABLES];
	int			ntables = 0;
	int			nrelations;		/* tables[1 .. nrelations] are the relations */
	int			soft = -1;		/* the soft-deleted list, when a relation needs it */
	bool		hides = false;
	int			joined[FETCH_MAX_TABLES];	/* the projection item of tables[t], t >= 1 */
	int			width = proj->id_attno;
	ColumnSource *sources;
	Datum	   *values;
	bool	   *isnull;
	bool		ok;

	for (int i = 0; i < proj->n; i++)
	{
		width = Max(width, proj->items[i].attno);
		for (int k = 0; proj->items[i].join && k < proj->items[i].n_rel_fields; k++)
			width = Max(width, proj->items[i].rel_attnos[k]);
	}
	sources = palloc(sizeof(ColumnSource) * width);
	for (int a = 0; a < width; a++)
		sources[a].table = -1;	/* statement_item numbers every column; a gap would be null */
	values = palloc(sizeof(Datum) * width);
	isnull = palloc(sizeof(bool) * width);

	/* open and check every table first: declining must leave nothing written */
	ok = table_prepare(&tables[ntables++], CALL_LOG_TABLE, call_log_key_columns,
					   lengthof(call_log_key_columns));
	ok = ok && source_of(sources, proj->id_attno, tables, 0, catalog_id_field()->column);
	for (int i = 0; ok && i < proj->n; i++)
	{
		const SelectItem *item = &proj->items[i];
		const RelationSpec *rel = item->field->relation;
		int			t;

		if (!item->join)
		{
			ok = source_of(sources, item->attno, tables, 0, item->field->column);
			continue;
		}
		if (ntables == FETCH_MAX_TABLES || rel->njoin_columns > FETCH_MAX_KEYS)
		{
			ok = false;
			break;
		}
		t = ntables;
		joined[t] = i;
		ok = table_prepare(&tables[ntables++], rel->table, rel->key_columns, rel->njoin_columns);
		ok = ok && source_of(sources, item->attno, tables, t, rel->fields[0].column);
		for (int k = 0; ok && k < item->n_rel_fields; k++)
			ok = source_of(sources, item->rel_attnos[k], tables, t, item->rel_fields[k]->column);
		for (int j = 0; ok && j < rel->njoin_columns; j++)
			ok = direct_read_attno(tables[0].heap, rel->join_columns[j]) != InvalidAttrNumber;
		hides |= rel->soft_deleted_as != NULL;
	}
	nrelations = ntables - 1;
	/* a user or policy OneUptime soft-deleted is a null relation, as relation_joins() makes it */
	if (ok && hides && statement_hides_soft_deleted())
	{
		soft = ntables;
		ok = table_prepare(&tables[ntables++], FOLLOW_SOFT_DELETED_TABLE, soft_deleted_key_columns,
						   lengthof(soft_deleted_key_columns));
	}
	if (!ok)
	{
		tables_close(tables, ntables);
		return false;
	}

	/* the call log: the caller's project and the id */
	{
		Datum		key[2] = {UUIDPGetDatum(project), UUIDPGetDatum(id)};

		table_fetch(&tables[0], key);
	}
	if (!tables[0].found)
	{
		tables_close(tables, ntables);
		return true;			/* PT404, as for another project's id */
	}

	/* each relation by its key, from the call log's join columns */
	for (int t = 1; t <= nrelations; t++)
	{
		const RelationSpec *rel = proj->items[joined[t]].field->relation;
		Datum		key[FETCH_MAX_KEYS];
		bool		null_key = false;

		for (int j = 0; j < rel->njoin_columns; j++)
		{
			bool		null;

			key[j] = slot_getattr(tables[0].slot, direct_read_attno(tables[0].heap, rel->join_columns[j]), &null);
			null_key |= null;
		}
		/* a null key joins no row: the relation is null, as LEFT JOIN makes it */
		if (!null_key)
			table_fetch(&tables[t], key);
		if (tables[t].found && soft >= 0 && rel->soft_deleted_as != NULL)
		{
			bool		null;
			Datum		listed[2] = {CStringGetTextDatum(rel->soft_deleted_as),
				slot_getattr(tables[t].slot, direct_read_attno(tables[t].heap, rel->fields[0].column), &null)};

			if (tables[soft].slot != NULL)
				ExecDropSingleTupleTableSlot(tables[soft].slot);
			table_fetch(&tables[soft], listed);
			tables[t].found = !tables[soft].found;
		}
	}

	for (int a = 0; a < width; a++)
	{
		FetchTable *t = sources[a].table < 0 ? NULL : &tables[sources[a].table];

		if (t == NULL || !t->found)
		{
			values[a] = (Datum) 0;
			isnull[a] = true;
		}
		else
			values[a] = slot_getattr(t->slot, sources[a].attno, &isnull[a]);
	}
	/* the values point into the tables' buffers, pinned by the slots until closed */
	response_write_row(r, values, isnull);
	tables_close(tables, ntables);
	return true;
}
