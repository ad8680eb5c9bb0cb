/*
 * usage_stats.h — usage statistics of the API calls, per caller and project,
 * in shared memory (the way pg_stat_statements keeps its statistics).
 */
#ifndef ICL_USAGE_STATS_H
#define ICL_USAGE_STATS_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/uuid.h"

/* The API calls counted, each form separately. */
typedef enum UsageCall
{
	USAGE_NOT_COUNTED = 0,		/* explain_*: a DBA's tool, not an API call */
	USAGE_GET_LIST,
	USAGE_GET_ITEM,
	USAGE_COUNT,
	USAGE_GET_LIST_CSV,
	USAGE_GET_ITEM_CSV,
	USAGE_COUNT_CSV,
	USAGE_GET_PAGE,
	USAGE_GET_AGGREGATE,
	USAGE_GET_AGGREGATE_CSV,
	USAGE_GET_CHANGES,
} UsageCall;

#define USAGE_CALLER_ROLE		1	/* a database role, by oid */
#define USAGE_CALLER_API_KEY	2	/* an API key, by id (zero: no such key) */

/* What one entry counts: one caller, one project, one API call. */
typedef struct UsageKey
{
	Oid			dbid;			/* the database the call ran in */
	Oid			role;			/* role callers: current_user of the call */
	pg_uuid_t	key_id;			/* API key callers; all zero for a key that is unknown */
	pg_uuid_t	project_id;		/* all zero while no project was resolved */
	uint8		caller_kind;	/* USAGE_CALLER_* */
	uint8		call;			/* UsageCall */
	bool		project_known;	/* project_id is set */
	bool		key_known;		/* key_id is set */
} UsageKey;

/*
 * _PG_init's part, while shared_preload_libraries is being processed:
 * request the shared memory and its lock, and install the hooks that create
 * it (loading the file a clean shutdown wrote) and write it at shutdown.
 */
extern void usage_stats_preload(void);

/* True when statistics are kept (the library was preloaded). */
extern bool usage_stats_enabled(void);

/*
 * Count a call that answered: its time and the rows it returned.  Takes no
 * lock but the module's own, and allocates nothing.
 */
extern void usage_stats_count_call(const UsageKey *key, double elapsed_ms, uint64 rows);

/*
 * Count a call refused or failed with this SQLSTATE (as from geterrcode()).
 * Safe in a PG_CATCH block: it allocates nothing and raises nothing.
 */
extern void usage_stats_count_refusal(const UsageKey *key, int sqlerrcode);

#endif
