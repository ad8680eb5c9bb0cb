#!/usr/bin/python3
"""test/plproxy/compare.py PHASE — the clients of test/plproxy/run.

Every request is PostgREST's transaction (BEGIN READ ONLY; set_config of
role and request.headers; the call; COMMIT), sent as the gateway's login
role `authenticator` to the router and to "one machine" (database single,
every project in one place).  Outcomes compared: the answer's text, or the
error's SQLSTATE, message, detail and hint.  Prints TAP lines without numbers
(the run script numbers them) and "# ..." diagnostics.

PHASE: matrix | identity | revoke | directory | moved
Environment: ROUTER, SINGLE, NODE0, NODE1 (libpq connection strings without
a user).
"""
import hashlib
import json
import os
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
from icl_client import A, B, C, connect, diag, report, rows, side_by_side  # noqa: E402
import psycopg2  # noqa: E402

PHASE = sys.argv[1]
ROUTER, SINGLE = os.environ['ROUTER'], os.environ['SINGLE']
NODES = {'node0': os.environ['NODE0'], 'node1': os.environ['NODE1']}


def demo(n):
    return str(uuid.UUID(hashlib.md5(('demo-project-%d' % n).encode()).hexdigest()))


D1, D2, D3 = demo(1), demo(2), demo(3)
UNKNOWN_PROJECT = '99999999-9999-4999-8999-999999999999'


def db(conninfo, user='authenticator'):
    return connect(dsn=conninfo, user=user)


def outcome(conn, role, hdrs, expr, params=()):
    """('ok', text) or ('error', sqlstate, message, detail, hint)."""
    with conn.cursor() as cur:
        cur.execute('BEGIN READ ONLY')
        try:
            cur.execute("SELECT set_config('role', %s, true), set_config('request.headers', %s, true)", (role, hdrs))
            cur.execute('SELECT (' + expr + ')::text', params)
            result = ('ok', cur.fetchone()[0])
        except psycopg2.Error as e:
            result = ('error', e.pgcode, e.diag.message_primary, e.diag.message_detail, e.diag.message_hint)
        cur.execute('COMMIT')
    return result


def H(apikey=None, tenantid=None):
    h = {'accept': 'application/json'}
    if apikey is not None:
        h['apikey'] = apikey
    if tenantid is not None:
        h['tenantid'] = tenantid
    return json.dumps(h)


su_single = db(SINGLE, 'postgres')
k = dict(rows(su_single, 'SELECT label, key FROM px_key'))
first_item = dict(rows(su_single, 'SELECT DISTINCT ON (project_id) project_id::text, id::text '
                                  'FROM incoming_call_log.call_log ORDER BY project_id, created_at, id'))
deep = '{"apikey": "%s", "x": %s}' % (k['b'], '[' * 17 + ']' * 17)

# (name, role, request.headers, the project its answers must come from)
CALLERS = [
    ('key a_owner', 'web_anon', H(k['a_owner']), A),
    ('key a_admin', 'web_anon', H(k['a_admin']), A),
    ('key a_member', 'web_anon', H(k['a_member']), A),
    ('key a_read', 'web_anon', H(k['a_read']), A),
    ('key a_readall', 'web_anon', H(k['a_readall']), A),
    ('key a_none (no read permission)', 'web_anon', H(k['a_none']), A),
    ('key a_expired', 'web_anon', H(k['a_expired']), A),
    ('key a_revoked', 'web_anon', H(k['a_revoked']), A),
    ('key b', 'web_anon', H(k['b']), B),
    ('key c', 'web_anon', H(k['c']), C),
    ('demo key', 'web_anon', H(k['demo']), D1),
    ('demo2 key', 'web_anon', H(k['demo2']), D2),
    ('key b naming B upper-case', 'web_anon', H(k['b'], B.upper()), B),
    ('key b naming A', 'web_anon', H(k['b'], A), B),
    ('key c naming garbage', 'web_anon', H(k['c'], 'nope'), C),
    ('an unknown key', 'prober', H('icl_' + '0' * 64), None),
    ('a short unknown key', 'prober', H('x'), None),
    ('key b named twice', 'web_anon', '{"apikey": "%s", "apikey": "%s"}' % (k['b'], k['b']), None),
    ('key b in headers nested 17 deep', 'web_anon', deep, None),
    ('key b in headers that are not JSON', 'web_anon', 'apikey=' + k['b'], None),
    ('key b in a JSON array', 'web_anon', '["apikey", "%s"]' % k['b'], None),
    ('apikey a number', 'web_anon', '{"apikey": 5}', None),
    ('key b, and a NUL escape in another header', 'web_anon', '{"apikey": "%s", "x": "\\u0000"}' % k['b'], None),
    ('alice with key b naming A, and a lone surrogate', 'alice',
     '{"apikey": "%s", "tenantid": "%s", "x": "\\ud800"}' % (k['b'], A), None),
    ('apikey empty', 'web_anon', H(''), None),
    ('web_anon without headers', 'web_anon', '', None),
    ('web_anon naming A', 'web_anon', H(tenantid=A), None),
    ('alice (two projects), no tenantid', 'alice', H(), None),
    ('alice naming A', 'alice', H(tenantid=A), A),
    ('alice naming B', 'alice', H(tenantid=B), B),
    ('alice naming B upper-case', 'alice', H(tenantid=B.upper()), B),
    ('alice naming A in braces', 'alice', H(tenantid='{%s}' % A), A),
    ('alice naming C', 'alice', H(tenantid=C), None),
    ('alice naming an unknown project', 'alice', H(tenantid=UNKNOWN_PROJECT), None),
    ('alice naming garbage', 'alice', H(tenantid='garbage'), None),
    ('bob (one project), no tenantid', 'bob', H(), C),
    ('bob naming C', 'bob', H(tenantid=C), C),
    ('bob naming A', 'bob', H(tenantid=A), None),
    ('carol (grant without permission), no tenantid', 'carol', H(), D2),
    ('dora (admin) naming A', 'dora', H(tenantid=A), A),
    ('dora (admin) naming demo 2', 'dora', H(tenantid=D2), D2),
    ('dora (admin) naming an unknown project', 'dora', H(tenantid=UNKNOWN_PROJECT), None),
    ('dora (admin), no tenantid', 'dora', H(), None),
    ('erin (no grant), no tenantid', 'erin', H(), None),
    ('erin (no grant) naming A', 'erin', H(tenantid=A), None),
    ('frank (A only), no tenantid', 'frank', H(), A),
    ('frank (A only) naming A', 'frank', H(tenantid=A), A),
    ('frank (A only) naming B', 'frank', H(tenantid=B), None),
]
SELECT_RICH = ('{"projectId": true, "status": true, "callerPhoneNumber": true, "startedAt": true, '
               '"project": {"name": true}, "answeredByUser": {"name": true, "email": true}, '
               '"incomingCallPolicy": {"name": true}}')
ITEM_SELECT = '{"projectId": true, "status": true, "project": {"name": true}}'
REQUESTS = [
    ('count', 'row_to_json(incoming_call_log.count())', ()),
    ('count completed', 'row_to_json(incoming_call_log.count(%s))', ('{"status": "Completed"}',)),
    ('list rich', 'row_to_json(incoming_call_log.get_list(%s, %s, %s, 0, 100))',
     (SELECT_RICH, '{"status": {"_type": "Includes", "value": ["Completed", "NoAnswer", "Busy"]}}',
      '{"startedAt": "DESC"}')),
    ('list page', 'row_to_json(incoming_call_log.get_list(%s, NULL, %s, 2, 3))',
     ('{"projectId": true}', '{"createdAt": "ASC"}')),
    ('item of A', 'incoming_call_log.get_item(%s, %s)', (first_item[A], ITEM_SELECT)),
    ('item of B', 'incoming_call_log.get_item(%s, %s)', (first_item[B], ITEM_SELECT)),
    ('item of demo 1', 'incoming_call_log.get_item(%s, %s)', (first_item[D1], ITEM_SELECT)),
    ('bad select', 'row_to_json(incoming_call_log.get_list(%s))', ('{"nope": true}',)),
    ('bad query', 'row_to_json(incoming_call_log.count(%s))', ('{"status": {"_type": "Bogus"}}',)),
    ('bad limit', 'row_to_json(incoming_call_log.get_list(NULL, NULL, NULL, 0, 1000))', ()),
]


def owner_of(project):
    for name, conninfo in NODES.items():
        conn = db(conninfo, 'postgres')
        here = rows(conn, 'SELECT count(*) FROM incoming_call_log.project WHERE id = %s', (project,))[0][0]
        conn.close()
        if here:
            return name
    return None


def node_answer(node, role, hdrs, expr, params=()):
    """The same call made directly on a node, as the same role (SET ROLE by a superuser)."""
    conn = db(NODES[node], 'postgres')
    with conn.cursor() as cur:
        cur.execute('BEGIN READ ONLY')
        cur.execute('SET LOCAL ROLE ' + role)
        cur.execute("SELECT set_config('request.headers', %s, true)", (hdrs,))
        cur.execute('SELECT (' + expr + ')::text', params)
        answer = cur.fetchone()[0]
        cur.execute('COMMIT')
    conn.close()
    return answer


def matrix(label):
    """Every caller x every request, through the router and on one machine."""
    router, single = db(ROUTER), db(SINGLE)
    got, want = {}, {}
    for name, role, hdrs, _ in CALLERS:
        for request, expr, params in REQUESTS:
            got[name, request] = outcome(router, role, hdrs, expr, params)
            want[name, request] = outcome(single, role, hdrs, expr, params)
    differ = [(key, got[key], want[key]) for key in got if got[key] != want[key]]
    report(not differ,
           '%s: %d callers x %d requests through the router: every answer, and every error\'s SQLSTATE, message, '
           'detail and hint, equals one machine\'s' % (label, len(CALLERS), len(REQUESTS)), differ[:8])
    kinds = {}
    for o in got.values():
        kinds[o[1] if o[0] == 'error' else 'ok'] = kinds.get(o[1] if o[0] == 'error' else 'ok', 0) + 1
    report(all(kinds.get(kind, 0) > 0 for kind in ('ok', 'PT401', 'PT403', 'PT404', '22023')),
           '%s: the comparison covers answers and each refusal (%s)'
           % (label, ', '.join('%s %d' % kv for kv in sorted(kinds.items()))))

    # Isolation: rows of the caller's project only; counts equal to the owning
    # node's, asked directly of that node by the same role with the same headers.
    owners = {p: owner_of(p) for p in {p for _, _, _, p in CALLERS if p}}
    problems, counted = [], {}
    for name, role, hdrs, project in CALLERS:
        for request, expr, params in REQUESTS:
            o = got[name, request]
            if o[0] != 'ok':
                continue
            if project is None:
                problems.append((name, request, 'answered without a project'))
                continue
            body = json.loads(o[1])
            if request.startswith('list'):
                if any(row['projectId'] != project for row in body['data']):
                    problems.append((name, request, 'rows of another project'))
            elif request.startswith('item'):
                if body['projectId'] != project:
                    problems.append((name, request, 'an item of another project'))
            else:
                direct = node_answer(owners[project], role, hdrs, expr, params)
                counted[owners[project]] = counted.get(owners[project], 0) + 1
                if o[1] != direct:
                    problems.append((name, request, o[1], 'node says', direct))
    su = {n: db(c, 'postgres') for n, c in NODES.items()}
    truth = {p: rows(su[owners[p]], 'SELECT count(*) FROM incoming_call_log.call_log WHERE project_id = %s',
                     (p,))[0][0] for p in owners}
    for name, role, hdrs, project in CALLERS:
        o = got[name, 'count']
        if o[0] == 'ok' and json.loads(o[1])['count'] != truth[project]:
            problems.append((name, 'count', o[1], 'the project has', truth[project]))
    report(not problems and len(counted) == 2,
           '%s: every returned row is the caller\'s project\'s, every count equals the owning node\'s direct '
           'count (%s)' % (label, ', '.join('%d on %s' % (v, n) for n, v in sorted(counted.items()))), problems[:8])
    for conn in list(su.values()) + [router, single]:
        conn.close()
    return got


if PHASE in ('matrix', 'moved'):
    router = db(ROUTER)                 # kept open: its PL/Proxy connections show who was forwarded
    got = matrix('after moving project C to node1' if PHASE == 'moved' else 'two nodes')
    # Refusals decided on the router never reach a node: PL/Proxy connects
    # as the caller's role, so the nodes' sessions show whom it forwarded.
    # (The matrix's router session is closed; replay what reached the nodes in this one.)
    for name, role, hdrs, _ in CALLERS:
        outcome(router, role, hdrs, 'row_to_json(incoming_call_log.count())')
    seen = {}
    for n, conninfo in NODES.items():
        conn = db(conninfo, 'postgres')
        seen[n] = {r[0] for r in rows(conn, "SELECT usename FROM pg_stat_activity WHERE datname = current_database() "
                                            "AND usename <> 'postgres'")}
        conn.close()
    if PHASE == 'matrix':
        want = {'node0': {'web_anon', 'alice', 'bob', 'dora', 'frank'},
                'node1': {'web_anon', 'alice', 'carol', 'dora'}}
        report(seen == want,
               'refusals the directory decides are not forwarded: on the nodes, sessions of exactly the roles whose '
               'calls were (erin and prober, refused on the router, none; frank only on node0)',
               ['%s: %s' % (n, sorted(s)) for n, s in sorted(seen.items())])
    if PHASE == 'matrix':
        # Measured, not asserted: the router's price, side by side with one
        # machine (same caller, same requests; node1 answers through the router).
        single = db(SINGLE)
        hdrs = H(k['b'])
        for request in ('count', 'list rich'):
            _, expr, params = next(r for r in REQUESTS if r[0] == request)
            t = side_by_side({'router': lambda: outcome(router, 'web_anon', hdrs, expr, params),
                              'single': lambda: outcome(single, 'web_anon', hdrs, expr, params)})
            diag('measured: %s through the router: %.2f ms; on one machine: %.2f ms (+%.2f ms)'
                 % (request, t['router'] * 1000, t['single'] * 1000, (t['router'] - t['single']) * 1000))
        single.close()
    router.close()

elif PHASE == 'identity':
    router = db(ROUTER)

    def visible(role, hdrs, table):
        with router.cursor() as cur:
            cur.execute('BEGIN')
            cur.execute("SELECT set_config('role', %s, true), set_config('request.headers', %s, true)", (role, hdrs))
            cur.execute('SELECT count(*) FROM incoming_call_log_router.' + table)
            n = cur.fetchone()[0]
            cur.execute('COMMIT')
        return n

    seen = {
        'alice: keys': visible('alice', H(), 'key_route'),
        'alice: grants': visible('alice', H(), 'role_route'),
        'alice: projects': visible('alice', H(), 'project_node'),
        'web_anon with key b: keys': visible('web_anon', H(k['b']), 'key_route'),
        'web_anon with key b: projects': visible('web_anon', H(k['b']), 'project_node'),
        'web_anon without a key: keys': visible('web_anon', H(), 'key_route'),
        'dora: projects': visible('dora', H(), 'project_node'),
    }
    total = rows(db(ROUTER, 'postgres'), 'SELECT count(*) FROM incoming_call_log_router.project_node')[0][0]
    report(seen == {'alice: keys': 0, 'alice: grants': 2, 'alice: projects': 2, 'web_anon with key b: keys': 1,
                    'web_anon with key b: projects': 1, 'web_anon without a key: keys': 0,
                    'dora: projects': total},
           'a caller sees only its own directory rows: the key it presents, the grants of roles it holds, their '
           'projects (an admin: all %d)' % total, [seen])

    # The forward cannot carry another identity: called directly, with
    # headers naming a tenant, it still runs as the caller's own role.
    with router.cursor() as cur:
        cur.execute('BEGIN')
        cur.execute("SELECT set_config('role', 'web_anon', true)")
        try:
            cur.execute("SELECT incoming_call_log_router.node_count('node0', %s, NULL)", (H(tenantid=A),))
            forwarded = 'answered ' + str(cur.fetchone())
        except psycopg2.Error as e:
            forwarded = e.pgcode
        cur.execute('ROLLBACK')
    node0 = db(NODES['node0'], 'web_anon')
    try:
        direct = 'answered %s' % rows(node0, 'SELECT incoming_call_log_node.count(%s, NULL)', (H(tenantid=A),))
    except psycopg2.Error as e:
        direct = e.pgcode
    node0.close()
    report(forwarded == 'PT401' and direct == 'PT401',
           'web_anon calling the forward itself, or the node function on the node, with a tenantid of A: PT401 '
           '(the node sees web_anon, whatever the arguments say)', [forwarded, direct])
    router.close()

elif PHASE == 'revoke':
    # Revoked on its node (and on one machine): the router forwards the key,
    # the node refuses it, the refusal is one machine's.
    for conninfo in (NODES['node0'], SINGLE):
        conn = db(conninfo, 'postgres')
        rows(conn, 'SELECT incoming_call_log.revoke_api_key(%s)', (k['a_read'],))
        conn.close()
    expr = 'row_to_json(incoming_call_log.count())'
    got = outcome(db(ROUTER), 'web_anon', H(k['a_read']), expr)
    want = outcome(db(SINGLE), 'web_anon', H(k['a_read']), expr)
    report(got == want and got[1] == 'PT401',
           'a key revoked on its node is refused through the router as on one machine: %s' % (got[2:],), [got, want])

elif PHASE == 'directory':
    expr = 'row_to_json(incoming_call_log.count())'
    node1 = db(NODES['node1'], 'postgres')
    fresh = rows(node1, "SELECT incoming_call_log.create_api_key(%s, '{ProjectMember}')", (B,))[0][0]
    node1.close()
    router_su = db(ROUTER, 'postgres')
    before = outcome(db(ROUTER), 'web_anon', H(fresh), expr)
    rows(router_su, 'SELECT * FROM incoming_call_log_router.refresh_directory()')
    after = outcome(db(ROUTER), 'web_anon', H(fresh), expr)
    direct = node_answer('node1', 'web_anon', H(fresh), expr)
    report(before[:3] == ('error', 'PT401', 'API key is not valid') and after == ('ok', direct),
           'a key made on a node directly is refused by the router (PT401) until refresh_directory(), then '
           'answers as the node does (%s)' % direct, [before, after, direct])
    made = rows(router_su, "SELECT incoming_call_log_router.create_api_key(%s, '{ProjectOwner}')", (D3,))[0][0]
    got = outcome(db(ROUTER), 'web_anon', H(made), expr)
    direct = node_answer(owner_of(D3), 'web_anon', H(made), expr)
    report(got == ('ok', direct),
           'a key made through the router\'s create_api_key is routed at once (%s, as node0 answers)' % direct,
           [got, direct])
    router_su.close()

else:
    sys.exit('unknown phase ' + PHASE)
