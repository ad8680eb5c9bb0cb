/*
 * arguments.h — checks shared by the management functions' SQL arguments.
 */
#ifndef ICL_ARGUMENTS_H
#define ICL_ARGUMENTS_H

#include "postgres.h"

#include "fmgr.h"

/* Raise 22023 "<name> must not be null" (with an optional hint). */
extern void argument_required(FunctionCallInfo fcinfo, int n, const char *name, const char *hint);

/*
 * Argument n as a role oid, or 22023.  With must_exist, the role must exist;
 * without, the oid of a dropped role is accepted (to take away what it held).
 */
extern Oid	argument_role(FunctionCallInfo fcinfo, int n, bool must_exist);

/* User text cut to a length fit for an error message. */
extern char *argument_for_message(const char *text);

#endif
