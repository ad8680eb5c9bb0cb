/*
 * request_headers.h — what the gateway passed in request.headers.
 */
#ifndef ICL_REQUEST_HEADERS_H
#define ICL_REQUEST_HEADERS_H

#include "postgres.h"

#include "common/sha2.h"

/*
 * Why no key was presented (for the PT401 hint): the caller can only fix
 * what it is told.  Read from the caller's own headers, so saying it leaks
 * nothing about the request or the data.
 */
typedef enum HeadersProblem
{
	HEADERS_KEY_PRESENTED,		/* apikey is set */
	HEADERS_ABSENT,				/* the setting is unset or empty */
	HEADERS_UNREADABLE,			/* not JSON, not an object, or nested too deep */
	HEADERS_APIKEY_UNUSABLE,	/* an apikey member, but not one non-empty string */
	HEADERS_APIKEY_MISCASED,	/* no apikey member, but one like "ApiKey" */
	HEADERS_NO_APIKEY			/* an object without any apikey-like member */
} HeadersProblem;

typedef struct RequestHeaders
{
	const char *apikey;			/* non-empty string, or NULL: no key presented */
	uint8		apikey_hash[PG_SHA256_DIGEST_LENGTH];	/* its SHA-256, when presented */
	const char *tenantid;		/* non-empty string, or NULL: no project named */
	HeadersProblem problem;		/* why apikey is NULL */
	char		apikey_name[7];	/* for HEADERS_APIKEY_MISCASED: the name as written */
} RequestHeaders;

/*
 * Read the setting request.headers (PostgREST's JSON object of lower-case
 * header names).  Absent, empty, malformed or non-object settings, and
 * members that are missing, not strings, empty or given twice, all read as
 * "not presented" (problem says which); this never raises an error.  The strings stay valid
 * until the next call.
 */
extern void request_headers_read(RequestHeaders *headers);

#endif
