/*
 * plan_cache.h — saved SPI plans keyed by statement text.
 */
#ifndef ICL_PLAN_CACHE_H
#define ICL_PLAN_CACHE_H

#include "executor/spi.h"

/* Most plans kept per backend; the least recently used goes first. */
#define PLAN_CACHE_SIZE 256

/*
 * The saved plan of sql with these parameter types, prepared on first use.
 * Must be called while SPI-connected.
 */
extern SPIPlanPtr plan_cache_get(const char *sql, int nargs, const Oid *argtypes);

#endif
