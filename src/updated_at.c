/*
 * updated_at.c — maintain_updated_at(), the BEFORE UPDATE row trigger on
 * every table: updated_at becomes now() on an UPDATE that does not assign
 * it, and keeps the value of one that does (doc/reference.md).  "Assigns" is read
 * from the statement's target columns (TriggerData.tg_updatedcols), so even
 * SET updated_at = updated_at keeps the old value.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/sysattr.h"
#include "access/xact.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/bitmapset.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#define UPDATED_AT_COLUMN "updated_at"

PG_FUNCTION_INFO_V1(icl_maintain_updated_at);
Datum
icl_maintain_updated_at(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	int			attnum;
	Datum		value;
	bool		isnull = false;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("maintain_updated_at() must be fired BEFORE UPDATE FOR EACH ROW")));

	tupdesc = RelationGetDescr(trigdata->tg_relation);
	attnum = SPI_fnumber(tupdesc, UPDATED_AT_COLUMN);
	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("table \"%s\" has no column \"%s\"",
						RelationGetRelationName(trigdata->tg_relation), UPDATED_AT_COLUMN)));

	if (bms_is_member(attnum - FirstLowInvalidHeapAttributeNumber, trigdata->tg_updatedcols))
		return PointerGetDatum(trigdata->tg_newtuple);

	value = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	return PointerGetDatum(heap_modify_tuple_by_cols(trigdata->tg_newtuple, tupdesc,
													 1, &attnum, &value, &isnull));
}
