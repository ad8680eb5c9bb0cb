/*
 * usage_stats.c — usage statistics of the API calls, the way
 * pg_stat_statements keeps its own: one entry per database, caller (API key
 * by id, or role by oid), project and API call, counting calls, refusals by
 * SQLSTATE, time, rows, first and last call.
 *
 * It owns:
 *   - the shared memory: a hash table of at most ICL_STATS_MAX_ENTRIES
 *     entries (bounds.h) behind one LWLock, each entry's counters behind its
 *     own spinlock.  A call takes the lock shared, finds its entry and adds
 *     to it under the spinlock; only a call making a new entry takes it
 *     exclusive.  When the table is full the least used entry (fewest calls
 *     and refusals, then the oldest last call) is evicted and counted.
 *     Nothing is written to a table, so the counting works in read-only
 *     transactions and on hot standbys, and costs no WAL.
 *   - the file pg_stat/incoming_call_log.stat: the postmaster writes it at
 *     a clean shutdown and reads (then removes) it when it creates the
 *     shared memory, so the numbers survive restarts but not crashes.
 *   - usage_statistics(), usage_statistics_info(), reset_usage_statistics().
 *
 * All of it exists only when the library is in shared_preload_libraries
 * (shared memory can be requested only then); otherwise the calls are not
 * counted and the statistics functions raise 55000 saying so.
 */
#include "postgres.h"

#include <unistd.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/fd.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/timestamp.h"

#include "bounds.h"
#include "usage_stats.h"

#define USAGE_TRANCHE		"incoming_call_log usage"
#define USAGE_FILE			PGSTAT_STAT_PERMANENT_DIRECTORY "/incoming_call_log.stat"
#define USAGE_FILE_MAGIC	0x49434C55	/* "ICLU" */
/* Changes whenever the layout of UsageKey or UsageCounters does. */
#define USAGE_FILE_VERSION	1

/* Refusals counted apart; any other SQLSTATE is counted as "other". */
enum
{
	REFUSED_PT401,
	REFUSED_PT403,
	REFUSED_PT404,
	REFUSED_22023,
	FAILED_OTHER,
	USAGE_NREFUSALS
};

typedef struct UsageCounters
{
	int64		calls;			/* calls that answered */
	int64		refusals[USAGE_NREFUSALS];
	double		total_time;		/* milliseconds, answered calls */
	double		max_time;
	int64		rows;			/* rows answered (list and item) */
	TimestampTz first_call;		/* answered or refused */
	TimestampTz last_call;
} UsageCounters;

typedef struct UsageEntry
{
	UsageKey	key;			/* hash key: must be first */
	UsageCounters counters;
	slock_t		mutex;			/* protects counters */
} UsageEntry;

typedef struct UsageShared
{
	LWLock	   *lock;			/* the hash table: shared to find, exclusive to add or remove */
	slock_t		mutex;			/* protects the two fields below */
	int64		evictions;		/* entries evicted to make room */
	TimestampTz stats_reset;	/* when all entries were last removed */
} UsageShared;

static shmem_request_hook_type prev_shmem_request_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

static UsageShared *usage = NULL;
static HTAB *usage_hash = NULL;

static Size
usage_memsize(void)
{
	return add_size(MAXALIGN(sizeof(UsageShared)),
					hash_estimate_size(ICL_STATS_MAX_ENTRIES, sizeof(UsageEntry)));
}

static void
usage_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(usage_memsize());
	RequestNamedLWLockTranche(USAGE_TRANCHE, 1);
}

/*
 * Remove the least used entry: fewest calls and refusals, and of those the
 * one called longest ago.  Caller holds the lock exclusively.
 */
static void
usage_evict_one(void)
{
	HASH_SEQ_STATUS seq;
	UsageEntry *entry;
	UsageEntry *victim = NULL;
	int64		victim_uses = 0;

	hash_seq_init(&seq, usage_hash);
	while ((entry = hash_seq_search(&seq)) != NULL)
	{
		int64		uses = entry->counters.calls;
		int			i;

		for (i = 0; i < USAGE_NREFUSALS; i++)
			uses += entry->counters.refusals[i];
		if (victim == NULL || uses < victim_uses ||
			(uses == victim_uses && entry->counters.last_call < victim->counters.last_call))
		{
			victim = entry;
			victim_uses = uses;
		}
	}
	if (victim == NULL)
		return;
	hash_search(usage_hash, &victim->key, HASH_REMOVE, NULL);
	SpinLockAcquire(&usage->mutex);
	usage->evictions++;
	SpinLockRelease(&usage->mutex);
}

/*
 * The entry for key, made (zeroed) when missing, evicting the least used
 * one when the table is full.  Caller holds the lock exclusively.  NULL
 * only if shared memory ran out anyway; never raises.
 */
static UsageEntry *
usage_entry_make(const UsageKey *key)
{
	UsageEntry *entry;
	bool		found;

	entry = hash_search(usage_hash, key, HASH_FIND, NULL);
	if (entry != NULL)
		return entry;
	if (hash_get_num_entries(usage_hash) >= ICL_STATS_MAX_ENTRIES)
		usage_evict_one();
	entry = hash_search(usage_hash, key, HASH_ENTER_NULL, &found);
	if (entry != NULL && !found)
	{
		memset(&entry->counters, 0, sizeof(entry->counters));
		SpinLockInit(&entry->mutex);
	}
	return entry;
}

/* Read the file a clean shutdown wrote; any problem is logged and the file dropped. */
static void
usage_load(void)
{
	FILE	   *file;
	uint32		header[3];
	int32		n;
	int32		i;

	file = AllocateFile(USAGE_FILE, PG_BINARY_R);
	if (file == NULL)
	{
		if (errno != ENOENT)
			ereport(LOG,
					(errcode_for_file_access(),
					 errmsg("could not read file \"%s\": %m", USAGE_FILE)));
		return;
	}
	if (fread(header, sizeof(header), 1, file) != 1 ||
		header[0] != USAGE_FILE_MAGIC || header[1] != USAGE_FILE_VERSION ||
		header[2] != (uint32) sizeof(UsageEntry) ||
		fread(&n, sizeof(n), 1, file) != 1 || n < 0 ||
		fread(&usage->evictions, sizeof(usage->evictions), 1, file) != 1 ||
		fread(&usage->stats_reset, sizeof(usage->stats_reset), 1, file) != 1)
		goto bad;
	for (i = 0; i < n; i++)
	{
		UsageEntry	saved;
		UsageEntry *entry;

		if (fread(&saved, sizeof(saved), 1, file) != 1)
			goto bad;
		entry = usage_entry_make(&saved.key);
		if (entry != NULL)
			entry->counters = saved.counters;
	}
	FreeFile(file);
	/* Gone, so that a crash (which writes no file) does not bring back old numbers. */
	unlink(USAGE_FILE);
	return;

bad:
	ereport(LOG,
			(errmsg("ignoring incoming_call_log usage statistics file \"%s\": not a file this version wrote, or cut short",
					USAGE_FILE)));
	FreeFile(file);
	unlink(USAGE_FILE);
}

/* on_shmem_exit in the postmaster: write the entries for the next start. */
static void
usage_shmem_shutdown(int code, Datum arg)
{
	FILE	   *file;
	uint32		header[3] = {USAGE_FILE_MAGIC, USAGE_FILE_VERSION, (uint32) sizeof(UsageEntry)};
	int32		n;
	HASH_SEQ_STATUS seq;
	UsageEntry *entry;

	/* Nothing after a crash: its numbers may be half-written. */
	if (code != 0 || usage == NULL || usage_hash == NULL)
		return;

	file = AllocateFile(USAGE_FILE ".tmp", PG_BINARY_W);
	if (file == NULL)
		goto error;
	n = (int32) hash_get_num_entries(usage_hash);
	if (fwrite(header, sizeof(header), 1, file) != 1 ||
		fwrite(&n, sizeof(n), 1, file) != 1 ||
		fwrite(&usage->evictions, sizeof(usage->evictions), 1, file) != 1 ||
		fwrite(&usage->stats_reset, sizeof(usage->stats_reset), 1, file) != 1)
		goto error;
	hash_seq_init(&seq, usage_hash);
	while ((entry = hash_seq_search(&seq)) != NULL)
	{
		if (fwrite(entry, sizeof(*entry), 1, file) != 1)
		{
			hash_seq_term(&seq);
			goto error;
		}
	}
	if (FreeFile(file) != 0)
	{
		file = NULL;
		goto error;
	}
	(void) durable_rename(USAGE_FILE ".tmp", USAGE_FILE, LOG);
	return;

error:
	ereport(LOG,
			(errcode_for_file_access(),
			 errmsg("could not write file \"%s\": %m", USAGE_FILE ".tmp")));
	if (file != NULL)
		FreeFile(file);
	unlink(USAGE_FILE ".tmp");
}

static void
usage_shmem_startup(void)
{
	bool		found;
	HASHCTL		info;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();

	usage = NULL;
	usage_hash = NULL;
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	usage = ShmemInitStruct("incoming_call_log usage", sizeof(UsageShared), &found);
	if (!found)
	{
		usage->lock = &(GetNamedLWLockTranche(USAGE_TRANCHE))->lock;
		SpinLockInit(&usage->mutex);
		usage->evictions = 0;
		usage->stats_reset = GetCurrentTimestamp();
	}
	memset(&info, 0, sizeof(info));
	info.keysize = sizeof(UsageKey);
	info.entrysize = sizeof(UsageEntry);
	usage_hash = ShmemInitHash("incoming_call_log usage hash", ICL_STATS_MAX_ENTRIES,
							   ICL_STATS_MAX_ENTRIES, &info, HASH_ELEM | HASH_BLOBS);
	LWLockRelease(AddinShmemInitLock);

	/* The postmaster writes the file when it exits (after every backend). */
	if (!IsUnderPostmaster)
		on_shmem_exit(usage_shmem_shutdown, (Datum) 0);
	if (!found)
		usage_load();
}

void
usage_stats_preload(void)
{
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = usage_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = usage_shmem_startup;
}

bool
usage_stats_enabled(void)
{
	return usage != NULL && usage_hash != NULL;
}

/*
 * The entry for key with its spinlock held, and the table's lock held
 * (shared, or exclusive when the entry had to be made): the caller updates
 * the counters, then calls usage_entry_release.  NULL when not kept.
 */
static UsageEntry *
usage_entry_acquire(const UsageKey *key)
{
	UsageEntry *entry;

	if (!usage_stats_enabled())
		return NULL;
	LWLockAcquire(usage->lock, LW_SHARED);
	entry = hash_search(usage_hash, key, HASH_FIND, NULL);
	if (entry == NULL)
	{
		LWLockRelease(usage->lock);
		LWLockAcquire(usage->lock, LW_EXCLUSIVE);
		entry = usage_entry_make(key);
		if (entry == NULL)
		{
			LWLockRelease(usage->lock);
			return NULL;
		}
	}
	SpinLockAcquire(&entry->mutex);
	return entry;
}

static void
usage_entry_release(UsageEntry *entry)
{
	SpinLockRelease(&entry->mutex);
	LWLockRelease(usage->lock);
}

static void
note_time(UsageCounters *c, TimestampTz now)
{
	if (c->first_call == 0)
		c->first_call = now;
	c->last_call = now;
}

void
usage_stats_count_call(const UsageKey *key, double elapsed_ms, uint64 rows)
{
	TimestampTz now;
	UsageEntry *entry;

	if (!usage_stats_enabled())
		return;
	now = GetCurrentTimestamp();
	entry = usage_entry_acquire(key);
	if (entry == NULL)
		return;
	entry->counters.calls++;
	entry->counters.total_time += elapsed_ms;
	if (elapsed_ms > entry->counters.max_time)
		entry->counters.max_time = elapsed_ms;
	entry->counters.rows += (int64) rows;
	note_time(&entry->counters, now);
	usage_entry_release(entry);
}

void
usage_stats_count_refusal(const UsageKey *key, int sqlerrcode)
{
	TimestampTz now;
	UsageEntry *entry;
	int			which;

	if (!usage_stats_enabled())
		return;
	if (sqlerrcode == MAKE_SQLSTATE('P', 'T', '4', '0', '1'))
		which = REFUSED_PT401;
	else if (sqlerrcode == MAKE_SQLSTATE('P', 'T', '4', '0', '3'))
		which = REFUSED_PT403;
	else if (sqlerrcode == MAKE_SQLSTATE('P', 'T', '4', '0', '4'))
		which = REFUSED_PT404;
	else if (sqlerrcode == ERRCODE_INVALID_PARAMETER_VALUE)
		which = REFUSED_22023;
	else
		which = FAILED_OTHER;
	now = GetCurrentTimestamp();
	entry = usage_entry_acquire(key);
	if (entry == NULL)
		return;
	entry->counters.refusals[which]++;
	note_time(&entry->counters, now);
	usage_entry_release(entry);
}

/*
 * The SQL functions.
 */

static void
require_preloaded(void)
{
	if (!usage_stats_enabled())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("incoming_call_log usage statistics are not kept"),
				 errdetail("The library incoming_call_log was not loaded through shared_preload_libraries, so no shared memory holds the statistics."),
				 errhint("Add incoming_call_log to shared_preload_libraries and restart the server.")));
}

static const char *const call_names[] = {
	[USAGE_NOT_COUNTED] = NULL,
	[USAGE_GET_LIST] = "get_list",
	[USAGE_GET_ITEM] = "get_item",
	[USAGE_COUNT] = "count",
	[USAGE_GET_LIST_CSV] = "get_list_csv",
	[USAGE_GET_ITEM_CSV] = "get_item_csv",
	[USAGE_COUNT_CSV] = "count_csv",
	[USAGE_GET_PAGE] = "get_page",
	[USAGE_GET_AGGREGATE] = "get_aggregate",
	[USAGE_GET_AGGREGATE_CSV] = "get_aggregate_csv",
	[USAGE_GET_CHANGES] = "get_changes",
};

#define USAGE_COLUMNS 17

/*
 * usage_statistics() — every entry: dbid, caller_kind, role, key_id,
 * project_id, api_call, calls, refused_pt401, refused_pt403, refused_pt404,
 * refused_22023, failed_other, total_time_ms, max_time_ms, rows, first_call,
 * last_call.
 */
PG_FUNCTION_INFO_V1(icl_usage_statistics);
Datum
icl_usage_statistics(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HASH_SEQ_STATUS seq;
	UsageEntry *entry;

	require_preloaded();
	InitMaterializedSRF(fcinfo, 0);

	LWLockAcquire(usage->lock, LW_SHARED);
	hash_seq_init(&seq, usage_hash);
	while ((entry = hash_seq_search(&seq)) != NULL)
	{
		Datum		values[USAGE_COLUMNS];
		bool		nulls[USAGE_COLUMNS];
		UsageCounters c;
		const UsageKey *k = &entry->key;
		int			i = 0;
		int			r;

		SpinLockAcquire(&entry->mutex);
		c = entry->counters;
		SpinLockRelease(&entry->mutex);

		memset(nulls, 0, sizeof(nulls));
		values[i++] = ObjectIdGetDatum(k->dbid);
		values[i++] = CStringGetTextDatum(k->caller_kind == USAGE_CALLER_API_KEY ? "api_key" : "role");
		nulls[i] = k->caller_kind != USAGE_CALLER_ROLE;
		values[i++] = ObjectIdGetDatum(k->role);
		nulls[i] = !k->key_known;
		values[i++] = UUIDPGetDatum(&entry->key.key_id);
		nulls[i] = !k->project_known;
		values[i++] = UUIDPGetDatum(&entry->key.project_id);
		values[i++] = CStringGetTextDatum(k->call < lengthof(call_names) && call_names[k->call] ? call_names[k->call] : "?");
		values[i++] = Int64GetDatum(c.calls);
		for (r = 0; r < USAGE_NREFUSALS; r++)
			values[i++] = Int64GetDatum(c.refusals[r]);
		values[i++] = Float8GetDatum(c.total_time);
		values[i++] = Float8GetDatum(c.max_time);
		values[i++] = Int64GetDatum(c.rows);
		nulls[i] = c.first_call == 0;
		values[i++] = TimestampTzGetDatum(c.first_call);
		nulls[i] = c.last_call == 0;
		values[i++] = TimestampTzGetDatum(c.last_call);
		Assert(i == USAGE_COLUMNS);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	LWLockRelease(usage->lock);
	return (Datum) 0;
}

/* usage_statistics_info() — entries, max_entries, evictions, stats_reset. */
PG_FUNCTION_INFO_V1(icl_usage_statistics_info);
Datum
icl_usage_statistics_info(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	require_preloaded();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "usage_statistics_info must return a composite type");
	LWLockAcquire(usage->lock, LW_SHARED);
	values[0] = Int32GetDatum((int32) hash_get_num_entries(usage_hash));
	LWLockRelease(usage->lock);
	values[1] = Int32GetDatum(ICL_STATS_MAX_ENTRIES);
	SpinLockAcquire(&usage->mutex);
	values[2] = Int64GetDatum(usage->evictions);
	values[3] = TimestampTzGetDatum(usage->stats_reset);
	SpinLockRelease(&usage->mutex);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/* reset_usage_statistics() — remove every entry and zero the evictions. */
PG_FUNCTION_INFO_V1(icl_reset_usage_statistics);
Datum
icl_reset_usage_statistics(PG_FUNCTION_ARGS)
{
	HASH_SEQ_STATUS seq;
	UsageEntry *entry;
	TimestampTz now = GetCurrentTimestamp();

	require_preloaded();
	LWLockAcquire(usage->lock, LW_EXCLUSIVE);
	hash_seq_init(&seq, usage_hash);
	while ((entry = hash_seq_search(&seq)) != NULL)
		hash_search(usage_hash, &entry->key, HASH_REMOVE, NULL);
	SpinLockAcquire(&usage->mutex);
	usage->evictions = 0;
	usage->stats_reset = now;
	SpinLockRelease(&usage->mutex);
	LWLockRelease(usage->lock);
	PG_RETURN_VOID();
}
