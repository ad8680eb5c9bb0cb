/*
 * paging.c — check "skip" (>= 0, default 0) and "limit" (1-100, default 10).
 * Out-of-range values are errors, never silently clamped.
 */
#include "postgres.h"

#include "errors.h"
#include "paging.h"

void
paging_parse(Paging *paging, bool skip_isnull, int32 skip, bool limit_isnull, int32 limit)
{
	paging->skip = skip_isnull ? 0 : skip;
	paging->limit = limit_isnull ? PAGING_DEFAULT_LIMIT : limit;

	if (paging->skip < 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"skip\" must be 0 or more, not %d", paging->skip)));
	if (paging->limit < 1 || paging->limit > PAGING_MAX_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"limit\" must be between 1 and %d, not %d", PAGING_MAX_LIMIT, paging->limit)));
}
