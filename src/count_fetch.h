/*
 * count_fetch.h — count's answer by one index scan, without an inner
 * statement (count_fetch.c says when it declines and the statement counts).
 */
#ifndef ICL_COUNT_FETCH_H
#define ICL_COUNT_FETCH_H

#include "postgres.h"

#include "statement.h"

/*
 * Set *count to what st (statement_count's, its parameters bound) counts
 * and return true; or return false, having counted nothing, when the
 * statement must count instead.  Runs as the extension owner
 * (api_call_begin), after the caller's checks.
 */
extern bool count_fetch(const Statement *st, int64 *count);

#endif
