/*
 * follow_copy_indexes.c — the initial copy's index build
 * (doc/following-oneuptime.md, "Speed"): owns follow_pause_indexes, which
 * lets a large initial copy of OneUptime's call logs skip call_log's
 * secondary indexes row by row and have them built once afterwards.
 *
 * Inserting a million rows into eight btrees costs several times what
 * building the same btrees from the finished table does (sorted, each page
 * written once, smaller): 44 s against 6.5 s for the rows and 9 s for the
 * builds in the measurement behind this module.  PostgreSQL has a state for
 * an index that exists but takes no insertions and serves no query: an
 * index CREATE INDEX CONCURRENTLY has made but not yet built (pg_index:
 * indisready and indisvalid false; ExecInsertIndexTuples skips it, the
 * planner ignores it).  REINDEX INDEX builds such an index from the table
 * and marks it ready and valid again (index.c, reindex_index).
 *
 * follow_pause_indexes puts the secondary indexes of a table into that
 * state, in the calling transaction, by an ordinary transactional update of
 * pg_index (as reindex_index's own update is, not CONCURRENTLY's in-place
 * one): other sessions keep seeing them ready and valid, and whatever ends
 * the transaction or subtransaction, they never see anything else.  Either
 * the caller rebuilds each index before it commits (REINDEX INDEX, which
 * sets both flags again), or the update is rolled back with the rows.  The
 * table is locked in SHARE mode first, until the transaction ends: no other
 * session writes it meanwhile, so the build sees every row; readers go on
 * (REINDEX itself then locks each index exclusively until the commit,
 * which readers of the table wait for).
 *
 * Only when it pays: the copy brings at least FOLLOW_REBUILD_MIN_ROWS call
 * logs and at least as many as the table already holds (a build reads the
 * whole table, the rows the copy brings and the rows already there).  The
 * primary key and every unique or exclusion index stay as they are: they
 * check each row as it comes, and ON CONFLICT needs its arbiter.  Only a
 * superuser pauses (following OneUptime needs one; doc/following-oneuptime.md):
 * for anyone else the copy goes row by row, as before.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/indexing.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "access/xact.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/inval.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "bounds.h"

PG_FUNCTION_INFO_V1(icl_follow_pause_indexes);

/* Whether rel holds more than limit rows visible to the active snapshot (it stops reading there). */
static bool
holds_more_than(Relation rel, int64 limit)
{
	TableScanDesc scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	int64		n = 0;

	while (n <= limit && table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		CHECK_FOR_INTERRUPTS();
		n++;
	}
	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	return n > limit;
}

/*
 * follow_pause_indexes(rel regclass, copied bigint) RETURNS regclass[]:
 * the indexes of rel now waiting for REINDEX INDEX in this transaction
 * (empty when the copy of copied rows goes row by row).
 */
Datum
icl_follow_pause_indexes(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	int64		copied = PG_GETARG_INT64(1);
	Relation	rel;
	Relation	pg_index;
	List	   *indexes;
	ListCell   *lc;
	Datum	   *paused;
	int			npaused = 0;

	if (copied < FOLLOW_REBUILD_MIN_ROWS || !superuser())
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(REGCLASSOID));
	rel = table_open(relid, AccessShareLock);
	if (holds_more_than(rel, copied))
	{
		table_close(rel, AccessShareLock);
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(REGCLASSOID));
	}

	LockRelationOid(relid, ShareLock);
	indexes = RelationGetIndexList(rel);
	paused = palloc(sizeof(Datum) * Max(list_length(indexes), 1));
	pg_index = table_open(IndexRelationId, RowExclusiveLock);

	foreach(lc, indexes)
	{
		Oid			indexoid = lfirst_oid(lc);
		HeapTuple	tuple = SearchSysCacheCopy1(INDEXRELID, ObjectIdGetDatum(indexoid));
		Form_pg_index form;

		if (!HeapTupleIsValid(tuple))
			elog(ERROR, "cache lookup failed for index %u", indexoid);
		form = (Form_pg_index) GETSTRUCT(tuple);
		if (!form->indisprimary && !form->indisunique && !form->indisexclusion &&
			form->indisvalid && form->indisready && form->indislive)
		{
			form->indisready = false;
			form->indisvalid = false;
			CatalogTupleUpdate(pg_index, &tuple->t_self, tuple);
			paused[npaused++] = ObjectIdGetDatum(indexoid);
		}
		heap_freetuple(tuple);
	}

	table_close(pg_index, RowExclusiveLock);
	if (npaused > 0)
		CacheInvalidateRelcache(rel);
	table_close(rel, NoLock);	/* both locks held to the end of the transaction */
	list_free(indexes);
	CommandCounterIncrement();

	PG_RETURN_ARRAYTYPE_P(construct_array(paused, npaused, REGCLASSOID, sizeof(Oid), true, TYPALIGN_INT));
}
