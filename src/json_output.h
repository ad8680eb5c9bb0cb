/*
 * json_output.h — the JSON writer: result rows as the API's JSON objects.
 */
#ifndef ICL_JSON_OUTPUT_H
#define ICL_JSON_OUTPUT_H

#include "lib/stringinfo.h"

#include "aggregate.h"
#include "select.h"

/*
 * Append the object of one result row: "_id" first, then the selected
 * fields in the caller's order, relations as objects or null.  values and
 * isnull are the statement's result columns (select.h assigns them).
 */
extern void json_append_row(StringInfo buf, const Projection *proj, const Datum *values,
							const bool *isnull);

/*
 * Append one change of get_changes (doc/cursors-and-changes.md): {"op":
 * "upsert", "_id": id, "object": the row's object} when the call log's
 * columns are there (its id not null), else {"op": "remove", "_id": id}.
 */
extern void json_append_change(StringInfo buf, const Projection *proj, Datum id,
							   const Datum *values, const bool *isnull);

/*
 * Append the object of one group of get_aggregate (doc/aggregates.md): the group
 * keys in groupBy's order, "count" when asked, then per measured field an
 * object of its measures.  values and isnull are the aggregate statement's
 * result columns (aggregate.h).
 */
extern void json_append_group(StringInfo buf, const AggregateSpec *spec, const Datum *values,
							  const bool *isnull);

#endif
