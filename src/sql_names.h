/*
 * sql_names.h — operators, functions and types as generated SQL names them:
 * schema-qualified, every one.  The API calls run their statements under
 * the caller's search_path (pinning it costs a GUC nest level per call), and
 * their statements run with the extension owner's rights, so no name in them
 * may be one a caller's schema could shadow: relations are written
 * schema.table, and operators, functions and types as below.
 * test/search_path.sql runs every statement shape under a hostile
 * search_path whose look-alike operators raise.
 *
 * OPERATOR(...) takes the precedence of "any other operator" (above
 * comparison, below + and *), whatever the operator: parenthesize an
 * arithmetic operand, as in  a OPERATOR(pg_catalog.<) (b OPERATOR(pg_catalog.+) c).
 */
#ifndef ICL_SQL_NAMES_H
#define ICL_SQL_NAMES_H

#define SQL_EQ		" OPERATOR(pg_catalog.=) "
#define SQL_NE		" OPERATOR(pg_catalog.<>) "
#define SQL_LT		" OPERATOR(pg_catalog.<) "
#define SQL_LE		" OPERATOR(pg_catalog.<=) "
#define SQL_GT		" OPERATOR(pg_catalog.>) "
#define SQL_GE		" OPERATOR(pg_catalog.>=) "
#define SQL_ILIKE	" OPERATOR(pg_catalog.~~*) "
#define SQL_NOT_ILIKE " OPERATOR(pg_catalog.!~~*) "
#define SQL_LIKE	" OPERATOR(pg_catalog.~~) "
#define SQL_NOT_LIKE " OPERATOR(pg_catalog.!~~) "
#define SQL_PLUS	" OPERATOR(pg_catalog.+) "

/* The feed of changes (change_capture.c, get_changes.c) */
#define CHANGE_TABLE			"incoming_call_log_internal.call_log_change"
#define CHANGE_HORIZON_TABLE	"incoming_call_log_internal.change_horizon"

#define SQL_COUNT		"pg_catalog.count(*)"
#define SQL_UNNEST		"pg_catalog.unnest"
#define SQL_CARDINALITY	"pg_catalog.cardinality"
#define SQL_ONE_MS		"'1 millisecond'::pg_catalog.interval"

#endif
