/*
 * json_input.c — parse the json parameters into an ordered tree.
 *
 * Built on PostgreSQL's own JSON lexer/parser (common/jsonapi.h) with a
 * semantic-action state that records objects and arrays in document order.
 * Malformed text, invalid escapes, excessive depth and duplicate keys all
 * end in 22023 with the parameter's name, never another SQLSTATE.
 *
 * Memory is bounded by the request limits of bounds.h, checked before the
 * work they bound: the parameter's size before the lexer runs, the number
 * of values and the length of each string as they arrive.  The tree costs a
 * small multiple of the parameter's size; nothing else is kept per node (the
 * path of an object, for a duplicate-key message, is built only when there
 * is a duplicate to report).
 */
#include "postgres.h"

#include "miscadmin.h"

#include "common/jsonapi.h"
#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/memutils.h"
#include "utils/builtins.h"
#include "utils/json.h"

#include "compat.h"
#include "errors.h"
#include "json_input.h"
#include "bounds.h"

typedef struct TreeBuilder
{
	const char *param;
	JsonNode   *root;
	JsonNode   *stack[REQUEST_MAX_DEPTH + 1];
	int			depth;
	int			nodes;			/* values seen so far */
	char	   *pending_key;
} TreeBuilder;

/* "select.project", "query.status[2]": where the open container stack[depth-1] is. */
static char *
container_path(const TreeBuilder *state)
{
	StringInfoData path;

	initStringInfo(&path);
	appendStringInfoString(&path, state->param);
	for (int d = 1; d < state->depth; d++)
	{
		const JsonNode *parent = state->stack[d - 1];

		/* stack[d] is the last member of its parent, being filled */
		if (parent->kind == JSON_KIND_OBJECT)
			appendStringInfo(&path, ".%s", parent->keys[parent->n - 1]);
		else
			appendStringInfo(&path, "[%d]", parent->n - 1);
	}
	return path.data;
}

static JsonNode *
new_node(JsonKind kind)
{
	JsonNode   *node = palloc0(sizeof(JsonNode));

	node->kind = kind;
	return node;
}

static void
attach(TreeBuilder *state, JsonNode *node)
{
	JsonNode   *parent;

	if (++state->nodes > REQUEST_MAX_NODES)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"%s\" has too many values", state->param),
				 errdetail("A parameter may hold at most %d JSON values.",
						   REQUEST_MAX_NODES)));

	if (state->depth == 0)
	{
		state->root = node;
		return;
	}
	parent = state->stack[state->depth - 1];
	if (parent->n == parent->capacity)
	{
		parent->capacity = parent->capacity == 0 ? 4 : parent->capacity * 2;
		if (parent->items == NULL)
		{
			parent->items = palloc(sizeof(JsonNode *) * parent->capacity);
			if (parent->kind == JSON_KIND_OBJECT)
				parent->keys = palloc(sizeof(char *) * parent->capacity);
		}
		else
		{
			parent->items = repalloc(parent->items, sizeof(JsonNode *) * parent->capacity);
			if (parent->kind == JSON_KIND_OBJECT)
				parent->keys = repalloc(parent->keys, sizeof(char *) * parent->capacity);
		}
	}
	if (parent->kind == JSON_KIND_OBJECT)
		parent->keys[parent->n] = state->pending_key;
	parent->items[parent->n++] = node;
}

static void
push(TreeBuilder *state, JsonKind kind)
{
	JsonNode   *node = new_node(kind);

	if (state->depth >= REQUEST_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"%s\" is nested too deeply", state->param),
				 errdetail("At most %d levels of objects and arrays are accepted.",
						   REQUEST_MAX_DEPTH)));
	attach(state, node);
	state->stack[state->depth++] = node;
	CHECK_FOR_INTERRUPTS();
}

static void
check_string_length(const TreeBuilder *state, const char *str)
{
	if (strlen(str) > REQUEST_MAX_STRING_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"%s\" has a string longer than %d bytes", state->param, REQUEST_MAX_STRING_BYTES),
				 errdetail("Keys and string values may have at most %d bytes.",
						   REQUEST_MAX_STRING_BYTES)));
}

static int
compare_keys(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Reject an object that names a key twice (the open object stack[depth-1]). */
static void
check_duplicate_keys(TreeBuilder *state, JsonNode *object)
{
	const char *duplicate = NULL;

	if (object->n < 2)
		return;
	if (object->n <= 8)
	{
		for (int i = 1; i < object->n && duplicate == NULL; i++)
			for (int j = 0; j < i; j++)
				if (strcmp(object->keys[i], object->keys[j]) == 0)
				{
					duplicate = object->keys[i];
					break;
				}
	}
	else
	{
		char	  **sorted = palloc(sizeof(char *) * object->n);

		memcpy(sorted, object->keys, sizeof(char *) * object->n);
		qsort(sorted, object->n, sizeof(char *), compare_keys);
		for (int i = 1; i < object->n; i++)
			if (strcmp(sorted[i], sorted[i - 1]) == 0)
			{
				duplicate = sorted[i];
				break;
			}
		pfree(sorted);
	}
	if (duplicate != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("key %s appears more than once in %s", json_quote(duplicate),
						json_quote(container_path(state))),
				 errdetail("Each key may be named once in an object.")));
}

static JsonActionResult
on_object_start(void *arg)
{
	push((TreeBuilder *) arg, JSON_KIND_OBJECT);
	JSON_ACTION_OK;
}

static JsonActionResult
on_object_end(void *arg)
{
	TreeBuilder *state = arg;
	JsonNode   *object = state->stack[state->depth - 1];

	if (object->n > 1)
		check_duplicate_keys(state, object);
	state->depth--;
	JSON_ACTION_OK;
}

static JsonActionResult
on_array_start(void *arg)
{
	push((TreeBuilder *) arg, JSON_KIND_ARRAY);
	JSON_ACTION_OK;
}

static JsonActionResult
on_array_end(void *arg)
{
	((TreeBuilder *) arg)->depth--;
	JSON_ACTION_OK;
}

static JsonActionResult
on_object_field_start(void *arg, char *fname, bool isnull)
{
	TreeBuilder *state = arg;

	check_string_length(state, fname);
	state->pending_key = fname;
	JSON_ACTION_OK;
}

static JsonActionResult
on_scalar(void *arg, char *token, JsonTokenType tokentype)
{
	TreeBuilder *state = arg;
	JsonNode   *node;

	switch (tokentype)
	{
		case JSON_TOKEN_STRING:
			check_string_length(state, token);
			node = new_node(JSON_KIND_STRING);
			node->str = token;
			break;
		case JSON_TOKEN_NUMBER:
			node = new_node(JSON_KIND_NUMBER);
			node->str = token;
			break;
		case JSON_TOKEN_TRUE:
		case JSON_TOKEN_FALSE:
			node = new_node(JSON_KIND_BOOL);
			node->boolean = (tokentype == JSON_TOKEN_TRUE);
			break;
		default:
			node = new_node(JSON_KIND_NULL);
			break;
	}
	attach(state, node);
	JSON_ACTION_OK;
}

/*
 * A \u escape of well-formed JSON that this database's text cannot hold:
 * one that its encoding cannot convert, \u0000, or a lone surrogate.
 */
static void
refuse_unholdable_escape(const char *param, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_ICL_BAD_REQUEST),
			 errmsg("\"%s\" has a \\u escape this database cannot hold", param),
			 errdetail("%s", detail)));
}

/* Parse a parameter's text into a tree (NULL for JSON null); *nodes: its values. */
static JsonNode *
parse_tree(text *json, const char *param, int *nodes)
{
	JsonLexContext *lex;
	JsonSemAction sem;
	TreeBuilder	state;
	volatile JsonParseErrorType rc = JSON_SUCCESS;
	MemoryContext oldcontext;

	if (VARSIZE_ANY_EXHDR(json) > REQUEST_MAX_PARAM_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"%s\" is larger than %d bytes", param, REQUEST_MAX_PARAM_BYTES),
				 errdetail("A JSON parameter may have at most %d bytes; this one has %zu.",
						   REQUEST_MAX_PARAM_BYTES, (size_t) VARSIZE_ANY_EXHDR(json))));

	memset(&state, 0, sizeof(state));
	state.param = param;
	memset(&sem, 0, sizeof(sem));
	sem.semstate = &state;
	sem.object_start = on_object_start;
	sem.object_end = on_object_end;
	sem.array_start = on_array_start;
	sem.array_end = on_array_end;
	sem.object_field_start = on_object_field_start;
	sem.scalar = on_scalar;

	lex = compat_json_lexer(VARDATA_ANY(json), VARSIZE_ANY_EXHDR(json), GetDatabaseEncoding());
	oldcontext = CurrentMemoryContext;
	PG_TRY();
	{
		rc = pg_parse_json(lex, &sem);
	}
	PG_CATCH();
	{
		/*
		 * De-escaping a \u escape into a database encoding that cannot hold the
		 * character raises inside the lexer (the json type's own input never
		 * de-escapes, so such text reaches us).  That is malformed input for
		 * this API: re-raise it as 22023; anything else goes on as it was.
		 */
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		if (edata->sqlerrcode != ERRCODE_UNTRANSLATABLE_CHARACTER &&
			edata->sqlerrcode != ERRCODE_CHARACTER_NOT_IN_REPERTOIRE &&
			edata->sqlerrcode != ERRCODE_FEATURE_NOT_SUPPORTED)
			PG_RE_THROW();
		FlushErrorState();
		refuse_unholdable_escape(param, edata->message);
	}
	PG_END_TRY();
	if (rc == JSON_UNICODE_CODE_POINT_ZERO || rc == JSON_UNICODE_HIGH_ESCAPE ||
		rc == JSON_UNICODE_HIGH_SURROGATE || rc == JSON_UNICODE_LOW_SURROGATE)
		refuse_unholdable_escape(param, json_errdetail(rc, lex));
	if (rc != JSON_SUCCESS)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"%s\" is not valid JSON", param),
				 errdetail("%s", json_errdetail(rc, lex))));

	*nodes = state.nodes;
	if (state.root == NULL || state.root->kind == JSON_KIND_NULL)
		return NULL;
	return state.root;
}

/*
 * Parsed parameters are remembered by their text: a client sends the same
 * select (and often the same query) with every request, and parsing is the
 * larger part of what a small call costs.  Trees are read-only once built, so
 * a remembered one is handed out as it is.  Only small ones are kept
 * (JSON_MEMO_MAX_BYTES of text, JSON_MEMO_MAX_NODES values), JSON_MEMO_ENTRIES
 * of them, the least recently used forgotten first; the parse depends on
 * nothing but the text (the database encoding is fixed for the backend).
 */
typedef struct JsonMemo
{
	uint32		hash;
	int			len;			/* 0: empty slot */
	char	   *text;
	const JsonNode *tree;
	MemoryContext context;		/* holds text and tree */
	uint64		last_used;
} JsonMemo;

static JsonMemo json_memo[JSON_MEMO_ENTRIES];
static uint64 json_memo_clock = 0;

static JsonNode *
copy_tree(const JsonNode *node)
{
	JsonNode   *copy = palloc(sizeof(JsonNode));

	*copy = *node;
	if (node->str != NULL)
		copy->str = pstrdup(node->str);
	if (node->n > 0)
	{
		copy->capacity = node->n;
		copy->items = palloc(sizeof(JsonNode *) * node->n);
		if (node->kind == JSON_KIND_OBJECT)
			copy->keys = palloc(sizeof(char *) * node->n);
		for (int i = 0; i < node->n; i++)
		{
			copy->items[i] = copy_tree(node->items[i]);
			if (node->kind == JSON_KIND_OBJECT)
				copy->keys[i] = pstrdup(node->keys[i]);
		}
	}
	return copy;
}

static void
remember_tree(uint32 hash, const char *bytes, int len, const JsonNode *tree)
{
	JsonMemo   *slot = &json_memo[0];
	MemoryContext old;

	for (int i = 1; i < JSON_MEMO_ENTRIES && slot->len > 0; i++)
		if (json_memo[i].len == 0 || json_memo[i].last_used < slot->last_used)
			slot = &json_memo[i];
	if (slot->len > 0)
	{
		slot->len = 0;			/* empty until filled again, should this fail */
		MemoryContextDelete(slot->context);
	}
	slot->context = AllocSetContextCreate(CacheMemoryContext, "incoming_call_log parsed request",
										  ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(slot->context);
	slot->text = palloc(len);
	memcpy(slot->text, bytes, len);
	slot->tree = copy_tree(tree);
	MemoryContextSwitchTo(old);
	slot->hash = hash;
	slot->len = len;
	slot->last_used = ++json_memo_clock;
}

const JsonNode *
json_parse_param(text *json, const char *param)
{
	const char *bytes;
	int			len;
	uint32		hash = 0;
	int			nodes;
	JsonNode   *tree;

	if (json == NULL)
		return NULL;
	bytes = VARDATA_ANY(json);
	len = VARSIZE_ANY_EXHDR(json);
	if (len > 0 && len <= JSON_MEMO_MAX_BYTES)
	{
		hash = hash_bytes((const unsigned char *) bytes, len);
		for (int i = 0; i < JSON_MEMO_ENTRIES; i++)
			if (json_memo[i].len == len && json_memo[i].hash == hash &&
				memcmp(json_memo[i].text, bytes, len) == 0)
			{
				json_memo[i].last_used = ++json_memo_clock;
				return json_memo[i].tree;
			}
	}
	tree = parse_tree(json, param, &nodes);
	if (tree != NULL && len > 0 && len <= JSON_MEMO_MAX_BYTES && nodes <= JSON_MEMO_MAX_NODES)
		remember_tree(hash, bytes, len, tree);
	return tree;
}

JsonNode *
json_member(const JsonNode *object, const char *key)
{
	Assert(object->kind == JSON_KIND_OBJECT);
	for (int i = 0; i < object->n; i++)
		if (strcmp(object->keys[i], key) == 0)
			return object->items[i];
	return NULL;
}

const char *
json_kind_name(JsonKind kind)
{
	switch (kind)
	{
		case JSON_KIND_NULL:
			return "null";
		case JSON_KIND_BOOL:
			return "a boolean";
		case JSON_KIND_NUMBER:
			return "a number";
		case JSON_KIND_STRING:
			return "a string";
		case JSON_KIND_ARRAY:
			return "an array";
		case JSON_KIND_OBJECT:
			return "an object";
	}
	return "a value";
}

static void
repr_into(StringInfo buf, const JsonNode *node)
{
	switch (node->kind)
	{
		case JSON_KIND_NULL:
			appendStringInfoString(buf, "null");
			break;
		case JSON_KIND_BOOL:
			appendStringInfoString(buf, node->boolean ? "true" : "false");
			break;
		case JSON_KIND_NUMBER:
			if (strlen(node->str) > MESSAGE_TEXT_LIMIT)
				appendStringInfo(buf, "%.*s...", MESSAGE_TEXT_LIMIT, node->str);	/* ASCII */
			else
				appendStringInfoString(buf, node->str);
			break;
		case JSON_KIND_STRING:
			appendStringInfoString(buf, json_quote(node->str));
			break;
		case JSON_KIND_ARRAY:
		case JSON_KIND_OBJECT:
			appendStringInfoChar(buf, node->kind == JSON_KIND_ARRAY ? '[' : '{');
			for (int i = 0; i < node->n; i++)
			{
				if (i > 0)
					appendStringInfoChar(buf, ',');
				if (buf->len > MESSAGE_TEXT_LIMIT)
				{
					appendStringInfoString(buf, "...");	/* cut between members */
					break;
				}
				if (node->kind == JSON_KIND_OBJECT)
				{
					appendStringInfoString(buf, json_quote(node->keys[i]));
					appendStringInfoChar(buf, ':');
				}
				repr_into(buf, node->items[i]);
			}
			appendStringInfoChar(buf, node->kind == JSON_KIND_ARRAY ? ']' : '}');
			break;
	}
}

char *
json_repr(const JsonNode *node)
{
	StringInfoData buf;

	initStringInfo(&buf);
	repr_into(&buf, node);
	return buf.data;
}

char *
json_quote(const char *key)
{
	StringInfoData buf;
	int			len = strlen(key);

	initStringInfo(&buf);
	if (len > MESSAGE_TEXT_LIMIT)
	{
		escape_json(&buf, pnstrdup(key, pg_mbcliplen(key, len, MESSAGE_TEXT_LIMIT)));
		buf.data[--buf.len] = '\0';	/* drop the closing quote */
		appendStringInfoString(&buf, "...\"");
	}
	else
		escape_json(&buf, key);
	return buf.data;
}
