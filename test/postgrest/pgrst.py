"""What PostgREST 12.2 and 13.0 do for one HTTP request, performed over libpq.

PostgREST cannot run here, so this module does, through a real connection,
exactly the database work PostgREST does for the requests the conformance
suite (conformance.py) sends, and builds the HTTP answer PostgREST would
build from the outcome.  Every statement shape below is copied from
PostgREST's source; the comments cite the tag and file.  Sources read:
PostgREST tags v12.2.12 and v13.0.8 (the newest of the 12.2 and 13.0 lines),
and hasql-transaction 1.0.1.4 (PostgREST 12.2 and 13.0 require
hasql-transaction >= 1.0.1 && < 1.1 / < 1.2; the BEGIN/COMMIT/ABORT text is the
same in 1.0.1.x and 1.1.x).

Citations name files under src/PostgREST/ of PostgREST's repository; a
citation without a tag holds for both v12.2.12 and v13.0.8 (checked with git
diff between the tags), and where the two differ the comment names the tag
and the code follows PostgREST.version.

What is emulated, and how faithfully:
  * The schema cache: loaded once per emulated server, as PostgREST does at
    start (v12.2.12 src/PostgREST/AppState.hs: usePool (transaction
    ReadCommitted Read $ querySchemaCache conf); SchemaCache.hs
    querySchemaCache: "set local schema ''", then its queries).  The routine
    and media-handler queries are PostgREST's own, verbatim, in
    schema_cache/; tables are read with a smaller catalog query of our own
    (only the column names and nominal types of one table are needed).
  * Planning decisions made without the database, from that cache: the
    function lookup (Plan.hs findProc: PGRST202/PGRST203), the transaction
    mode (Plan.hs callReadPlan: txMode), content negotiation (Plan.hs
    negotiateContent), query-string parsing (ApiRequest/QueryParams.hs: a
    POST to /rpc/ reads every non-reserved parameter as a filter, PGRST100
    when it has no operator), and the body (ApiRequest.hs getPayload:
    PGRST102 when not JSON).  These are re-implemented for the cases the
    suite sends; anything else raises NotEmulated rather than guessing.
  * Per request: one pooled connection logged in as the authenticator role;
    BEGIN ISOLATION LEVEL ... READ ONLY|READ WRITE; the one set_config
    statement; the main statement; COMMIT, or ABORT after an error.
    Statements with parameters are prepared once per connection and then
    executed, as hasql does with db-prepared-statements = true (the default):
    PREPARE uses the same parameter inference as the protocol-level Parse
    hasql sends (pg_analyze_and_rewrite_varparams); a parameter PostgREST
    encodes as "unknown" (Hasql.Encoders.unknown, OID 705) is declared
    unknown, the JSON body (Hasql.Encoders.jsonLazyBytes) json.
  * The answer: the SQLSTATE -> HTTP status table (Error.hs pgErrorStatus),
    the error body, Content-Type, Content-Range, and the response.headers /
    response.status overrides (Response.hs).
Not emulated: JWTs (requests carry none, so PostgREST runs them as
db-anon-role), role settings from ALTER ROLE ... SET (the recipe sets none),
db-pre-request, Prefer headers, Range headers, filters on results.
"""

import json
import re
import urllib.parse

import psycopg2
import psycopg2.extensions

V12 = '12.2.12'
V13 = '13.0.8'
VERSIONS = (V12, V13)

HERE = __file__.rsplit('/', 1)[0]


class NotEmulated(Exception):
    """A request this emulation does not cover (so no answer is made up)."""


class Response:
    def __init__(self, status, headers, body, trace):
        self.status = status
        self.headers = headers          # [(name, value)] in PostgREST's order
        self.body = body                # str
        self.trace = trace              # the statements sent, in order

    def header(self, name):
        vals = [v for k, v in self.headers if k.lower() == name.lower()]
        return vals[0] if len(vals) == 1 else (None if not vals else vals)

    def json(self):
        return json.loads(self.body, object_pairs_hook=list)

    def __repr__(self):
        return 'HTTP %d %r %s' % (self.status, self.headers, self.body[:400])


# ---------------------------------------------------------------------------
# SQL snippets with parameters (hasql-dynamic-statements' Snippet: text and
# parameters, numbered $1.. in order of appearance when rendered).
# ---------------------------------------------------------------------------
class Snip:
    def __init__(self, parts=()):
        self.parts = list(parts)        # str, or ('param', pgtype, value)

    def __add__(self, other):
        if isinstance(other, str):
            other = Snip([other])
        return Snip(self.parts + other.parts)

    def __radd__(self, other):
        return Snip([other]) + self

    def render(self):
        sql, types, values = [], [], []
        for p in self.parts:
            if isinstance(p, str):
                sql.append(p)
            else:
                types.append(p[1])
                values.append(p[2])
                sql.append('$%d' % len(types))
        return ''.join(sql), types, values


def S(text):
    return Snip([text])


def unknown_param(value):
    # SqlFragment.hs unknownEncoder = SQL.encoderAndParam (HE.nonNullable HE.unknown)
    return Snip([('param', 'unknown', value)])


def json_param(value):
    # SqlFragment.hs fromJsonBodyF: jsonPlaceHolder = SQL.encoderAndParam (HE.nullable HE.jsonLazyBytes) body
    return Snip([('param', 'json', value)])


def join(sep, snips):
    out = Snip()
    for i, s in enumerate(snips):
        if i:
            out = out + sep
        out = out + s
    return out


def ident(name):
    # SqlFragment.hs escapeIdent: "\"" <> T.replace "\"" "\"\"" (trimNullChars x) <> "\""
    return '"' + name.split('\x00')[0].replace('"', '""') + '"'


def from_qi(schema, name):
    # SqlFragment.hs fromQi
    return (ident(schema) + '.' if schema else '') + ident(name)


# ---------------------------------------------------------------------------
# The schema cache
# ---------------------------------------------------------------------------
class Param:
    def __init__(self, name, typ, typ_max_length, required, variadic):
        self.name, self.type, self.type_max_length = name, typ, typ_max_length
        self.required, self.variadic = required, variadic


class Routine:
    """SchemaCache/Routine.hs Routine, as decodeFuncs builds it."""

    def __init__(self, row):
        (self.schema, self.name, self.description, args, ret_schema, ret_name, setof, composite,
         composite_alias, volatility, self.has_variadic, iso, kvs) = row
        self.params = [Param(a['f1'], a['f2'], a['f3'], a['f4'], a['f5']) for a in json.loads(args)]
        self.ret = (ret_schema, ret_name)
        self.setof, self.composite, self.composite_alias = setof, composite, composite_alias
        self.volatility = {'i': 'immutable', 's': 'stable'}.get(volatility, 'volatile')
        self.iso_level = iso
        self.settings = [(kv['f1'], kv['f2']) for kv in json.loads(kvs)]

    # Routine.hs funcReturns*
    def returns_single(self):
        return not self.setof

    def returns_scalar(self):
        return not self.setof and not self.composite

    def returns_setof_scalar(self):
        return self.setof and not self.composite

    def returns_single_composite(self):
        return not self.setof and self.composite

    def returns_void(self):
        return self.returns_scalar() and self.ret == ('pg_catalog', 'void')

    def table_name(self):
        # Routine.hs funcTableName: the composite's name, else Nothing
        return self.ret[1] if self.composite else None


def decode_media_type(text):
    # MediaType.hs decodeMediaType (the cases this suite meets); parameters are dropped
    main = text.split(';')[0].strip().lower()
    known = {'application/json', 'application/geo+json', 'text/csv', 'text/plain', 'text/xml',
             'application/openapi+json', 'application/x-www-form-urlencoded',
             'application/octet-stream', '*/*'}
    if main in ('application/vnd.pgrst.object+json', 'application/vnd.pgrst.object'):
        return 'application/vnd.pgrst.object+json'
    return main if main in known else ('other', text)


ANY_ELEMENT = 'anyelement'

# SchemaCache.hs initialMediaHandlers: (RelAnyElement, media type) -> (handler, media type)
INITIAL_MEDIA_HANDLERS = {
    (ANY_ELEMENT, '*/*'): (('BuiltinOvAggJson',), 'application/json'),
    (ANY_ELEMENT, 'application/json'): (('BuiltinOvAggJson',), 'application/json'),
    (ANY_ELEMENT, 'text/csv'): (('BuiltinOvAggCsv',), 'text/csv'),
    (ANY_ELEMENT, 'application/geo+json'): (('BuiltinOvAggGeoJson',), 'application/geo+json'),
}

# Config.hs: db-extra-search-path defaults to "public"; db-hoisted-tx-settings to
# defaultHoistedAllowList.
DEFAULT_EXTRA_SEARCH_PATH = ['public']
DEFAULT_HOISTED = ['statement_timeout', 'plan_filter.statement_cost_limit', 'default_transaction_isolation']


def read_config(path):
    """The settings of a postgrest.conf this module needs (Config.hs option names)."""
    conf = {}
    for line in open(path):
        m = re.match(r'\s*([a-z-]+)\s*=\s*"([^"]*)"\s*$', line)
        if m:
            conf[m.group(1)] = m.group(2)
    return {
        'db-schemas': [s.strip() for s in conf['db-schemas'].split(',')],
        'db-anon-role': conf['db-anon-role'],
        'db-extra-search-path': ([s.strip() for s in conf['db-extra-search-path'].split(',')]
                                 if 'db-extra-search-path' in conf else DEFAULT_EXTRA_SEARCH_PATH),
        'db-hoisted-tx-settings': DEFAULT_HOISTED,
    }


# ---------------------------------------------------------------------------
# SQLSTATE -> HTTP status: Error.hs pgErrorStatus, identical in v12.2.12 and
# v13.0.8 except v13's special case of 22023 "role ... does not exist".
# ---------------------------------------------------------------------------
def pg_error_status(version, authed, code, message):
    c = code
    if c.startswith('08'): return 503            # pg connection err
    if c.startswith('09'): return 500            # triggered action exception
    if c.startswith('0L'): return 403            # invalid grantor
    if c.startswith('0P'): return 403            # invalid role specification
    if c == '23503': return 409                  # foreign_key_violation
    if c == '23505': return 409                  # unique_violation
    if c == '25006': return 405                  # read_only_sql_transaction
    if c == '21000':                              # cardinality_violation
        return 400 if message.endswith('requires a WHERE clause') else 500
    if c == '22023' and version == V13:           # v13: nonexistent role in a JWT
        return 401 if message.startswith('role') and message.endswith('does not exist') else 400
    if c.startswith('25'): return 500            # invalid tx state
    if c.startswith('28'): return 403            # invalid auth specification
    if c.startswith('2D'): return 500            # invalid tx termination
    if c.startswith('38'): return 500            # external routine exception
    if c.startswith('39'): return 500            # external routine invocation
    if c.startswith('3B'): return 500            # savepoint exception
    if c.startswith('40'): return 500            # tx rollback
    if c == '53400': return 500                  # config limit exceeded
    if c.startswith('53'): return 503            # insufficient resources
    if c.startswith('54'): return 500            # too complex
    if c.startswith('55'): return 500            # obj not on prereq state
    if c == '57P01': return 503                  # terminating connection due to administrator command
    if c.startswith('57'): return 500            # operator intervention
    if c.startswith('58'): return 500            # system error
    if c.startswith('F0'): return 500            # conf file error
    if c.startswith('HV'): return 500            # foreign data wrapper error
    if c == 'P0001': return 400                  # default code for "raise"
    if c.startswith('P0'): return 500            # PL/pgSQL Error
    if c.startswith('XX'): return 500            # internal Error
    if c == '42883':
        return 406 if message.startswith('function xmlagg(') else 404
    if c == '42P01': return 404                  # undefined table
    if c == '42P17': return 500                  # infinite recursion
    if c == '42501': return 403 if authed else 401   # insufficient privilege
    if c.startswith('PT'):                        # 'P':'T':n -> HTTP.mkStatus n
        return int(c[2:]) if c[2:].isdigit() else 500
    if c == 'PGRST':
        raise NotEmulated('RAISE SQLSTATE PGRST')
    return 400


class Error(Exception):
    """A PostgREST error answer: status, JSON body, extra headers."""

    def __init__(self, status, code, message, details=None, hint=None, headers=()):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.hint, self.headers = details, hint, list(headers)

    def body(self):
        return json.dumps({'code': self.code, 'details': self.details, 'hint': self.hint,
                           'message': self.message}, separators=(',', ':'), ensure_ascii=False)


_JSON_TOKEN = re.compile(
    r'[ \t\n\r]*(?:(?P<str>"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")'
    r'|(?P<num>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)'
    r'|(?P<lit>true|false|null)|(?P<punct>[{}\[\]:,]))')


def json_top_level(text):
    """Validate JSON text at any depth, as aeson (PostgREST's parser) does, without
    recursion (Python's own decoder stops at a fixed depth), and return what
    ApiRequest.hs getPayload needs: ('object', its keys) or (the kind, None).
    Raises ValueError when the text is not JSON."""
    pos, stack, state, kind, keys = 0, [], 'value', None, set()
    while True:
        if state == 'after' and not stack:
            if text[pos:].strip(' \t\n\r'):
                raise ValueError('trailing text')
            return kind, (keys if kind == 'object' else None)
        m = _JSON_TOKEN.match(text, pos)
        if not m:
            raise ValueError('not JSON at %d' % pos)
        pos = m.end()
        tok = m.group('punct')
        if state in ('value', 'value_or_end'):
            if state == 'value_or_end' and tok == ']':
                stack.pop()
                state = 'after'
            elif tok == '{':
                kind = kind or 'object'
                stack.append('{')
                state = 'key_or_end'
            elif tok == '[':
                kind = kind or 'array'
                stack.append('[')
                state = 'value_or_end'
            elif tok is None:
                kind = kind or 'scalar'
                state = 'after'
            else:
                raise ValueError('unexpected %r' % tok)
        elif state in ('key', 'key_or_end'):
            if state == 'key_or_end' and tok == '}':
                stack.pop()
                state = 'after'
            elif m.group('str') is not None:
                if len(stack) == 1:
                    keys.add(json.loads(m.group('str')))
                state = 'colon'
            else:
                raise ValueError('expected a key')
        elif state == 'colon':
            if tok != ':':
                raise ValueError('expected :')
            state = 'value'
        else:   # after a value inside a container
            if tok == ',':
                state = 'key' if stack[-1] == '{' else 'value'
            elif (tok, stack[-1]) in (('}', '{'), (']', '[')):
                stack.pop()
            else:
                raise ValueError('unexpected %r' % tok)


# ApiRequest/QueryParams.hs parse: the parameters that are not filters
RESERVED_QUERY_PARAMS = {'select', 'columns', 'on_conflict', 'order', 'limit', 'offset', 'and', 'or'}
# QueryParams.hs pOpExpr / pOperation: an operator, optionally negated with "not."
OPERATOR_RE = re.compile(
    r'^(not\.)?(eq|neq|gt|gte|lt|lte|like|ilike|match|imatch|in|is|isdistinct|fts|plfts|phfts|wfts'
    r'|cs|cd|ov|sl|sr|nxr|nxl|adj)(\((any|all)\))?(\([^)]*\))?\.')


class PostgREST:
    """One emulated PostgREST server: its configuration, its schema cache and
    one pooled connection as the authenticator role."""

    def __init__(self, version, config, conninfo):
        assert version in VERSIONS
        self.version = version
        self.config = config
        self.conn = psycopg2.connect(conninfo)
        self.conn.autocommit = True     # the transaction statements are sent explicitly, as hasql does
        # hasql decodes the body as bytes: keep json text as the server sends it.
        raw = psycopg2.extensions.new_type((114, 3802), 'RAWJSON', lambda v, cur: v)
        psycopg2.extensions.register_type(raw, self.conn)
        self.prepared = {}              # (sql, types) -> statement name: hasql's per-connection cache
        self.trace = []
        with self.conn.cursor() as cur:
            cur.execute('SELECT current_setting(\'server_version_num\')::int')
            self.pg_version_num = cur.fetchone()[0]
        self.load_schema_cache()

    # -- statements ---------------------------------------------------------
    def _simple(self, cur, sql):
        self.trace.append(sql)
        cur.execute(sql)

    def _statement(self, cur, snip):
        """Prepare once (per connection), then execute: hasql with prepared statements."""
        sql, types, values = snip.render()
        key = (sql, tuple(types))
        name = self.prepared.get(key)
        self.trace.append(sql)
        if name is None:
            name = 'pgrst_%d' % (len(self.prepared) + 1)
            # no psycopg2 parameters here, so a "%" in the text stays a "%"
            cur.execute('PREPARE %s%s AS %s' % (name, '(%s)' % ', '.join(types) if types else '', sql))
            self.prepared[key] = name
        if values:
            cur.execute('EXECUTE %s(%s)' % (name, ', '.join(['%s'] * len(values))), values)
        else:
            cur.execute('EXECUTE %s' % name)
        return cur.fetchall() if cur.description else None

    def _forget_lost_statements(self):
        with self.conn.cursor() as cur:
            cur.execute('SELECT name FROM pg_prepared_statements')
            live = {r[0] for r in cur.fetchall()}
        self.prepared = {k: v for k, v in self.prepared.items() if v in live}

    def transaction(self, iso_level, mode, body):
        """hasql-transaction 1.0.1.4 Private/Sessions.hs tryTransaction:
        BEGIN (Private/SQL.hs beginTransaction: "BEGIN " <> isolation <> " " <> mode),
        the body, then COMMIT, or ABORT when the body failed (Private/Statements.hs)."""
        with self.conn.cursor() as cur:
            self._simple(cur, 'BEGIN ISOLATION LEVEL %s %s' % (
                {'read committed': 'READ COMMITTED', 'repeatable read': 'REPEATABLE READ',
                 'serializable': 'SERIALIZABLE'}[iso_level],
                {'read': 'READ ONLY', 'write': 'READ WRITE'}[mode]))
            try:
                result = body(cur)
            except psycopg2.Error:
                self._simple(cur, 'ABORT')
                self._forget_lost_statements()
                raise
            self._simple(cur, 'COMMIT')
            return result

    # -- the schema cache -----------------------------------------------------
    def _cache_sql(self, which):
        return open('%s/schema_cache/v%s-%s.sql' % (HERE, self.version, which)).read()

    def _schemas_param(self, schemas):
        # v13 passes the schemas through escapeIdent (SchemaCache.hs allFunctions,
        # mediaHandlers: map escapeIdent . toList . configDbSchemas) and casts to
        # regnamespace; v12 compares names (pn.nspname = ANY($1)).
        return [ident(s) for s in schemas] if self.version == V13 else list(schemas)

    def _funcs(self, cur, which, first_param):
        # decodeFuncs reads the composite arrays in binary; here they travel as JSON.
        wrapped = Snip([
            'SELECT q.proc_schema, q.proc_name, q.proc_description, array_to_json(q.args)::text, q.schema, '
            'q.name, q.rettype_is_setof, q.rettype_is_composite, q.rettype_is_composite_alias, '
            'q.provolatile, q.hasvariadic, q.transaction_isolation_level, array_to_json(q.kvs)::text '
            'FROM (\n' + self._cache_sql(which) + '\n) q'])
        sql = wrapped.render()[0]
        ptypes = ('text[]' if isinstance(first_param, list) else 'text', 'text[]')
        snip = Snip([sql])
        return self._prepared_with_params(cur, snip, ptypes, (first_param, self.config['db-hoisted-tx-settings']))

    def _prepared_with_params(self, cur, snip, types, values):
        # statements whose text already holds $n (the verbatim schema cache queries)
        sql = snip.render()[0]
        key = (sql, tuple(types))
        name = self.prepared.get(key)
        self.trace.append(sql)
        if name is None:
            name = 'pgrst_%d' % (len(self.prepared) + 1)
            cur.execute('PREPARE %s(%s) AS %s' % (name, ', '.join(types), sql))
            self.prepared[key] = name
        cur.execute('EXECUTE %s(%s)' % (name, ', '.join(['%s'] * len(values))), list(values))
        return cur.fetchall()

    def load_schema_cache(self):
        schemas = self.config['db-schemas']

        def body(cur):
            # SchemaCache.hs querySchemaCache: "set local schema ''" voids the search path
            self._simple(cur, "set local schema ''")
            routines = {}
            for row in self._funcs(cur, 'all_functions', self._schemas_param(schemas)):
                r = Routine(row)
                routines.setdefault((r.schema, r.name), []).append(r)
            handlers = {}
            rows = self._prepared_with_params(cur, S(self._cache_sql('media_handlers')), ('text[]',),
                                              (self._schemas_param(schemas),))
            for h_schema, h_name, t_schema, t_name, mt, resolved in rows:
                # SchemaCache.hs decodeMediaHandlers: ((rel, media type), (CustomFunc handler rel, resolved))
                rel = ANY_ELEMENT if (t_schema, t_name) == ('pg_catalog', 'anyelement') else (t_schema, t_name)
                handlers[(rel, decode_media_type(mt))] = (('CustomFunc', (h_schema, h_name), rel),
                                                           decode_media_type(resolved))
            # Tables: SchemaCache.hs allTables loads every table of db-schemas, whatever
            # the privileges; only the column names and nominal types are needed here
            # (tablesSqlQuery: nominal_data_type = format_type(a.atttypid, a.atttypmod)).
            self._simple(cur, "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
                              "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                              "WHERE c.relkind IN ('v','r','m','f','p') AND NOT c.relispartition "
                              "AND n.nspname = ANY(%s) ORDER BY 1, 2, a.attnum" % self._literal(list(schemas)))
            tables = {}
            for nsp, rel, col, typ in cur.fetchall():
                tables.setdefault((nsp, rel), []).append((col, typ))
            return routines, handlers, tables

        self.trace = []
        routines, handlers, tables = self.transaction('read committed', 'read', body)
        self.routines = routines
        # SchemaCache.hs: dbMediaHandlers = HM.union mHdlers initialMediaHandlers
        self.media_handlers = dict(INITIAL_MEDIA_HANDLERS)
        self.media_handlers.update(handlers)
        self.tables = tables

    def _literal(self, value):
        return self.conn.cursor().mogrify('%s', (value,)).decode()

    # -- planning ---------------------------------------------------------------
    def find_proc(self, schema, name, keys, content_mt, is_inv_post):
        """Plan.hs findProc (v12.2.12 and v13.0.8; v13 dropped Prefer: params=single-object)."""
        procs = self.routines.get((schema, name), [])

        def matches_params(p):
            if not p.params:
                return not keys and not (is_inv_post and content_mt in ('application/octet-stream', 'text/plain', 'text/xml'))
            req = {x.name for x in p.params if x.required}
            opt = {x.name for x in p.params if not x.required}
            if not opt:
                return keys == req
            if not req:
                return keys <= opt
            return keys - opt == req

        def single_unnamed(p):
            if len(p.params) != 1 or p.params[0].name != '' or not is_inv_post:
                return False
            return (content_mt, p.params[0].type) in (
                ('application/json', 'json'), ('application/json', 'jsonb'), ('text/plain', 'text'),
                ('text/xml', 'xml'), ('application/octet-stream', 'bytea'))

        matched = [p for p in procs if matches_params(p)]
        fallback = [p for p in procs if not matches_params(p) and single_unnamed(p)]
        if len(matched) == 1:
            return matched[0]
        if not matched and len(fallback) == 1:
            return fallback[0]
        if matched or fallback:
            raise Error(300, 'PGRST203', 'Could not choose the best candidate function between: ...')
        # Error.hs NoRpc: PGRST202, 404.  The hint (a fuzzy search over the
        # cache's function names) is not emulated.
        func = '%s.%s' % (schema, name)
        prms = ', '.join(sorted(keys))          # S.toList argumentsKeys

        def fmt_prms(p):
            return ' without parameters' if not keys else p
        details = fmt_prms(' with parameter' + ('s ' if len(keys) > 1 else ' ') + prms)
        if is_inv_post and content_mt == 'application/json':
            details += ' or with a single unnamed json/jsonb parameter'
        raise Error(404, 'PGRST202',
                    'Could not find the function %s%s in the schema cache' % (func, fmt_prms('(%s)' % prms)),
                    'Searched for the function %s%s, but no matches were found in the schema cache.' % (func, details))

    def negotiate(self, identifier, accepts, default_select=True):
        """Plan.hs negotiateContent: the first accepted media type that has a handler."""
        for mt in accepts:
            if mt == 'application/vnd.pgrst.object+json':
                return ('BuiltinAggSingleJson', False), mt
            found = None
            if default_select:
                found = self.media_handlers.get((identifier, '*/*'))
                if found is None:
                    found = self.media_handlers.get((identifier, mt))
            if found is None:
                found = self.media_handlers.get((ANY_ELEMENT, mt))
            if found is not None:
                return found
        raise Error(406, 'PGRST107', 'None of these media types are available: %s' % ', '.join(
            m if isinstance(m, str) else m[1] for m in accepts))

    # -- statements of one request ------------------------------------------------
    def set_config_statement(self, role, method, path, headers, cookies, func_settings):
        """Query.hs setPgLocals (v12.2.12 and v13.0.8): one "select set_config(...), ..."
        with every value a parameter (SqlFragment.hs setConfigLocal / setConfigWithConstantName
        / setConfigWithConstantNameJSON / setConfigWithDynamicName)."""
        def const(name, value):
            return S("set_config('%s', " % name) + unknown_param(value) + ', true)'

        def dynamic(name, value):
            return S('set_config(') + unknown_param(name) + ', ' + unknown_param(value) + ', true)'

        search_path = ', '.join(ident(s) for s in [self.schema] + self.config['db-extra-search-path'])
        claims = json.dumps({'role': role}, separators=(',', ':'))   # Auth.hs parseClaims: no JWT -> {"role": anon}
        items = ([const('search_path', search_path)]
                 + [const('role', role), const('request.jwt.claims', claims),
                    const('request.method', method), const('request.path', path),
                    const('request.headers', json.dumps(dict(headers), separators=(',', ':'), ensure_ascii=False)),
                    const('request.cookies', json.dumps(dict(cookies), separators=(',', ':')))]
                 + [dynamic(k, v) for k, v in func_settings])
        return S('select ') + join(', ', items)

    def call_statement(self, proc, keys, args, handler):
        """Statements.hs prepareCall + QueryBuilder.hs callPlanToQuery / readPlanToQuery +
        SqlFragment.hs fromJsonBodyF / handlerF, for a call without ?select, filters or count."""
        v13 = self.version == V13
        fn = from_qi(proc.schema, proc.name)
        params = [p for p in proc.params if p.name in keys]     # Plan.hs callPlan: specifiedParams

        def call_it(argument):
            if proc.returns_scalar() or proc.returns_setof_scalar():
                return S('(SELECT ' + fn + '(') + argument + ') pgrst_scalar) pgrst_call'
            return S(fn + '(') + argument + ') pgrst_call'

        if len(proc.params) == 1 and proc.params[0].name == '':
            raise NotEmulated('OnePosParam')
        if args[0] == 'direct':
            # v13 QueryBuilder.hs callPlanToQuery, DirectArgs (GET): "name" := $n::type
            values = args[1]
            from_call = S('FROM ') + call_it(join(', ', [
                S(('VARIADIC ' if p.variadic else '') + ident(p.name) + ' := ')
                + unknown_param(values[p.name]) + '::' + p.type_max_length for p in params]))
        elif not params:
            from_call = S('FROM ') + call_it(S(''))
        else:
            body = args[1]
            is_object = body.lstrip(' \t\n\r')[:1] == '{'
            # fromJsonBodyF body fields False True False
            from_call = (S('FROM (SELECT ') + json_param(body) + ' AS json_data) pgrst_payload, '
                         + 'LATERAL (SELECT ' + ', '.join(ident(p.name) for p in params) + ' FROM '
                         + ('json_to_record' if is_object else 'json_to_recordset')
                         + '(pgrst_payload.json_data) AS _('
                         + ', '.join(ident(p.name) + ' ' + p.type_max_length for p in params) + ') '
                         + 'LIMIT 1' + ') pgrst_body '
                         + ', ' + 'LATERAL ' + call_it(S(', '.join(
                             ('VARIADIC ' if p.variadic else '') + ident(p.name) + ' := pgrst_body.' + ident(p.name)
                             for p in params))))
        cols = ('pgrst_call.pgrst_scalar' if proc.returns_scalar() or proc.returns_setof_scalar()
                else from_qi('', 'pgrst_call') + '.*')
        call_query = S('SELECT ' + cols + ' ') + from_call
        # readPlanToQuery of the root: FROM pgrst_source AS <table or function name> (Plan.hs addRels)
        alias = proc.table_name() or proc.name
        select = from_qi('', alias) + '.*'
        source = ident('pgrst_source') + ' AS ' + ident(alias)
        # (whitespace as each tag's readPlanToQuery / fromF leave it: v13.0.8 moved the spaces)
        read_query = ('SELECT ' + select + ' FROM ' + source + '   ' if v13
                      else 'SELECT ' + select + ' ' + 'FROM ' + source + '     ')
        return (S('WITH pgrst_source AS (') + call_query + ') '
                + 'SELECT ' + 'null::bigint' + ' AS total_result_set, '
                + ('1' if proc.returns_single() else 'pg_catalog.count(_postgrest_t)') + ' AS page_total, '
                + self.handler_sql(handler, proc) + ' AS body, '
                + "nullif(current_setting('response.headers', true), '')" + ' AS response_headers, '
                + "nullif(current_setting('response.status', true), '')" + ' AS response_status, '
                + "''" + ' AS response_inserted '
                + 'FROM (' + read_query + ') _postgrest_t')

    @staticmethod
    def handler_sql(handler, proc):
        """SqlFragment.hs handlerF (asJsonF, asJsonSingleF, asCsvF, customFuncF)."""
        kind = handler[0]
        if kind == 'BuiltinOvAggJson':
            if proc is not None and proc.returns_single_composite():
                return "coalesce(json_agg(_postgrest_t)->0, 'null')"
            if proc is not None and proc.returns_scalar():
                return "coalesce(json_agg(_postgrest_t.pgrst_scalar)->0, 'null')"
            if proc is not None and proc.returns_setof_scalar():
                return "coalesce(json_agg(_postgrest_t.pgrst_scalar), '[]')"
            return "coalesce(json_agg(_postgrest_t), '[]')"
        if kind == 'BuiltinAggSingleJson':
            if proc is not None and proc.returns_scalar():
                return "coalesce(json_agg(_postgrest_t.pgrst_scalar)->0, 'null')"
            return "coalesce(json_agg(_postgrest_t)->0, 'null')"
        if kind == 'BuiltinOvAggCsv':
            return ("(SELECT coalesce(string_agg(a.k, ','), '')  FROM (    SELECT json_object_keys(r)::text as k"
                    "    FROM (       SELECT row_to_json(hh) as r from pgrst_source as hh limit 1    ) s  ) a)"
                    " || '\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), '\n'), '')")
        if kind == 'CustomFunc':
            fq = from_qi(*handler[1])
            if proc is not None and proc.returns_scalar():
                return fq + '(_postgrest_t.pgrst_scalar)'
            if handler[2] == ANY_ELEMENT:
                return fq + '(_postgrest_t)'
            return fq + '(_postgrest_t::' + from_qi(*handler[2]) + ')'
        if kind == 'NoAgg':
            return "''::text"
        raise NotEmulated(kind)

    # -- one request ----------------------------------------------------------------
    def request(self, method, target, headers=(), body=None):
        """Answer one HTTP request the way PostgREST would: returns a Response."""
        self.trace = []
        self.schema = self.config['db-schemas'][0]   # no Accept-Profile/Content-Profile: the first schema
        url = urllib.parse.urlsplit(target)
        path = url.path
        query = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        # ApiRequest.hs: iHeaders = [(CI.foldedCase k, v) | (k,v) <- hdrs, k /= hCookie]
        hdrs = [(k.lower(), v) for k, v in headers if k.lower() != 'cookie']
        if body is not None and not any(k == 'content-length' for k, _ in hdrs):
            hdrs.append(('content-length', str(len(body.encode()))))
        accept_h = [v for k, v in hdrs if k == 'accept']
        accepts = ([decode_media_type(m) for m in accept_h[0].split(',') if m.strip()]
                   if accept_h else ['*/*'])
        ctype_h = [v for k, v in hdrs if k == 'content-type']
        content_mt = decode_media_type(ctype_h[0]) if ctype_h else 'application/json'
        try:
            return self._request(method, path, url.path, query, hdrs, body, accepts, content_mt)
        except Error as e:
            return self.error_response(e)

    def error_response(self, e):
        # Error.hs PgrstError errorResponseFor: Content-Type: application/json (v13.0.8: then
        # Content-Length), then the error's own headers, and the JSON body
        headers = [('Content-Type', 'application/json; charset=utf-8')]
        if self.version == V13:
            headers.append(('Content-Length', str(len(e.body().encode()))))
        return Response(e.status, headers + list(e.headers), e.body(), self.trace)

    def _db_error(self, exc, authed):
        code = exc.pgcode or ''
        diag = exc.diag
        message = diag.message_primary or ''
        status = pg_error_status(self.version, authed, code, message)
        # Error.hs PgError headers: WWW-Authenticate: Bearer on a 401
        extra = [('WWW-Authenticate', 'Bearer')] if status == 401 else []
        return Error(status, code, message, diag.message_detail, diag.message_hint, extra)

    def _payload(self, method, is_proc, content_mt, body):
        """ApiRequest.hs getPayload for application/json bodies: (raw body, keys)."""
        if method != 'POST':
            return None, set()
        if content_mt != 'application/json':
            raise NotEmulated('Content-Type %r' % (content_mt,))
        raw = body if body is not None else ''
        if raw == '' and is_proc:
            return '{}', set()                  # an empty body is {} for a function
        try:
            kind, keys = json_top_level(raw)
        except ValueError:
            # "Drop parsing error message in favor of generic one"
            raise Error(400, 'PGRST102', 'Empty or invalid json')
        if kind != 'object':
            raise NotEmulated('a JSON body that is not an object')
        return raw, keys

    def _request(self, method, path, raw_path, query, hdrs, body, accepts, content_mt):
        anon = self.config['db-anon-role']
        role, authed = anon, False     # App.hs: authenticated = Just authRole /= configDbAnonRole
        v13 = self.version == V13

        # Query string (ApiRequest/QueryParams.hs parse, pRequestFilter): reserved
        # parameters aside, on GET /rpc/ a parameter without an operator is an
        # argument; otherwise it must be a filter.
        is_rpc = path.startswith('/rpc/')
        rpc_args = []
        for k, v in query:
            if k in RESERVED_QUERY_PARAMS or k.endswith('.order') or k.endswith('.limit') or k.endswith('.offset'):
                if k == 'limit' or k == 'offset':
                    if not re.fullmatch(r'\d+', v):
                        raise NotEmulated('a non-numeric limit/offset')
                    raise NotEmulated('limit/offset on the query string')
                raise NotEmulated('query parameter %s' % k)
            if OPERATOR_RE.match(v):
                raise NotEmulated('filters')
            if is_rpc and method == 'GET':
                rpc_args.append((k, v))
            else:
                # QueryParams.hs: parseFlt = pOpExpr pSingleVal (no NoOpExpr fallback off GET /rpc/)
                raise Error(400, 'PGRST100', '"failed to parse filter (%s)" (line 1, column 1)' % v,
                            'unexpected "%s" expecting "not" or operator (eq, gt, ...)' % (v[:1] or ' '))

        if path == '/':
            return self._inspect(role, authed, method, raw_path, hdrs, accepts)
        if is_rpc:
            name = path[len('/rpc/'):]
            raw, keys = self._payload(method, True, content_mt, body)
            if method == 'GET':
                keys = {k for k, _ in rpc_args}
            elif method != 'POST':
                raise NotEmulated(method)
            proc = self.find_proc(self.schema, name, keys, content_mt, method == 'POST')
            # Plan.hs callReadPlan: args, and the transaction mode
            if method == 'GET':
                if v13:
                    args = ('direct', dict(rpc_args))            # toRpcParams -> DirectArgs
                else:
                    # v12 Plan/CallPlan.hs jsonRpcParams: JSON.encode $ HM.fromList $ second JSON.toJSON <$> prms
                    args = ('json', json.dumps(dict(rpc_args), separators=(',', ':'), ensure_ascii=False))
                mode = 'read'
            else:
                args = ('json', raw)
                mode = 'read' if proc.volatility in ('stable', 'immutable') else 'write'
            # Query.hs planIsoLvl: the function's default_transaction_isolation, else
            # the role's, else READ COMMITTED
            iso = proc.iso_level or 'read committed'
            identifier = (proc.schema, proc.table_name() or proc.name)
            handler, media = self.negotiate(identifier, accepts)
            func_settings = proc.settings
            main = self.call_statement(proc, keys, args, handler)
            return self._run(role, authed, method, raw_path, hdrs, iso, mode, func_settings, main,
                             media, single=proc.returns_single(), void=proc.returns_void())
        # a table
        table = path.lstrip('/')
        # v13.0.8 Plan.hs wrappedReadPlan / mutateReadPlan: findTable (PGRST205); v12.2.12 has no such check
        if v13 and (self.schema, table) not in self.tables:
            raise Error(404, 'PGRST205', "Could not find the table '%s.%s' in the schema cache" % (self.schema, table))
        if method == 'GET':
            handler, media = self.negotiate((self.schema, table), accepts)
            read = ('SELECT ' + from_qi(self.schema, table) + '.*' + (' FROM ' if v13 else ' FROM ')
                    + from_qi(self.schema, table) + ('   ' if v13 else '     '))
            # Statements.hs prepareRead (no count)
            main = (S('WITH pgrst_source AS ( ' + read + ' ) ' + ' ' + 'SELECT ' + 'null::bigint' + ' AS total_result_set, '
                      + 'pg_catalog.count(_postgrest_t) AS page_total, ') + self.handler_sql(handler, None) + ' AS body, '
                    + "nullif(current_setting('response.headers', true), '')" + ' AS response_headers, '
                    + "nullif(current_setting('response.status', true), '')" + ' AS response_status, '
                    + "''" + ' AS response_inserted ' + 'FROM ( SELECT * FROM pgrst_source ) _postgrest_t')
            return self._run(role, authed, method, raw_path, hdrs, 'read committed', 'read', [], main, media,
                             single=False, void=False)
        if method == 'POST':
            raw, keys = self._payload(method, False, content_mt, body)
            columns = dict(self.tables.get((self.schema, table), []))
            for k in sorted(keys):
                if k not in columns:
                    raise Error(400, 'PGRST204', "Could not find the '%s' column of '%s' in the schema cache" % (k, table))
            cols = sorted(keys)       # iColumns is a Set: ascending order
            # QueryBuilder.hs mutatePlanToQuery (Insert) + fromJsonBodyF body iCols True False False
            insert = (S('INSERT INTO ' + from_qi(self.schema, table) + '(' + ', '.join(ident(c) for c in cols) + ') ')
                      + 'SELECT ' + ', '.join(from_qi('pgrst_body', c) for c in cols) + ' '
                      + 'FROM (SELECT ' + json_param(raw) + ' AS json_data) pgrst_payload, '
                      + 'LATERAL (SELECT ' + ', '.join(ident(c) for c in cols) + ' FROM json_to_record(pgrst_payload.json_data) AS _('
                      + ', '.join(ident(c) + ' ' + columns[c] for c in cols) + ') ' + ') pgrst_body '
                      + ' ' + 'RETURNING 1')
            # Statements.hs prepareWrite (return=minimal: NoAgg)
            main = (S('WITH pgrst_source AS (') + insert + ') ' + 'SELECT '
                    + "'' AS total_result_set, " + 'pg_catalog.count(_postgrest_t) AS page_total, '
                    + 'array[]::text[]' + ' AS header, ' + "''::text" + ' AS body, '
                    + "nullif(current_setting('response.headers', true), '')" + ' AS response_headers, '
                    + "nullif(current_setting('response.status', true), '')" + ' AS response_status, '
                    + "''" + ' AS response_inserted ' + 'FROM (' + 'SELECT * FROM pgrst_source' + ') _postgrest_t')
            return self._run(role, authed, method, raw_path, hdrs, 'read committed', 'write', [], main,
                             'application/json', single=False, void=False, created=True)
        raise NotEmulated(method)

    def _run(self, role, authed, method, raw_path, hdrs, iso, mode, func_settings, main, media,
             single, void, created=False):
        setcfg = self.set_config_statement(role, method, raw_path, hdrs, [], func_settings)
        try:
            row = self.transaction(iso, mode, lambda cur: (self._statement(cur, setcfg),
                                                           self._statement(cur, main))[1])
        except psycopg2.Error as exc:
            raise self._db_error(exc, authed)
        self.last_tx = (iso, mode)
        if created:
            raise NotEmulated('a successful insert')
        if row:
            total, page_total, body, gh, gs = row[0][0], row[0][1], row[0][2], row[0][3], row[0][4]
        else:
            total, page_total, body, gh, gs = 0, 0, '', None, None
        body = body if isinstance(body, str) else (body.tobytes().decode() if body is not None else '')
        # RangeQuery.hs rangeStatusHeader / contentRangeH (no Range, no count)
        lower, upper = 0, page_total - 1
        rng = '%d-%d' % (lower, upper) if lower <= upper else '*'
        status = 200
        headers = [('Content-Range', '%s/%s' % (rng, '*' if total is None else total))]
        if void:
            status, body = 204, ''
        else:
            if self.version == V13:     # v13.0.8 Response.hs: contentLengthHeaderLazy
                headers.append(('Content-Length', str(len(body.encode()))))
            headers.append(('Content-Type', media + ('' if media == 'application/octet-stream' else '; charset=utf-8')))
        # Response.hs overrideStatusHeaders: response.headers (GucHeader.hs: a JSON array of
        # one-member objects with string values, else PGRST111) and response.status (PGRST112)
        if gh is not None:
            try:
                guc = json.loads(gh, object_pairs_hook=list)
                if not isinstance(guc, list) or not all(
                        isinstance(o, list) and len(o) == 1 and isinstance(o[0][1], str) for o in guc):
                    raise ValueError
            except ValueError:
                raise Error(500, 'PGRST111', 'response.headers guc must be a JSON array composed of objects with a single key and a string value')
            gnames = {o[0][0].lower() for o in guc}
            # addHeadersIfNotIncluded: PostgREST's headers that the GUC does not name, then the GUC's
            headers = [h for h in headers if h[0].lower() not in gnames] + [(o[0][0], o[0][1]) for o in guc]
        if gs is not None:
            if not re.fullmatch(r'\d+', gs):
                raise Error(500, 'PGRST112', 'response.status guc must be a valid status code')
            status = int(gs)
        return Response(status, headers, body, self.trace)

    def _inspect(self, role, authed, method, raw_path, hdrs, accepts):
        """GET / (Query.hs actionQuery MaybeDb, openapi-mode follow-privileges, the default):
        the tables and functions of the schema the request's role may use.  Only the
        list of paths of the OpenAPI document is built (OpenAPI.hs makes one path per
        table and one /rpc/<name> per function)."""
        if not any(a in ('application/openapi+json', 'application/json', '*/*') for a in accepts):
            raise Error(406, 'PGRST107', 'None of these media types are available')
        setcfg = self.set_config_statement(role, method, raw_path, hdrs, [], [])
        schemas_p = [ident(self.schema)] if self.version == V13 else [self.schema]
        funcs_p = [self.schema] if self.version == V13 else self.schema

        def body(cur):
            self._statement(cur, setcfg)
            tables = self._prepared_with_params(cur, S(self._cache_sql('accessible_tables')), ('text[]',), (schemas_p,))
            funcs = self._funcs(cur, 'accessible_funcs', funcs_p)
            return tables, funcs
        try:
            tables, funcs = self.transaction('read committed', 'read', body)
        except psycopg2.Error as exc:
            raise self._db_error(exc, authed)
        paths = ['/'] + sorted('/' + t for _, t in tables) + sorted('/rpc/' + f[1] for f in funcs)
        doc = json.dumps({'paths': {p: {} for p in paths}}, separators=(',', ':'))
        headers = [('Content-Type', 'application/openapi+json; charset=utf-8')]
        return Response(200, headers, doc, self.trace)
