/*
 * request_headers.h — what the gateway passed in request.headers.
 */
#ifndef ICL_REQUEST_HEADERS_H
#define ICL_REQUEST_HEADERS_H

#include "postgres.h"

#include "common/sha2.h"

typedef struct RequestHeaders
{
	const char *apikey;			/* non-empty string, or NULL: no key presented */
	uint8		apikey_hash[PG_SHA256_DIGEST_LENGTH];	/* its SHA-256, when presented */
	const char *tenantid;		/* non-empty string, or NULL: no project named */
} RequestHeaders;

/*
 * Read the setting request.headers (PostgREST's JSON object of lower-case
 * header names).  Absent, empty, malformed or non-object settings, and
 * members that are missing, not strings, empty or given twice, all read as
 * "not presented"; this never raises an error.  The strings stay valid
 * until the next call.
 */
extern void request_headers_read(RequestHeaders *headers);

#endif
