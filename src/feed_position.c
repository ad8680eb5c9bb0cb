/*
 * feed_position.c — positions in the feed of changes (doc/cursors-and-changes.md
 * get_changes): made from pg_current_snapshot(), carried in a signed cursor,
 * checked against the cluster that issued them and the purge horizon.
 *
 * Why snapshots: an id or a timestamp is taken before commit, so "greater
 * than the last one seen" skips a transaction that started earlier and
 * committed later.  A snapshot names exactly the transactions whose work a
 * reader saw; the next read reports what is visible now and was not then.
 * PgQ's batches and PostgreSQL's txid_snapshot/pg_snapshot functions work
 * this way.  Transaction ids are the same on a primary and its standbys,
 * so a position issued by one is valid on the others; pg_upgrade keeps
 * them.  A feed has an id (change_horizon.feed_id), made anew with the
 * extension (a restore elsewhere, whose transaction ids mean something
 * else) and by TRUNCATE call_log; a position names its feed.
 *
 * A body is
 *
 *   the feed's id (16 bytes)
 *   seen: xmin, xmax - xmin, nxip, each xip - previous (LEB128 varints)
 *   within (1 byte); when 1: upto likewise, last_txid (a varint) and
 *     last_id (16 bytes)
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "errors.h"
#include "feed_position.h"

static int
put_varint(uint8 *buf, int pos, int capacity, uint64 v)
{
	do
	{
		uint8		b = v & 0x7F;

		v >>= 7;
		if (pos >= capacity)
			return -1;
		buf[pos++] = b | (v ? 0x80 : 0);
	} while (v);
	return pos;
}

static int
get_varint(const uint8 *buf, int pos, int len, uint64 *v)
{
	int			shift = 0;

	*v = 0;
	for (;;)
	{
		if (pos >= len || shift > 63)
			return -1;
		*v |= (uint64) (buf[pos] & 0x7F) << shift;
		shift += 7;
		if ((buf[pos++] & 0x80) == 0)
			return pos;
	}
}

/*
 * A snapshot with more transactions in progress than a position names
 * (bounds.h says why): keep the oldest CHANGES_POSITION_MAX_XIP of them and
 * move xmax down to the next one, cut.  "Everything from cut on is unseen":
 * true of the transactions in progress, and of those that ended meanwhile
 * it re-reports some changes but never misses one.  Cutting at the next
 * one, rather than at xmin, keeps the feed moving past a few long
 * transactions while many others are open.
 */
static void
snapshot_cut(FeedSnapshot *s, uint64 cut)
{
	Assert(s->nxip == CHANGES_POSITION_MAX_XIP);
	Assert(cut > s->xip[s->nxip - 1] && cut <= s->xmax);
	s->xmax = cut;
}

/*
 * The calling transaction, if it wrote, is still in progress: a snapshot
 * leaves it out of xip (a transaction sees its own work), but a position
 * must not count it as seen, or what it writes after taking the position
 * would never be reported.
 */
static void
add_own_transaction(FeedSnapshot *s)
{
	FullTransactionId own = GetTopFullTransactionIdIfAny();
	uint64		xid = U64FromFullTransactionId(own);
	int			at = 0;

	if (!FullTransactionIdIsValid(own) || xid < s->xmin || xid >= s->xmax)
		return;
	while (at < s->nxip && s->xip[at] < xid)
		at++;
	if (at < s->nxip && s->xip[at] == xid)
		return;
	if (s->nxip == CHANGES_POSITION_MAX_XIP)
	{
		/* the newest of them, or this one, becomes the cut */
		uint64		cut = at == s->nxip ? xid : s->xip[s->nxip - 1];

		if (at < s->nxip)
		{
			memmove(&s->xip[at + 1], &s->xip[at], sizeof(uint64) * (s->nxip - 1 - at));
			s->xip[at] = xid;
		}
		snapshot_cut(s, cut);
		return;
	}
	memmove(&s->xip[at + 1], &s->xip[at], sizeof(uint64) * (s->nxip - at));
	s->xip[at] = xid;
	s->nxip++;
}

void
feed_snapshot_now(FeedSnapshot *s)
{
	LOCAL_FCINFO(current, 0);
	char	   *text;
	char	   *p;
	char	   *end;

	InitFunctionCallInfoData(*current, NULL, 0, InvalidOid, NULL, NULL);
	text = DatumGetCString(DirectFunctionCall1(pg_snapshot_out, pg_current_snapshot(current)));
	p = text;

	/* "xmin:xmax:xip,xip,..." as pg_snapshot_out writes it */
	s->xmin = strtou64(p, &end, 10);
	if (*end != ':')
		elog(ERROR, "unexpected snapshot \"%s\"", text);
	s->xmax = strtou64(end + 1, &end, 10);
	if (*end != ':')
		elog(ERROR, "unexpected snapshot \"%s\"", text);
	s->nxip = 0;
	p = end + 1;
	while (*p != '\0')
	{
		uint64		xid = strtou64(p, &end, 10);

		if (end == p)
			elog(ERROR, "unexpected snapshot \"%s\"", text);
		if (s->nxip == CHANGES_POSITION_MAX_XIP)
		{
			/* xip is in ascending order (pg_snapshot_out) */
			snapshot_cut(s, xid);
			break;
		}
		s->xip[s->nxip++] = xid;
		p = *end == ',' ? end + 1 : end;
	}
	add_own_transaction(s);
}

Datum
feed_snapshot_datum(const FeedSnapshot *s)
{
	StringInfoData text;

	initStringInfo(&text);
	appendStringInfo(&text, UINT64_FORMAT ":" UINT64_FORMAT ":", s->xmin, s->xmax);
	for (int i = 0; i < s->nxip; i++)
		appendStringInfo(&text, "%s" UINT64_FORMAT, i > 0 ? "," : "", s->xip[i]);
	return DirectFunctionCall1(pg_snapshot_in, CStringGetDatum(text.data));
}

static int
put_snapshot(uint8 *buf, int pos, int capacity, const FeedSnapshot *s)
{
	uint64		prev = s->xmin;

	pos = put_varint(buf, pos, capacity, s->xmin);
	if (pos >= 0)
		pos = put_varint(buf, pos, capacity, s->xmax - s->xmin);
	if (pos >= 0)
		pos = put_varint(buf, pos, capacity, (uint64) s->nxip);
	for (int i = 0; i < s->nxip && pos >= 0; i++)
	{
		pos = put_varint(buf, pos, capacity, s->xip[i] - prev);
		prev = s->xip[i];
	}
	return pos;
}

static int
get_snapshot(const uint8 *buf, int pos, int len, FeedSnapshot *s)
{
	uint64		v;
	uint64		prev;

	if ((pos = get_varint(buf, pos, len, &s->xmin)) < 0 ||
		(pos = get_varint(buf, pos, len, &v)) < 0)
		return -1;
	s->xmax = s->xmin + v;
	if ((pos = get_varint(buf, pos, len, &v)) < 0 || v > CHANGES_POSITION_MAX_XIP)
		return -1;
	s->nxip = (int) v;
	prev = s->xmin;
	for (int i = 0; i < s->nxip; i++)
	{
		if ((pos = get_varint(buf, pos, len, &v)) < 0)
			return -1;
		s->xip[i] = prev + v;
		prev = s->xip[i];
	}
	return pos;
}

int
feed_position_encode(uint8 *buf, int capacity, const FeedPosition *p)
{
	int			pos = 0;

	if (capacity < UUID_LEN)
		elog(ERROR, "incoming_call_log: no room for a feed position");
	memcpy(buf, p->feed.data, UUID_LEN);
	pos = put_snapshot(buf, UUID_LEN, capacity, &p->seen);
	if (pos >= 0 && pos < capacity)
		buf[pos++] = p->within ? 1 : 0;
	else
		pos = -1;
	if (pos >= 0 && p->within)
	{
		pos = put_snapshot(buf, pos, capacity, &p->upto);
		if (pos >= 0)
			pos = put_varint(buf, pos, capacity, p->last_txid);
		if (pos >= 0 && pos + UUID_LEN <= capacity)
		{
			memcpy(buf + pos, p->last_id.data, UUID_LEN);
			pos += UUID_LEN;
		}
		else
			pos = -1;
	}
	if (pos < 0)
		elog(ERROR, "incoming_call_log: a feed position does not fit in a cursor");
	return pos;
}

void
feed_position_decode(const uint8 *buf, int len, FeedPosition *p)
{
	int			pos;

	memset(p, 0, sizeof(*p));
	if (len < UUID_LEN)
		elog(ERROR, "incoming_call_log: a signed feed position is too short");
	memcpy(p->feed.data, buf, UUID_LEN);
	pos = get_snapshot(buf, UUID_LEN, len, &p->seen);
	if (pos >= 0 && pos < len)
		p->within = buf[pos++] != 0;
	else
		pos = -1;
	if (pos >= 0 && p->within)
	{
		pos = get_snapshot(buf, pos, len, &p->upto);
		if (pos >= 0)
			pos = get_varint(buf, pos, len, &p->last_txid);
		if (pos >= 0 && pos + UUID_LEN <= len)
		{
			memcpy(p->last_id.data, buf + pos, UUID_LEN);
			pos += UUID_LEN;
		}
		else
			pos = -1;
	}
	if (pos != len)
		elog(ERROR, "incoming_call_log: a signed feed position does not decode");
}

void
feed_position_check(const FeedPosition *p, const pg_uuid_t *feed, uint64 purged_through)
{
	if (memcmp(p->feed.data, feed->data, UUID_LEN) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_ICL_GONE),
				 errmsg("\"since\" is a position in a feed that was started anew"),
				 errdetail("The feed starts anew when the extension is created (as a restore does) "
						   "and when call_log is truncated; its earlier positions name transactions it no longer knows."),
				 errhint("Start again from a full read: take a position with \"since\" null, then read the view.")));
	if (p->seen.xmin > purged_through)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_ICL_GONE),
			 errmsg("\"since\" is older than the changes still remembered"),
			 errdetail("Changes are kept for %d days; some made after this position were purged since.",
					   CHANGES_RETENTION_SECONDS / (24 * 60 * 60)),
			 errhint("Start again from a full read: take a position with \"since\" null, then read the view.")));
}
