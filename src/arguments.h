/*
 * arguments.h — checks shared by the management functions' SQL arguments.
 */
#ifndef ICL_ARGUMENTS_H
#define ICL_ARGUMENTS_H

#include "postgres.h"

#include "fmgr.h"

/* Raise 22023 "<name> must not be null" (with an optional hint). */
extern void argument_required(FunctionCallInfo fcinfo, int n, const char *name, const char *hint);

/* Argument n as the oid of an existing role, or 22023. */
extern Oid	argument_role(FunctionCallInfo fcinfo, int n);

/* User text cut to a length fit for an error message. */
extern char *argument_for_message(const char *text);

#endif
