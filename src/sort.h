/*
 * sort.h — the "sort" parameter: ordered sort keys.
 */
#ifndef ICL_SORT_H
#define ICL_SORT_H

#include "catalog.h"
#include "json_input.h"

typedef struct SortKey
{
	const Field *field;
	bool		descending;
} SortKey;

typedef struct SortSpec
{
	SortKey    *keys;			/* in the caller's order */
	int			n;
} SortSpec;

/* Parse sort (NULL when not given: {"createdAt": "DESC"}). */
extern void sort_parse(SortSpec *sort, const JsonNode *json, PermissionSet perms);

/*
 * The direction a sort value names ("ASC", "DESC", "Ascending",
 * "Descending", 1, -1); false when it names none.  get_aggregate's sort
 * takes the same values.
 */
extern bool sort_parse_direction(const JsonNode *value, bool *descending);

/* What a message says a direction is. */
#define SORT_DIRECTIONS_DETAIL "A direction is \"ASC\" or \"DESC\" (also \"Ascending\", \"Descending\", 1, -1)."

#endif
