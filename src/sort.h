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

#endif
