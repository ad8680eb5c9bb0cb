/*
 * csv_output.c — the CSV writer of get_list_csv, get_item_csv, count_csv
 * and get_aggregate_csv (doc/reference.md and doc/aggregates.md), beside the JSON writer and driven by the same projection, so a
 * field added to the catalog appears in both.
 *
 * Values are written as the JSON shows them (render.c): strings as they
 * are — no formula escaping, phone numbers begin with "+" — numbers as
 * digits, null as an empty field, a null relation as empty fields for all
 * of its columns.  RFC 4180 quoting: a field is enclosed in double quotes
 * when it contains a comma, a double quote, CR or LF, or begins or ends
 * with a space; a double quote inside is doubled.  Fields are separated by
 * commas and every line, the last included, ends with LF.
 */
#include "postgres.h"

#include "csv_output.h"
#include "render.h"

/* Append one field's bytes, quoted when RFC 4180 (and doc/reference.md) needs it. */
static void
append_field(StringInfo buf, const char *s, int len)
{
	bool		quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');

	for (int i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote)
	{
		appendBinaryStringInfo(buf, s, len);
		return;
	}
	appendStringInfoChar(buf, '"');
	for (int i = 0, start = 0; i <= len; i++)
		if (i == len || s[i] == '"')
		{
			/* the run up to and including this quote, then the quote again */
			appendBinaryStringInfo(buf, s + start, i - start + (i < len ? 1 : 0));
			if (i < len)
				appendStringInfoChar(buf, '"');
			start = i + 1;
		}
	appendStringInfoChar(buf, '"');
}

static void
append_separator(StringInfo buf, bool *first)
{
	if (!*first)
		appendStringInfoChar(buf, ',');
	*first = false;
}

static void
append_value(StringInfo buf, FieldType type, Datum value, bool isnull)
{
	int			mark;

	if (isnull)
		return;
	if (type == FIELD_TEXT || type == FIELD_PHONE || type == FIELD_STATUS)
	{
		int			len;
		const char *bytes = render_text_bytes(value, &len);

		append_field(buf, bytes, len);
		return;
	}
	/* uuids, timestamps and integers never need quoting */
	mark = buf->len;
	if (!render_value(buf, type, value))
	{
		buf->len = mark;
		buf->data[mark] = '\0';
	}
}

void
csv_append_header(StringInfo buf, const Projection *proj)
{
	appendStringInfoString(buf, "_id");
	for (int i = 0; i < proj->n; i++)
	{
		const SelectItem *item = &proj->items[i];

		appendStringInfoChar(buf, ',');
		if (item->field->relation == NULL)
		{
			appendStringInfoString(buf, item->field->json_name);
			continue;
		}
		/* catalog names need no quoting */
		appendStringInfo(buf, "%s._id", item->field->json_name);
		for (int k = 0; k < item->n_rel_fields; k++)
			appendStringInfo(buf, ",%s.%s", item->field->json_name, item->rel_fields[k]->json_name);
	}
	appendStringInfoChar(buf, '\n');
}

void
csv_append_row(StringInfo buf, const Projection *proj, const Datum *values, const bool *isnull)
{
	bool		first = true;

	append_separator(buf, &first);
	append_value(buf, FIELD_UUID, values[proj->id_attno - 1], isnull[proj->id_attno - 1]);
	for (int i = 0; i < proj->n; i++)
	{
		const SelectItem *item = &proj->items[i];
		int			a = item->attno - 1;

		append_separator(buf, &first);
		if (item->field->relation == NULL)
		{
			append_value(buf, item->field->type, values[a], isnull[a]);
			continue;
		}
		/* a null relation leaves all of its columns empty */
		append_value(buf, FIELD_UUID, values[a], isnull[a]);
		for (int k = 0; k < item->n_rel_fields; k++)
		{
			int			r = item->rel_attnos[k] - 1;

			append_separator(buf, &first);
			if (!isnull[a])
				append_value(buf, item->rel_fields[k]->type, values[r], isnull[r]);
		}
	}
	appendStringInfoChar(buf, '\n');
}

void
csv_append_count(StringInfo buf, int64 count)
{
	appendStringInfo(buf, "count\n" INT64_FORMAT "\n", count);
}

void
csv_append_aggregate_header(StringInfo buf, const AggregateSpec *spec)
{
	bool		first = true;

	/* catalog and measure names need no quoting */
	for (int k = 0; k < spec->nkeys; k++)
	{
		append_separator(buf, &first);
		appendStringInfoString(buf, spec->keys[k].field->json_name);
	}
	if (spec->count)
	{
		append_separator(buf, &first);
		appendStringInfoString(buf, "count");
	}
	for (int f = 0; f < spec->nfields; f++)
		for (int m = 0; m < spec->fields[f].n; m++)
		{
			append_separator(buf, &first);
			appendStringInfo(buf, "%s.%s", spec->fields[f].field->json_name,
							 aggregate_measure_name(spec->fields[f].measures[m]));
		}
	appendStringInfoChar(buf, '\n');
}

void
csv_append_group(StringInfo buf, const AggregateSpec *spec, const Datum *values, const bool *isnull)
{
	int			a = 0;			/* the result column */
	bool		first = true;

	for (int k = 0; k < spec->nkeys; k++, a++)
	{
		append_separator(buf, &first);
		append_value(buf, spec->keys[k].field->type, values[a], isnull[a]);
	}
	if (spec->count)
	{
		append_separator(buf, &first);
		render_bigint(buf, DatumGetInt64(values[a]));
	}
	a++;
	for (int f = 0; f < spec->nfields; f++)
		for (int m = 0; m < spec->fields[f].n; m++, a++)
		{
			int			mark;

			append_separator(buf, &first);
			/* numbers and dates never need quoting */
			mark = buf->len;
			if (!isnull[a] && !render_measure(buf, spec->fields[f].measures[m], spec->fields[f].field->type, values[a]))
			{
				buf->len = mark;
				buf->data[mark] = '\0';
			}
		}
	appendStringInfoChar(buf, '\n');
}
