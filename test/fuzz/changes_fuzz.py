"""test/fuzz/changes_fuzz.py — the get_changes phase of the fuzzer (issue 19,
doc/cursors-and-changes.md), run by test/fuzz/fuzz.py after its other phases.

Kept apart from fuzz.py on purpose: it only borrows fuzz.py's callers
(gen_caller), hostile JSON (Hostile) and connection (Fuzzer.execute), and
reports into the same failure lists, so the run's final checks (no leak, no
SQLSTATE outside the table, no lost connection, no crash) cover it too.

1. Positions are kept: for each project and each of CHANGE_QUERIES, taken
   (since null) before a series of committed writes, halfway through them,
   and inside an answer cut by a small limit; then the writes are made, one
   per transaction, so which call logs each position must report, and in
   which order, is known from the writes alone (plain SQL decides upsert or
   remove: does the row exist and match the query now?).
2. Random requests: callers from fuzz.py (live, dead, unknown, missing keys,
   roles with and without grants, tenantid), select random or malformed or
   hostile JSON, query one of CHANGE_QUERIES or random / malformed / hostile,
   limit valid or not, and since null, a kept position, or one altered:
   truncated, a character changed, a bit flipped, padded, over-long, case
   swapped, blanks around it, a non-ASCII character in it, another project's,
   another query's, a get_page cursor, or not a cursor at all.  The answer
   must be what the contract decides: the caller's PT401 / PT403 first, 22023
   for anything malformed or altered, else 200 with the changes the writes
   imply for that position (limit at a time; following next gives the rest).
3. One more committed write is aged past the retention period and purged
   (purge_changes()): from then on every kept position is PT410 where it is
   otherwise valid, still 22023 where it is not, the caller still first.
"""
import base64
import json
import random
import re

import psycopg2

import gen
from gen import ORACLE, OK, ANY, ERROR, PROJECTS

CALL_SQL = ("SELECT row_to_json(r)::text FROM incoming_call_log.get_changes(%s::json, %s::json,"
            " CAST(%s AS text), CAST(%s AS integer)) AS r")
ALLOWED = {"22023", "PT401", "PT403", "PT410", "22P02", "54001"}
JSON_INPUT = {"22P02", "54001"}         # PostgreSQL's json input, before the call runs
# query text (as sent) and the SQL condition that means the same on call_log l
CHANGE_QUERIES = [
    (None, "true"),
    ('{"status": ["Completed", "Busy"]}', "l.status IN ('Completed', 'Busy')"),
    ('{"callerPhoneNumber": {"_type": "NotNull"}}', "l.caller_phone_number IS NOT NULL"),
]
URL_SAFE = re.compile(r"[A-Za-z0-9_-]{1,1024}")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
ALTERATIONS = ["truncated", "char", "bit", "padded", "over_long", "doubled", "case", "blank", "non_ascii",
               "other_project", "other_query", "page_cursor", "garbage"]


def new_id(letter, k):
    """A call log id of this phase: its first byte is the project's letter, as in setup.sql."""
    return f"0{letter}fffff0-0000-4000-8000-{k:012d}"


class Position:
    __slots__ = ("project", "qi", "text", "write_index", "skip", "label")

    def __init__(self, project, qi, text, write_index, skip, label):
        # reports the call logs last written after write_index, but the first `skip` of them
        self.project, self.qi, self.text, self.write_index, self.skip, self.label = \
            project, qi, text, write_index, skip, label


class Phase:
    def __init__(self, fuzzer, admin, fixture, seed, tap, helpers):
        self.fuzzer, self.admin, self.fixture, self.seed, self.tap, self.h = \
            fuzzer, admin, fixture, seed, tap, helpers
        self.last_write = {}        # call log id -> index of the write that last touched it
        self.writes = 0
        self.positions = []
        self.page_cursors = {}
        self.failures = []
        self.oracle_checked = 0
        self.walks = 0
        self.outcomes = {}

    # -- setup: positions and writes (as the extension owner) --------------------------------------
    def admin_sql(self, sql, params=()):
        with self.admin.cursor() as cur:
            cur.execute(sql, list(params))
            return cur.fetchall() if cur.description else None

    def as_owner_of(self, project):
        self.admin_sql("SELECT set_config('request.headers', %s, false)", [json.dumps({"tenantid": project})])

    def take(self, project, qi, label, limit=None, since=None):
        self.as_owner_of(project)
        row = self.admin_sql("SELECT data::text, next FROM incoming_call_log.get_changes(NULL, %s::json, %s, %s)",
                             [CHANGE_QUERIES[qi][0], since, limit])[0]
        self.admin_sql("SELECT set_config('request.headers', '', false)")
        return row

    def keep_positions(self, label):
        for letter, project in PROJECTS.items():
            for qi in range(len(CHANGE_QUERIES)):
                _, text = self.take(project, qi, label)
                self.positions.append(Position(project, qi, text, self.writes, 0, label))

    def write(self, sql, params, ids):
        self.admin_sql(sql, params)          # autocommit: one transaction per write, ids in order of commit
        self.writes += 1
        for i in ids:
            self.last_write[i] = self.writes

    def make_writes(self, first_half):
        cp = self.fixture["call_project"]
        for letter, project in PROJECTS.items():
            old = sorted(i for i, p in cp.items() if p == project and not i.startswith(f"0{letter}fffff0"))[:3]
            n1, n2 = new_id(letter, 1), new_id(letter, 2)
            policy = f"{letter}1000000-0000-4000-8000-000000000001"
            if first_half:
                if old:
                    self.write("UPDATE incoming_call_log.call_log SET status_message = 'changes fuzz one' WHERE id = %s",
                               [old[0]], [old[0]])
                self.write("INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status,"
                           " caller_phone_number) VALUES (%s, %s, %s, 'Completed', NULL)", [n1, project, policy], [n1])
                self.write("INSERT INTO incoming_call_log.call_log (id, project_id, incoming_call_policy_id, status,"
                           " caller_phone_number) VALUES (%s, %s, %s, 'Busy', '+15550001111')", [n2, project, policy],
                           [n2])
                cp[n1] = cp[n2] = project
            else:
                if len(old) >= 3:
                    self.write("UPDATE incoming_call_log.call_log SET status = 'Busy' WHERE id = %s", [old[1]], [old[1]])
                    self.write("DELETE FROM incoming_call_log.call_log WHERE id = %s", [old[2]], [old[2]])
                self.write("UPDATE incoming_call_log.call_log SET status = 'Failed', caller_phone_number = '+15550002222'"
                           " WHERE id = %s", [n1], [n1])
                if old:
                    self.write("UPDATE incoming_call_log.call_log SET status_message = 'changes fuzz two' WHERE id = %s",
                               [old[0]], [old[0]])

    def expected(self, pos):
        """[(op, id)] the position must report, in the feed's order (one write per transaction)."""
        ids = sorted((w, i) for i, w in self.last_write.items()
                     if w > pos.write_index and self.fixture["call_project"].get(i) == pos.project)
        ids = [i for _, i in ids]
        if not ids:
            return []
        rows = self.admin_sql(f"SELECT l.id::text FROM incoming_call_log.call_log l WHERE l.id = ANY(%s::uuid[])"
                              f" AND ({CHANGE_QUERIES[pos.qi][1]})", [ids])
        matching = {r[0] for r in rows}
        return [("upsert" if i in matching else "remove", i) for i in ids][pos.skip:]

    def setup(self):
        roles = self.fixture["roles"]
        self.admin_sql("GRANT EXECUTE ON FUNCTION incoming_call_log.get_changes(json, json, text, integer) TO "
                       + ", ".join('"%s"' % r.replace('"', '""') for r in sorted(set(roles.values()))))
        self.keep_positions("before the writes")
        self.make_writes(True)
        self.keep_positions("halfway through the writes")
        self.make_writes(False)
        # inside an answer cut by limit 1 and 2 (the part's own snapshot), and after the end
        for pos in [p for p in self.positions if p.label == "before the writes"]:
            for limit in (1, 2):
                _, text = self.take(pos.project, pos.qi, "within", limit=limit, since=pos.text)
                self.positions.append(Position(pos.project, pos.qi, text, pos.write_index, limit,
                                               f"after the first {limit} of an answer"))
            data, text = self.take(pos.project, pos.qi, "end", limit=1000, since=pos.text)
            self.positions.append(Position(pos.project, pos.qi, text, self.writes, 0, "at the end"))
        for letter, project in PROJECTS.items():
            self.as_owner_of(project)
            nxt = self.admin_sql("SELECT next FROM incoming_call_log.get_page(NULL, NULL, NULL, 1)")[0][0]
            if nxt is not None:
                self.page_cursors[project] = nxt
        self.admin_sql("SELECT set_config('request.headers', '', false)")
        for pos in self.positions:
            pos_expected = self.expected(pos)
            if pos.label == "before the writes" and pos.project != PROJECTS["d"] and not pos_expected:
                raise AssertionError(f"no change expected for a position before the writes ({pos.project})")

    # -- one request ----------------------------------------------------------------------------------
    def alter(self, rng, pos, how):
        text = pos.text
        if how == "truncated":
            return text[:rng.randrange(0, len(text))]
        if how == "char":
            k = rng.randrange(len(text))
            return text[:k] + rng.choice([c for c in B64 if c != text[k]]) + text[k + 1:]
        if how == "bit":
            try:
                raw = bytearray(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            except ValueError:
                return self.alter(rng, pos, "char")
            k = rng.randrange(len(raw))
            raw[k] ^= 1 << rng.randrange(8)
            return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
        if how == "padded":
            return text + rng.choice(["=", "==", "==="])
        if how == "over_long":
            return text + "".join(rng.choice(B64) for _ in range(rng.randint(1025 - len(text), 4000)))
        if how == "doubled":
            return text + text
        if how == "case":
            return text.swapcase()
        if how == "blank":
            return rng.choice([" " + text, text + " ", text + "\n", "\t" + text])
        if how == "non_ascii":
            k = rng.randrange(len(text))
            return text[:k] + rng.choice(["é", "Ａ", "\u200b", "😀"]) + text[k + 1:]
        if how == "other_project":
            others = [p for p in self.positions if p.project != pos.project and p.qi == pos.qi]
            return rng.choice(others).text
        if how == "other_query":
            others = [p for p in self.positions if p.project == pos.project and p.qi != pos.qi]
            return rng.choice(others).text
        if how == "page_cursor":
            return self.page_cursors.get(pos.project) or rng.choice(list(self.page_cursors.values()))
        return rng.choice(["", "garbage", "null", "0", "' OR 1=1 --", "AQKqqqqqqqpKqoqqqqqqqqqq", "A" * 1024,
                           PROJECTS["a"], "next", "%00", "AQ==", "😀" * 10, "$1", "\\x00"])

    def request(self, i, gone):
        rng = random.Random(f"{self.seed}:changes:{int(gone)}:{i}")
        fx = self.fixture
        caller = self.h.gen_caller(rng, fx, authorised_only=rng.random() < 0.75)
        hostile = self.h.Hostile(rng, self.fuzzer.values, fx["pools"])
        state, used_hostile, why = ORACLE, False, None

        def piece(make):
            nonlocal state, used_hostile, why
            if rng.random() < 0.12:
                used_hostile = True
                state = max(state, ANY)
                return hostile.parameter()
            p = make()
            state = max(state, p.state)
            why = why or p.why
            return p.text

        bad_rate = rng.choice([0.0, 0.0, 0.15])
        select = piece(lambda: gen.gen_select(rng, bad_rate))
        project = caller.outcome[1] if caller.outcome[0] == "ok" else rng.choice(list(PROJECTS.values()))
        qi = rng.randrange(len(CHANGE_QUERIES))
        pool_query = rng.random() < 0.85
        if pool_query:
            query = CHANGE_QUERIES[qi][0]
        else:
            query = piece(lambda: gen.gen_query(rng, self.fuzzer.values, fx["pools"], bad_rate))
        r = rng.random()
        limit = None if r < 0.35 else rng.choice([1, 1, 2, 3, 5, 100, 1000]) if r < 0.8 else \
            rng.choice([0, -1, 1001, 2 ** 31 - 1, -2 ** 31])
        limit_bad = limit is not None and not 1 <= limit <= 1000
        candidates = [p for p in self.positions if p.project == project and p.qi == qi]
        pos = rng.choice(candidates)
        r = rng.random()
        if r < 0.1:
            since, kind = None, "null"
        elif r < 0.5:
            since, kind = pos.text, "kept"
        else:
            kind = rng.choice(ALTERATIONS)
            since = self.alter(rng, pos, kind)
            # with a query not from the pool, another query's position is as good as the kept one: a
            # valid position bound to some pool query, which the request's query may bind like (null, {})
            if since == pos.text or (kind == "other_query" and not pool_query):
                kind = "kept"

        # what the contract decides (doc/cursors-and-changes.md; the caller first)
        extra = set(JSON_INPUT) if used_hostile else set()
        oracle = None
        if hostile.syntax_error:
            expect = set(JSON_INPUT)
        elif caller.outcome[0] == "err":
            expect = {caller.outcome[1]} | extra
        elif caller.outcome[0] == "unknown":
            expect = ALLOWED | {"ok"}
        elif state == ERROR or limit_bad or kind not in ("null", "kept") or self.over_limits(select, query):
            expect = {"22023"} | extra
            why = why or ("limit %r" % limit if limit_bad else f"since {kind}" if kind not in ("null", "kept")
                          else f"request limit: {self.over_limits(select, query)}")
        elif state == ANY:
            expect = {"22023", "ok", "PT410"} | extra
        elif kind == "kept" and not pool_query:
            # a position is bound to its query ("another query"); an absent query may be bound as null is
            expect = ({"22023", "ok", "PT410"} if gone else {"22023", "ok"}) if query in (None, "null", "{}") \
                else {"22023"}
        elif kind == "kept" and gone:
            expect = {"PT410"}
        else:
            expect = {"ok"}
            if kind == "kept":
                oracle = pos
        return {"i": i, "gone": gone, "caller": caller, "args": [select, query, since, limit], "expect": expect,
                "oracle": oracle, "kind": kind, "why": why, "limit": limit, "project": project}

    def over_limits(self, select, query):
        """Which request limit (src/bounds.h, as fuzz.py reads them) select or query exceeds, or None."""
        texts = [select, query]
        if self.h.json_depth(texts) > self.h.MAX_DEPTH:
            return f"nested deeper than {self.h.MAX_DEPTH}"
        return self.h.limit_exceeded(texts)

    def fail(self, req, what, message):
        self.failures.append((what, req["i"]))
        fuzzer = self.fuzzer
        fuzzer.failures.append((f"get_changes {what}", req["i"]))
        if len([f for f in self.failures if f[0] == what]) <= fuzzer.args.show:
            short = self.h.short
            self.h.Tap.diag(f"FAILURE (get_changes, {what}) in request {req['i']}{' after the purge' if req['gone'] else ''}"
                            f" (seed {self.seed}): {message}")
            self.h.Tap.diag(f"  caller: {req['caller'].describe}; since: {req['kind']}")
            self.h.Tap.diag(f"  headers: {short(req['caller'].headers_sql)}")
            self.h.Tap.diag(f"  call: get_changes {short(json.dumps(req['args'], default=str))}")

    def run(self, req):
        fuzzer = self.fuzzer
        code, text = fuzzer.execute(req["caller"], CALL_SQL, req["args"])
        self.outcomes[code] = self.outcomes.get(code, 0) + 1
        if code == "lost":
            fuzzer.lost.append(req["i"])
            self.fail(req, "lost connection", text)
            return False
        if code != "ok" and code not in ALLOWED:
            fuzzer.bad_codes.append(req["i"])
            self.fail(req, "SQLSTATE", f"SQLSTATE {code} is not one get_changes may answer: {self.h.short(text, 300)}")
            return True
        if code not in req["expect"]:
            self.fail(req, "wrong outcome", f"got {code} ({self.h.short(text, 300)}), expected {sorted(req['expect'])}"
                      + (f" (because: {req['why']})" if req["why"] else ""))
            return True
        if code != "ok":
            return True
        readable = fuzzer.readable(req["caller"])
        changes, nxt, problems = self.check_answer(req, text, readable)
        if problems:
            kind = "leak" if any(p.startswith("LEAK") for p in problems) else "wrong answer"
            if kind == "leak":
                fuzzer.leaks.append(req["i"])
            self.fail(req, kind, "; ".join(problems[:5]) + f" — answer {self.h.short(text, 600)}")
            return True
        if req["kind"] == "null" and changes:
            self.fail(req, "wrong answer", f"since null answered changes: {self.h.short(text, 300)}")
        pos = req["oracle"]
        if pos is not None:
            want = self.expected(pos)
            limit = req["limit"] or 100
            self.oracle_checked += 1
            if changes != want[:limit]:
                self.fail(req, "oracle", f"position {pos.label}: answered {changes}, the writes imply {want[:limit]}")
                return True
            if random.Random(f"walk{req['i']}").random() < 0.3:
                self.walk(req, changes, nxt, want, readable)
        return True

    def walk(self, req, seen, nxt, want, readable):
        """Follow next to the end: the rest of the changes, then data []."""
        self.walks += 1
        args = list(req["args"])
        for _ in range(len(want) + 3):
            args[2] = nxt
            code, text = self.fuzzer.execute(req["caller"], CALL_SQL, args)
            if code != "ok":
                self.fail(req, "walk", f"following next answered {code}: {self.h.short(text, 300)}")
                return
            changes, nxt, problems = self.check_answer(req, text, readable)
            if problems:
                self.fail(req, "walk", "; ".join(problems[:5]))
                return
            if not changes:
                break
            seen = seen + changes
        if seen != want:
            self.fail(req, "walk", f"following next reported {seen}, the writes imply {want}")

    def check_answer(self, req, text, readable):
        """What any answer satisfies: [(op, id)], next, problems."""
        problems = []
        try:
            answer = json.loads(text, object_pairs_hook=lambda pairs: ("{", pairs))
        except ValueError as e:
            return [], None, [f"the answer is not JSON: {e}"]
        if not (isinstance(answer, tuple) and [k for k, _ in answer[1]] == ["data", "next"]):
            return [], None, [f"an answer is {{data, next}}: {self.h.short(text, 200)}"]
        data, nxt = (v for _, v in answer[1])
        if not isinstance(nxt, str) or not URL_SAFE.fullmatch(nxt):
            problems.append(f"next is not URL-safe text of at most 1,024 bytes: {self.h.short(repr(nxt), 200)}")
        if not isinstance(data, list):
            return [], nxt, problems + ["data is not an array"]
        if len(data) > (req["limit"] or 100):
            problems.append(f"{len(data)} changes, limit {req['limit']}")
        cp = self.fixture["call_project"]
        out = []
        for c in data:
            keys = [k for k, _ in c[1]] if isinstance(c, tuple) else None
            if keys not in (["op", "_id", "object"], ["op", "_id"]):
                problems.append(f"a change is not {{op, _id[, object]}}: {self.h.short(repr(c), 200)}")
                continue
            d = dict(c[1])
            op, rid = d["op"], d["_id"]
            if (op == "upsert") != (keys == ["op", "_id", "object"]) or op not in ("upsert", "remove"):
                problems.append(f"op {op!r} with keys {keys}")
            project = cp.get(rid)
            if project is None:
                problems.append(f"_id {rid!r} is no call log")
            elif project not in readable:
                problems.append(f"LEAK: a change of {rid} of project {project}, caller may read {sorted(readable)}")
            if op == "upsert":
                obj = d["object"]
                okeys = [k for k, _ in obj[1]] if isinstance(obj, tuple) else []
                if not okeys or okeys[0] != "_id" or dict(obj[1])["_id"] != rid or len(set(okeys)) != len(okeys):
                    problems.append(f"the object of {rid} does not begin with its _id: {self.h.short(repr(obj), 200)}")
                for k, v in (obj[1] if isinstance(obj, tuple) else []):
                    if k == "projectId" and v != project:
                        problems.append(f"LEAK: projectId {v} in the object of {rid} of {project}")
            out.append((op, rid))
        if len({i for _, i in out}) != len(out):
            problems.append("a call log appears twice in one answer")
        return out, nxt, problems

    # -- the phase ------------------------------------------------------------------------------------
    def purge(self):
        """A committed write after every kept position, aged past the retention period, then purged."""
        target = new_id("a", 2)
        self.write("UPDATE incoming_call_log.call_log SET status_message = 'purged' WHERE id = %s", [target], [target])
        self.admin_sql("UPDATE incoming_call_log_internal.call_log_change SET changed_at = now() - interval '8 days'"
                       " WHERE id = %s", [target])
        return self.admin_sql("SELECT incoming_call_log.purge_changes()")[0][0]

    def round(self, n, gone):
        before = len(self.failures)
        alive = True
        for i in range(n):
            alive = self.run(self.request(i, gone))
            if not alive:
                break
        return alive, len(self.failures) - before


def phase(fuzzer, admin, fixture, seed, n, tap, helpers):
    """The get_changes phase; helpers is fuzz.py's module (gen_caller, Hostile, short, Tap).
    Returns whether the connection is still alive."""
    with admin.cursor() as cur:
        cur.execute("SELECT to_regprocedure('incoming_call_log.get_changes(json, json, text, integer)') IS NOT NULL")
        if not cur.fetchone()[0]:
            helpers.Tap.diag("get_changes: not in this version, phase skipped")
            return True
    p = Phase(fuzzer, admin, fixture, seed, tap, helpers)
    try:
        p.setup()
    except (psycopg2.Error, AssertionError) as e:
        tap.check(False, f"get_changes: positions kept and writes made ({e})")
        return True
    alive, failed = p.round(n, gone=False)
    tap.check(alive and failed == 0,
              f"get_changes: {n} requests (random, malformed and hostile select, query and limit; {len(p.positions)} kept "
              f"positions sent unchanged or {', '.join(ALTERATIONS)}): each answered as the contract decides, "
              f"22023 / PT401 / PT403 or the changes ({failed} failures)")
    tap.check(p.oracle_checked >= n // 10,
              f"get_changes: {p.oracle_checked} answers from kept positions are the changes the writes imply, "
              f"in order, limit at a time ({p.walks} followed to the end by next)")
    if not alive:
        return False
    purged = p.purge()
    m = max(1, n // 4)
    alive, failed = p.round(m, gone=True)
    tap.check(alive and failed == 0 and purged >= 1,
              f"get_changes: after a purge past every kept position ({purged} purged), {m} requests: PT410 where the "
              f"position is otherwise valid, 22023 where it is not, the caller first ({failed} failures)")
    helpers.Tap.diag(f"get_changes outcomes: {', '.join(f'{k} {v}' for k, v in sorted(p.outcomes.items()))}")
    return alive
