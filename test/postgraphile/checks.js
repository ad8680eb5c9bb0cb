// test/postgraphile/checks.js — PostGraphile 4 (server.js) serving incoming_call_log,
// exercised over real HTTP with Node's fetch.  Expected answers come from the
// same calls made from SQL (node-postgres, as the superuser of the PG*
// environment, presenting the same key).  Prints TAP; exits 1 on any failure.
'use strict';
const fs = require('fs');
const { Client } = require('pg');

const URL_ = process.env.GRAPHQL_URL;
const KEY = JSON.parse(fs.readFileSync(process.env.KEYS_FILE, 'utf8'));
const DB = process.env.CHECK_DB;

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const A1 = '0a000000-0000-4000-8000-000000000001';
const B1 = '0b000000-0000-4000-8000-000000000001';
const MISSING = '0a000000-0000-4000-8000-000000000099';
// Relay's own Query fields, which PostGraphile always adds (NodePlugin).
const RELAY = ['query', 'nodeId', 'node'];
const CORE = ['count', 'getAggregate', 'getItem', 'getList'];
const CSV = ['countCsv', 'getAggregateCsv', 'getItemCsv', 'getListCsv'];
const PAGE = ['getPage', 'getChanges'];

let n = 0;
let failed = 0;
function ok(cond, name, diag) {
  n += 1;
  if (cond) {
    console.log(`ok ${n} - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok ${n} - ${name}`);
    if (diag !== undefined) {
      const text = typeof diag === 'string' ? diag : JSON.stringify(diag, null, 1);
      for (const line of text.split('\n').slice(0, 40)) console.log(`#   ${line}`);
    }
  }
}

async function check(name, fn) {
  try {
    const [cond, diag] = await fn();
    ok(cond, name, diag);
  } catch (e) {
    ok(false, name, e && e.stack ? e.stack : String(e));
  }
}

// One GraphQL request over HTTP; the key travels in the seed's "ApiKey" header.
async function gql(query, variables, key) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (key !== undefined) headers.ApiKey = key;
  const res = await fetch(URL_, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch (e) { json = { unparsable: text }; }
  return { status: res.status, contentType: res.headers.get('content-type'), json, text };
}

const su = new Client({ database: DB });

// The same call from SQL, with the key presented; the JSON text it returns.
async function direct(sql, key, params) {
  await su.query('BEGIN');
  try {
    await su.query("SELECT set_config('request.headers', $1, true)", [JSON.stringify({ apikey: key })]);
    const r = await su.query({ text: sql, values: params, rowMode: 'array' });
    return r.rows[0][0];
  } finally {
    await su.query('ROLLBACK');
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);   // key order included
const codeOf = (r, i = 0) => r.json.errors && r.json.errors[i] && r.json.errors[i].errcode;
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

async function main() {
  await su.connect();
  // Raw JSON text from SQL, so key order survives.
  for (const oid of [114, 3802]) su.setTypeParser(oid, (v) => v);

  console.log('# section core');
  const schema = await gql(`{ __schema { queryType { name fields { name } } mutationType { name }
      subscriptionType { name } types { name fields { name } } } }`);
  const queryFields = schema.json.data ? schema.json.data.__schema.queryType.fields.map((f) => f.name).sort() : [];

  await check('introspection: the API role sees exactly getList, getItem, count and getAggregate as Query fields '
              + '(besides Relay\'s query/nodeId/node and the CSV forms)', async () => {
    const rest = queryFields.filter((f) => !RELAY.includes(f) && !CSV.includes(f) && !PAGE.includes(f));
    return [schema.status === 200 && same(rest, CORE), { queryFields, errors: schema.json.errors }];
  });
  await check('introspection: no mutations and no subscriptions at all', async () => {
    const s = schema.json.data && schema.json.data.__schema;
    return [s && s.mutationType === null && s.subscriptionType === null, s && { m: s.mutationType, s: s.subscriptionType }];
  });
  await check('introspection: nothing of schema incoming_call_log_internal, no management function, no table', async () => {
    const internal = (await su.query(`SELECT proname FROM pg_proc
        WHERE pronamespace = 'incoming_call_log_internal'::regnamespace`)).rows.map((r) => camel(r.proname));
    const management = (await su.query(`SELECT proname FROM pg_proc
        WHERE pronamespace = 'incoming_call_log'::regnamespace
          AND proname NOT IN ('get_list', 'get_item', 'count', 'get_list_csv', 'get_item_csv', 'count_csv',
                              'get_aggregate', 'get_aggregate_csv', 'get_page', 'get_changes')`))
      .rows.map((r) => camel(r.proname));
    const tables = (await su.query(`SELECT relname FROM pg_class
        WHERE relnamespace = 'incoming_call_log'::regnamespace AND relkind = 'r'`)).rows.map((r) => camel(r.relname));
    const names = new Set();
    for (const t of schema.json.data.__schema.types) {
      names.add(t.name.toLowerCase());
      for (const f of t.fields || []) names.add(f.name.toLowerCase());
    }
    const leaked = [...internal, ...management].filter((x) => names.has(x.toLowerCase()))
      .concat(tables.filter((x) => names.has(x.toLowerCase()) || names.has(`all${x}s`.toLowerCase())));
    return [internal.length >= 3 && management.length >= 6 && tables.length >= 4 && leaked.length === 0,
      { leaked, internal, management, tables }];
  });

  // -- list, item, count -------------------------------------------------------------
  const select = { status: true, answeredByUser: { name: true, email: true }, startedAt: true, incomingCallPolicy: true };
  const query = { status: ['Completed', 'NoAnswer'] };
  const sort = { startedAt: 'DESC' };
  await check('getList: a projection with relations, a query, sort and limit -> the data of the same SQL call, '
              + 'count as a string (bigint)', async () => {
    const r = await gql(`query($select: JSON, $query: JSON, $sort: JSON) {
        getList(select: $select, query: $query, sort: $sort, skip: 1, limit: 2) { count limit skip data } }`,
    { select, query, sort }, KEY.a_read);
    const want = JSON.parse(await direct('SELECT row_to_json(incoming_call_log.get_list($1, $2, $3, 1, 2))::text',
      KEY.a_read, [JSON.stringify(select), JSON.stringify(query), JSON.stringify(sort)]));
    const got = r.json.data && r.json.data.getList;
    return [r.status === 200 && got && got.count === '4' && got.limit === 2 && got.skip === 1
            && same(got.data, want.data) && got.data.length === 2
            && same(Object.keys(got.data[0]), ['_id', 'status', 'answeredByUser', 'startedAt', 'incomingCallPolicy'])
            && same(Object.keys(got.data[0].answeredByUser), ['_id', 'name', 'email']),
    { got: r.json, want }];
  });

  await check('getList with the seed\'s select and sort, as GraphQL literals: 200, the seed\'s shape', async () => {
    const r = await gql(`{ getList(select: {incomingCallPolicyId: true, projectId: true, status: true, _id: true,
        answeredByUser: true}, query: {status: "Completed"}, sort: {createdAt: -1}) { count limit skip data } }`,
    undefined, KEY.a_read);
    const got = r.json.data && r.json.data.getList;
    return [r.status === 200 && got && got.count === '3' && got.limit === 10 && got.skip === 0
            && got.data.length === 3 && got.data.every((d) => same(Object.keys(d),
              ['_id', 'incomingCallPolicyId', 'projectId', 'status', 'answeredByUser']) && d.projectId === A),
    r.json];
  });

  await check('getItem: the object of the same SQL call', async () => {
    const r = await gql('query($id: String, $select: JSON) { getItem(id: $id, select: $select) }',
      { id: A1, select }, KEY.a_read);
    const want = JSON.parse(await direct('SELECT incoming_call_log.get_item($1, $2)::text', KEY.a_read,
      [A1, JSON.stringify(select)]));
    return [r.status === 200 && r.json.data && same(r.json.data.getItem, want) && want._id === A1, { got: r.json, want }];
  });

  await check('count: {"count": "3"} for status Completed, "12" without a query', async () => {
    const r = await gql('{ a: count(query: {status: "Completed"}) { count } b: count { count } }', undefined, KEY.a_read);
    return [r.status === 200 && r.json.data && r.json.data.a.count === '3' && r.json.data.b.count === '12', r.json];
  });

  // -- errors ------------------------------------------------------------------------
  const errorCases = [
    ['22023', 'a malformed request (limit 1000)', '{ getList(limit: 1000) { count } }', KEY.a_read, 'getList'],
    ['PT401', 'no ApiKey header', '{ getList { count } }', undefined, 'getList'],
    ['PT401', 'a revoked key', '{ count { count } }', KEY.a_revoked, 'count'],
    ['PT403', 'a key without a read permission', '{ getList { count } }', KEY.a_none, 'getList'],
    ['PT404', 'getItem of an id that does not exist', `{ getItem(id: "${MISSING}") }`, KEY.a_read, 'getItem'],
  ];
  for (const [code, what, q, key, field] of errorCases) {
    await check(`${code}: ${what} -> HTTP 200, errors[0].errcode and errors[0].extensions.exception.errcode ${code}, `
                + `data.${field} null`, async () => {
      const r = await gql(q, undefined, key);
      const e = r.json.errors && r.json.errors[0];
      return [r.status === 200 && e && e.errcode === code && e.extensions && e.extensions.exception
              && e.extensions.exception.errcode === code && r.json.data && r.json.data[field] === null
              && same(e.path, [field]), r.json];
    });
  }

  // -- another project ------------------------------------------------------------------
  await check('cross-project: project A\'s key asking for an item of B -> PT404, nothing of B in the answer', async () => {
    const r = await gql(`{ getItem(id: "${B1}", select: {statusMessage: true, projectId: true}) }`, undefined, KEY.a_read);
    return [codeOf(r) === 'PT404' && r.json.data.getItem === null && !r.text.includes('Bravo') && !r.text.includes(B), r.json];
  });
  await check('cross-project: projectId of B in A\'s query matches nothing; B\'s key reads B\'s 5', async () => {
    const q = `{ getList(query: {projectId: "${B}"}, select: {projectId: true}, limit: 100) { count data }
                 count(query: {projectId: "${B}"}) { count } }`;
    const r = await gql(q, undefined, KEY.a_read);
    const rb = await gql('{ getList(select: {projectId: true}, limit: 100) { count data } }', undefined, KEY.b);
    return [r.json.data && r.json.data.getList.count === '0' && same(r.json.data.getList.data, [])
            && r.json.data.count.count === '0' && rb.json.data.getList.count === '5'
            && rb.json.data.getList.data.every((d) => d.projectId === B), { a: r.json, b: rb.json }];
  });

  await check('one refused field aborts the rest of the document: the fields after it fail with 25P02', async () => {
    const r = await gql(`{ a: count { count } b: getItem(id: "${MISSING}") c: count { count } }`, undefined, KEY.a_read);
    const codes = (r.json.errors || []).map((e) => [e.path && e.path[0], e.errcode]);
    return [r.status === 200 && r.json.data && r.json.data.a && r.json.data.a.count === '12'
            && same(codes, [['b', 'PT404'], ['c', '25P02']]), r.json];
  });

  // -- what GraphQL itself decides ---------------------------------------------------------
  await check('getItem without id: the call runs with id null -> 22023', async () => {
    const r = await gql('{ getItem(select: {status: true}) }', undefined, KEY.a_read);
    return [r.status === 200 && codeOf(r) === '22023' && r.json.data.getItem === null, r.json];
  });
  await check('limit 5.0 is refused by GraphQL\'s Int before the database: HTTP 400, no errcode', async () => {
    const r = await gql('{ getList(limit: 5.0) { count } }', undefined, KEY.a_read);
    return [r.status === 400 && r.json.errors && r.json.errors.length === 1 && codeOf(r) === undefined
            && /Int cannot represent/.test(r.json.errors[0].message), r.json];
  });
  await check('a document that is not GraphQL: HTTP 400', async () => {
    const r = await gql('{ getList(', undefined, KEY.a_read);
    return [r.status === 400 && r.json.errors && codeOf(r) === undefined, r.json];
  });
  await check('doc: doc/gateways.md shows server.js verbatim', async () => {
    const path = require('path');
    const doc = path.join(__dirname, '..', '..', 'doc', 'gateways.md');
    return [fs.readFileSync(doc, 'utf8').includes(fs.readFileSync(path.join(__dirname, 'server.js'), 'utf8')), doc];
  });

  // -- get_page (doc/cursors-and-changes.md, issue 19) ---------------------------------------------------------
  console.log('# section get_page (doc/cursors-and-changes.md, issue 19)');
  await check('introspection: getPage is a Query field', async () => [PAGE.every((f) => queryFields.includes(f)), queryFields]);
  await check('getPage: following next visits every row of the project once', async () => {
    const ids = [];
    const answers = [];
    let after = null;
    for (let i = 0; i < 10; i++) {
      const r = await gql(`query($after: String) { getPage(limit: 5, after: $after) { data next } }`, { after }, KEY.a_read);
      answers.push(r.json);
      const page = r.json.data && r.json.data.getPage;
      if (!page) return [false, answers];
      const data = typeof page.data === 'string' ? JSON.parse(page.data) : page.data;
      ids.push(...data.map((d) => d._id));
      after = page.next;
      if (after === null) break;
    }
    return [ids.length === 12 && new Set(ids).size === 12 && after === null, { ids, answers }];
  });
  await check('getPage: an altered cursor is the 22023 error', async () => {
    const r = await gql('{ getPage(after: "garbage") { next } }', undefined, KEY.a_read);
    return [r.json.errors && r.json.errors.length > 0 && JSON.stringify(r.json.errors).includes('is not a cursor'), r.json];
  });

  // -- the CSV forms (doc/reference.md#csv, issue 10) ----------------------------------------------------
  console.log('# section csv (doc/reference.md#csv, issue 10)');
  await check('introspection: getListCsv, getItemCsv and countCsv are Query fields', async () => [
    CSV.every((f) => queryFields.includes(f)), queryFields]);
  await check('getListCsv: the CSV text of the same SQL call', async () => {
    const r = await gql(`query($select: JSON, $query: JSON, $sort: JSON) {
        getListCsv(select: $select, query: $query, sort: $sort, skip: 1, limit: 2) }`, { select, query, sort }, KEY.a_read);
    const want = await direct('SELECT incoming_call_log.get_list_csv($1, $2, $3, 1, 2)::text', KEY.a_read,
      [JSON.stringify(select), JSON.stringify(query), JSON.stringify(sort)]);
    return [r.status === 200 && r.json.data && r.json.data.getListCsv === want && want.split('\n').length === 4,
      { got: r.json, want }];
  });
  await check('getItemCsv and countCsv: a header line and one line', async () => {
    const r = await gql(`{ getItemCsv(id: "${A1}", select: {status: true}) countCsv(query: {status: "Completed"}) }`,
      undefined, KEY.a_read);
    return [r.json.data && r.json.data.getItemCsv === `_id,status\n${A1},Completed\n`
            && r.json.data.countCsv === 'count\n3\n', r.json];
  });
  await check('errors of the CSV forms carry the same SQLSTATEs', async () => {
    const r1 = await gql('{ getListCsv(limit: 1000) }', undefined, KEY.a_read);
    const r2 = await gql('{ getListCsv }', undefined, undefined);
    const r3 = await gql('{ getListCsv }', undefined, KEY.a_none);
    const r4 = await gql(`{ getItemCsv(id: "${B1}") }`, undefined, KEY.a_read);
    const got = [codeOf(r1), codeOf(r2), codeOf(r3), codeOf(r4)];
    return [same(got, ['22023', 'PT401', 'PT403', 'PT404']), got];
  });

  // -- aggregates (doc/aggregates.md, issue 20) --------------------------------------------------------
  console.log('# section aggregate (doc/aggregates.md, issue 20)');
  const aggArgs = { query: { status: ['Completed', 'Busy', 'NoAnswer'] }, groupBy: { startedAt: 'Day', status: true },
    aggregate: { count: true, callDurationInSeconds: ['Sum', 'P95'] }, sort: { count: 'DESC' } };
  await check('getAggregate: the data and more of the same SQL call, keys in order', async () => {
    const r = await gql(`query($query: JSON, $groupBy: JSON, $aggregate: JSON, $sort: JSON) {
        getAggregate(query: $query, groupBy: $groupBy, aggregate: $aggregate, sort: $sort, limit: 2) { data more } }`,
      aggArgs, KEY.a_read);
    const want = JSON.parse(await direct('SELECT row_to_json(incoming_call_log.get_aggregate($1, $2, $3, $4, 2))::text',
      KEY.a_read, [JSON.stringify(aggArgs.query), JSON.stringify(aggArgs.groupBy), JSON.stringify(aggArgs.aggregate),
        JSON.stringify(aggArgs.sort)]));
    const got = r.json.data && r.json.data.getAggregate;
    return [r.status === 200 && got && same(got.data, want.data) && got.more === true && want.data.length === 2,
      { got: r.json, want }];
  });
  await check('getAggregateCsv: the CSV text of the same SQL call', async () => {
    const r = await gql('{ getAggregateCsv(groupBy: {status: true}, aggregate: {count: true, callDurationInSeconds: ["Max"]}) }',
      undefined, KEY.a_read);
    const want = await direct(`SELECT incoming_call_log.get_aggregate_csv(NULL, '{"status": true}',
        '{"count": true, "callDurationInSeconds": ["Max"]}')::text`, KEY.a_read);
    return [r.status === 200 && r.json.data && r.json.data.getAggregateCsv === want
            && want.startsWith('status,count,callDurationInSeconds.Max\n'), { got: r.json, want }];
  });
  await check('errors of getAggregate carry the SQLSTATEs', async () => {
    const r1 = await gql('{ getAggregate(groupBy: {project: true}) { more } }', undefined, KEY.a_read);
    const r2 = await gql('{ getAggregate { more } }', undefined, undefined);
    const r3 = await gql('{ getAggregateCsv }', undefined, KEY.a_none);
    const got = [codeOf(r1), codeOf(r2), codeOf(r3)];
    return [same(got, ['22023', 'PT401', 'PT403']), got];
  });

  // -- get_changes (doc/cursors-and-changes.md, issue 19) ------------------------------------------------------
  // The one section that writes (committed, as the superuser, like any writer): it runs last and deletes its rows.
  console.log('# section get_changes (doc/cursors-and-changes.md, issue 19)');
  await changes(queryFields);

  await su.end();
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}

// get_changes through GraphQL: the client loop (take a position, read the view, follow next) and the refusals.
async function changes(queryFields) {
  const [X, Y, W] = ['e1', 'e2', 'e3'].map((t) => `0a000000-0000-4000-8000-0000000000${t}`);
  const Z = '0b000000-0000-4000-8000-0000000000e1';
  const ours = [X, Y, W, Z];
  const select = { status: true, statusMessage: true };
  const query = { status: 'Completed' };
  // su is outside any transaction here: each statement commits, and the feed reports committed writes only.
  const write = (sql, params) => su.query(sql, params);
  const insert = (id, project, policy, status, message) => write(`INSERT INTO incoming_call_log.call_log
      (id, project_id, incoming_call_policy_id, status, status_message) VALUES ($1, $2, $3, $4, $5)`,
  [id, project, policy, status, message]);
  const cleanup = () => write('DELETE FROM incoming_call_log.call_log WHERE id = ANY($1::uuid[])', [ours]);
  const CHANGES = `query($select: JSON, $query: JSON, $since: String, $limit: Int) {
      getChanges(select: $select, query: $query, since: $since, limit: $limit) { data next } }`;
  const call = (vars, key = KEY.a_read) => gql(CHANGES, { select, query, ...vars }, key);
  const keyless = (vars) => gql(CHANGES, { select, query, ...vars }, undefined);
  const answer = (r) => r.json.data && r.json.data.getChanges;
  // Follow next from since until an empty data: the answers and every change in order.
  async function follow(since, limit) {
    const answers = [];
    const seen = [];
    for (let i = 0; i < 10; i++) {
      const r = await call({ since, limit });
      answers.push(r.json);
      const a = answer(r);
      if (!a || typeof a.next !== 'string') return { answers, seen, next: null };
      seen.push(...a.data);
      since = a.next;
      if (a.data.length === 0) break;
    }
    return { answers, seen, next: since };
  }
  // The view as a client reads it: getPage followed to its end, by _id.
  async function view() {
    const rows = {};
    let after = null;
    for (let i = 0; i < 20; i++) {
      const r = await gql(`query($select: JSON, $query: JSON, $after: String) {
          getPage(select: $select, query: $query, limit: 100, after: $after) { data next } }`,
      { select, query, after }, KEY.a_read);
      const page = r.json.data && r.json.data.getPage;
      if (!page) throw new Error(JSON.stringify(r.json));
      for (const o of page.data) rows[o._id] = o;
      after = page.next;
      if (after === null) return rows;
    }
    throw new Error('getPage did not end');
  }
  const byId = (list) => [...list].sort((a, b) => (a._id < b._id ? -1 : 1));
  const rowsById = (rows) => byId(Object.values(rows));
  const up = (id, status, message) => ({ op: 'upsert', _id: id, object: { _id: id, status, statusMessage: message } });
  const rm = (id) => ({ op: 'remove', _id: id });

  await cleanup();
  let pos = null;
  await check('introspection: getChanges is a Query field; since null answers data [] and a position', async () => {
    const r = await call({});
    const a = answer(r);
    pos = a && a.next;
    return [queryFields.includes('getChanges') && r.status === 200 && a && same(a.data, [])
            && typeof pos === 'string' && pos.length <= 1024 && /^[A-Za-z0-9_-]+$/.test(pos), r.json];
  });
  const copy = await view();
  const applied = [];
  let next = null;
  await check('getChanges, following next with limit 1 after committed writes: upsert {op,_id,object} of the rows '
              + 'matching query (Y written twice: once, latest state), remove {op,_id} of W, nothing of project B',
  async () => {
    await insert(X, A, 'a1000000-0000-4000-8000-000000000001', 'Completed', 'x one');
    await insert(Y, A, 'a1000000-0000-4000-8000-000000000001', 'Busy', 'y one');
    await insert(W, A, 'a1000000-0000-4000-8000-000000000001', 'Busy', 'w one');
    await insert(Z, B, 'b1000000-0000-4000-8000-000000000001', 'Completed', 'z one');
    await write("UPDATE incoming_call_log.call_log SET status = 'Completed', status_message = 'y two' WHERE id = $1", [Y]);
    const f = await follow(pos, 1);
    applied.push(...f.seen);
    next = f.next;
    const want = byId([up(X, 'Completed', 'x one'), up(Y, 'Completed', 'y two'), rm(W)]);
    return [same(byId(f.seen), want) && f.answers.length === 4 && typeof next === 'string'
            && !JSON.stringify(f.answers).includes(Z), f];
  });
  await check('getChanges: the last next, followed after more writes: remove X (matches no more), remove Y (deleted), '
              + 'upsert W (matches now); then the client\'s copy equals the view', async () => {
    await write("UPDATE incoming_call_log.call_log SET status = 'NoAnswer' WHERE id = $1", [X]);
    await write('DELETE FROM incoming_call_log.call_log WHERE id = $1', [Y]);
    await write("UPDATE incoming_call_log.call_log SET status = 'Completed', status_message = 'w two' WHERE id = $1", [W]);
    await write("UPDATE incoming_call_log.call_log SET status_message = 'z two' WHERE id = $1", [Z]);
    const f = await follow(next, undefined);
    applied.push(...f.seen);
    for (const c of applied) {
      if (c.op === 'upsert') copy[c._id] = c.object; else delete copy[c._id];
    }
    const now = await view();
    const want = byId([rm(X), rm(Y), up(W, 'Completed', 'w two')]);
    return [same(byId(f.seen), want) && f.answers.length === 2 && same(rowsById(copy), rowsById(now)) && copy[W] !== undefined,
      { seen: f.seen, answers: f.answers.length, copy: rowsById(copy), now: rowsById(now) }];
  });
  await check('getChanges refusals carry the SQLSTATEs: not a position, a getPage cursor, another query\'s -> 22023; '
              + 'no key PT401 and no permission PT403 before them', async () => {
    const page = (await gql('{ getPage(limit: 1) { next } }', undefined, KEY.a_read)).json.data.getPage.next;
    const rs = [await call({ since: 'garbage' }), await call({ since: page }),
      await gql(CHANGES, { select, since: pos }, KEY.a_read), await call({ limit: 0 }),
      await keyless({ since: 'garbage', limit: 0 }), await call({ since: 'garbage', limit: 0 }, KEY.a_none)];
    const got = rs.map((r) => codeOf(r));
    return [same(got, ['22023', '22023', '22023', '22023', 'PT401', 'PT403'])
            && rs.every((r) => r.json.data && r.json.data.getChanges === null), got];
  });
  await check('getChanges: a position older than a purged change is the PT410 error', async () => {
    // The 7-day retention is not waited for: the change of a write made after the position is aged past it,
    // then the owner's purge_changes() removes it as it would then.
    const p = answer(await call({})).next;
    await write("UPDATE incoming_call_log.call_log SET status_message = 'z three' WHERE id = $1", [Z]);
    await write("UPDATE incoming_call_log_internal.call_log_change SET changed_at = now() - interval '8 days' WHERE id = $1", [Z]);
    const purged = (await su.query('SELECT incoming_call_log.purge_changes() AS n')).rows[0].n;
    const r = await call({ since: p });
    const fresh = answer(await call({})).next;
    const r2 = await call({ since: fresh });
    return [Number(purged) >= 1 && codeOf(r) === 'PT410' && answer(r2) && same(answer(r2).data, []),
      { purged, r: r.json, r2: r2.json }];
  });
  await cleanup();
}

main().catch((e) => {
  ok(false, 'the checks ran', e && e.stack ? e.stack : String(e));
  console.log(`1..${n}`);
  process.exit(1);
});
