/*
 * request_memo.c — the projection and statement a request's JSON arguments
 * gave, remembered per backend, so that a request seen before is neither
 * parsed nor built again: only its values are bound (the caller's project,
 * limit and skip, the id).  A client sends the same select, and often the
 * same query and sort, with every request; for a small call this is most of
 * what the extension itself costs.
 *
 * The key is the call, the caller's permissions (they decide which fields
 * parse) and the exact texts of its JSON arguments; only successful builds
 * are remembered, so a remembered request is one that checks out.
 * REQUEST_MEMO_ENTRIES requests whose texts total at most
 * REQUEST_MEMO_MAX_BYTES are kept, the least recently used forgotten first.
 * Nothing in an entry depends on anything but its key (the catalog and the
 * permission names are compiled in), so entries never go stale.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "bounds.h"
#include "compat.h"
#include "request_memo.h"

static RequestMemoEntry memo[REQUEST_MEMO_ENTRIES];
static uint64 memo_clock = 0;

bool
request_memo_key(RequestMemoKey *key, int kind, PermissionSet perms, text *const *args, int nargs)
{
	int			len = 0;
	char	   *p;

	for (int i = 0; i < nargs; i++)
		len += sizeof(int32) + (args[i] != NULL ? VARSIZE_ANY_EXHDR(args[i]) : 0);
	if (len > REQUEST_MEMO_MAX_BYTES)
		return false;
	key->kind = kind;
	key->perms = perms;
	key->len = len;
	key->bytes = p = palloc(Max(len, 1));
	for (int i = 0; i < nargs; i++)
	{
		int32		n = args[i] != NULL ? (int32) VARSIZE_ANY_EXHDR(args[i]) : -1;

		memcpy(p, &n, sizeof(int32));
		p += sizeof(int32);
		if (n > 0)
		{
			memcpy(p, VARDATA_ANY(args[i]), n);
			p += n;
		}
	}
	key->hash = hash_bytes((const unsigned char *) key->bytes, len) ^ (uint32) (kind << 24) ^ perms;
	return true;
}

const RequestMemoEntry *
request_memo_find(const RequestMemoKey *key)
{
	for (int i = 0; i < REQUEST_MEMO_ENTRIES; i++)
	{
		RequestMemoEntry *e = &memo[i];

		if (e->context != NULL && e->key.hash == key->hash && e->key.kind == key->kind &&
			e->key.perms == key->perms && e->key.len == key->len &&
			memcmp(e->key.bytes, key->bytes, key->len) == 0)
		{
			e->last_used = ++memo_clock;
			return e;
		}
	}
	return NULL;
}

/* A copy of proj in the current memory context (its field pointers are the catalog's). */
static void
copy_projection(Projection *to, const Projection *from)
{
	*to = *from;
	to->items = palloc(sizeof(SelectItem) * Max(from->n, 1));
	for (int i = 0; i < from->n; i++)
	{
		const SelectItem *item = &from->items[i];
		SelectItem *copy = &to->items[i];
		int			nrel = item->field->relation != NULL ? item->field->relation->nfields : 0;

		*copy = *item;
		if (item->rel_fields != NULL)
		{
			copy->rel_fields = palloc(sizeof(Field *) * nrel);
			memcpy(copy->rel_fields, item->rel_fields, sizeof(Field *) * nrel);
			copy->rel_attnos = palloc(sizeof(int) * nrel);
			memcpy(copy->rel_attnos, item->rel_attnos, sizeof(int) * nrel);
		}
	}
}

/* A copy of st in the current memory context, its values copied by type. */
static void
copy_statement(Statement *to, const Statement *from)
{
	*to = *from;
	initStringInfo(&to->sql);
	appendBinaryStringInfo(&to->sql, from->sql.data, from->sql.len);
	to->sql_given_total = from->sql_given_total != NULL ? pstrdup(from->sql_given_total) : NULL;
	for (int i = 0; i < from->nparams; i++)
	{
		int16		typlen;
		bool		typbyval;

		get_typlenbyval(from->types[i], &typlen, &typbyval);
		to->values[i] = datumCopy(from->values[i], typbyval, typlen);
	}
}

void
request_memo_store(const RequestMemoKey *key, const Projection *proj, const Statement *st)
{
	RequestMemoEntry *slot = &memo[0];
	MemoryContext context;
	MemoryContext old;

	for (int i = 1; i < REQUEST_MEMO_ENTRIES && slot->context != NULL; i++)
		if (memo[i].context == NULL || memo[i].last_used < slot->last_used)
			slot = &memo[i];
	if (slot->context != NULL)
	{
		context = slot->context;
		slot->context = NULL;	/* empty until filled again, should this fail */
		MemoryContextDelete(context);
	}

	context = AllocSetContextCreate(CacheMemoryContext, "incoming_call_log remembered request",
									ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(context);
	slot->key = *key;
	slot->key.bytes = palloc(Max(key->len, 1));
	memcpy(slot->key.bytes, key->bytes, key->len);
	if (proj != NULL)
		copy_projection(&slot->proj, proj);
	else
		memset(&slot->proj, 0, sizeof(Projection));
	copy_statement(&slot->st, st);
	MemoryContextSwitchTo(old);
	slot->last_used = ++memo_clock;
	slot->context = context;	/* complete: now findable */
}
