/*
 * publisher.h — a libpq connection from this backend to OneUptime's
 * PostgreSQL server (the publisher followed by follow.c).
 */
#ifndef ICL_PUBLISHER_H
#define ICL_PUBLISHER_H

#include "postgres.h"

typedef struct pg_conn Publisher;

/*
 * Connect with the conninfo as given (any libpq connection string or URI),
 * within timeout_ms; interrupts are serviced meanwhile.  On failure, ERROR
 * (08001) with libpq's message.
 */
extern Publisher *publisher_connect(const char *conninfo, int timeout_ms);

/*
 * Run one statement with text parameters ($1 ... $n; user text is only ever
 * a parameter) and answer its rows as palloc'd C strings, row-major
 * (NULL for SQL nulls); *nrows and *ncols are set.  Interrupts are serviced
 * while waiting; after timeout_ms the statement is cancelled.  On failure,
 * ERROR with the server's SQLSTATE and message, prefixed by what.
 * The connection stays open either way (the caller finishes it).
 */
extern char **publisher_query(Publisher *conn, const char *what, const char *sql,
							  int nparams, const char *const *params,
							  int timeout_ms, int *nrows, int *ncols);

/*
 * The same without raising: true on success; on failure false, and
 * *sqlstate (5 characters) and *message describe it.  For the paths that
 * must not raise (a transaction's abort) or that retry.
 */
extern bool publisher_try(Publisher *conn, const char *sql,
						  int nparams, const char *const *params,
						  int timeout_ms, char *sqlstate, char **message);

extern void publisher_finish(Publisher *conn);

#endif
