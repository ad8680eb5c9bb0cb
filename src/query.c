/*
 * query.c — parse and check the "query" filters (doc/reference.md "query"), and the
 * SQL condition of each operator.
 *
 * A plain value is equality, null is IS NULL, an array is IN; an object with
 * "_type" is one of the operators in the table below.  Every value is
 * type-checked against its field and becomes a typed $n parameter: user
 * text never becomes SQL text.
 *
 * Dates compare at the precision the API shows them, milliseconds: a date
 * field matches a value when its shown value does, so a client can query
 * back a createdAt it received although the column keeps microseconds.
 * Each comparison becomes a range on the column (index-friendly) between
 * the start of the value's millisecond (its floor) and the start of the next.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "bounds.h"
#include "errors.h"
#include "query.h"
#include "sql_names.h"
#include "values.h"

typedef enum Operand
{
	OPERAND_VALUE,				/* "value": a value of the field's type */
	OPERAND_RANGE,				/* "startValue", "endValue" */
	OPERAND_TEXT,				/* "value": any text fragment */
	OPERAND_NONE,				/* nothing */
	OPERAND_LIST,				/* "value": array of values */
	OPERAND_MULTI				/* "fields": array of names, "value": text */
} Operand;

typedef enum Pattern
{
	PATTERN_NONE,
	PATTERN_CONTAINS,
	PATTERN_PREFIX,
	PATTERN_SUFFIX
} Pattern;

/* A date operand's millisecond bound passed as a parameter. */
typedef enum Bound
{
	BOUND_NONE = 0,
	BOUND_FLOOR,				/* the start of the value's millisecond */
	BOUND_NEXT					/* the start of the following millisecond */
} Bound;

#define DATE_IN_LIST "EXISTS (SELECT FROM " SQL_UNNEST "($%2$d) AS v(t) " \
	"WHERE %1$s" SQL_GE "v.t AND %1$s" SQL_LT "(v.t" SQL_PLUS SQL_ONE_MS "))"

typedef struct Operator
{
	const char *name;			/* "_type" */
	Operand		operand;
	Pattern		pattern;		/* how a text operand becomes a LIKE pattern */
	const char *sql;			/* %1$s column, $%2$d / $%3$d parameters */
	const char *inert_sql;		/* a text operator's sql with LIKE for ILIKE */
	const char *date_sql;		/* the same on date fields, at millisecond precision */
	Bound		date_bounds[2];	/* what each parameter of date_sql is */
	bool		selective;		/* on an indexed column, an index equality (or
								 * a one-millisecond range) whatever the value */
	ScanForm	scan;			/* sql as btree scan keys (n = 0: it is not) */
	ScanForm	date_scan;		/* date_sql likewise */
} Operator;

/* The scan keys of a condition: one or two strategies, or "= ANY". */
#define KEYS1(s1) {.n = 1, .strategy = {BT##s1##StrategyNumber}}
#define KEYS2(s1, s2) {.n = 2, .strategy = {BT##s1##StrategyNumber, BT##s2##StrategyNumber}}
#define KEYS_ANY {.n = 1, .strategy = {BTEqualStrategyNumber}, .array = true}

/* An operator, and one that compares dates at millisecond precision. */
#define OP(name_, operand_, pattern_, sql_) \
	{.name = name_, .operand = operand_, .pattern = pattern_, .sql = sql_}
/* A text operator: case-insensitive, and its case-sensitive twin (case_inert). */
#define TEXT_OP(name_, pattern_, sql_, inert_sql_) \
	{.name = name_, .operand = OPERAND_TEXT, .pattern = pattern_, .sql = sql_, .inert_sql = inert_sql_}
#define DATE_OP(name_, operand_, sql_, date_sql_, bound1_, bound2_) \
	{.name = name_, .operand = operand_, .pattern = PATTERN_NONE, .sql = sql_, \
	 .date_sql = date_sql_, .date_bounds = {bound1_, bound2_}}
/* ... whose sql and date_sql are each a conjunction of comparisons on the column */
#define DATE_OP_KEYS(name_, operand_, sql_, date_sql_, bound1_, bound2_, scan_, date_scan_) \
	{.name = name_, .operand = operand_, .pattern = PATTERN_NONE, .sql = sql_, \
	 .date_sql = date_sql_, .date_bounds = {bound1_, bound2_}, .scan = scan_, .date_scan = date_scan_}

static const Operator operators[] = {
	{.name = "EqualTo", .operand = OPERAND_VALUE, .sql = "%1$s" SQL_EQ "$%2$d",
		.date_sql = "(%1$s" SQL_GE "$%2$d AND %1$s" SQL_LT "$%3$d)", .date_bounds = {BOUND_FLOOR, BOUND_NEXT},
	.selective = true, .scan = KEYS1(Equal), .date_scan = KEYS2(GreaterEqual, Less)},
	DATE_OP("NotEqual", OPERAND_VALUE, "%1$s" SQL_NE "$%2$d",
			"(%1$s" SQL_LT "$%2$d OR %1$s" SQL_GE "$%3$d)", BOUND_FLOOR, BOUND_NEXT),
	DATE_OP_KEYS("GreaterThan", OPERAND_VALUE, "%1$s" SQL_GT "$%2$d",
				 "%1$s" SQL_GE "$%2$d", BOUND_NEXT, BOUND_NONE, KEYS1(Greater), KEYS1(GreaterEqual)),
	DATE_OP_KEYS("LessThan", OPERAND_VALUE, "%1$s" SQL_LT "$%2$d",
				 "%1$s" SQL_LT "$%2$d", BOUND_FLOOR, BOUND_NONE, KEYS1(Less), KEYS1(Less)),
	DATE_OP_KEYS("GreaterThanOrEqual", OPERAND_VALUE, "%1$s" SQL_GE "$%2$d",
				 "%1$s" SQL_GE "$%2$d", BOUND_FLOOR, BOUND_NONE, KEYS1(GreaterEqual), KEYS1(GreaterEqual)),
	DATE_OP_KEYS("LessThanOrEqual", OPERAND_VALUE, "%1$s" SQL_LE "$%2$d",
				 "%1$s" SQL_LT "$%2$d", BOUND_NEXT, BOUND_NONE, KEYS1(LessEqual), KEYS1(Less)),
	DATE_OP("EqualToOrNull", OPERAND_VALUE, "(%1$s" SQL_EQ "$%2$d OR %1$s IS NULL)",
			"((%1$s" SQL_GE "$%2$d AND %1$s" SQL_LT "$%3$d) OR %1$s IS NULL)", BOUND_FLOOR, BOUND_NEXT),
	DATE_OP("GreaterThanOrNull", OPERAND_VALUE, "(%1$s" SQL_GT "$%2$d OR %1$s IS NULL)",
			"(%1$s" SQL_GE "$%2$d OR %1$s IS NULL)", BOUND_NEXT, BOUND_NONE),
	DATE_OP("LessThanOrNull", OPERAND_VALUE, "(%1$s" SQL_LT "$%2$d OR %1$s IS NULL)",
			"(%1$s" SQL_LT "$%2$d OR %1$s IS NULL)", BOUND_FLOOR, BOUND_NONE),
	DATE_OP_KEYS("InBetween", OPERAND_RANGE, "(%1$s" SQL_GE "$%2$d AND %1$s" SQL_LE "$%3$d)",
				 "(%1$s" SQL_GE "$%2$d AND %1$s" SQL_LT "$%3$d)", BOUND_FLOOR, BOUND_NEXT,
				 KEYS2(GreaterEqual, LessEqual), KEYS2(GreaterEqual, Less)),
	TEXT_OP("Search", PATTERN_CONTAINS, "%1$s" SQL_ILIKE "$%2$d", "%1$s" SQL_LIKE "$%2$d"),
	TEXT_OP("StartsWith", PATTERN_PREFIX, "%1$s" SQL_ILIKE "$%2$d", "%1$s" SQL_LIKE "$%2$d"),
	TEXT_OP("EndsWith", PATTERN_SUFFIX, "%1$s" SQL_ILIKE "$%2$d", "%1$s" SQL_LIKE "$%2$d"),
	TEXT_OP("NotContains", PATTERN_CONTAINS, "(%1$s IS NULL OR %1$s" SQL_NOT_ILIKE "$%2$d)",
			"(%1$s IS NULL OR %1$s" SQL_NOT_LIKE "$%2$d)"),
	{.name = "IsNull", .operand = OPERAND_NONE, .sql = "%1$s IS NULL", .selective = true},
	OP("NotNull", OPERAND_NONE, PATTERN_NONE, "%1$s IS NOT NULL"),
	/* SQL's IN and NOT IN: null never matches a list, NOT IN () matches all */
	{.name = "Includes", .operand = OPERAND_LIST, .sql = "%1$s" SQL_EQ "ANY ($%2$d)",
		.date_sql = DATE_IN_LIST, .date_bounds = {BOUND_FLOOR, BOUND_NONE}, .selective = true,
	.scan = KEYS_ANY},
	DATE_OP("IncludesNone", OPERAND_LIST, "NOT (%1$s" SQL_EQ "ANY ($%2$d))",
			"(" SQL_CARDINALITY "($%2$d)" SQL_EQ "0 OR (%1$s IS NOT NULL AND NOT " DATE_IN_LIST "))",
			BOUND_FLOOR, BOUND_NONE),
	OP("MultiSearch", OPERAND_MULTI, PATTERN_CONTAINS, NULL),
};

static const Operator *
operator_named(const char *name)
{
	for (size_t i = 0; i < lengthof(operators); i++)
		if (strcmp(operators[i].name, name) == 0)
			return &operators[i];
	return NULL;
}

/* What a plain value, null and an array mean. */
#define OP_EQUAL_TO		operator_named("EqualTo")
#define OP_IS_NULL		operator_named("IsNull")
#define OP_INCLUDES		operator_named("Includes")

/* Value wrappers accepted wherever a plain uuid or date is. */
#define WRAPPER_OBJECT_ID	"ObjectID"
#define WRAPPER_DATE_TIME	"DateTime"

typedef struct Context
{
	const char *key;			/* the query key, quoted for messages */
	PermissionSet perms;
} Context;

static char *
operator_names(void)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (size_t i = 0; i < lengthof(operators); i++)
		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "", operators[i].name);
	return buf.data;
}

static const char *
type_expectation(FieldType type)
{
	switch (type)
	{
		case FIELD_UUID:
			return "a uuid string (or {\"_type\": \"ObjectID\", \"value\": uuid})";
		case FIELD_TEXT:
		case FIELD_STATUS:
			return "a string";
		case FIELD_PHONE:
			return "a phone number string: an optional \"+\", then 7 to 15 digits, the first not 0";
		case FIELD_INTEGER:
			return "a JSON number with an integral value between -2147483648 and 2147483647";
		case FIELD_TIMESTAMP:
			return "an ISO-8601 date string such as \"2026-01-31\" or \"2026-01-31T12:00:00Z\" (or {\"_type\": \"DateTime\", \"value\": date})";
	}
	return "a value";
}


static void
bad_value(const Context *cx, const Field *field, const JsonNode *value)
{
	ereport(ERROR,
			(errcode(ERRCODE_ICL_BAD_REQUEST),
			 errmsg("invalid value %s for %s in \"query\"", json_repr(value), cx->key),
			 errdetail("%s takes %s.", field->json_name, type_expectation(field->type))));
}

/* Reject members of an operator object other than those allowed. */
static void
check_members(const Context *cx, const JsonNode *object, const char *type_name,
			  const char *const *allowed, int nallowed)
{
	for (int i = 0; i < object->n; i++)
	{
		bool		ok = strcmp(object->keys[i], "_type") == 0;

		for (int j = 0; j < nallowed && !ok; j++)
			ok = strcmp(object->keys[i], allowed[j]) == 0;
		if (!ok)
		{
			StringInfoData names;

			initStringInfo(&names);
			appendStringInfoString(&names, "_type");
			for (int j = 0; j < nallowed; j++)
				appendStringInfo(&names, ", %s", allowed[j]);
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("unknown member %s in the %s operator of %s in \"query\"",
							json_quote(object->keys[i]), type_name, cx->key),
					 errdetail("%s takes: %s.", type_name, names.data)));
		}
	}
}

static const JsonNode *
required_member(const Context *cx, const JsonNode *object, const char *type_name, const char *member)
{
	const JsonNode *value = json_member(object, member);

	if (value == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("the %s operator of %s in \"query\" needs \"%s\"", type_name, cx->key, member)));
	if (value->kind == JSON_KIND_NULL)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"%s\" of the %s operator of %s in \"query\" must not be null",
						member, type_name, cx->key),
				 strcmp(member, "fields") != 0 ?
				 errhint("Use {\"_type\": \"IsNull\"} to match null.") : 0));
	return value;
}

/* The "_type" of an operator object, or NULL when it has none. */
static const char *
object_type(const Context *cx, const JsonNode *object)
{
	const JsonNode *type = json_member(object, "_type");

	if (type == NULL)
		return NULL;
	if (type->kind != JSON_KIND_STRING)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("invalid \"_type\" %s for %s in \"query\"", json_repr(type), cx->key),
				 errdetail("Valid operators: %s.", operator_names())));
	return type->str;
}

/*
 * The typed Datum of one value for field: a JSON scalar of the field's type,
 * or an ObjectID / DateTime wrapper around one.
 */
static Datum
typed_value(const Context *cx, const Field *field, const JsonNode *value)
{
	if (value->kind == JSON_KIND_OBJECT)
	{
		const char *type = object_type(cx, value);
		static const char *const wrapper_members[] = {"value"};

		if (type != NULL &&
			((strcmp(type, WRAPPER_OBJECT_ID) == 0 && field->type == FIELD_UUID) ||
			 (strcmp(type, WRAPPER_DATE_TIME) == 0 && field->type == FIELD_TIMESTAMP)))
		{
			check_members(cx, value, type, wrapper_members, 1);
			value = required_member(cx, value, type, "value");
		}
		else
			bad_value(cx, field, value);
	}
	if (value->kind == JSON_KIND_STRING)
	{
		switch (field->type)
		{
			case FIELD_UUID:
				{
					pg_uuid_t  *uuid = palloc(sizeof(pg_uuid_t));

					if (parse_uuid(value->str, uuid))
						return UUIDPGetDatum(uuid);
					break;
				}
			case FIELD_TIMESTAMP:
				{
					TimestampTz ts;

					if (parse_iso_timestamp(value->str, &ts))
						return TimestampTzGetDatum(ts);
					break;
				}
			case FIELD_PHONE:
				if (phone_is_valid(value->str, strlen(value->str)))
					return CStringGetTextDatum(value->str);
				break;
			case FIELD_TEXT:
			case FIELD_STATUS:
				return CStringGetTextDatum(value->str);
			case FIELD_INTEGER:
				break;
		}
	}
	else if (value->kind == JSON_KIND_NUMBER && field->type == FIELD_INTEGER)
	{
		int32		result;

		switch (parse_json_integer(value->str, &result))
		{
			case INTEGER_OK:
				return Int32GetDatum(result);
			case INTEGER_NOT_INTEGRAL:
				ereport(ERROR,
						(errcode(ERRCODE_ICL_BAD_REQUEST),
						 errmsg("invalid value %s for %s in \"query\": not an integer",
								json_repr(value), cx->key),
						 errdetail("%s takes %s.", field->json_name, type_expectation(field->type))));
				break;
			case INTEGER_OUT_OF_RANGE:
				ereport(ERROR,
						(errcode(ERRCODE_ICL_BAD_REQUEST),
						 errmsg("invalid value %s for %s in \"query\": out of range for an integer",
								json_repr(value), cx->key),
						 errdetail("%s takes %s.", field->json_name, type_expectation(field->type))));
				break;
		}
	}
	bad_value(cx, field, value);
	return (Datum) 0;			/* not reached */
}

/* A date's millisecond bound (dates are timestamptz, microseconds). */
static Datum
date_bound(Datum value, Bound bound)
{
	TimestampTz ts = DatumGetTimestampTz(value);
	TimestampTz floor = ts - (((ts % 1000) + 1000) % 1000);

	return TimestampTzGetDatum(bound == BOUND_NEXT ? floor + 1000 : floor);
}

static bool
uses_date_sql(const Filter *filter, const Operator *op)
{
	return filter->field->type == FIELD_TIMESTAMP && op->date_sql != NULL;
}

static void
set_operator(Filter *filter, const Operator *op)
{
	filter->sql = uses_date_sql(filter, op) ? op->date_sql : op->sql;
	filter->scan = uses_date_sql(filter, op) ? op->date_scan : op->scan;
	/* a list of dates is an EXISTS over its elements, not an index equality */
	filter->selective = op->selective && filter->field->indexed &&
		!(op->operand == OPERAND_LIST && uses_date_sql(filter, op));
}

/* The parameters of a one-value comparison (a date gives its bounds). */
static void
set_value(Filter *filter, const Operator *op, Datum value)
{
	filter->type = field_sql_type(filter->field->type);
	if (!uses_date_sql(filter, op))
	{
		filter->values[filter->nvalues++] = value;
		return;
	}
	for (int i = 0; i < 2 && op->date_bounds[i] != BOUND_NONE; i++)
		filter->values[filter->nvalues++] = date_bound(value, op->date_bounds[i]);
}

/* Refuse a list longer than REQUEST_MAX_LIST_VALUES, before its values are checked. */
static void
check_list_length(const Context *cx, const JsonNode *array, const char *what)
{
	if (array->n > REQUEST_MAX_LIST_VALUES)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("%s for %s in \"query\" has %d values, more than %d",
						what, cx->key, array->n, REQUEST_MAX_LIST_VALUES),
				 errdetail("A list may hold at most %d values.", REQUEST_MAX_LIST_VALUES)));
}

/* The array parameter of Includes / IncludesNone (dates as their floors). */
static void
set_list(const Context *cx, Filter *filter, const JsonNode *array)
{
	const Field *field = filter->field;
	Oid			elemtype = field_sql_type(field->type);
	Datum	   *elems = palloc(sizeof(Datum) * Max(array->n, 1));
	int16		typlen;
	bool		typbyval;
	char		typalign;

	check_list_length(cx, array, "the list of values");
	for (int i = 0; i < array->n; i++)
	{
		if (array->items[i]->kind == JSON_KIND_NULL)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("null in the list of values for %s in \"query\"", cx->key),
					 errhint("Combine with IsNull / EqualToOrNull to match null.")));
		elems[i] = typed_value(cx, field, array->items[i]);
		if (field->type == FIELD_TIMESTAMP)
			elems[i] = date_bound(elems[i], BOUND_FLOOR);
		CHECK_FOR_INTERRUPTS();
	}
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	filter->type = get_array_type(elemtype);
	filter->values[filter->nvalues++] =
		PointerGetDatum(construct_array(elems, array->n, elemtype, typlen, typbyval, typalign));
}

/* The LIKE pattern of a text fragment: %, _ and \ match themselves. */
static Datum
like_pattern(const char *fragment, Pattern pattern)
{
	StringInfoData buf;

	initStringInfo(&buf);
	if (pattern == PATTERN_CONTAINS || pattern == PATTERN_SUFFIX)
		appendStringInfoChar(&buf, '%');
	for (const char *p = fragment; *p; p++)
	{
		if (*p == '%' || *p == '_' || *p == '\\')
			appendStringInfoChar(&buf, '\\');
		appendStringInfoChar(&buf, *p);
	}
	if (pattern == PATTERN_CONTAINS || pattern == PATTERN_PREFIX)
		appendStringInfoChar(&buf, '%');
	return CStringGetTextDatum(buf.data);
}

/*
 * Whether case cannot matter to a text operator's value: every character
 * printable ASCII and no letter, as in a phone number ("+4930", "4242").
 * ILIKE is LIKE of lower() on both sides (PostgreSQL's Generic_Text_IC_like
 * in a multibyte database); lower() leaves such characters as they are, and
 * no character of any string lowers to one of them, so with the value's
 * wildcards only at its ends (like_pattern escapes the rest) the column
 * matches under LIKE exactly when it matches under ILIKE.  LIKE skips
 * lowering each row's text: bench W5, a Search of a large project's phone
 * numbers, went from 0.94 to 1.40 times PostgREST's ILIKE (doc/reference.md,
 * "Text operators"; doc/benchmark.md).
 */
static bool
case_inert(const char *fragment)
{
	for (const char *p = fragment; *p; p++)
	{
		unsigned char c = (unsigned char) *p;

		if (c < 0x20 || c > 0x7e || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			return false;
	}
	return true;
}

static void
require_textual(const Field *field, const char *type_name)
{
	if (!field_is_textual(field))
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("the %s operator does not apply to \"%s\"", type_name, field->json_name),
				 errdetail("Text operators (Search, StartsWith, EndsWith, NotContains, MultiSearch) apply to text, phone and status fields.")));
}

/* The field a query key (or a MultiSearch field name) names. */
static const Field *
query_field(const char *key, PermissionSet perms, const char *where)
{
	const Field *field = catalog_find(call_log_fields, call_log_nfields, key);

	if (field == NULL || (field->read & perms) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("unknown field %s in %s", json_quote(key), where),
				 errdetail("Valid fields: %s.", catalog_names(call_log_fields, call_log_nfields, perms, true))));
	if (field->relation != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("relation \"%s\" cannot be filtered on", field->json_name),
				 errhint("Filter on its id field instead, e.g. {\"%sId\": ...}.", field->json_name)));
	return field;
}

static void
parse_text_operand(const Context *cx, Filter *filter, const JsonNode *object, const Operator *op)
{
	static const char *const text_members[] = {"value"};
	static const char *const multi_members[] = {"fields", "value"};
	const JsonNode *value;

	if (op->operand == OPERAND_TEXT)
		check_members(cx, object, op->name, text_members, 1);
	else
		check_members(cx, object, op->name, multi_members, 2);
	require_textual(filter->field, op->name);
	value = required_member(cx, object, op->name, "value");
	if (value->kind != JSON_KIND_STRING)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("invalid value %s for the %s operator of %s in \"query\"",
						json_repr(value), op->name, cx->key),
				 errdetail("%s takes a string.", op->name)));
	filter->type = TEXTOID;
	filter->values[filter->nvalues++] = like_pattern(value->str, op->pattern);
	filter->case_inert = case_inert(value->str);
	if (filter->case_inert && op->inert_sql != NULL)
		filter->sql = op->inert_sql;

	if (op->operand == OPERAND_MULTI)
	{
		const JsonNode *fields = required_member(cx, object, op->name, "fields");
		const char *where;

		if (fields->kind != JSON_KIND_ARRAY)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("\"fields\" of the MultiSearch operator of %s in \"query\" must be an array of field names",
							cx->key)));
		check_list_length(cx, fields, "\"fields\" of the MultiSearch operator");
		where = psprintf("\"fields\" of the MultiSearch operator of %s", cx->key);
		for (int i = 0; i < fields->n; i++)
		{
			const JsonNode *name = fields->items[i];
			const Field *f;

			if (name->kind != JSON_KIND_STRING)
				ereport(ERROR,
						(errcode(ERRCODE_ICL_BAD_REQUEST),
						 errmsg("invalid field name %s in %s", json_repr(name), where)));
			f = query_field(name->str, cx->perms, where);
			require_textual(f, op->name);
			filter->search_fields |= UINT64CONST(1) << catalog_index(f);
			CHECK_FOR_INTERRUPTS();
		}
		if (filter->search_fields == 0)
		{
			/* no field to search: matches nothing, and needs no parameter */
			filter->sql = "false";
			filter->nvalues = 0;
			filter->scan.n = 0;
		}
	}
}

static void
parse_operator(const Context *cx, Filter *filter, const JsonNode *object, const char *type_name)
{
	const Field *field = filter->field;
	const Operator *op = operator_named(type_name);

	if (op == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("unknown operator %s for %s in \"query\"", json_quote(type_name), cx->key),
				 errdetail("Valid operators: %s.", operator_names())));
	set_operator(filter, op);

	switch (op->operand)
	{
		case OPERAND_VALUE:
			{
				static const char *const members[] = {"value"};

				check_members(cx, object, op->name, members, 1);
				set_value(filter, op, typed_value(cx, field, required_member(cx, object, op->name, "value")));
				break;
			}
		case OPERAND_RANGE:
			{
				static const char *const members[] = {"startValue", "endValue"};
				Datum		start,
							end;

				check_members(cx, object, op->name, members, 2);
				start = typed_value(cx, field, required_member(cx, object, op->name, "startValue"));
				end = typed_value(cx, field, required_member(cx, object, op->name, "endValue"));
				filter->type = field_sql_type(field->type);
				filter->values[0] = uses_date_sql(filter, op) ? date_bound(start, op->date_bounds[0]) : start;
				filter->values[1] = uses_date_sql(filter, op) ? date_bound(end, op->date_bounds[1]) : end;
				filter->nvalues = 2;
				break;
			}
		case OPERAND_TEXT:
		case OPERAND_MULTI:
			parse_text_operand(cx, filter, object, op);
			break;
		case OPERAND_NONE:
			check_members(cx, object, op->name, NULL, 0);
			break;
		case OPERAND_LIST:
			{
				static const char *const members[] = {"value"};
				const JsonNode *value;

				check_members(cx, object, op->name, members, 1);
				value = required_member(cx, object, op->name, "value");
				if (value->kind != JSON_KIND_ARRAY)
					ereport(ERROR,
							(errcode(ERRCODE_ICL_BAD_REQUEST),
							 errmsg("invalid value %s for the %s operator of %s in \"query\"",
									json_repr(value), op->name, cx->key),
							 errdetail("%s takes an array of values.", op->name)));
				set_list(cx, filter, value);
				break;
			}
	}
}

static int
compare_filters(const void *a, const void *b)
{
	return catalog_index(((const Filter *) a)->field) - catalog_index(((const Filter *) b)->field);
}

void
query_parse(FilterSet *query, const JsonNode *json, PermissionSet perms)
{
	memset(query, 0, sizeof(*query));
	if (json == NULL)
		return;
	if (json->kind != JSON_KIND_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"query\" must be an object, not %s", json_kind_name(json->kind)),
				 errdetail("Example: {\"status\": \"Completed\", \"callDurationInSeconds\": {\"_type\": \"GreaterThan\", \"value\": 60}}.")));

	query->filters = palloc0(sizeof(Filter) * Max(json->n, 1));
	for (int i = 0; i < json->n; i++)
	{
		Context		cx = {.key = json_quote(json->keys[i]), .perms = perms};
		const JsonNode *value = json->items[i];
		Filter	   *filter = &query->filters[query->n++];
		const char *type_name;

		filter->field = query_field(json->keys[i], perms, "\"query\"");
		switch (value->kind)
		{
			case JSON_KIND_NULL:
				set_operator(filter, OP_IS_NULL);
				break;
			case JSON_KIND_ARRAY:
				set_operator(filter, OP_INCLUDES);
				set_list(&cx, filter, value);
				break;
			case JSON_KIND_OBJECT:
				type_name = object_type(&cx, value);
				if (type_name == NULL)
					ereport(ERROR,
							(errcode(ERRCODE_ICL_BAD_REQUEST),
							 errmsg("the object given for %s in \"query\" has no \"_type\"", cx.key),
							 errdetail("An operator object names its operator in \"_type\"; valid operators: %s.",
									   operator_names())));
				if (strcmp(type_name, WRAPPER_OBJECT_ID) != 0 && strcmp(type_name, WRAPPER_DATE_TIME) != 0)
				{
					parse_operator(&cx, filter, value, type_name);
					break;
				}
				/* a wrapped plain value: equality */
				/* FALLTHROUGH */
			default:
				set_operator(filter, OP_EQUAL_TO);
				set_value(filter, OP_EQUAL_TO, typed_value(&cx, filter->field, value));
				break;
		}
	}
	qsort(query->filters, query->n, sizeof(Filter), compare_filters);
}

bool
query_is_selective(const FilterSet *query)
{
	for (int i = 0; query != NULL && i < query->n; i++)
		if (!query->filters[i].selective)
			return false;
	return true;
}

void
query_filter_sql(StringInfo sql, const Filter *filter, const int *params)
{
	char	   *column = psprintf(CALL_LOG_ALIAS ".%s", filter->field->column);

	if (filter->search_fields != 0)
	{
		/* MultiSearch: the pattern against each listed field */
		bool		first = true;

		appendStringInfoChar(sql, '(');
		for (int i = 0; i < call_log_nfields; i++)
		{
			if ((filter->search_fields & (UINT64CONST(1) << i)) == 0)
				continue;
			appendStringInfo(sql, "%s" CALL_LOG_ALIAS ".%s%s$%d",
							 first ? "" : " OR ", call_log_fields[i].column,
							 filter->case_inert ? SQL_LIKE : SQL_ILIKE, params[0]);
			first = false;
		}
		appendStringInfoChar(sql, ')');
		return;
	}
	appendStringInfo(sql, filter->sql, column, params[0], params[1]);
}
