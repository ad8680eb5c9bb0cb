/*
 * cursor.h — the cursors of doc/cursors-and-changes.md (get_page's "after", get_changes'
 * "since", both calls' "next"): opaque, URL-safe, at most
 * CURSOR_MAX_CHARS characters, bound to the caller's project, the request's
 * query (and a page's sort) and to their kind, signed with a secret only the
 * extension owner can read (table incoming_call_log_internal.cursor_secret).
 */
#ifndef ICL_CURSOR_H
#define ICL_CURSOR_H

#include "postgres.h"

#include "utils/uuid.h"

#include "bounds.h"
#include "keyset.h"
#include "query.h"

typedef enum CursorKind
{
	CURSOR_PAGE = 1,			/* get_page: after the row it names */
	CURSOR_CHANGES = 2			/* get_changes: a position in the feed */
} CursorKind;

/* What a cursor is bound to: a cursor opens only for a request with the same. */
typedef struct CursorBinding
{
	CursorKind	kind;
	pg_uuid_t	project;
	uint8		query_hash[CURSOR_BINDING_HASH_BYTES];
	uint8		sort_hash[CURSOR_BINDING_HASH_BYTES];	/* zero for get_changes */
} CursorBinding;

/*
 * The binding of a request: its kind, the caller's project, a hash of its
 * parsed query (the same filters give the same hash, however the JSON was
 * written) and, for a page, of its keyset (sort keys and directions).
 */
extern void cursor_binding(CursorBinding *b, CursorKind kind, const pg_uuid_t *project,
						   const FilterSet *query, const Keyset *ks);

/*
 * A cursor carrying body (at most cursor_body_capacity() bytes), signed with
 * the current secret.  SPI-connected, with the extension owner's rights.
 */
extern char *cursor_make(const CursorBinding *b, const uint8 *body, int len);

/* Bytes a cursor's body may hold. */
extern int	cursor_body_capacity(void);

/*
 * Open the cursor text given for parameter param: check its form, its
 * signature (against every secret still valid), its kind, project, query
 * and sort against expected, in that order, refusing with 22023 naming the
 * rule it broke.  Returns its body and sets *len.  SPI-connected, with the
 * extension owner's rights.
 */
extern const uint8 *cursor_open(const char *text, const char *param,
								const CursorBinding *expected, int *len);

#endif
