/*
 * change_capture.c — what every write to call_log leaves for the feed of
 * changes (doc/cursors-and-changes.md get_changes), and the feed's purge.
 *
 * An AFTER row trigger, ENABLE ALWAYS so that COPY, every role and a
 * logical replication apply (a subscriber, or following OneUptime) fire it,
 * upserts one row per written call log into call_log_change: its project,
 * its id, the writing transaction's id (pg_current_xact_id()) and the time.
 * One row per call log, so a feed reads each changed call log once however
 * often it changed, and a deleted call log's row is its tombstone.  The
 * rows are written with the extension owner's rights (writers have none on
 * the internal schema).
 *
 * Purge: a row older than CHANGES_RETENTION_SECONDS is deleted, and the
 * feed's horizon (change_horizon.purged_through) moves to the newest
 * transaction whose row went, and purged_by names the purging transaction:
 * a position that had not seen the horizon is refused with PT410, unless it
 * had seen the last purge (then all that went was seen already: a
 * transaction left open for longer than the retention does not make every
 * new position too old).  The purge needs no scheduler: a writer whose transaction id
 * is a multiple of CHANGES_PURGE_EVERY_XIDS runs one bounded step
 * (CHANGES_PURGE_STEP rows), skipping it when another transaction holds the
 * horizon, and skipping the writers' purge in a backend for
 * CHANGES_PURGE_IDLE_SECONDS after a step found little to do (a step reads
 * the whole table when nothing is expired); purge_changes() runs steps on
 * demand (pg_cron, or a DBA).
 * TRUNCATE call_log forgets every change and starts a new feed (a new
 * feed_id): every earlier position is refused with PT410.
 *
 * A statement that writes many call logs may write their feed rows itself,
 * as one set in the same statement (the follow's mappings,
 * doc/following-oneuptime.md "Speed": one upsert per row through SPI was
 * two fifths of mapping a set of call logs).  feed_by_statement(true) turns
 * the trigger's recording off for it, and feed_by_statement(false) back on;
 * the end of the (sub)transaction that turned it off turns it on again, so
 * an error in between cannot leave later writes unrecorded.  Only for a
 * superuser (the follow's owner), and only while call_log_changed fires
 * ALWAYS, as installed: otherwise the trigger goes on as a DBA set it.
 */
#include "postgres.h"

#include "access/table.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "bounds.h"
#include "owner.h"
#include "plan_cache.h"
#include "sql_names.h"
#include "trusted_names.h"

/*
 * The transaction's own row again (a call log written twice in one
 * transaction) is left alone: no dead row for nothing.
 */
#define SQL_RECORD_CHANGE \
	"INSERT INTO " CHANGE_TABLE " AS c (project_id, id, txid, changed_at)" \
	" VALUES ($1, $2, pg_catalog.pg_current_xact_id(), pg_catalog.now())" \
	" ON CONFLICT (project_id, id) DO UPDATE SET txid = excluded.txid, changed_at = excluded.changed_at" \
	" WHERE c.txid" SQL_NE "excluded.txid"

/*
 * One purge step: the horizon row locked (or the step skipped when another
 * transaction holds it), up to $2 rows changed before the cutoff $1
 * deleted; when any went, the horizon moves to the newest transaction among
 * them (if newer) and names this transaction as the last that purged
 * (feed_position.h: a position that saw it lost nothing).  Answers the rows
 * deleted.
 */
#define SQL_PURGE_STEP \
	"WITH turn AS (SELECT purged_through FROM " CHANGE_HORIZON_TABLE " FOR UPDATE SKIP LOCKED)," \
	" gone AS (DELETE FROM " CHANGE_TABLE " c WHERE c.ctid" SQL_EQ "ANY (ARRAY(" \
	"   SELECT o.ctid FROM " CHANGE_TABLE " o, turn" \
	"    WHERE o.changed_at" SQL_LT "$1 LIMIT $2))" \
	"   RETURNING c.txid)," \
	" moved AS (UPDATE " CHANGE_HORIZON_TABLE " h" \
	"   SET purged_through = GREATEST(h.purged_through, (SELECT g.txid FROM gone g ORDER BY g.txid DESC LIMIT 1))," \
	"       purged_by = pg_catalog.pg_current_xact_id()" \
	"   WHERE EXISTS (SELECT FROM gone))" \
	" SELECT " SQL_COUNT " FROM gone"

#define SQL_FORGET_ALL \
	"TRUNCATE " CHANGE_TABLE

/* a new feed: every earlier position is refused (PT410) */
#define SQL_NEW_FEED \
	"UPDATE " CHANGE_HORIZON_TABLE " SET feed_id = pg_catalog.gen_random_uuid()"

/* The transaction that ran the writers' purge step last (one per transaction). */
static FullTransactionId purged_in = {0};

/* Until when this backend's writers skip the purge: its last step found little to do. */
static TimestampTz purge_quiet_until = 0;

/*
 * The nest level of the (sub)transaction whose statement writes the feed
 * itself (feed_by_statement); 0 while the trigger records.
 */
static int	recording_off_level = 0;

/* call_log's key columns: project_id and id */
static void
key_attnos(Relation rel, int *keys)
{
	TupleDesc	desc = RelationGetDescr(rel);

	keys[0] = SPI_fnumber(desc, "project_id");
	keys[1] = SPI_fnumber(desc, "id");
}

static void
record(Relation rel, const int *keys, HeapTuple tuple)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	TupleDesc	desc = RelationGetDescr(rel);
	Datum		values[2];
	bool		isnull;

	for (int k = 0; k < 2; k++)
	{
		values[k] = heap_getattr(tuple, keys[k], desc, &isnull);
		if (isnull)
			return;
	}
	if (SPI_execute_plan(plan_cache_get(SQL_RECORD_CHANGE, 2, (Oid *) types, CURSOR_OPT_GENERIC_PLAN),
						 values, NULL, false, 0) < 0)
		elog(ERROR, "incoming_call_log: recording a change failed");
}

static int64
purge_step(int32 rows)
{
	static const Oid types[2] = {TIMESTAMPTZOID, INT4OID};
	Datum		values[2];
	bool		isnull;

	/* older than the retention period, counted from now() (the transaction's start) */
	values[0] = TimestampTzGetDatum(TimestampTzPlusMilliseconds(GetCurrentTransactionStartTimestamp(),
																-CHANGES_RETENTION_SECONDS * INT64CONST(1000)));
	values[1] = Int32GetDatum(rows);
	/* planned for the cutoff's value: the BRIN index then skips the ranges newer than it */
	if (SPI_execute_plan(plan_cache_get(SQL_PURGE_STEP, 2, (Oid *) types, CURSOR_OPT_CUSTOM_PLAN),
						 values, NULL, false, 0) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "incoming_call_log: purging changes failed");
	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

/*
 * The writers' purge step is due: in one writing transaction of
 * CHANGES_PURGE_EVERY_XIDS, once, unless the last step found little to do.
 */
static bool
purge_due(void)
{
	FullTransactionId xid = GetTopFullTransactionId();

	return XidFromFullTransactionId(xid) % CHANGES_PURGE_EVERY_XIDS == 0 &&
		!FullTransactionIdEquals(xid, purged_in) &&
		GetCurrentTimestamp() >= purge_quiet_until;
}

/* The writers' purge step (due; SPI connected). */
static void
writers_purge_step(void)
{
	purged_in = GetTopFullTransactionId();
	if (purge_step(CHANGES_PURGE_STEP) < CHANGES_PURGE_STEP)
		purge_quiet_until = TimestampTzPlusMilliseconds(GetCurrentTimestamp(),
														CHANGES_PURGE_IDLE_SECONDS * INT64CONST(1000));
}

/* The trigger records again when the transaction ends, or when the subtransaction that turned it off aborts. */
static void
recording_on_at_xact_end(XactEvent event, void *arg)
{
	if (event != XACT_EVENT_PRE_COMMIT && event != XACT_EVENT_PARALLEL_PRE_COMMIT &&
		event != XACT_EVENT_PRE_PREPARE)
		recording_off_level = 0;
}

static void
recording_on_at_subxact_end(SubXactEvent event, SubTransactionId mySubid,
							SubTransactionId parentSubid, void *arg)
{
	int			level = GetCurrentTransactionNestLevel();

	if (recording_off_level >= level)
	{
		if (event == SUBXACT_EVENT_ABORT_SUB)
			recording_off_level = 0;
		else if (event == SUBXACT_EVENT_COMMIT_SUB)
			recording_off_level = level - 1;	/* the parent's now */
	}
}

/* call_log_changed fires ALWAYS, as the extension installs it */
static bool
recording_fires_always(void)
{
	Oid			relid = get_relname_relid("call_log", get_namespace_oid("incoming_call_log", false));
	Relation	rel;
	bool		always = false;

	if (!OidIsValid(relid))
		return false;
	rel = table_open(relid, AccessShareLock);
	for (int i = 0; rel->trigdesc != NULL && i < rel->trigdesc->numtriggers; i++)
		if (strcmp(rel->trigdesc->triggers[i].tgname, "call_log_changed") == 0)
			always = rel->trigdesc->triggers[i].tgenabled == TRIGGER_FIRES_ALWAYS;
	table_close(rel, AccessShareLock);
	return always;
}

/*
 * feed_by_statement(active boolean) RETURNS boolean.  true: the caller's next
 * statements write the feed's rows of their call_log writes themselves,
 * until feed_by_statement(false) (answers true when it took that over:
 * a superuser, call_log_changed firing ALWAYS; false: the trigger records
 * as before).  Runs the writers' purge step when due, for the rows the
 * trigger does not see.  For the extension owner only (REVOKEd from PUBLIC).
 */
PG_FUNCTION_INFO_V1(icl_feed_by_statement);
Datum
icl_feed_by_statement(PG_FUNCTION_ARGS)
{
	static bool callbacks = false;
	OwnerSwitch sw;

	if (PG_ARGISNULL(0) || !PG_GETARG_BOOL(0))
	{
		recording_off_level = 0;
		PG_RETURN_BOOL(false);
	}
	if (!superuser() || !recording_fires_always())
		PG_RETURN_BOOL(false);
	if (!callbacks)
	{
		RegisterXactCallback(recording_on_at_xact_end, NULL);
		RegisterSubXactCallback(recording_on_at_subxact_end, NULL);
		callbacks = true;
	}
	if (purge_due())
	{
		owner_become(fcinfo->flinfo->fn_oid, &sw);
		trusted_spi_connect();
		writers_purge_step();
		SPI_finish();
		owner_restore(&sw);
	}
	recording_off_level = GetCurrentTransactionNestLevel();
	PG_RETURN_BOOL(true);
}

PG_FUNCTION_INFO_V1(icl_call_log_changed);
Datum
icl_call_log_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	OwnerSwitch sw;
	int			keys[2];

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("call_log_changed() must be fired AFTER each row")));
	if (recording_off_level > 0)
		return PointerGetDatum(NULL);	/* the statement writes the feed itself */

	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	key_attnos(td->tg_relation, keys);
	/* inserted or updated: the row now; deleted, or moved to another project or id: the row before */
	if (!TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		record(td->tg_relation, keys, td->tg_trigtuple);
	else
	{
		TupleDesc	desc = RelationGetDescr(td->tg_relation);
		bool		moved = false;

		for (int k = 0; k < 2; k++)
		{
			bool		n1,
						n2;
			Datum		before = heap_getattr(td->tg_trigtuple, keys[k], desc, &n1);
			Datum		after = heap_getattr(td->tg_newtuple, keys[k], desc, &n2);

			moved |= n1 != n2 || (!n1 && memcmp(DatumGetUUIDP(before), DatumGetUUIDP(after), UUID_LEN) != 0);
		}
		if (moved)
			record(td->tg_relation, keys, td->tg_trigtuple);
		record(td->tg_relation, keys, td->tg_newtuple);
	}

	if (purge_due())
		writers_purge_step();
	SPI_finish();
	owner_restore(&sw);
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(icl_call_log_truncated);
Datum
icl_call_log_truncated(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	OwnerSwitch sw;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("call_log_truncated() must be fired by TRUNCATE")));
	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	if (SPI_execute(SQL_FORGET_ALL, false, 0) != SPI_OK_UTILITY ||
		SPI_execute(SQL_NEW_FEED, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "incoming_call_log: forgetting the changes of a truncated call_log failed");
	SPI_finish();
	owner_restore(&sw);
	return PointerGetDatum(NULL);
}

/*
 * purge_changes(max_rows): purge steps until max_rows rows went or none is
 * old enough; the number purged.  For the extension owner (pg_cron, or by
 * hand after a burst of writes).
 */
PG_FUNCTION_INFO_V1(icl_purge_changes);
Datum
icl_purge_changes(PG_FUNCTION_ARGS)
{
	int32		max_rows = PG_ARGISNULL(0) ? CHANGES_PURGE_STEP : PG_GETARG_INT32(0);
	int64		total = 0;

	if (max_rows < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_rows must be 1 or more, not %d", max_rows)));
	trusted_spi_connect();
	while (total < max_rows)
	{
		int64		step;

		CHECK_FOR_INTERRUPTS();
		step = purge_step((int32) Min((int64) CHANGES_PURGE_STEP, max_rows - total));
		total += step;
		if (step == 0)
			break;
	}
	SPI_finish();
	PG_RETURN_INT64(total);
}
