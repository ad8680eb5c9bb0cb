/*
 * incoming_call_log.c — the module: OneUptime's Incoming Call Log API served
 * from inside PostgreSQL.
 *
 * Where things live (one concern per file; compat.h holds the differences
 * between the PostgreSQL majors it builds on):
 *   get_list.c get_item.c count.c   the three SQL-callable API calls
 *   api_call.c                      their shared frame and order of checks
 *   caller.c request_headers.c      who is calling (API key or role)
 *   key_cache.c                     API key rows cached per backend, and
 *                                   the trigger that invalidates them
 *   permissions.c                   the five permission names
 *   select.c query.c sort.c paging.c  the request parameters
 *   json_input.c json_output.c      request JSON in, response JSON out
 *   catalog.c                       the column catalog driving all of them
 *   statement.c plan_cache.c        SQL text and its saved plans
 *   values.c                        uuid / date / integer / phone checks
 *   api_key.c access.c capability.c key, role access and capability management
 *   rls.c owner.c                   row-level security helpers, owner rights
 *   updated_at.c                    the updated_at trigger
 *   arguments.c                     management functions' argument checks
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

/* 18 lets a module name itself and its version (shown by pg_get_loaded_modules). */
#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "incoming_call_log", .version = "0.2.0");
#else
PG_MODULE_MAGIC;
#endif

void		_PG_init(void);

void
_PG_init(void)
{
	/* No setting of ours exists; refuse made-up incoming_call_log.* ones. */
	MarkGUCPrefixReserved("incoming_call_log");
}
