/*
 * keyset.h — a position in a sorted walk of call_log (doc/cursors-and-changes.md get_page):
 * the sort's keys as the walk orders rows, and the SQL condition "strictly
 * after this row" built from the catalog with $n parameters only.
 */
#ifndef ICL_KEYSET_H
#define ICL_KEYSET_H

#include "postgres.h"

#include "lib/stringinfo.h"

#include "sort.h"

typedef struct KeysetKey
{
	const Field *field;
	bool		descending;
	Oid			type;			/* the SQL type of its values (a parameter's type) */
	int16		typlen;
	bool		typbyval;
} KeysetKey;

/*
 * The keys of a sort as rows are ordered: the sort's keys up to _id when the
 * sort names it, else the sort's keys and then _id ascending.  The last key
 * is always _id, so a position names exactly one row.
 */
typedef struct Keyset
{
	KeysetKey  *keys;
	int			n;
} Keyset;

extern void keyset_from_sort(Keyset *ks, const SortSpec *sort);

/*
 * Append "<condition>": the rows of call_log (alias l) strictly after the
 * position whose key values are null where nulls[i], else $params[i] --
 * those with a value of the first key only when keyset_after_splits (the
 * nulls after the position are then keyset_nulls_sql's, read apart).
 * NULLs are placed as doc/reference.md says: last ascending, first descending.
 * Uses one row comparison when every key goes the same way and none may be
 * null; otherwise the expanded OR form, led by a bound on the first key
 * that an index on (project_id, first key, ...) serves.
 */
extern void keyset_after_sql(StringInfo sql, const Keyset *ks, const bool *nulls, const int *params);

/*
 * Whether the rows after a position lie in two ranges of an index leading
 * with the first key: an ascending nullable first key at a value, followed
 * by the greater values, then by the nulls.  When it does, keyset_after_sql
 * is led by "first key >= value" and so answers only the rows with a
 * value; the nulls, all after the position, are keyset_nulls_sql's.  A page
 * then reads two ranges (statement_page), each from its start, rather than
 * every row up to the position.
 */
extern bool keyset_after_splits(const Keyset *ks, const bool *nulls);

/* Append "<first key> IS NULL" over call_log alias l. */
extern void keyset_nulls_sql(StringInfo sql, const Keyset *ks);

/*
 * A position as bytes (a get_page cursor's body): each key's value in order,
 * at most capacity bytes.  A text value that would not fit is written as a
 * reference to the row (the last key, _id, is always written) with its
 * keyset_text_hash, read back from the row by keyset_decode's caller, who
 * checks the hash: a value changed since cannot be stood after.
 */
extern int	keyset_encode(uint8 *buf, int capacity, const Keyset *ks, const Datum *values,
						  const bool *nulls);

/*
 * The position in data: values and nulls (palloc'd, n each); byref[i] is set
 * for a value carried as a reference to the row whose _id is values[n-1],
 * and values[i] is then its keyset_text_hash (an Int64 datum).  False when
 * data is not a position of this keyset.
 */
extern bool keyset_decode(const uint8 *data, int len, const Keyset *ks, Datum *values,
						  bool *nulls, bool *byref);

/* The 64-bit hash by which a cursor recognises a text value it refers to. */
extern int64 keyset_text_hash(const text *t);

#endif
