/*
 * trusted_names.c — the schemas the module's SQL names are the extension's
 * own, checked before any statement runs.
 *
 * Every statement the module runs names the extension's objects by
 * schema-qualified name (sql_names.h, catalog.c) and runs with the extension
 * owner's rights (owner.c, or SECURITY DEFINER).  A name is only as good as
 * what it resolves to.  Had a role other than the owner owned schema
 * incoming_call_log (it existed before CREATE EXTENSION, which installs into
 * an existing schema whoever owns it), it could rename the real schema away,
 * create another under the old name with a look-alike api_key view whose
 * column calls its own function, and have the owner run that function.  The
 * install script refuses such a schema; this is the defence in depth, for
 * installations made before that check and for what a DBA grants later.
 *
 * Before the module connects to SPI, it checks that
 *   - "incoming_call_log" names the extension's schema (pg_extension's
 *     extnamespace) and "incoming_call_log_internal" a schema that is a
 *     member of the extension (pg_depend), so neither name was re-pointed;
 *   - each is owned by the extension owner or a superuser, and no other
 *     role (nor PUBLIC) may CREATE in it, so no look-alike relation,
 *     function or operator can appear under a name the statements use;
 * and fails closed otherwise, before any statement runs.  Relations and
 * functions inside a schema cannot be replaced by anyone but its owner, so
 * the schemas are what must be trusted.
 *
 * The verdict is kept per backend and forgotten on any change to
 * pg_namespace (a syscache callback: rename, owner, ACL, drop, create), so a
 * call pays one flag test.  ALTER EXTENSION ... OWNER TO sends no
 * invalidation; a backend keeps its verdict on the old owner until the next
 * schema change or reconnect, which only matters if the new owner is not a
 * superuser and owns neither schema.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "utils/rel.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_namespace.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "storage/sinval.h"
#include "utils/inval.h"
#include "utils/syscache.h"

#include "trusted_names.h"

#define EXTENSION_NAME	"incoming_call_log"
#define API_SCHEMA		"incoming_call_log"
#define INTERNAL_SCHEMA	"incoming_call_log_internal"

static bool verified = false;
static bool callback_registered = false;

static void
forget_verdict(Datum arg, int cacheid, uint32 hashvalue)
{
	verified = false;
}

static void
refuse(const char *schema, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("incoming_call_log refuses to run: schema %s %s", schema, why),
			 errdetail("The extension reads its tables by name with its owner's rights; "
					   "a schema another role controls could put its own objects under those names."),
			 errhint("A superuser should check the schema, then reinstall the extension "
					 "or give the schema back to the extension owner (ALTER SCHEMA ... OWNER TO, REVOKE CREATE ON SCHEMA ...).")));
}

/*
 * The extension's schema and owner, from its pg_extension row, and whether
 * the installed version has the internal schema (0.1.0, still served by
 * this library until ALTER EXTENSION UPDATE, had none).
 */
static void
extension_row(Oid ext_oid, Oid *nsp, Oid *owner, bool *has_internal)
{
	Relation	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;

	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ext_oid));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "could not find extension %u", ext_oid);
	*nsp = ((Form_pg_extension) GETSTRUCT(tuple))->extnamespace;
	*owner = ((Form_pg_extension) GETSTRUCT(tuple))->extowner;
	{
		bool		isnull;
		Datum		version = heap_getattr(tuple, Anum_pg_extension_extversion,
										   RelationGetDescr(rel), &isnull);

		*has_internal = isnull || strcmp(TextDatumGetCString(version), "0.1.0") != 0;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
}

/* Owned by the extension owner or a superuser; nobody else may CREATE in it. */
static void
check_schema_control(Oid nsp, const char *schema, Oid ext_owner)
{
	HeapTuple	tuple = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nsp));
	Oid			owner;
	Datum		acl_datum;
	bool		isnull;

	if (!HeapTupleIsValid(tuple))
		refuse(schema, "does not exist");
	owner = ((Form_pg_namespace) GETSTRUCT(tuple))->nspowner;
	if (owner != ext_owner && !superuser_arg(owner))
	{
		ReleaseSysCache(tuple);
		refuse(schema, "is owned by a role that is neither the extension owner nor a superuser");
	}
	acl_datum = SysCacheGetAttr(NAMESPACEOID, tuple, Anum_pg_namespace_nspacl, &isnull);
	if (!isnull)
	{
		Acl		   *acl = DatumGetAclP(acl_datum);
		/* ACL_DAT without its signedness warning: an acl is 1-D, no nulls. */
		AclItem    *items = (AclItem *) ((char *) acl + ARR_OVERHEAD_NONULLS(1));
		int			i;

		for (i = 0; i < ACL_NUM(acl); i++)
		{
			Oid			grantee = items[i].ai_grantee;

			if ((ACLITEM_GET_PRIVS(items[i]) & ACL_CREATE) == 0 ||
				grantee == owner || grantee == ext_owner ||
				(grantee != ACL_ID_PUBLIC && superuser_arg(grantee)))
				continue;
			ReleaseSysCache(tuple);
			refuse(schema, "lets a role other than its owner create objects in it");
		}
	}
	ReleaseSysCache(tuple);
}

/* The checks, on the catalogs as they are now. */
static void
check_names(void)
{
	Oid			ext_oid;
	Oid			ext_nsp;
	Oid			ext_owner;
	Oid			internal_nsp;
	bool		has_internal;

	ext_oid = get_extension_oid(EXTENSION_NAME, true);
	if (!OidIsValid(ext_oid))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension incoming_call_log is not installed in this database")));
	extension_row(ext_oid, &ext_nsp, &ext_owner, &has_internal);

	if (get_namespace_oid(API_SCHEMA, true) != ext_nsp)
		refuse(API_SCHEMA, "is not the extension's schema (it was renamed or replaced)");
	check_schema_control(ext_nsp, API_SCHEMA, ext_owner);
	if (!has_internal)
		return;
	internal_nsp = get_namespace_oid(INTERNAL_SCHEMA, true);
	if (!OidIsValid(internal_nsp) ||
		getExtensionOfObject(NamespaceRelationId, internal_nsp) != ext_oid)
		refuse(INTERNAL_SCHEMA, "is not the extension's schema (it was renamed or replaced)");
	check_schema_control(internal_nsp, INTERNAL_SCHEMA, ext_owner);
}

void
trusted_names_check(void)
{
	uint64		seen;

	if (!callback_registered)
	{
		CacheRegisterSyscacheCallback(NAMESPACEOID, forget_verdict, (Datum) 0);
		callback_registered = true;
	}
	/*
	 * The lookups may themselves process invalidations; keep the verdict only
	 * when none arrived while they ran (key_cache.c does the same).
	 */
	while (!verified)
	{
		CHECK_FOR_INTERRUPTS();
		seen = SharedInvalidMessageCounter;
		check_names();
		verified = (seen == SharedInvalidMessageCounter);
	}
}

void
trusted_spi_connect(void)
{
	trusted_names_check();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

Oid
trusted_extension_schema(void)
{
	Oid			ext_oid = get_extension_oid(EXTENSION_NAME, true);
	Oid			nsp;
	Oid			owner;
	bool		has_internal;

	if (!OidIsValid(ext_oid))
		return InvalidOid;
	extension_row(ext_oid, &nsp, &owner, &has_internal);
	return nsp;
}
