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

/* Bytes of user text quoted in an error message before it is cut with "...". */
#define MESSAGE_TEXT_LIMIT			100

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

#endif
