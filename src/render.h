/*
 * render.h — how the API shows one value (doc/reference.md "Response encoding"):
 * the text the JSON response shows, before JSON quoting, shared by the JSON
 * and CSV writers so that both show every value the same way.
 */
#ifndef ICL_RENDER_H
#define ICL_RENDER_H

#include "postgres.h"

#include "lib/stringinfo.h"

#include "catalog.h"

/*
 * Append the shown text of a non-null value of a field type: a uuid in
 * lower case, a timestamp as UTC ISO-8601 with milliseconds and Z, an
 * integer in decimal, a text as it is.  False (nothing appended) for a
 * value the API shows as null (a non-finite timestamp, which the tables
 * forbid anyway).
 */
extern bool render_value(StringInfo buf, FieldType type, Datum value);

/* A bigint (a count, a Sum) in decimal. */
extern void render_bigint(StringInfo buf, int64 value);

/*
 * A double (an Avg, a percentile) as its shortest exact decimal, as
 * float8out prints it by default, whatever extra_float_digits says; false
 * (nothing appended) for a non-finite one.
 */
extern bool render_double(StringInfo buf, double value);

/*
 * The shown text of a non-null measure of a field of this type: a Sum as a
 * bigint, an Avg or a percentile as a double, a Min or Max as the field's
 * own value (render_value).
 */
extern bool render_measure(StringInfo buf, Measure m, FieldType type, Datum value);

/* The bytes of a text datum, without copying it when it is not toasted. */
extern const char *render_text_bytes(Datum value, int *len);

#endif
