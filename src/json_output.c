/*
 * json_output.c — the JSON writer (doc/reference.md "Response encoding"): camelCase
 * keys in the order the select names them (_id first), values as render.c
 * shows them (strings quoted and escaped, integers bare), null for nulls,
 * relations as nested objects or null; get_aggregate's groups likewise,
 * their counts and measures as bare numbers.  Compact, built as text in one
 * StringInfo, the way PostgreSQL's own json output functions work.
 */
#include "postgres.h"

#include "json_output.h"
#include "render.h"

/* Catalog names need no escaping. */
static void
append_key(StringInfo buf, const char *key)
{
	appendStringInfoChar(buf, '"');
	appendStringInfoString(buf, key);
	appendStringInfoString(buf, "\":");
}

/*
 * A JSON string of len bytes, escaped exactly as escape_json() escapes: the
 * short escapes for \b \f \n \r \t " \, \u00XX for other control characters.
 * Runs of plain bytes are copied at once.
 */
static void
append_json_string(StringInfo buf, const char *s, int len)
{
	int			start = 0;

	appendStringInfoChar(buf, '"');
	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		const char *esc;
		char		code[7];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		appendBinaryStringInfo(buf, s + start, i - start);
		start = i + 1;
		switch (c)
		{
			case '\b':
				esc = "\\b";
				break;
			case '\f':
				esc = "\\f";
				break;
			case '\n':
				esc = "\\n";
				break;
			case '\r':
				esc = "\\r";
				break;
			case '\t':
				esc = "\\t";
				break;
			case '"':
				esc = "\\\"";
				break;
			case '\\':
				esc = "\\\\";
				break;
			default:
				snprintf(code, sizeof(code), "\\u%04x", c);
				esc = code;
				break;
		}
		appendStringInfoString(buf, esc);
	}
	appendBinaryStringInfo(buf, s + start, len - start);
	appendStringInfoChar(buf, '"');
}

static void
append_value(StringInfo buf, FieldType type, Datum value, bool isnull)
{
	int			mark = buf->len;

	if (!isnull)
		switch (type)
		{
			case FIELD_TEXT:
			case FIELD_PHONE:
			case FIELD_STATUS:
				{
					int			len;
					const char *bytes = render_text_bytes(value, &len);

					append_json_string(buf, bytes, len);
					return;
				}
			case FIELD_INTEGER:
				if (render_value(buf, type, value))
					return;
				break;
			case FIELD_UUID:
			case FIELD_TIMESTAMP:
				/* these need no escaping */
				appendStringInfoChar(buf, '"');
				if (render_value(buf, type, value))
				{
					appendStringInfoChar(buf, '"');
					return;
				}
				buf->len = mark;
				buf->data[mark] = '\0';
				break;
		}
	appendStringInfoString(buf, "null");
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
	append_value(buf, FIELD_UUID, values[id], false);
	for (int k = 0; k < item->n_rel_fields; k++)
	{
		int			a = item->rel_attnos[k] - 1;

		appendStringInfoChar(buf, ',');
		append_key(buf, item->rel_fields[k]->json_name);
		append_value(buf, item->rel_fields[k]->type, values[a], isnull[a]);
	}
	appendStringInfoChar(buf, '}');
}

void
json_append_row(StringInfo buf, const Projection *proj, const Datum *values, const bool *isnull)
{
	appendStringInfoString(buf, "{\"_id\":");
	append_value(buf, FIELD_UUID, values[proj->id_attno - 1], isnull[proj->id_attno - 1]);
	for (int i = 0; i < proj->n; i++)
	{
		const SelectItem *item = &proj->items[i];

		appendStringInfoChar(buf, ',');
		append_key(buf, item->field->json_name);
		if (item->field->relation != NULL)
			append_relation(buf, item, values, isnull);
		else
			append_value(buf, item->field->type, values[item->attno - 1], isnull[item->attno - 1]);
	}
	appendStringInfoChar(buf, '}');
}

void
json_append_change(StringInfo buf, const Projection *proj, Datum id, const Datum *values,
				   const bool *isnull)
{
	bool		removed = isnull[proj->id_attno - 1];

	appendStringInfoString(buf, removed ? "{\"op\":\"remove\",\"_id\":" : "{\"op\":\"upsert\",\"_id\":");
	append_value(buf, FIELD_UUID, id, false);
	if (!removed)
	{
		appendStringInfoString(buf, ",\"object\":");
		json_append_row(buf, proj, values, isnull);
	}
	appendStringInfoChar(buf, '}');
}

void
json_append_group(StringInfo buf, const AggregateSpec *spec, const Datum *values, const bool *isnull)
{
	int			a = 0;			/* the result column */
	bool		first = true;

	appendStringInfoChar(buf, '{');
	for (int k = 0; k < spec->nkeys; k++, a++)
	{
		if (!first)
			appendStringInfoChar(buf, ',');
		first = false;
		append_key(buf, spec->keys[k].field->json_name);
		append_value(buf, spec->keys[k].field->type, values[a], isnull[a]);
	}
	if (spec->count)
	{
		appendStringInfoString(buf, first ? "\"count\":" : ",\"count\":");
		first = false;
		render_bigint(buf, DatumGetInt64(values[a]));
	}
	a++;
	for (int f = 0; f < spec->nfields; f++)
	{
		const MeasuredField *mf = &spec->fields[f];

		if (!first)
			appendStringInfoChar(buf, ',');
		first = false;
		append_key(buf, mf->field->json_name);
		appendStringInfoChar(buf, '{');
		for (int m = 0; m < mf->n; m++, a++)
		{
			int			mark;

			if (m > 0)
				appendStringInfoChar(buf, ',');
			append_key(buf, aggregate_measure_name(mf->measures[m]));
			if (mf->measures[m] == MEASURE_MIN || mf->measures[m] == MEASURE_MAX)
			{
				/* encoded like the field */
				append_value(buf, mf->field->type, values[a], isnull[a]);
				continue;
			}
			mark = buf->len;
			if (isnull[a] || !render_measure(buf, mf->measures[m], mf->field->type, values[a]))
			{
				buf->len = mark;
				buf->data[mark] = '\0';
				appendStringInfoString(buf, "null");
			}
		}
		appendStringInfoChar(buf, '}');
	}
	appendStringInfoChar(buf, '}');
}
