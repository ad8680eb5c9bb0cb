/*
 * json_output.c — the response encoding of SPEC §3: camelCase keys in the
 * order the select names them (_id first), uuids as lower-case strings,
 * timestamps as UTC ISO-8601 with milliseconds and Z (independent of the
 * session's TimeZone and DateStyle), integers as numbers, null for nulls,
 * relations as nested objects or null.
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "json_output.h"

static void
append_key(StringInfo buf, const char *key)
{
	/* catalog names need no escaping */
	appendStringInfoChar(buf, '"');
	appendStringInfoString(buf, key);
	appendStringInfoString(buf, "\":");
}

static void
append_uuid(StringInfo buf, const pg_uuid_t *uuid)
{
	static const char hex[] = "0123456789abcdef";
	char		out[38];
	int			pos = 0;

	out[pos++] = '"';
	for (int i = 0; i < UUID_LEN; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[pos++] = '-';
		out[pos++] = hex[uuid->data[i] >> 4];
		out[pos++] = hex[uuid->data[i] & 0x0F];
	}
	out[pos++] = '"';
	appendBinaryStringInfo(buf, out, pos);
}

/* JavaScript's Date.toISOString(): years beyond 0-9999 as ±YYYYYY. */
static void
append_timestamp(StringInfo buf, TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (TIMESTAMP_NOT_FINITE(ts) || timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
	{
		/* the tables forbid non-finite timestamps; never a server error */
		appendStringInfoString(buf, "null");
		return;
	}
	if (tm.tm_year >= 0 && tm.tm_year <= 9999)
		appendStringInfo(buf, "\"%04d", tm.tm_year);
	else
		appendStringInfo(buf, "\"%+07d", tm.tm_year);
	appendStringInfo(buf, "-%02d-%02dT%02d:%02d:%02d.%03dZ\"",
					 tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
					 (int) (fsec / 1000));
}

void
json_append_value(StringInfo buf, FieldType type, Datum value, bool isnull)
{
	if (isnull)
	{
		appendStringInfoString(buf, "null");
		return;
	}
	switch (type)
	{
		case FIELD_UUID:
			append_uuid(buf, DatumGetUUIDP(value));
			break;
		case FIELD_TIMESTAMP:
			append_timestamp(buf, DatumGetTimestampTz(value));
			break;
		case FIELD_INTEGER:
			{
				char		digits[12];
				int			len = pg_ltoa(DatumGetInt32(value), digits);

				appendBinaryStringInfo(buf, digits, len);
				break;
			}
		case FIELD_TEXT:
		case FIELD_PHONE:
		case FIELD_STATUS:
			escape_json(buf, TextDatumGetCString(value));
			break;
	}
}

static void
append_relation(StringInfo buf, const SelectItem *item, const Datum *values, const bool *isnull)
{
	int			id = item->attno - 1;

	if (isnull[id])
	{
		appendStringInfoString(buf, "null");
		return;
	}
	appendStringInfoString(buf, "{\"_id\":");
	json_append_value(buf, FIELD_UUID, values[id], false);
	for (int k = 0; k < item->n_rel_fields; k++)
	{
		int			a = item->rel_attnos[k] - 1;

		appendStringInfoChar(buf, ',');
		append_key(buf, item->rel_fields[k]->json_name);
		json_append_value(buf, item->rel_fields[k]->type, values[a], isnull[a]);
	}
	appendStringInfoChar(buf, '}');
}

void
json_append_row(StringInfo buf, const Projection *proj, const Datum *values, const bool *isnull)
{
	appendStringInfoString(buf, "{\"_id\":");
	json_append_value(buf, FIELD_UUID, values[proj->id_attno - 1], isnull[proj->id_attno - 1]);
	for (int i = 0; i < proj->n; i++)
	{
		const SelectItem *item = &proj->items[i];

		appendStringInfoChar(buf, ',');
		append_key(buf, item->field->json_name);
		if (item->field->relation != NULL)
			append_relation(buf, item, values, isnull);
		else
			json_append_value(buf, item->field->type, values[item->attno - 1], isnull[item->attno - 1]);
	}
	appendStringInfoChar(buf, '}');
}
