/*
 * item_fetch.h — get_item's row by primary key, without an inner statement
 * (item_fetch.c says when it declines and the statement runs instead).
 */
#ifndef ICL_ITEM_FETCH_H
#define ICL_ITEM_FETCH_H

#include "postgres.h"

#include "utils/uuid.h"

#include "response.h"
#include "select.h"

/*
 * Write the call log `id` of `project` into r (r->rows stays 0 when there
 * is none) and return true; or return false, having read and written
 * nothing, when the answer must come from the item's statement instead.
 * Runs as the extension owner (api_call_begin), after the caller's checks;
 * proj's result columns are assigned (statement_item).
 */
extern bool item_fetch(const Projection *proj, const pg_uuid_t *project, const pg_uuid_t *id,
					   Response *r);

#endif
