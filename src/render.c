/*
 * render.c — the shown text of uuids, timestamps, integers and texts, the
 * same for the JSON and the CSV writers.  Timestamps are rendered from
 * their fields in UTC, independent of the session's TimeZone and DateStyle,
 * as JavaScript's Date.toISOString() prints them (years beyond 0-9999 as
 * ±YYYYYY); digits are written directly, since this runs for every value
 * of every row.
 */
#include "postgres.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "compat.h"
#include "render.h"

static const char hex_digits[] = "0123456789abcdef";

static void
append_uuid(StringInfo buf, const pg_uuid_t *uuid)
{
	char		out[36];
	int			pos = 0;

	for (int i = 0; i < UUID_LEN; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[pos++] = '-';
		out[pos++] = hex_digits[uuid->data[i] >> 4];
		out[pos++] = hex_digits[uuid->data[i] & 0x0F];
	}
	appendBinaryStringInfo(buf, out, pos);
}

/* n as exactly `width` decimal digits (n >= 0 and fits). */
static inline char *
put_digits(char *p, int n, int width)
{
	for (int i = width - 1; i >= 0; i--)
	{
		p[i] = '0' + n % 10;
		n /= 10;
	}
	return p + width;
}

static bool
append_timestamp(StringInfo buf, TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;
	char		out[32];
	char	   *p = out;

	if (TIMESTAMP_NOT_FINITE(ts) || timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		return false;
	if (tm.tm_year >= 0 && tm.tm_year <= 9999)
		p = put_digits(p, tm.tm_year, 4);
	else
		p += sprintf(p, "%+07d", tm.tm_year);
	*p++ = '-';
	p = put_digits(p, tm.tm_mon, 2);
	*p++ = '-';
	p = put_digits(p, tm.tm_mday, 2);
	*p++ = 'T';
	p = put_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_min, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_sec, 2);
	*p++ = '.';
	p = put_digits(p, (int) (fsec / 1000), 3);
	*p++ = 'Z';
	appendBinaryStringInfo(buf, out, p - out);
	return true;
}

const char *
render_text_bytes(Datum value, int *len)
{
	text	   *t = DatumGetTextPP(value);

	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

bool
render_value(StringInfo buf, FieldType type, Datum value)
{
	switch (type)
	{
		case FIELD_UUID:
			append_uuid(buf, DatumGetUUIDP(value));
			return true;
		case FIELD_TIMESTAMP:
			return append_timestamp(buf, DatumGetTimestampTz(value));
		case FIELD_INTEGER:
			{
				char		digits[12];
				int			len = pg_ltoa(DatumGetInt32(value), digits);

				appendBinaryStringInfo(buf, digits, len);
				return true;
			}
		case FIELD_TEXT:
		case FIELD_PHONE:
		case FIELD_STATUS:
			{
				int			len;
				const char *bytes = render_text_bytes(value, &len);

				appendBinaryStringInfo(buf, bytes, len);
				return true;
			}
	}
	return false;
}

void
render_bigint(StringInfo buf, int64 value)
{
	char		digits[MAXINT8LEN + 1];
	int			len = pg_lltoa(value, digits);

	appendBinaryStringInfo(buf, digits, len);
}

bool
render_double(StringInfo buf, double value)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];
	int			len;

	if (isnan(value) || isinf(value))
		return false;
	len = double_to_shortest_decimal_buf(value, digits);
	appendBinaryStringInfo(buf, digits, len);
	return true;
}

bool
render_measure(StringInfo buf, Measure m, FieldType type, Datum value)
{
	switch (m)
	{
		case MEASURE_SUM:
			render_bigint(buf, DatumGetInt64(value));
			return true;
		case MEASURE_AVG:
		case MEASURE_P50:
		case MEASURE_P90:
		case MEASURE_P95:
		case MEASURE_P99:
			return render_double(buf, DatumGetFloat8(value));
		case MEASURE_MIN:
		case MEASURE_MAX:
			return render_value(buf, type, value);
		case MEASURE_NKINDS:
			break;
	}
	return false;
}
