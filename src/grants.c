/*
 * grants.c — what a database role holds: its per-project grants
 * (access_grant) and capabilities (role_capability), and the project rows
 * they point at.
 *
 * A role holds the grants of every role whose privileges it has: itself
 * and, through memberships that inherit, the roles it belongs to (a
 * superuser: only its real memberships).  The candidates are found the way
 * PostgreSQL's own roles_is_member_of() finds them, by walking
 * pg_auth_members through its catalog cache; each is confirmed with
 * has_privs_of_role(), whose rules (INHERIT, and per-membership inheritance
 * since 16) thus stay PostgreSQL's; and only their rows are read, with
 * role = ANY($n) on the tables' role indexes.  A call costs what the
 * caller's own memberships and grants cost, however many grants other
 * roles hold.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "grants.h"
#include "plan_cache.h"
#include "sql_names.h"

#define SQL_GRANTS_ON_PROJECT \
	"SELECT permissions FROM incoming_call_log.access_grant" \
	" WHERE project_id" SQL_EQ "$1 AND role" SQL_EQ "ANY ($2)"
#define SQL_GRANTS_OF_ROLES \
	"SELECT project_id, permissions FROM incoming_call_log.access_grant WHERE role" SQL_EQ "ANY ($1)"
#define SQL_GRANT_OF_ROLE \
	"SELECT permissions FROM incoming_call_log.access_grant WHERE project_id" SQL_EQ "$1 AND role" SQL_EQ "$2"
#define SQL_CAPABILITY \
	"SELECT FROM incoming_call_log.role_capability" \
	" WHERE role" SQL_EQ "ANY ($1) AND capability" SQL_EQ "$2 LIMIT 1"
/*
 * Whether a grant to $1 would touch a role that reaches a project other than
 * $2: down is $1 and every role that is a member of it (they would inherit
 * the grant), up is those and every role they are members of (whose grants
 * they hold).  Inheritance flags are ignored: a role that could SET ROLE to
 * another counts as reaching what that one reaches.
 */
#define SQL_REACHES_OTHER_PROJECT \
	"WITH RECURSIVE down(r) AS (SELECT $1::pg_catalog.oid" \
	"  UNION SELECT m.member FROM pg_catalog.pg_auth_members m JOIN down ON m.roleid" SQL_EQ "down.r)," \
	" up(r) AS (SELECT r FROM down" \
	"  UNION SELECT m.roleid FROM pg_catalog.pg_auth_members m JOIN up ON m.member" SQL_EQ "up.r)" \
	" SELECT FROM incoming_call_log.access_grant g JOIN up ON g.role::pg_catalog.oid" SQL_EQ "up.r" \
	" WHERE g.project_id" SQL_NE "$2 LIMIT 1"
#define SQL_PROJECT_EXISTS \
	"SELECT FROM incoming_call_log.project WHERE id" SQL_EQ "$1"
#define SQL_PROJECT_LOCK \
	"SELECT FROM incoming_call_log.project WHERE id" SQL_EQ "$1 FOR NO KEY UPDATE"

bool
role_holds(Oid role, Oid grant_role)
{
	if (superuser_arg(role))
		return is_member_of_role_nosuper(role, grant_role);
	return has_privs_of_role(role, grant_role);
}

/* role and every role it is a member of, directly or not (catalog walk). */
static List *
memberships(Oid role)
{
	List	   *roles = list_make1_oid(role);

	/* roles grows as the walk goes: index, not foreach */
	for (int i = 0; i < list_length(roles); i++)
	{
		Oid			member = list_nth_oid(roles, i);
		CatCList   *memlist = SearchSysCacheList1(AUTHMEMMEMROLE, ObjectIdGetDatum(member));

		for (int k = 0; k < memlist->n_members; k++)
		{
			Form_pg_auth_members form = (Form_pg_auth_members) GETSTRUCT(&memlist->members[k]->tuple);

			roles = list_append_unique_oid(roles, form->roleid);
		}
		ReleaseSysCacheList(memlist);
		CHECK_FOR_INTERRUPTS();
	}
	return roles;
}

/* The roles whose grants role holds, as a regrole[] datum. */
static Datum
held_roles(Oid role)
{
	List	   *candidates = memberships(role);
	Datum	   *elems = palloc(sizeof(Datum) * list_length(candidates));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, candidates)
	{
		Oid			r = lfirst_oid(lc);

		if (role_holds(role, r))
			elems[n++] = ObjectIdGetDatum(r);
	}
	return PointerGetDatum(construct_array(elems, n, REGROLEOID, sizeof(Oid), true, TYPALIGN_INT));
}

/* Run a saved statement read-only; with latest, against the latest snapshot. */
static SPITupleTable *
run(const char *sql, int nargs, Oid *types, Datum *values, bool latest)
{
	SPIPlanPtr	plan = plan_cache_get(sql, nargs, types, CURSOR_OPT_GENERIC_PLAN);
	int			rc;

	if (latest)
	{
		Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());

		rc = SPI_execute_snapshot(plan, values, NULL, snapshot, InvalidSnapshot, true, false, 0);
		UnregisterSnapshot(snapshot);
	}
	else
		rc = SPI_execute_plan(plan, values, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: lookup failed: %s", SPI_result_code_string(rc));
	return SPI_tuptable;
}

static PermissionSet
permissions_column(SPITupleTable *tab, uint64 row, int attno)
{
	bool		isnull;

	return permissions_from_array(DatumGetArrayTypeP(SPI_getbinval(tab->vals[row], tab->tupdesc, attno, &isnull)),
								  false);
}

PermissionSet
grants_on_project(Oid role, const pg_uuid_t *project, bool *has_grant, bool latest)
{
	Oid			types[2] = {UUIDOID, REGROLEARRAYOID};
	Datum		values[2] = {UUIDPGetDatum(project), held_roles(role)};
	SPITupleTable *tab = run(SQL_GRANTS_ON_PROJECT, 2, types, values, latest);
	PermissionSet perms = 0;

	*has_grant = SPI_processed > 0;
	for (uint64 i = 0; i < SPI_processed; i++)
		perms |= permissions_column(tab, i, 1);
	return perms;
}

int
grants_projects(Oid role, pg_uuid_t *project, PermissionSet *perms)
{
	Oid			types[1] = {REGROLEARRAYOID};
	Datum		values[1] = {held_roles(role)};
	SPITupleTable *tab = run(SQL_GRANTS_OF_ROLES, 1, types, values, false);
	int			nprojects = 0;

	*perms = 0;
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		pg_uuid_t  *p = DatumGetUUIDP(SPI_getbinval(tab->vals[i], tab->tupdesc, 1, &isnull));

		if (nprojects == 0)
		{
			*project = *p;
			nprojects = 1;
		}
		else if (memcmp(p, project, sizeof(pg_uuid_t)) != 0)
			return 2;			/* several: how many more does not matter */
		*perms |= permissions_column(tab, i, 2);
		CHECK_FOR_INTERRUPTS();
	}
	return nprojects;
}

Datum
grants_projects_holding(Oid role, PermissionSet any)
{
	Oid			types[1] = {REGROLEARRAYOID};
	Datum		values[1] = {held_roles(role)};
	SPITupleTable *tab = run(SQL_GRANTS_OF_ROLES, 1, types, values, false);
	Datum	   *projects = palloc(sizeof(Datum) * (SPI_processed + 1));
	int			n = 0;

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		if ((permissions_column(tab, i, 2) & any) != 0)
			projects[n++] = SPI_getbinval(tab->vals[i], tab->tupdesc, 1, &isnull);
		CHECK_FOR_INTERRUPTS();
	}
	return PointerGetDatum(construct_array(projects, n, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR));
}

PermissionSet
grants_direct(Oid role, const pg_uuid_t *project, bool *exists)
{
	Oid			types[2] = {UUIDOID, REGROLEOID};
	Datum		values[2] = {UUIDPGetDatum(project), ObjectIdGetDatum(role)};
	SPITupleTable *tab = run(SQL_GRANT_OF_ROLE, 2, types, values, true);

	*exists = SPI_processed > 0;
	return *exists ? permissions_column(tab, 0, 1) : 0;
}

bool
grants_capability(Oid role, const char *capability)
{
	Oid			types[2] = {REGROLEARRAYOID, TEXTOID};
	Datum		values[2] = {held_roles(role), CStringGetTextDatum(capability)};

	run(SQL_CAPABILITY, 2, types, values, false);
	return SPI_processed > 0;
}

bool
project_exists(const pg_uuid_t *project)
{
	Oid			types[1] = {UUIDOID};
	Datum		values[1] = {UUIDPGetDatum(project)};

	run(SQL_PROJECT_EXISTS, 1, types, values, false);
	return SPI_processed > 0;
}

bool
project_lock_for_access_change(const pg_uuid_t *project)
{
	Oid			types[1] = {UUIDOID};
	Datum		values[1] = {UUIDPGetDatum(project)};
	int			rc;

	rc = SPI_execute_plan(plan_cache_get(SQL_PROJECT_LOCK, 1, types, CURSOR_OPT_GENERIC_PLAN), values, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: locking the project failed: %s", SPI_result_code_string(rc));
	return SPI_processed > 0;
}

bool
grants_reach_other_project(Oid role, const pg_uuid_t *project)
{
	Oid			types[2] = {REGROLEOID, UUIDOID};
	Datum		values[2] = {ObjectIdGetDatum(role), UUIDPGetDatum(project)};

	(void) run(SQL_REACHES_OTHER_PROJECT, 2, types, values, true);
	return SPI_processed > 0;
}
