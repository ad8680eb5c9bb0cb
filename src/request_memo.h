/*
 * request_memo.h — requests seen before: the projection and statement that a
 * request's JSON arguments gave, remembered per backend.
 */
#ifndef ICL_REQUEST_MEMO_H
#define ICL_REQUEST_MEMO_H

#include "postgres.h"

#include "permissions.h"
#include "select.h"
#include "statement.h"

typedef struct RequestMemoKey
{
	int			kind;			/* which call (request.h's RequestKind) */
	PermissionSet perms;		/* what the caller may read decides what parses */
	uint32		hash;
	int			len;
	char	   *bytes;			/* the JSON arguments' texts, each length-prefixed */
} RequestMemoKey;

typedef struct RequestMemoEntry
{
	RequestMemoKey key;
	Projection	proj;			/* read-only once remembered */
	Statement	st;				/* its sql and values read-only too */
	MemoryContext context;		/* holds all of the above */
	uint64		last_used;
} RequestMemoEntry;

/*
 * The key of a request from its JSON argument texts (NULL: not given);
 * false when they are too long to remember.
 */
extern bool request_memo_key(RequestMemoKey *key, int kind, PermissionSet perms,
							 text *const *args, int nargs);

/* The entry remembered for key, or NULL. */
extern const RequestMemoEntry *request_memo_find(const RequestMemoKey *key);

/* Remember what a request built (copied; proj may be NULL for a count). */
extern void request_memo_store(const RequestMemoKey *key, const Projection *proj, const Statement *st);

#endif
