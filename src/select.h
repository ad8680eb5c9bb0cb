/*
 * select.h — the "select" parameter: which fields each returned object has,
 * in the order the caller named them (_id always first).
 */
#ifndef ICL_SELECT_H
#define ICL_SELECT_H

#include "catalog.h"
#include "json_input.h"

typedef struct SelectItem
{
	const Field *field;			/* a call_log field, possibly a relation */
	const Field **rel_fields;	/* relation fields to return after its _id */
	int			n_rel_fields;
	bool		join;			/* relation table must be joined */

	/* result columns (1-based), assigned by the SQL builder */
	int			attno;			/* the field's column, or the relation's _id */
	int		   *rel_attnos;		/* parallel to rel_fields */
} SelectItem;

typedef struct Projection
{
	SelectItem *items;			/* in the caller's order; _id is implicit */
	int			n;
	int			id_attno;		/* result column of _id */
} Projection;

/* Parse select (NULL when not given) for a caller holding perms. */
extern void select_parse(Projection *proj, const JsonNode *select, PermissionSet perms);

#endif
