"""PostgREST conformance of incoming_call_log (issue 8; CSV: issue 10).

For PostgREST 12.2 and 13.0 each, the requests below are answered by
pgrst.PostgREST, which performs through a real libpq connection, logged in as
the recipe's authenticator role, exactly the statements PostgREST sends for
them (cited there), and maps the outcome as PostgREST does.  The database is
set up by test/postgrest/run with doc/postgrest.sql (the PostgREST recipe),
postgrest.conf is the documented configuration, and the data and keys are the
suite's fixture (test/fixtures/fixture.psql).

Sections: "recipe", then per version "core" (issue 8), then "csv" (issue 10,
doc/reference.md#csv), "aggregate" (issue 20) and "changes" (get_changes,
issue 19: the one section that writes, and it removes what it wrote).  Prints TAP; exits non-zero on any failure.
"""

import json
import os
import re
import sys
import traceback

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgrst  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DB = os.environ['PGRST_DB']
PASSWORD = os.environ['AUTHENTICATOR_PASSWORD']

A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
A1 = '0a000000-0000-4000-8000-000000000001'
B1 = '0b000000-0000-4000-8000-000000000001'
MISSING = '0a000000-0000-4000-8000-000000000099'

# The API reference's example requests (../shared/seed, demo/seed_requests.sql);
# through PostgREST skip and limit travel in the body.
SEED_SELECT = {"incomingCallPolicyId": True, "projectId": True, "status": True, "_id": True, "answeredByUser": True}
SEED_LIST = {"select": SEED_SELECT, "query": {"status": "Example status"}, "sort": {"createdAt": -1},
             "skip": 0, "limit": 10}
SEED_ITEM_SELECT = {"select": SEED_SELECT}
SEED_COUNT = {"query": {"status": "Example status"}}
SEED_ITEM_KEYS = ['_id', 'incomingCallPolicyId', 'projectId', 'status', 'answeredByUser']

n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    if cond:
        print('ok %d - %s' % (n, name))
    else:
        failed += 1
        print('not ok %d - %s' % (n, name))
        if diag is not None:
            for line in str(diag).splitlines()[:40]:
                print('#   ' + line)
    sys.stdout.flush()
    return cond


def check(name, fn):
    """Run one check; an exception is a failure with its traceback."""
    try:
        cond, diag = fn()
    except Exception:       # noqa: BLE001 - reported as a failed check
        cond, diag = False, traceback.format_exc()
    return ok(cond, name, diag)


def body_json(resp):
    return json.loads(resp.body, object_pairs_hook=list)


def keys_of(pairs):
    return [k for k, _ in pairs]


def get(pairs, key):
    for k, v in pairs:
        if k == key:
            return v
    raise KeyError(key)


# ---------------------------------------------------------------------------
# The superuser's side: keys, and answers of the same calls made directly.
# ---------------------------------------------------------------------------
su = psycopg2.connect(dbname=DB)
su.autocommit = True
psycopg2.extensions.register_type(psycopg2.extensions.new_type((114, 3802), 'RAWJSON', lambda v, c: v), su)
with su.cursor() as cur:
    cur.execute('SELECT label, key FROM public.gateway_key')
    KEY = dict(cur.fetchall())


def direct(sql, key, *args):
    """The same call made from SQL with the key presented, as text."""
    with su.cursor() as cur:
        cur.execute('BEGIN')
        try:
            cur.execute("SELECT set_config('request.headers', %s, true)", (json.dumps({'apikey': key}),))
            cur.execute(sql, args)
            return cur.fetchone()[0]
        finally:
            cur.execute('ROLLBACK')


def scalar(sql, *args):
    with su.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchone()[0]


def headers(key=None, accept=None, body=True):
    """What curl sends: the seed's ApiKey header name, as written there."""
    h = [('Host', 'localhost:3000'), ('User-Agent', 'curl/8.5.0'), ('Accept', accept or '*/*')]
    if key is not None:
        h.append(('ApiKey', key))
    if body:
        h.append(('Content-Type', 'application/json'))
    return h


def post(srv, fn, body, key=None, accept=None):
    text = body if isinstance(body, str) else json.dumps(body)
    return srv.request('POST', '/rpc/' + fn, headers(key, accept), text)


def show(resp):
    return '%r\nstatements sent:\n%s' % (resp, '\n'.join('  ' + s[:300] for s in resp.trace))


CONF = pgrst.read_config(os.path.join(HERE, 'postgrest.conf'))
CONNINFO = 'dbname=%s user=authenticator password=%s' % (DB, PASSWORD)

# ---------------------------------------------------------------------------
print('# section recipe: the documented recipe (doc/postgrest.sql) is what this suite set up')
# ---------------------------------------------------------------------------
recipe = open(os.path.join(ROOT, 'doc', 'postgrest.sql')).read()
conf_text = open(os.path.join(HERE, 'postgrest.conf')).read()
# doc/gateways.md shows this recipe; it must be the one that runs here.  The
# README's three steps show the configuration too.
doc = open(os.path.join(ROOT, 'doc', 'gateways.md')).read()
doc_name = 'doc/gateways.md'
ok(recipe in doc, '%s shows the recipe this suite runs (doc/postgrest.sql) verbatim' % doc_name)
ok(conf_text in doc, '%s shows postgrest.conf verbatim' % doc_name)
readme = open(os.path.join(ROOT, 'README.md')).read()
ok(conf_text in readme.replace('\n   ', '\n').replace('   ```ini', '```ini'),
   'README.md shows postgrest.conf verbatim (in its three steps)')
with su.cursor() as cur:
    cur.execute("SELECT rolname, rolcanlogin, rolinherit, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls "
                "FROM pg_roles WHERE rolname IN ('authenticator', %s) ORDER BY rolname", (CONF['db-anon-role'],))
    roles = {r[0]: r[1:] for r in cur.fetchall()}
ok(roles.get('authenticator') == (True, False, False, False, False, False),
   'authenticator: LOGIN, NOINHERIT, no other attribute', roles)
ok(roles.get(CONF['db-anon-role']) == (False, True, False, False, False, False),
   'the API role (db-anon-role %s): NOLOGIN, no other attribute' % CONF['db-anon-role'], roles)
ok(scalar("SELECT pg_has_role('authenticator', %s, 'MEMBER') AND NOT pg_has_role('authenticator', %s, 'USAGE')",
          CONF['db-anon-role'], CONF['db-anon-role']),
   'authenticator may switch to the API role but inherits none of its privileges')

servers = {}
for version in pgrst.VERSIONS:
    try:
        servers[version] = pgrst.PostgREST(version, CONF, CONNINFO)
        ok(True, 'v%s: loaded the schema cache as authenticator (its own queries, db-schemas %s)'
           % (version, CONF['db-schemas']))
    except Exception:       # noqa: BLE001
        ok(False, 'v%s: loaded the schema cache as authenticator' % version, traceback.format_exc())


def session_users():
    out = []
    for s in servers.values():
        with s.conn.cursor() as cur:
            cur.execute('SELECT session_user, current_user')
            out.append(cur.fetchone())
    return out


ok(len(servers) == 2 and session_users() == [('authenticator', 'authenticator')] * 2,
   'both emulated servers are logged in as authenticator, and nothing more between requests', session_users())


def core(v, srv):
    p = 'v%s: ' % v

    # -- the seed's three example requests ---------------------------------------------------------
    def seed_list():
        r = post(srv, 'get_list', SEED_LIST, KEY['a_read'])
        want = direct('SELECT row_to_json(incoming_call_log.get_list(%s, %s, %s, %s, %s))::text', KEY['a_read'],
                      json.dumps(SEED_SELECT), '{"status": "Example status"}', '{"createdAt": -1}', 0, 10)
        b = body_json(r)
        return (r.status == 200 and r.header('Content-Type') == 'application/json; charset=utf-8'
                and r.body == want and keys_of(b) == ['count', 'limit', 'skip', 'data']
                and get(b, 'count') == 0 and get(b, 'data') == []
                and (get(b, 'limit'), get(b, 'skip')) == (10, 0)), show(r) + '\nwant ' + want
    check(p + 'seed get-list: POST /rpc/get_list with the seed body -> 200, {"count","limit","skip","data"}, '
          'the body of the same call from SQL', seed_list)

    def seed_list_completed():
        body = dict(SEED_LIST, query={"status": "Completed"})
        r = post(srv, 'get_list', body, KEY['a_read'])
        want = direct('SELECT row_to_json(incoming_call_log.get_list(%s, %s, %s, %s, %s))::text', KEY['a_read'],
                      json.dumps(SEED_SELECT), '{"status": "Completed"}', '{"createdAt": -1}', 0, 10)
        b = body_json(r)
        data = get(b, 'data')
        return (r.status == 200 and r.body == want and get(b, 'count') == 3 and len(data) == 3
                and all(keys_of(item) == SEED_ITEM_KEYS for item in data)
                and all(get(item, 'projectId') == A for item in data)
                and all(keys_of(get(item, 'answeredByUser')) == ['_id'] for item in data)), show(r)
    check(p + 'seed get-list, status Completed: 200, 3 items keyed exactly like the seed response, '
          'answeredByUser as {"_id"}', seed_list_completed)

    def seed_item():
        r = post(srv, 'get_item', dict(SEED_ITEM_SELECT, id=A1), KEY['a_read'])
        want = direct('SELECT incoming_call_log.get_item(%s, %s)::text', KEY['a_read'], A1, json.dumps(SEED_SELECT))
        b = body_json(r)
        return (r.status == 200 and r.header('Content-Type') == 'application/json; charset=utf-8'
                and r.body == want and keys_of(b) == SEED_ITEM_KEYS and get(b, '_id') == A1), show(r)
    check(p + 'seed get-item: POST /rpc/get_item {"id", "select"} -> 200, the seed\'s object', seed_item)

    def seed_count():
        r = post(srv, 'count', SEED_COUNT, KEY['a_read'])
        r2 = post(srv, 'count', {"query": {"status": "Completed"}}, KEY['a_read'])
        return (r.status == 200 and r.body == '{"count":0}' and r2.status == 200
                and r2.body == '{"count":3}'), show(r) + '\n' + show(r2)
    check(p + 'seed count: POST /rpc/count -> 200 {"count":0}; status Completed -> {"count":3}', seed_count)

    def tx_shape():
        r = post(srv, 'count', {}, KEY['a_read'])
        t = r.trace
        return (r.status == 200 and r.body == '{"count":12}' and len(t) == 4
                and t[0] == 'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY'
                and t[1].startswith("select set_config('search_path', $1, true), set_config('role', $2, true), "
                                    "set_config('request.jwt.claims', $3, true), set_config('request.method', $4, true), "
                                    "set_config('request.path', $5, true), set_config('request.headers', $6, true), "
                                    "set_config('request.cookies', $7, true)")
                and t[2].startswith('WITH pgrst_source AS (SELECT "pgrst_call".* FROM "incoming_call_log"."count"() pgrst_call)')
                and t[3] == 'COMMIT'), show(r)
    check(p + 'POST /rpc/count with {}: BEGIN ... READ ONLY, one set_config statement, the call, COMMIT', tx_shape)

    def stable_read_only():
        vol = {name: srv.routines[('incoming_call_log', name)][0].volatility for name in ('get_list', 'get_item', 'count')}
        return all(x == 'stable' for x in vol.values()), vol
    check(p + 'the three calls are STABLE in the schema cache, so PostgREST runs a POST to them READ ONLY', stable_read_only)

    def header_case():
        h = [(k if k != 'ApiKey' else 'APIKEY', val) for k, val in headers(KEY['a_read'])]
        r = srv.request('POST', '/rpc/count', h, '{}')
        return r.status == 200 and r.body == '{"count":12}', show(r)
    check(p + 'any spelling of the header name works: PostgREST passes request.headers with lower-case names',
          header_case)

    # -- each error class ------------------------------------------------------------------------
    def e400():
        r = post(srv, 'get_list', {"limit": 1000}, KEY['a_read'])
        b = body_json(r)
        return r.status == 400 and get(b, 'code') == '22023' and 'limit' in get(b, 'message'), show(r)
    check(p + '400: a malformed request (limit 1000) is 22023', e400)

    def e401():
        r = post(srv, 'get_list', SEED_LIST)
        b = body_json(r)
        return (r.status == 401 and get(b, 'code') == 'PT401' and r.header('WWW-Authenticate') == 'Bearer'), show(r)
    check(p + '401: no ApiKey header is PT401 (with WWW-Authenticate: Bearer)', e401)

    def e401_keys():
        rs = [post(srv, 'count', {}, k) for k in ('icl_' + '0' * 64, KEY['a_expired'], KEY['a_revoked'])]
        return all(r.status == 401 and get(body_json(r), 'code') == 'PT401' for r in rs), '\n'.join(map(show, rs))
    check(p + '401: an unknown, an expired and a revoked key are PT401', e401_keys)

    def e401_first():
        r = post(srv, 'get_list', {"limit": 1000, "query": {"nope": 1}})
        return r.status == 401 and get(body_json(r), 'code') == 'PT401', show(r)
    check(p + '401 before 400: without a key a malformed request is still PT401', e401_first)

    def e403():
        r = post(srv, 'get_list', SEED_LIST, KEY['a_none'])
        return r.status == 403 and get(body_json(r), 'code') == 'PT403', show(r)
    check(p + '403: a key without a read permission is PT403', e403)

    def e404():
        r = post(srv, 'get_item', {"id": MISSING, "select": {"status": True}}, KEY['a_read'])
        return r.status == 404 and get(body_json(r), 'code') == 'PT404', show(r)
    check(p + '404: get_item of an id that does not exist is PT404', e404)

    # -- another project's data ------------------------------------------------------------------
    def cross_item():
        r = post(srv, 'get_item', {"id": B1, "select": {"status": True, "statusMessage": True, "projectId": True}},
                 KEY['a_read'])
        return (r.status == 404 and get(body_json(r), 'code') == 'PT404' and 'Bravo' not in r.body
                and B not in r.body), show(r)
    check(p + 'cross-project: project A\'s key asking for an item of B is 404 PT404, nothing of B in the answer',
          cross_item)

    def cross_list():
        r = post(srv, 'get_list', {"query": {"projectId": B}, "select": {"projectId": True}}, KEY['a_read'])
        r2 = post(srv, 'count', {"query": {"projectId": B}}, KEY['a_read'])
        r3 = post(srv, 'get_list', {"select": {"projectId": True}, "limit": 100}, KEY['b'])
        d3 = get(body_json(r3), 'data')
        return (r.status == 200 and get(body_json(r), 'count') == 0 and get(body_json(r), 'data') == []
                and r2.status == 200 and r2.body == '{"count":0}'
                and r3.status == 200 and len(d3) == 5 and all(get(i, 'projectId') == B for i in d3)), \
            show(r) + '\n' + show(r2) + '\n' + show(r3)
    check(p + 'cross-project: projectId of B in A\'s query matches nothing (list and count); B\'s key reads B\'s 5',
          cross_list)

    # -- GET ----------------------------------------------------------------------------------------
    def get_item():
        r = srv.request('GET', '/rpc/get_item?id=' + A1, headers(KEY['a_read'], body=False))
        return (r.status == 200 and r.body == '{"_id":"%s"}' % A1
                and r.trace[0] == 'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY'), show(r)
    check(p + 'GET /rpc/get_item?id=… -> 200 {"_id": …} (a text argument)', get_item)

    def get_count_json():
        r = srv.request('GET', '/rpc/count?query=%7B%22status%22%3A%22Completed%22%7D', headers(KEY['a_read'], body=False))
        if v == pgrst.V13:
            return r.status == 200 and r.body == '{"count":3}', show(r)
        return r.status == 400 and get(body_json(r), 'code') == '22023', show(r)
    check(p + ('GET /rpc/count?query={"status":"Completed"} -> 200 {"count":3}: v13 passes the argument as json'
               if v == pgrst.V13 else
               'GET /rpc/count?query={…} -> 400 22023: v12 passes the argument as a JSON string'), get_count_json)

    # -- writes and everything beyond the API -----------------------------------------------------
    def write_table():
        before = scalar('SELECT count(*) FROM incoming_call_log.call_log')
        r = srv.request('POST', '/call_log', headers(KEY['a_owner']),
                        json.dumps({"project_id": A, "incoming_call_policy_id": 'a1000000-0000-4000-8000-000000000001',
                                    "status": "Completed"}))
        after = scalar('SELECT count(*) FROM incoming_call_log.call_log')
        return (r.status == 401 and get(body_json(r), 'code') == '42501' and before == after
                and r.trace[0] == 'BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE' and r.trace[-1] == 'ABORT'), show(r)
    check(p + 'write attempt: POST /call_log (an INSERT as the API role) -> 401 (42501 for db-anon-role), nothing written',
          write_table)

    def read_table():
        r = srv.request('GET', '/call_log', headers(KEY['a_owner'], body=False))
        return r.status == 401 and get(body_json(r), 'code') == '42501', show(r)
    check(p + 'GET /call_log (reading the table directly) -> 401 42501', read_table)

    def management():
        before = scalar('SELECT count(*) FROM incoming_call_log.api_key')
        r = post(srv, 'create_api_key', {"project_id": A, "permissions": ["ProjectOwner"]}, KEY['a_owner'])
        r2 = post(srv, 'grant_access', {"role": "icl_api", "project_id": B, "permissions": ["ProjectOwner"]},
                  KEY['a_owner'])
        after = scalar('SELECT count(*) FROM incoming_call_log.api_key')
        return (r.status == 401 and get(body_json(r), 'code') == '42501' and before == after
                and r2.status == 401 and get(body_json(r2), 'code') == '42501'), show(r) + '\n' + show(r2)
    check(p + 'management functions: POST /rpc/create_api_key and /rpc/grant_access -> 401 42501, no key made',
          management)

    def internal():
        rs = [post(srv, fn, {}, KEY['a_owner']) for fn in ('caller_project_id', 'caller_is_writer')]
        rs.append(post(srv, 'is_valid_phone', {"phone": "+15550000001"}, KEY['a_owner']))
        return all(r.status == 404 and get(body_json(r), 'code') == 'PGRST202' and not r.trace for r in rs), \
            '\n'.join(map(show, rs))
    check(p + 'the RLS helpers are not in the exposed schema: /rpc/caller_project_id … -> 404 PGRST202', internal)

    def surface():
        r = srv.request('GET', '/', headers(KEY['a_read'], body=False))
        paths = set(keys_of(get(body_json(r), 'paths')))
        csv = {'/rpc/get_list_csv', '/rpc/get_item_csv', '/rpc/count_csv', '/rpc/get_aggregate_csv'}
        return (r.status == 200 and paths - csv == {'/', '/rpc/get_list', '/rpc/get_item', '/rpc/count',
                                                    '/rpc/get_aggregate', '/rpc/get_page', '/rpc/get_changes'}), show(r)
    check(p + 'GET / (OpenAPI, follow-privileges) shows the API role exactly the calls and no table', surface)

    # -- PostgREST's own decisions ------------------------------------------------------------------
    def no_id():
        r = post(srv, 'get_item', SEED_ITEM_SELECT, KEY['a_read'])
        b = body_json(r)
        return (r.status == 404 and get(b, 'code') == 'PGRST202' and r.trace == []
                and get(b, 'message') == 'Could not find the function incoming_call_log.get_item(select) in the schema cache'), show(r)
    check(p + 'get_item without id: PostgREST\'s own 404 PGRST202 (id has no default), no statement sent', no_id)

    def url_paging():
        r = post(srv, 'get_list?skip=0&limit=10', SEED_LIST, KEY['a_read'])
        return r.status == 400 and get(body_json(r), 'code') == 'PGRST100' and r.trace == [], show(r)
    check(p + 'the reference\'s POST …?skip=0&limit=10: 400 PGRST100 (skip read as a filter), no statement sent',
          url_paging)

    def json_to_record_ints():
        r = post(srv, 'get_list', {"limit": "2"}, KEY['a_read'])
        r2 = post(srv, 'get_list', {"limit": 5.0}, KEY['a_read'])
        d = direct('SELECT (incoming_call_log.get_list("limit" => %s))."limit"', KEY['a_read'], 5)
        return (r.status == 200 and get(body_json(r), 'limit') == 2 and len(get(body_json(r), 'data')) == 2
                and r2.status == 400 and get(body_json(r2), 'code') == '22P02' and d == 5), show(r) + '\n' + show(r2)
    check(p + 'skip/limit pass through json_to_record: "limit": "2" works, 5.0 is 400 22P02', json_to_record_ints)

    def deep():
        depth = 100000
        r = post(srv, 'get_list', '{"select": ' + '[' * depth + ']' * depth + '}', KEY['a_read'])
        return r.status == 500 and get(body_json(r), 'code') == '54001', show(r)
    check(p + 'a body nested 100000 levels deep: 54001 in PostgreSQL\'s json input of $1 -> 500', deep)

    def invalid_json():
        r = post(srv, 'get_list', '{"select": ', KEY['a_read'])
        return r.status == 400 and get(body_json(r), 'code') == 'PGRST102' and r.trace == [], show(r)
    check(p + 'a body that is not JSON: PostgREST\'s own 400 PGRST102, no statement sent', invalid_json)


def csv(v, srv):
    p = 'v%s CSV: ' % v

    def handler():
        h = srv.media_handlers.get((('incoming_call_log', 'get_list_csv'), 'text/csv'))
        return (h is not None and h[0] == ('CustomFunc', ('incoming_call_log', 'text/csv'),
                                            ('incoming_call_log', 'get_list_csv')) and h[1] == 'text/csv'), h
    check(p + 'the schema cache maps (get_list_csv, text/csv) to the domain "text/csv" as its handler', handler)

    body = {"select": {"status": True, "answeredByUser": {"name": True}, "callerPhoneNumber": True},
            "sort": {"createdAt": "ASC"}, "skip": 2, "limit": 4}

    def list_csv():
        r = post(srv, 'get_list_csv', body, KEY['a_read'], accept='text/csv')
        want = direct('SELECT incoming_call_log.get_list_csv(%s, null, %s, %s, %s)::text', KEY['a_read'],
                      json.dumps(body['select']), json.dumps(body['sort']), 2, 4)
        return (r.status == 200 and r.header('Content-Type') == 'text/csv; charset=utf-8' and r.body == want
                and r.body.split('\n')[0] == '_id,status,answeredByUser._id,answeredByUser.name,callerPhoneNumber'
                and len(r.body.split('\n')) == 6 and r.header('Content-Range') == '2-5/12'), show(r)
    check(p + 'POST /rpc/get_list_csv, Accept: text/csv -> 200 text/csv, the CSV of the SQL call, '
          'Content-Range 2-5/12 from response.headers', list_csv)

    def list_csv_empty():
        r = post(srv, 'get_list_csv', dict(body, skip=50), KEY['a_read'], accept='text/csv')
        return (r.status == 200 and r.body == '_id,status,answeredByUser._id,answeredByUser.name,callerPhoneNumber\n'
                and r.header('Content-Range') == '*/12'), show(r)
    check(p + 'an empty page: the header line alone, Content-Range */12', list_csv_empty)

    def item_count_csv():
        r = post(srv, 'get_item_csv', {"id": A1, "select": {"status": True}}, KEY['a_read'], accept='text/csv')
        r2 = post(srv, 'count_csv', {"query": {"status": "Completed"}}, KEY['a_read'], accept='text/csv')
        return (r.status == 200 and r.header('Content-Type') == 'text/csv; charset=utf-8'
                and r.body == '_id,status\n%s,Completed\n' % A1
                and r2.status == 200 and r2.header('Content-Type') == 'text/csv; charset=utf-8'
                and r2.body == 'count\n3\n'), show(r) + '\n' + show(r2)
    check(p + 'get_item_csv and count_csv -> 200 text/csv', item_count_csv)

    def csv_errors():
        rs = [post(srv, 'get_list_csv', {"limit": 1000}, KEY['a_read'], accept='text/csv'),
              post(srv, 'get_list_csv', {}, None, accept='text/csv'),
              post(srv, 'get_list_csv', {}, KEY['a_none'], accept='text/csv'),
              post(srv, 'get_item_csv', {"id": B1}, KEY['a_read'], accept='text/csv')]
        got = [(r.status, get(body_json(r), 'code')) for r in rs]
        return got == [(400, '22023'), (401, 'PT401'), (403, 'PT403'), (404, 'PT404')], \
            '%r\n%s' % (got, '\n'.join(map(show, rs)))
    check(p + 'errors of the CSV forms: 400 22023, 401 PT401, 403 PT403, 404 PT404 (JSON error bodies)', csv_errors)

    def no_accept():
        r = post(srv, 'count_csv', {}, KEY['a_read'])
        return (r.status == 200 and r.header('Content-Type') == 'application/json; charset=utf-8'
                and json.loads(r.body) == 'count\n12\n'), show(r)
    check(p + 'without Accept: text/csv the CSV form answers application/json, the CSV as a JSON string', no_accept)

    def surface_csv():
        r = srv.request('GET', '/', headers(KEY['a_read'], body=False))
        paths = set(keys_of(get(body_json(r), 'paths')))
        return paths == {'/', '/rpc/get_list', '/rpc/get_item', '/rpc/count',
                         '/rpc/get_list_csv', '/rpc/get_item_csv', '/rpc/count_csv', '/rpc/get_page',
                         '/rpc/get_changes', '/rpc/get_aggregate', '/rpc/get_aggregate_csv'}, show(r)
    check(p + 'GET / shows the API role the API\'s calls and their CSV forms, nothing else', surface_csv)

    # -- get_page (doc/cursors-and-changes.md, issue 19) -----------------------------------------------------------
    def page_walk():
        body = {"select": {"status": True}, "sort": {"startedAt": "ASC"}, "limit": 5}
        seen, rs, after = [], [], None
        for _ in range(10):
            r = post(srv, 'get_page', dict(body, after=after) if after else body, KEY['a_read'])
            rs.append(r)
            b = body_json(r)
            if r.status != 200 or not isinstance(b, list) or keys_of(b) != ['data', 'next']:
                return False, show(r)
            seen += [get(o, '_id') for o in get(b, 'data')]
            after = get(b, 'next')
            if after is None:
                break
        want = direct('SELECT json_agg(id ORDER BY started_at ASC NULLS LAST, id)::text FROM incoming_call_log.call_log'
                      ' WHERE project_id = %s', None, A)
        return seen == json.loads(want) and len(rs) == 3, '%r\n%s' % (seen, '\n'.join(map(show, rs)))
    check(p + 'POST /rpc/get_page, following next: 200 {"data", "next"}, every row of the project once, in order',
          page_walk)

    def page_refusals():
        rs = [post(srv, 'get_page', {"after": "garbage"}, KEY['a_read']),
              post(srv, 'get_page', {"after": "garbage"}, None),
              post(srv, 'get_page', {"after": "garbage"}, KEY['a_none'])]
        got = [(r.status, get(body_json(r), 'code')) for r in rs]
        return got == [(400, '22023'), (401, 'PT401'), (403, 'PT403')], '%r\n%s' % (got, '\n'.join(map(show, rs)))
    check(p + 'get_page: a bad cursor 400 22023; no key 401 PT401 and no permission 403 PT403 before it', page_refusals)


# get_aggregate (doc/aggregates.md, issue 20): POST /rpc/get_aggregate with the body's keys as the
# named arguments; a composite answer rendered as {"data", "more"}.
AGG_BODY = {"query": {"status": ["Completed", "Busy", "NoAnswer"]}, "groupBy": {"startedAt": "Day", "status": True},
            "aggregate": {"count": True, "callDurationInSeconds": ["Sum", "P95"]}, "sort": {"count": "DESC"}, "limit": 2}


def aggregate(v, srv):
    p = 'v%s: ' % v

    def agg_json():
        r = post(srv, 'get_aggregate', AGG_BODY, KEY['a_read'])
        want = direct('SELECT row_to_json(incoming_call_log.get_aggregate(%s, %s, %s, %s, %s))::text', KEY['a_read'],
                      *[json.dumps(AGG_BODY[k]) for k in ('query', 'groupBy', 'aggregate', 'sort')], AGG_BODY['limit'])
        b = body_json(r)
        data = get(b, 'data')
        return (r.status == 200 and r.header('Content-Type') == 'application/json; charset=utf-8'
                and r.body == want and keys_of(b) == ['data', 'more'] and get(b, 'more') is True and len(data) == 2
                and keys_of(data[0]) == ['startedAt', 'status', 'count', 'callDurationInSeconds']), show(r) + '\nwant ' + want
    check(p + 'POST /rpc/get_aggregate -> 200 {"data": [groups], "more"}, the body of the same call from SQL', agg_json)

    def agg_empty_body():
        r = post(srv, 'get_aggregate', {}, KEY['a_read'])
        return (r.status == 200 and r.body == '{"data":[{"count":12}],"more":false}'), show(r)
    check(p + 'POST /rpc/get_aggregate {} -> {"data":[{"count":12}],"more":false}', agg_empty_body)

    def agg_csv():
        r = post(srv, 'get_aggregate_csv', AGG_BODY, KEY['a_read'], accept='text/csv')
        want = direct('SELECT incoming_call_log.get_aggregate_csv(%s, %s, %s, %s, %s)::text', KEY['a_read'],
                      *[json.dumps(AGG_BODY[k]) for k in ('query', 'groupBy', 'aggregate', 'sort')], AGG_BODY['limit'])
        return (r.status == 200 and r.header('Content-Type') == 'text/csv; charset=utf-8' and r.body == want
                and want.startswith('startedAt,status,count,callDurationInSeconds.Sum,callDurationInSeconds.P95\n')
                and want.count('\n') == 3), show(r) + '\nwant ' + want
    check(p + 'POST /rpc/get_aggregate_csv with Accept: text/csv -> 200 text/csv, the same call\'s CSV', agg_csv)

    def agg_errors():
        rs = [post(srv, 'get_aggregate', {"groupBy": {"project": True}}, KEY['a_read']),
              post(srv, 'get_aggregate', {"limit": 0}, None),
              post(srv, 'get_aggregate', {"limit": 0}, KEY['a_none']),
              post(srv, 'get_aggregate_csv', {"aggregate": {"status": ["Min"]}}, KEY['a_read'], accept='text/csv')]
        got = [(r.status, get(body_json(r), 'code')) for r in rs]
        return got == [(400, '22023'), (401, 'PT401'), (403, 'PT403'), (400, '22023')], \
            '%r\n%s' % (got, '\n'.join(map(show, rs)))
    check(p + 'errors of get_aggregate and its CSV form: 400 22023, 401 PT401, 403 PT403', agg_errors)


# get_changes (doc/cursors-and-changes.md, issue 19): POST /rpc/get_changes with the body's keys as the
# named arguments; a composite answer rendered as {"data", "next"}.  This section writes call logs
# (committed, by the superuser, as any writer would) and deletes them again at its end, so the other
# sections, which run before it, see the fixture as it is.
POLICY_A = 'a1000000-0000-4000-8000-000000000001'
POLICY_B = 'b1000000-0000-4000-8000-000000000001'
CHANGES_QUERY = {"status": "Completed"}
CHANGES_SELECT = {"status": True, "statusMessage": True}


def write(sql, *args):
    """A committed write (su is autocommit): the feed reports only committed transactions."""
    with su.cursor() as cur:
        cur.execute(sql, args)


def insert_call(id_, project, policy, status, message):
    write('INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status, status_message)'
          ' VALUES (%s, %s, %s, %s, %s)', id_, project, policy, status, message)


def changes(v, srv):
    p = 'v%s: ' % v
    # ids of this version's own call logs: 0a…c1.. for v12, 0a…d1.. for v13 (the fixture's end at …12)
    tag = 'c' if v == pgrst.V12 else 'd'
    X, Y, W = ['0a000000-0000-4000-8000-0000000000%s%d' % (tag, i) for i in (1, 2, 3)]
    Z = '0b000000-0000-4000-8000-0000000000%s1' % tag
    ours = (X, Y, W, Z)

    def follow(body, since, key=KEY['a_read'], hops=10):
        """Follow next from since until an empty data; every answer, and the changes in order."""
        rs, seen = [], []
        for _ in range(hops):
            r = post(srv, 'get_changes', dict(body, since=since), key)
            rs.append(r)
            if r.status != 200:
                break
            b = body_json(r)
            if keys_of(b) != ['data', 'next'] or not isinstance(get(b, 'next'), str):
                break
            seen += get(b, 'data')
            since = get(b, 'next')
            if get(b, 'data') == []:
                break
        return rs, seen, since

    def as_change(c):
        """A change as plain Python values (the body keeps key order as pairs)."""
        d = dict(c)
        if 'object' in d:
            d['object'] = dict(d['object'])
        return (keys_of(c), d)

    def upsert(id_, status, message):
        return (['op', '_id', 'object'], {'op': 'upsert', '_id': id_,
                                          'object': {'_id': id_, 'status': status, 'statusMessage': message}})

    def remove(id_):
        return (['op', '_id'], {'op': 'remove', '_id': id_})

    def cleanup():
        write('DELETE FROM incoming_call_log.call_log WHERE id = ANY(%s::uuid[])', list(ours))
    cleanup()
    body = {"select": CHANGES_SELECT, "query": CHANGES_QUERY}
    state = {}

    def take():
        r = post(srv, 'get_changes', body, KEY['a_read'])
        r2 = post(srv, 'get_changes', dict(body, since=None, limit=5), KEY['a_read'])
        b, b2 = body_json(r), body_json(r2)
        state['pos'] = get(b, 'next')
        pos = state['pos']
        return (r.status == 200 and r.header('Content-Type') == 'application/json; charset=utf-8'
                and keys_of(b) == ['data', 'next'] and get(b, 'data') == []
                and isinstance(pos, str) and 0 < len(pos) <= 1024 and re.fullmatch(r'[A-Za-z0-9_-]+', pos)
                and r.trace[0] == 'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY'
                and r2.status == 200 and get(b2, 'data') == [] and isinstance(get(b2, 'next'), str)), \
            show(r) + '\n' + show(r2)
    check(p + 'POST /rpc/get_changes without since (and with "since": null) -> 200 {"data": [], "next": a position}: '
          'URL-safe, at most 1,024 bytes, run READ ONLY', take)

    def view():
        """The view as a client reads it after taking the position: get_page, followed to its end."""
        rows, after = {}, None
        for _ in range(20):
            r = post(srv, 'get_page', dict(body, limit=100, after=after) if after else dict(body, limit=100),
                     KEY['a_read'])
            if r.status != 200:
                raise AssertionError(show(r))
            b = body_json(r)
            for o in get(b, 'data'):
                rows[get(o, '_id')] = dict(o)
            after = get(b, 'next')
            if after is None:
                return rows
        raise AssertionError('get_page did not end')

    state['copy'] = view()

    def first_changes():
        # written after the position, each committed: X and Y match the query, Y is written twice,
        # W does not match, Z is another project's.
        insert_call(X, A, POLICY_A, 'Completed', 'x one')
        insert_call(Y, A, POLICY_A, 'Busy', 'y one')
        insert_call(W, A, POLICY_A, 'Busy', 'w one')
        insert_call(Z, B, POLICY_B, 'Completed', 'z one')
        write("UPDATE incoming_call_log.call_log SET status = 'Completed', status_message = 'y two' WHERE id = %s", Y)
        rs, seen, state['next'] = follow(dict(body, limit=1), state['pos'])
        got = sorted((as_change(c) for c in seen), key=lambda c: c[1]['_id'])
        want = sorted([upsert(X, 'Completed', 'x one'), upsert(Y, 'Completed', 'y two'), remove(W)],
                      key=lambda c: c[1]['_id'])
        state['first'] = seen
        return (all(r.status == 200 for r in rs) and got == want and len(rs) == 4
                and all(len(get(body_json(r), 'data')) == 1 for r in rs[:3])
                and Z not in ''.join(r.body for r in rs) and 'z one' not in ''.join(r.body for r in rs)), \
            '%r\n%s' % (got, '\n'.join(map(show, rs)))
    check(p + 'following next with limit 1 after committed writes: one change per answer, then data []; '
          'upsert {"op","_id","object"} for X and Y (Y written twice: once, in its latest state), remove {"op","_id"} '
          'for W (not matching query), nothing of project B', first_changes)

    def up_to_date():
        r = post(srv, 'get_changes', dict(body, since=state['next']), KEY['a_read'])
        b = body_json(r)
        return r.status == 200 and get(b, 'data') == [] and isinstance(get(b, 'next'), str), show(r)
    check(p + 'the last next, followed again with nothing written: 200, data []', up_to_date)

    def later_changes():
        write("UPDATE incoming_call_log.call_log SET status = 'NoAnswer' WHERE id = %s", X)
        write('DELETE FROM incoming_call_log.call_log WHERE id = %s', Y)
        write("UPDATE incoming_call_log.call_log SET status = 'Completed', status_message = 'w two' WHERE id = %s", W)
        write("UPDATE incoming_call_log.call_log SET status_message = 'z two' WHERE id = %s", Z)
        rs, seen, state['next'] = follow(body, state['next'])
        state['second'] = seen
        got = sorted((as_change(c) for c in seen), key=lambda c: c[1]['_id'])
        want = sorted([remove(X), remove(Y), upsert(W, 'Completed', 'w two')], key=lambda c: c[1]['_id'])
        return (all(r.status == 200 for r in rs) and got == want and len(rs) == 2
                and 'z two' not in ''.join(r.body for r in rs)), '%r\n%s' % (got, '\n'.join(map(show, rs)))
    check(p + 'following next after more writes: remove X (updated, matches no more), remove Y (deleted), '
          'upsert W (matches now); nothing of B', later_changes)

    def client_copy():
        copy = state['copy']
        for c in state.get('first', []) + state.get('second', []):
            d = dict(c)
            if d['op'] == 'upsert':
                copy[d['_id']] = dict(d['object'])
            else:
                copy.pop(d['_id'], None)
        now = view()
        return copy == now, 'copy %r\nview %r' % (copy, now)
    check(p + 'the client loop: a copy read with get_page after taking the position, with the feed applied, '
          'equals the view read now', client_copy)

    def refusals():
        page = get(body_json(post(srv, 'get_page', {"query": CHANGES_QUERY, "limit": 1}, KEY['a_read'])), 'next')
        other_query = state['next']
        b_pos = get(body_json(post(srv, 'get_changes', body, KEY['b'])), 'next')
        # one character in the middle changed (the last one may carry only padding bits)
        pos, mid = state['next'], len(state['next']) // 2
        bad = pos[:mid] + ('A' if pos[mid] != 'A' else 'B') + pos[mid + 1:]
        rs = [post(srv, 'get_changes', dict(body, since='garbage'), KEY['a_read']),
              post(srv, 'get_changes', dict(body, since=bad), KEY['a_read']),
              post(srv, 'get_changes', dict(body, since=page), KEY['a_read']),
              post(srv, 'get_changes', {"select": CHANGES_SELECT, "since": other_query}, KEY['a_read']),
              post(srv, 'get_changes', dict(body, since=b_pos), KEY['a_read']),
              post(srv, 'get_changes', dict(body, limit=0), KEY['a_read']),
              post(srv, 'get_changes', dict(body, limit=1001), KEY['a_read']),
              post(srv, 'get_changes', dict(body, since='garbage', limit=0), None),
              post(srv, 'get_changes', dict(body, since='garbage', limit=0), KEY['a_none'])]
        got = [(r.status, get(body_json(r), 'code')) for r in rs]
        return got == [(400, '22023')] * 7 + [(401, 'PT401'), (403, 'PT403')], \
            '%r\n%s' % (got, '\n'.join(map(show, rs)))
    check(p + 'get_changes refusals: not a position, an altered one, a get_page cursor, another query\'s, another '
          'project\'s, limit 0 and 1001 -> 400 22023; no key 401 PT401 and no permission 403 PT403 before them',
          refusals)

    def gone():
        # A position whose later changes were purged is PT410.  The retention period (7 days) is not
        # waited for: the change of a write made after the position is aged past it, then the
        # owner's purge_changes() removes it as it would after 7 days.  Only this section's rows.
        r0 = post(srv, 'get_changes', body, KEY['a_read'])
        pos = get(body_json(r0), 'next')
        write("UPDATE incoming_call_log.call_log SET status_message = 'z three' WHERE id = %s", Z)
        write("UPDATE incoming_call_log_internal.call_log_change SET changed_at = now() - interval '8 days'"
              " WHERE id = %s", Z)
        purged = scalar('SELECT incoming_call_log.purge_changes()')
        r = post(srv, 'get_changes', dict(body, since=pos), KEY['a_read'])
        r2 = post(srv, 'get_changes', dict(body, since=pos), None)
        r3 = post(srv, 'get_changes', body, KEY['a_read'])
        r4 = post(srv, 'get_changes', dict(body, since=get(body_json(r3), 'next')), KEY['a_read'])
        return (purged >= 1 and r.status == 410 and get(body_json(r), 'code') == 'PT410'
                and r2.status == 401 and get(body_json(r2), 'code') == 'PT401'
                and r4.status == 200 and get(body_json(r4), 'data') == []), \
            'purged %r\n%s' % (purged, '\n'.join(map(show, (r0, r, r2, r3, r4))))
    check(p + 'a position older than a purged change -> 410 PT410 (no key: still 401 PT401 first); '
          'a position taken anew is followed again', gone)

    cleanup()


for v, srv in servers.items():
    print('# section core: PostgREST %s' % v)
    core(v, srv)
for v in servers:
    print('# section csv: PostgREST %s (doc/reference.md#csv, issue 10)' % v)
    try:
        csv(v, servers[v])
    except Exception:       # noqa: BLE001
        ok(False, 'v%s CSV: the section ran' % v, traceback.format_exc())
for v in servers:
    print('# section aggregate: PostgREST %s (doc/aggregates.md, issue 20)' % v)
    try:
        aggregate(v, servers[v])
    except Exception:       # noqa: BLE001
        ok(False, 'v%s aggregate: the section ran' % v, traceback.format_exc())
for v in servers:
    print('# section changes: PostgREST %s (doc/cursors-and-changes.md, issue 19)' % v)
    try:
        changes(v, servers[v])
    except Exception:       # noqa: BLE001
        ok(False, 'v%s changes: the section ran' % v, traceback.format_exc())

print('1..%d' % n)
sys.exit(1 if failed else 0)
