#!/usr/bin/python3
"""test/pgpool/clients.py PHASE — the clients of test/pgpool/run.

Every request is PostgREST's read-only transaction, sent through pgpool-II:
BEGIN READ ONLY; one SELECT of set_config(..., true) for role and
request.headers; the call; COMMIT.  Each statement also returns
current_setting('cluster_name'), so we see which server ran it; the servers
log every statement (log_statement = all), so we also see where pgpool sent
the set_config.  Prints TAP lines without numbers (the run script numbers
them) and "# ..." diagnostics.

PHASE is the pgpool configuration the run script has just loaded:
  balanced         the recommended one (set_config is not a "write function")
  default          pgpool's default function lists (set_config is VOLATILE)
  no_lb_on_write   the default lists and disable_load_balance_on_write = off
  statement_level  the recommended one plus statement_level_load_balance = on

Environment: POOL_PORT; NODES, "name=socketdir:port,..." for the primary
(first) and the standbys; LOGS, "name=logfile,...".
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
from icl_client import (A, B, C, connect, diag, headers, report, requests_for, rows, side_by_side,  # noqa: E402
                        transaction)

PHASE = sys.argv[1]
POOL_PORT = int(os.environ['POOL_PORT'])
NODES = dict((name, tuple(where.rsplit(':', 1))) for name, where in
             (item.split('=', 1) for item in os.environ['NODES'].split(',')))
LOGS = dict(item.split('=', 1) for item in os.environ['LOGS'].split(','))
PRIMARY, STANDBYS = 'primary', ['standby1', 'standby2']
WHERE = "current_setting('cluster_name')"


def pgpool():
    return connect(host='127.0.0.1', port=POOL_PORT, dbname='icl', user='authenticator')


def node(name, user='postgres'):
    sock, port = NODES[name]
    return connect(host=sock, port=int(port), dbname='icl', user=user)


def pool_nodes():
    """SHOW POOL_NODES as {node_id: {column: value}} (its columns differ between pgpool versions)."""
    conn = pgpool()
    with conn.cursor() as cur:
        cur.execute('SHOW POOL_NODES')
        names = [d[0] for d in cur.description]
        out = {int(r[0]): dict(zip(names, r)) for r in cur.fetchall()}
    conn.close()
    return out


def node_names():
    """node_id -> cluster name, from the socket directory pgpool shows as hostname."""
    by_sock = {sock: name for name, (sock, _) in NODES.items()}
    return {i: by_sock.get(n['hostname'], n['hostname']) for i, n in pool_nodes().items()}


def log_lines(name, marker):
    with open(LOGS[name], errors='replace') as f:
        return [line for line in f if marker in line and 'set_config' in line]


su = node(PRIMARY)
keys = dict(rows(su, 'SELECT label, key FROM pool_key'))
CALLERS = [
    ('key of A', 'web_anon', keys['a'], None, A),
    ('key of B', 'web_anon', keys['b'], None, B),
    ('key of C', 'web_anon', keys['c'], None, C),
    ('role alice naming B', 'alice', None, B, B),
    ('role bob (one project)', 'bob', None, None, C),
]
REQUESTS = ['count', 'list', 'own item']

# What the primary answers, directly, to the same callers and requests.
primary = node(PRIMARY, user='authenticator')
expected = {}
for name, role, key, tenant, project in CALLERS:
    for request in REQUESTS:
        expr, params = requests_for(project)[request]
        expected[name, request] = transaction(primary, role, headers(key, tenant), expr, params,
                                              begin='BEGIN READ ONLY', where=WHERE)[2]
primary.close()


def session(caller, marker, requests=REQUESTS):
    """One client session through pgpool: a transaction per request.
    Returns [(request, settings ran on, call ran on, answer)]."""
    name, role, key, tenant, project = caller
    conn = pgpool()
    out = []
    for request in requests:
        expr, params = requests_for(project)[request]
        out.append((request,) + transaction(conn, role, headers(key, tenant, request_id=marker), expr, params,
                                            begin='BEGIN READ ONLY', where=WHERE))
    conn.close()
    return out


if PHASE == 'balanced':
    nodes = pool_nodes()
    names = node_names()
    roles = {names[i]: (n['role'], n['status']) for i, n in nodes.items()}
    report(roles.get(PRIMARY, ('', ''))[0] == 'primary' and all(roles.get(s, ('', ''))[0] == 'standby' for s in STANDBYS)
           and all(status == 'up' for _, status in roles.values()) and len(roles) == 3,
           'SHOW POOL_NODES: the primary and two standbys, all up', [str(nodes)])
    before = {names[i]: int(n['select_cnt']) for i, n in nodes.items()}

    results = []                # (caller, request, settings on, call on, answer)
    SESSIONS = 20
    for i in range(SESSIONS):
        caller = CALLERS[i % len(CALLERS)]
        for request, at_settings, at_call, answer in session(caller, 'balanced-%d' % i):
            results.append((caller[0], request, at_settings, at_call, answer))
    wrong = [r for r in results if r[4] != expected[r[0], r[1]]]
    report(not wrong and len(results) == SESSIONS * len(REQUESTS),
           '%d sessions of %d callers (keys of A, B, C; roles), %d read-only transactions through pgpool: every '
           'answer equals the primary\'s' % (SESSIONS, len(CALLERS), len(results)), wrong[:10])
    split = [r for r in results if r[2] != r[3]]
    report(not split and all(r[2] in STANDBYS for r in results),
           'in every transaction the set_config and the call ran on one node, a standby', split[:10])
    per_node = {s: sum(1 for r in results if r[2] == s) for s in STANDBYS}
    report(all(per_node[s] > 0 for s in STANDBYS),
           'both standbys served transactions (%s)' % ', '.join('%s %d' % kv for kv in sorted(per_node.items())))
    after = {names[i]: int(n['select_cnt']) for i, n in pool_nodes().items()}
    grew = {s: after[s] - before[s] for s in after}
    report(all(grew[s] > 0 for s in STANDBYS),
           'SHOW POOL_NODES select_cnt grew on both standbys (%s)'
           % ', '.join('%s +%d' % kv for kv in sorted(grew.items())))
    # Where pgpool sent the set_config statements: each to one node only.
    sent = {n: len(log_lines(n, 'balanced-')) for n in NODES}
    report(sent[PRIMARY] == 0 and sum(sent.values()) == len(results),
           'each set_config SELECT was sent to one standby only, never to the primary or to every node (%s)'
           % ', '.join('%s %d' % kv for kv in sorted(sent.items())))

    # A key in use on both standbys is revoked on the primary; once both have
    # replayed the revocation, pgpool's answers refuse it, whichever standby
    # serves the session.
    def until_both_standbys(label, marker):
        caller = ('revoked key', 'web_anon', keys[label], None, A)
        seen, answers = set(), []
        for i in range(40):
            request, at_settings, at_call, answer = session(caller, '%s-%d' % (marker, i), ['count'])[0]
            seen.add(at_settings)
            answers.append((at_settings, at_call, answer))
            if seen >= set(STANDBYS):
                break
        return seen, answers

    def fresh_sessions(label):
        out = {}
        for s in STANDBYS:
            conn = node(s, user='authenticator')
            out[s] = transaction(conn, 'web_anon', headers(keys[label]), 'row_to_json(incoming_call_log.count())::text',
                                 begin='BEGIN READ ONLY', where=WHERE)[2]
            conn.close()
        return out

    def refused_by_both(before, after):
        return (before[0] >= set(STANDBYS) and all(a == '{"count":12}' for _, _, a in before[1])
                and after[0] >= set(STANDBYS) and all(a == 'ERROR PT401' for _, _, a in after[1]))

    before = until_both_standbys('revoke_me', 'warm')
    revoked = rows(su, 'SELECT incoming_call_log.revoke_api_key(%s)', (keys['revoke_me'],))[0][0]
    lsn = rows(su, 'SELECT pg_current_wal_lsn()::text')[0][0]
    replayed = set()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and replayed != set(STANDBYS):
        for s in STANDBYS:
            conn = node(s)
            if rows(conn, 'SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn', (lsn,))[0][0]:
                replayed.add(s)
            conn.close()
        time.sleep(0.1)
    after = until_both_standbys('revoke_me', 'revoked')
    report(revoked and replayed == set(STANDBYS) and refused_by_both(before, after),
           'a key in use on both standbys, revoked on the primary, is refused through pgpool by both once '
           'they replayed the revocation',
           ['before: %s' % (before,), 'replayed: %s' % sorted(replayed), 'after: %s' % (after,),
            'fresh sessions on the standbys: %s' % fresh_sessions('revoke_me')])

    # The same without waiting: the primary lists both standbys as
    # synchronous (the run script set synchronous_standby_names, and
    # synchronous_commit = local for everything else), and the revoking
    # transaction asks for remote_apply, so it returns once both applied it.
    before = until_both_standbys('revoke_sync', 'warm-sync')
    with su.cursor() as cur:
        cur.execute('BEGIN')
        cur.execute('SET LOCAL synchronous_commit = remote_apply')
        cur.execute('SELECT incoming_call_log.revoke_api_key(%s)', (keys['revoke_sync'],))
        revoked = cur.fetchone()[0]
        cur.execute('COMMIT')
    after = until_both_standbys('revoke_sync', 'sync-revoked')
    report(revoked and refused_by_both(before, after),
           'revoked in a transaction with synchronous_commit = remote_apply, a key is refused through pgpool by '
           'both standbys at once, with no wait for replay',
           ['before: %s' % (before,), 'after: %s' % (after,), 'fresh sessions: %s' % fresh_sessions('revoke_sync')])

    # Measured, not asserted: pgpool's price, side by side with a direct
    # connection to the standby that served the pgpool session.
    expr, params = requests_for(B)['list']
    hdrs = headers(keys['b'])
    through = pgpool()
    served_by = transaction(through, 'web_anon', hdrs, expr, params, begin='BEGIN READ ONLY', where=WHERE)[0]
    direct = node(served_by, user='authenticator')
    t = side_by_side({'pgpool': lambda: transaction(through, 'web_anon', hdrs, expr, params, begin='BEGIN READ ONLY',
                                                    where=WHERE),
                      'direct': lambda: transaction(direct, 'web_anon', hdrs, expr, params, begin='BEGIN READ ONLY',
                                                    where=WHERE)})
    diag('measured: a read-only get_list transaction through pgpool (TCP): %.2f ms; directly on %s (Unix socket): '
         '%.2f ms (x%.1f)' % (t['pgpool'] * 1000, served_by, t['direct'] * 1000, t['pgpool'] / t['direct']))
    through.close()
    direct.close()

elif PHASE == 'default':
    results = []
    for i in range(8):
        caller = CALLERS[i % len(CALLERS)]
        for request, at_settings, at_call, answer in session(caller, 'default-%d' % i):
            results.append((caller[0], request, at_settings, at_call, answer))
    wrong = [r for r in results if r[4] != expected[r[0], r[1]]]
    off_primary = [r for r in results if (r[2], r[3]) != (PRIMARY, PRIMARY)]
    report(not wrong and not off_primary,
           'pgpool\'s default function lists: set_config is VOLATILE, so a write; it and the call after it '
           'run on the primary (%d transactions, right answers, no standby used)' % len(results),
           (wrong + off_primary)[:10])
    sent = {n: len(log_lines(n, 'default-')) for n in NODES}
    report(sent[PRIMARY] == len(results) and all(sent[s] == 0 for s in STANDBYS),
           'there the set_config SELECT was sent to the primary only, not to every node (%s)'
           % ', '.join('%s %d' % kv for kv in sorted(sent.items())))

elif PHASE == 'no_lb_on_write':
    results = []
    for i in range(6):
        caller = CALLERS[i % 3]                             # the key callers
        for request, at_settings, at_call, answer in session(caller, 'nolb-%d' % i, ['count']):
            results.append((caller[0], request, at_settings, at_call, answer))
    # The call runs as the login role, without the request's role or key:
    # authenticator may execute nothing (42501); were it allowed to, PT401.
    report(all(r[2] == PRIMARY and r[4] == 'ERROR 42501' for r in results),
           'hazard, shown: with the default lists and disable_load_balance_on_write = off, set_config runs on the '
           'primary and the call on a standby that never saw it: %d of %d calls with valid keys ran without the '
           'request\'s role and key (42501)' % (sum(1 for r in results if r[4] == 'ERROR 42501'), len(results)),
           results)

elif PHASE == 'statement_level':
    conn = pgpool()
    probes = []                 # (settings ran on, next statement ran on, headers seen there)
    for i in range(24):
        hdrs = headers(keys['a'], request_id='stmt-%d' % i)
        with conn.cursor() as cur:
            cur.execute('BEGIN READ ONLY')
            cur.execute("SELECT set_config('role', 'web_anon', true), set_config('request.headers', %s, true), "
                        + WHERE, (hdrs,))
            at_settings = cur.fetchone()[2]
            cur.execute('SELECT ' + WHERE + ", coalesce(current_setting('request.headers', true), '') = %s", (hdrs,))
            at_next, seen = cur.fetchone()
            cur.execute('COMMIT')
        probes.append((at_settings, at_next, seen))
    conn.close()
    split = [p for p in probes if p[0] != p[1]]
    report(split and all(not seen for _, _, seen in split) and all(seen for a, b, seen in probes if a == b),
           'hazard, shown: with statement_level_load_balance = on, %d of %d transactions ran set_config and the '
           'next statement on different standbys, which then had no request.headers' % (len(split), len(probes)),
           probes)
    calls = [session(CALLERS[0], 'stmt-call-%d' % i, ['count'])[0] for i in range(12)]
    diag('with statement_level_load_balance = on, %d of %d calls with a valid key failed (%s)'
         % (sum(1 for c in calls if c[3].startswith('ERROR')), len(calls),
            ', '.join(sorted({c[3] for c in calls if c[3].startswith('ERROR')}))))

else:
    sys.exit('unknown phase ' + PHASE)

su.close()
