/*
 * bounds.h — every bound the module puts on what a caller can make a
 * backend do, with the reason for its value.  The README's limits table
 * lists the same numbers; a request beyond a request limit is refused with
 * 22023 naming the limit, before the work it would cost is done.
 */
#ifndef ICL_BOUNDS_H
#define ICL_BOUNDS_H

/*
 * Request limits.  No real client comes near them: the largest realistic
 * request is an Includes list of a few hundred uuids (about 40 bytes each)
 * next to a full select (about 1 KB).
 */

/* Bytes of one JSON parameter (select, query or sort), checked before parsing. */
#define REQUEST_MAX_PARAM_BYTES		(256 * 1024)

/*
 * JSON values (objects, arrays, scalars; keys not counted) in one parameter.
 * Bounds the parse tree at a small multiple of the parameter's size.
 */
#define REQUEST_MAX_NODES			10000

/* Deepest nesting of objects and arrays; a valid request needs 4. */
#define REQUEST_MAX_DEPTH			32

/* Bytes of one string (a key or a value) after de-escaping. */
#define REQUEST_MAX_STRING_BYTES	(16 * 1024)

/* Values in one list: Includes / IncludesNone / an array, MultiSearch fields. */
#define REQUEST_MAX_LIST_VALUES		1000

/*
 * work_mem (kB) get_aggregate's statement is planned and run with when the
 * session's is lower (a DBA's higher setting is kept): the sort that groups
 * one project's matching rows and the ordered-set aggregates' sorts behind
 * the percentiles stay in memory up to this much each; beyond it they spill
 * to disk as PostgreSQL does, so one call's memory stays bounded (by this
 * per sort, as work_mem bounds any statement).  At the default 4 MB a
 * month of a project taking 2,000 calls a day (68,000 rows, about 7 MB to
 * sort in memory) spilled 2.2 MB to disk, which cost about 3% of the call
 * (doc/benchmark.md, W8); 32 MB keeps a month of 10,000 calls a day in
 * memory.  Only around the statement's planning and execution
 * (api_call.c): the session's work_mem is as it was when the call returns
 * or fails.
 */
#define AGGREGATE_WORK_MEM_KB		(32 * 1024)

/*
 * Backend state limits.
 */

/*
 * Bytes of saved plans (plan sources, their query trees and generic plans)
 * kept per backend.  Request shapes are the callers' choice, so without a
 * byte bound a caller cycling through shapes decides how much memory every
 * pooled backend keeps.  The hot shapes of a real client fit many times over.
 */
#define PLAN_CACHE_MAX_BYTES		(8 * 1024 * 1024)

/*
 * Distinct statement texts remembered as "seen once".  A shape is saved only
 * when it repeats, so one-off shapes (scanners, fuzzers) never evict the hot
 * ones; this bounds that memory (a 4-byte hash each).
 */
#define PLAN_CACHE_SEEN_SHAPES		4096

/*
 * Parsed JSON parameters remembered per backend, by their text (a client
 * sends the same select with every request).  Small ones only: at most
 * JSON_MEMO_MAX_BYTES of text and JSON_MEMO_MAX_NODES values each, so the
 * whole memo stays under about 400 kB.
 */
#define JSON_MEMO_ENTRIES			16
#define JSON_MEMO_MAX_BYTES			4096
#define JSON_MEMO_MAX_NODES			256

/*
 * Requests remembered per backend with the statement they built
 * (request_memo.c), keyed by the exact texts of their JSON arguments: at most
 * REQUEST_MEMO_MAX_BYTES of text each, so an entry (texts, projection,
 * statement and its values) stays within a few tens of kB.
 */
#define REQUEST_MEMO_ENTRIES		32
#define REQUEST_MEMO_MAX_BYTES		4096

/* API key rows cached per backend (only keys that exist; about 80 bytes each). */
#define KEY_CACHE_MAX_ENTRIES		1024

/*
 * Bytes of the request.headers setting whose parse is remembered between
 * calls (gateways set the same text for every request of a client).
 * Longer settings are parsed every time.
 */
#define HEADERS_MEMO_MAX_BYTES		8192

/* Deepest nesting read in request.headers; deeper means no key presented. */
#define HEADERS_MAX_DEPTH			16

/*
 * Entries of the usage statistics (usage_stats.c), in shared memory for the
 * whole cluster: one per database, caller (API key or role), project and
 * API call, about 200 bytes each with the hash table's share, so about 1 MB.
 * Entries are made by callers, not by the DBA (a key used by all six calls
 * is six entries), so the bound is what keeps a cluster with many keys, or
 * roles naming many projects, from growing the memory without limit.  5000
 * (pg_stat_statements' default) covers more than 800 keys using every call;
 * beyond it the least used entry is evicted, and evictions are counted.
 */
#define ICL_STATS_MAX_ENTRIES		5000

/*
 * The C library's heap around large answers (answer_heap.c).  An answer of
 * ANSWER_HEAP_LARGE bytes or more (a page of 100 call logs with every field
 * and relation is about 120 kB; 10 rows of a few fields, 2 kB) makes its
 * backend fix glibc's thresholds, once: allocations below
 * ANSWER_HEAP_MMAP_THRESHOLD come from the heap (an answer's buffers, at
 * most about 2 MB for the largest page of long texts, and the executor's
 * own), and up to ANSWER_HEAP_TRIM_THRESHOLD of freed heap is kept rather
 * than returned to the kernel and faulted in again by the next call.
 * Twice the mmap threshold, as glibc's own dynamic rule sets it.  So a
 * backend that answered a large page keeps at most 8 MB of free heap it
 * would otherwise give back (a small part of a backend's usual footprint
 * with shared_buffers mapped); 8 MB is also what was measured through the
 * environment before (doc/benchmark.md).
 */
#define ANSWER_HEAP_LARGE			(64 * 1024)
#define ANSWER_HEAP_MMAP_THRESHOLD	(4 * 1024 * 1024)
#define ANSWER_HEAP_TRIM_THRESHOLD	(8 * 1024 * 1024)

/* Bytes of user text quoted in an error message before it is cut with "...". */
#define MESSAGE_TEXT_LIMIT			100

/*
 * Cursors (doc/cursors-and-changes.md: get_page's "after", get_changes' "since", "next").
 */

/*
 * Characters of a cursor (doc/cursors-and-changes.md: at most 1,024): base64url without
 * padding, so at most 768 bytes of signed content.  A longer text is not a
 * cursor and is refused before it is decoded.
 */
#define CURSOR_MAX_CHARS			1024

/*
 * Bytes of the HMAC-SHA256 kept in a cursor: 128 bits, as many as a forger
 * would have to guess; the rest of the budget carries the position.
 */
#define CURSOR_MAC_BYTES			16

/*
 * Bytes of the hashes of the request's query and sort carried in a cursor,
 * only to say which binding a refused cursor broke (the MAC covers them).
 */
#define CURSOR_BINDING_HASH_BYTES	8

/*
 * Cursor secrets read per call: the signing one and those still in their
 * overlap after rotate_cursor_secret (each rotation deletes the expired).
 * A cursor is checked against each, so this bounds a refusal's cost.
 */
#define CURSOR_MAX_SECRETS			4

/*
 * The feed of changes (get_changes, doc/cursors-and-changes.md).
 */

/* Changes per answer when "limit" is null, and at most (doc/cursors-and-changes.md: 1-1000, default 100). */
#define CHANGES_DEFAULT_LIMIT		100
#define CHANGES_MAX_LIMIT			1000

/*
 * Transactions in progress a position names one by one.  A position is a
 * snapshot (xmin, xmax and the xids in progress between them); with more in
 * progress than this, it keeps the oldest 48 and lowers xmax to the next
 * one ("everything from there on is unseen"), which delays and re-reports
 * some changes but never misses one.  48 keeps
 * the two snapshots of a position inside a cursor's 768 bytes even with
 * 5-byte xid deltas.
 */
#define CHANGES_POSITION_MAX_XIP	48

/*
 * How long a change is remembered: a deleted call log's tombstone, and a
 * changed one's last change.  A position older than what was purged is
 * refused with PT410 (start again from a full read).  Seven days lets a
 * client that polls daily miss a weekend and still catch up.
 */
#define CHANGES_RETENTION_SECONDS	(7 * 24 * 60 * 60)

/*
 * Changes purged by one step (change_capture.c): a writer whose
 * transaction id is a multiple of CHANGES_PURGE_EVERY_XIDS runs one step in
 * its transaction, so the purge needs no scheduler and no writer pays more
 * than this many deletions, once in that many transactions.
 */
#define CHANGES_PURGE_STEP			10000
#define CHANGES_PURGE_EVERY_XIDS	128

/*
 * A writer's purge step that found fewer than CHANGES_PURGE_STEP expired
 * changes leaves the writers' purge alone in its backend for this long.
 * With nothing expired a step still reads the whole change table (its BRIN
 * index on changed_at has unsummarized ranges, and the generic plan scans),
 * so unthrottled every CHANGES_PURGE_EVERY_XIDS-th write paid a scan that
 * grows with the table (make bench, feed part).  Throttled, a backend pays
 * it at most once a minute; an expired change goes at most a minute later
 * (a position stays valid until its changes are really purged), and
 * purge_changes() is not throttled.
 */
#define CHANGES_PURGE_IDLE_SECONDS	60

/*
 * Following OneUptime (follow.c, publisher.c).  A connection to OneUptime's
 * server is made only by follow_oneuptime, unfollow_oneuptime and
 * follow_status, and each wait on it services interrupts (a cancel stops it
 * at once); these bounds end a wait nobody cancels.
 */

/* Connecting to OneUptime's server: a reachable server answers in well under a second. */
#define FOLLOW_CONNECT_TIMEOUT_MS	(30 * 1000)

/*
 * One statement on OneUptime's server.  Creating the replication slot waits
 * for the transactions running there to end (PostgreSQL needs a consistent
 * point); five minutes covers a long report on a busy server.
 */
#define FOLLOW_STATEMENT_TIMEOUT_MS	(5 * 60 * 1000)

/*
 * follow_status asks OneUptime's server how far behind the slot is; a status
 * call should answer at a glance, so an unreachable server is reported
 * after this long instead of holding the caller.
 */
#define FOLLOW_STATUS_TIMEOUT_MS	(5 * 1000)

/*
 * unfollow_oneuptime drops the slot once the subscription's workers have
 * stopped; OneUptime's walsender lets go of the slot when it sees their
 * connection close (milliseconds).  Retried every FOLLOW_SLOT_RETRY_MS for
 * at most this long.
 */
#define FOLLOW_SLOT_RELEASE_MS		(60 * 1000)
#define FOLLOW_SLOT_RETRY_MS		100

/*
 * Call logs an applied transaction changes are mapped as one set at its
 * commit (follow_pending.c); after this many changes the waiting ones are
 * mapped at once, so a huge transaction holds at most this many in memory
 * (36 bytes each) and one mapping statement reads at most this many ids.
 */
#define FOLLOW_PENDING_MAX			10000

/*
 * An initial copy of at least this many call logs, into a call_log holding
 * no more rows than the copy brings, has call_log's secondary indexes built
 * after the rows are in instead of maintained row by row
 * (follow_copy_indexes.c).  Below it the row-by-row cost is small, and the
 * builds would lock readers out of the indexes for nothing.
 */
#define FOLLOW_REBUILD_MIN_ROWS		1000

#endif
