/*
 * api_key.h — API key secrets and their stored hash.
 */
#ifndef ICL_API_KEY_H
#define ICL_API_KEY_H

#include "postgres.h"

/* SHA-256 of a presented key, as a bytea (what api_key.key_hash stores). */
extern bytea *api_key_hash(const char *key);

#endif
