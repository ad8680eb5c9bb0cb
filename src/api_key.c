/*
 * api_key.c — create_api_key(), revoke_api_key() and rotate_api_key()
 * (doc/reference.md): the functions that make or change keys.
 *
 * A key is "icl_" followed by 64 hex digits of 256 random bits from
 * pg_strong_random(); it is returned once and only its SHA-256 is stored,
 * with its first API_KEY_PREFIX_CHARS characters (the prefix, which names
 * a key without being enough to use it: 32 of its 256 bits).
 *
 * The functions are SECURITY INVOKER, so that current_user is the real
 * caller, and do their SPI work as the extension owner (owner.c), as
 * grant_access does.  Who may manage which project's keys is
 * key_authority.c's; a key the caller may not manage is, to it, a key that
 * does not exist.  None is executable by PUBLIC.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "arguments.h"
#include "errors.h"
#include "key_authority.h"
#include "key_cache.h"
#include "owner.h"
#include "permissions.h"
#include "plan_cache.h"
#include "sql_names.h"
#include "trusted_names.h"
#include "values.h"

#define API_KEY_PREFIX		"icl_"
#define API_KEY_RANDOM_BYTES 32

/*
 * Characters of the secret stored as its prefix (doc/reference.md): "icl_" and 8 hex
 * digits, enough to tell a key pasted into a ticket from the others, 32 of
 * the 256 random bits, so never enough to use it.
 */
#define API_KEY_PREFIX_CHARS 12

#define SQL_INSERT_KEY \
	"INSERT INTO incoming_call_log.api_key (project_id, permissions, expires_at, name, key_hash, prefix, made_expires_at)" \
	" VALUES ($1, $2, $3, $4, $5, $6, $3)"
/* before ALTER EXTENSION ... UPDATE TO '0.3.0' the table has no prefix */
#define SQL_INSERT_KEY_0_2 \
	"INSERT INTO incoming_call_log.api_key (project_id, permissions, expires_at, name, key_hash)" \
	" VALUES ($1, $2, $3, $4, $5)"
#define SQL_KEYS_TO_REVOKE \
	"SELECT project_id, id, permissions FROM incoming_call_log.api_key" \
	" WHERE (key_hash" SQL_EQ "$1 OR id" SQL_EQ "$2) AND revoked_at IS NULL FOR UPDATE"
#define SQL_REVOKE_KEY \
	"UPDATE incoming_call_log.api_key SET revoked_at = pg_catalog.now()" \
	" WHERE project_id" SQL_EQ "$1 AND id" SQL_EQ "$2 AND revoked_at IS NULL"
#define SQL_KEY_TO_ROTATE \
	"SELECT project_id, name, permissions, created_at, expires_at, revoked_at IS NOT NULL," \
	" COALESCE(made_expires_at, expires_at)" \
	" FROM incoming_call_log.api_key WHERE id" SQL_EQ "$1 FOR UPDATE"
#define SQL_SHORTEN_KEY \
	"UPDATE incoming_call_log.api_key SET expires_at = LEAST(expires_at, $3)," \
	" made_expires_at = COALESCE(made_expires_at, expires_at)" \
	" WHERE project_id" SQL_EQ "$1 AND id" SQL_EQ "$2"

static char *
new_secret(void)
{
	static const char hex[] = "0123456789abcdef";
	uint8		random[API_KEY_RANDOM_BYTES];
	char	   *key = palloc(strlen(API_KEY_PREFIX) + 2 * API_KEY_RANDOM_BYTES + 1);
	char	   *p;

	if (!pg_strong_random(random, sizeof(random)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random API key")));
	strcpy(key, API_KEY_PREFIX);
	p = key + strlen(API_KEY_PREFIX);
	for (int i = 0; i < API_KEY_RANDOM_BYTES; i++)
	{
		*p++ = hex[random[i] >> 4];
		*p++ = hex[random[i] & 0x0F];
	}
	*p = '\0';
	return key;
}

/*
 * Whether api_key has its prefix column: this library also serves a
 * database still at 0.1.0 or 0.2.0 until ALTER EXTENSION ... UPDATE runs.
 */
static bool
api_key_has_prefix(void)
{
	Oid			nsp = get_namespace_oid("incoming_call_log", false);
	Oid			relid = get_relname_relid("api_key", nsp);

	return OidIsValid(relid) && get_attnum(relid, "prefix") != InvalidAttrNumber;
}

/*
 * Store a new key (SPI-connected, as the owner) and return its secret, made
 * in `result_context` so that it outlives SPI.  name may be null.
 */
static char *
store_new_key(Datum project, Datum permissions, TimestampTz expires_at, Datum name, bool name_isnull,
			  MemoryContext result_context)
{
	Oid			types[6] = {UUIDOID, TEXTARRAYOID, TIMESTAMPTZOID, TEXTOID, BYTEAOID, TEXTOID};
	Datum		values[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	char	   *secret = new_secret();

	values[0] = project;
	values[1] = permissions;
	values[2] = TimestampTzGetDatum(expires_at);
	values[3] = name_isnull ? (Datum) 0 : name;
	nulls[3] = name_isnull ? 'n' : ' ';
	values[4] = PointerGetDatum(key_hash_bytea(secret));
	values[5] = PointerGetDatum(cstring_to_text_with_len(secret, API_KEY_PREFIX_CHARS));
	if (SPI_execute_plan(api_key_has_prefix() ? plan_cache_get(SQL_INSERT_KEY, 6, types, 0)
						 : plan_cache_get(SQL_INSERT_KEY_0_2, 5, types, 0),
						 values, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "incoming_call_log: storing the API key failed");
	return MemoryContextStrdup(result_context, secret);
}

static char *
uuid_text(Datum uuid)
{
	return DatumGetCString(DirectFunctionCall1(uuid_out, uuid));
}

/*
 * create_api_key(project_id uuid, permissions text[], expires_at timestamptz,
 *                name text) returns text
 */
PG_FUNCTION_INFO_V1(icl_create_api_key);
Datum
icl_create_api_key(PG_FUNCTION_ARGS)
{
	MemoryContext outer = CurrentMemoryContext;
	KeyAuthority auth;
	OwnerSwitch sw;
	PermissionSet perms;
	bool		project_found;
	char	   *secret;

	argument_required(fcinfo, 0, "project_id", NULL);
	argument_required(fcinfo, 1, "permissions", "Pass '{}' for a key that authenticates but may not read.");
	argument_required(fcinfo, 2, "expires_at", "Every key expires; pass 'infinity' for one that never does.");
	perms = permissions_from_array(PG_GETARG_ARRAYTYPE_P(1), true);

	key_authority_init(&auth, GetUserId(), owner_of_function(fcinfo->flinfo->fn_oid));
	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	if (!key_authority_may(&auth, PG_GETARG_UUID_P(0), perms, true, &project_found))
		key_authority_refuse();
	if (!project_found)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("project %s does not exist", uuid_text(PG_GETARG_DATUM(0)))));

	secret = store_new_key(PG_GETARG_DATUM(0), PointerGetDatum(permissions_normalized(PG_GETARG_ARRAYTYPE_P(1))),
						   PG_GETARG_TIMESTAMPTZ(2),
						   PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3), PG_ARGISNULL(3), outer);
	SPI_finish();
	owner_restore(&sw);
	PG_RETURN_TEXT_P(cstring_to_text(secret));
}

/*
 * revoke_api_key(key text) returns boolean: key is the secret or the key's
 * id.  True when this call revoked a key that was not revoked yet.
 */
PG_FUNCTION_INFO_V1(icl_revoke_api_key);
Datum
icl_revoke_api_key(PG_FUNCTION_ARGS)
{
	Oid			find_types[2] = {BYTEAOID, UUIDOID};
	Datum		find_values[2];
	char		find_nulls[2] = {' ', ' '};
	Oid			types[2] = {UUIDOID, UUIDOID};
	KeyAuthority auth;
	OwnerSwitch sw;
	char	   *key;
	pg_uuid_t  *id = palloc(sizeof(pg_uuid_t));
	SPITupleTable *found;
	uint64		nfound;
	bool		revoked = false;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	key = text_to_cstring(PG_GETARG_TEXT_PP(0));
	find_values[0] = PointerGetDatum(key_hash_bytea(key));
	if (parse_uuid(key, id))
		find_values[1] = UUIDPGetDatum(id);
	else
		find_nulls[1] = 'n';

	key_authority_init(&auth, GetUserId(), owner_of_function(fcinfo->flinfo->fn_oid));
	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	if (SPI_execute_plan(plan_cache_get(SQL_KEYS_TO_REVOKE, 2, find_types, 0), find_values, find_nulls,
						 false, 0) != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: finding the API key failed");
	found = SPI_tuptable;
	nfound = SPI_processed;
	for (uint64 i = 0; i < nfound; i++)
	{
		bool		isnull;
		Datum		values[2];
		PermissionSet perms;

		values[0] = SPI_getbinval(found->vals[i], found->tupdesc, 1, &isnull);
		values[1] = SPI_getbinval(found->vals[i], found->tupdesc, 2, &isnull);
		perms = permissions_from_array(DatumGetArrayTypeP(SPI_getbinval(found->vals[i], found->tupdesc, 3, &isnull)),
									   false);
		if (!key_authority_may(&auth, DatumGetUUIDP(values[0]), perms, true, NULL))
			continue;			/* not the caller's to manage: as if unknown */
		if (SPI_execute_plan(plan_cache_get(SQL_REVOKE_KEY, 2, types, 0), values, NULL, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "incoming_call_log: revoking the API key failed");
		revoked |= SPI_processed > 0;
		CHECK_FOR_INTERRUPTS();
	}
	SPI_finish();
	owner_restore(&sw);
	PG_RETURN_BOOL(revoked);
}

/* now + (expires_at - created_at), exactly, in microseconds; infinity stays. */
static TimestampTz
same_lifetime_from(TimestampTz now, TimestampTz created_at, TimestampTz expires_at)
{
	int64		lifetime;
	int64		result;

	if (TIMESTAMP_NOT_FINITE(expires_at))
		return expires_at;
	if (pg_sub_s64_overflow(expires_at, created_at, &lifetime) ||
		pg_add_s64_overflow(now, lifetime, &result) || !IS_VALID_TIMESTAMP(result))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the new key's expiry is out of range"),
				 errdetail("The new key would expire as far ahead as the old one was made for, counted from now.")));
	return result;
}

/*
 * rotate_api_key(id uuid, overlap interval) returns text: a new key for the
 * same project, permissions and name, made for as long as the old one was;
 * the old one expires after overlap (or sooner, if it was to expire sooner).
 */
PG_FUNCTION_INFO_V1(icl_rotate_api_key);
Datum
icl_rotate_api_key(PG_FUNCTION_ARGS)
{
	MemoryContext outer = CurrentMemoryContext;
	Oid			find_types[1] = {UUIDOID};
	Oid			shorten_types[3] = {UUIDOID, UUIDOID, TIMESTAMPTZOID};
	Datum		shorten_values[3];
	KeyAuthority auth;
	OwnerSwitch sw;
	Interval	zero;
	TimestampTz now = GetCurrentTransactionStartTimestamp();
	SPITupleTable *found;
	uint64		nfound;
	HeapTuple	row = NULL;
	bool		isnull;
	Datum		project;
	Datum		name;
	bool		name_isnull;
	Datum		permissions;
	TimestampTz created_at;
	TimestampTz expires_at;
	TimestampTz made_expires_at;
	char	   *secret;

	argument_required(fcinfo, 0, "id", "list_api_keys shows the id of every key you may manage.");
	argument_required(fcinfo, 1, "overlap", "Pass '0' to end the old key at once.");
	memset(&zero, 0, sizeof(zero));
	if (DatumGetBool(DirectFunctionCall2(interval_lt, PG_GETARG_DATUM(1), IntervalPGetDatum(&zero))))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("overlap must not be negative"),
				 errhint("Pass '0' to end the old key at once.")));

	key_authority_init(&auth, GetUserId(), owner_of_function(fcinfo->flinfo->fn_oid));
	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	if (SPI_execute_plan(plan_cache_get(SQL_KEY_TO_ROTATE, 1, find_types, 0), &fcinfo->args[0].value, NULL,
						 false, 0) != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: finding the API key failed");
	/* key_authority_may runs queries of its own: keep this one's rows and count */
	found = SPI_tuptable;
	nfound = SPI_processed;
	for (uint64 i = 0; i < nfound; i++)
	{
		HeapTuple	candidate = found->vals[i];
		Datum		perms_datum = SPI_getbinval(candidate, found->tupdesc, 3, &isnull);
		PermissionSet perms = permissions_from_array(DatumGetArrayTypeP(perms_datum), false);

		if (!key_authority_may(&auth, DatumGetUUIDP(SPI_getbinval(candidate, found->tupdesc, 1, &isnull)),
							   perms, true, NULL))
			continue;			/* not the caller's to manage: as if unknown */
		if (row != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_CARDINALITY_VIOLATION),
					 errmsg("API key id %s names keys of several projects", uuid_text(PG_GETARG_DATUM(0))),
					 errhint("Rotate one of them with create_api_key and revoke_api_key by hand.")));
		row = candidate;
	}
	if (row == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("API key %s does not exist", uuid_text(PG_GETARG_DATUM(0))),
				 errhint("list_api_keys shows the id of every key you may manage.")));

	project = SPI_getbinval(row, found->tupdesc, 1, &isnull);
	name = SPI_getbinval(row, found->tupdesc, 2, &name_isnull);
	permissions = SPI_getbinval(row, found->tupdesc, 3, &isnull);
	created_at = DatumGetTimestampTz(SPI_getbinval(row, found->tupdesc, 4, &isnull));
	expires_at = DatumGetTimestampTz(SPI_getbinval(row, found->tupdesc, 5, &isnull));
	if (DatumGetBool(SPI_getbinval(row, found->tupdesc, 6, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("API key %s is revoked", uuid_text(PG_GETARG_DATUM(0))),
				 errdetail("A revoked key is not rotated."),
				 errhint("Make a new key with create_api_key.")));
	if (expires_at <= now)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("API key %s has expired", uuid_text(PG_GETARG_DATUM(0))),
				 errdetail("An expired key is not rotated."),
				 errhint("Make a new key with create_api_key.")));

	/* as long-lived as it was made, even if a rotation shortened it since */
	made_expires_at = DatumGetTimestampTz(SPI_getbinval(row, found->tupdesc, 7, &isnull));
	secret = store_new_key(project, permissions, same_lifetime_from(now, created_at, made_expires_at),
						   name, name_isnull, outer);

	shorten_values[0] = project;
	shorten_values[1] = PG_GETARG_DATUM(0);
	shorten_values[2] = DirectFunctionCall2(timestamptz_pl_interval, TimestampTzGetDatum(now), PG_GETARG_DATUM(1));
	if (SPI_execute_plan(plan_cache_get(SQL_SHORTEN_KEY, 3, shorten_types, 0), shorten_values, NULL,
						 false, 0) != SPI_OK_UPDATE || SPI_processed != 1)
		elog(ERROR, "incoming_call_log: ending the old API key failed");
	SPI_finish();
	owner_restore(&sw);
	PG_RETURN_TEXT_P(cstring_to_text(secret));
}
