-- test/follow_utc.sql — how a followed "Project" / "User" date is read
-- (follow_utc, doc/following-oneuptime.md): the instant it names when it
-- carries an offset, else UTC; in any session TimeZone, BC dates included.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
SET LOCAL TimeZone = 'Asia/Kolkata';
SELECT plan(7);

SELECT is(incoming_call_log_internal.follow_utc('2026-01-01 08:00:00'), timestamptz '2026-01-01 08:00:00+00',
          'no offset (timestamp without time zone): UTC');
SELECT is(incoming_call_log_internal.follow_utc('2026-01-01 08:00:00.123456'), timestamptz '2026-01-01 08:00:00.123456+00',
          'no offset, with a fraction: UTC');
SELECT is(incoming_call_log_internal.follow_utc('2026-01-01 08:00:00+05:30'), timestamptz '2026-01-01 02:30:00+00',
          'an offset (timestamptz as PostgreSQL prints it): that instant');
SELECT is(incoming_call_log_internal.follow_utc('2026-01-01T08:00:00Z'), timestamptz '2026-01-01 08:00:00+00',
          'Z: that instant');
SELECT is(incoming_call_log_internal.follow_utc('0044-03-15 05:30:00+05:30 BC'), timestamptz '0044-03-15 00:00:00+00 BC',
          'a BC date with an offset: that instant');
SELECT is(incoming_call_log_internal.follow_utc('0044-03-15 00:00:00 BC'), timestamptz '0044-03-15 00:00:00+00 BC',
          'a BC date without one: UTC');
SELECT is(incoming_call_log_internal.follow_utc('infinity'), timestamptz 'infinity', 'infinity stays infinity');

SELECT * FROM finish();
ROLLBACK;
