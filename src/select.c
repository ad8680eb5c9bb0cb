/*
 * select.c — parse and check the "select" projection (SPEC §3 "select").
 *
 * {"field": true|false, "relation": true|false|{} | {"relField": true|false}}
 * Unknown or unreadable names are errors listing the valid names at that
 * level; any value other than those forms is an error.
 */
#include "postgres.h"

#include "errors.h"
#include "select.h"

static bool
select_flag(const JsonNode *value, const char *key, const char *where)
{
	if (value->kind != JSON_KIND_BOOL)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("invalid value %s for \"%s\" in %s", json_repr(value), key, where),
				 errdetail("A field is selected with true or left out with false.")));
	return value->boolean;
}

static void
parse_relation(SelectItem *item, const JsonNode *value, PermissionSet perms)
{
	const RelationSpec *rel = item->field->relation;
	const char *where = psprintf("\"select.%s\"", item->field->json_name);

	item->rel_fields = palloc(sizeof(Field *) * rel->nfields);
	item->rel_attnos = palloc0(sizeof(int) * rel->nfields);
	for (int i = 0; i < value->n; i++)
	{
		const Field *rf = catalog_find(rel->fields, rel->nfields, value->keys[i]);

		if (rf == NULL || (rf->read & perms) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("unknown field %s in %s", json_quote(value->keys[i]), where),
					 errdetail("Fields readable through %s: %s.", item->field->json_name,
							   catalog_names(rel->fields, rel->nfields, perms, false))));
		if (!select_flag(value->items[i], rf->json_name, where))
			continue;
		if (rf == &rel->fields[0])
			continue;			/* _id is always returned */
		item->rel_fields[item->n_rel_fields++] = rf;
	}
	item->join = item->n_rel_fields > 0;
}

void
select_parse(Projection *proj, const JsonNode *select, PermissionSet perms)
{
	memset(proj, 0, sizeof(*proj));
	if (select == NULL)
		return;
	if (select->kind != JSON_KIND_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"select\" must be an object, not %s", json_kind_name(select->kind)),
				 errdetail("Example: {\"status\": true, \"answeredByUser\": {\"name\": true}}.")));

	proj->items = palloc0(sizeof(SelectItem) * Max(select->n, 1));
	for (int i = 0; i < select->n; i++)
	{
		const char *key = select->keys[i];
		const JsonNode *value = select->items[i];
		const Field *field = catalog_find(call_log_fields, call_log_nfields, key);
		SelectItem *item;

		if (field == NULL || (field->read & perms) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("unknown field %s in \"select\"", json_quote(key)),
					 errdetail("Valid fields: %s.",
							   catalog_names(call_log_fields, call_log_nfields, perms, false))));
		if (field == catalog_id_field())
		{
			(void) select_flag(value, key, "\"select\"");	/* always returned */
			continue;
		}

		item = &proj->items[proj->n];
		item->field = field;
		if (field->relation == NULL)
		{
			if (!select_flag(value, key, "\"select\""))
				continue;
		}
		else if (value->kind == JSON_KIND_OBJECT)
			parse_relation(item, value, perms);
		else if (value->kind != JSON_KIND_BOOL)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("invalid value %s for \"%s\" in \"select\"", json_repr(value), key),
					 errdetail("A relation is selected with true, false, or an object of its fields: %s.",
							   catalog_names(field->relation->fields, field->relation->nfields, perms, false))));
		else if (!value->boolean)
			continue;
		proj->n++;
	}
}
