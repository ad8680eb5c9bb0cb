/*
 * count_fetch.c — count and count_csv without an inner statement: the call
 * logs of the caller's project that match, counted by one btree scan of
 * call_log the way an index-only scan counts them (a heap page the
 * visibility map marks all-visible is not visited; any other tuple is
 * fetched and checked against the active snapshot, the one the count's
 * statement would run under).
 *
 * Why: an exact count over a large project spent about two thirds of its
 * time in the executor's per-row work (an Index Only Scan node storing each
 * entry in a slot, an Aggregate advancing count(*) for it), not in reading
 * the index (doc/benchmark.md, issue 21: 1,000,000 call logs counted in
 * 29 ms instead of 99).  The idioms are nodeIndexonlyscan.c's.
 *
 * It declines (and the statement counts, with today's behaviour and
 * errors) unless:
 *   - the count's statement is exactly the conjunction of btree scan keys
 *     statement.c recorded (st->nscan: the project, then each filter's
 *     comparisons; text search, OR-null, lists of dates are not);
 *   - the transaction is not SERIALIZABLE (the statement's scan takes the
 *     predicate locks serializable snapshot isolation needs);
 *   - call_log may be read directly (direct_read.c: row-level security and
 *     a DBA's policies stay the statement's);
 *   - a valid btree index of call_log, with no expression, predicate or
 *     recheck horizon (indcheckxmin), leads with project_id and holds every
 *     condition's column once as a key column, with the column's type and
 *     collation and the default btree operator family of that type (so
 *     that its operators are the statement's pg_catalog ones: a
 *     text_pattern_ops index compares bytes, not by collation);
 *   - at least COUNT_FETCH_MIN_ALL_VISIBLE of call_log's pages were
 *     all-visible at its last VACUUM or ANALYZE: else nearly every entry
 *     costs a heap fetch in index order, where the planner may choose a
 *     bitmap scan.
 * Of those indexes it scans the one whose last condition column comes
 * earliest (the conditions bound most of what it reads), then the one with
 * fewer key columns, then fewer pages: the narrowest entries.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/visibilitymap.h"
#include "access/xact.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_index.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "utils/array.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/typcache.h"

#include "compat.h"
#include "count_fetch.h"
#include "direct_read.h"
#include "catalog.h"

/*
 * The share of call_log's pages (relallvisible / relpages, as of its last
 * VACUUM or ANALYZE) that must be all-visible for a count in C: below it,
 * most entries would be fetched from the heap in index order.
 */
#define COUNT_FETCH_MIN_ALL_VISIBLE 0.5

/*
 * A list condition ("column = ANY (list)") checked on each index entry
 * rather than given to the btree: behind a column the scan does not fix to
 * one value, PostgreSQL 15 and 16's btree reads the whole range once per
 * listed value, where one pass and a comparison per entry suffice.
 */
typedef struct EntryFilter
{
	AttrNumber	index_attno;
	FmgrInfo	eq;
	Oid			collation;
	Datum	   *elems;
	int			nelems;
} EntryFilter;

/* The scan of one index: its keys, and its entry filters. */
typedef struct CountScan
{
	ScanKeyData keys[STATEMENT_MAX_SCAN_KEYS];
	int			nkeys;
	EntryFilter filters[STATEMENT_MAX_SCAN_KEYS];
	int			nfilters;
	int			reach;			/* the last condition column's position */
} CountScan;

/* Whether the entry's column matches one of the filter's values (null matches none). */
static bool
entry_matches(IndexScanDesc scan, EntryFilter *f)
{
	bool		isnull;
	Datum		value = index_getattr(scan->xs_itup, f->index_attno, scan->xs_itupdesc, &isnull);

	if (isnull)
		return false;
	for (int i = 0; i < f->nelems; i++)
		if (DatumGetBool(FunctionCall2Coll(&f->eq, f->collation, value, f->elems[i])))
			return true;
	return false;
}

/*
 * Whether index can count st's conditions (heap columns attnos); if so,
 * cs holds its scan keys (in index column order) and entry filters.
 */
static bool
index_serves(Relation heap, Relation index, const Statement *st, const AttrNumber *attnos, CountScan *cs)
{
	Form_pg_index ix = index->rd_index;
	int			nkeycols = IndexRelationGetNumberOfKeyAttributes(index);
	bool		covered[STATEMENT_MAX_SCAN_KEYS] = {false};
	bool		fixed = true;	/* every column so far has an equality key */

	if (index->rd_rel->relam != BTREE_AM_OID || !ix->indisvalid || ix->indcheckxmin ||
		!heap_attisnull(index->rd_indextuple, Anum_pg_index_indexprs, NULL) ||
		!heap_attisnull(index->rd_indextuple, Anum_pg_index_indpred, NULL) ||
		ix->indkey.values[0] != attnos[0])
		return false;
	cs->nkeys = cs->nfilters = cs->reach = 0;
	/* index column by index column, so that the keys come in its order */
	for (int k = 0; k < nkeycols; k++)
	{
		bool		equal = false;

		for (int c = 0; c < st->nscan; c++)
		{
			const ScanCondition *cond = &st->scan[c];
			Form_pg_attribute att = TupleDescAttr(RelationGetDescr(heap), attnos[c] - 1);
			Oid			righttype;
			Oid			op;

			if (ix->indkey.values[k] != attnos[c])
				continue;
			/* a column the index holds twice: not worth the bookkeeping */
			if (covered[c])
				return false;
			righttype = cond->array ? get_element_type(st->types[cond->param]) : st->types[cond->param];
			/* the type's default btree family, as the type cache keeps it */
			if (att->atttypid != index->rd_opcintype[k] || att->attcollation != index->rd_indcollation[k] ||
				!OidIsValid(righttype) ||
				lookup_type_cache(att->atttypid, TYPECACHE_BTREE_OPFAMILY)->btree_opf != index->rd_opfamily[k])
				return false;
			op = get_opfamily_member(index->rd_opfamily[k], index->rd_opcintype[k], righttype, cond->strategy);
			if (!OidIsValid(op) || cs->nkeys + cs->nfilters >= STATEMENT_MAX_SCAN_KEYS)
				return false;
			covered[c] = true;
			cs->reach = k;
			if (cond->array && !fixed)
			{
				EntryFilter *f = &cs->filters[cs->nfilters++];
				int16		typlen;
				bool		typbyval;
				char		typalign;

				f->index_attno = k + 1;
				fmgr_info(get_opcode(op), &f->eq);
				f->collation = index->rd_indcollation[k];
				get_typlenbyvalalign(righttype, &typlen, &typbyval, &typalign);
				deconstruct_array(DatumGetArrayTypeP(st->values[cond->param]), righttype, typlen, typbyval,
								  typalign, &f->elems, NULL, &f->nelems);
				continue;
			}
			equal |= cond->strategy == BTEqualStrategyNumber && !cond->array;
			ScanKeyEntryInitialize(&cs->keys[cs->nkeys++], cond->array ? SK_SEARCHARRAY : 0, k + 1,
								   cond->strategy, righttype, index->rd_indcollation[k], get_opcode(op),
								   st->values[cond->param]);
		}
		fixed &= equal;
	}
	/* every condition's column is a key column */
	for (int c = 0; c < st->nscan; c++)
		if (!covered[c])
			return false;
	return true;
}

/* The matching call logs visible to the active snapshot, as an index-only scan counts them. */
static int64
count_entries(Relation heap, Relation index, CountScan *cs)
{
	IndexScanDesc scan = compat_index_beginscan(heap, index, GetActiveSnapshot(), cs->nkeys);
	TupleTableSlot *slot = table_slot_create(heap, NULL);
	Buffer		vmbuffer = InvalidBuffer;
	ItemPointer tid;
	int64		count = 0;

	scan->xs_want_itup = cs->nfilters > 0;
	index_rescan(scan, cs->keys, cs->nkeys, NULL, 0);
	while ((tid = index_getnext_tid(scan, ForwardScanDirection)) != NULL)
	{
		bool		matches = true;

		CHECK_FOR_INTERRUPTS();
		for (int f = 0; matches && f < cs->nfilters; f++)
			matches = entry_matches(scan, &cs->filters[f]);
		if (!matches)
			continue;
		if (!VM_ALL_VISIBLE(heap, ItemPointerGetBlockNumber(tid), &vmbuffer))
		{
			/* not known visible to all: the tuple itself decides */
			if (!index_fetch_heap(scan, slot))
				continue;
			ExecClearTuple(slot);
			/* as nodeIndexonlyscan.c: an MVCC snapshot sees one version of a chain */
			if (scan->xs_heap_continue)
				elog(ERROR, "non-MVCC snapshots are not supported in index-only scans");
		}
		count++;
	}
	if (BufferIsValid(vmbuffer))
		ReleaseBuffer(vmbuffer);
	ExecDropSingleTupleTableSlot(slot);
	index_endscan(scan);
	return count;
}

bool
count_fetch(const Statement *st, int64 *count)
{
	Relation	heap;
	AttrNumber	attnos[STATEMENT_MAX_SCAN_KEYS];
	CountScan	cs;
	CountScan	best_cs;		/* the scan of best */
	List	   *indexes;
	ListCell   *lc;
	Relation	best = NULL;

	if (st->nscan == 0 || IsolationIsSerializable())
		return false;
	heap = direct_read_open(CALL_LOG_TABLE);
	if (heap == NULL)
		return false;
	if (heap->rd_rel->relpages > 0 &&
		heap->rd_rel->relallvisible < COUNT_FETCH_MIN_ALL_VISIBLE * heap->rd_rel->relpages)
	{
		table_close(heap, NoLock);
		return false;
	}
	for (int c = 0; c < st->nscan; c++)
	{
		attnos[c] = direct_read_attno(heap, st->scan[c].column);
		if (attnos[c] == InvalidAttrNumber)
		{
			table_close(heap, NoLock);
			return false;
		}
	}

	indexes = RelationGetIndexList(heap);
	foreach(lc, indexes)
	{
		Relation	index = index_open(lfirst_oid(lc), AccessShareLock);

		if (index_serves(heap, index, st, attnos, &cs) &&
			(best == NULL || cs.reach < best_cs.reach ||
			 (cs.reach == best_cs.reach &&
			  (IndexRelationGetNumberOfKeyAttributes(index) < IndexRelationGetNumberOfKeyAttributes(best) ||
			   (IndexRelationGetNumberOfKeyAttributes(index) == IndexRelationGetNumberOfKeyAttributes(best) &&
				index->rd_rel->relpages < best->rd_rel->relpages)))))
		{
			if (best != NULL)
				index_close(best, NoLock);
			best = index;
			best_cs = cs;
		}
		else
			index_close(index, NoLock);
	}
	list_free(indexes);
	if (best == NULL)
	{
		table_close(heap, NoLock);
		return false;
	}
	*count = count_entries(heap, best, &best_cs);
	/* the locks stay to the end of the transaction, as the executor's do */
	index_close(best, NoLock);
	table_close(heap, NoLock);
	return true;
}
