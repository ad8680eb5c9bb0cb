#!/usr/bin/python3
"""test/pgbouncer/clients.py — the clients of test/pgbouncer/run.

Talks to pgbouncer (pool_mode = transaction) the way PostgREST talks to
PostgreSQL: log in as the gateway's login role, and for every request one
transaction of BEGIN; one SELECT of set_config(..., true) for role and
request.headers; the call; COMMIT.  Prints TAP lines without numbers (the run
script numbers them) and "# ..." diagnostics.

Environment: BOUNCER_PORT, RESET_BOUNCER_PORT (a second pgbouncer, with
server_reset_query_always = 1), ICL_DB, AUTH_PASSWORD (pgb_authenticator's, for the
direct reference connections), and libpq's PG* for the superuser.
"""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
from icl_client import (A, B, C, connect, diag, headers, own_answer_problems, report,  # noqa: E402
                        requests_for, rows, side_by_side, transaction)
import psycopg2  # noqa: E402

BOUNCER_PORT = int(os.environ['BOUNCER_PORT'])
RESET_BOUNCER_PORT = int(os.environ['RESET_BOUNCER_PORT'])
DB = os.environ['ICL_DB']
AUTH_PASSWORD = os.environ['AUTH_PASSWORD']
POOL_SIZE = 2                       # pool_size of [databases] icl in the run script's ini


def bouncer(alias='icl', port=BOUNCER_PORT):
    return connect(host='127.0.0.1', port=port, dbname=alias, user='pgb_authenticator')


def direct():
    return connect(host=os.environ['PGHOST'], port=int(os.environ['PGPORT']), dbname=DB,
                   user='pgb_authenticator', password=AUTH_PASSWORD)


def bare(conn, expr, setup=None):
    """A transaction with only what the client chose to set (setup: a statement, or None).
    Returns (backend pid, answer or 'ERROR <sqlstate>')."""
    with conn.cursor() as cur:
        cur.execute('BEGIN')
        if setup:
            cur.execute(setup)
        cur.execute('SELECT pg_backend_pid()::text')
        pid = cur.fetchone()[0]
        try:
            cur.execute('SELECT ' + expr)
            answer = str(cur.fetchone()[0])
        except psycopg2.Error as e:
            answer = 'ERROR ' + str(e.pgcode)
        cur.execute('COMMIT')
    return pid, answer


su = connect(dbname=DB)             # the superuser, through pg_virtualenv's PG* environment
keys = dict(rows(su, 'SELECT label, key FROM pgb_key'))
true_count = dict(rows(su, 'SELECT project_id::text, count(*) FROM incoming_call_log.call_log GROUP BY 1'))

CALLERS = [
    ('key of A', 'pgb_anon', headers(apikey=keys['a']), A),
    ('key of B', 'pgb_anon', headers(apikey=keys['b']), B),
    ('key of C', 'pgb_anon', headers(apikey=keys['c']), C),
    ('role alice naming A', 'pgb_alice', headers(tenantid=A), A),
    ('role alice naming B', 'pgb_alice', headers(tenantid=B), B),
    ('role bob (one project)', 'pgb_bob', headers(), C),
]

# ---------------------------------------------------------------------------
# The reference: each caller's answers over a direct connection (no pooler),
# checked to be the caller's own and to differ between projects (else a leak
# could not show).
ref = direct()
expected, problems = {}, []
for name, role, hdrs, project in CALLERS:
    for request, (expr, params) in requests_for(project).items():
        answer = transaction(ref, role, hdrs, expr, params)[2]
        expected[name, request] = answer
        problems += [(name, request, p) for p in own_answer_problems(project, true_count[project], request, answer)]
ref.close()
lists = {expected[name, 'list'] for name, _, _, _ in CALLERS}
report(not problems and len(lists) == 3,
       'without a pooler every caller gets its own project\'s answers, different for each project', problems)

# ---------------------------------------------------------------------------
# Interleaved clients through the pool: 6 clients, 2 server connections.
ROUNDS = 15
results = []                        # (caller, request, backend pid, answer), in the order answered
lock = threading.Lock()


def client(index, name, role, hdrs, project):
    conn = bouncer()
    reqs = list(requests_for(project).items())
    try:
        for i in range(ROUNDS):
            request, (expr, params) = reqs[(i + index) % len(reqs)]
            pid, _, answer = transaction(conn, role, hdrs, expr, params)
            with lock:
                results.append((name, request, pid, answer))
    finally:
        conn.close()


threads = [threading.Thread(target=client, args=(i,) + caller) for i, caller in enumerate(CALLERS)]
for t in threads:
    t.start()
for t in threads:
    t.join(120)
wrong = [(n, r, a[:120], expected[n, r][:120]) for n, r, _, a in results if a != expected[n, r]]
report(len(results) == ROUNDS * len(CALLERS) and not wrong,
       '%d clients (keys of A, B, C; roles naming a project or not) interleaved %d PostgREST-style transactions '
       'through pgbouncer: every answer is the caller\'s own' % (len(CALLERS), len(results)),
       ['%d answers of %d' % (len(results), ROUNDS * len(CALLERS))] + wrong[:10])

served = {}                         # backend pid -> callers in the order it served them
for name, _, pid, _ in results:
    served.setdefault(pid, []).append(name)
projects = {pid: {p for n, _, _, p in CALLERS if n in names} for pid, names in served.items()}
report(0 < len(served) <= POOL_SIZE < len(CALLERS) and max(len(s) for s in projects.values()) >= 2,
       'the %d clients shared %d server backends; one backend answered callers of several projects'
       % (len(CALLERS), len(served)))


def alternates(seq):
    """True when some caller comes back after another one was served in between."""
    done, last = set(), None
    for name in seq:
        if name != last and name in done:
            return True
        done.add(name)
        last = name
    return False


# Session pooling would give each client a backend until it disconnects;
# transaction pooling switches clients between transactions.
report(any(alternates(seq) for seq in served.values()),
       'a backend went back and forth between clients (transaction pooling, not session pooling)')
for pid, seq in sorted(served.items()):
    diag('backend %s served %d transactions of: %s' % (pid, len(seq), ', '.join(sorted(set(seq)))))


# ---------------------------------------------------------------------------
# Revocation: every pooled backend uses (and caches) a key, the key is revoked
# over a direct connection, and every backend refuses it in its next
# transaction.  Holding POOL_SIZE transactions open at once makes pgbouncer
# hand out every server connection of the pool.
def held_round(hdrs):
    conns = [bouncer() for _ in range(POOL_SIZE)]
    out = []
    try:
        for conn in conns:
            cur = conn.cursor()
            cur.execute('BEGIN')
            cur.execute("SELECT set_config('role', 'pgb_anon', true), set_config('request.headers', %s, true), "
                        "pg_backend_pid()", (hdrs,))
            pid = cur.fetchone()[2]
            try:
                cur.execute('SELECT (incoming_call_log.count()).count')
                out.append((pid, str(cur.fetchone()[0])))
            except psycopg2.Error as e:
                out.append((pid, 'ERROR ' + str(e.pgcode)))
        for conn in conns:
            conn.cursor().execute('COMMIT')
    finally:
        for conn in conns:
            conn.close()
    return out


revoke_hdrs = headers(apikey=keys['revoke_me'])
before = held_round(revoke_hdrs)
server_pids = {r[0] for r in rows(su, "SELECT pid FROM pg_stat_activity WHERE usename = 'pgb_authenticator' "
                                      "AND datname = %s", (DB,))}
revoked = rows(su, 'SELECT incoming_call_log.revoke_api_key(%s)', (keys['revoke_me'],))[0][0]
after = held_round(revoke_hdrs)
report({p for p, _ in before} == server_pids == {p for p, _ in after} and len(server_pids) == POOL_SIZE
       and all(a == str(true_count[A]) for _, a in before) and revoked
       and all(a == 'ERROR PT401' for _, a in after),
       'a key in use on every pooled backend (%d of %d) is refused by all of them in the transaction after '
       'revoke_api_key commits' % (len({p for p, _ in after}), len(server_pids)),
       ['before: %s' % before, 'after: %s' % after, 'server backends: %s' % sorted(server_pids)])

# ---------------------------------------------------------------------------
# Nothing a client sets with set_config(..., true) stays for the next client.
# The icl_one pool has a single server connection, so consecutive clients
# surely share a backend.
x, y, z = bouncer('icl_one'), bouncer('icl_one'), bouncer('icl_one')
count = '(incoming_call_log.count()).count'
anon_only = "SELECT set_config('role', 'pgb_anon', true)"
px, _, ax = transaction(x, 'pgb_anon', headers(apikey=keys['a']), count)
py, ay = bare(y, count, setup=anon_only)
report(px == py and ax == str(true_count[A]) and ay == 'ERROR PT401',
       'on the same server backend, the client after one that presented a key presents none and gets PT401',
       ['x: %s %s; y: %s %s' % (px, ax, py, ay)])

px, _, ax = transaction(x, 'pgb_alice', headers(tenantid=B), count)
pz, az = bare(z, "current_user || ' ' || coalesce(current_setting('request.headers', true), '')")
pz2, az2 = bare(z, count)
report(px == pz == pz2 and ax == str(true_count[B]) and az == 'pgb_authenticator ' and az2 == 'ERROR 42501',
       'after a role caller, a client that sets nothing runs as the login role with no headers and may call '
       'nothing (42501)',
       ['x: %s %s; z: %s %r; %s' % (px, ax, pz, az, az2)])

# The hazard: a session-level SET outlives the client's transaction, and the
# next client on that backend runs with it.
x.cursor().execute('SET request.headers = %s', (headers(apikey=keys['a']),))
py, ay = bare(y, count, setup=anon_only)
report(ay == str(true_count[A]),
       'pooling hazard, shown: after one client\'s session-level SET request.headers, another client\'s keyless '
       'call answers with project A\'s count (%s)' % ay)
x.cursor().execute('SET ROLE pgb_alice')
pz, az = bare(z, 'current_user::text')
report(az == 'pgb_alice',
       'pooling hazard, shown: one client\'s session-level SET ROLE is the next client\'s current_user (%s)' % az)
x.cursor().execute('RESET ALL')
py, ay = bare(y, count, setup=anon_only)
report(ay == 'ERROR PT401', 'after that client\'s RESET ALL the keyless client gets PT401 again (%s)' % ay)


# The mitigation: a pgbouncer with server_reset_query_always = 1 sends
# server_reset_query (DISCARD ALL) after every transaction.
rx, ry = bouncer('icl_one', RESET_BOUNCER_PORT), bouncer('icl_one', RESET_BOUNCER_PORT)
rx.cursor().execute('SET request.headers = %s', (headers(apikey=keys['a']),))
py, ay = bare(ry, count, setup=anon_only)
report(ay == 'ERROR PT401',
       'with server_reset_query_always = 1 a session-level SET no longer reaches the next client (%s)' % ay)


# Measured, not asserted: the price of that reset, side by side on one
# backend each (get_list transactions, alternating between the two poolers).
expr, params = requests_for(B)['list']
hdrs = headers(apikey=keys['b'])
t = side_by_side({'plain': lambda: transaction(x, 'pgb_anon', hdrs, expr, params),
                  'reset': lambda: transaction(rx, 'pgb_anon', hdrs, expr, params)})
diag('measured: a PostgREST-style get_list transaction through pgbouncer: %.2f ms; with DISCARD ALL after each '
     'transaction: %.2f ms (x%.1f)' % (t['plain'] * 1000, t['reset'] * 1000, t['reset'] / t['plain']))

for conn in (x, y, z, rx, ry, su):
    conn.close()
