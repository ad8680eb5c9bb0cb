/*
 * permissions.c — the five read permission names of doc/reference.md and their bits.
 *
 * The names are public (API keys and grant_access take them); the SQL
 * constraint permissions_are_known() on api_key and access_grant calls into
 * this file, so the list exists once.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "arguments.h"
#include "errors.h"
#include "permissions.h"

typedef struct PermissionName
{
	const char *name;
	PermissionSet bit;
} PermissionName;

static const PermissionName permission_names[] = {
	{"ProjectOwner", PERM_PROJECT_OWNER},
	{"ProjectAdmin", PERM_PROJECT_ADMIN},
	{"ProjectMember", PERM_PROJECT_MEMBER},
	{"ReadProjectIncomingCallLog", PERM_READ_INCOMING_CALL_LOG},
	{"ReadAllProjectResources", PERM_READ_ALL_PROJECT_RESOURCES},
};

PermissionSet
permission_from_name(const char *name)
{
	for (size_t i = 0; i < lengthof(permission_names); i++)
		if (strcmp(permission_names[i].name, name) == 0)
			return permission_names[i].bit;
	return 0;
}

char *
permission_set_names(PermissionSet set)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (size_t i = 0; i < lengthof(permission_names); i++)
		if (set & permission_names[i].bit)
			appendStringInfo(&buf, "%s%s", buf.len > 1 ? "," : "", permission_names[i].name);
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

const char *
permission_names_list(void)
{
	return "ProjectOwner, ProjectAdmin, ProjectMember, ReadProjectIncomingCallLog, ReadAllProjectResources";
}

PermissionSet
permissions_from_array(ArrayType *names, bool strict)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	PermissionSet result = 0;

	if (ARR_NDIM(names) > 1 && strict)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("permissions must be a one-dimensional array of permission names")));

	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		char	   *name;
		PermissionSet bit;

		CHECK_FOR_INTERRUPTS();

		if (nulls[i])
		{
			if (strict)
				ereport(ERROR,
						(errcode(ERRCODE_ICL_BAD_REQUEST),
						 errmsg("permissions must not contain null"),
						 errhint("Valid permission names are: %s.", permission_names_list())));
			continue;
		}
		name = TextDatumGetCString(elems[i]);
		bit = permission_from_name(name);
		if (bit == 0 && strict)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("unknown permission \"%s\"", argument_for_message(name)),
					 errhint("Valid permission names are: %s.", permission_names_list())));
		result |= bit;
	}
	return result;
}

ArrayType *
permissions_normalized(ArrayType *names)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			kept = 0;
	PermissionSet seen = 0;

	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		PermissionSet bit;

		CHECK_FOR_INTERRUPTS();
		bit = nulls[i] ? 0 : permission_from_name(TextDatumGetCString(elems[i]));

		if (bit == 0 || (seen & bit) != 0)
			continue;
		seen |= bit;
		elems[kept++] = elems[i];
	}
	return construct_array(elems, kept, TEXTOID, -1, false, TYPALIGN_INT);
}

/*
 * permissions_are_known(text[]) — the CHECK rule of api_key.permissions and
 * access_grant.permissions.
 */
PG_FUNCTION_INFO_V1(icl_permissions_are_known);
Datum
icl_permissions_are_known(PG_FUNCTION_ARGS)
{
	ArrayType  *names = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (ARR_NDIM(names) > 1)
		PG_RETURN_BOOL(false);
	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (nulls[i] || permission_from_name(TextDatumGetCString(elems[i])) == 0)
			PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(true);
}
