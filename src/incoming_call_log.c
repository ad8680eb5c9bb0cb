/*
 * incoming_call_log.c — the module: OneUptime's Incoming Call Log API served
 * from inside PostgreSQL.
 *
 * Where things live (one concern per file; each uses only files listed
 * below it, so the modules form a tree):
 *
 *   get_list.c get_item.c count.c   the API calls, each in its JSON and CSV form
 *   get_page.c                      get_page: a page after a signed cursor (doc/cursors-and-changes.md)
 *   get_changes.c                   get_changes: the feed of changes since a position
 *   get_aggregate.c                 get_aggregate and its CSV form (doc/aggregates.md)
 *   explain.c                       explain_list / _item / _count / _aggregate for DBAs
 *   api_key.c key_list.c            make, revoke, rotate and list API keys
 *   access.c capability.c           role access and capability management
 *   key_authority.c                 who may manage which project's keys
 *   rls.c updated_at.c              row-level-security helpers, the trigger
 *   drop_guard.c                    DROP EXTENSION refused while call logs
 *                                   exist, unless confirm_drop() ran
 *   request.c                       a call's arguments checked, its statement built
 *   request_memo.c                  recent requests and their statements, by text
 *   api_call.c                      the frame of a call: caller, owner's rights,
 *                                   SPI, the order of checks, running a
 *                                   statement, the call's memory report,
 *                                   counting it
 *   usage_stats.c                   usage statistics per key / role, project
 *                                   and call, in shared memory (preloaded)
 *   cursor.c                        cursors: signed, bound to the request,
 *                                   base64url
 *   change_capture.c                what writes to call_log leave for the
 *                                   feed, and its purge
 *   item_fetch.c                    get_item's row by primary key, no inner
 *                                   statement (declines to it under RLS etc.)
 *   count_fetch.c                   count's answer by one index scan, no inner
 *                                   statement (declines to it likewise)
 *   response.c                      rows from the executor into the answer
 *   json_output.c csv_output.c      the two writers, driven by one projection
 *   answer_heap.c                   glibc's heap thresholds, once a backend
 *                                   answers large pages
 *   render.c                        how each value is shown (both writers)
 *   statement.c                     SQL text from the catalog; how it is planned
 *   keyset.c                        a position in a sort: its keys, "after it" as SQL
 *   feed_position.c                 a position in the feed: transaction-id
 *                                   snapshots, in a cursor's bytes
 *   sql_names.h                     every SQL name it writes, schema-qualified
 *   select.c query.c sort.c paging.c  the request parameters
 *   aggregate.c                     get_aggregate's groupBy, aggregate, sort, limit
 *   json_input.c                    request JSON in, bounded (bounds.h)
 *   caller.c                        who is calling (API key or role)
 *   request_headers.c               apikey / tenantid from request.headers
 *   key_cache.c                     API keys by SHA-256: a per-backend cache
 *                                   and the trigger that invalidates it
 *   grants.c                        a role's grants and capabilities (indexed)
 *   plan_cache.c                    saved plans, bounded by bytes
 *   catalog.c permissions.c         the column catalog, the permission names
 *   values.c                        uuid / date / integer / phone checks
 *   direct_read.c                   whether a table may be read in C, not by
 *                                   a statement (RLS, policies, grants)
 *   owner.c                         running as the extension owner
 *   trusted_names.c                 the schemas the SQL names are the
 *                                   extension's own (checked before SPI)
 *   arguments.c                     argument checks, user text cut for messages
 *   follow.c                        following OneUptime's database: follow /
 *                                   unfollow, the slot, the writers' guard
 *   follow_pending.c                the live apply of followed call logs, one
 *                                   set per applied transaction
 *   publisher.c                     libpq to OneUptime's server, bounded waits
 *   bounds.h compat.h errors.h      limits, PostgreSQL-major shims, SQLSTATEs
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"

#include "usage_stats.h"

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

	/* Shared memory for the usage statistics can be had only now. */
	if (process_shared_preload_libraries_in_progress)
		usage_stats_preload();
}
