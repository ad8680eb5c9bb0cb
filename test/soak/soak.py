#!/usr/bin/python3
"""test/soak/soak.py — the soak check behind test/soak/run (read that file's
header for what it checks)."""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import psycopg2  # noqa: E402

from icl_harness import Tap, connect, scalar, ServerLog, Sentinel  # noqa: E402

PROJECTS = {"a": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "b": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
            "c": "cccccccc-cccc-4ccc-8ccc-cccccccccccc"}
STATUSES = ["Initiated", "Ringing", "Connected", "Escalated", "NoAnswer", "Failed", "Completed",
            "CallerHungUp", "Busy"]
REVOKED_MESSAGE = "API key has been revoked"


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def write_scripts(work, label, key, letter, rows):
    """pgbench scripts for one key: get_list, get_item and count."""
    headers = sql_literal('{"apikey": "%s"}' % key)
    set_headers = f"SELECT set_config('request.headers', {headers}, false);\n"
    scripts = {
        "list": set_headers + "\\set skip random(0, 200)\n"
        "SELECT count, json_array_length(data) FROM incoming_call_log.get_list("
        "\"select\" => '{\"status\": true, \"createdAt\": true, \"answeredByUser\": {\"name\": true}}', "
        "query => '{\"status\": {\"_type\": \"Includes\", \"value\": [\"Completed\", \"Busy\", \"Initiated\"]}}', "
        "sort => '{\"createdAt\": \"DESC\"}', skip => :skip, \"limit\" => 25);\n",
        "search": set_headers + "\\set d random(0, 599)\n"
        "SELECT count FROM incoming_call_log.get_list("
        "query => ('{\"statusMessage\": {\"_type\": \"Search\", \"value\": \"message 1\"}, "
        "\"callDurationInSeconds\": {\"_type\": \"LessThan\", \"value\": ' || :d || '}}')::json, \"limit\" => 10);\n",
        "item": set_headers + f"\\set n random(1, {rows})\n"
        f"SELECT incoming_call_log.get_item('0{letter}' || lpad(:n::text, 6, '0') || '-0000-4000-8000-000000000000', "
        "'{\"status\": true, \"callDurationInSeconds\": true, \"incomingCallPolicy\": {\"name\": true}}');\n",
        "count": set_headers + "\\set d random(0, 599)\n"
        "SELECT count FROM incoming_call_log.count("
        "('{\"callDurationInSeconds\": {\"_type\": \"GreaterThan\", \"value\": ' || :d || '}}')::json);\n",
    }
    paths = []
    for name, text in scripts.items():
        path = os.path.join(work, f"{label}_{name}.sql")
        with open(path, "w") as f:
            f.write(text)
        paths.append(path)
    return paths


class Pgbench:
    def __init__(self, name, args, seconds, scripts, env):
        self.name = name
        cmd = [args.pgbench, "-n", "-T", str(seconds), "-c", str(args.clients), "-j", "2", "-U", args.reader]
        for s in scripts:
            cmd += ["-f", s]
        cmd.append(args.dbname)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env=dict(env, PGAPPNAME=name))
        self.output = None

    def wait(self, timeout):
        try:
            self.output, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.output, _ = self.proc.communicate()
            self.output += "\n(killed: ran past its time)"
        return self

    def processed(self):
        m = re.search(r"number of transactions actually processed: (\d+)", self.output or "")
        return int(m.group(1)) if m else 0

    def failed(self):
        m = re.search(r"number of failed transactions: (\d+)", self.output or "")
        return int(m.group(1)) if m else 0

    def aborts(self):
        return re.findall(r"client \d+ (?:script \d+ )?aborted in command \d+ (?:\(SQL\) )?(?:query \d+)?: (.*)",
                          self.output or "")

    def errors(self):
        return [line for line in (self.output or "").splitlines() if "ERROR" in line or "FATAL" in line]


class Stop:
    def __init__(self):
        self.event = threading.Event()

    def __bool__(self):
        return self.event.is_set()


def writer(args, stop, result):
    """Inserts and updates call logs through the writer capability."""
    import random
    rng = random.Random(7)
    conn = connect(args.dbname, user=args.writer, password=args.password, application_name="icl_soak_writer")
    inserted = {p: 0 for p in PROJECTS}
    updated = 0
    errors = []
    while not stop:
        letter = rng.choice("abc")
        try:
            with conn.cursor() as cur:
                if rng.random() < 0.6:
                    n = rng.randint(1, 3)
                    cur.execute(
                        "INSERT INTO incoming_call_log.call_log (project_id, incoming_call_policy_id, status,"
                        " caller_phone_number, call_duration_in_seconds, status_message, started_at)"
                        " SELECT %s, %s, %s, '+1555' || lpad((random() * 9999999)::int::text, 7, '0'),"
                        " (random() * 599)::int, 'message ' || g, now() FROM generate_series(1, %s) g",
                        [PROJECTS[letter], f"{letter}1000000-0000-4000-8000-000000000001", rng.choice(STATUSES), n])
                    inserted[letter] += n
                else:
                    cur.execute(
                        "UPDATE incoming_call_log.call_log SET status = %s,"
                        " call_duration_in_seconds = (call_duration_in_seconds + 1) %% 600,"
                        " status_message = status_message || '.'"
                        " WHERE project_id = %s AND id = %s::uuid",
                        [rng.choice(STATUSES), PROJECTS[letter],
                         f"0{letter}{rng.randint(1, args.rows):06d}-0000-4000-8000-000000000000"])
                    updated += cur.rowcount
        except psycopg2.Error as e:
            errors.append(f"{e.pgcode}: {e.pgerror}")
            if conn.closed:
                break
        time.sleep(0.002)
    conn.close()
    result.update(inserted=inserted, updated=updated, errors=errors)


def monitor(args, keys, stop, result):
    """In one REPEATABLE READ snapshot, the API's counts and the table's are
    the same number, while the writer writes."""
    conn = connect(args.dbname, application_name="icl_soak_monitor")
    checks, mismatches, errors = 0, [], []
    last = {p: 0 for p in PROJECTS}
    shrinking = []
    while not stop:
        for letter, project in PROJECTS.items():
            try:
                with conn.cursor() as cur:
                    cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                    cur.execute("SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = %s", [project])
                    table = cur.fetchone()[0]
                    cur.execute("SELECT set_config('request.headers', %s, true)", ['{"apikey": "%s"}' % keys[letter]])
                    cur.execute("SELECT (incoming_call_log.count()).count,"
                                " (incoming_call_log.get_list(\"limit\" => 1)).count")
                    api_count, list_count = cur.fetchone()
                    cur.execute("COMMIT")
                checks += 1
                if not table == api_count == list_count:
                    mismatches.append(f"project {letter}: table {table}, count() {api_count}, get_list {list_count}")
                if table < last[letter]:
                    shrinking.append(f"project {letter}: {last[letter]} then {table}")
                last[letter] = table
            except psycopg2.Error as e:
                errors.append(f"{e.pgcode}: {e.pgerror}")
                conn.rollback() if not conn.closed else None
                if conn.closed:
                    break
        time.sleep(0.2)
    conn.close()
    result.update(checks=checks, mismatches=mismatches, errors=errors, shrinking=shrinking)


def rotating_client(args, keys, rotation, stop, result):
    """A client that holds the key being revoked, and moves to the new key
    once refused.  Records when each call was sent and answered."""
    conn = connect(args.dbname, user=args.reader, password=args.password, application_name="icl_soak_rotating")
    calls = []          # (label, sent, answered, code, message)
    label = "a_old"
    refusals = 0
    while not stop:
        key = keys[label] if label == "a_old" else rotation["new_key"]
        sent = time.monotonic()
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT set_config('request.headers', %s, false)", ['{"apikey": "%s"}' % key])
                cur.execute("SELECT (incoming_call_log.count()).count")
                cur.fetchone()
            calls.append((label, sent, time.monotonic(), "ok", ""))
        except psycopg2.Error as e:
            calls.append((label, sent, time.monotonic(), e.pgcode, (e.pgerror or "").strip()))
            if conn.closed:
                break
            if label == "a_old" and e.pgcode == "PT401":
                refusals += 1
                if refusals == 50:      # refused for good, not once: then rotate
                    rotation["new_key_ready"].wait(30)
                    label = "a_new"
        time.sleep(0.005)
    conn.close()
    result["calls"] = calls


GRAND_TOTAL = re.compile(r"Grand total: (\d+) bytes in")
CONTEXT = re.compile(r"level: (\d+); (?:(.*?): (\d+) total in|\d+ more child contexts containing (\d+) total in)")
# Level-1 contexts that hold one statement's or transaction's memory: what
# is left outside them lives across calls (caches, saved plans, the key cache).
TRANSIENT = {"TopTransactionContext", "MessageContext", "TopPortalContext", "PortalMemory", "ErrorContext"}


def memory_of(admin, log, pids, timeout=20):
    """Each backend's memory, from pg_log_backend_memory_contexts read back
    from the server log: pid -> (grand total, bytes outside the transient
    contexts, {level-1 context: bytes of its subtree}).  One backend at a
    time, so the lines after its "logging memory contexts of PID" are its own
    whatever the log_line_prefix."""
    totals = {}
    for pid in pids:
        start = log.size()
        if not scalar(admin, "SELECT pg_log_backend_memory_contexts(%s)", [pid]):
            continue
        deadline = time.monotonic() + timeout
        marker = f"logging memory contexts of PID {pid}"
        while time.monotonic() < deadline and pid not in totals:
            text = log.text_since(start)
            at = text.find(marker)
            grand = GRAND_TOTAL.search(text, at) if at >= 0 else None
            if not grand:
                time.sleep(0.1)
                continue
            transient, in_transient, current = 0, False, None
            subtrees = {}
            top = None          # TopMemoryContext's level: 0, or 1 from PostgreSQL 18 on
            for line in text[at:grand.start()].splitlines():
                m = CONTEXT.search(line)
                if not m:
                    continue
                level = int(m.group(1))
                size = int(m.group(3) or m.group(4))
                if top is None:
                    top = level
                level -= top
                if level <= 1:
                    in_transient = level == 1 and m.group(2) in TRANSIENT
                    current = (m.group(2) or "more child contexts") if level == 1 else "TopMemoryContext itself"
                subtrees[current] = subtrees.get(current, 0) + size
                if in_transient:
                    transient += size
            total = int(grand.group(1))
            totals[pid] = (total, total - transient, subtrees)
    return totals


def backends(admin, appname):
    with admin.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = current_database()"
                    " ORDER BY pid", [appname])
        return [r[0] for r in cur.fetchall()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dbname", required=True)
    ap.add_argument("--seconds", type=int, default=25)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--reader", required=True)
    ap.add_argument("--writer", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--pgbench", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--memory-tolerance-kb", type=int, default=1024)
    ap.add_argument("--memory-tolerance-pct", type=int, default=10)
    ap.add_argument("--persistent-tolerance-kb", type=int, default=128)
    args = ap.parse_args()
    T = args.seconds
    tap = Tap()

    admin = connect(args.dbname, application_name="icl_soak_admin")
    log = ServerLog(admin)
    if not log.path:
        tap.check(False, "the server log can be read (memory statistics and the crash check)",
                  ["run as root on the server's machine, or set ICL_SERVER_LOG"])
        return tap.finish()
    sentinel = Sentinel(args.dbname)
    with admin.cursor() as cur:
        cur.execute("SELECT label, key FROM soak_fixture.api_key")
        keys = dict(cur.fetchall())
    env = dict(os.environ, PGPASSWORD=args.password, PGDATABASE=args.dbname)

    steady_scripts = []
    for letter in "abc":
        steady_scripts += write_scripts(args.work, letter, keys[letter], letter, args.rows)
    old_scripts = write_scripts(args.work, "a_old", keys["a_old"], "a", args.rows)

    stop = Stop()
    writer_result, monitor_result, rotating_result = {}, {}, {}
    rotation = {"new_key_ready": threading.Event()}
    threads = [threading.Thread(target=writer, args=(args, stop, writer_result)),
               threading.Thread(target=monitor, args=(args, keys, stop, monitor_result)),
               threading.Thread(target=rotating_client, args=(args, keys, rotation, stop, rotating_result))]
    started = time.monotonic()
    steady = Pgbench("icl_soak_steady", args, T, steady_scripts, env)
    old = Pgbench("icl_soak_oldkey", args, T, old_scripts, env)
    for t in threads:
        t.start()

    # Memory of the steady readers once warm (plans and caches made).
    time.sleep(max(3, T * 0.2))
    steady_pids = backends(admin, "icl_soak_steady")
    memory_start = memory_of(admin, log, steady_pids)

    # The rotation: revoke the old key, create its successor, start its readers.
    time.sleep(max(0, started + T / 3 - time.monotonic()))
    revoke_started = time.monotonic()
    revoked = scalar(admin, "SELECT incoming_call_log.revoke_api_key(%s)", [keys["a_old"]])
    revoke_done = time.monotonic()
    new_key = scalar(admin, "SELECT incoming_call_log.create_api_key(%s, '{ReadProjectIncomingCallLog}')",
                     [PROJECTS["a"]])
    rotation["new_key"] = new_key
    rotation["new_key_ready"].set()
    new_done = time.monotonic()
    remaining = max(3, int(started + T - time.monotonic()))
    new = Pgbench("icl_soak_newkey", args, remaining, write_scripts(args.work, "a_new", new_key, "a", args.rows), env)

    # Memory again, shortly before the end.
    time.sleep(max(0, started + T - 3 - time.monotonic()))
    memory_end = memory_of(admin, log, [p for p in steady_pids if p in backends(admin, "icl_soak_steady")])

    for p in (steady, old, new):
        p.wait(T + 60)
    stop.event.set()
    for t in threads:
        t.join(60)
    elapsed = time.monotonic() - started

    # pgbench: the steady and the new key's readers never failed; the old
    # key's readers were refused only for its revocation.
    for p, what in ((steady, "readers with the steady keys of A, B and C"), (new, "readers with the new key of A")):
        ok = p.proc.returncode == 0 and p.failed() == 0 and not p.aborts() and not p.errors() and p.processed() > 0
        tap.check(ok, f"pgbench {what}: {p.processed()} transactions of get_list, get_item and count, "
                      f"{args.clients} clients, no error",
                  [] if ok else [f"exit {p.proc.returncode}"] + (p.output or "").splitlines()[-25:])
    aborts = old.aborts()
    unexpected = [a for a in aborts if REVOKED_MESSAGE not in a] + \
        [e for e in old.errors() if REVOKED_MESSAGE not in e and "aborted" not in e]
    tap.check(old.processed() > 0 and len(aborts) == args.clients and not unexpected,
              f"pgbench readers with the revoked key: {old.processed()} transactions before the revocation, then "
              f"each of its {args.clients} clients refused with \"{REVOKED_MESSAGE}\" and nothing else",
              [f"aborts: {aborts}", f"unexpected: {unexpected}"] + (old.output or "").splitlines()[-15:]
              if unexpected or len(aborts) != args.clients or not old.processed() else [])

    # The rotating client: answered before the revocation, refused (PT401,
    # revoked) in every call sent after it committed, answered with the new key.
    calls = rotating_result.get("calls", [])
    before = [c for c in calls if c[0] == "a_old" and c[2] < revoke_started]
    after = [c for c in calls if c[0] == "a_old" and c[1] > revoke_done]
    newkey = [c for c in calls if c[0] == "a_new"]
    bad = [c for c in before if c[3] != "ok"] + \
        [c for c in after if c[3] != "PT401" or REVOKED_MESSAGE not in c[4]] + \
        [c for c in newkey if c[3] != "ok"]
    tap.check(revoked and before and len(after) >= 40 and newkey and not bad,
              f"a client holding the revoked key: {len(before)} calls answered before revoke_api_key, every call "
              f"sent after its commit refused (PT401, revoked: {len(after)}), then {len(newkey)} answered with the "
              f"new key", [f"unexpected: {c}" for c in bad[:10]])

    # The writer and the snapshot monitor.
    tap.check(not writer_result.get("errors") and sum(writer_result.get("inserted", {}).values()) > 0,
              f"the writer role (grant_writer) inserted {sum(writer_result.get('inserted', {}).values())} and "
              f"updated {writer_result.get('updated', 0)} call logs without an error",
              writer_result.get("errors", [])[:10])
    tap.check(monitor_result.get("checks", 0) > 0 and not monitor_result.get("mismatches")
              and not monitor_result.get("errors") and not monitor_result.get("shrinking"),
              f"in {monitor_result.get('checks', 0)} REPEATABLE READ snapshots taken while writing, count() and "
              f"get_list's count equal the table's count of the project",
              (monitor_result.get("mismatches", []) + monitor_result.get("errors", [])
               + monitor_result.get("shrinking", []))[:10])

    # Quiesced: every count equals the table's.
    final = []
    with admin.cursor() as cur:
        for letter, project in PROJECTS.items():
            cur.execute("SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = %s", [project])
            table = cur.fetchone()[0]
            for label in (letter, "a_new") if letter == "a" else (letter,):
                key = keys[letter] if label == letter else new_key
                cur.execute("SELECT set_config('request.headers', %s, false)", ['{"apikey": "%s"}' % key])
                cur.execute("SELECT (incoming_call_log.count()).count, (incoming_call_log.get_list()).count")
                api, listed = cur.fetchone()
                final.append((letter, label, table, api, listed))
    expected_rows = {p: args.rows + writer_result.get("inserted", {}).get(p, 0) for p in PROJECTS}
    ok = all(t == a == l_ and t == expected_rows[p] for p, _, t, a, l_ in final)
    tap.check(ok, "after the load: count() and get_list's count equal the table's count for every project and key, "
                  "and the table holds exactly the initial rows plus the writer's inserts",
              [f"{p} ({label}): table {t}, count() {a}, get_list {l_}, expected {expected_rows[p]}"
               for p, label, t, a, l_ in final])

    # Memory of the long-lived readers: flat.
    limit_kb, persistent_kb = args.memory_tolerance_kb, args.persistent_tolerance_kb
    rows = []
    flat = bool(memory_start) and set(memory_start) == set(memory_end)
    for pid in sorted(memory_start):
        (s, sp, s_trees), (e, ep, e_trees) = memory_start[pid], memory_end.get(pid, (None, None, {}))
        allowed = max(limit_kb * 1024, s * args.memory_tolerance_pct // 100)
        rows.append(f"backend {pid}: total {s / 1024:.0f} kB after warm-up, {(e or 0) / 1024:.0f} kB near the end "
                    f"(growth allowed {allowed / 1024:.0f} kB); outside statement and transaction contexts "
                    f"{sp / 1024:.0f} kB, then {(ep or 0) / 1024:.0f} kB (allowed {persistent_kb} kB)")
        changed = sorted(((e_trees.get(k, 0) - s_trees.get(k, 0), k) for k in set(s_trees) | set(e_trees)
                          if k not in TRANSIENT), key=lambda c: -abs(c[0]))
        if any(d for d, _ in changed):
            rows.append("  changed most: " + ", ".join(f"{k} {d / 1024:+.0f} kB" for d, k in changed[:3] if d))
        if e is None or e - s > allowed or ep - sp > persistent_kb * 1024:
            flat = False
    tap.check(flat, f"memory of the {len(memory_start)} steady pgbench backends is flat from warm-up to the end: "
                    f"total within max({limit_kb} kB, {args.memory_tolerance_pct}%), what outlives a statement "
                    f"within {persistent_kb} kB", rows)

    tap.check(sentinel.alive(), "an idle session opened before the load is still connected (no backend crashed)")
    log.check(tap, "soak")
    Tap.diag(f"{elapsed:.0f} s of load; revocation at {revoke_started - started:.1f} s; "
             f"{len(calls)} calls by the rotating client")
    sentinel.close()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
