/*
 * values.c — type checks for request values: uuid, ISO-8601 timestamps,
 * JSON integers and phone numbers; also the SQL function is_valid_phone(),
 * the rule of the phone_number domain, so the API and the table agree.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "values.h"

int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Mirrors string_to_uuid() in PostgreSQL's uuid.c: optional braces, and a
 * hyphen allowed after any group of four hex digits.
 */
bool
parse_uuid(const char *str, pg_uuid_t *out)
{
	const char *src = str;
	bool		braces = false;

	if (src[0] == '{')
	{
		src++;
		braces = true;
	}
	for (int i = 0; i < UUID_LEN; i++)
	{
		int			hi,
					lo;

		if (src[0] == '\0' || src[1] == '\0')
			return false;
		hi = hex_value(src[0]);
		lo = hex_value(src[1]);
		if (hi < 0 || lo < 0)
			return false;
		out->data[i] = (unsigned char) ((hi << 4) | lo);
		src += 2;
		if (src[0] == '-' && (i % 2) == 1 && i < UUID_LEN - 1)
			src++;
	}
	if (braces)
	{
		if (*src != '}')
			return false;
		src++;
	}
	return *src == '\0';
}

/* Read exactly n decimal digits. */
static bool
read_digits(const char **p, int n, int *value)
{
	int			v = 0;

	for (int i = 0; i < n; i++)
	{
		char		c = (*p)[i];

		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*value = v;
	return true;
}

bool
parse_iso_timestamp(const char *str, TimestampTz *out)
{
	const char *p = str;
	struct pg_tm tm;
	int			year,
				month,
				day,
				hour = 0,
				minute = 0,
				second = 0;
	int64		usec = 0;
	int			offset_seconds = 0;
	Timestamp	result;

	if (!read_digits(&p, 4, &year) || *p++ != '-' ||
		!read_digits(&p, 2, &month) || *p++ != '-' ||
		!read_digits(&p, 2, &day))
		return false;
	if (year < 1 || month < 1 || month > 12 || day < 1 ||
		day > day_tab[isleap(year)][month - 1])
		return false;

	if (*p == 'T' || *p == 't' || *p == ' ')
	{
		p++;
		if (!read_digits(&p, 2, &hour) || *p++ != ':' || !read_digits(&p, 2, &minute))
			return false;
		if (*p == ':')
		{
			p++;
			if (!read_digits(&p, 2, &second))
				return false;
			if (*p == '.' || *p == ',')
			{
				int64		scale = USECS_PER_SEC / 10;
				int			ndigits = 0;

				p++;
				while (*p >= '0' && *p <= '9')
				{
					if (scale > 0)
						usec += (*p - '0') * scale;
					else if (ndigits == 6 && *p >= '5')
						usec += 1;	/* round half up at the microsecond */
					scale /= 10;
					ndigits++;
					p++;
				}
				if (ndigits == 0)
					return false;
			}
		}
		if (hour > 23 || minute > 59 || second > 59)
			return false;

		if (*p == 'Z' || *p == 'z')
			p++;
		else if (*p == '+' || *p == '-')
		{
			int			sign = (*p == '-') ? -1 : 1;
			int			oh,
						om = 0;

			p++;
			if (!read_digits(&p, 2, &oh))
				return false;
			if (*p == ':')
			{
				p++;
				if (!read_digits(&p, 2, &om))
					return false;
			}
			else if (*p >= '0' && *p <= '9')
			{
				if (!read_digits(&p, 2, &om))
					return false;
			}
			if (oh > 23 || om > 59)
				return false;
			offset_seconds = sign * (oh * SECS_PER_HOUR + om * SECS_PER_MINUTE);
		}
	}
	if (*p != '\0')
		return false;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year;
	tm.tm_mon = month;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_sec = second;
	if (tm2timestamp(&tm, 0, NULL, &result) != 0)
		return false;
	/* local time minus its offset is UTC */
	result += usec - (int64) offset_seconds * USECS_PER_SEC;
	if (!IS_VALID_TIMESTAMP(result))
		return false;
	*out = result;
	return true;
}

/*
 * A JSON number is -?int(.frac)?([eE][+-]?exp)?; its value is an integer
 * when, after moving the decimal point by the exponent, no non-zero digit is
 * left after it.  Decided on the digits, so 1e400 or 1e-400 cannot overflow.
 */
IntegerParse
parse_json_integer(const char *number, int32 *out)
{
	const char *p = number;
	bool		negative = false;
	char	   *digits = palloc(strlen(number) + 1);	/* int and frac digits */
	int64		ndigits = 0;
	int64		point;			/* digits before the decimal point */
	int64		exponent = 0;
	int64		first = 0;		/* index of the first non-zero digit */
	int64		shift;
	int64		value = 0;

	if (*p == '-')
	{
		negative = true;
		p++;
	}
	while (*p >= '0' && *p <= '9')
		digits[ndigits++] = *p++;
	point = ndigits;
	if (*p == '.')
	{
		p++;
		while (*p >= '0' && *p <= '9')
			digits[ndigits++] = *p++;
	}
	if (*p == 'e' || *p == 'E')
	{
		bool		eneg = false;

		p++;
		if (*p == '+' || *p == '-')
			eneg = (*p++ == '-');
		while (*p >= '0' && *p <= '9')
		{
			if (exponent < 1000000000)	/* saturate: the answer is the same */
				exponent = exponent * 10 + (*p - '0');
			p++;
		}
		if (eneg)
			exponent = -exponent;
	}

	/* significant digits are digits[first .. ndigits) */
	while (first < ndigits && digits[first] == '0')
		first++;
	while (ndigits > first && digits[ndigits - 1] == '0')
		ndigits--;
	if (first == ndigits)
	{
		*out = 0;
		return INTEGER_OK;
	}
	/* value = digits[first..ndigits) x 10^shift */
	shift = point + exponent - ndigits;
	if (shift < 0)
		return INTEGER_NOT_INTEGRAL;
	if (ndigits - first + shift > 10)
		return INTEGER_OUT_OF_RANGE;
	for (int64 i = first; i < ndigits; i++)
		value = value * 10 + (digits[i] - '0');
	for (int64 i = 0; i < shift; i++)
		value *= 10;
	if (negative)
		value = -value;
	if (value < PG_INT32_MIN || value > PG_INT32_MAX)
		return INTEGER_OUT_OF_RANGE;
	*out = (int32) value;
	return INTEGER_OK;
}

/* Optional "+", then 7 to 15 digits, the first not 0 (E.164's shape). */
bool
phone_is_valid(const char *str, size_t len)
{
	size_t		i = 0;
	size_t		ndigits;

	if (len > 0 && str[0] == '+')
		i = 1;
	ndigits = len - i;
	if (ndigits < 7 || ndigits > 15 || str[i] == '0')
		return false;
	for (; i < len; i++)
		if (str[i] < '0' || str[i] > '9')
			return false;
	return true;
}

PG_FUNCTION_INFO_V1(icl_is_valid_phone);
Datum
icl_is_valid_phone(PG_FUNCTION_ARGS)
{
	text	   *phone = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(phone_is_valid(VARDATA_ANY(phone), VARSIZE_ANY_EXHDR(phone)));
}
