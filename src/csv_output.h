/*
 * csv_output.h — the CSV writer (doc/reference.md): the JSON answer's keys as
 * columns, its values as fields, RFC 4180 quoting, LF after every line.
 */
#ifndef ICL_CSV_OUTPUT_H
#define ICL_CSV_OUTPUT_H

#include "lib/stringinfo.h"

#include "aggregate.h"
#include "select.h"

/*
 * The header line: "_id", then the selected fields in the caller's order, a
 * relation's keys as "relation.key" in the order its JSON object shows them.
 */
extern void csv_append_header(StringInfo buf, const Projection *proj);

/* One line: the values the JSON writer shows for the same row; null is empty. */
extern void csv_append_row(StringInfo buf, const Projection *proj, const Datum *values,
						   const bool *isnull);

/*
 * get_aggregate's header line: the groupBy keys, "count" when asked, then
 * "field.Measure" for every measure, in the JSON's order.
 */
extern void csv_append_aggregate_header(StringInfo buf, const AggregateSpec *spec);

/* One group's line: the values the JSON writer shows for it; null is empty. */
extern void csv_append_group(StringInfo buf, const AggregateSpec *spec, const Datum *values,
							 const bool *isnull);

/* The count's two lines: "count" and the number. */
extern void csv_append_count(StringInfo buf, int64 count);

#endif
