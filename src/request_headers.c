/*
 * request_headers.c — read apikey and tenantid from the request.headers
 * setting, the way PostgREST passes HTTP headers to SQL.
 *
 * Anyone can SET request.headers, so its text is untrusted: parsing never
 * raises (PostgreSQL's JSON parser is only run on text whose nesting has
 * been checked shallow enough for its recursion, and, in a database whose
 * encoding is not UTF8, whose non-ASCII \u escapes have been replaced, since
 * converting those can raise), and anything unexpected means "no such
 * header".  apikey and tenantid are ASCII, so no escape that matters is lost.
 * When no key is read, it also says why (HeadersProblem: unset, not a JSON
 * object, an apikey that is not one string, a member named "ApiKey" in
 * another case), for the PT401 hint caller.c writes.
 *
 * A gateway sets the same text for every request of a client, so the last
 * text read (up to HEADERS_MEMO_MAX_BYTES) and what it gave, the key's
 * SHA-256 included, are remembered: the parse depends on nothing else (the
 * database encoding is fixed for the backend), so the memo never goes stale.
 */
#include "postgres.h"

#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "utils/guc.h"

#include "bounds.h"
#include "compat.h"
#include "key_cache.h"
#include "request_headers.h"
#include "utils/memutils.h"
#include "values.h"

typedef enum HeaderSlot
{
	SLOT_NONE,
	SLOT_APIKEY,
	SLOT_TENANTID
} HeaderSlot;

typedef struct HeaderState
{
	int			depth;
	bool		root_is_object;
	HeaderSlot	pending;		/* top-level member whose value comes next */
	char	   *values[3];
	int			seen[3];		/* times each member appeared */
	bool		is_string[3];
	char		apikey_name[7];	/* first top-level member named like apikey in another case */
} HeaderState;

/* True when no object/array nests deeper than max (strings skipped). */
static bool
nesting_within(const char *s, int len, int max)
{
	int			depth = 0;
	bool		in_string = false;

	for (int i = 0; i < len; i++)
	{
		char		c = s[i];

		if (in_string)
		{
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		}
		else if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[')
		{
			if (++depth > max)
				return false;
		}
		else if (c == '}' || c == ']')
			depth--;
	}
	return true;
}

/* Replace each \u escape of a code point above U+007F with \u003f ("?"), in place. */
static void
neutralize_non_ascii_escapes(char *s, int len)
{
	for (int i = 0; i + 1 < len; i++)
	{
		if (s[i] != '\\')
			continue;
		if (s[i + 1] == 'u' && i + 5 < len)
		{
			int			d[4];

			for (int k = 0; k < 4; k++)
				d[k] = hex_value(s[i + 2 + k]);
			if (d[0] >= 0 && d[1] >= 0 && d[2] >= 0 && d[3] >= 0 &&
				((d[0] << 12) | (d[1] << 8) | (d[2] << 4) | d[3]) > 0x7F)
				memcpy(s + i + 2, "003f", 4);
		}
		i++;					/* skip the escaped character */
	}
}

static JsonActionResult
on_struct_start(void *arg)
{
	HeaderState *state = arg;

	if (state->depth == 0)
		state->root_is_object = true;	/* refined by on_array_start */
	state->depth++;
	state->pending = SLOT_NONE;
	JSON_ACTION_OK;
}

static JsonActionResult
on_array_start(void *arg)
{
	HeaderState *state = arg;

	if (state->depth == 0)
		state->root_is_object = false;
	state->depth++;
	state->pending = SLOT_NONE;
	JSON_ACTION_OK;
}

static JsonActionResult
on_struct_end(void *arg)
{
	((HeaderState *) arg)->depth--;
	JSON_ACTION_OK;
}

static JsonActionResult
on_field_start(void *arg, char *fname, bool isnull)
{
	HeaderState *state = arg;

	state->pending = SLOT_NONE;
	if (state->depth != 1 || fname == NULL)
		JSON_ACTION_OK;
	if (strcmp(fname, "apikey") == 0)
		state->pending = SLOT_APIKEY;
	else if (pg_strcasecmp(fname, "apikey") == 0 && state->apikey_name[0] == '\0')
		strlcpy(state->apikey_name, fname, sizeof(state->apikey_name));
	else if (strcmp(fname, "tenantid") == 0)
		state->pending = SLOT_TENANTID;
	if (state->pending != SLOT_NONE)
		state->seen[state->pending]++;
	JSON_ACTION_OK;
}

static JsonActionResult
on_scalar(void *arg, char *token, JsonTokenType tokentype)
{
	HeaderState *state = arg;

	if (state->depth == 1 && state->pending != SLOT_NONE)
	{
		state->values[state->pending] = token;
		state->is_string[state->pending] = (tokentype == JSON_TOKEN_STRING);
	}
	state->pending = SLOT_NONE;
	JSON_ACTION_OK;
}

static char *
header_value(const HeaderState *state, HeaderSlot slot)
{
	if (state->seen[slot] != 1 || !state->is_string[slot] ||
		state->values[slot] == NULL || state->values[slot][0] == '\0')
		return NULL;
	return state->values[slot];
}

/* Parse the setting's text into headers (strings allocated in the current context). */
static void
parse_headers(const char *setting, RequestHeaders *headers)
{
	char	   *text = pstrdup(setting);
	int			len = strlen(text);
	JsonLexContext *lex;
	JsonSemAction sem;
	HeaderState state;

	headers->problem = HEADERS_UNREADABLE;
	if (!nesting_within(text, len, HEADERS_MAX_DEPTH))
		return;
	if (GetDatabaseEncoding() != PG_UTF8)
		neutralize_non_ascii_escapes(text, len);

	memset(&state, 0, sizeof(state));
	memset(&sem, 0, sizeof(sem));
	sem.semstate = &state;
	sem.object_start = on_struct_start;
	sem.object_end = on_struct_end;
	sem.array_start = on_array_start;
	sem.array_end = on_struct_end;
	sem.object_field_start = on_field_start;
	sem.scalar = on_scalar;

	lex = compat_json_lexer(text, len, GetDatabaseEncoding());
	if (pg_parse_json(lex, &sem) != JSON_SUCCESS || !state.root_is_object)
		return;
	headers->apikey = header_value(&state, SLOT_APIKEY);
	headers->tenantid = header_value(&state, SLOT_TENANTID);
	if (headers->apikey != NULL)
	{
		key_hash(headers->apikey, headers->apikey_hash);
		headers->problem = HEADERS_KEY_PRESENTED;
	}
	else if (state.seen[SLOT_APIKEY] > 0)
		headers->problem = HEADERS_APIKEY_UNUSABLE;
	else if (state.apikey_name[0] != '\0')
	{
		headers->problem = HEADERS_APIKEY_MISCASED;
		memcpy(headers->apikey_name, state.apikey_name, sizeof(headers->apikey_name));
	}
	else
		headers->problem = HEADERS_NO_APIKEY;
}

/* The last setting text parsed, and what it gave (in TopMemoryContext). */
static char *memo_text = NULL;
static RequestHeaders memo;

static void
remember(const char *setting, const RequestHeaders *headers)
{
	/*
	 * Copy first, then free: an out-of-memory error while copying must leave
	 * the old memo whole, not a freed memo_text compared on the next call.
	 */
	char	   *text = MemoryContextStrdup(TopMemoryContext, setting);
	char	   *apikey = headers->apikey ? MemoryContextStrdup(TopMemoryContext, headers->apikey) : NULL;
	char	   *tenantid = headers->tenantid ? MemoryContextStrdup(TopMemoryContext, headers->tenantid) : NULL;

	if (memo_text != NULL)
	{
		pfree(memo_text);
		if (memo.apikey != NULL)
			pfree((char *) memo.apikey);
		if (memo.tenantid != NULL)
			pfree((char *) memo.tenantid);
	}
	memo = *headers;
	memo.apikey = apikey;
	memo.tenantid = tenantid;
	memo_text = text;
}

void
request_headers_read(RequestHeaders *headers)
{
	const char *setting = GetConfigOption("request.headers", true, false);

	memset(headers, 0, sizeof(*headers));
	headers->problem = HEADERS_ABSENT;
	if (setting == NULL || setting[0] == '\0')
		return;
	if (memo_text != NULL && strcmp(memo_text, setting) == 0)
	{
		*headers = memo;
		return;
	}
	parse_headers(setting, headers);
	if (strlen(setting) <= HEADERS_MEMO_MAX_BYTES)
		remember(setting, headers);
}
