/*
 * feed_position.h — a position in the feed of changes (get_changes'
 * "since" and "next", doc/cursors-and-changes.md): transaction-id snapshots,
 * as PgQ and PostgreSQL's pg_snapshot functions track what a reader has
 * seen, and their bytes inside a signed cursor.
 */
#ifndef ICL_FEED_POSITION_H
#define ICL_FEED_POSITION_H

#include "postgres.h"

#include "utils/uuid.h"

#include "bounds.h"

/*
 * A snapshot: a transaction is visible in it when its id is below xmin, or
 * below xmax and not one of xip.  Ids are 64-bit (xid8: epoch and xid).
 */
typedef struct FeedSnapshot
{
	uint64		xmin;
	uint64		xmax;
	int			nxip;
	uint64		xip[CHANGES_POSITION_MAX_XIP];
} FeedSnapshot;

/*
 * What a client has been told: every change by a transaction visible in
 * `seen`.  While an answer of more than "limit" changes is handed out in
 * parts (within), also the changes visible in `upto` up to the change
 * (last_txid, last_id) in the feed's order (transaction id, then call log
 * id); when the part is done, `upto` becomes `seen`.
 */
typedef struct FeedPosition
{
	pg_uuid_t	feed;			/* the feed it is a position in (change_horizon.feed_id) */
	FeedSnapshot seen;
	bool		within;
	FeedSnapshot upto;
	uint64		last_txid;
	pg_uuid_t	last_id;
} FeedPosition;

/*
 * The current snapshot (pg_current_snapshot(): the statement's, on a
 * primary or a standby), cut to CHANGES_POSITION_MAX_XIP as bounds.h says.
 */
extern void feed_snapshot_now(FeedSnapshot *s);

/* The snapshot as a pg_snapshot datum (a statement parameter). */
extern Datum feed_snapshot_datum(const FeedSnapshot *s);

/* A position's bytes in a cursor body of capacity bytes; returns their number. */
extern int	feed_position_encode(uint8 *buf, int capacity, const FeedPosition *p);

/* The position in a cursor body (already signed and bound: the bytes are ours). */
extern void feed_position_decode(const uint8 *buf, int len, FeedPosition *p);

/*
 * Refuse (PT410) a position that cannot be followed any more: one of
 * another feed than `feed` (the feed was made anew: the extension created
 * again, restored into another cluster, or call_log truncated), or one from
 * which changes were purged since (the changes of every transaction up to
 * `purged_through` may be gone; the caller passes 0 when the position saw
 * the transaction that purged last, statement_changes).
 */
extern void feed_position_check(const FeedPosition *p, const pg_uuid_t *feed, uint64 purged_through);

#endif
