/*
 * plan_cache.c — one saved SPI plan per distinct statement text, per
 * backend, bounded by the bytes the plans hold (PLAN_CACHE_MAX_BYTES).
 *
 * Request shapes are the callers' choice, so what this cache keeps must not
 * be: a shape is saved only the second time it is seen (one-off shapes of a
 * scanner or a fuzzer run on an unsaved plan and leave nothing behind), and
 * the plans' own memory — each plan source with its query trees, and its
 * generic plan once made — is measured after every use and the least
 * recently used plans are freed until the total is within the bound.
 *
 * The key is the text with the cursor options (the same text can come from
 * shapes planned differently: a date's EqualTo and InBetween are both a
 * range); the text fixes the parameter types, kept to check.  Saved plans stay correct on their own: PostgreSQL's
 * plan cache revalidates them after DDL on the tables they read (even DROP
 * and CREATE EXTENSION in the same backend), so this cache needs no
 * invalidation callback.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "lib/ilist.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/plancache.h"

#include "bounds.h"
#include "plan_cache.h"

typedef struct PlanEntry
{
	uint32		hash;			/* hash of sql and cursor_options */
	char	   *sql;			/* in plan_context */
	int			nargs;
	Oid		   *argtypes;		/* in plan_context */
	int			cursor_options;
	SPIPlanPtr	plan;
	Size		bytes;			/* what plan held when last measured */
	struct PlanEntry *next;		/* other entries with the same hash */
	dlist_node	lru;
} PlanEntry;

typedef struct PlanBucket
{
	uint32		hash;
	PlanEntry  *first;
} PlanBucket;

static HTAB *plan_buckets = NULL;	/* saved plans by hash of their text */
static HTAB *seen_once = NULL;	/* hashes of texts seen once, not saved */
static MemoryContext plan_context = NULL;
static dlist_head plan_lru = DLIST_STATIC_INIT(plan_lru);
static Size plan_bytes = 0;

/*
 * The entry returned last: its execution may have made its generic plan
 * since, so it is measured again at the next request, before anything else.
 */
static PlanEntry *last_used = NULL;

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
	plan_buckets = hash_create("incoming_call_log plans", 64,
							   &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/* Forget the shapes seen once (all of them: the set is a bounded sketch). */
static void
seen_once_reset(void)
{
	HASHCTL		ctl;

	if (seen_once != NULL)
		hash_destroy(seen_once);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(uint32);
	ctl.entrysize = sizeof(uint32);
	ctl.hcxt = plan_context;
	seen_once = hash_create("incoming_call_log shapes seen once", 256,
							&ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/* True when this hash was seen before (and forget it); else remember it. */
static bool
seen_before(uint32 hash)
{
	bool		found;

	if (seen_once == NULL || hash_get_num_entries(seen_once) >= PLAN_CACHE_SEEN_SHAPES)
		seen_once_reset();
	hash_search(seen_once, &hash, HASH_ENTER, &found);
	if (found)
		hash_search(seen_once, &hash, HASH_REMOVE, NULL);
	return found;
}

/* The memory a saved plan holds: its plan sources (with their query trees) and generic plans. */
static Size
plan_size(SPIPlanPtr plan)
{
	Size		bytes = 0;
	ListCell   *lc;

	foreach(lc, SPI_plan_get_plan_sources(plan))
	{
		CachedPlanSource *source = (CachedPlanSource *) lfirst(lc);

		bytes += MemoryContextMemAllocated(source->context, true);
		if (source->gplan != NULL)
			bytes += MemoryContextMemAllocated(source->gplan->context, true);
	}
	return bytes;
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
	plan_bytes -= victim->bytes;
	if (victim == last_used)
		last_used = NULL;
	SPI_freeplan(victim->plan);
	pfree(victim->sql);
	pfree(victim->argtypes);
	pfree(victim);
}

/* Measure entry again, then free the least recently used others beyond the bound. */
static void
plan_cache_account(PlanEntry *entry)
{
	Size		bytes = plan_size(entry->plan);

	plan_bytes += bytes - entry->bytes;
	entry->bytes = bytes;
	while (plan_bytes > PLAN_CACHE_MAX_BYTES)
	{
		PlanEntry  *victim = dlist_container(PlanEntry, lru, dlist_tail_node(&plan_lru));

		if (victim == entry)
			break;				/* alone over the bound: evicted when the next one comes */
		plan_cache_evict(victim);
	}
}

static SPIPlanPtr
prepare(const char *sql, int nargs, const Oid *argtypes, int cursor_options)
{
	SPIPlanPtr	plan = SPI_prepare_cursor(sql, nargs, (Oid *) argtypes, cursor_options);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for incoming_call_log statement: %s",
			 SPI_result_code_string(SPI_result));
	return plan;
}

SPIPlanPtr
plan_cache_get(const char *sql, int nargs, const Oid *argtypes, int cursor_options)
{
	uint32		hash = hash_combine(hash_bytes((const unsigned char *) sql, strlen(sql)),
									   hash_uint32((uint32) cursor_options));
	PlanBucket *bucket;
	PlanEntry  *entry;
	SPIPlanPtr	plan;
	bool		found;

	if (plan_buckets == NULL)
		plan_cache_init();
	if (last_used != NULL)
		plan_cache_account(last_used);

	bucket = hash_search(plan_buckets, &hash, HASH_FIND, NULL);
	for (entry = bucket ? bucket->first : NULL; entry != NULL; entry = entry->next)
		if (entry->cursor_options == cursor_options && strcmp(entry->sql, sql) == 0)
		{
			/* the text fixes the types; a mismatch is a bug, never a bad plan */
			if (entry->nargs != nargs ||
				(nargs > 0 && memcmp(entry->argtypes, argtypes, sizeof(Oid) * nargs) != 0))
				elog(ERROR, "incoming_call_log: statement prepared with other parameter types: %s", sql);
			dlist_move_head(&plan_lru, &entry->lru);
			last_used = entry;
			return entry->plan;
		}

	/* The first time a shape is seen: an unsaved plan, freed by SPI_finish. */
	if (!seen_before(hash))
		return prepare(sql, nargs, argtypes, cursor_options);

	/* Prepare and save before touching the cache, so an error leaves it intact. */
	plan = prepare(sql, nargs, argtypes, cursor_options);
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");

	entry = MemoryContextAllocZero(plan_context, sizeof(PlanEntry));
	entry->hash = hash;
	entry->sql = MemoryContextStrdup(plan_context, sql);
	entry->nargs = nargs;
	entry->argtypes = MemoryContextAlloc(plan_context, sizeof(Oid) * Max(nargs, 1));
	if (nargs > 0)
		memcpy(entry->argtypes, argtypes, sizeof(Oid) * nargs);
	entry->cursor_options = cursor_options;
	entry->plan = plan;
	bucket = hash_search(plan_buckets, &hash, HASH_ENTER, &found);
	if (!found)
		bucket->first = NULL;
	entry->next = bucket->first;
	bucket->first = entry;
	dlist_push_head(&plan_lru, &entry->lru);
	plan_cache_account(entry);
	last_used = entry;
	return plan;
}

Size
plan_cache_bytes(void)
{
	return plan_bytes;
}
