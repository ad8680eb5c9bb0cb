/*
 * catalog.h — the column catalog of the call_log resource.
 *
 * One table of fields drives everything: which JSON names select, query and
 * sort accept, which SQL column each maps to (the only identifiers that ever
 * reach SQL text), how a value is type-checked, who may read it, and how it
 * is rendered in JSON.  Relations carry their own small field tables.
 */
#ifndef ICL_CATALOG_H
#define ICL_CATALOG_H

#include "postgres.h"

#include "permissions.h"

typedef enum FieldType
{
	FIELD_UUID,					/* uuid; JSON string, lower case */
	FIELD_TEXT,					/* text; JSON string */
	FIELD_PHONE,				/* phone_number; JSON string, validated */
	FIELD_STATUS,				/* status text; JSON string */
	FIELD_INTEGER,				/* integer; JSON number */
	FIELD_TIMESTAMP				/* timestamptz; ISO-8601 string, UTC, ms, Z */
} FieldType;

typedef struct RelationSpec RelationSpec;

/*
 * What get_aggregate may compute over a field (doc/aggregates.md), as bits of a
 * field's "measures".  Their names and SQL are aggregate.c's and
 * statement.c's; which field allows which is the field's own property.
 */
typedef enum Measure
{
	MEASURE_SUM,
	MEASURE_AVG,
	MEASURE_MIN,
	MEASURE_MAX,
	MEASURE_P50,
	MEASURE_P90,
	MEASURE_P95,
	MEASURE_P99,
	MEASURE_NKINDS				/* how many there are */
} Measure;

#define MEASURE_BIT(m)		(1u << (m))
/* a number field: all of them; a date field: its extremes */
#define MEASURES_NUMBER		(MEASURE_BIT(MEASURE_SUM) | MEASURE_BIT(MEASURE_AVG) | \
							 MEASURE_BIT(MEASURE_MIN) | MEASURE_BIT(MEASURE_MAX) | \
							 MEASURE_BIT(MEASURE_P50) | MEASURE_BIT(MEASURE_P90) | \
							 MEASURE_BIT(MEASURE_P95) | MEASURE_BIT(MEASURE_P99))
#define MEASURES_DATE		(MEASURE_BIT(MEASURE_MIN) | MEASURE_BIT(MEASURE_MAX))

typedef struct Field
{
	const char *json_name;		/* API name, e.g. "callerPhoneNumber" */
	const char *column;			/* SQL column in its table */
	FieldType	type;
	PermissionSet read;			/* any one of these may read it */
	const RelationSpec *relation;	/* set for a relation: column is its key */
	bool		indexed;		/* an index of call_log leads with (project_id, column) */
	bool		nullable;		/* the column may be null (keyset.c places NULLs) */
	bool		groupable;		/* get_aggregate may group by its value */
	bool		bucketable;		/* ... or by a UTC time bucket of it (dates) */
	uint32		measures;		/* MEASURE_BITs get_aggregate may compute over it */
} Field;

struct RelationSpec
{
	const char *table;			/* schema-qualified table */
	const char *alias;			/* alias in generated SQL */
	const char *join_on;		/* join condition; %1$s is call_log's alias */
	const char *const *join_columns;	/* the call_log columns join_on reads */
	const char *const *key_columns; /* the relation's columns join_on equates
									 * with them, in the same order (its
									 * primary key: item_fetch.c) */
	int			njoin_columns;
	const Field *fields;		/* readable through the relation; [0] is _id */
	int			nfields;
	/*
	 * OneUptime's table whose soft-deleted rows (listed in
	 * FOLLOW_SOFT_DELETED_TABLE while following) are answered as a null
	 * relation, or NULL (doc/following-oneuptime.md).
	 */
	const char *soft_deleted_as;
};

/*
 * The ids of followed users and policies that OneUptime soft-deleted
 * (0.3.0 and later; statement.c joins through it only where it exists).
 */
#define FOLLOW_SOFT_DELETED_SCHEMA	"incoming_call_log_internal"
#define FOLLOW_SOFT_DELETED_NAME	"follow_soft_deleted"
#define FOLLOW_SOFT_DELETED_TABLE	FOLLOW_SOFT_DELETED_SCHEMA "." FOLLOW_SOFT_DELETED_NAME

/* call_log, and its alias where a statement reads the table itself. */
#define CALL_LOG_TABLE	"incoming_call_log.call_log"
#define CALL_LOG_ALIAS	"l"

extern const Field call_log_fields[];
extern const int call_log_nfields;

/* The field called json_name in fields[0..nfields), or NULL. */
extern const Field *catalog_find(const Field *fields, int nfields, const char *json_name);

/* Index of a call_log field in call_log_fields (for canonical ordering). */
extern int	catalog_index(const Field *field);

/* The _id field of call_log. */
extern const Field *catalog_id_field(void);

/* The createdAt field of call_log (the default sort). */
extern const Field *catalog_created_at_field(void);

/*
 * Comma-separated JSON names of the fields a caller with these permissions
 * may use, for error details; with no_relations, relations are left out.
 */
extern char *catalog_names(const Field *fields, int nfields, PermissionSet perms, bool no_relations);

/* True for the types the text operators (Search, ...) apply to. */
extern bool field_is_textual(const Field *field);

/* The SQL type of a field's values: of its parameters, keys and columns (text for text, phone, status). */
extern Oid	field_sql_type(FieldType type);

#endif
