"""test/lib/icl_client.py — what the scale-out checks' Python clients share:
the fixture's project ids, PostgREST's per-request transaction, and TAP lines
("ok - ..." / "not ok - ..."; the run scripts number them).  Needs Debian's
/usr/bin/python3 with psycopg2.
"""
import json
import os

import psycopg2

# Poolers refuse startup options they do not track; the suite's PGOPTIONS is
# for the direct psql sessions only.
os.environ.pop('PGOPTIONS', None)

# The fixture's projects (test/fixtures/fixture.psql) and one item of each.
A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'
OWN_ITEM = {A: '0a000000-0000-4000-8000-000000000003',
            B: '0b000000-0000-4000-8000-000000000002',
            C: '0c000000-0000-4000-8000-000000000001'}
FOREIGN_ITEM = '0b000000-0000-4000-8000-000000000001'   # B's: PT404 for A and C

failures = 0


def report(good, description, details=()):
    """One TAP line; the details follow a failure as diagnostics."""
    global failures
    print(('ok - ' if good else 'not ok - ') + description, flush=True)
    if not good:
        failures += 1
        for line in details:
            print('# ' + str(line), flush=True)


def diag(text):
    for line in str(text).splitlines():
        print('# ' + line, flush=True)


def connect(**params):
    conn = psycopg2.connect(**params)
    conn.autocommit = True          # transactions are explicit, as a gateway's are
    return conn


def rows(conn, sql, params=()):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def headers(apikey=None, tenantid=None, request_id=None):
    """request.headers as PostgREST sets it: every HTTP header, names lower-case."""
    h = {'accept': 'application/json', 'user-agent': 'scaleout-check'}
    if request_id is not None:
        h['x-request-id'] = request_id
    if apikey is not None:
        h['apikey'] = apikey
    if tenantid is not None:
        h['tenantid'] = tenantid
    return json.dumps(h)


def requests_for(project):
    """The calls a client makes, as SQL expressions, given the caller's project."""
    return {
        'count': ("row_to_json(incoming_call_log.count())::text", ()),
        'count completed': ("row_to_json(incoming_call_log.count('{\"status\": \"Completed\"}'))::text", ()),
        'list': ("row_to_json(incoming_call_log.get_list(%s, NULL, %s, 0, 100))::text",
                 ('{"projectId": true, "status": true, "callerPhoneNumber": true}', '{"createdAt": "ASC"}')),
        'own item': ("incoming_call_log.get_item(%s, %s)::text",
                     (OWN_ITEM[project], '{"projectId": true, "status": true}')),
        'foreign item': ("incoming_call_log.get_item(%s)::text", (FOREIGN_ITEM,)),
    }


def transaction(conn, role, hdrs, expr, params=(), begin='BEGIN', where='pg_backend_pid()::text'):
    """PostgREST's transaction for one request: BEGIN; one SELECT of
    set_config(..., true) for role and request.headers; the call; COMMIT.
    `where` is an expression naming the server that ran a statement (a
    backend pid, a cluster name); it rides along in both statements.
    Returns (where the settings ran, where the call ran, answer), the answer
    being the call's text or 'ERROR <sqlstate>'."""
    with conn.cursor() as cur:
        cur.execute(begin)
        at_settings = at_call = None
        try:
            cur.execute("SELECT set_config('role', %s, true), set_config('request.headers', %s, true), " + where,
                        (role, hdrs))
            at_settings = cur.fetchone()[2]
            cur.execute('SELECT ' + where + ', ' + expr, params)
            at_call, answer = cur.fetchone()
            answer = str(answer)
        except psycopg2.Error as e:
            answer = 'ERROR ' + str(e.pgcode)
        cur.execute('COMMIT')       # a ROLLBACK after an error
    return at_settings, at_call, answer


def own_answer_problems(project, true_count, request, answer):
    """Why an answer is not the caller's own (empty when it is)."""
    if answer.startswith('ERROR'):
        return [] if (request == 'foreign item' and project != B and answer == 'ERROR PT404') else [answer]
    body = json.loads(answer)
    if request == 'count' and body['count'] != true_count:
        return ['count %s, the project has %s' % (body['count'], true_count)]
    if request == 'list' and (body['count'] != true_count or any(r['projectId'] != project for r in body['data'])):
        return ['list of %s rows, not all of project %s' % (body['count'], project)]
    if request == 'own item' and body['projectId'] != project:
        return ['item of project %s' % body['projectId']]
    if request == 'foreign item' and project != B:
        return ['another project\'s item was returned']
    return []


def side_by_side(runs, calls=200):
    """Measured, never asserted: {name: seconds per call, the median} for each
    callable in runs, called in turn (one of each, `calls` times), so that
    all of them meet the same load from whatever else the machine runs."""
    import time
    times = {name: [] for name in runs}
    for _ in range(calls):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: sorted(t)[len(t) // 2] for name, t in times.items()}
