/*
 * cursor.c — making and opening the cursors of doc/cursors-and-changes.md.
 *
 * A cursor is base64url (RFC 4648 §5, no padding) of
 *
 *   version (1 byte)  kind (1)  length (2: the whole cursor's bytes, so a
 *   cut one is told from an altered one)  project (16)  query hash (8)
 *   sort hash (8)
 *   body (what the call keeps there: a page's position, a feed's snapshot)
 *   HMAC-SHA256 of all the above, cut to CURSOR_MAC_BYTES
 *
 * The MAC's key is a secret in incoming_call_log_internal.cursor_secret, a table only
 * the extension owner can read (the calls read it with the owner's rights).
 * A cursor is signed with the newest secret that does not expire, and opens
 * with any secret not yet expired, so rotate_cursor_secret(overlap) leaves
 * outstanding cursors working for the overlap.  The query and sort hashes
 * are carried only to say which binding a refused cursor broke; a cursor is
 * signed, not encrypted: its position (sort values of a row the caller read)
 * is not secret from the caller, it is only unforgeable.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/hmac.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "arguments.h"
#include "cursor.h"
#include "errors.h"
#include "plan_cache.h"
#include "sql_names.h"

#define CURSOR_VERSION		3	/* 3: a get_page reference to a row carries its value's hash */
#define LENGTH_AT			2	/* offsets: after version and kind, the length, */
#define PROJECT_AT			(LENGTH_AT + 2) /* the project, */
#define QUERY_AT			(PROJECT_AT + UUID_LEN)	/* the query's hash */
#define SORT_AT				(QUERY_AT + CURSOR_BINDING_HASH_BYTES)	/* and the sort's */
#define HEADER_BYTES		(SORT_AT + CURSOR_BINDING_HASH_BYTES)
#define MAX_RAW_BYTES		(CURSOR_MAX_CHARS / 4 * 3)
#define SECRET_BYTES		32

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *
b64url_encode(const uint8 *src, int len)
{
	char	   *out = palloc((len + 2) / 3 * 4 + 1);
	char	   *p = out;

	for (int i = 0; i < len; i += 3)
	{
		uint32		v = (uint32) src[i] << 16;

		if (i + 1 < len)
			v |= (uint32) src[i + 1] << 8;
		if (i + 2 < len)
			v |= src[i + 2];
		*p++ = b64url[(v >> 18) & 63];
		*p++ = b64url[(v >> 12) & 63];
		if (i + 1 < len)
			*p++ = b64url[(v >> 6) & 63];
		if (i + 2 < len)
			*p++ = b64url[v & 63];
	}
	*p = '\0';
	return out;
}

static int
b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* Decode base64url without padding; -1 when it is not that. */
static int
b64url_decode(const char *src, int len, uint8 *dst)
{
	int			n = 0;
	uint32		acc = 0;
	int			bits = 0;

	if (len % 4 == 1)
		return -1;
	for (int i = 0; i < len; i++)
	{
		int			v = b64url_value(src[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32) v;
		bits += 6;
		if (bits >= 8)
		{
			bits -= 8;
			dst[n++] = (uint8) (acc >> bits);
		}
	}
	/* the unused low bits of the last character must be zero (one spelling per cursor) */
	if (bits > 0 && (acc & ((1U << bits) - 1)) != 0)
		return -1;
	return n;
}

static void
sha256_into(const uint8 *data, int len, uint8 *out, int outlen)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);
	uint8		digest[32];

	if (pg_cryptohash_init(ctx) < 0 || pg_cryptohash_update(ctx, data, len) < 0 ||
		pg_cryptohash_final(ctx, digest, sizeof(digest)) < 0)
		elog(ERROR, "could not compute SHA-256: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);
	memcpy(out, digest, outlen);
}

static void
mac_into(const bytea *secret, const uint8 *data, int len, uint8 *out)
{
	pg_hmac_ctx *ctx = pg_hmac_create(PG_SHA256);
	uint8		digest[32];

	if (ctx == NULL)
		elog(ERROR, "out of memory");
	if (pg_hmac_init(ctx, (const uint8 *) VARDATA_ANY(secret), VARSIZE_ANY_EXHDR(secret)) < 0 ||
		pg_hmac_update(ctx, data, len) < 0 ||
		pg_hmac_final(ctx, digest, sizeof(digest)) < 0)
		elog(ERROR, "could not compute HMAC-SHA256: %s", pg_hmac_error(ctx));
	pg_hmac_free(ctx);
	memcpy(out, digest, CURSOR_MAC_BYTES);
}

/*
 * The secrets not yet expired, the signing one first (the newest that does
 * not expire; else the newest).  None at all: 55000, the owner must make one.
 */
static int
load_secrets(bytea **secrets)
{
	static const char sql[] =
		"SELECT s.secret FROM incoming_call_log_internal.cursor_secret s"
		" WHERE s.expires_at IS NULL OR s.expires_at" SQL_GT "pg_catalog.now()"
		" ORDER BY s.expires_at IS NULL DESC, s.created_at DESC LIMIT " CppAsString2(CURSOR_MAX_SECRETS);
	SPIPlanPtr	plan = plan_cache_get(sql, 0, NULL, CURSOR_OPT_GENERIC_PLAN);
	int			n;

	if (SPI_execute_plan(plan, NULL, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "incoming_call_log: reading cursor secrets failed");
	n = (int) SPI_processed;
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("incoming_call_log has no cursor secret"),
				 errhint("The extension owner makes one with incoming_call_log.rotate_cursor_secret().")));
	for (int i = 0; i < n; i++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);

		secrets[i] = isnull ? NULL : DatumGetByteaPCopy(d);
	}
	return n;
}

static void
hash_text(StringInfo buf, const char *s)
{
	appendStringInfo(buf, "%zu:%s;", strlen(s), s);
}

/* Order of two encoded list elements (for sorting a list as a set). */
static int
compare_pieces(const void *a, const void *b)
{
	const StringInfoData *x = (const StringInfoData *) a;
	const StringInfoData *y = (const StringInfoData *) b;
	int			c = memcmp(x->data, y->data, Min(x->len, y->len));

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/*
 * One filter value, as the same bytes whatever the session's settings: a
 * fixed-length value (a date, a number, a uuid) by its own bytes, since its
 * text depends on TimeZone and DateStyle (a gateway may set TimeZone per
 * request: PostgREST's Prefer: timezone=); a text by its text.
 */
static void
hash_value(StringInfo buf, Oid type, Datum value)
{
	Oid			element = get_element_type(type);
	int16		typlen;
	bool		typbyval;

	appendStringInfo(buf, "%u:", type);
	if (OidIsValid(element))
	{
		/*
		 * An Includes / IncludesNone list: a set, so its elements sorted and
		 * each once (["b","a","a"] matches what ["a","b"] does).
		 */
		ArrayType  *array = DatumGetArrayTypeP(value);
		Datum	   *elems;
		bool	   *nulls;
		int			n;
		char		align;
		StringInfoData *each;
		int			kept = 0;

		get_typlenbyvalalign(element, &typlen, &typbyval, &align);
		deconstruct_array(array, element, typlen, typbyval, align, &elems, &nulls, &n);
		each = palloc(sizeof(StringInfoData) * Max(n, 1));
		for (int i = 0; i < n; i++)
		{
			CHECK_FOR_INTERRUPTS();
			initStringInfo(&each[i]);
			if (nulls[i])
				appendStringInfoString(&each[i], "null;");
			else
				hash_value(&each[i], element, elems[i]);
		}
		qsort(each, n, sizeof(StringInfoData), compare_pieces);
		appendStringInfoChar(buf, '[');
		for (int i = 0; i < n; i++)
			if (i == 0 || compare_pieces(&each[i - 1], &each[i]) != 0)
			{
				appendBinaryStringInfo(buf, each[i].data, each[i].len);
				kept++;
			}
		appendStringInfo(buf, "]%d;", kept);
		return;
	}
	get_typlenbyval(type, &typlen, &typbyval);
	if (typbyval)
		appendBinaryStringInfo(buf, (const char *) &value, sizeof(Datum));
	else if (typlen > 0)
		appendBinaryStringInfo(buf, DatumGetPointer(value), typlen);
	else
	{
		Oid			output;
		bool		varlena;

		getTypeOutputInfo(type, &output, &varlena);
		hash_text(buf, OidOutputFunctionCall(output, value));
	}
	appendStringInfoChar(buf, ';');
}

void
cursor_binding(CursorBinding *b, CursorKind kind, const pg_uuid_t *project,
			   const FilterSet *query, const Keyset *ks)
{
	StringInfoData canon;
	static const int params[2] = {1, 2};

	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->project = *project;

	/* the query as parsed: each filter's SQL and its values, in catalog order */
	initStringInfo(&canon);
	for (int i = 0; query != NULL && i < query->n; i++)
	{
		const Filter *f = &query->filters[i];
		StringInfoData cond;

		initStringInfo(&cond);
		query_filter_sql(&cond, f, params);
		hash_text(&canon, cond.data);
		for (int v = 0; v < f->nvalues; v++)
			hash_value(&canon, f->type, f->values[v]);
		appendStringInfoChar(&canon, '|');
	}
	sha256_into((const uint8 *) canon.data, canon.len, b->query_hash, CURSOR_BINDING_HASH_BYTES);

	if (ks != NULL)
	{
		resetStringInfo(&canon);
		for (int i = 0; i < ks->n; i++)
			appendStringInfo(&canon, "%s %s,", ks->keys[i].field->json_name,
							 ks->keys[i].descending ? "DESC" : "ASC");
		sha256_into((const uint8 *) canon.data, canon.len, b->sort_hash, CURSOR_BINDING_HASH_BYTES);
	}
}

int
cursor_body_capacity(void)
{
	return MAX_RAW_BYTES - HEADER_BYTES - CURSOR_MAC_BYTES;
}

char *
cursor_make(const CursorBinding *b, const uint8 *body, int len)
{
	bytea	   *secrets[CURSOR_MAX_SECRETS];
	uint8		raw[MAX_RAW_BYTES];
	int			n = 0;

	if (len > cursor_body_capacity())
		elog(ERROR, "incoming_call_log: cursor body of %d bytes exceeds %d", len, cursor_body_capacity());
	load_secrets(secrets);
	if (secrets[0] == NULL)
		elog(ERROR, "incoming_call_log: null cursor secret");
	raw[n++] = CURSOR_VERSION;
	raw[n++] = (uint8) b->kind;
	n += 2;						/* the length, known at the end */
	memcpy(raw + n, b->project.data, UUID_LEN);
	n += UUID_LEN;
	memcpy(raw + n, b->query_hash, CURSOR_BINDING_HASH_BYTES);
	n += CURSOR_BINDING_HASH_BYTES;
	memcpy(raw + n, b->sort_hash, CURSOR_BINDING_HASH_BYTES);
	n += CURSOR_BINDING_HASH_BYTES;
	memcpy(raw + n, body, len);
	n += len;
	raw[LENGTH_AT] = (uint8) ((n + CURSOR_MAC_BYTES) >> 8);
	raw[LENGTH_AT + 1] = (uint8) (n + CURSOR_MAC_BYTES);
	mac_into(secrets[0], raw, n, raw + n);
	n += CURSOR_MAC_BYTES;
	return b64url_encode(raw, n);
}

/* 22023 naming the parameter and the rule the cursor broke. */
static void
refuse(const char *param, const char *message, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_ICL_BAD_REQUEST),
			 errmsg("\"%s\" %s", param, message),
			 errdetail("%s", detail),
			 errhint("Pass back the \"next\" of an earlier answer unchanged, with the same query%s; or start again without \"%s\".",
					 strcmp(param, "after") == 0 ? " and sort" : "", param)));
}

/* The whole cursor's bytes, as the cursor says it was made. */
static int
made_length(const uint8 *raw)
{
	return (raw[LENGTH_AT] << 8) | raw[LENGTH_AT + 1];
}

/* Characters of the base64url (no padding) of so many bytes. */
static int
made_chars(int bytes)
{
	return (bytes * 4 + 2) / 3;
}

/* 22023: a cursor's beginning, cut short (pasted in part, a URL cut). */
static void
refuse_cut(const char *param, int made)
{
	refuse(param, "was cut short",
		   psprintf("It is the beginning of a cursor of %d characters; pass all of it.", made_chars(made)));
}

static bool
same_bytes(const uint8 *a, const uint8 *b, int len)
{
	uint8		diff = 0;

	for (int i = 0; i < len; i++)
		diff |= a[i] ^ b[i];	/* the whole length, whatever differs first */
	return diff == 0;
}

const uint8 *
cursor_open(const char *text, const char *param, const CursorBinding *expected, int *len)
{
	size_t		chars = strlen(text);
	uint8	   *raw;
	int			n;
	bytea	   *secrets[CURSOR_MAX_SECRETS];
	int			nsecrets;
	bool		signed_here = false;
	const char *self = expected->kind == CURSOR_PAGE ? "a get_page cursor" : "a get_changes position";
	const char *other = expected->kind == CURSOR_PAGE ? "a get_changes position" : "a get_page cursor";

	if (chars == 0 || chars > CURSOR_MAX_CHARS)
		refuse(param, "is not a cursor",
			   psprintf("A cursor is 1 to %d characters long; this one has %zu.", CURSOR_MAX_CHARS, chars));
	raw = palloc(chars);
	n = b64url_decode(text, (int) chars, raw);
	if (n < 0)
	{
		/* its whole groups of four characters may be a cursor's beginning */
		int			start = b64url_decode(text, (int) (chars / 4 * 4), raw);

		if (start >= PROJECT_AT && raw[0] == CURSOR_VERSION && (int) chars < made_chars(made_length(raw)))
			refuse_cut(param, made_length(raw));
		n = -1;
	}
	if (n < PROJECT_AT)
		refuse(param, "is not a cursor",
			   psprintf("%s is not text of the form the calls answer as \"next\".", json_quote(text)));
	if (raw[0] != CURSOR_VERSION)
		refuse(param, "is not a cursor", "It is not of a version this extension makes.");
	if (n < made_length(raw))
		refuse_cut(param, made_length(raw));
	if (n != made_length(raw) || n < HEADER_BYTES + CURSOR_MAC_BYTES)
		refuse(param, "was altered or was not made by this database",
			   n > made_length(raw) ? "It is longer than it was made." : "Its length field does not match.");

	nsecrets = load_secrets(secrets);
	for (int i = 0; i < nsecrets && !signed_here; i++)
	{
		uint8		mac[CURSOR_MAC_BYTES];

		if (secrets[i] == NULL)
			continue;
		mac_into(secrets[i], raw, n - CURSOR_MAC_BYTES, mac);
		signed_here = same_bytes(mac, raw + n - CURSOR_MAC_BYTES, CURSOR_MAC_BYTES);
	}
	if (!signed_here)
		refuse(param, "was altered or was not made by this database",
			   "Its signature does not match. A cursor made before the cursor secret was rotated stops working when the rotation's overlap ends.");
	if (raw[1] != (uint8) expected->kind)
		refuse(param, psprintf("is %s, not %s", other, self),
			   "get_page's cursors and get_changes' positions cannot stand in for each other.");
	if (memcmp(raw + PROJECT_AT, expected->project.data, UUID_LEN) != 0)
		refuse(param, "was made for another project",
			   "A cursor is bound to the project of the caller that received it.");
	if (memcmp(raw + QUERY_AT, expected->query_hash, CURSOR_BINDING_HASH_BYTES) != 0)
		refuse(param, "was made for another query",
			   "A cursor is bound to the \"query\" of the request that returned it.");
	if (memcmp(raw + SORT_AT, expected->sort_hash, CURSOR_BINDING_HASH_BYTES) != 0)
		refuse(param, "was made for another sort",
			   "A get_page cursor is bound to the \"sort\" of the request that returned it.");

	*len = n - HEADER_BYTES - CURSOR_MAC_BYTES;
	return raw + HEADER_BYTES;
}
