/*
 * sort.c — parse and check "sort" (doc/reference.md "sort").
 *
 * {"field": "ASC"|"DESC"|"Ascending"|"Descending"|1|-1, ...} in key order;
 * missing, null or {} means {"createdAt": "DESC"}.  The SQL builder breaks
 * ties by _id so paging is stable.
 */
#include "postgres.h"

#include "errors.h"
#include "sort.h"
#include "values.h"

bool
sort_parse_direction(const JsonNode *value, bool *descending)
{
	if (value->kind == JSON_KIND_STRING)
	{
		if (pg_strcasecmp(value->str, "ASC") == 0 || pg_strcasecmp(value->str, "Ascending") == 0)
		{
			*descending = false;
			return true;
		}
		if (pg_strcasecmp(value->str, "DESC") == 0 || pg_strcasecmp(value->str, "Descending") == 0)
		{
			*descending = true;
			return true;
		}
	}
	else if (value->kind == JSON_KIND_NUMBER)
	{
		int32		n;

		if (parse_json_integer(value->str, &n) == INTEGER_OK && (n == 1 || n == -1))
		{
			*descending = (n == -1);
			return true;
		}
	}
	return false;
}

void
sort_parse(SortSpec *sort, const JsonNode *json, PermissionSet perms)
{
	if (json != NULL && json->kind != JSON_KIND_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"sort\" must be an object, not %s", json_kind_name(json->kind)),
				 errdetail("Example: {\"startedAt\": \"DESC\", \"status\": \"ASC\"}.")));
	if (json == NULL || json->n == 0)
	{
		sort->keys = palloc(sizeof(SortKey));
		sort->keys[0].field = catalog_created_at_field();
		sort->keys[0].descending = true;
		sort->n = 1;
		return;
	}

	sort->keys = palloc(sizeof(SortKey) * json->n);
	sort->n = 0;
	for (int i = 0; i < json->n; i++)
	{
		const char *key = json->keys[i];
		const Field *field = catalog_find(call_log_fields, call_log_nfields, key);
		SortKey    *sk = &sort->keys[sort->n++];

		if (field == NULL || (field->read & perms) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("unknown field %s in \"sort\"", json_quote(key)),
					 errdetail("Valid fields: %s.", catalog_names(call_log_fields, call_log_nfields, perms, true))));
		if (field->relation != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("relation \"%s\" cannot be sorted on", key),
					 errhint("Sort on its id field instead, e.g. {\"%sId\": \"ASC\"}.", key)));
		sk->field = field;
		if (!sort_parse_direction(json->items[i], &sk->descending))
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("invalid sort direction %s for \"%s\"", json_repr(json->items[i]), key),
					 errdetail(SORT_DIRECTIONS_DETAIL)));
	}
}
