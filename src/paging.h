/*
 * paging.h — "skip" and "limit".
 */
#ifndef ICL_PAGING_H
#define ICL_PAGING_H

#include "postgres.h"

#define PAGING_DEFAULT_LIMIT	10
#define PAGING_MAX_LIMIT		100

typedef struct Paging
{
	int32		skip;
	int32		limit;
} Paging;

/* Check skip/limit (null: the defaults 0 and 10); errors are 22023. */
extern void paging_parse(Paging *paging, bool skip_isnull, int32 skip,
						 bool limit_isnull, int32 limit);

/*
 * get_changes' "limit" (1-CHANGES_MAX_LIMIT, null: CHANGES_DEFAULT_LIMIT);
 * errors are 22023.
 */
extern int32 paging_changes_limit(bool limit_isnull, int32 limit);

#endif
