/*
 * select.c — parse and check the "select" projection (doc/reference.md "select").
 *
 * {"field": true|false, "relation": true|false|{} | {"relField": true|false}}
 * Unknown or unreadable names are errors listing the valid names at that
 * level; any value other than those forms is an error.
 *
 * Every field at once (doc/select-all.md; the contract is silent): the select
 * "*" (a JSON string, PostgREST's select=*) is every call_log field the
 * caller may read, in the catalog's (the API reference's) order, relations
 * left out as PostgREST leaves out embeddings; "*": true as a key of the
 * object (or of a relation's object) is the same at that place, so
 * {"*": true, "answeredByUser": {"name": true}} adds a relation and
 * {"*": true, "statusMessage": false} leaves a field out.  A field that
 * "*" already gave, named again with true, keeps its first place.
 */
#include "postgres.h"

#include "miscadmin.h"

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

/* The key that stands for every field. */
#define SELECT_ALL "*"

/* The position of field f in list[0..n), or -1. */
static int
position_of(const Field *const *list, int n, const Field *f)
{
	for (int i = 0; i < n; i++)
		if (list[i] == f)
			return i;
	return -1;
}

/* Drop the fields marked in leave_out from list[0..*n), keeping the order. */
static void
leave_out_fields(const Field **list, int *n, const bool *leave_out, const Field *fields)
{
	int			kept = 0;

	for (int i = 0; i < *n; i++)
		if (!leave_out[list[i] - fields])
			list[kept++] = list[i];
	*n = kept;
}

static void
parse_relation(SelectItem *item, const JsonNode *value, PermissionSet perms)
{
	const RelationSpec *rel = item->field->relation;
	const char *where = psprintf("\"select.%s\"", item->field->json_name);
	bool	   *leave_out = palloc0(sizeof(bool) * rel->nfields);

	item->rel_fields = palloc(sizeof(Field *) * rel->nfields);
	item->rel_attnos = palloc0(sizeof(int) * rel->nfields);
	for (int i = 0; i < value->n; i++)
	{
		const Field *rf;

		CHECK_FOR_INTERRUPTS();
		if (strcmp(value->keys[i], SELECT_ALL) == 0)
		{
			if (!select_flag(value->items[i], SELECT_ALL, where))
				continue;
			for (int k = 1; k < rel->nfields; k++)	/* [0] is _id, always returned */
				if ((rel->fields[k].read & perms) != 0 &&
					position_of(item->rel_fields, item->n_rel_fields, &rel->fields[k]) < 0)
					item->rel_fields[item->n_rel_fields++] = &rel->fields[k];
			continue;
		}
		rf = catalog_find(rel->fields, rel->nfields, value->keys[i]);
		if (rf == NULL || (rf->read & perms) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ICL_BAD_REQUEST),
					 errmsg("unknown field %s in %s", json_quote(value->keys[i]), where),
					 errdetail("Fields readable through %s: %s.", item->field->json_name,
							   catalog_names(rel->fields, rel->nfields, perms, false))));
		if (rf == &rel->fields[0])
		{
			(void) select_flag(value->items[i], rf->json_name, where);	/* always returned */
			continue;
		}
		if (!select_flag(value->items[i], rf->json_name, where))
			leave_out[rf - rel->fields] = true;
		else if (position_of(item->rel_fields, item->n_rel_fields, rf) < 0)
			item->rel_fields[item->n_rel_fields++] = rf;
	}
	leave_out_fields(item->rel_fields, &item->n_rel_fields, leave_out, rel->fields);
	item->join = item->n_rel_fields > 0;
}

/* Append every readable call_log field but _id and the relations not selected yet. */
static void
select_all(Projection *proj, PermissionSet perms)
{
	for (int k = 1; k < call_log_nfields; k++)
	{
		const Field *field = &call_log_fields[k];
		bool		present = false;

		if (field->relation != NULL || (field->read & perms) == 0)
			continue;
		for (int i = 0; i < proj->n && !present; i++)
			present = proj->items[i].field == field;
		if (!present)
			proj->items[proj->n++].field = field;
	}
}

void
select_parse(Projection *proj, const JsonNode *select, PermissionSet perms)
{
	bool	   *leave_out;
	int			kept;

	memset(proj, 0, sizeof(*proj));
	if (select == NULL)
		return;
	if (select->kind == JSON_KIND_STRING && strcmp(select->str, SELECT_ALL) == 0)
	{
		proj->items = palloc0(sizeof(SelectItem) * call_log_nfields);
		select_all(proj, perms);
		return;
	}
	if (select->kind != JSON_KIND_OBJECT)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_BAD_REQUEST),
				 errmsg("\"select\" must be an object or \"*\", not %s", json_kind_name(select->kind)),
				 errdetail("Example: {\"status\": true, \"answeredByUser\": {\"name\": true}}; \"*\" selects every field.")));

	/* each key adds at most one item, and "*" at most all of them */
	proj->items = palloc0(sizeof(SelectItem) * (select->n + call_log_nfields));
	leave_out = palloc0(sizeof(bool) * call_log_nfields);
	for (int i = 0; i < select->n; i++)
	{
		const char *key = select->keys[i];
		const JsonNode *value = select->items[i];
		const Field *field;
		SelectItem *item;
		bool		present = false;

		CHECK_FOR_INTERRUPTS();
		if (strcmp(key, SELECT_ALL) == 0)
		{
			if (select_flag(value, key, "\"select\""))
				select_all(proj, perms);
			continue;
		}
		field = catalog_find(call_log_fields, call_log_nfields, key);
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

		for (int k = 0; k < proj->n && !present; k++)
			present = proj->items[k].field == field;
		item = &proj->items[proj->n];
		item->field = field;
		if (field->relation == NULL)
		{
			if (!select_flag(value, key, "\"select\""))
			{
				leave_out[catalog_index(field)] = true;
				continue;
			}
			if (present)
				continue;		/* "*" gave it already: it keeps that place */
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

	/* fields left out with false, wherever "*" stands */
	kept = 0;
	for (int i = 0; i < proj->n; i++)
		if (!leave_out[catalog_index(proj->items[i].field)])
			proj->items[kept++] = proj->items[i];
	proj->n = kept;
}
