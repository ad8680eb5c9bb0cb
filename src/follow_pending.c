/*
 * follow_pending.c — the live apply of followed call logs, one set per
 * applied transaction (doc/following-oneuptime.md): owns the two triggers
 * of public."IncomingCallLog" that replace a per-row mapping.
 *
 * follow_call_log_changed (AFTER ROW, ENABLE ALWAYS) only records which
 * call log a change touched (its id, and the project it was in before the
 * change) in a list of the transaction.  follow_call_logs_commit (a
 * DEFERRABLE INITIALLY DEFERRED constraint trigger, ENABLE ALWAYS) fires at
 * the transaction's commit, once per changed row: its first firing hands
 * the whole list to incoming_call_log_internal.follow_apply_call_logs,
 * which re-derives those call logs from the landing table as one set
 * (each alone, quarantined as before, if one breaks a rule); the later
 * firings find the list empty.  Deriving from the landing rows as they are
 * at commit gives what applying each change in turn would.
 *
 * A change recorded in a subtransaction that aborts stays in the list:
 * deriving a call log whose landing row did not change derives it again,
 * the same.  The list lives in TopTransactionContext and is forgotten at
 * the end of every transaction.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/uuid.h"

#include "bounds.h"
#include "trusted_names.h"

typedef struct PendingLog
{
	pg_uuid_t	id;
	pg_uuid_t	old_project;
	bool		has_old;
} PendingLog;

static PendingLog *pending = NULL;	/* in TopTransactionContext */
static int	npending = 0;
static int	pending_cap = 0;
static bool callback_registered = false;

static void
forget_pending(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT ||
		event == XACT_EVENT_PREPARE)
	{
		pending = NULL;
		npending = pending_cap = 0;
	}
}

static void drain(void);

static void
record(Datum id, Datum old_project, bool has_old)
{
	PendingLog *p;

	if (!callback_registered)
	{
		RegisterXactCallback(forget_pending, NULL);
		callback_registered = true;
	}
	if (npending >= FOLLOW_PENDING_MAX)
		drain();
	if (npending == pending_cap)
	{
		int			cap = pending_cap == 0 ? 64 : Min(pending_cap * 2, FOLLOW_PENDING_MAX);

		pending = pending == NULL
			? MemoryContextAlloc(TopTransactionContext, sizeof(PendingLog) * cap)
			: repalloc(pending, sizeof(PendingLog) * cap);
		pending_cap = cap;
	}
	p = &pending[npending++];
	p->id = *DatumGetUUIDP(id);
	p->has_old = has_old;
	if (has_old)
		p->old_project = *DatumGetUUIDP(old_project);
}

/*
 * Hand the list to follow_apply_call_logs and empty it.  At commit (the
 * deferred trigger), or earlier when FOLLOW_PENDING_MAX changes are
 * waiting: deriving from the landing rows as they are now is right at any
 * time, and a later change of the same call log is recorded anew.
 */
static void
drain(void)
{
	Datum	   *ids;
	Datum	   *olds;
	bool	   *old_nulls;
	int			dims[1];
	int			lbs[1] = {1};
	Oid			types[2] = {UUIDARRAYOID, UUIDARRAYOID};
	Datum		values[2];
	int			n = npending;
	PendingLog *list = pending;

	if (n == 0)
		return;
	pending = NULL;
	npending = pending_cap = 0;

	ids = palloc(sizeof(Datum) * n);
	olds = palloc(sizeof(Datum) * n);
	old_nulls = palloc(sizeof(bool) * n);
	for (int i = 0; i < n; i++)
	{
		ids[i] = UUIDPGetDatum(&list[i].id);
		olds[i] = UUIDPGetDatum(&list[i].old_project);
		old_nulls[i] = !list[i].has_old;
	}
	dims[0] = n;
	values[0] = PointerGetDatum(construct_array(ids, n, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR));
	values[1] = PointerGetDatum(construct_md_array(olds, old_nulls, 1, dims, lbs, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR));
	pfree(list);

	trusted_spi_connect();
	if (SPI_execute_with_args("SELECT incoming_call_log_internal.follow_apply_call_logs($1, $2)",
							  2, types, values, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "follow_apply_call_logs failed");
	SPI_finish();
}

/* The uuid in column `name` of the landing row (never null: "_id", "projectId" of a row that had one). */
static Datum
column(HeapTuple tuple, TupleDesc desc, const char *name, bool *isnull)
{
	int			attno = SPI_fnumber(desc, name);

	if (attno <= 0)
		elog(ERROR, "landing table has no column \"%s\"", name);
	return heap_getattr(tuple, attno, desc, isnull);
}

PG_FUNCTION_INFO_V1(icl_follow_call_log_changed);

Datum
icl_follow_call_log_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	bool		isnull;
	bool		old_isnull = true;
	Datum		old_project = (Datum) 0;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) || !TRIGGER_FIRED_AFTER(td->tg_event))
		elog(ERROR, "follow_call_log_changed must be called as an AFTER ROW trigger");
	desc = RelationGetDescr(td->tg_relation);
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		Datum		id = column(td->tg_trigtuple, desc, "_id", &isnull);

		if (!isnull)
			record(id, (Datum) 0, false);
		return PointerGetDatum(NULL);
	}
	/* UPDATE or DELETE: where the row was matters (it may have moved, or gone) */
	old_project = column(td->tg_trigtuple, desc, "projectId", &old_isnull);
	{
		bool		new_isnull = true;
		Datum		old_id = column(td->tg_trigtuple, desc, "_id", &isnull);
		Datum		new_id = TRIGGER_FIRED_BY_UPDATE(td->tg_event)
			? column(td->tg_newtuple, desc, "_id", &new_isnull) : (Datum) 0;

		if (!isnull)
			record(old_id, old_project, !old_isnull);
		/* a new id: that one too (the usual update keeps its id) */
		if (!new_isnull && (isnull || memcmp(DatumGetUUIDP(old_id), DatumGetUUIDP(new_id), UUID_LEN) != 0))
			record(new_id, old_project, !old_isnull);
	}
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(icl_follow_call_logs_commit);

Datum
icl_follow_call_logs_commit(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "follow_call_logs_commit must be called as a trigger");
	drain();
	return PointerGetDatum(NULL);
}
