/*
 * permissions.h — the permission names a key or a role can hold, as bits.
 */
#ifndef ICL_PERMISSIONS_H
#define ICL_PERMISSIONS_H

#include "postgres.h"
#include "utils/array.h"

typedef uint32 PermissionSet;

#define PERM_PROJECT_OWNER				(1u << 0)
#define PERM_PROJECT_ADMIN				(1u << 1)
#define PERM_PROJECT_MEMBER				(1u << 2)
#define PERM_READ_INCOMING_CALL_LOG		(1u << 3)
#define PERM_READ_ALL_PROJECT_RESOURCES	(1u << 4)

/* Any one of these allows reading call logs. */
#define PERM_READ_ANY	(PERM_PROJECT_OWNER | PERM_PROJECT_ADMIN | PERM_PROJECT_MEMBER | \
						 PERM_READ_INCOMING_CALL_LOG | PERM_READ_ALL_PROJECT_RESOURCES)

/* Holding one of these on a project lets a role grant access to it. */
#define PERM_MANAGE_ACCESS	(PERM_PROJECT_OWNER | PERM_PROJECT_ADMIN)

/* Bit of a permission name, 0 when the name is unknown. */
extern PermissionSet permission_from_name(const char *name);

/*
 * Bits of a text[] of names.  With strict, an unknown name or a null element
 * is an error (22023) naming it; otherwise such elements are ignored.
 */
extern PermissionSet permissions_from_array(ArrayType *names, bool strict);

/*
 * What a key or a grant stores of a valid text[] of names (one that
 * permissions_from_array accepted strictly): each name once, in the order
 * first given, as a one-dimensional array from 1 ('{}' when empty).
 */
extern ArrayType *permissions_normalized(ArrayType *names);

/* The names of the permissions in a set, as a text[] literal: "{ProjectOwner,ProjectMember}". */
extern char *permission_set_names(PermissionSet set);

/* "ProjectOwner, ProjectAdmin, ..." for messages. */
extern const char *permission_names_list(void);

#endif
