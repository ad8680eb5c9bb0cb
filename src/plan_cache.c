/*
 * plan_cache.c — one saved SPI plan per distinct statement text, per
 * backend, least recently used evicted beyond PLAN_CACHE_SIZE.
 *
 * The text fixes the parameter types (they follow from the request shape
 * that produced it), so it alone is the key; the types are kept to check.  Saved plans stay correct on
 * their own: PostgreSQL's plan cache revalidates them after DDL on the
 * tables they read (even DROP and CREATE EXTENSION in the same backend), so
 * this cache needs no invalidation callback.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "lib/ilist.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "plan_cache.h"

typedef struct PlanEntry
{
	uint32		hash;			/* key: hash of sql */
	char	   *sql;			/* in plan_context */
	int			nargs;
	Oid		   *argtypes;		/* in plan_context */
	SPIPlanPtr	plan;
	struct PlanEntry *next;		/* other entries with the same hash */
	dlist_node	lru;
} PlanEntry;

typedef struct PlanBucket
{
	uint32		hash;
	PlanEntry  *first;
} PlanBucket;

static HTAB *plan_buckets = NULL;
static MemoryContext plan_context = NULL;
static dlist_head plan_lru = DLIST_STATIC_INIT(plan_lru);
static int	plan_count = 0;

static void
plan_cache_init(void)
{
	HASHCTL		ctl;

	plan_context = AllocSetContextCreate(CacheMemoryContext,
										 "incoming_call_log plan cache",
										 ALLOCSET_DEFAULT_SIZES);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(uint32);
	ctl.entrysize = sizeof(PlanBucket);
	ctl.hcxt = plan_context;
	plan_buckets = hash_create("incoming_call_log plans", PLAN_CACHE_SIZE,
							   &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

static void
plan_cache_evict(PlanEntry *victim)
{
	PlanBucket *bucket = hash_search(plan_buckets, &victim->hash, HASH_FIND, NULL);
	PlanEntry **link = &bucket->first;

	while (*link != victim)
		link = &(*link)->next;
	*link = victim->next;
	if (bucket->first == NULL)
		hash_search(plan_buckets, &victim->hash, HASH_REMOVE, NULL);
	dlist_delete(&victim->lru);
	SPI_freeplan(victim->plan);
	pfree(victim->sql);
	pfree(victim->argtypes);
	pfree(victim);
	plan_count--;
}

SPIPlanPtr
plan_cache_get(const char *sql, int nargs, const Oid *argtypes)
{
	uint32		hash = hash_bytes((const unsigned char *) sql, strlen(sql));
	PlanBucket *bucket;
	PlanEntry  *entry;
	SPIPlanPtr	plan;
	bool		found;

	if (plan_buckets == NULL)
		plan_cache_init();

	bucket = hash_search(plan_buckets, &hash, HASH_FIND, NULL);
	for (entry = bucket ? bucket->first : NULL; entry != NULL; entry = entry->next)
		if (strcmp(entry->sql, sql) == 0)
		{
			/* the text fixes the types; a mismatch is a bug, never a bad plan */
			if (entry->nargs != nargs ||
				(nargs > 0 && memcmp(entry->argtypes, argtypes, sizeof(Oid) * nargs) != 0))
				elog(ERROR, "incoming_call_log: statement prepared with other parameter types: %s", sql);
			dlist_move_head(&plan_lru, &entry->lru);
			return entry->plan;
		}

	/* Prepare before touching the cache, so an error leaves it intact. */
	plan = SPI_prepare(sql, nargs, (Oid *) argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for incoming_call_log statement: %s",
			 SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");

	if (plan_count >= PLAN_CACHE_SIZE)
		plan_cache_evict(dlist_container(PlanEntry, lru, dlist_tail_node(&plan_lru)));

	entry = MemoryContextAllocZero(plan_context, sizeof(PlanEntry));
	entry->hash = hash;
	entry->sql = MemoryContextStrdup(plan_context, sql);
	entry->nargs = nargs;
	entry->argtypes = MemoryContextAlloc(plan_context, sizeof(Oid) * Max(nargs, 1));
	if (nargs > 0)
		memcpy(entry->argtypes, argtypes, sizeof(Oid) * nargs);
	entry->plan = plan;
	bucket = hash_search(plan_buckets, &hash, HASH_ENTER, &found);
	if (!found)
		bucket->first = NULL;
	entry->next = bucket->first;
	bucket->first = entry;
	dlist_push_head(&plan_lru, &entry->lru);
	plan_count++;
	return plan;
}
