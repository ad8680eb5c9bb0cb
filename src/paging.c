/*
 * paging.c — check "skip" (>= 0, default 0) and "limit" (1-100, default 10;
 * get_changes: 1-1000, default 100).
 * Out-of-range values are errors, never silently clamped; a limit above the
 * maximum is answered with the way to read more (pages by skip).
 */
#include "postgres.h"

#include "bounds.h"
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
	if (paging->limit > PAGING_MAX_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"limit\" must be between 1 and %d, not %d", PAGING_MAX_LIMIT, paging->limit),
				 errdetail("One call answers at most %d rows.", PAGING_MAX_LIMIT),
				 errhint("Read page by page with \"skip\": \"limit\" %d with \"skip\" 0, then %d, then %d, and so on.",
						 PAGING_MAX_LIMIT, PAGING_MAX_LIMIT, 2 * PAGING_MAX_LIMIT)));
	if (paging->limit < 1)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"limit\" must be between 1 and %d, not %d", PAGING_MAX_LIMIT, paging->limit)));
}

int32
paging_changes_limit(bool limit_isnull, int32 limit)
{
	if (limit_isnull)
		return CHANGES_DEFAULT_LIMIT;
	if (limit < 1 || limit > CHANGES_MAX_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"limit\" must be between 1 and %d, not %d", CHANGES_MAX_LIMIT, limit),
				 errdetail("One answer of get_changes holds at most %d changes.", CHANGES_MAX_LIMIT),
				 errhint("The changes beyond the limit follow: call again with the answer's \"next\".")));
	return limit;
}
