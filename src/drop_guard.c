/*
 * drop_guard.c — DROP EXTENSION incoming_call_log (or DROP SCHEMA
 * incoming_call_log CASCADE) deletes every call log with the tables that
 * hold them.  While call_log has rows, the event trigger
 * incoming_call_log_drop_guard refuses both commands unless the transaction
 * first ran incoming_call_log.confirm_drop() (doc/uninstall.md).
 *
 * The trigger fires at ddl_command_start, before anything is dropped, and
 * reads the command's own parse tree, so it acts on exactly the commands
 * that name the extension or its schema and lets every other DROP through
 * without a query.  (An sql_drop trigger could not do it: the extension's
 * own trigger is dropped with the extension.)  The confirmation is
 * per-transaction, kept in this backend and cleared at commit or abort: it
 * cannot leak into a later transaction or another session.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_namespace.h"
#include "commands/event_trigger.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "catalog/namespace.h"
#include "nodes/parsenodes.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "owner.h"
#include "trusted_names.h"

#define EXTENSION_NAME	"incoming_call_log"

/* DROP is confirmed for the rest of the current transaction. */
static bool drop_confirmed = false;
static bool callback_registered = false;

static void
forget_confirmation(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PREPARE || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_PARALLEL_ABORT)
		drop_confirmed = false;
}

/*
 * Rows of one of the extension's tables, counting at most `stop` (0: all).
 * The table is found by oid in the extension's own schema, whatever names
 * point elsewhere, and read with a plain heap scan: no SQL, so no view or
 * function under a look-alike name can run here, and it works even when
 * trusted_names_check would refuse (the DBA may be cleaning up exactly
 * that).  No privilege check: only the extension owner or a superuser gets
 * this far (drop_guard, confirm_drop).
 */
static int64
extension_table_rows(const char *relname, int64 stop)
{
	Oid			nsp = trusted_extension_schema();
	Oid			relid = OidIsValid(nsp) ? get_relname_relid(relname, nsp) : InvalidOid;
	Relation	rel;
	TableScanDesc scan;
	TupleTableSlot *slot;
	int64		rows = 0;
	bool		pushed;

	if (!OidIsValid(relid) || get_rel_relkind(relid) != RELKIND_RELATION)
		return 0;
	rel = table_open(relid, AccessShareLock);
	pushed = !ActiveSnapshotSet();
	if (pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	slot = table_slot_create(rel, NULL);
	while ((stop == 0 || rows < stop) && table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		CHECK_FOR_INTERRUPTS();
		rows++;
	}
	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	if (pushed)
		PopActiveSnapshot();
	table_close(rel, AccessShareLock);
	return rows;
}

/* True when call_log holds a row. */
static bool
call_log_has_rows(void)
{
	return extension_table_rows("call_log", 1) > 0;
}

/* The owner of namespace nsp. */
static Oid
namespace_owner(Oid nsp)
{
	HeapTuple	tuple = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nsp));
	Oid			owner;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for schema %u", nsp);
	owner = ((Form_pg_namespace) GETSTRUCT(tuple))->nspowner;
	ReleaseSysCache(tuple);
	return owner;
}

/* True when the list of String names holds name. */
static bool
names_include(List *names, const char *name)
{
	ListCell   *lc;

	foreach(lc, names)
	{
		Node	   *n = lfirst(lc);

		if (IsA(n, String) && strcmp(strVal(n), name) == 0)
			return true;
	}
	return false;
}

/*
 * confirm_drop() returns text: allow DROP EXTENSION incoming_call_log in
 * this transaction, and say what it will delete.
 */
PG_FUNCTION_INFO_V1(icl_confirm_drop);
Datum
icl_confirm_drop(PG_FUNCTION_ARGS)
{
	OwnerSwitch sw;
	int64		logs;
	int64		keys;
	int64		projects;

	if (!IsTransactionBlock())
		ereport(ERROR,
				(errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
				 errmsg("confirm_drop() must run inside the transaction that drops the extension"),
				 errdetail("The confirmation lasts until the end of the transaction; outside BEGIN it would end with this statement."),
				 errhint("BEGIN; SELECT incoming_call_log.confirm_drop(); DROP EXTENSION incoming_call_log; COMMIT;")));

	/* as the extension owner, whoever may execute this */
	owner_become(fcinfo->flinfo->fn_oid, &sw);
	logs = extension_table_rows("call_log", 0);
	keys = extension_table_rows("api_key", 0);
	projects = extension_table_rows("project", 0);
	owner_restore(&sw);

	if (!callback_registered)
	{
		RegisterXactCallback(forget_confirmation, NULL);
		callback_registered = true;
	}
	drop_confirmed = true;
	PG_RETURN_TEXT_P(cstring_to_text(psprintf(
		"DROP EXTENSION incoming_call_log may run until the end of this transaction: "
		"it deletes " INT64_FORMAT " call logs, " INT64_FORMAT " API keys and " INT64_FORMAT
		" projects, and COMMIT makes that final",
		logs, keys, projects)));
}

/*
 * drop_guard() returns event_trigger (ddl_command_start, DROP EXTENSION and
 * DROP SCHEMA): refuse a command that would drop the extension while
 * call_log has rows, unless confirm_drop() ran in this transaction.
 */
PG_FUNCTION_INFO_V1(icl_drop_guard);
Datum
icl_drop_guard(PG_FUNCTION_ARGS)
{
	EventTriggerData *trigdata;
	DropStmt   *stmt;
	Oid			nsp;
	const char *schema;
	const char *command;
	Oid			may_drop;		/* a role that may run the command */

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("drop_guard() is called by its event trigger only")));
	trigdata = (EventTriggerData *) fcinfo->context;
	if (trigdata->parsetree == NULL || !IsA(trigdata->parsetree, DropStmt))
		PG_RETURN_VOID();
	stmt = (DropStmt *) trigdata->parsetree;

	/* The extension's schema (the control file's; the extension is not relocatable). */
	schema = EXTENSION_NAME;
	nsp = get_namespace_oid(schema, true);
	/* a schema of that name that is not the extension's holds no call log of it */
	if (nsp != trusted_extension_schema())
		nsp = InvalidOid;
	if (stmt->removeType == OBJECT_EXTENSION && names_include(stmt->objects, EXTENSION_NAME))
	{
		command = "DROP EXTENSION " EXTENSION_NAME;
		may_drop = owner_of_function(fcinfo->flinfo->fn_oid);	/* the extension owner */
	}
	else if (stmt->removeType == OBJECT_SCHEMA && stmt->behavior == DROP_CASCADE &&
			 OidIsValid(nsp) && names_include(stmt->objects, schema))
	{
		command = psprintf("DROP SCHEMA %s CASCADE", quote_identifier(schema));
		may_drop = namespace_owner(nsp);
	}
	else
		PG_RETURN_VOID();

	/*
	 * A role that may not drop it anyway is refused by PostgreSQL itself,
	 * after this trigger: it learns nothing here about the table.
	 */
	if (!superuser() && !has_privs_of_role(GetUserId(), may_drop))
		PG_RETURN_VOID();
	if (drop_confirmed || !call_log_has_rows())
		PG_RETURN_VOID();

	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("%s would delete every call log", command),
			 errdetail("Table %s holds call logs; dropping the extension drops its tables, "
					   "and nothing but a backup brings them back.", CALL_LOG_TABLE),
			 errhint("Take a backup first (pg_dump). To drop anyway, confirm in the same transaction: "
					 "BEGIN; SELECT incoming_call_log.confirm_drop(); %s; COMMIT;", command)));
	PG_RETURN_VOID();
}
