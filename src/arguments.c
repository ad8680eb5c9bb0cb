/*
 * arguments.c — argument checks shared by create_api_key, grant_access and
 * the capability functions, and the cut of user text quoted in messages.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"

#include "arguments.h"
#include "errors.h"
#include "bounds.h"


void
argument_required(FunctionCallInfo fcinfo, int n, const char *name, const char *hint)
{
	if (PG_ARGISNULL(n))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("%s must not be null", name),
				 hint ? errhint("%s", hint) : 0));
}

Oid
argument_role(FunctionCallInfo fcinfo, int n, bool must_exist)
{
	Oid			role;

	argument_required(fcinfo, n, "role", NULL);
	role = PG_GETARG_OID(n);
	if (!OidIsValid(role) || (must_exist && GetUserNameFromId(role, true) == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("role %u does not exist", role)));
	return role;
}

char *
argument_for_message(const char *text)
{
	int			len = strlen(text);
	int			cut;

	if (len <= MESSAGE_TEXT_LIMIT)
		return (char *) text;
	cut = pg_mbcliplen(text, len, MESSAGE_TEXT_LIMIT);
	return psprintf("%.*s...", cut, text);
}
