"""test/pylib/icl_harness.py — what the Python checks (test/fuzz, test/soak,
test/cancel) share: TAP output, connections through the PG* environment,
and the server log (crash detection).

Runs under Debian's /usr/bin/python3 with python3-psycopg2.  Not a check
itself (bin/test runs test/*/run; this directory has none).
"""
import os
import re
import sys
import time

import psycopg2
import psycopg2.extensions


class Tap:
    """TAP on stdout: ok / not ok lines, diagnostics as # comments."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, passed, label, diagnostics=()):
        self.n += 1
        if passed:
            print(f"ok {self.n} - {label}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} - {label}", flush=True)
        for line in diagnostics:
            self.diag(line)
        return passed

    @staticmethod
    def diag(text):
        for line in str(text).splitlines() or [""]:
            print(f"# {line}", flush=True)

    def finish(self):
        print(f"1..{self.n}", flush=True)
        return 1 if self.failed or self.n == 0 else 0


def connect(dbname=None, user=None, password=None, autocommit=True, application_name=None, **options):
    """A connection through the PG* environment, optionally as another login role."""
    kwargs = {}
    if dbname:
        kwargs["dbname"] = dbname
    if user:
        kwargs["user"] = user
    if password is not None:
        kwargs["password"] = password
    if application_name:
        kwargs["application_name"] = application_name
    kwargs.update(options)
    conn = psycopg2.connect(**kwargs)
    conn.autocommit = autocommit
    return conn


def scalar(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
        return row[0] if row else None


# What a server log says when a backend died: any of these fails a check.
CRASH_PATTERNS = re.compile(
    r"terminated by signal|was terminated by|server process \(PID \d+\)|"
    r"terminating any other active server processes|all server processes terminated|"
    r"database system was interrupted|PANIC:|TRAP:|stuck spinlock|"
    r"detected write past chunk end|problem in alloc set|WARNING:.*(leak|still active|not closed)|"
    r"AddressSanitizer|runtime error:|VALGRINDERROR",
    re.IGNORECASE)


def server_log_path(conn):
    """The file the server writes its log to.

    $ICL_SERVER_LOG when set; else pg_current_logfile() (logging collector);
    else the postmaster's stderr, read from /proc (a server started by
    pg_ctl -l, as pg_virtualenv and pg_ctlcluster do; needs the same machine
    and root or the server's user).  None when none of these can be read.
    """
    path = os.environ.get("ICL_SERVER_LOG")
    if path:
        return path if os.access(path, os.R_OK) else None
    try:
        current = scalar(conn, "SELECT pg_current_logfile()")
    except psycopg2.Error:
        current = None
    datadir = scalar(conn, "SELECT current_setting('data_directory')")
    if current:
        path = current if current.startswith("/") else os.path.join(datadir, current)
        if os.access(path, os.R_OK):
            return path
    try:
        with open(os.path.join(datadir, "postmaster.pid")) as f:
            pid = int(f.readline().strip())
        path = os.readlink(f"/proc/{pid}/fd/2")
    except (OSError, ValueError):
        return None
    if path.startswith("/") and os.path.isfile(path) and os.access(path, os.R_OK):
        return path
    return None


class ServerLog:
    """The part of the server log written since this object was made."""

    def __init__(self, conn):
        self.path = server_log_path(conn)
        self.start = os.path.getsize(self.path) if self.path else 0

    def size(self):
        return os.path.getsize(self.path) if self.path else 0

    def text_since(self, offset):
        if not self.path:
            return ""
        with open(self.path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")

    def new_text(self):
        return self.text_since(self.start)

    def crash_lines(self):
        # what the server says about a crash fits a short line; the long
        # ones are statements (a request can be megabytes)
        return [line for line in self.new_text().splitlines()
                if len(line) < 2000 and CRASH_PATTERNS.search(line)]

    def check(self, tap, what):
        """One TAP line: the log exists and shows no crash since we started."""
        if not self.path:
            return tap.check(False, f"{what}: the server log can be read (crash check)",
                             ["cannot find the server log: run as root on the server's machine, "
                              "or set ICL_SERVER_LOG to its path"])
        lines = self.crash_lines()
        return tap.check(not lines, f"{what}: the server log shows no crashed backend ({self.path})",
                         lines[:20])


class Sentinel:
    """An idle superuser session: a crashed backend makes the postmaster end
    every other session, so a sentinel that is gone means a crash happened,
    whatever the log says."""

    def __init__(self, dbname):
        self.conn = connect(dbname, application_name="icl_sentinel")
        self.pid = scalar(self.conn, "SELECT pg_backend_pid()")

    def alive(self):
        try:
            return scalar(self.conn, "SELECT pg_backend_pid()") == self.pid
        except psycopg2.Error:
            return False

    def close(self):
        try:
            self.conn.close()
        except psycopg2.Error:
            pass


def wait_for(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def fail_fast(message):
    print(f"Bail out! {message}", flush=True)
    sys.exit(1)
