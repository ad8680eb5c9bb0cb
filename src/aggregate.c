/*
 * aggregate.c — parse and check get_aggregate's "groupBy", "aggregate",
 * "sort" and "limit" (doc/aggregates.md).
 *
 * groupBy: {"field": true | false | "Day" ...} in the order the groups show
 * the keys, at most AGGREGATE_MAX_GROUP_KEYS grouped; aggregate: {"count":
 * true | false, "field": ["Sum", "P95", ...] | false}; null or {} means
 * {"count": true}.  What a field may be grouped by (its value, a UTC bucket
 * of a date) and measured by is its catalog entry's (catalog.c), so this
 * file holds only the API's names for buckets and measures.  The sort keys
 * are the answer's keys: a groupBy key, "count" when shown, "field.Measure"
 * when asked; ties are broken by the group keys ascending, so the order is
 * total.  Names are case-sensitive, as written in doc/aggregates.md.
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "aggregate.h"
#include "bounds.h"
#include "errors.h"
#include "sort.h"

static const char *const measure_names[MEASURE_NKINDS] = {
	[MEASURE_SUM] = "Sum", [MEASURE_AVG] = "Avg", [MEASURE_MIN] = "Min", [MEASURE_MAX] = "Max",
	[MEASURE_P50] = "P50", [MEASURE_P90] = "P90", [MEASURE_P95] = "P95", [MEASURE_P99] = "P99",
};

static const char *const bucket_names[BUCKET_NKINDS] = {
	[BUCKET_NONE] = NULL, [BUCKET_MILLISECOND] = NULL, [BUCKET_MINUTE] = "Minute", [BUCKET_HOUR] = "Hour", [BUCKET_DAY] = "Day",
	[BUCKET_WEEK] = "Week", [BUCKET_MONTH] = "Month", [BUCKET_YEAR] = "Year",
};

#define BUCKETS_DETAIL "A date field is grouped by true (its value) or by a UTC bucket: " \
	"\"Minute\", \"Hour\", \"Day\", \"Week\" (ISO weeks, from Monday), \"Month\" or \"Year\"."

const char *
aggregate_measure_name(Measure m)
{
	Assert(m >= 0 && m < MEASURE_NKINDS);
	return measure_names[m];
}

/* The JSON names of the call_log fields that group (by_group) or measure, for messages. */
static char *
field_names(PermissionSet perms, bool by_group)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < call_log_nfields; i++)
	{
		const Field *f = &call_log_fields[i];

		if ((f->read & perms) == 0 || (by_group ? !f->groupable : f->measures == 0))
			continue;
		appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : "", f->json_name);
	}
	return buf.data;
}

/* "\"Sum\", \"Avg\", ..." : the measures a field allows, for messages. */
static char *
measure_list(uint32 measures)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int m = 0; m < MEASURE_NKINDS; m++)
		if (measures & MEASURE_BIT(m))
			appendStringInfo(&buf, "%s\"%s\"", buf.len > 0 ? ", " : "", measure_names[m]);
	return buf.data;
}

/* A call_log field named in groupBy or aggregate, or 22023. */
static const Field *
find_field(const char *key, const char *param, PermissionSet perms, bool by_group, bool omitted)
{
	const Field *field = catalog_find(call_log_fields, call_log_nfields, key);

	if (field == NULL || (field->read & perms) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("unknown field %s in \"%s\"", json_quote(key), param),
				 by_group
				 ? errdetail("Fields that can be grouped: %s.", field_names(perms, true))
				 : errdetail("Fields that can be measured: %s; and \"count\".", field_names(perms, false))));
	if (field->relation != NULL && by_group && !omitted)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("relation \"%s\" cannot be grouped", key),
				 errhint("Group by its id field instead, e.g. {\"%sId\": true}.", key)));
	return field;
}

static void
parse_group_by(AggregateSpec *spec, const JsonNode *json, PermissionSet perms)
{
	if (json == NULL)
		return;
	if (json->kind != JSON_KIND_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"groupBy\" must be an object, not %s", json_kind_name(json->kind)),
				 errdetail("Example: {\"startedAt\": \"Day\", \"status\": true}.")));
	for (int i = 0; i < json->n; i++)
	{
		const char *key = json->keys[i];
		const JsonNode *value = json->items[i];
		/* false leaves any known key out, a relation's too (as in select) */
		const bool	omitted = value->kind == JSON_KIND_BOOL && !value->boolean;
		const Field *field = find_field(key, "groupBy", perms, true, omitted);
		Bucket		bucket = BUCKET_NONE;

		if (omitted)
			continue;
		if (!field->groupable)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("field \"%s\" cannot be grouped", key),
					 errdetail("Fields that can be grouped: %s.", field_names(perms, true))));
		if (value->kind == JSON_KIND_BOOL && field->bucketable)
			bucket = BUCKET_MILLISECOND;
		else if (value->kind == JSON_KIND_STRING && field->bucketable)
		{
			for (int b = BUCKET_NONE + 1; b < BUCKET_NKINDS && bucket == BUCKET_NONE; b++)
				if (bucket_names[b] != NULL && strcmp(value->str, bucket_names[b]) == 0)
					bucket = (Bucket) b;
			if (bucket == BUCKET_NONE)
				ereport(ERROR,
						(errcode(ERRCODE_ICL_BAD_REQUEST),
						 errmsg("unknown bucket %s for \"%s\" in \"groupBy\"", json_repr(value), key),
						 errdetail(BUCKETS_DETAIL)));
		}
		else if (value->kind != JSON_KIND_BOOL)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("invalid value %s for \"%s\" in \"groupBy\"", json_repr(value), key),
					 field->bucketable
					 ? errdetail(BUCKETS_DETAIL)
					 : errdetail("A field is grouped with true (time buckets are for date fields) or left out with false.")));
		if (spec->nkeys == AGGREGATE_MAX_GROUP_KEYS)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("\"groupBy\" groups by more than %d fields (at %s)", AGGREGATE_MAX_GROUP_KEYS,
							json_quote(key))));
		spec->keys[spec->nkeys].field = field;
		spec->keys[spec->nkeys].bucket = bucket;
		spec->nkeys++;
	}
}

/* The measures of one field in aggregate: a non-empty array of distinct names it allows. */
static void
parse_measures(MeasuredField *mf, const char *key, const JsonNode *value)
{
	const Field *field = mf->field;

	if (value->n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("empty measure list for \"%s\" in \"aggregate\"", key),
				 errdetail("Measures of %s: %s.", key, measure_list(field->measures))));
	for (int i = 0; i < value->n; i++)
	{
		const JsonNode *name = value->items[i];
		int			m = 0;

		if (name->kind == JSON_KIND_STRING)
			for (m = 0; m < MEASURE_NKINDS; m++)
				if ((field->measures & MEASURE_BIT(m)) && strcmp(name->str, measure_names[m]) == 0)
					break;
		if (name->kind != JSON_KIND_STRING || m == MEASURE_NKINDS)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("unknown measure %s for \"%s\" in \"aggregate\"", json_repr(name), key),
					 errdetail("Measures of %s: %s (names are case-sensitive).", key, measure_list(field->measures))));
		for (int k = 0; k < mf->n; k++)
			if (mf->measures[k] == (Measure) m)
				ereport(ERROR,
						(errcode(ERRCODE_ICL_BAD_REQUEST),
						 errmsg("measure \"%s\" named twice for \"%s\" in \"aggregate\"", measure_names[m], key)));
		mf->measures[mf->n++] = (Measure) m;
	}
}

static void
parse_aggregate(AggregateSpec *spec, const JsonNode *json, PermissionSet perms)
{
	spec->count = true;
	if (json == NULL)
		return;
	if (json->kind != JSON_KIND_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"aggregate\" must be an object, not %s", json_kind_name(json->kind)),
				 errdetail("Example: {\"count\": true, \"callDurationInSeconds\": [\"Avg\", \"P95\"]}.")));
	if (json->n == 0)
		return;

	spec->count = false;
	spec->fields = palloc0(sizeof(MeasuredField) * json->n);
	for (int i = 0; i < json->n; i++)
	{
		const char *key = json->keys[i];
		const JsonNode *value = json->items[i];
		const Field *field;
		MeasuredField *mf;

		if (strcmp(key, "count") == 0)
		{
			if (value->kind != JSON_KIND_BOOL)
				ereport(ERROR,
						(errcode(ERRCODE_ICL_BAD_REQUEST),
						 errmsg("invalid value %s for \"count\" in \"aggregate\"", json_repr(value)),
						 errdetail("Rows are counted with true; false leaves the count out.")));
			spec->count = value->boolean;
			continue;
		}
		field = find_field(key, "aggregate", perms, false, false);
		/* false leaves out any known field, one without measures too (doc/aggregates.md) */
		if (value->kind == JSON_KIND_BOOL && !value->boolean)
			continue;
		if (field->measures == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("field \"%s\" cannot be measured", key),
					 errdetail("Fields that can be measured: %s; and \"count\".", field_names(perms, false))));
		if (value->kind != JSON_KIND_ARRAY)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("invalid value %s for \"%s\" in \"aggregate\"", json_repr(value), key),
					 errdetail("A field is measured with an array of measures (%s) or left out with false.",
							   measure_list(field->measures))));
		for (int k = 0; k < spec->nkeys; k++)
			if (spec->keys[k].field == field)
				ereport(ERROR,
						(errcode(ERRCODE_ICL_BAD_REQUEST),
						 errmsg("field \"%s\" is both grouped and measured", key),
						 errdetail("A group's value of a grouped field is one value; measure another field, or leave it out of \"groupBy\".")));
		mf = &spec->fields[spec->nfields++];
		mf->field = field;
		parse_measures(mf, key, value);
		spec->nmeasures += mf->n;
	}
}

/* The result column of an answer key named in sort, or 0. */
static int
answer_key_attno(const AggregateSpec *spec, const char *key)
{
	const char *dot = strrchr(key, '.');
	int			attno = AGGREGATE_COUNT_ATTNO(spec) + 1;

	for (int k = 0; k < spec->nkeys; k++)
		if (strcmp(spec->keys[k].field->json_name, key) == 0)
			return k + 1;
	if (strcmp(key, "count") == 0)
		return spec->count ? AGGREGATE_COUNT_ATTNO(spec) : 0;
	for (int f = 0; f < spec->nfields; f++)
		for (int m = 0; m < spec->fields[f].n; m++, attno++)
			if (dot != NULL &&
				strlen(spec->fields[f].field->json_name) == (size_t) (dot - key) &&
				strncmp(spec->fields[f].field->json_name, key, dot - key) == 0 &&
				strcmp(dot + 1, measure_names[spec->fields[f].measures[m]]) == 0)
				return attno;
	return 0;
}

/* The keys of the answer, for messages. */
static char *
answer_keys(const AggregateSpec *spec)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int k = 0; k < spec->nkeys; k++)
		appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : "", spec->keys[k].field->json_name);
	if (spec->count)
		appendStringInfo(&buf, "%scount", buf.len > 0 ? ", " : "");
	for (int f = 0; f < spec->nfields; f++)
		for (int m = 0; m < spec->fields[f].n; m++)
			appendStringInfo(&buf, "%s%s.%s", buf.len > 0 ? ", " : "", spec->fields[f].field->json_name,
							 measure_names[spec->fields[f].measures[m]]);
	return buf.len > 0 ? buf.data : "none";
}

static void
parse_sort(AggregateSpec *spec, const JsonNode *json)
{
	int			n = 0;

	if (json != NULL && json->kind != JSON_KIND_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"sort\" must be an object, not %s", json_kind_name(json->kind)),
				 errdetail("Example: {\"count\": \"DESC\"} or {\"callDurationInSeconds.P95\": \"DESC\"}.")));
	spec->sort = palloc(sizeof(AggregateSortKey) * ((json != NULL ? json->n : 0) + spec->nkeys));
	for (int i = 0; json != NULL && i < json->n; i++)
	{
		const char *key = json->keys[i];
		AggregateSortKey *sk = &spec->sort[n++];

		sk->attno = answer_key_attno(spec, key);
		if (sk->attno == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("sort key %s is not a key of the answer", json_quote(key)),
					 errdetail("Sort keys of this request: %s.", answer_keys(spec)),
					 errhint("A measure is sorted on as \"field.Measure\", e.g. \"callDurationInSeconds.P95\", when it is asked.")));
		if (!sort_parse_direction(json->items[i], &sk->descending))
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("invalid sort direction %s for \"%s\"", json_repr(json->items[i]), key),
					 errdetail(SORT_DIRECTIONS_DETAIL)));
	}
	/* then every group key not sorted on yet, ascending: a total order */
	for (int k = 0; k < spec->nkeys; k++)
	{
		bool		sorted = false;

		for (int i = 0; i < n; i++)
			sorted |= spec->sort[i].attno == k + 1;
		if (sorted)
			continue;
		spec->sort[n].attno = k + 1;
		spec->sort[n].descending = false;
		n++;
	}
	spec->nsort = n;
}

void
aggregate_parse(AggregateSpec *spec, text *group_by, text *aggregate, text *sort,
				bool limit_isnull, int32 limit, PermissionSet perms)
{
	memset(spec, 0, sizeof(*spec));
	/* one statement each: C leaves the order of a call's arguments open */
	parse_group_by(spec, json_parse_param(group_by, "groupBy"), perms);
	parse_aggregate(spec, json_parse_param(aggregate, "aggregate"), perms);
	parse_sort(spec, json_parse_param(sort, "sort"));

	spec->limit = limit_isnull ? AGGREGATE_DEFAULT_LIMIT : limit;
	if (spec->limit < 1 || spec->limit > AGGREGATE_MAX_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"limit\" must be between 1 and %d, not %d", AGGREGATE_MAX_LIMIT, spec->limit)));
}
