/*
 * follow.c — following OneUptime's own database (doc/following-oneuptime.md): owns
 * follow_oneuptime, unfollow_oneuptime, the publisher half of follow_status,
 * the trigger that refuses other writers while following, and the
 * replication slot's life on OneUptime's server.
 *
 * PostgreSQL refuses CREATE SUBSCRIPTION ... WITH (create_slot = true)
 * inside a function (subscriptioncmds.c: PreventInTransactionBlock),
 * because a slot is not transactional.  It permits the rest: with
 * create_slot = false and connect = true, CREATE SUBSCRIPTION still
 * connects, lists the published tables and marks them for the initial copy,
 * all inside the transaction.  So follow_oneuptime creates the slot itself
 * over libpq (publisher.c) and then the subscription, enabled, naming that
 * slot; and it keeps the connection open until the transaction ends, so
 * that an error or a ROLLBACK drops the slot again (the transaction
 * callbacks below): a failed follow leaves nothing on OneUptime's side.
 *
 * unfollow_oneuptime detaches the slot from the subscription
 * (slot_name = NONE), drops the subscription (which stops its workers and
 * drops any table-copy slots) and drops the slot itself just before the
 * transaction commits, so a rolled-back unfollow leaves the stream intact.
 *
 * follow_copying tells the landing tables' triggers that the rows come from
 * a table's initial COPY, which the mapping takes as one set.
 *
 * The landing tables, the mapping into the extension's tables and
 * follow_status live in SQL (incoming_call_log--0.3.0.sql, section of
 * issue 17); this file runs them through SPI.
 */
#include "postgres.h"

#include "access/xact.h"
#include "access/xlog.h"
#include "catalog/pg_type.h"
#include "commands/subscriptioncmds.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_node.h"
#include "pgstat.h"
#include "replication/logicalworker.h"
#include "replication/worker_internal.h"
#include "catalog/pg_subscription_rel.h"
#include "storage/latch.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "arguments.h"
#include "bounds.h"
#include "publisher.h"
#include "trusted_names.h"

/* The subscription's name in this database (one follow per database). */
#define FOLLOW_SUBSCRIPTION "incoming_call_log_oneuptime"

/*
 * What this transaction did on OneUptime's server and must finish there:
 * a slot it created (dropped again if the transaction, or the
 * subtransaction that created it, aborts) and a slot unfollow detached
 * (dropped just before commit).  Kept in TopMemoryContext.
 */
static struct
{
	bool		registered;
	Publisher  *conn;			/* open while a created slot is pending */
	char	   *conninfo;
	char	   *slot;
	bool		created;		/* slot created in this transaction */
	SubTransactionId created_in;
	bool		drop_at_commit; /* unfollow: drop the slot before commit */
	char	   *drop_conninfo;
	char	   *drop_slot;
} pending;

static void
pending_clear(void)
{
	if (pending.conn)
		publisher_finish(pending.conn);
	if (pending.conninfo)
		pfree(pending.conninfo);
	if (pending.slot)
		pfree(pending.slot);
	if (pending.drop_conninfo)
		pfree(pending.drop_conninfo);
	if (pending.drop_slot)
		pfree(pending.drop_slot);
	pending.conn = NULL;
	pending.conninfo = pending.slot = pending.drop_conninfo = pending.drop_slot = NULL;
	pending.created = pending.drop_at_commit = false;
}

/*
 * The transaction that created (or was creating) the slot failed: drop it
 * if it exists (never raises).
 */
static void
drop_created_slot(void)
{
	const char *params[1];
	char		sqlstate[6];
	char	   *message = NULL;

	if (!pending.created || pending.conn == NULL)
		return;
	params[0] = pending.slot;
	if (!publisher_try(pending.conn,
					   "SELECT pg_catalog.pg_drop_replication_slot(s.slot_name) FROM pg_catalog.pg_replication_slots s"
					   " WHERE s.slot_name OPERATOR(pg_catalog.=) $1", 1, params,
					   FOLLOW_STATUS_TIMEOUT_MS, sqlstate, &message))
		ereport(WARNING,
				(errmsg("could not drop replication slot \"%s\" on OneUptime's server: %s",
						pending.slot, message),
				 errhint("Drop it there with SELECT pg_drop_replication_slot('%s'); it holds WAL until then.",
						 pending.slot)));
	pending.created = false;
}

/*
 * Drop the slot unfollow detached, waiting (bounded) while OneUptime's
 * walsender still holds it; raises on failure, which aborts the unfollow.
 */
static void
drop_detached_slot(void)
{
	Publisher  *conn = publisher_connect(pending.drop_conninfo, FOLLOW_CONNECT_TIMEOUT_MS);
	TimestampTz deadline = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), FOLLOW_SLOT_RELEASE_MS);

	PG_TRY();
	{
		for (;;)
		{
			const char *params[1] = {pending.drop_slot};
			char		sqlstate[6];
			char	   *message = NULL;

			CHECK_FOR_INTERRUPTS();
			if (publisher_try(conn, "SELECT pg_catalog.pg_drop_replication_slot($1)", 1, params,
							  FOLLOW_STATEMENT_TIMEOUT_MS, sqlstate, &message))
				break;
			if (strcmp(sqlstate, "42704") == 0)
			{
				ereport(NOTICE,
						(errmsg("replication slot \"%s\" was already gone on OneUptime's server",
								pending.drop_slot)));
				break;
			}
			if (strcmp(sqlstate, "55006") != 0 || GetCurrentTimestamp() >= deadline)
				ereport(ERROR,
						(errcode(ERRCODE_CONNECTION_FAILURE),
						 errmsg("could not drop replication slot \"%s\" on OneUptime's server: %s",
								pending.drop_slot, message),
						 errdetail("Nothing was unfollowed: the subscription is kept.")));
			(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
							 FOLLOW_SLOT_RETRY_MS, PG_WAIT_EXTENSION);
			ResetLatch(MyLatch);
		}
	}
	PG_FINALLY();
	{
		publisher_finish(conn);
	}
	PG_END_TRY();
}

static void
follow_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
			if (pending.drop_at_commit)
				drop_detached_slot();
			break;
		case XACT_EVENT_PRE_PREPARE:
			if (pending.created || pending.drop_at_commit)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot prepare a transaction that called follow_oneuptime or unfollow_oneuptime"),
						 errdetail("A replication slot on OneUptime's server is not transactional.")));
			break;
		case XACT_EVENT_COMMIT:
			pending_clear();
			break;
		case XACT_EVENT_ABORT:
			drop_created_slot();
			pending_clear();
			break;
		default:
			break;
	}
}

static void
follow_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	if (!pending.created || mySubid != pending.created_in)
		return;
	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		drop_created_slot();
		publisher_finish(pending.conn);
		pending.conn = NULL;
	}
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
		pending.created_in = parentSubid;
}

static void
register_callbacks(void)
{
	if (pending.registered)
		return;
	RegisterXactCallback(follow_xact_callback, NULL);
	RegisterSubXactCallback(follow_subxact_callback, NULL);
	pending.registered = true;
}

/* Run a fixed statement through SPI (connected by the caller). */
static void
spi_run(const char *sql, int expected)
{
	int			rc = SPI_execute(sql, false, 0);

	if (rc != expected)
		elog(ERROR, "SPI_execute failed: %s: %s", SPI_result_code_string(rc), sql);
}

/* True when this database has the follow's subscription. */
static bool
subscription_exists(void)
{
	spi_run("SELECT 1 FROM pg_catalog.pg_subscription s"
			" WHERE s.subdbid OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d"
			" WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())"
			" AND s.subname OPERATOR(pg_catalog.=) '" FOLLOW_SUBSCRIPTION "'", SPI_OK_SELECT);
	return SPI_processed > 0;
}

/* A text[] datum of n C strings. */
static Datum
text_array(char **items, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(1, n));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = CStringGetTextDatum(items[i]);
	return PointerGetDatum(construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT));
}

static DefElem *
option(const char *name, const char *value)
{
	return makeDefElem(pstrdup(name), (Node *) makeString(pstrdup(value)), -1);
}

/*
 * Following needs a superuser (a subscription on 15, and the mapping's
 * session_replication_role): said first, rather than as whatever catalog
 * or schema the call would reach first without one.
 */
static void
require_superuser(const char *call)
{
	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("%s needs a superuser", call),
				 errdetail("It creates or drops a subscription, and the mapping changes session_replication_role."),
				 errhint("Call it as the extension owner, a superuser (doc/following-oneuptime.md).")));
}

PG_FUNCTION_INFO_V1(icl_follow_oneuptime);

/*
 * follow_oneuptime(conninfo text, publication text): subscribe to
 * OneUptime's publication; the initial copy is the backfill.
 */
Datum
icl_follow_oneuptime(PG_FUNCTION_ARGS)
{
	char	   *conninfo;
	char	   *publication;
	char	   *slot = psprintf("icl_follow_" UINT64_FORMAT "_%u", GetSystemIdentifier(), MyDatabaseId);
	const char *params[1];
	char	  **rows;
	int			nrows,
				ncols,
				i;
	Oid			argtypes[3] = {TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID};
	Datum		args[3];
	CreateSubscriptionStmt *stmt;
	MemoryContext old;
	MemoryContext volatile caller_context;


	require_superuser("follow_oneuptime");
	/* not STRICT: a null is said, not answered with a silent null */
	argument_required(fcinfo, 0, "conninfo", "Pass OneUptime's server as a libpq connection string.");
	argument_required(fcinfo, 1, "publication", "Leave it out for the publication named incoming_call_log.");
	conninfo = text_to_cstring(PG_GETARG_TEXT_PP(0));
	publication = text_to_cstring(PG_GETARG_TEXT_PP(1));

	if (pending.created || pending.drop_at_commit)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("this transaction already followed or unfollowed OneUptime"),
				 errhint("Commit first.")));

	trusted_spi_connect();
	if (subscription_exists())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("this database already follows OneUptime"),
				 errdetail("Subscription \"%s\" exists.", FOLLOW_SUBSCRIPTION),
				 errhint("Call incoming_call_log.unfollow_oneuptime() first.")));

	/* The landing tables (refused, naming them, if they exist), their triggers, the guards. */
	spi_run("SELECT incoming_call_log_internal.follow_setup()", SPI_OK_SELECT);

	/* What the publication holds must fit the landing tables. */
	register_callbacks();
	old = MemoryContextSwitchTo(TopMemoryContext);
	pending.conn = publisher_connect(conninfo, FOLLOW_CONNECT_TIMEOUT_MS);
	pending.conninfo = pstrdup(conninfo);
	MemoryContextSwitchTo(old);
	/* Until the slot exists, an error only has to close the connection. */
	pending.created_in = GetCurrentSubTransactionId();

	params[0] = publication;
	rows = publisher_query(pending.conn, "reading the publication",
						   "SELECT (p.pubinsert AND p.pubupdate AND p.pubdelete AND p.pubtruncate)::text"
						   "  FROM pg_catalog.pg_publication p"
						   " WHERE p.pubname OPERATOR(pg_catalog.=) $1",
						   1, params, FOLLOW_STATEMENT_TIMEOUT_MS, &nrows, &ncols);
	if (nrows == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("publication \"%s\" does not exist on OneUptime's server", publication),
				 errhint("Create it there as doc/following-oneuptime.md shows.")));
	/* a publication that leaves out an operation or rows would let the copy drift */
	if (strcmp(rows[0], "true") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("publication \"%s\" does not publish every insert, update, delete and truncate", publication),
				 errdetail("Following OneUptime applies every change of the four tables; one left out would make the extension's tables drift from OneUptime's."),
				 errhint("Create the publication without a \"publish\" option, as doc/following-oneuptime.md shows.")));
	rows = publisher_query(pending.conn, "reading the publication",
						   "SELECT pg_catalog.string_agg(pg_catalog.format('%I.%I', t.schemaname, t.tablename), ', ')"
						   "  FROM pg_catalog.pg_publication_tables t"
						   " WHERE t.pubname OPERATOR(pg_catalog.=) $1 AND t.rowfilter IS NOT NULL",
						   1, params, FOLLOW_STATEMENT_TIMEOUT_MS, &nrows, &ncols);
	if (rows[0] != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("publication \"%s\" filters the rows of %s", publication, rows[0]),
				 errdetail("Following OneUptime applies every row of the four tables; a row filter would make the extension's tables drift from OneUptime's."),
				 errhint("Create the publication without WHERE clauses, as doc/following-oneuptime.md shows.")));
	rows = publisher_query(pending.conn, "reading the publication",
						   "SELECT t.schemaname::text, t.tablename::text, a.attname::text"
						   "  FROM pg_catalog.pg_publication_tables t,"
						   "       pg_catalog.unnest(t.attnames) AS a(attname)"
						   " WHERE t.pubname OPERATOR(pg_catalog.=) $1",
						   1, params, FOLLOW_STATEMENT_TIMEOUT_MS, &nrows, &ncols);
	{
		char	  **schemas = palloc(sizeof(char *) * Max(1, nrows));
		char	  **tables = palloc(sizeof(char *) * Max(1, nrows));
		char	  **columns = palloc(sizeof(char *) * Max(1, nrows));

		for (i = 0; i < nrows; i++)
		{
			schemas[i] = rows[i * 3];
			tables[i] = rows[i * 3 + 1];
			columns[i] = rows[i * 3 + 2];
		}
		args[0] = text_array(schemas, nrows);
		args[1] = text_array(tables, nrows);
		args[2] = text_array(columns, nrows);
		if (SPI_execute_with_args("SELECT incoming_call_log_internal.follow_check_publication($1, $2, $3)",
								  3, argtypes, args, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_with_args failed");
	}

	/*
	 * The slot.  It may exist from the moment it is asked for: a cancel or
	 * the timeout can arrive just after OneUptime's server made it and
	 * before its answer, so an abort from here on drops it if it exists.
	 * Unless the server refused it as existing already: that slot is not
	 * this transaction's to drop.
	 */
	old = MemoryContextSwitchTo(TopMemoryContext);
	pending.slot = pstrdup(slot);
	MemoryContextSwitchTo(old);
	pending.created = true;
	pending.created_in = GetCurrentSubTransactionId();
	params[0] = slot;
	caller_context = CurrentMemoryContext;
	PG_TRY();
	{
		(void) publisher_query(pending.conn, "creating the replication slot",
							   "SELECT pg_catalog.pg_create_logical_replication_slot($1, 'pgoutput')",
							   1, params, FOLLOW_STATEMENT_TIMEOUT_MS, &nrows, &ncols);
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(caller_context);
		edata = CopyErrorData();
		if (edata->sqlerrcode == ERRCODE_DUPLICATE_OBJECT)
			pending.created = false;
		FreeErrorData(edata);
		PG_RE_THROW();
	}
	PG_END_TRY();

	/*
	 * The subscription, built as a node (the conninfo and the publication
	 * name never become SQL text): CreateSubscription connects, lists the
	 * published tables and marks each for its initial copy.
	 */
	stmt = makeNode(CreateSubscriptionStmt);
	stmt->subname = FOLLOW_SUBSCRIPTION;
	stmt->conninfo = conninfo;
	stmt->publication = list_make1(makeString(publication));
	/*
	 * streaming = off, stated: 18 made "parallel" the default, and a parallel
	 * apply worker would map a large transaction beside the leader, which
	 * the mapping's advisory lock serializes anyway.
	 */
	stmt->options = list_make5(option("create_slot", "false"),
							   option("slot_name", slot),
							   option("copy_data", "true"),
							   option("enabled", "true"),
							   option("connect", "true"));
	stmt->options = lappend(stmt->options, option("streaming", "off"));
	(void) CreateSubscription(make_parsestate(NULL), stmt, false);
	CommandCounterIncrement();

	SPI_finish();
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(icl_unfollow_oneuptime);

/*
 * unfollow_oneuptime(): stop following; the extension's tables keep their
 * rows, the landing tables and the slot on OneUptime's server go.
 */
Datum
icl_unfollow_oneuptime(PG_FUNCTION_ARGS)
{
	char	   *conninfo;
	char	   *slot;
	MemoryContext old;
	bool		isnull;

	require_superuser("unfollow_oneuptime");
	if (pending.drop_at_commit)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("this transaction already unfollowed OneUptime")));
	trusted_spi_connect();
	spi_run("SELECT s.subconninfo, s.subslotname::text FROM pg_catalog.pg_subscription s"
			" WHERE s.subdbid OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d"
			" WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())"
			" AND s.subname OPERATOR(pg_catalog.=) '" FOLLOW_SUBSCRIPTION "'", SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("this database does not follow OneUptime"),
				 errhint("incoming_call_log.follow_status() shows the state.")));
	conninfo = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	(void) SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
	slot = isnull ? NULL : SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);

	spi_run("ALTER SUBSCRIPTION " FOLLOW_SUBSCRIPTION " DISABLE", SPI_OK_UTILITY);
	spi_run("ALTER SUBSCRIPTION " FOLLOW_SUBSCRIPTION " SET (slot_name = NONE)", SPI_OK_UTILITY);
	/* Stops the workers, drops the table-copy slots of tables still copying. */
	spi_run("DROP SUBSCRIPTION " FOLLOW_SUBSCRIPTION, SPI_OK_UTILITY);
	spi_run("SELECT incoming_call_log_internal.follow_teardown()", SPI_OK_SELECT);

	if (slot)
	{
		register_callbacks();
		old = MemoryContextSwitchTo(TopMemoryContext);
		pending.drop_conninfo = pstrdup(conninfo);
		pending.drop_slot = pstrdup(slot);
		MemoryContextSwitchTo(old);
		pending.drop_at_commit = true;
	}
	SPI_finish();
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(icl_follow_publisher_lag);

/*
 * follow_publisher_lag(OUT lag_bytes bigint, OUT lag interval, OUT error
 * text): how far the slot is behind OneUptime's current WAL position, and
 * the replay lag its walsender measures; error says why when OneUptime's
 * server could not be asked.  All null when not following.
 */
Datum
icl_follow_publisher_lag(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	char	   *values[3] = {NULL, NULL, NULL};
	char	   *conninfo = NULL;
	char	   *slot = NULL;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	trusted_spi_connect();
	spi_run("SELECT s.subconninfo, s.subslotname::text FROM pg_catalog.pg_subscription s"
			" WHERE s.subdbid OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d"
			" WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())"
			" AND s.subname OPERATOR(pg_catalog.=) '" FOLLOW_SUBSCRIPTION "'", SPI_OK_SELECT);
	if (SPI_processed > 0)
	{
		conninfo = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		slot = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	}

	if (conninfo && slot)
	{
		MemoryContext mcx = CurrentMemoryContext;
		Publisher  *volatile conn = NULL;

		PG_TRY();
		{
			const char *params[1] = {slot};
			char	  **rows;
			int			nrows,
						ncols;

			conn = publisher_connect(conninfo, FOLLOW_STATUS_TIMEOUT_MS);
			rows = publisher_query(conn, "reading the slot",
								   "SELECT pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(),"
								   "                                  s.confirmed_flush_lsn)::bigint::text,"
								   "       CASE WHEN s.active THEN COALESCE(r.replay_lag, '0'::pg_catalog.interval)::text END"
								   "  FROM pg_catalog.pg_replication_slots s"
								   "  LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid OPERATOR(pg_catalog.=) s.active_pid"
								   " WHERE s.slot_name OPERATOR(pg_catalog.=) $1",
								   1, params, FOLLOW_STATUS_TIMEOUT_MS, &nrows, &ncols);
			if (nrows == 0)
				values[2] = psprintf("replication slot \"%s\" does not exist on OneUptime's server", slot);
			else
			{
				values[0] = rows[0];
				values[1] = rows[1];
			}
		}
		PG_CATCH();
		{
			ErrorData  *edata;

			MemoryContextSwitchTo(mcx);
			edata = CopyErrorData();
			FlushErrorState();
			values[2] = edata->message;
		}
		PG_END_TRY();
		publisher_finish(conn);
	}
	SPI_finish();
	PG_RETURN_DATUM(HeapTupleGetDatum(BuildTupleFromCStrings(TupleDescGetAttInMetadata(tupdesc), values)));
}

PG_FUNCTION_INFO_V1(icl_follow_guard);

/*
 * BEFORE statement trigger on project, app_user, call_policy and call_log
 * (enabled ALWAYS while following) and on the landing tables (ALWAYS):
 * this subscription's workers write these tables, and nobody else may,
 * another subscription's workers included (doc/following-oneuptime.md).  On
 * the landing tables it must refuse before their mapping trigger runs,
 * which would otherwise quarantine the refusal.
 */
Datum
icl_follow_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "follow_guard must be called as a trigger");
	/* this subscription's workers only, not another a DBA points here */
	if (IsLogicalWorker() && MySubscription != NULL && strcmp(MySubscription->name, FOLLOW_SUBSCRIPTION) == 0)
		return PointerGetDatum(NULL);
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("table %s is followed from OneUptime: only the subscription writes it",
					quote_qualified_identifier(get_namespace_name(RelationGetNamespace(td->tg_relation)),
											   RelationGetRelationName(td->tg_relation))),
			 errdetail("Rule \"%s\": while follow_oneuptime is active, the extension's tables and the landing tables change only as OneUptime's database changes.",
					   td->tg_trigger->tgname),
			 errhint("Make the change in OneUptime, or call incoming_call_log.unfollow_oneuptime() first.")));
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(icl_follow_copying);

/*
 * Whether this backend is a table-sync worker in its initial COPY
 * (pg_subscription_rel state "d", data being copied): the row trigger of
 * public."IncomingCallLog" then stays out of the way (its WHEN clause) and
 * the statement trigger maps the copied rows as one set.  The catch-up
 * that follows the COPY in the same worker is applied row by row, in
 * another state.
 */
Datum
icl_follow_copying(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(MyLogicalRepWorker != NULL && OidIsValid(MyLogicalRepWorker->relid)
				   && MyLogicalRepWorker->relstate == SUBREL_STATE_DATASYNC);
}
