/*
 * values.h — checking request values against a field's type.
 *
 * Each parser answers true/false instead of raising, so the caller can
 * report the offending value with the field it was meant for (22023).
 */
#ifndef ICL_VALUES_H
#define ICL_VALUES_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/uuid.h"

/* The value of a hex digit, or -1. */
extern int	hex_value(char c);

/* Any form PostgreSQL's uuid input accepts (braces, hyphens, upper case). */
extern bool parse_uuid(const char *str, pg_uuid_t *out);

/*
 * ISO-8601 date or date-time: YYYY-MM-DD, optionally followed by T (or a
 * space) and hh:mm[:ss[.fraction]], optionally followed by Z or an offset
 * ±hh[:mm] / ±hhmm.  No offset means UTC; a date alone is midnight UTC.
 */
extern bool parse_iso_timestamp(const char *str, TimestampTz *out);

typedef enum IntegerParse
{
	INTEGER_OK,
	INTEGER_NOT_INTEGRAL,		/* has a fractional part */
	INTEGER_OUT_OF_RANGE		/* integral but outside int4 */
} IntegerParse;

/* A JSON number token (as the lexer validated it) as an int4. */
extern IntegerParse parse_json_integer(const char *number, int32 *out);

/* The phone rule of the phone_number domain. */
extern bool phone_is_valid(const char *str, size_t len);

#endif
