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
 *
 * The writer policies apply TO the writer roles only (a reader's policy
 * OR'ed with a writer's would be a condition no index serves), so a trigger
 * on role_capability re-applies them whenever the writers change: through
 * grant_writer / revoke_writer, a restored dump, or logical replication.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "arguments.h"
#include "commands/trigger.h"
#include "errors.h"
#include "owner.h"
#include "plan_cache.h"
#include "trusted_names.h"

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

/* The writer policies and the tables they guard. */
static const char *const writer_policies[][2] = {
	{"project_writer", "incoming_call_log.project"},
	{"app_user_writer", "incoming_call_log.app_user"},
	{"call_policy_writer", "incoming_call_log.call_policy"},
	{"call_log_writer", "incoming_call_log.call_log"},
};

#define SQL_WRITER_ROLES \
	"SELECT pg_catalog.string_agg(pg_catalog.quote_ident(r.rolname), ', ' ORDER BY r.rolname)" \
	" FROM incoming_call_log.role_capability c JOIN pg_catalog.pg_roles r ON r.oid = c.role" \
	" WHERE c.capability = 'writer'"

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
 * Apply the writer policies TO the roles holding the writer capability
 * (roles that exist; dropped ones' rows grant nothing), or TO the extension
 * owner while there is none (a policy names at least one role, and the
 * owner bypasses row-level security anyway).  SPI-connected.
 */
static void
sync_writer_policies(Oid owner)
{
	bool		isnull;
	Datum		roles;
	const char *to;

	/* not read-only: an AFTER trigger must see its own statement's rows */
	if (SPI_execute(SQL_WRITER_ROLES, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "incoming_call_log: reading the writer roles failed");
	roles = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	to = isnull ? quote_identifier(GetUserNameFromId(owner, false)) : TextDatumGetCString(roles);
	for (size_t i = 0; i < lengthof(writer_policies); i++)
		utility(psprintf("ALTER POLICY %s ON %s TO %s", writer_policies[i][0], writer_policies[i][1], to));
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

	trusted_spi_connect();
	changed = set_capability(role, capability, add);	/* the trigger syncs the policies */
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

/* sync_writer_policies() returns void: what the trigger below does, on demand. */
PG_FUNCTION_INFO_V1(icl_sync_writer_policies);
Datum
icl_sync_writer_policies(PG_FUNCTION_ARGS)
{
	trusted_spi_connect();
	sync_writer_policies(owner_of_function(fcinfo->flinfo->fn_oid));
	SPI_finish();
	PG_RETURN_VOID();
}

/* Is this role_capability row (null: none) a writer's? */
static bool
writer_row(HeapTuple tuple, TupleDesc desc)
{
	bool		isnull;
	Datum		capability;

	if (tuple == NULL)
		return false;
	capability = heap_getattr(tuple, SPI_fnumber(desc, "capability"), desc, &isnull);
	return !isnull && strcmp(TextDatumGetCString(capability), "writer") == 0;
}

/*
 * writers_changed() — AFTER trigger on role_capability (per row, and per
 * statement for TRUNCATE, ENABLE ALWAYS so logical replication's apply
 * fires it): the writer policies follow.  A row's change re-applies them
 * only when the row, before or after, is a writer's: loading thousands of
 * admin rows (a restored dump, a replicated table) would otherwise run four
 * ALTER POLICY per row.  TRUNCATE always does.
 */
PG_FUNCTION_INFO_V1(icl_writers_changed);
Datum
icl_writers_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigger;
	TupleDesc	desc;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("writers_changed() must be fired as a trigger")));
	trigger = (TriggerData *) fcinfo->context;
	desc = RelationGetDescr(trigger->tg_relation);
	/* tg_newtuple is null but for UPDATE */
	if (TRIGGER_FIRED_FOR_ROW(trigger->tg_event) &&
		!writer_row(trigger->tg_trigtuple, desc) && !writer_row(trigger->tg_newtuple, desc))
		return PointerGetDatum(NULL);
	trusted_spi_connect();
	sync_writer_policies(owner_of_function(fcinfo->flinfo->fn_oid));
	SPI_finish();
	return PointerGetDatum(NULL);
}
