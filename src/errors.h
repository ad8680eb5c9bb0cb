/*
 * errors.h — the SQLSTATEs of the public error contract (doc/reference.md).
 *
 * Each is chosen so PostgREST answers with the matching HTTP status:
 * 22023 → 400, PTnnn → nnn.
 */
#ifndef ICL_ERRORS_H
#define ICL_ERRORS_H

#include "utils/elog.h"

/* malformed select / query / sort / skip / limit / id (HTTP 400) */
#define ERRCODE_ICL_BAD_REQUEST		ERRCODE_INVALID_PARAMETER_VALUE
/* no, unknown, expired or revoked API key (HTTP 401) */
#define ERRCODE_ICL_UNAUTHENTICATED	MAKE_SQLSTATE('P','T','4','0','1')
/* authenticated but no read permission (HTTP 403) */
#define ERRCODE_ICL_FORBIDDEN		MAKE_SQLSTATE('P','T','4','0','3')
/* get_item id not visible to the caller (HTTP 404) */
#define ERRCODE_ICL_NOT_FOUND		MAKE_SQLSTATE('P','T','4','0','4')
/* get_changes position older than the changes still remembered (HTTP 410) */
#define ERRCODE_ICL_GONE			MAKE_SQLSTATE('P','T','4','1','0')

#endif
