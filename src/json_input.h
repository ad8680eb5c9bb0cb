/*
 * json_input.h — request JSON as an ordered tree.
 *
 * The API's JSON parameters are `json`, not `jsonb`, because key order
 * carries meaning; this parser keeps it, rejects duplicate keys, and
 * reports every problem as 22023 naming the parameter.  Its size limits
 * are in bounds.h.
 */
#ifndef ICL_JSON_INPUT_H
#define ICL_JSON_INPUT_H

#include "postgres.h"

typedef enum JsonKind
{
	JSON_KIND_NULL,
	JSON_KIND_BOOL,
	JSON_KIND_NUMBER,
	JSON_KIND_STRING,
	JSON_KIND_ARRAY,
	JSON_KIND_OBJECT
} JsonKind;

typedef struct JsonNode
{
	JsonKind	kind;
	char	   *str;			/* de-escaped string, or a number as written */
	bool		boolean;
	int			n;				/* members of an object, elements of an array */
	int			capacity;
	char	  **keys;			/* object member names, in document order */
	struct JsonNode **items;	/* member values / elements */
} JsonNode;

/*
 * Parse a json datum given for parameter `param` (used in messages).
 * Returns NULL for SQL NULL and for JSON null: both mean "not given".  The
 * tree is read-only: small ones are remembered and handed out again.
 */
extern const JsonNode *json_parse_param(text *json, const char *param);

/* The value of member `key` of an object, or NULL. */
extern JsonNode *json_member(const JsonNode *object, const char *key);

/* "an object", "a string", ... for messages. */
extern const char *json_kind_name(JsonKind kind);

/* The node as compact JSON text, cut after about 100 bytes, for messages. */
extern char *json_repr(const JsonNode *node);

/* A key as a JSON string literal, cut after about 100 bytes, for messages. */
extern char *json_quote(const char *key);

#endif
