/*
 * catalog.c — the column catalog: every JSON name of the API, its SQL
 * column, type and read permissions.  Adding a column to the API is one line
 * here (plus the column in the install script).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"

#include "catalog.h"
#include "sql_names.h"

#define R PERM_READ_ANY
/* get_aggregate groups by the field's value (relations and their fields: never) */
#define G .groupable = true

static const Field project_fields[] = {
	{.json_name = "_id", .column = "id", .type = FIELD_UUID, .read = R},
	{.json_name = "name", .column = "name", .type = FIELD_TEXT, .read = R},
	{.json_name = "createdAt", .column = "created_at", .type = FIELD_TIMESTAMP, .read = R},
	{.json_name = "updatedAt", .column = "updated_at", .type = FIELD_TIMESTAMP, .read = R},
};

static const Field call_policy_fields[] = {
	{.json_name = "_id", .column = "id", .type = FIELD_UUID, .read = R},
	{.json_name = "name", .column = "name", .type = FIELD_TEXT, .read = R},
	{.json_name = "createdAt", .column = "created_at", .type = FIELD_TIMESTAMP, .read = R},
	{.json_name = "updatedAt", .column = "updated_at", .type = FIELD_TIMESTAMP, .read = R},
	{.json_name = "projectId", .column = "project_id", .type = FIELD_UUID, .read = R, .indexed = true},
	{.json_name = "routingPhoneNumber", .column = "routing_phone_number", .type = FIELD_PHONE, .read = R, .nullable = true},
};

static const Field app_user_fields[] = {
	{.json_name = "_id", .column = "id", .type = FIELD_UUID, .read = R},
	{.json_name = "name", .column = "name", .type = FIELD_TEXT, .read = R},
	{.json_name = "email", .column = "email", .type = FIELD_TEXT, .read = R},
	{.json_name = "createdAt", .column = "created_at", .type = FIELD_TIMESTAMP, .read = R},
	{.json_name = "updatedAt", .column = "updated_at", .type = FIELD_TIMESTAMP, .read = R},
};

static const char *const project_join_columns[] = {"project_id"};
static const char *const call_policy_join_columns[] = {"project_id", "incoming_call_policy_id"};
static const char *const app_user_join_columns[] = {"answered_by_user_id"};
static const char *const project_key_columns[] = {"id"};
static const char *const call_policy_key_columns[] = {"project_id", "id"};
static const char *const app_user_key_columns[] = {"id"};

static const RelationSpec project_relation = {
	.table = "incoming_call_log.project", .alias = "rp",
	.join_on = "rp.id" SQL_EQ "%1$s.project_id",
	.join_columns = project_join_columns, .key_columns = project_key_columns,
	.njoin_columns = lengthof(project_join_columns),
	.fields = project_fields, .nfields = lengthof(project_fields),
};

static const RelationSpec call_policy_relation = {
	.table = "incoming_call_log.call_policy", .alias = "rcp",
	.join_on = "rcp.project_id" SQL_EQ "%1$s.project_id AND rcp.id" SQL_EQ "%1$s.incoming_call_policy_id",
	.join_columns = call_policy_join_columns, .key_columns = call_policy_key_columns,
	.njoin_columns = lengthof(call_policy_join_columns),
	.fields = call_policy_fields, .nfields = lengthof(call_policy_fields),
	.soft_deleted_as = "IncomingCallPolicy",
};

static const RelationSpec app_user_relation = {
	.table = "incoming_call_log.app_user", .alias = "ru",
	.join_on = "ru.id" SQL_EQ "%1$s.answered_by_user_id",
	.join_columns = app_user_join_columns, .key_columns = app_user_key_columns,
	.njoin_columns = lengthof(app_user_join_columns),
	.fields = app_user_fields, .nfields = lengthof(app_user_fields),
	.soft_deleted_as = "User",
};

/*
 * In the order of the API reference; [0] must be _id.  "indexed" marks the
 * columns an index of the install script leads with after project_id
 * (statement.c plans equality filters on them once for every value).
 * "nullable" marks the columns that may be null (doc/reference.md; keyset.c places
 * their NULLs as doc/reference.md sorts them).
 * G marks what get_aggregate may group by (doc/aggregates.md: every field but the
 * relations); dates may also be grouped by UTC bucket and measured by
 * their extremes, numbers by every measure.
 */
const Field call_log_fields[] = {
	{.json_name = "_id", .column = "id", .type = FIELD_UUID, .read = R, .indexed = true, G},
	{.json_name = "createdAt", .column = "created_at", .type = FIELD_TIMESTAMP, .read = R, .indexed = true, G, .bucketable = true, .measures = MEASURES_DATE},
	{.json_name = "updatedAt", .column = "updated_at", .type = FIELD_TIMESTAMP, .read = R, G, .bucketable = true, .measures = MEASURES_DATE},
	{.json_name = "project", .column = "project_id", .type = FIELD_UUID, .read = R, .relation = &project_relation},
	{.json_name = "projectId", .column = "project_id", .type = FIELD_UUID, .read = R, .indexed = true, G},
	{.json_name = "incomingCallPolicy", .column = "incoming_call_policy_id", .type = FIELD_UUID, .read = R, .relation = &call_policy_relation},
	{.json_name = "incomingCallPolicyId", .column = "incoming_call_policy_id", .type = FIELD_UUID, .read = R, .indexed = true, G},
	{.json_name = "callerPhoneNumber", .column = "caller_phone_number", .type = FIELD_PHONE, .read = R, G, .nullable = true},
	{.json_name = "routingPhoneNumber", .column = "routing_phone_number", .type = FIELD_PHONE, .read = R, G, .nullable = true},
	{.json_name = "callProviderCallId", .column = "call_provider_call_id", .type = FIELD_TEXT, .read = R, .indexed = true, G, .nullable = true},
	{.json_name = "status", .column = "status", .type = FIELD_STATUS, .read = R, .indexed = true, G},
	{.json_name = "statusMessage", .column = "status_message", .type = FIELD_TEXT, .read = R, G, .nullable = true},
	{.json_name = "callDurationInSeconds", .column = "call_duration_in_seconds", .type = FIELD_INTEGER, .read = R, G, .measures = MEASURES_NUMBER},
	{.json_name = "callCostInUSDCents", .column = "call_cost_in_usd_cents", .type = FIELD_INTEGER, .read = R, G, .measures = MEASURES_NUMBER},
	{.json_name = "incomingCallCostInUSDCents", .column = "incoming_call_cost_in_usd_cents", .type = FIELD_INTEGER, .read = R, G, .measures = MEASURES_NUMBER},
	{.json_name = "outgoingCallCostInUSDCents", .column = "outgoing_call_cost_in_usd_cents", .type = FIELD_INTEGER, .read = R, G, .measures = MEASURES_NUMBER},
	{.json_name = "startedAt", .column = "started_at", .type = FIELD_TIMESTAMP, .read = R, .indexed = true, G, .bucketable = true, .measures = MEASURES_DATE, .nullable = true},
	{.json_name = "endedAt", .column = "ended_at", .type = FIELD_TIMESTAMP, .read = R, G, .bucketable = true, .measures = MEASURES_DATE, .nullable = true},
	{.json_name = "answeredByUser", .column = "answered_by_user_id", .type = FIELD_UUID, .read = R, .relation = &app_user_relation, .nullable = true},
	{.json_name = "answeredByUserId", .column = "answered_by_user_id", .type = FIELD_UUID, .read = R, G, .nullable = true},
	{.json_name = "currentEscalationRuleOrder", .column = "current_escalation_rule_order", .type = FIELD_INTEGER, .read = R, G, .measures = MEASURES_NUMBER},
	{.json_name = "repeatCount", .column = "repeat_count", .type = FIELD_INTEGER, .read = R, G, .measures = MEASURES_NUMBER},
};

const int	call_log_nfields = lengthof(call_log_fields);

#undef R
#undef G

const Field *
catalog_find(const Field *fields, int nfields, const char *json_name)
{
	for (int i = 0; i < nfields; i++)
		if (strcmp(fields[i].json_name, json_name) == 0)
			return &fields[i];
	return NULL;
}

int
catalog_index(const Field *field)
{
	Assert(field >= call_log_fields && field < call_log_fields + call_log_nfields);
	return (int) (field - call_log_fields);
}

const Field *
catalog_id_field(void)
{
	return &call_log_fields[0];
}

const Field *
catalog_created_at_field(void)
{
	return &call_log_fields[1];
}

char *
catalog_names(const Field *fields, int nfields, PermissionSet perms, bool no_relations)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < nfields; i++)
	{
		if ((fields[i].read & perms) == 0)
			continue;
		if (no_relations && fields[i].relation != NULL)
			continue;
		if (buf.len > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, fields[i].json_name);
	}
	return buf.data;
}

bool
field_is_textual(const Field *field)
{
	return field->type == FIELD_TEXT || field->type == FIELD_PHONE ||
		field->type == FIELD_STATUS;
}

Oid
field_sql_type(FieldType type)
{
	switch (type)
	{
		case FIELD_UUID:
			return UUIDOID;
		case FIELD_INTEGER:
			return INT4OID;
		case FIELD_TIMESTAMP:
			return TIMESTAMPTZOID;
		case FIELD_TEXT:
		case FIELD_PHONE:
		case FIELD_STATUS:
			break;
	}
	return TEXTOID;
}
