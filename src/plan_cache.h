/*
 * plan_cache.h — saved SPI plans keyed by statement text, bounded by bytes.
 */
#ifndef ICL_PLAN_CACHE_H
#define ICL_PLAN_CACHE_H

#include "executor/spi.h"

/*
 * The plan of sql with these parameter types, prepared with these cursor
 * options (CURSOR_OPT_GENERIC_PLAN, _CUSTOM_PLAN, _PARALLEL_OK).  A shape is
 * saved the second time it is asked for; the first time, and whenever the
 * cache cannot keep it, the plan is an unsaved one that SPI frees at
 * SPI_finish.  Must be called while SPI-connected.
 */
extern SPIPlanPtr plan_cache_get(const char *sql, int nargs, const Oid *argtypes, int cursor_options);

/* Bytes the saved plans hold now (their sources, query trees, generic plans). */
extern Size plan_cache_bytes(void);

#endif
