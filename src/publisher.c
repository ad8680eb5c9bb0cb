/*
 * publisher.c — owns the libpq connections this module makes to OneUptime's
 * server: connecting, and running one statement at a time, with interrupts
 * serviced and every wait bounded (bounds.h), the way PostgreSQL's own
 * libpqwalreceiver waits on a socket (WaitLatchOrSocket).  Statements carry
 * user text only as parameters.  Used by follow.c only.
 */
#include "postgres.h"

#include "libpq-fe.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/latch.h"
#include "utils/timestamp.h"

#include "publisher.h"

/* Milliseconds left until deadline (at least 1 while any is left, 0 after). */
static long
ms_left(TimestampTz deadline)
{
	long		ms = TimestampDifferenceMilliseconds(GetCurrentTimestamp(), deadline);

	return (ms <= 0 && GetCurrentTimestamp() < deadline) ? 1 : ms;
}

/* Wait until the socket is ready for events or the deadline passes; false on timeout. */
static bool
wait_socket(PGconn *conn, int events, TimestampTz deadline)
{
	for (;;)
	{
		long		left = ms_left(deadline);
		int			rc;

		if (left <= 0)
			return false;
		rc = WaitLatchOrSocket(MyLatch,
							   WL_EXIT_ON_PM_DEATH | WL_LATCH_SET | WL_TIMEOUT | events,
							   PQsocket(conn), left, PG_WAIT_EXTENSION);
		if (rc & WL_LATCH_SET)
		{
			ResetLatch(MyLatch);
			CHECK_FOR_INTERRUPTS();
		}
		if (rc & events)
			return true;
	}
}

Publisher *
publisher_connect(const char *conninfo, int timeout_ms)
{
	const char *keys[] = {"dbname", "fallback_application_name", NULL};
	const char *vals[] = {conninfo, "incoming_call_log follow", NULL};
	TimestampTz deadline = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), timeout_ms);
	PGconn	   *conn = PQconnectStartParams(keys, vals, /* expand_dbname = */ 1);
	PostgresPollingStatusType status = PGRES_POLLING_WRITING;

	if (conn == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
						errmsg("out of memory connecting to OneUptime's server")));
	if (PQstatus(conn) == CONNECTION_BAD)
		status = PGRES_POLLING_FAILED;

	PG_TRY();
	{
		while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED)
		{
			int			events = status == PGRES_POLLING_READING ? WL_SOCKET_READABLE : WL_SOCKET_WRITEABLE;

			if (!wait_socket(conn, events, deadline))
			{
				char		msg[64];

				snprintf(msg, sizeof(msg), "no answer within %d ms", timeout_ms);
				PQfinish(conn);
				conn = NULL;
				ereport(ERROR,
						(errcode(ERRCODE_SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION),
						 errmsg("could not connect to OneUptime's server: %s", msg)));
			}
			status = PQconnectPoll(conn);
		}
	}
	PG_CATCH();
	{
		if (conn)
			PQfinish(conn);
		PG_RE_THROW();
	}
	PG_END_TRY();

	if (status == PGRES_POLLING_FAILED)
	{
		char	   *msg = pchomp(PQerrorMessage(conn));

		PQfinish(conn);
		ereport(ERROR,
				(errcode(ERRCODE_SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION),
				 errmsg("could not connect to OneUptime's server: %s", msg),
				 errhint("Check the connection string, pg_hba.conf on OneUptime's server, and that the role may log in.")));
	}
	return conn;
}

/* Ask the server to stop the statement running on conn (best effort). */
static void
cancel_statement(PGconn *conn)
{
	PGcancel   *cancel = PQgetCancel(conn);
	char		errbuf[256];

	if (cancel)
	{
		(void) PQcancel(cancel, errbuf, sizeof(errbuf));
		PQfreeCancel(cancel);
	}
}

/*
 * The results of a statement an interrupt cancelled (cancel_statement, in
 * run), read and discarded, so that the connection takes the next one: the
 * abort that follows an interrupted slot creation drops the slot through
 * it.  False if the deadline passed first.
 */
static bool
settle(PGconn *conn, TimestampTz deadline)
{
	PGresult   *res;

	while (PQtransactionStatus(conn) == PQTRANS_ACTIVE)
	{
		while (PQisBusy(conn))
		{
			if (!wait_socket(conn, WL_SOCKET_READABLE, deadline))
				return false;
			if (!PQconsumeInput(conn))
				return true;	/* the connection broke: the next send says so */
		}
		res = PQgetResult(conn);
		if (res == NULL)
			break;
		PQclear(res);
	}
	return true;
}

/*
 * Send and wait for the last result.  NULL result with *timed_out when the
 * deadline passed (the statement was cancelled).
 */
static PGresult *
run(PGconn *conn, const char *sql, int nparams, const char *const *params,
	int timeout_ms, bool *timed_out)
{
	TimestampTz deadline = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), timeout_ms);
	PGresult   *last = NULL;
	PGresult   *res;

	*timed_out = false;
	if (!settle(conn, deadline))
	{
		*timed_out = true;
		return NULL;
	}
	if (!PQsendQueryParams(conn, sql, nparams, NULL, params, NULL, NULL, 0))
		return NULL;
	for (;;)
	{
		while (PQisBusy(conn))
		{
			bool		ready;

			PG_TRY();
			{
				ready = wait_socket(conn, WL_SOCKET_READABLE, deadline);
			}
			PG_CATCH();
			{
				/* Interrupted: stop the statement there before raising. */
				cancel_statement(conn);
				if (last)
					PQclear(last);
				PG_RE_THROW();
			}
			PG_END_TRY();
			if (!ready)
			{
				cancel_statement(conn);
				if (last)
					PQclear(last);
				*timed_out = true;
				return NULL;
			}
			if (!PQconsumeInput(conn))
				break;
		}
		res = PQgetResult(conn);
		if (res == NULL)
			break;
		if (last)
			PQclear(last);
		last = res;
		if (PQstatus(conn) == CONNECTION_BAD)
			break;
	}
	return last;
}

bool
publisher_try(Publisher *conn, const char *sql, int nparams, const char *const *params,
			  int timeout_ms, char *sqlstate, char **message)
{
	bool		timed_out;
	PGresult   *res = run(conn, sql, nparams, params, timeout_ms, &timed_out);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
	{
		PQclear(res);
		return true;
	}
	if (timed_out)
	{
		memcpy(sqlstate, "57014", 6);
		*message = psprintf("no answer within %d ms", timeout_ms);
	}
	else
	{
		const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

		strlcpy(sqlstate, code ? code : "08006", 6);
		*message = pchomp(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
	}
	if (res)
		PQclear(res);
	return false;
}

char	  **
publisher_query(Publisher *conn, const char *what, const char *sql,
				int nparams, const char *const *params,
				int timeout_ms, int *nrows, int *ncols)
{
	bool		timed_out;
	PGresult   *res = run(conn, sql, nparams, params, timeout_ms, &timed_out);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	char	  **out;
	int			r,
				c;

	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
	{
		const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		char	   *msg = timed_out ? psprintf("no answer within %d ms", timeout_ms)
			: pchomp(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
		int			errcode_value = timed_out ? ERRCODE_QUERY_CANCELED
			: code ? MAKE_SQLSTATE(code[0], code[1], code[2], code[3], code[4])
			: ERRCODE_CONNECTION_FAILURE;

		if (res)
			PQclear(res);
		ereport(ERROR, (errcode(errcode_value),
						errmsg("%s on OneUptime's server failed: %s", what, msg)));
	}
	*nrows = PQntuples(res);
	*ncols = PQnfields(res);
	out = palloc0(sizeof(char *) * Max(1, *nrows * *ncols));
	for (r = 0; r < *nrows; r++)
		for (c = 0; c < *ncols; c++)
			if (!PQgetisnull(res, r, c))
				out[r * *ncols + c] = pstrdup(PQgetvalue(res, r, c));
	PQclear(res);
	return out;
}

void
publisher_finish(Publisher *conn)
{
	if (conn)
		PQfinish(conn);
}
