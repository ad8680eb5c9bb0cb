/*
 * api_key.c — create_api_key() and revoke_api_key() (SPEC §2).
 *
 * A key is "icl_" followed by 64 hex digits of 256 random bits from
 * pg_strong_random(); it is returned once and only its SHA-256 is stored.
 * Both functions are SECURITY DEFINER and executable by the extension owner
 * only (not PUBLIC).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "arguments.h"
#include "errors.h"
#include "grants.h"
#include "key_cache.h"
#include "permissions.h"
#include "plan_cache.h"
#include "trusted_names.h"

#define API_KEY_PREFIX		"icl_"
#define API_KEY_RANDOM_BYTES 32

#define SQL_INSERT_KEY \
	"INSERT INTO incoming_call_log.api_key (project_id, permissions, expires_at, name, key_hash)" \
	" VALUES ($1, $2, $3, $4, $5)"
#define SQL_REVOKE_KEY \
	"UPDATE incoming_call_log.api_key SET revoked_at = now()" \
	" WHERE key_hash = $1 AND revoked_at IS NULL"

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
 * create_api_key(project_id uuid, permissions text[], expires_at timestamptz,
 *                name text) returns text
 */
PG_FUNCTION_INFO_V1(icl_create_api_key);
Datum
icl_create_api_key(PG_FUNCTION_ARGS)
{
	MemoryContext outer = CurrentMemoryContext;
	char	   *secret;
	Oid			types[5] = {UUIDOID, TEXTARRAYOID, TIMESTAMPTZOID, TEXTOID, BYTEAOID};
	Datum		values[5];
	char		nulls[5] = {' ', ' ', ' ', ' ', ' '};
	int			rc;
	text	   *result;

	argument_required(fcinfo, 0, "project_id", NULL);
	argument_required(fcinfo, 1, "permissions", "Pass '{}' for a key that authenticates but may not read.");
	argument_required(fcinfo, 2, "expires_at", "Every key expires; pass 'infinity' for one that never does.");
	(void) permissions_from_array(PG_GETARG_ARRAYTYPE_P(1), true);

	trusted_spi_connect();
	values[0] = PG_GETARG_DATUM(0);
	if (!project_exists(PG_GETARG_UUID_P(0)))
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("project %s does not exist",
						DatumGetCString(DirectFunctionCall1(uuid_out, PG_GETARG_DATUM(0))))));

	secret = new_secret();
	values[1] = PG_GETARG_DATUM(1);
	values[2] = PG_GETARG_DATUM(2);
	values[3] = PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3);
	nulls[3] = PG_ARGISNULL(3) ? 'n' : ' ';
	values[4] = PointerGetDatum(key_hash_bytea(secret));
	rc = SPI_execute_plan(plan_cache_get(SQL_INSERT_KEY, 5, types, 0), values, nulls, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "incoming_call_log: storing the API key failed");

	MemoryContextSwitchTo(outer);
	result = cstring_to_text(secret);
	SPI_finish();
	PG_RETURN_TEXT_P(result);
}

/* revoke_api_key(key text) returns boolean */
PG_FUNCTION_INFO_V1(icl_revoke_api_key);
Datum
icl_revoke_api_key(PG_FUNCTION_ARGS)
{
	Oid			types[1] = {BYTEAOID};
	Datum		values[1];
	bool		revoked;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	values[0] = PointerGetDatum(key_hash_bytea(text_to_cstring(PG_GETARG_TEXT_PP(0))));
	trusted_spi_connect();
	if (SPI_execute_plan(plan_cache_get(SQL_REVOKE_KEY, 1, types, 0), values, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "incoming_call_log: revoking the API key failed");
	revoked = SPI_processed > 0;
	SPI_finish();
	PG_RETURN_BOOL(revoked);
}
