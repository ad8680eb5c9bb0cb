/*
 * key_cache.c — API keys by their SHA-256: the hash of a presented key, a
 * per-backend cache of api_key rows, and the trigger that keeps every
 * backend's cache true.
 *
 * Any change to api_key fires api_key_changed() (a row trigger, so that
 * logical replication's apply fires it too, and a statement trigger for
 * TRUNCATE), which queues a relcache invalidation of api_key; PostgreSQL delivers it to every backend
 * (and, through the WAL, to hot standbys) when the statement's transaction
 * commits, and to this backend at once.  The relcache callback below then
 * empties the cache, so a revocation takes effect for every transaction
 * that starts after it commits.
 *
 * A row is read with the latest snapshot and cached only if no invalidation
 * arrived while it was being read: a change committed before the snapshot
 * is in the row, one committed after it will empty the cache.  (Inside a
 * parallel query no new snapshot may be taken: the row is read with the
 * query's snapshot and not cached.)  Expiry is
 * judged on every use.  Unknown keys are not cached, so guessing cannot
 * fill memory; the cache holds at most KEY_CACHE_MAX_ENTRIES rows.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "common/cryptohash.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "fmgr.h"
#include "storage/sinval.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "compat.h"
#include "key_cache.h"
#include "sql_names.h"
#include "bounds.h"
#include "plan_cache.h"

#define SQL_KEY_BY_HASH \
	"SELECT project_id, permissions, expires_at, revoked_at IS NOT NULL, id" \
	" FROM incoming_call_log.api_key WHERE key_hash" SQL_EQ "$1"

void
key_hash(const char *key, uint8 *hash)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);

	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) key, strlen(key)) < 0 ||
		pg_cryptohash_final(ctx, hash, PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not compute SHA-256: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);
}

bytea *
key_hash_bytea(const char *key)
{
	bytea	   *result = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);

	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	key_hash(key, (uint8 *) VARDATA(result));
	return result;
}

static HTAB *key_cache = NULL;
static Oid	api_key_relid = InvalidOid;	/* whose invalidation empties it */
static bool callback_registered = false;

static void
key_cache_reset(Datum arg, Oid relid)
{
	if (relid != InvalidOid && relid != api_key_relid)
		return;
	if (key_cache != NULL)
	{
		hash_destroy(key_cache);
		key_cache = NULL;
	}
	api_key_relid = InvalidOid;
}

/*
 * Know which relation's invalidation empties the cache.  Done before a row is
 * read: the catalog lookups here may themselves process invalidations, which
 * must not fall between reading SharedInvalidMessageCounter and storing.
 */
static bool
key_cache_ready(void)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(key_cache_reset, (Datum) 0);
		callback_registered = true;
	}
	if (api_key_relid == InvalidOid)
	{
		Oid			nsp = get_namespace_oid("incoming_call_log", true);

		api_key_relid = OidIsValid(nsp) ? get_relname_relid("api_key", nsp) : InvalidOid;
	}
	return api_key_relid != InvalidOid;
}

static void
key_cache_store(const KeyRecord *record)
{
	KeyRecord  *entry;
	bool		found;

	if (key_cache != NULL && hash_get_num_entries(key_cache) >= KEY_CACHE_MAX_ENTRIES)
	{
		hash_destroy(key_cache);
		key_cache = NULL;
	}
	if (key_cache == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = PG_SHA256_DIGEST_LENGTH;
		ctl.entrysize = sizeof(KeyRecord);
		ctl.hcxt = CacheMemoryContext;
		key_cache = hash_create("incoming_call_log api keys", 64, &ctl,
								HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	entry = hash_search(key_cache, record->hash, HASH_ENTER, &found);
	*entry = *record;
}

bool
key_cache_find(const uint8 *hash, KeyRecord *record)
{
	Oid			types[1] = {BYTEAOID};
	Datum		values[1];
	bytea	   *hash_datum;
	bool		cacheable;
	uint64		invalidations;
	Snapshot	snapshot;
	SPIPlanPtr	plan;
	int			rc;
	bool		isnull;
	HeapTuple	row;
	TupleDesc	desc;

	if (key_cache != NULL)
	{
		KeyRecord  *entry = hash_search(key_cache, hash, HASH_FIND, NULL);

		if (entry != NULL)
		{
			*record = *entry;
			return true;
		}
	}

	cacheable = key_cache_ready();
	invalidations = SharedInvalidMessageCounter;
	hash_datum = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(hash_datum, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	memcpy(VARDATA(hash_datum), hash, PG_SHA256_DIGEST_LENGTH);
	values[0] = PointerGetDatum(hash_datum);

	plan = plan_cache_get(SQL_KEY_BY_HASH, 1, types, CURSOR_OPT_GENERIC_PLAN);
	if (IsInParallelMode())
	{
		/*
		 * Inside a parallel query (a row-level-security policy resolving the
		 * caller in the leader) no new snapshot may be taken: read with the
		 * query's own, and do not cache what it shows, since a change
		 * committed after it may already have emptied the cache.
		 */
		cacheable = false;
		rc = SPI_execute_plan(plan, values, NULL, true, 1);
	}
	else
	{
		snapshot = RegisterSnapshot(GetLatestSnapshot());
		rc = SPI_execute_snapshot(plan, values, NULL, snapshot, InvalidSnapshot, true, false, 1);
		UnregisterSnapshot(snapshot);
	}
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: API key lookup failed: %s", SPI_result_code_string(rc));
	if (SPI_processed == 0)
		return false;

	row = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	memcpy(record->hash, hash, PG_SHA256_DIGEST_LENGTH);
	record->project_id = *DatumGetUUIDP(SPI_getbinval(row, desc, 1, &isnull));
	record->permissions = permissions_from_array(DatumGetArrayTypeP(SPI_getbinval(row, desc, 2, &isnull)), false);
	record->expires_at = DatumGetTimestampTz(SPI_getbinval(row, desc, 3, &isnull));
	record->revoked = DatumGetBool(SPI_getbinval(row, desc, 4, &isnull));
	record->id = *DatumGetUUIDP(SPI_getbinval(row, desc, 5, &isnull));

	if (cacheable && SharedInvalidMessageCounter == invalidations)
		key_cache_store(record);
	return true;
}

/*
 * api_key_changed() — AFTER trigger on api_key (per row, and per statement
 * for TRUNCATE): every backend's key cache forgets what it holds once this
 * transaction commits.  Repeated invalidations of one relation in a command
 * are merged by PostgreSQL.
 */
PG_FUNCTION_INFO_V1(icl_api_key_changed);
Datum
icl_api_key_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("api_key_changed() must be fired as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	return PointerGetDatum(NULL);
}
