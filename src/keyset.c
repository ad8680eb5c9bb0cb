/*
 * keyset.c — where a sorted walk of call_log stands (doc/cursors-and-changes.md get_page): the
 * sort's keys as rows are ordered (ties by _id), and the condition "strictly
 * after this position" as SQL over call_log alias l, made from catalog
 * columns and $n parameters only.
 *
 * NULLs sort as doc/reference.md says (PostgreSQL's default): last in ascending order,
 * first in descending order.  For key k with position value v, "after" is
 *
 *   ascending,  v not null:  k > v OR k IS NULL    (nulls follow every value)
 *   ascending,  v null:      nothing               (nulls come last)
 *   descending, v not null:  k < v                 (nulls came first)
 *   descending, v null:      k IS NOT NULL
 *
 * and "equal" is k = v, or k IS NULL for a null v.  Whether a position value
 * is null is known when the statement is built, so each case is written out
 * (a null never travels as a parameter).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "keyset.h"
#include "sql_names.h"


void
keyset_from_sort(Keyset *ks, const SortSpec *sort)
{
	const Field *id = catalog_id_field();

	ks->keys = palloc(sizeof(KeysetKey) * (sort->n + 1));
	ks->n = 0;
	for (int i = 0; i <= sort->n; i++)
	{
		KeysetKey  *k = &ks->keys[ks->n++];

		k->field = i < sort->n ? sort->keys[i].field : id;
		k->descending = i < sort->n ? sort->keys[i].descending : false;
		k->type = field_sql_type(k->field->type);
		get_typlenbyval(k->type, &k->typlen, &k->typbyval);
		if (k->field == id)
			break;				/* _id is unique: later keys order nothing */
	}
}

/* "l.<column>" of key i */
#define COLUMN(k) CALL_LOG_ALIAS ".%s", (k)->field->column

static void
append_equal(StringInfo sql, const KeysetKey *k, bool null, int param)
{
	appendStringInfo(sql, COLUMN(k));
	if (null)
		appendStringInfoString(sql, " IS NULL");
	else
		appendStringInfo(sql, SQL_EQ "$%d", param);
}

/* "after" for key k; false when nothing follows (ascending, null value). */
static bool
append_after(StringInfo sql, const KeysetKey *k, bool null, int param)
{
	if (null && !k->descending)
		return false;
	if (null)
		appendStringInfo(sql, CALL_LOG_ALIAS ".%s IS NOT NULL", k->field->column);
	else if (k->descending)
		appendStringInfo(sql, CALL_LOG_ALIAS ".%s" SQL_LT "$%d", k->field->column, param);
	else if (k->field->nullable)
		appendStringInfo(sql, "(" CALL_LOG_ALIAS ".%s" SQL_GT "$%d OR " CALL_LOG_ALIAS ".%s IS NULL)",
						 k->field->column, param, k->field->column);
	else
		appendStringInfo(sql, CALL_LOG_ALIAS ".%s" SQL_GT "$%d", k->field->column, param);
	return true;
}

/*
 * A bound on the first key alone that every row after the position meets,
 * written so a btree index leading with (project_id, first key) starts its
 * scan at the position: a deep page then costs what the first page costs.
 * For an ascending nullable key at a value it is met by the rows with a
 * value only (keyset_after_splits: the nulls are read as a range of their
 * own); none after a null descending (the nulls, then every value).
 */
static bool
append_leading_bound(StringInfo sql, const KeysetKey *k, bool null, int param)
{
	if (null)
	{
		if (k->descending)
			return false;		/* after a null: the nulls, then every value */
		appendStringInfo(sql, CALL_LOG_ALIAS ".%s IS NULL", k->field->column);
		return true;
	}
	if (k->descending)
	{
		appendStringInfo(sql, CALL_LOG_ALIAS ".%s" SQL_LE "$%d", k->field->column, param);
		return true;
	}
	/* ascending: from v (nullable: the values from v; the nulls follow, keyset_nulls_sql) */
	appendStringInfo(sql, CALL_LOG_ALIAS ".%s" SQL_GE "$%d", k->field->column, param);
	return true;
}

bool
keyset_after_splits(const Keyset *ks, const bool *nulls)
{
	return !ks->keys[0].descending && ks->keys[0].field->nullable && !nulls[0];
}

void
keyset_nulls_sql(StringInfo sql, const Keyset *ks)
{
	appendStringInfo(sql, CALL_LOG_ALIAS ".%s IS NULL", ks->keys[0].field->column);
}

void
keyset_after_sql(StringInfo sql, const Keyset *ks, const bool *nulls, const int *params)
{
	bool		same_way = true;
	bool		any_nullable = false;
	bool		first_term = true;

	for (int i = 0; i < ks->n; i++)
	{
		same_way &= ks->keys[i].descending == ks->keys[0].descending;
		any_nullable |= ks->keys[i].field->nullable;
	}

	if (same_way && !any_nullable)
	{
		/* (k1, ..., _id) > (v1, ..., id): one row comparison */
		appendStringInfoString(sql, "ROW(");
		for (int i = 0; i < ks->n; i++)
			appendStringInfo(sql, "%s" CALL_LOG_ALIAS ".%s", i > 0 ? ", " : "", ks->keys[i].field->column);
		appendStringInfoString(sql, ks->keys[0].descending ? ")" SQL_LT "ROW(" : ")" SQL_GT "ROW(");
		for (int i = 0; i < ks->n; i++)
			appendStringInfo(sql, "%s$%d", i > 0 ? ", " : "", params[i]);
		appendStringInfoChar(sql, ')');
		return;
	}

	if (append_leading_bound(sql, &ks->keys[0], nulls[0], params[0]))
		appendStringInfoString(sql, " AND ");
	appendStringInfoChar(sql, '(');
	for (int i = 0; i < ks->n; i++)
	{
		StringInfoData term;

		/* (k1 = v1 AND ... AND k(i-1) = v(i-1) AND ki after vi) */
		initStringInfo(&term);
		for (int j = 0; j < i; j++)
		{
			append_equal(&term, &ks->keys[j], nulls[j], params[j]);
			appendStringInfoString(&term, " AND ");
		}
		if (!append_after(&term, &ks->keys[i], nulls[i], params[i]))
			continue;
		appendStringInfo(sql, "%s(%s)", first_term ? "" : " OR ", term.data);
		first_term = false;
	}
	if (first_term)
		appendStringInfoString(sql, "false");	/* not reached: _id always has a term */
	appendStringInfoChar(sql, ')');
}

#define TAG_NULL	0
#define TAG_VALUE	1
#define TAG_ROW		2			/* too long to carry: read from the row, then its hash checked */
#define ROW_HASH_BYTES 8

int64
keyset_text_hash(const text *t)
{
	return (int64) hash_bytes_extended((const unsigned char *) VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), 0);
}

/* The most bytes key k's value takes (a text: as a reference, its tag and hash). */
static int
fixed_size(const KeysetKey *k)
{
	switch (k->type)
	{
		case UUIDOID:
			return 1 + UUID_LEN;
		case TIMESTAMPTZOID:
			return 1 + 8;
		case INT4OID:
			return 1 + 4;
		default:
			return 1 + ROW_HASH_BYTES;
	}
}

static void
put_uint(uint8 *p, uint64 v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8) (v & 0xff);
}

static uint64
get_uint(const uint8 *p, int bytes)
{
	uint64		v = 0;

	for (int i = 0; i < bytes; i++)
		v = (v << 8) | p[i];
	return v;
}

int
keyset_encode(uint8 *buf, int capacity, const Keyset *ks, const Datum *values, const bool *nulls)
{
	int			n = 0;
	int			reserve = 0;

	for (int i = 0; i < ks->n; i++)
		reserve += fixed_size(&ks->keys[i]);
	Assert(reserve <= capacity);
	for (int i = 0; i < ks->n; i++)
	{
		const KeysetKey *k = &ks->keys[i];

		reserve -= fixed_size(k);
		if (nulls[i])
		{
			buf[n++] = TAG_NULL;
			continue;
		}
		switch (k->type)
		{
			case UUIDOID:
				buf[n++] = TAG_VALUE;
				memcpy(buf + n, DatumGetUUIDP(values[i])->data, UUID_LEN);
				n += UUID_LEN;
				break;
			case TIMESTAMPTZOID:
				buf[n++] = TAG_VALUE;
				put_uint(buf + n, (uint64) DatumGetTimestampTz(values[i]), 8);
				n += 8;
				break;
			case INT4OID:
				buf[n++] = TAG_VALUE;
				put_uint(buf + n, (uint32) DatumGetInt32(values[i]), 4);
				n += 4;
				break;
			default:
				{
					text	   *t = DatumGetTextPP(values[i]);
					int			len = VARSIZE_ANY_EXHDR(t);

					if (n + 3 + len + reserve > capacity)
					{
						buf[n++] = TAG_ROW;
						put_uint(buf + n, (uint64) keyset_text_hash(t), ROW_HASH_BYTES);
						n += ROW_HASH_BYTES;
						break;
					}
					buf[n++] = TAG_VALUE;
					put_uint(buf + n, (uint64) len, 2);
					memcpy(buf + n + 2, VARDATA_ANY(t), len);
					n += 2 + len;
				}
		}
	}
	return n;
}

bool
keyset_decode(const uint8 *data, int len, const Keyset *ks, Datum *values, bool *nulls, bool *byref)
{
	int			n = 0;

	for (int i = 0; i < ks->n; i++)
	{
		const KeysetKey *k = &ks->keys[i];
		uint8		tag;

		if (n >= len)
			return false;
		tag = data[n++];
		nulls[i] = tag == TAG_NULL;
		byref[i] = tag == TAG_ROW;
		values[i] = (Datum) 0;
		if (tag == TAG_NULL)
		{
			if (!k->field->nullable)
				return false;
			continue;
		}
		if (tag == TAG_ROW)
		{
			if (k->type != TEXTOID || n + ROW_HASH_BYTES > len)
				return false;
			values[i] = Int64GetDatum((int64) get_uint(data + n, ROW_HASH_BYTES));
			n += ROW_HASH_BYTES;
			continue;
		}
		if (tag != TAG_VALUE)
			return false;
		switch (k->type)
		{
			case UUIDOID:
				{
					pg_uuid_t  *u = palloc(sizeof(pg_uuid_t));

					if (n + UUID_LEN > len)
						return false;
					memcpy(u->data, data + n, UUID_LEN);
					values[i] = UUIDPGetDatum(u);
					n += UUID_LEN;
				}
				break;
			case TIMESTAMPTZOID:
				if (n + 8 > len)
					return false;
				values[i] = TimestampTzGetDatum((TimestampTz) get_uint(data + n, 8));
				n += 8;
				break;
			case INT4OID:
				if (n + 4 > len)
					return false;
				values[i] = Int32GetDatum((int32) (uint32) get_uint(data + n, 4));
				n += 4;
				break;
			default:
				{
					int			tlen;

					if (n + 2 > len)
						return false;
					tlen = (int) get_uint(data + n, 2);
					n += 2;
					if (n + tlen > len)
						return false;
					values[i] = PointerGetDatum(cstring_to_text_with_len((const char *) data + n, tlen));
					n += tlen;
				}
		}
	}
	/* the last key is _id: never null, never a reference */
	return n == len && !nulls[ks->n - 1] && !byref[ks->n - 1];
}
