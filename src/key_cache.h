/*
 * key_cache.h — API keys by their SHA-256, without a query on the hot path.
 */
#ifndef ICL_KEY_CACHE_H
#define ICL_KEY_CACHE_H

#include "postgres.h"

#include "common/sha2.h"
#include "datatype/timestamp.h"
#include "utils/uuid.h"

#include "permissions.h"

typedef struct KeyRecord
{
	uint8		hash[PG_SHA256_DIGEST_LENGTH];	/* key: SHA-256 of the secret */
	pg_uuid_t	project_id;
	PermissionSet permissions;
	TimestampTz expires_at;
	bool		revoked;
	pg_uuid_t	id;				/* api_key.id (usage statistics count by it) */
} KeyRecord;

/* The SHA-256 of a presented key (what api_key.key_hash stores). */
extern void key_hash(const char *key, uint8 *hash);

/* The same as a bytea datum. */
extern bytea *key_hash_bytea(const char *key);

/*
 * The stored row of the key with this SHA-256, from this backend's cache or
 * from api_key (SPI-connected, as the extension owner).  False when no such
 * key exists.
 */
extern bool key_cache_find(const uint8 *hash, KeyRecord *record);

#endif
