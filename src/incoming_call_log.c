/*
 * incoming_call_log.c — the module: OneUptime's Incoming Call Log API served
 * from inside PostgreSQL.
 *
 * Where things live (one concern per file; each uses only files listed
 * below it, so the modules form a tree):
 *
 *   get_list.c get_item.c count.c   the API calls, each in its JSON and CSV form
 *   explain.c                       explain_list / _item / _count for DBAs
 *   api_key.c access.c capability.c key, role access and capability management
 *   rls.c updated_at.c              row-level-security helpers, the trigger
 *   drop_guard.c                    DROP EXTENSION refused while call logs
 *                                   exist, unless confirm_drop() ran
 *   request.c                       a call's arguments checked, its statement built
 *   request_memo.c                  recent requests and their statements, by text
 *   api_call.c                      the frame of a call: caller, owner's rights,
 *                                   SPI, the order of checks, running a
 *                                   statement, the call's memory report
 *   response.c                      rows from the executor into the answer
 *   json_output.c csv_output.c      the two writers, driven by one projection
 *   render.c                        how each value is shown (both writers)
 *   statement.c                     SQL text from the catalog; how it is planned
 *   sql_names.h                     every SQL name it writes, schema-qualified
 *   select.c query.c sort.c paging.c  the request parameters
 *   json_input.c                    request JSON in, bounded (bounds.h)
 *   caller.c                        who is calling (API key or role)
 *   request_headers.c               apikey / tenantid from request.headers
 *   key_cache.c                     API keys by SHA-256: a per-backend cache
 *                                   and the trigger that invalidates it
 *   grants.c                        a role's grants and capabilities (indexed)
 *   plan_cache.c                    saved plans, bounded by bytes
 *   catalog.c permissions.c         the column catalog, the permission names
 *   values.c                        uuid / date / integer / phone checks
 *   owner.c                         running as the extension owner
 *   arguments.c                     argument checks, user text cut for messages
 *   bounds.h compat.h errors.h      limits, PostgreSQL-major shims, SQLSTATEs
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

/* 18 lets a module name itself and its version (shown by pg_get_loaded_modules). */
#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "incoming_call_log", .version = "0.3.0");
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
