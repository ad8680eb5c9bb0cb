/*
 * direct_read.h — opening one of the extension's tables for a read in C
 * (item_fetch.c, count_fetch.c) instead of a statement, when that read
 * keeps every guarantee the statement gives (direct_read.c says which).
 */
#ifndef ICL_DIRECT_READ_H
#define ICL_DIRECT_READ_H

#include "postgres.h"

#include "utils/relcache.h"

/*
 * The table `qualified` ("schema.name"), opened with AccessShareLock, or
 * NULL (nothing left open) when a statement must read it instead.
 */
extern Relation direct_read_open(const char *qualified);

/* The heap column named `name`, or InvalidAttrNumber. */
extern AttrNumber direct_read_attno(Relation rel, const char *name);

#endif
