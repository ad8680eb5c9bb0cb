/*
 * compat.h — the server API differences between the PostgreSQL majors this
 * module builds on (15, 16, 17, 18), met in one place with PG_VERSION_NUM
 * guards, the way pgvector and PostgreSQL's own contrib modules do.  Code
 * elsewhere uses only the names defined here, never a version test.
 */
#ifndef ICL_COMPAT_H
#define ICL_COMPAT_H

#include "postgres.h"

#include "common/jsonapi.h"

/* 16 moved the varlena macros (VARDATA_ANY, VARSIZE_ANY_EXHDR) to varatt.h. */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * JSON semantic-action callbacks return JsonParseErrorType since 16, and the
 * parser stops on anything but JSON_SUCCESS; before, they returned void.
 * Declare callbacks as "static JsonActionResult f(...)" and end them with
 * JSON_ACTION_OK.
 */
#if PG_VERSION_NUM >= 160000
typedef JsonParseErrorType JsonActionResult;
#define JSON_ACTION_OK return JSON_SUCCESS
#else
typedef void JsonActionResult;
#define JSON_ACTION_OK return
#endif

/*
 * A lexer over len bytes of json in the given encoding, de-escaping strings.
 * 17 added a first argument: a context to initialize, or NULL to allocate one.
 */
#if PG_VERSION_NUM >= 170000
#define compat_json_lexer(json, len, encoding) \
	makeJsonLexContextCstringLen(NULL, (json), (len), (encoding), true)
#else
#define compat_json_lexer(json, len, encoding) \
	makeJsonLexContextCstringLen((char *) (json), (len), (encoding), true)
#endif

/*
 * EXPLAIN of one planned statement, as EXPLAIN itself does it.  17 added the
 * memory counters argument; 18 moved NewExplainState and the output
 * functions to headers of their own.  Only explain.c needs it (it defines
 * COMPAT_EXPLAIN first), so the rest of the module does not see the
 * planner's headers.
 */
#ifdef COMPAT_EXPLAIN
#include "commands/explain.h"
#if PG_VERSION_NUM >= 180000
#include "commands/explain_format.h"
#include "commands/explain_state.h"
#endif
#if PG_VERSION_NUM >= 170000
#define compat_explain_one_plan(stmt, es, query, params) \
	ExplainOnePlan((stmt), NULL, (es), (query), (params), NULL, NULL, NULL, NULL)
#else
#define compat_explain_one_plan(stmt, es, query, params) \
	ExplainOnePlan((stmt), NULL, (es), (query), (params), NULL, NULL, NULL)
#endif
#endif							/* COMPAT_EXPLAIN */

/*
 * index_beginscan with no ORDER BY keys.  18 added an instrumentation
 * argument (EXPLAIN's index search counts).
 */
#if PG_VERSION_NUM >= 180000
#define compat_index_beginscan(heap, index, snapshot, nkeys) \
	index_beginscan((heap), (index), (snapshot), NULL, (nkeys), 0)
#else
#define compat_index_beginscan(heap, index, snapshot, nkeys) \
	index_beginscan((heap), (index), (snapshot), (nkeys), 0)
#endif

#endif
