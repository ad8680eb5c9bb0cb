-- test/follow_offline.sql — what of following OneUptime is checked without
-- a OneUptime server (test/follow/run starts two): how a followed
-- "Project" / "User" date is read (follow_utc, doc/following-oneuptime.md:
-- the instant it names when it carries an offset, else UTC, in any session
-- TimeZone, BC dates included), follow_oneuptime's null arguments, and
-- that following needs a superuser.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
SET LOCAL TimeZone = 'Asia/Kolkata';
SELECT plan(11);

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

SELECT throws_ok($$SELECT incoming_call_log.follow_oneuptime(NULL)$$, '22023', 'conninfo must not be null',
                 'follow_oneuptime(NULL) is 22023, not a silent null');
SELECT throws_ok($$SELECT incoming_call_log.follow_oneuptime('host=nowhere.invalid', NULL)$$, '22023',
                 'publication must not be null', '... and so is a null publication');

-- A role the owner let execute them, not a superuser: told so first.
CREATE ROLE icl_follow_delegate;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_follow_delegate;
GRANT EXECUTE ON FUNCTION incoming_call_log.follow_oneuptime(text, text), incoming_call_log.unfollow_oneuptime()
    TO icl_follow_delegate;
SET LOCAL ROLE icl_follow_delegate;
SELECT throws_ok($$SELECT incoming_call_log.follow_oneuptime('host=nowhere.invalid')$$, '42501',
                 'follow_oneuptime needs a superuser', 'follow_oneuptime by a non-superuser granted EXECUTE: 42501, saying why');
SELECT throws_ok($$SELECT incoming_call_log.unfollow_oneuptime()$$, '42501',
                 'unfollow_oneuptime needs a superuser', '... and unfollow_oneuptime');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
