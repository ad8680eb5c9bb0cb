/*
 * direct_read.c — whether the extension may read one of its tables itself,
 * by index scans in C (item_fetch.c: get_item by primary key; count_fetch.c:
 * count by one index), rather than through a statement.
 *
 * A statement gives guarantees such a read must keep, so it declines (and
 * the statement runs, with today's behaviour and errors) unless the table:
 *   - resolves by name, as the statement's text would, to a plain table;
 *   - is readable by the current user (the extension owner, inside
 *     api_call_begin): the statement's permission check (a missing grant
 *     then fails there, as before);
 *   - is not subject to row-level security for that user (check_enable_rls:
 *     not enabled, or bypassed as owner / BYPASSRLS / superuser; FORCE ROW
 *     LEVEL SECURITY on a table the owner is subject to makes it apply);
 *   - and has no policy but the extension's own (<table>_reader,
 *     <table>_writer): a DBA's policy is the statement's business even
 *     where it would not apply to the owner today, so that what the DBA
 *     meant is decided in one place, the planner's.
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_class_d.h"
#include "miscadmin.h"
#include "rewrite/rowsecurity.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/rls.h"

#include "direct_read.h"

/* Any row-level-security policy on rel but the extension's own. */
static bool
has_others_policies(Relation rel)
{
	const char *relname = RelationGetRelationName(rel);
	size_t		len = strlen(relname);
	ListCell   *lc;

	if (rel->rd_rsdesc == NULL)
		return false;
	foreach(lc, rel->rd_rsdesc->policies)
	{
		const char *name = ((RowSecurityPolicy *) lfirst(lc))->policy_name;

		if (strncmp(name, relname, len) != 0 ||
			(strcmp(name + len, "_reader") != 0 && strcmp(name + len, "_writer") != 0))
			return true;
	}
	return false;
}

Relation
direct_read_open(const char *qualified)
{
	const char *dot = strchr(qualified, '.');
	Oid			nsp;
	Oid			relid;
	Relation	heap;

	Assert(dot != NULL);
	nsp = get_namespace_oid(pnstrdup(qualified, dot - qualified), true);
	relid = OidIsValid(nsp) ? get_relname_relid(dot + 1, nsp) : InvalidOid;
	if (!OidIsValid(relid))
		return NULL;
	heap = try_table_open(relid, AccessShareLock);
	if (heap == NULL)
		return NULL;
	if (heap->rd_rel->relkind != RELKIND_RELATION ||
		pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK ||
		check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED ||
		(heap->rd_rel->relrowsecurity && has_others_policies(heap)))
	{
		table_close(heap, AccessShareLock);
		return NULL;
	}
	return heap;
}

AttrNumber
direct_read_attno(Relation rel, const char *name)
{
	TupleDesc	desc = RelationGetDescr(rel);

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return att->attnum;
	}
	return InvalidAttrNumber;
}
