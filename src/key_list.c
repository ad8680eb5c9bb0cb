/*
 * key_list.c — list_api_keys() (doc/reference.md, 0.3.0): the keys a caller may
 * manage, without their secrets or hashes.
 *
 * One row per key: id, project_id, name, permissions, prefix, created_at,
 * expires_at, revoked_at.  The extension owner (and superusers) see every
 * project's keys; another role the keys of the projects it manages
 * (key_authority.c), and naming a project it does not manage is 42501.
 * SECURITY INVOKER, reading as the extension owner (owner.c); STABLE, so it
 * answers in a read-only transaction and on a hot standby.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "access/htup_details.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"

#include "key_authority.h"
#include "owner.h"
#include "plan_cache.h"
#include "sql_names.h"
#include "trusted_names.h"

#define SQL_KEY_COLUMNS \
	"SELECT id, project_id, name, permissions, prefix, created_at, expires_at, revoked_at" \
	" FROM incoming_call_log.api_key"
#define SQL_KEY_ORDER " ORDER BY project_id, created_at, id"
#define SQL_KEYS_ALL		SQL_KEY_COLUMNS SQL_KEY_ORDER
#define SQL_KEYS_OF_PROJECT	SQL_KEY_COLUMNS " WHERE project_id" SQL_EQ "$1" SQL_KEY_ORDER
#define SQL_KEYS_OF_PROJECTS SQL_KEY_COLUMNS " WHERE project_id" SQL_EQ "ANY ($1)" SQL_KEY_ORDER

#define KEY_LIST_COLUMNS 8

/* list_api_keys(project_id uuid) returns table (id, project_id, name, ...) */
PG_FUNCTION_INFO_V1(icl_list_api_keys);
Datum
icl_list_api_keys(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	KeyAuthority auth;
	OwnerSwitch sw;
	Oid			one_type[1] = {UUIDOID};
	Oid			many_type[1] = {UUIDARRAYOID};
	Datum		arg[1];
	SPIPlanPtr	plan;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	key_authority_init(&auth, GetUserId(), owner_of_function(fcinfo->flinfo->fn_oid));
	owner_become(fcinfo->flinfo->fn_oid, &sw);
	trusted_spi_connect();
	if (!PG_ARGISNULL(0))
	{
		if (!key_authority_may(&auth, PG_GETARG_UUID_P(0), 0, false, NULL))
			key_authority_refuse();
		arg[0] = PG_GETARG_DATUM(0);
		plan = plan_cache_get(SQL_KEYS_OF_PROJECT, 1, one_type, 0);
	}
	else if (auth.every_project)
		plan = plan_cache_get(SQL_KEYS_ALL, 0, NULL, 0);
	else
	{
		arg[0] = key_authority_projects(&auth);
		plan = plan_cache_get(SQL_KEYS_OF_PROJECTS, 1, many_type, 0);
	}
	if (SPI_execute_plan(plan, arg, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: listing the API keys failed");
	if (SPI_tuptable->tupdesc->natts != KEY_LIST_COLUMNS || rsinfo->setDesc->natts != KEY_LIST_COLUMNS)
		elog(ERROR, "incoming_call_log: list_api_keys returns %d columns", KEY_LIST_COLUMNS);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		Datum		values[KEY_LIST_COLUMNS];
		bool		nulls[KEY_LIST_COLUMNS];

		heap_deform_tuple(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, values, nulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_finish();
	owner_restore(&sw);
	return (Datum) 0;
}
