/*
 * capability.c — grant_admin / revoke_admin / grant_writer / revoke_writer.
 *
 * Roles are cluster-wide and outlive DROP EXTENSION, so the extension
 * creates none; these functions give its two capabilities to roles the DBA
 * already has (issue "defense in depth"):
 *
 *  admin   read any project by naming it in tenantid (no table privilege);
 *  writer  the telephony side: SELECT/INSERT/UPDATE on call_log and
 *          SELECT/INSERT/UPDATE/DELETE on project, app_user, call_policy,
 *          seeing every row through the writer row-level-security policies;
 *          never api_key or access_grant.
 *
 * SECURITY DEFINER, executable by the extension owner only.  Role names
 * reach the GRANT text only through quote_identifier() of the role's
 * catalog name.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "arguments.h"
#include "errors.h"
#include "plan_cache.h"

#define SQL_ADD_CAPABILITY \
	"INSERT INTO incoming_call_log.role_capability (role, capability) VALUES ($1, $2)" \
	" ON CONFLICT (role, capability) DO NOTHING"
#define SQL_REMOVE_CAPABILITY \
	"DELETE FROM incoming_call_log.role_capability WHERE role = $1 AND capability = $2"

/* The table privileges of a writer (beside USAGE on the schema). */
static const char *const writer_grants[] = {
	"SELECT, INSERT, UPDATE ON incoming_call_log.call_log",
	"SELECT, INSERT, UPDATE, DELETE ON incoming_call_log.project",
	"SELECT, INSERT, UPDATE, DELETE ON incoming_call_log.app_user",
	"SELECT, INSERT, UPDATE, DELETE ON incoming_call_log.call_policy",
};

/* Add or remove a capability row; true when the table changed. */
static bool
set_capability(Oid role, const char *capability, bool add)
{
	Oid			types[2] = {REGROLEOID, TEXTOID};
	Datum		values[2] = {ObjectIdGetDatum(role), CStringGetTextDatum(capability)};
	int			rc;

	rc = SPI_execute_plan(plan_cache_get(add ? SQL_ADD_CAPABILITY : SQL_REMOVE_CAPABILITY, 2, types, 0),
						  values, NULL, false, 0);
	if (rc != (add ? SPI_OK_INSERT : SPI_OK_DELETE))
		elog(ERROR, "incoming_call_log: updating capabilities failed");
	return SPI_processed > 0;
}

static void
utility(const char *sql)
{
	if (SPI_execute(sql, false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "incoming_call_log: changing writer privileges failed");
}

/*
 * GRANT or REVOKE the writer's table privileges.  Schema USAGE is granted
 * but not revoked: a former writer may still be an API caller.
 */
static void
writer_privileges(Oid role, bool grant)
{
	const char *name = quote_identifier(GetUserNameFromId(role, false));

	if (grant)
		utility(psprintf("GRANT USAGE ON SCHEMA incoming_call_log TO %s", name));
	for (size_t i = 0; i < lengthof(writer_grants); i++)
		utility(psprintf("%s %s %s %s", grant ? "GRANT" : "REVOKE", writer_grants[i],
						 grant ? "TO" : "FROM", name));
}

static Datum
change_capability(FunctionCallInfo fcinfo, const char *capability, bool add)
{
	Oid			role = argument_role(fcinfo, 0, add);
	bool		changed;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	changed = set_capability(role, capability, add);
	/* a dropped role has no privileges left to revoke */
	if (strcmp(capability, "writer") == 0 && (add || GetUserNameFromId(role, true) != NULL))
		writer_privileges(role, add);
	SPI_finish();
	return BoolGetDatum(changed);
}

PG_FUNCTION_INFO_V1(icl_grant_admin);
Datum
icl_grant_admin(PG_FUNCTION_ARGS)
{
	change_capability(fcinfo, "admin", true);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(icl_revoke_admin);
Datum
icl_revoke_admin(PG_FUNCTION_ARGS)
{
	return change_capability(fcinfo, "admin", false);
}

PG_FUNCTION_INFO_V1(icl_grant_writer);
Datum
icl_grant_writer(PG_FUNCTION_ARGS)
{
	change_capability(fcinfo, "writer", true);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(icl_revoke_writer);
Datum
icl_revoke_writer(PG_FUNCTION_ARGS)
{
	return change_capability(fcinfo, "writer", false);
}
