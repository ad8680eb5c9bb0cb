/*
 * json_output.h — rendering result rows as the API's JSON objects.
 */
#ifndef ICL_JSON_OUTPUT_H
#define ICL_JSON_OUTPUT_H

#include "access/htup.h"
#include "access/tupdesc.h"
#include "lib/stringinfo.h"

#include "catalog.h"
#include "select.h"

/* One value of a field type: "uuid", "2026-01-01T00:00:00.000Z", 5, "text", null. */
extern void json_append_value(StringInfo buf, FieldType type, Datum value, bool isnull);

/*
 * Append the object of one result row: "_id" first, then the selected
 * fields in the caller's order.  values/isnull come from heap_deform_tuple.
 */
extern void json_append_row(StringInfo buf, const Projection *proj, const Datum *values,
							const bool *isnull);

#endif
