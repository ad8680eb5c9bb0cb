#!/usr/bin/python3
"""test/cancel/cancel.py — the cancel check behind test/cancel/run (read that
file's header for what it checks)."""
import argparse
import os
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import psycopg2  # noqa: E402

from icl_harness import Tap, connect, scalar, ServerLog, Sentinel, wait_for  # noqa: E402

PROJECT = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
POLICY = "a1000000-0000-4000-8000-000000000001"
KNOWN_ID = "0a000000-0000-4000-8000-000000000001"
TARGET = 2.0        # seconds an uncancelled call should take
FLOOR = 1.0         # below this the check cannot tell prompt from slow
MAX_ROWS = 1_600_000
LENGTHS = [1000, 2000, 4000, 8000, 16000]

COUNT_SQL = "SELECT (incoming_call_log.count(%s::json)).count"
LIST_SQL = "SELECT (incoming_call_log.get_list(query => %s::json)).count"


def search(length):
    """A leading-wildcard Search on callerPhoneNumber that matches nothing.  It ends
    in a letter: a value with a letter is an ILIKE, which lowers the whole value
    for every row (what makes a long value slow); one of digits alone would be a
    LIKE that gives up at the first digit (doc/reference.md, "Text operators")."""
    return '{"callerPhoneNumber": {"_type": "Search", "value": "%s"}}' % ("4242" + "9" * (length - 5) + "x")


def add_rows(admin, n):
    """n more call logs in the project (triggers off for the bulk load: the
    values given are complete, and the superuser loads them)."""
    with admin.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id,"
                    " caller_phone_number, status, created_at, updated_at)"
                    " SELECT gen_random_uuid(), %s, %s, '+1555' || lpad((g %% 9999999)::text, 7, '0'),"
                    " 'Completed', now(), now() FROM generate_series(1, %s) g", [PROJECT, POLICY, n])
        cur.execute("RESET session_replication_role")
        cur.execute("VACUUM ANALYZE incoming_call_log.call_log")


def timed(conn, sql, params):
    started = time.monotonic()
    with conn.cursor() as cur:
        cur.execute(sql, params)
        cur.fetchone()
    return time.monotonic() - started


def session_state(conn, admin, reader):
    """Whether the session is usable and back to the caller's own rights:
    list of problems (empty when fine)."""
    problems = []
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT current_user, session_user")
            cu, su = cur.fetchone()
            if cu != reader or su != reader:
                problems.append(f"current_user {cu}, session_user {su}: not the caller")
            cur.execute(COUNT_SQL, ['{"status": "Busy"}'])
            busy = cur.fetchone()[0]
            want_busy = scalar(admin, "SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = %s"
                                      " AND status = 'Busy'", [PROJECT])
            if busy != want_busy:
                problems.append(f"count(status Busy) answered {busy}, the table holds {want_busy}")
            cur.execute("SELECT incoming_call_log.get_item(%s, '{\"callerPhoneNumber\": true}')::text", [KNOWN_ID])
            item = cur.fetchone()[0]
            if '"_id":"%s"' % KNOWN_ID not in item or "+15550000000" not in item:
                problems.append(f"get_item answered {item}")
    except psycopg2.Error as e:
        problems.append(f"the session failed: {e.pgcode} {e.pgerror}")
        return problems
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM incoming_call_log.call_log")
        problems.append("the caller reads call_log directly: the extension owner's rights were not given back")
    except psycopg2.Error as e:
        if e.pgcode != "42501":
            problems.append(f"reading call_log directly: {e.pgcode} (expected 42501)")
    return problems


def run_and_cancel(conn, admin, sql, params, after):
    """Run sql on conn; cancel it from admin `after` seconds in.  Returns
    (code, seconds from the cancel to the error, total seconds)."""
    pid = scalar(conn, "SELECT pg_backend_pid()")
    result = {}

    def call():
        started = time.monotonic()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                cur.fetchone()
            result["code"] = "ok"
        except psycopg2.Error as e:
            result["code"] = e.pgcode
            result["message"] = (e.pgerror or "").strip()
        result["ended"] = time.monotonic()
        result["started"] = started

    t = threading.Thread(target=call)
    t.start()
    active = wait_for(lambda: scalar(admin, "SELECT state = 'active' AND query LIKE %s FROM pg_stat_activity"
                                            " WHERE pid = %s", ["%incoming_call_log%", pid]), 10, 0.01)
    time.sleep(after)
    cancelled_at = time.monotonic()
    sent = scalar(admin, "SELECT pg_cancel_backend(%s)", [pid])
    t.join(120)
    return (result.get("code"), result.get("ended", cancelled_at) - cancelled_at,
            result.get("ended", cancelled_at) - result.get("started", cancelled_at), bool(active and sent),
            result.get("message", ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dbname", required=True)
    ap.add_argument("--reader", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    tap = Tap()
    admin = connect(args.dbname, application_name="icl_cancel_admin")
    log = ServerLog(admin)
    sentinel = Sentinel(args.dbname)
    key = scalar(admin, "SELECT key FROM cancel_fixture.api_key")
    conn = connect(args.dbname, user=args.reader, password=args.password, application_name="icl_cancel_reader")
    scalar(conn, "SELECT set_config('request.headers', %s, false)", ['{"apikey": "%s"}' % key])

    # A call that takes seconds: rows first, then a longer Search value (each
    # row's ILIKE costs more with it), then more rows, until TARGET.
    rows = args.rows
    add_rows(admin, rows)
    timed(conn, COUNT_SQL, [search(4)])          # warm: plans, caches
    length, t_count = 4, timed(conn, COUNT_SQL, [search(4)])
    lengths = list(LENGTHS)
    while t_count < TARGET:
        if lengths:
            try:
                candidate = lengths.pop(0)
                t = timed(conn, COUNT_SQL, [search(candidate)])
                length, t_count = candidate, t
                continue
            except psycopg2.Error as e:
                if e.pgcode != "22023":         # a request limit: longer values are refused
                    raise
                lengths = []
        if rows >= MAX_ROWS:
            break
        add_rows(admin, rows)
        rows *= 2
        t_count = timed(conn, COUNT_SQL, [search(length)])
    t_list = timed(conn, LIST_SQL, [search(length)])
    Tap.diag(f"{rows} call logs; Search value of {length} characters; uncancelled: count() {t_count:.2f} s, "
             f"get_list {t_list:.2f} s")
    if not tap.check(min(t_count, t_list) >= FLOOR, f"an uncancelled Search call takes at least {FLOOR:.0f} s "
                                                    f"(count {t_count:.2f} s, get_list {t_list:.2f} s)"):
        return tap.finish()

    for name, sql, full in (("count()", COUNT_SQL, t_count), ("get_list", LIST_SQL, t_list)):
        # statement_timeout at a tenth of the call's own duration
        timeout_ms = int(full * 100)
        with conn.cursor() as cur:
            cur.execute("SET statement_timeout = %s", [timeout_ms])
        started = time.monotonic()
        code, message = "ok", ""
        try:
            with conn.cursor() as cur:
                cur.execute(sql, [search(length)])
        except psycopg2.Error as e:
            code, message = e.pgcode, (e.pgerror or "").strip()
        elapsed = time.monotonic() - started
        with conn.cursor() as cur:
            cur.execute("RESET statement_timeout")
        tap.check(code == "57014" and "statement timeout" in message and elapsed < full / 2,
                  f"{name}: statement_timeout {timeout_ms} ms ends it with 57014 after {elapsed:.2f} s, under half "
                  f"of the {full:.2f} s it runs uncancelled", [f"{code}: {message}"] if code != "57014" else [])
        problems = session_state(conn, admin, args.reader)
        tap.check(not problems, f"{name}: after the timeout the session answers correctly as the caller, "
                                f"without the owner's rights", problems)

        # pg_cancel_backend a tenth of the way in
        code, latency, total, seen, message = run_and_cancel(conn, admin, sql, [search(length)], full / 10)
        tap.check(seen and code == "57014" and "user request" in message and latency < full / 4,
                  f"{name}: pg_cancel_backend ends it with 57014 {latency:.3f} s after the cancel ({total:.2f} s in), "
                  f"under a quarter of the {full:.2f} s it runs uncancelled",
                  [] if code == "57014" and seen else [f"seen active and signalled: {seen}; {code}: {message}"])
        problems = session_state(conn, admin, args.reader)
        tap.check(not problems, f"{name}: after the cancel the session answers correctly as the caller, "
                                f"without the owner's rights", problems)

    # Inside a transaction: the cancelled call is rolled back to a savepoint,
    # and the same transaction goes on as the caller.
    conn.autocommit = False
    problems = []
    try:
        with conn.cursor() as cur:
            cur.execute("SAVEPOINT before_call")
            cur.execute("SET LOCAL statement_timeout = %s", [int(t_count * 100)])
            try:
                cur.execute(COUNT_SQL, [search(length)])
                problems.append("the call was not cancelled")
            except psycopg2.Error as e:
                if e.pgcode != "57014":
                    problems.append(f"{e.pgcode}: {e.pgerror}")
            cur.execute("ROLLBACK TO SAVEPOINT before_call")
            cur.execute("SET LOCAL statement_timeout = 0")
        problems += session_state_in_transaction(conn, admin, args.reader)
        conn.commit()
    except psycopg2.Error as e:
        problems.append(f"{e.pgcode}: {e.pgerror}")
        conn.rollback()
    conn.autocommit = True
    tap.check(not problems, "in a transaction: a call ended by statement_timeout rolls back to a savepoint, and the "
                            "same transaction goes on answering as the caller", problems)

    tap.check(sentinel.alive(), "an idle session opened before the check is still connected (no backend crashed)")
    log.check(tap, "cancel")
    sentinel.close()
    return tap.finish()


def session_state_in_transaction(conn, admin, reader):
    problems = []
    with conn.cursor() as cur:
        cur.execute("SELECT current_user")
        if cur.fetchone()[0] != reader:
            problems.append("current_user is not the caller after the rollback to the savepoint")
        cur.execute(COUNT_SQL, ['{"status": "Busy"}'])
        busy = cur.fetchone()[0]
    want = scalar(admin, "SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = %s AND status = 'Busy'",
                  [PROJECT])
    if busy != want:
        problems.append(f"count(status Busy) answered {busy}, the table holds {want}")
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT probe")
        try:
            cur.execute("SELECT count(*) FROM incoming_call_log.call_log")
            problems.append("the caller reads call_log directly: the owner's rights were not given back")
        except psycopg2.Error as e:
            if e.pgcode != "42501":
                problems.append(f"reading call_log directly: {e.pgcode} (expected 42501)")
        cur.execute("ROLLBACK TO SAVEPOINT probe")
    return problems


if __name__ == "__main__":
    sys.exit(main())
