"""test/fuzz/gen.py — request generation for the fuzzer (test/fuzz/fuzz.py).

Every generated piece of a request (a select, a query condition, a sort, a
value, an id) carries what the API must do with it:

  ORACLE     valid, and its meaning is known: the piece also yields a SQL
             condition (or a projection / ORDER BY) that plain SQL over the
             tables evaluates independently of the extension;
  OK         valid (the call must answer), meaning not modelled;
  ERROR      invalid by doc/reference.md#the-request: the call must refuse it with 22023;
  ANY        random hostile JSON: any answer of doc/reference.md (errors, answers) will do.

JSON text is written here, not by json.dumps, so requests can hold what a
serializer never writes: duplicate keys, \\u escapes of any character, lone
surrogates, \\u0000, odd whitespace, nesting thousands deep.
"""
import base64
import datetime as dt
import json
import uuid

UTC = dt.timezone.utc

ORACLE, OK, ANY, ERROR = 0, 1, 2, 3   # combined by max()

PROJECTS = {
    "a": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
    "b": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
    "c": "cccccccc-cccc-4ccc-8ccc-cccccccccccc",
    "d": "dddddddd-dddd-4ddd-8ddd-dddddddddddd",
}

# The API's fields (doc/reference.md#fields), in catalog order: JSON name, column, kind.
FIELDS = [
    ("_id", "id", "uuid"),
    ("createdAt", "created_at", "date"),
    ("updatedAt", "updated_at", "date"),
    ("project", "project_id", "rel"),
    ("projectId", "project_id", "uuid"),
    ("incomingCallPolicy", "incoming_call_policy_id", "rel"),
    ("incomingCallPolicyId", "incoming_call_policy_id", "uuid"),
    ("callerPhoneNumber", "caller_phone_number", "phone"),
    ("routingPhoneNumber", "routing_phone_number", "phone"),
    ("callProviderCallId", "call_provider_call_id", "text"),
    ("status", "status", "status"),
    ("statusMessage", "status_message", "text"),
    ("callDurationInSeconds", "call_duration_in_seconds", "int"),
    ("callCostInUSDCents", "call_cost_in_usd_cents", "int"),
    ("incomingCallCostInUSDCents", "incoming_call_cost_in_usd_cents", "int"),
    ("outgoingCallCostInUSDCents", "outgoing_call_cost_in_usd_cents", "int"),
    ("startedAt", "started_at", "date"),
    ("endedAt", "ended_at", "date"),
    ("answeredByUser", "answered_by_user_id", "rel"),
    ("answeredByUserId", "answered_by_user_id", "uuid"),
    ("currentEscalationRuleOrder", "current_escalation_rule_order", "int"),
    ("repeatCount", "repeat_count", "int"),
]
FIELD = {name: (column, kind) for name, column, kind in FIELDS}
FILTERABLE = [name for name, _, kind in FIELDS if kind != "rel"]
TEXTUAL = {"text", "phone", "status"}
TEXTUAL_FIELDS = [n for n in FILTERABLE if FIELD[n][1] in TEXTUAL]

# Relations: alias in the oracle's joins, and their readable fields.
RELATIONS = {
    "project": ("p", [("_id", "id", "uuid"), ("name", "name", "text"),
                      ("createdAt", "created_at", "date"), ("updatedAt", "updated_at", "date")]),
    "incomingCallPolicy": ("cp", [("_id", "id", "uuid"), ("name", "name", "text"),
                                  ("createdAt", "created_at", "date"), ("updatedAt", "updated_at", "date"),
                                  ("projectId", "project_id", "uuid"),
                                  ("routingPhoneNumber", "routing_phone_number", "phone")]),
    "answeredByUser": ("u", [("_id", "id", "uuid"), ("name", "name", "text"), ("email", "email", "text"),
                             ("createdAt", "created_at", "date"), ("updatedAt", "updated_at", "date")]),
}
ALL_REL_FIELD_NAMES = sorted({f for _, fs in RELATIONS.values() for f, _, _ in fs})

VALUE_OPS = ["EqualTo", "NotEqual", "GreaterThan", "LessThan", "GreaterThanOrEqual", "LessThanOrEqual",
             "EqualToOrNull", "GreaterThanOrNull", "LessThanOrNull"]
TEXT_OPS = ["Search", "StartsWith", "EndsWith", "NotContains"]
OPERATORS = VALUE_OPS + ["InBetween"] + TEXT_OPS + ["IsNull", "NotNull", "Includes", "IncludesNone", "MultiSearch"]
WRAPPERS = {"uuid": "ObjectID", "date": "DateTime"}
OP_MEMBERS = {op: ["value"] for op in VALUE_OPS + TEXT_OPS + ["Includes", "IncludesNone"]}
OP_MEMBERS.update({"InBetween": ["startValue", "endValue"], "IsNull": [], "NotNull": [],
                   "MultiSearch": ["fields", "value"]})

SQL_CMP = {"EqualTo": "=", "NotEqual": "<>", "GreaterThan": ">", "LessThan": "<",
           "GreaterThanOrEqual": ">=", "LessThanOrEqual": "<=",
           "EqualToOrNull": "=", "GreaterThanOrNull": ">", "LessThanOrNull": "<"}
SQL_TYPE = {"uuid": "uuid", "int": "integer", "date": "timestamptz", "text": "text", "phone": "text", "status": "text"}

STATUSES = ["Initiated", "Ringing", "Connected", "Escalated", "NoAnswer", "Failed", "Completed",
            "CallerHungUp", "Busy"]

SQL_FRAGMENTS = [
    "' OR 1=1 --", "'; DROP TABLE incoming_call_log.call_log; --", "\" OR \"\"=\"", "status; --",
    "1) OR (1=1", "$1", "$$ OR true $$", "%s", "%n", "\\\\", "' UNION SELECT key_hash FROM incoming_call_log.api_key --",
    "l.project_id", "createdAt DESC, (SELECT 1)", "E'\\x00'", "pg_sleep(10)", "*/ SELECT 1 /*",
    "projectId\" OR \"1", "\\", "%", "_", "%_\\", "NULL", "true", "ASC NULLS FIRST",
]
UNICODE_SAMPLES = ["ünïcødé", "ÜBER", "über", "😀", "𝄞 clef", "Ωmega", "日本語", "e\u0301", "İstanbul",
                   "ß", "\u200b", "\ufeff", "\uffff", "a\u2028b", "—", "He said \"hi\""]


# ---------------------------------------------------------------------------
# JSON text
# ---------------------------------------------------------------------------

SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
WS = ["", "", "", " ", "  ", "\n", "\t", "\r\n", " \n "]


def jstr(rng, s, escape_rate=None):
    """A JSON string literal meaning exactly the Python str s (valid JSON)."""
    if escape_rate is None:
        escape_rate = rng.choice([0, 0, 0, 0.1, 0.5, 1.0])
    if escape_rate == 0 or len(s) > 5000:
        return json.dumps(s, ensure_ascii=rng.random() < 0.3)
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in SHORT_ESCAPES and (o < 0x20 or ch in '"\\' or rng.random() < 0.5):
            out.append(SHORT_ESCAPES[ch])
        elif o < 0x20 or (escape_rate and rng.random() < escape_rate):
            hexfmt = "\\u%04x" if rng.random() < 0.5 else "\\u%04X"
            if o > 0xFFFF:
                v = o - 0x10000
                out.append(hexfmt % (0xD800 + (v >> 10)) + hexfmt % (0xDC00 + (v & 0x3FF)))
            else:
                out.append(hexfmt % o)
        elif ch == "/" and rng.random() < 0.5:
            out.append("\\/")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def ws(rng):
    return rng.choice(WS) if rng.random() < 0.3 else ""


def jobj(rng, pairs):
    """pairs: (key JSON text, value JSON text) in order."""
    return "{" + ws(rng) + ",".join(f"{ws(rng)}{k}{ws(rng)}:{ws(rng)}{v}{ws(rng)}" for k, v in pairs) + ws(rng) + "}"


def jarr(rng, items):
    return "[" + ws(rng) + ",".join(f"{ws(rng)}{v}" for v in items) + ws(rng) + "]"


def key(rng, name):
    return jstr(rng, name)


class Piece:
    """Generated JSON text with its expectation, and for ORACLE pieces the
    SQL that means the same (sql, params), or a payload for the caller."""
    __slots__ = ("text", "state", "sql", "params", "payload", "why")

    def __init__(self, text, state, sql=None, params=(), payload=None, why=None):
        self.text, self.state, self.sql, self.params, self.payload, self.why = text, state, sql, list(params), payload, why


# ---------------------------------------------------------------------------
# Values of each kind
# ---------------------------------------------------------------------------

def uuid_text(rng, canonical):
    """Any form PostgreSQL's uuid input accepts: case, braces, and a hyphen
    after any group of four hex digits."""
    r = rng.random()
    if r < 0.5:
        return canonical
    digits = canonical.replace("-", "")
    if rng.random() < 0.5:
        digits = digits.upper()
    elif rng.random() < 0.3:
        digits = "".join(c.upper() if rng.random() < 0.5 else c for c in digits)
    if r < 0.7:
        groups = [digits[0:8], digits[8:12], digits[12:16], digits[16:20], digits[20:32]]
        text = "-".join(groups)
    else:
        text = ""
        for i in range(0, 32, 4):
            text += digits[i:i + 4]
            if i < 28 and rng.random() < 0.4:
                text += "-"
    if rng.random() < 0.15:
        text = "{" + text + "}"
    return text


def bad_uuid_texts(rng, canonical):
    return [canonical[:-1], canonical + "0", canonical[:-1] + "g", " " + canonical, canonical + " ",
            "{" + canonical, canonical + "}", "(" + canonical + ")", canonical.replace("-", "_"),
            "-" + canonical, canonical + "-", canonical.replace("-", "--", 1), "", "nope", "0" * 33,
            canonical[:8] + "-" + canonical[9:].replace("-", "") + "0", "x" * rng.randint(1, 300)]


def random_datetime(rng):
    base = dt.datetime(1900, 1, 1, tzinfo=UTC)
    return base + dt.timedelta(microseconds=rng.randrange(0, 200 * 366 * 86400 * 10 ** 6))


def ms_floor(d):
    return d.replace(microsecond=d.microsecond // 1000 * 1000)


def fmt_offset(rng, minutes):
    sign = "-" if minutes < 0 or (minutes == 0 and rng.random() < 0.2) else "+"
    h, m = divmod(abs(minutes), 60)
    style = rng.random()
    if m == 0 and style < 0.3:
        return f"{sign}{h:02d}"
    if style < 0.65:
        return f"{sign}{h:02d}:{m:02d}"
    return f"{sign}{h:02d}{m:02d}"


def render_date(rng, d):
    """An ISO-8601 text the API accepts for about the instant d, and the
    exact instant it denotes (the API keeps microseconds, rounding half up
    at the seventh fraction digit)."""
    if rng.random() < 0.1:
        text = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
        return text, dt.datetime(d.year, d.month, d.day, tzinfo=UTC)
    choice = rng.choice(["Z", "z", "", "off", "off", "off"])
    if choice == "off":
        minutes = rng.choice([0, 330, -480, 840, -210, 1439, -1439, 60, -660, 345, 5])
        local = d.astimezone(dt.timezone(dt.timedelta(minutes=minutes)))
        suffix = fmt_offset(rng, minutes)
    else:
        local, suffix = d, choice
    sep = rng.choice(["T", "T", "T", " ", "t"])
    date_part = f"{local.year:04d}-{local.month:02d}-{local.day:02d}"
    precision = rng.choice(["min", "sec", "frac", "frac", "frac"])
    if precision == "min":
        time_part = f"{local.hour:02d}:{local.minute:02d}"
        value = local.replace(second=0, microsecond=0)
    elif precision == "sec":
        time_part = f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
        value = local.replace(microsecond=0)
    else:
        k = rng.choice([1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9])
        six = f"{local.microsecond:06d}"
        if k <= 6:
            frac = six[:k]
            usec = int(frac.ljust(6, "0"))
        else:
            extra = "".join(rng.choice("0123456789") for _ in range(k - 6))
            if extra[0] == "5" and set(extra[1:]) <= {"0"}:
                extra = "4" + extra[1:]      # not an exact half: rounding rules agree
            frac = six + extra
            usec = int(six) + (1 if extra[0] >= "5" else 0)
        time_part = f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}{rng.choice('..,')}{frac}"
        value = local.replace(microsecond=0) + dt.timedelta(microseconds=usec)
    return f"{date_part}{sep}{time_part}{suffix}", value.astimezone(UTC)


EXTREME_DATES = ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59.999999-23:59",
                 "2024-02-29", "2000-02-29T12:00", "1970-01-01T00:00:00Z", "2026-01-01T00:00:00.0000005Z",
                 "2026-01-01 23:59:59,999999999+00", "1900-01-01T00:00:00.000000001-00:00"]
BAD_DATES = ["not a date", "", "2026-02-30", "2026-13-01", "0000-01-01", "2026-1-1", "2026-01-01T24:00:00Z",
             "2026-01-01T12:60", "2026-01-01T12:00:60Z", "2026-01-01T12:00:00+24:00", "2026-01-01T12:00:00+05:60",
             "2026-01-01T12:00:00Zjunk", "infinity", "-infinity", "epoch", "now", "today", "NaN", "99999-01-01",
             "1767225600", "2026-01-01Z", "2026-01-01T12", "2026-01-01T12:00:00.", "2023-02-29", "2026-01-01T",
             "2026-01-01T1:00", "2026-01-01T12:00:00+5", "2026-01-01T12:00:00 Z", "2026-01-01T12:00:00+05:3",
             "2026-01-01X12:00", "２０２６-01-01", "2026-01-01T12:00:00+05:30:00", "1e999999"]
BAD_PHONES = ["abc", "", "+1 555 123 0001", "+1-555-123-0001", "+0155512300", "+123456", "+1234567890123456",
              "++15551230001", "15551230001 ", "+1555123000a", "+", "٣٥٥٥١٢٣٠٠٠١", "+15551230001\n"]
BAD_INTS = ["5.5", "0.1", "-0.5", "2147483648", "-2147483649", "1e10", "1e999999", "-1e999999", "1e-999999",
            "99999999999999999999999999999999", "2147483647.5", "1.0000000000000000001", "4294967296",
            "-2147483648.1", "21474836471e-1"]


def render_int(rng, n):
    r = rng.random()
    if r < 0.5:
        return str(n)
    sign = "-" if n < 0 else ""
    s = str(abs(n))
    if n == 0:
        return rng.choice(["-0", "0.0", "0e5", "-0.0e-3", "0E+0", "0.000"])
    forms = [f"{sign}{s}.0", f"{sign}{s}.000", f"{sign}{s}e0", f"{sign}{s}E+0", f"{sign}{s}00e-2",
             f"{sign}{s}0E-1"]
    if len(s) > 1:
        k = rng.randint(1, len(s) - 1)
        forms.append(f"{sign}{s[:-k]}.{s[-k:]}e{k}")
        forms.append(f"{sign}{s[:-k]}.{s[-k:]}E+{k}")
    forms.append(f"{sign}0.{s}e{len(s)}")
    return rng.choice(forms)


def random_phone(rng):
    n = rng.randint(7, 15)
    digits = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(n - 1))
    return ("+" if rng.random() < 0.7 else "") + digits


def random_text(rng, pools):
    r = rng.random()
    if r < 0.3 and pools.get("text_samples"):
        return rng.choice(pools["text_samples"])
    if r < 0.45:
        return rng.choice(SQL_FRAGMENTS)
    if r < 0.6:
        return rng.choice(UNICODE_SAMPLES)
    if r < 0.65:
        # around the string limit (16 KB after de-escaping: é is two bytes)
        return rng.choice(["x", "é"]) * rng.choice([100, 1000, 8192, 8193, 10000, 16383, 16384, 16385, 100000])
    alphabet = "abcABC xyz%_\\'\"-+019ü😀\n\t/"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))


class Values:
    """Value generators for one kind, drawing on the data's own values."""

    def __init__(self, pools):
        self.pools = pools

    def valid(self, rng, fname, kind, allow_wrapper=True):
        """(JSON text, oracle value or None when unmodelled)"""
        pool = self.pools["by_field"].get(fname) or []
        if kind == "uuid":
            if pool and rng.random() < 0.75:
                canonical = rng.choice(pool)
            elif rng.random() < 0.5:
                canonical = rng.choice(self.pools["all_uuids"])
            else:
                canonical = str(uuid.UUID(int=rng.getrandbits(128)))
            text = jstr(rng, uuid_text(rng, canonical))
            value = canonical
        elif kind == "date":
            if rng.random() < 0.05:
                return self.wrap(rng, kind, jstr(rng, rng.choice(EXTREME_DATES)), allow_wrapper), None
            d = rng.choice(pool) if pool and rng.random() < 0.75 else random_datetime(rng)
            if rng.random() < 0.3:
                d = d + dt.timedelta(microseconds=rng.choice([-1000, -1, 1, 999, 1000, 500, -500]))
            s, value = render_date(rng, d)
            text = jstr(rng, s)
            value = ms_floor(value)
        elif kind == "int":
            r = rng.random()
            if pool and r < 0.6:
                n = rng.choice(pool)
            elif r < 0.8:
                n = rng.choice([0, 1, -1, 2147483647, -2147483648, 2147483646, 3600, 59, 60, 100])
            else:
                n = rng.randint(-2 ** 31, 2 ** 31 - 1)
            return render_int(rng, n), n
        elif kind == "phone":
            s = rng.choice(pool) if pool and rng.random() < 0.7 else random_phone(rng)
            return jstr(rng, s), s
        else:   # text, status
            if kind == "status" and rng.random() < 0.6:
                s = rng.choice(STATUSES)
                if rng.random() < 0.1:
                    s = s.lower()
            elif pool and rng.random() < 0.5:
                s = rng.choice(pool)
            else:
                s = random_text(rng, self.pools)
            return jstr(rng, s), s
        return self.wrap(rng, kind, text, allow_wrapper), value

    @staticmethod
    def wrap(rng, kind, text, allow_wrapper):
        if allow_wrapper and kind in WRAPPERS and rng.random() < 0.25:
            pairs = [(key(rng, "_type"), jstr(rng, WRAPPERS[kind])), (key(rng, "value"), text)]
            if rng.random() < 0.5:
                pairs.reverse()
            return jobj(rng, pairs)
        return text

    def invalid(self, rng, fname, kind, position):
        """A JSON value the API must refuse for this field (22023).
        position: 'plain' (a query key's value), 'value' (an operator's
        value), 'list' (an element of an Includes list)."""
        other = rng.choice(self.pools["all_uuids"])
        common = ['{"a": 1}', "{}", '{"_type": "Foo", "value": 1}', '{"value": "x"}', '{"_type": 5, "value": "x"}']
        if position != "plain" or kind not in ("text", "status"):
            common.append('{"_type": "EqualTo", "value": "x"}')   # at a text key, a valid operator
        if position != "plain":
            common += ["null"]
            common += ["[]", '["x"]', "[1]"] if position == "value" or kind != "text" else ["[[]]", '["x"]']
        if kind == "uuid":
            opts = [jstr(rng, s) for s in bad_uuid_texts(rng, other)] + ["5", "true", "false", "1e3"]
            opts += ['{"_type": "DateTime", "value": "2026-01-01"}', '{"_type": "ObjectID", "value": 5}',
                     '{"_type": "ObjectID"}', '{"_type": "ObjectID", "value": null}',
                     '{"_type": "ObjectID", "value": "%s", "x": 1}' % other,
                     '{"_type": "ObjectID", "value": {"_type": "ObjectID", "value": "%s"}}' % other,
                     '{"_type": "objectid", "value": "%s"}' % other]
        elif kind == "date":
            opts = [jstr(rng, s) for s in BAD_DATES] + ["5", "true", "20260101"]
            opts += ['{"_type": "ObjectID", "value": "2026-01-01"}', '{"_type": "DateTime", "value": 5}',
                     '{"_type": "DateTime", "value": {"_type": "DateTime", "value": "2026-01-01"}}',
                     '{"_type": "DateTime"}', '{"_type": "DateTime", "value": "2026-01-01", "value2": 1}']
        elif kind == "int":
            opts = BAD_INTS + ['"5"', '"NaN"', '"Infinity"', "true", '"1e999999"', '""',
                               '{"_type": "ObjectID", "value": 5}', '{"_type": "DateTime", "value": 5}']
        elif kind == "phone":
            opts = [jstr(rng, s) for s in BAD_PHONES] + ["15551230001", "true",
                                                         '{"_type": "ObjectID", "value": "+15551230001"}']
        else:
            opts = ["5", "true", "false", "0.5", '{"_type": "ObjectID", "value": "x"}',
                    '{"_type": "DateTime", "value": "2026-01-01"}']
        if position == "plain":
            # at a query key, [] is an IN list and null is IsNull: keep only
            # arrays whose elements are invalid
            opts = [o for o in opts if o not in ("null",)]
        return rng.choice(opts + common)


# ---------------------------------------------------------------------------
# Query conditions
# ---------------------------------------------------------------------------

def column_expr(fname):
    column, kind = FIELD[fname]
    c = f"l.{column}"
    return (f"date_trunc('milliseconds', {c})" if kind == "date" else c), c, kind


def op_object(rng, type_name, members, type_key="_type"):
    pairs = [(key(rng, type_key), jstr(rng, type_name))] + [(key(rng, k), v) for k, v in members]
    if rng.random() < 0.4:
        rng.shuffle(pairs)
    return jobj(rng, pairs)


def text_condition(op, c, param_sql="CAST(%s AS text)"):
    low = f"lower({param_sql})"
    if op == "Search":
        return f"position({low} in lower({c}::text)) > 0"
    if op == "StartsWith":
        return f"starts_with(lower({c}::text), {low})"
    if op == "EndsWith":
        return f"starts_with(reverse(lower({c}::text)), reverse({low}))"
    if op == "NotContains":
        return f"({c} IS NULL OR position({low} in lower({c}::text)) = 0)"
    raise ValueError(op)


def text_fragment(rng, pools, fname):
    """A fragment for the text operators: often a piece of a stored value,
    with its case changed (the match is case-insensitive)."""
    pool = pools["by_field"].get(fname) or []
    r = rng.random()
    if pool and r < 0.8:
        s = str(rng.choice(pool))
        if s:
            i = rng.randint(0, len(s))
            j = rng.randint(i, min(len(s), i + rng.randint(0, 8)))
            s = s[i:j]
    else:
        s = random_text(rng, pools)
    if s and rng.random() < 0.2:
        # a wildcard probe: % and _ must match themselves only
        i = rng.randrange(len(s))
        s = s[:i] + rng.choice("%_\\") + s[i + 1:]
    if rng.random() < 0.5:
        s = "".join(ch.swapcase() if ch.isascii() else ch for ch in s)
    return s


def gen_condition(rng, vals, pools, fname, op=None):
    """A valid condition on a filterable field: Piece(text, ORACLE|OK, sql, params)."""
    cx, c, kind = column_expr(fname)
    st = SQL_TYPE[kind]
    forms = ["plain", "null", "array", "op"]
    form = op and "op" or rng.choice(forms + ["op"] * 4)
    unmodelled = False

    def value(allow_wrapper=True):
        nonlocal unmodelled
        text, v = vals.valid(rng, fname, kind, allow_wrapper)
        if v is None:
            unmodelled = True
        return text, v

    if form == "plain":
        text, v = value()
        return finish(Piece(text, ORACLE, f"{cx} = CAST(%s AS {st})", [v]), unmodelled)
    if form == "null":
        return Piece("null", ORACLE, f"{c} IS NULL")
    if form == "array":
        n = list_length(rng, [0, 1, 2, 3, 5, 10])
        items = [value() for _ in range(n)]
        return finish(Piece(jarr(rng, [t for t, _ in items]), ORACLE, f"{cx} = ANY(CAST(%s AS {st}[]))",
                            [[v for _, v in items]]), unmodelled)
    textual = kind in TEXTUAL
    if op is None:
        choices = VALUE_OPS + ["InBetween", "IsNull", "NotNull", "Includes", "IncludesNone"]
        if textual:
            choices += TEXT_OPS * 2 + ["MultiSearch"] * 2
        op = rng.choice(choices)
    if op in VALUE_OPS:
        text, v = value()
        sql = f"{cx} {SQL_CMP[op]} CAST(%s AS {st})"
        if op.endswith("OrNull"):
            sql = f"({sql} OR {c} IS NULL)"
        return finish(Piece(op_object(rng, op, [("value", text)]), ORACLE, sql, [v]), unmodelled)
    if op == "InBetween":
        (t1, v1), (t2, v2) = value(), value()
        if rng.random() < 0.6 and v1 is not None and v2 is not None and v2 < v1:
            (t1, v1), (t2, v2) = (t2, v2), (t1, v1)
        return finish(Piece(op_object(rng, op, [("startValue", t1), ("endValue", t2)]), ORACLE,
                            f"{cx} BETWEEN CAST(%s AS {st}) AND CAST(%s AS {st})", [v1, v2]), unmodelled)
    if op in ("IsNull", "NotNull"):
        return Piece(op_object(rng, op, []), ORACLE, f"{c} IS {'NOT ' if op == 'NotNull' else ''}NULL")
    if op in ("Includes", "IncludesNone"):
        n = list_length(rng, [0, 1, 2, 3, 5, 20])
        if n > 100 and kind in ("text", "status") and rng.random() < 0.5:
            # a list near the parameter limit (256 kB): values of about 256 bytes
            items = [(jstr(rng, v, 0), v) for v in ("v%d-" % i + "w" * rng.randint(236, 262) for i in range(n))]
        else:
            items = [value() for _ in range(n)]
        sql = f"{cx} = ANY(CAST(%s AS {st}[]))"
        if op == "IncludesNone":
            sql = f"NOT ({sql})"
        return finish(Piece(op_object(rng, op, [("value", jarr(rng, [t for t, _ in items]))]), ORACLE, sql,
                            [[v for _, v in items]]), unmodelled)
    if op in TEXT_OPS:
        s = text_fragment(rng, pools, fname)
        return Piece(op_object(rng, op, [("value", jstr(rng, s))]), ORACLE, text_condition(op, c), [s])
    if op == "MultiSearch":
        s = text_fragment(rng, pools, fname)
        names = [rng.choice(TEXTUAL_FIELDS) for _ in range(rng.choice([0, 1, 1, 2, 3, 6]))]
        distinct = list(dict.fromkeys(names))
        if distinct:
            sql = "(" + " OR ".join(text_condition("Search", f"l.{FIELD[n][0]}") for n in distinct) + ")"
            params = [s] * len(distinct)
        else:
            sql, params = "false", []
        members = [("fields", jarr(rng, [jstr(rng, n) for n in names])), ("value", jstr(rng, s))]
        if rng.random() < 0.5:
            members.reverse()
        return Piece(op_object(rng, op, members), ORACLE, sql, params)
    raise ValueError(op)


def list_length(rng, usual):
    """Usually a short list; now and then one at the list limit (1000 values)."""
    if rng.random() < 0.02:
        return rng.choice([999, 1000, 1001, 1500])
    return rng.choice(usual)


def finish(piece, unmodelled):
    if unmodelled:
        piece.state, piece.sql, piece.params = OK, None, []
    return piece


def gen_bad_condition(rng, vals, pools, fname, op=None):
    """A condition doc/reference.md#the-request calls an error (22023), for a filterable field
    (or any key, for the relation / unknown-key cases)."""
    column, kind = FIELD.get(fname, (None, "rel"))
    if kind == "rel":
        return Piece(gen_condition(rng, vals, pools, "projectId").text, ERROR, why="relation as a query key")
    textual = kind in TEXTUAL
    cases = ["bad_plain", "bad_value", "bad_list", "missing", "null_member", "extra_member", "unknown_op",
             "bad_type", "no_type", "dup_member"]
    if not textual:
        cases += ["text_op_on_non_text", "text_op_on_non_text", "multisearch_key"]
    else:
        cases += ["text_value_not_string", "multisearch_bad_field", "multisearch_fields_not_array",
                  "between_missing"]
    case = rng.choice(cases)
    if op is not None:
        case = "bad_value" if op in VALUE_OPS else {
            "InBetween": "between_missing", "IsNull": "extra_member", "NotNull": "extra_member",
            "Includes": "bad_list", "IncludesNone": "bad_list",
            "MultiSearch": "multisearch_bad_field" if textual else "multisearch_key"}.get(
            op, "text_value_not_string" if textual else "text_op_on_non_text")
    if case == "bad_plain":
        return Piece(vals.invalid(rng, fname, kind, "plain"), ERROR, why="invalid plain value")
    if case == "bad_value":
        o = op if op in VALUE_OPS else rng.choice(VALUE_OPS)
        return Piece(op_object(rng, o, [("value", vals.invalid(rng, fname, kind, "value"))]), ERROR,
                     why=f"invalid value for {o}")
    if case == "bad_list":
        good = [vals.valid(rng, fname, kind)[0] for _ in range(rng.randint(0, 3))]
        good.insert(rng.randint(0, len(good)), vals.invalid(rng, fname, kind, "list"))
        o = op or rng.choice(["Includes", "IncludesNone", None])
        if o is None:
            return Piece(jarr(rng, good), ERROR, why="invalid element in a plain IN list")
        return Piece(op_object(rng, o, [("value", jarr(rng, good))]), ERROR, why=f"invalid element in {o}")
    if case == "missing":
        o = rng.choice([x for x in OPERATORS if OP_MEMBERS[x]])
        if o in TEXT_OPS + ["MultiSearch"] and not textual:
            o = rng.choice(VALUE_OPS)
        members = [(m, good_member(rng, vals, pools, fname, kind, o, m)) for m in OP_MEMBERS[o]]
        members.pop(rng.randrange(len(members)))
        return Piece(op_object(rng, o, members), ERROR, why=f"{o} without a required member")
    if case == "null_member":
        o = rng.choice([x for x in OPERATORS if OP_MEMBERS[x]])
        if o in TEXT_OPS + ["MultiSearch"] and not textual:
            o = rng.choice(VALUE_OPS)
        members = [(m, good_member(rng, vals, pools, fname, kind, o, m)) for m in OP_MEMBERS[o]]
        i = rng.randrange(len(members))
        members[i] = (members[i][0], "null")
        return Piece(op_object(rng, o, members), ERROR, why=f"{o} with a null member")
    if case == "extra_member":
        o = op or rng.choice(OPERATORS)
        if o in TEXT_OPS + ["MultiSearch"] and not textual:
            o = "IsNull"
        members = [(m, good_member(rng, vals, pools, fname, kind, o, m)) for m in OP_MEMBERS[o]]
        extra = rng.choice([m for m in ["value", "startValue", "endValue", "fields", "Value", "x", "_Type",
                                        "type", "", "_type2", "_id"] if m not in OP_MEMBERS[o]])
        members.insert(rng.randint(0, len(members)), (extra, rng.choice(["1", "null", '"x"', "[]", "{}"])))
        return Piece(op_object(rng, o, members), ERROR, why=f"{o} with an unknown member")
    if case == "unknown_op":
        name = rng.choice(["Foo", "equalto", "EqualTo ", " EqualTo", "EQUALTO", "Equal", "In", "Contains",
                           "Between", "isnull", "Regex", "", "ObjectId", "Datetime", "EqualTo\t",
                           rng.choice(SQL_FRAGMENTS), "x" * 5000])
        return Piece(op_object(rng, name, [("value", good_member(rng, vals, pools, fname, kind, "EqualTo", "value"))]),
                     ERROR, why="unknown operator")
    if case == "bad_type":
        t = rng.choice(["5", "null", "true", '["EqualTo"]', '{"_type": "EqualTo"}', "1.5"])
        return Piece(jobj(rng, [(key(rng, "_type"), t), (key(rng, "value"), vals.valid(rng, fname, kind)[0])]),
                     ERROR, why="_type not a string")
    if case == "no_type":
        return Piece(jobj(rng, [(key(rng, rng.choice(["value", "Value", "type", "_Type", "a"])),
                                 vals.valid(rng, fname, kind)[0])]), ERROR, why="object without _type")
    if case == "dup_member":
        o = rng.choice(["EqualTo", "GreaterThan", "InBetween", "Includes"])
        members = [(m, good_member(rng, vals, pools, fname, kind, o, m)) for m in OP_MEMBERS[o]]
        pairs = [(key(rng, "_type"), jstr(rng, o))] + [(key(rng, k), v) for k, v in members]
        dup = rng.choice(pairs)
        pairs.insert(rng.randint(0, len(pairs)), (dup[0] if rng.random() < 0.5 else escaped_same_key(rng, dup[0]),
                                                  dup[1]))
        return Piece(jobj(rng, pairs), ERROR, why="a member named twice")
    if case == "text_op_on_non_text":
        o = rng.choice(TEXT_OPS)
        return Piece(op_object(rng, o, [("value", jstr(rng, text_fragment(rng, pools, fname)))]), ERROR,
                     why=f"{o} on a non-text field")
    if case == "multisearch_key":
        return Piece(op_object(rng, "MultiSearch", [("fields", jarr(rng, [jstr(rng, "statusMessage")])),
                                                    ("value", '"a"')]), ERROR, why="MultiSearch on a non-text key")
    if case == "text_value_not_string":
        o = op if op in TEXT_OPS else rng.choice(TEXT_OPS)
        return Piece(op_object(rng, o, [("value", rng.choice(["5", "true", '["a"]', '{"a": "b"}', "null",
                                                               '{"_type": "ObjectID", "value": "a"}']))]),
                     ERROR, why=f"{o} with a value that is not a string")
    if case == "multisearch_bad_field":
        good = [jstr(rng, rng.choice(TEXTUAL_FIELDS)) for _ in range(rng.randint(0, 2))]
        bad = rng.choice([jstr(rng, rng.choice([n for n in FILTERABLE if FIELD[n][1] not in TEXTUAL])),
                          jstr(rng, rng.choice(["project", "answeredByUser", "nope", "status_message",
                                                "Status", ""])), "5", "null", "true", '["status"]'])
        good.insert(rng.randint(0, len(good)), bad)
        return Piece(op_object(rng, "MultiSearch", [("fields", jarr(rng, good)), ("value", '"x"')]), ERROR,
                     why="MultiSearch naming a field it cannot search")
    if case == "multisearch_fields_not_array":
        return Piece(op_object(rng, "MultiSearch", [("fields", rng.choice(['"statusMessage"', "5", "{}", "true"])),
                                                    ("value", '"x"')]), ERROR, why="MultiSearch fields not an array")
    if case == "between_missing":
        members = [("startValue", vals.valid(rng, fname, kind)[0])] if rng.random() < 0.5 else \
            [("endValue", vals.valid(rng, fname, kind)[0])]
        return Piece(op_object(rng, "InBetween", members), ERROR, why="InBetween with one bound")
    raise ValueError(case)


def escaped_same_key(rng, key_text):
    """The same key written with a \\u escape (still a duplicate)."""
    inner = json.loads(key_text)
    if not inner:
        return key_text
    i = rng.randrange(len(inner))
    out = json.dumps(inner[:i])[1:-1] + "\\u%04x" % ord(inner[i]) + json.dumps(inner[i + 1:])[1:-1] \
        if ord(inner[i]) <= 0xFFFF else key_text[1:-1]
    return '"' + out + '"'


def good_member(rng, vals, pools, fname, kind, op, member):
    if member == "fields":
        return jarr(rng, [jstr(rng, rng.choice(TEXTUAL_FIELDS))])
    if op in TEXT_OPS + ["MultiSearch"]:
        return jstr(rng, text_fragment(rng, pools, fname))
    if op in ("Includes", "IncludesNone"):
        return jarr(rng, [vals.valid(rng, fname, kind)[0] for _ in range(rng.randint(0, 2))])
    return vals.valid(rng, fname, kind)[0]


def gen_query(rng, vals, pools, bad_rate):
    """The query parameter: Piece with sql = AND of the conditions."""
    if rng.random() < 0.12:
        return Piece(rng.choice([None, "null", "{}"]), ORACLE, "true")
    names = rng.sample(FILTERABLE, rng.choice([1, 1, 2, 2, 3, 4, 6]))
    pairs, conds, params, state, why = [], [], [], ORACLE, None
    for name in names:
        if rng.random() < bad_rate:
            p = gen_bad_condition(rng, vals, pools, name)
        else:
            p = gen_condition(rng, vals, pools, name)
        pairs.append((key(rng, name), p.text))
        state = max(state, p.state)
        why = why or p.why
        if p.state == ORACLE:
            conds.append(f"({p.sql})")
            params.extend(p.params)
    if rng.random() < bad_rate / 3:
        mutation = rng.choice(["unknown_key", "relation_key", "duplicate_key", "duplicate_key"])
        if mutation == "unknown_key":
            pairs.insert(rng.randint(0, len(pairs)), (jstr(rng, unknown_name(rng)), vals.valid(rng, "status", "status")[0]))
            why = "unknown query key"
        elif mutation == "relation_key":
            rel = rng.choice(list(RELATIONS))
            pairs.insert(rng.randint(0, len(pairs)), (key(rng, rel), rng.choice(['"%s"' % PROJECTS["a"], "null",
                                                                                 '{"_type": "IsNull"}'])))
            why = "relation as a query key"
        else:
            k, v = rng.choice(pairs)
            pairs.insert(rng.randint(0, len(pairs)), (k if rng.random() < 0.7 else escaped_same_key(rng, k),
                                                      gen_condition(rng, vals, pools, json.loads(k)).text))
            why = "query key named twice"
        state = ERROR
    sql = " AND ".join(conds) if conds else "true"
    return Piece(jobj(rng, pairs), state, sql if state == ORACLE else None, params if state == ORACLE else [],
                 why=why)


def unknown_name(rng):
    return rng.choice(["nope", "Status", "status_message", "created_at", "_ID", "id", "projectid", "",
                       " status", "status ", "stat\u00fcs", "project.name", "answeredByUser.name", "email",
                       "name", "__proto__", "constructor", "createdAt\t", rng.choice(SQL_FRAGMENTS),
                       "k" * rng.choice([50, 1000, 10000])])


# ---------------------------------------------------------------------------
# select
# ---------------------------------------------------------------------------

def gen_select(rng, bad_rate):
    """Piece whose payload is the projection: a list of
    ('field', name) | ('rel', name, [relation fields])."""
    if rng.random() < 0.1:
        return Piece(rng.choice([None, "null", "{}"]), ORACLE, payload=[])
    names = rng.sample([n for n, _, _ in FIELDS], rng.choice([1, 1, 2, 3, 4, 6, 10, 22]))
    pairs, proj, state, why = [], [], ORACLE, None
    for name in names:
        kind = FIELD[name][1]
        if kind == "rel":
            alias, rfields = RELATIONS[name]
            form = rng.choice(["true", "false", "{}", "obj", "obj", "obj"])
            if form in ("true", "false", "{}"):
                pairs.append((key(rng, name), form))
                if form != "false":
                    proj.append(("rel", name, []))
                continue
            sub = rng.sample([f for f, _, _ in rfields], rng.randint(1, len(rfields)))
            sub_pairs, chosen = [], []
            for f in sub:
                flag = rng.random() < 0.7
                sub_pairs.append((key(rng, f), "true" if flag else "false"))
                if flag and f != "_id":
                    chosen.append(f)
            pairs.append((key(rng, name), jobj(rng, sub_pairs)))
            proj.append(("rel", name, chosen))
        else:
            flag = rng.random() < 0.8
            pairs.append((key(rng, name), "true" if flag else "false"))
            if flag and name != "_id":
                proj.append(("field", name))
    if rng.random() < bad_rate:
        state = ERROR
        mutation = rng.choice(["unknown", "non_bool", "rel_bad", "rel_unknown", "dup", "rel_dup", "rel_non_bool",
                               "top_type", "relation_of_relation"])
        i = rng.randint(0, len(pairs))
        if mutation == "unknown":
            pairs.insert(i, (jstr(rng, unknown_name(rng)), "true"))
        elif mutation == "non_bool":
            name = rng.choice([n for n in FIELD if FIELD[n][1] != "rel"])
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), rng.choice(['"true"', "1", "0", "null", "[]", "{}",
                                                                          '{"a": true}', "[true]"])))
        elif mutation == "rel_bad":
            name = rng.choice(list(RELATIONS))
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), rng.choice(['"x"', "1", "null", "[]", '["name"]', '"true"'])))
        elif mutation == "rel_unknown":
            name = rng.choice(list(RELATIONS))
            own = [f for f, _, _ in RELATIONS[name][1]]
            bad = rng.choice([f for f in ALL_REL_FIELD_NAMES + ["status", "project", "nope", "Name", ""]
                              if f not in own])
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), jobj(rng, [(key(rng, "name"), "true"),
                                                                         (jstr(rng, bad), "true")])))
        elif mutation == "rel_non_bool":
            name = rng.choice(list(RELATIONS))
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), jobj(rng, [(key(rng, rng.choice(["_id", "name"])),
                                                                          rng.choice(["1", '"yes"', "null", "{}"]))])))
        elif mutation == "relation_of_relation":
            pairs = [p for p in pairs if json.loads(p[0]) != "incomingCallPolicy"]
            pairs.insert(min(i, len(pairs)), (key(rng, "incomingCallPolicy"), jobj(rng, [(key(rng, "project"), "true")])))
        elif mutation == "dup":
            k, v = rng.choice(pairs) if pairs else (key(rng, "status"), "true")
            pairs.insert(i, (k if rng.random() < 0.7 else escaped_same_key(rng, k), rng.choice(["true", "false"])))
            if len(pairs) == 1:
                pairs.append((k, "true"))
        elif mutation == "rel_dup":
            name = rng.choice(list(RELATIONS))
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), jobj(rng, [(key(rng, "name"), "true"),
                                                                         (key(rng, "_id"), "true"),
                                                                         (key(rng, "name"), "false")])))
        else:
            return Piece(rng.choice(["[]", '["status"]', '"status"', "5", "true", "false", '""',
                                     '[{"status": true}]']), ERROR, why="select not an object")
        return Piece(jobj(rng, pairs), state, why=f"select: {mutation}")
    return Piece(jobj(rng, pairs), ORACLE, payload=proj)


# ---------------------------------------------------------------------------
# sort, skip, limit, id
# ---------------------------------------------------------------------------

ASC_WORDS = ['"ASC"', '"asc"', '"Ascending"', '"ascending"', '"aSc"', "1", "1.0", "1e0", "10e-1", '"ASCENDING"']
DESC_WORDS = ['"DESC"', '"desc"', '"Descending"', '"DESCENDING"', "-1", "-1.0", "-1e0", "-0.1e1"]
BAD_DIRECTIONS = ['"UP"', '""', '"desc "', '" ASC"', '"ASC NULLS FIRST"', "0", "2", "1.5", "-2", "1e999999",
                  "true", "null", "[]", "{}", '{"_type": "ASC"}', '"ASC; DROP TABLE x"', '"Asc\\u0041"',
                  '"+1"', '"1"', '"-1"', "-0", '"AS\\u0043 "']


def gen_sort(rng, bad_rate):
    """Piece with sql = the ORDER BY list (ties by id appended as the API does)."""
    if rng.random() < 0.15:
        return Piece(rng.choice([None, "null", "{}"]), ORACLE, "l.created_at DESC, l.id ASC")
    names = rng.sample(FILTERABLE, rng.choice([1, 1, 2, 3, 5]))
    pairs, order = [], []
    for name in names:
        desc = rng.random() < 0.5
        pairs.append((key(rng, name), rng.choice(DESC_WORDS if desc else ASC_WORDS)))
        order.append(f"l.{FIELD[name][0]} {'DESC' if desc else 'ASC'}")
    if "_id" not in names:
        order.append("l.id ASC")
    if rng.random() < bad_rate:
        mutation = rng.choice(["unknown", "relation", "direction", "dup", "top"])
        i = rng.randint(0, len(pairs))
        if mutation == "unknown":
            pairs.insert(i, (jstr(rng, unknown_name(rng)), '"ASC"'))
        elif mutation == "relation":
            pairs.insert(i, (key(rng, rng.choice(list(RELATIONS))), '"ASC"'))
        elif mutation == "direction":
            j = rng.randrange(len(pairs))
            pairs[j] = (pairs[j][0], rng.choice(BAD_DIRECTIONS))
        elif mutation == "dup":
            k = rng.choice(pairs)[0]
            pairs.insert(i, (k, '"DESC"'))
        else:
            return Piece(rng.choice(["[]", '["createdAt"]', '"createdAt"', "1", "true", '[{"createdAt": "ASC"}]']),
                         ERROR, why="sort not an object")
        return Piece(jobj(rng, pairs), ERROR, why=f"sort: {mutation}")
    return Piece(jobj(rng, pairs), ORACLE, ", ".join(order))


def gen_paging(rng, bad_rate, total):
    """(skip, limit, state)"""
    skip = rng.choice([None, None, 0, rng.randint(0, total + 5), rng.randint(0, 20), 2 ** 31 - 1, total])
    limit = rng.choice([None, None, 1, 100, rng.randint(1, 100), 10, 3])
    if rng.random() < bad_rate / 2:
        if rng.random() < 0.5:
            return rng.choice([-1, -2 ** 31, -rng.randint(1, 10 ** 6)]), limit, ERROR
        return skip, rng.choice([0, -1, 101, 2 ** 31 - 1, -2 ** 31, 1000]), ERROR
    return skip, limit, ORACLE


def gen_id(rng, pools):
    """(id text or None, canonical uuid or None, state)"""
    r = rng.random()
    if r < 0.75:
        canonical = rng.choice(pools["call_ids"]) if rng.random() < 0.85 else str(uuid.UUID(int=rng.getrandbits(128)))
        return uuid_text(rng, canonical), canonical, ORACLE
    if r < 0.78:
        return None, None, ERROR
    canonical = rng.choice(pools["call_ids"])
    bad = rng.choice(bad_uuid_texts(rng, canonical) + SQL_FRAGMENTS + ["x" * 100000, "😀", "0a" * 16 + "\n"])
    return bad, None, ERROR


# ---------------------------------------------------------------------------
# get_aggregate (doc/aggregates.md): groupBy, aggregate, sort, limit
# ---------------------------------------------------------------------------

GROUPABLE = FILTERABLE                 # every field but the relations (catalog.c)
DATE_FIELDS = [n for n in FILTERABLE if FIELD[n][1] == "date"]
NUMBER_FIELDS = [n for n in FILTERABLE if FIELD[n][1] == "int"]
BUCKETS = ["Minute", "Hour", "Day", "Week", "Month", "Year"]
NUMBER_MEASURES = ["Sum", "Avg", "Min", "Max", "P50", "P90", "P95", "P99"]
DATE_MEASURES = ["Min", "Max"]
AGG_MAX_KEYS = 4                       # doc/aggregates.md, "groupBy"
AGG_MAX_LIMIT = 1000
BAD_BUCKETS = ['"day"', '"DAY"', '"Days"', '"Quarter"', '""', '" Day"', '"Day "', '"Second"', '"week"', '"D\\u0061Y"',
               '"Day\\u0000"', '"1 day"', '"Decade"']
BAD_MEASURES = ['"sum"', '"avg"', '"P95 "', '"Median"', '"P100"', '"P0"', '"p95"', '"Count"', '"count"', "95", "null",
                "true", "[]", '{"_type": "Sum"}', '""', '"Sum; DROP TABLE x"', '"S\\u0055M"']


def measures_of(name):
    kind = FIELD[name][1] if name in FIELD else None
    return NUMBER_MEASURES if kind == "int" else DATE_MEASURES if kind == "date" else []


def gen_group_by(rng, bad_rate):
    """Piece whose payload is the grouped keys in order: [(name, bucket or None)]."""
    if rng.random() < 0.12:
        return Piece(rng.choice([None, "null", "{}"]), ORACLE, payload=[])
    n = rng.choice([1, 1, 1, 2, 2, 3, AGG_MAX_KEYS])
    names = rng.sample(GROUPABLE, n + (1 if rng.random() < 0.15 else 0))
    pairs, keys = [], []
    for j, name in enumerate(names):
        if j == n:      # one more, left out with false (does not count against the four)
            pairs.insert(rng.randint(0, len(pairs)), (key(rng, name), "false"))
        elif FIELD[name][1] == "date" and rng.random() < 0.7:
            bucket = rng.choice(BUCKETS)
            pairs.append((key(rng, name), jstr(rng, bucket)))
            keys.append((name, bucket))
        else:
            pairs.append((key(rng, name), "true"))
            keys.append((name, None))
    if rng.random() < bad_rate:
        mutation = rng.choice(["too_many", "unknown", "relation", "bucket_not_date", "unknown_bucket", "bad_value",
                               "dup", "top"])
        i = rng.randint(0, len(pairs))
        if mutation == "too_many":
            pairs = [(key(rng, nm), "true") for nm in rng.sample(GROUPABLE, AGG_MAX_KEYS + 1)]
        elif mutation == "unknown":
            pairs.insert(i, (jstr(rng, unknown_name(rng)), rng.choice(["true", "false"])))
        elif mutation == "relation":
            pairs.insert(i, (key(rng, rng.choice(list(RELATIONS))), rng.choice(["true", '"Day"'])))
        elif mutation == "bucket_not_date":
            name = rng.choice([nm for nm in GROUPABLE if FIELD[nm][1] != "date"])
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), jstr(rng, rng.choice(BUCKETS))))
        elif mutation == "unknown_bucket":
            name = rng.choice(DATE_FIELDS)
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), rng.choice(BAD_BUCKETS)))
        elif mutation == "bad_value":
            name = rng.choice(GROUPABLE)
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), rng.choice(["1", "0", "null", "[]", "{}", "[true]",
                                                                          '{"Day": true}', "1.0"])))
        elif mutation == "dup":
            k = rng.choice(pairs)[0] if pairs else key(rng, "status")
            pairs.insert(i, (k if rng.random() < 0.7 else escaped_same_key(rng, k), rng.choice(["true", "false"])))
            if len(pairs) == 1:
                pairs.append((k, "true"))
        else:
            return Piece(rng.choice(["[]", '["status"]', '"status"', "5", "true", "false", '""',
                                     '[{"status": true}]']), ERROR, why="groupBy not an object")
        return Piece(jobj(rng, pairs), ERROR, why=f"groupBy: {mutation}")
    return Piece(jobj(rng, pairs), ORACLE, payload=keys)


def gen_aggregate(rng, bad_rate, grouped):
    """Piece whose payload is (count shown?, [(field, [measures])] in order).
    grouped: the names groupBy groups by (they cannot be measured)."""
    if rng.random() < 0.12:
        return Piece(rng.choice([None, "null", "{}"]), ORACLE, payload=(True, []))
    measurable = [nm for nm in NUMBER_FIELDS + DATE_FIELDS if nm not in grouped]
    chosen = rng.sample(measurable, min(len(measurable), rng.choice([0, 1, 1, 1, 2, 3])))
    pairs = []
    if rng.random() < 0.75 or not chosen:
        pairs.append((key(rng, "count"), "true" if rng.random() < 0.85 else "false"))
    for name in chosen:
        if rng.random() < 0.1:
            pairs.append((key(rng, name), "false"))
        else:
            ms = rng.sample(measures_of(name), rng.randint(1, min(4, len(measures_of(name)))))
            pairs.append((key(rng, name), jarr(rng, [jstr(rng, m) for m in ms])))
    if rng.random() < 0.03:     # every measure of three fields: with a large limit, past the answer's size cap
        pairs = [(key(rng, nm), jarr(rng, [jstr(rng, m) for m in NUMBER_MEASURES]))
                 for nm in rng.sample([nm for nm in NUMBER_FIELDS if nm not in grouped], 3)]
    if rng.random() < 0.05:     # a field without measures, left out with false
        pairs.append((key(rng, rng.choice([nm for nm in FILTERABLE if not measures_of(nm)])), "false"))
    rng.shuffle(pairs)
    if rng.random() < bad_rate:
        mutation = rng.choice(["unknown_measure", "measure_of_other", "empty", "repeated", "grouped", "not_measurable",
                               "count_value", "field_value", "unknown", "relation", "dup", "top"])
        i = rng.randint(0, len(pairs))
        pairs = [p for p in pairs if json.loads(p[0]) != "count" or mutation != "count_value"]
        i = min(i, len(pairs))
        name = rng.choice(measurable or NUMBER_FIELDS)
        if mutation == "grouped" and not [g for g in grouped if measures_of(g)]:
            mutation = "unknown_measure"
        if mutation in ("unknown_measure", "measure_of_other", "empty", "repeated", "field_value"):
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            i = min(i, len(pairs))
        if mutation == "unknown_measure":
            ms = [jstr(rng, m) for m in rng.sample(measures_of(name), 1)]
            ms.insert(rng.randint(0, 1), rng.choice(BAD_MEASURES))
            pairs.insert(i, (key(rng, name), jarr(rng, ms)))
        elif mutation == "measure_of_other":
            name = rng.choice([nm for nm in DATE_FIELDS if nm not in grouped] or DATE_FIELDS)
            pairs = [p for p in pairs if json.loads(p[0]) != name]
            pairs.insert(min(i, len(pairs)), (key(rng, name), jarr(rng, [jstr(rng, rng.choice(["Sum", "Avg", "P50", "P99"]))])))
        elif mutation == "empty":
            pairs.insert(i, (key(rng, name), "[]"))
        elif mutation == "repeated":
            m = rng.choice(measures_of(name))
            pairs.insert(i, (key(rng, name), jarr(rng, [jstr(rng, m), jstr(rng, m)])))
        elif mutation == "grouped":
            name = rng.choice([g for g in grouped if measures_of(g)])
            pairs.insert(i, (key(rng, name), jarr(rng, [jstr(rng, "Max")])))
        elif mutation == "not_measurable":
            pairs.insert(i, (key(rng, rng.choice([nm for nm in FILTERABLE if not measures_of(nm)])),
                             jarr(rng, [jstr(rng, rng.choice(["Min", "Max", "Sum"]))])))
        elif mutation == "count_value":
            pairs.insert(i, (key(rng, "count"), rng.choice(["1", "0", "null", '"true"', "[]", "{}", '["Sum"]'])))
        elif mutation == "field_value":
            pairs.insert(i, (key(rng, name), rng.choice(["true", '"Sum"', "1", "null", "{}", '{"Sum": true}'])))
        elif mutation == "unknown":
            pairs.insert(i, (jstr(rng, unknown_name(rng)), rng.choice(['["Sum"]', "true", "false"])))
        elif mutation == "relation":
            pairs.insert(i, (key(rng, rng.choice(list(RELATIONS))), rng.choice(['["Min"]', "true"])))
        elif mutation == "dup":
            k = rng.choice(pairs)[0] if pairs else key(rng, "count")
            pairs.insert(i, (k if rng.random() < 0.7 else escaped_same_key(rng, k),
                             "true" if json.loads(k) == "count" else '["Max"]'))
            if len(pairs) == 1:
                pairs.append((k, "true"))
        else:
            return Piece(rng.choice(["[]", '["count"]', '"count"', "5", "true", '""', '[{"count": true}]']),
                         ERROR, why="aggregate not an object")
        return Piece(jobj(rng, pairs), ERROR, why=f"aggregate: {mutation}")
    count = not pairs or any(json.loads(k) == "count" and v == "true" for k, v in pairs)
    fields = [(json.loads(k), json.loads(v)) for k, v in pairs if json.loads(k) != "count" and v != "false"]
    return Piece(jobj(rng, pairs), ORACLE, payload=(count, fields))


def aggregate_answer_keys(group_keys, count, fields):
    """The sort keys of an answer: [(sort key, ('key', i) | ('count',) | ('measure', field, measure))]."""
    out = [(name, ("key", i)) for i, (name, _) in enumerate(group_keys)]
    if count:
        out.append(("count", ("count",)))
    out += [(f"{f}.{m}", ("measure", f, m)) for f, ms in fields for m in ms]
    return out


def gen_aggregate_sort(rng, bad_rate, group_keys, count, fields):
    """Piece whose payload is [(answer key, descending)] in order."""
    answer = aggregate_answer_keys(group_keys, count, fields)
    if rng.random() < 0.2 or not answer:
        return Piece(rng.choice([None, "null", "{}"]), ORACLE, payload=[])
    chosen = rng.sample(answer, rng.randint(1, min(3, len(answer))))
    pairs, order = [], []
    for name, _ in chosen:
        desc = rng.random() < 0.5
        pairs.append((key(rng, name), rng.choice(DESC_WORDS if desc else ASC_WORDS)))
        order.append((name, desc))
    if rng.random() < bad_rate:
        mutation = rng.choice(["not_in_answer", "direction", "dup", "top"])
        i = rng.randint(0, len(pairs))
        if mutation == "not_in_answer":
            names = {n for n, _ in answer}
            candidates = [n for n in FILTERABLE if n not in names] + \
                [f"{f}.{m}" for f in NUMBER_FIELDS + DATE_FIELDS for m in measures_of(f) if f"{f}.{m}" not in names] + \
                list(RELATIONS) + [unknown_name(rng), "Count", "count ", "callDurationInSeconds.p95",
                                   "callDurationInSeconds", ".P95", "callDurationInSeconds.P95.Sum"]
            if not count:
                candidates.append("count")
            pairs.insert(i, (jstr(rng, rng.choice(candidates)), '"ASC"'))
        elif mutation == "direction":
            j = rng.randrange(len(pairs))
            pairs[j] = (pairs[j][0], rng.choice(BAD_DIRECTIONS))
        elif mutation == "dup":
            pairs.insert(i, (rng.choice(pairs)[0], '"DESC"'))
        else:
            return Piece(rng.choice(["[]", '["count"]', '"count"', "1", "true", '[{"count": "ASC"}]']),
                         ERROR, why="sort not an object")
        return Piece(jobj(rng, pairs), ERROR, why=f"aggregate sort: {mutation}")
    return Piece(jobj(rng, pairs), ORACLE, payload=order)


def gen_aggregate_limit(rng, bad_rate):
    """(limit or None, state)"""
    if rng.random() < bad_rate / 2:
        return rng.choice([0, -1, AGG_MAX_LIMIT + 1, 2 ** 31 - 1, -2 ** 31, 5000]), ERROR
    return rng.choice([None, None, 1, 2, 3, 5, 10, rng.randint(1, 50), AGG_MAX_LIMIT, rng.randint(1, AGG_MAX_LIMIT)]), ORACLE


# ---------------------------------------------------------------------------
# get_page cursors (doc/cursors-and-changes.md): altered ones
# ---------------------------------------------------------------------------

B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
CURSOR_MUTATIONS = ["truncate", "char", "low_bits", "bit", "insert", "delete", "swap", "append", "overlong", "padding",
                    "standard_b64", "case", "space", "not_a_cursor", "random_bytes", "header"]


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def mutate_cursor(rng, c, kind=None):
    """(kind, an altered form of cursor c): never c itself."""
    kind = kind or rng.choice(CURSOR_MUTATIONS)
    for _ in range(50):
        pos = rng.randrange(len(c))
        if kind == "truncate":
            m = c[:rng.choice([0, 1, 4, len(c) // 2, len(c) - 4, len(c) - 1, rng.randrange(len(c))])]
        elif kind == "char":
            m = c[:pos] + rng.choice(B64URL) + c[pos + 1:]
        elif kind == "low_bits":        # the last character's unused low bits set: the same bytes, spelt otherwise
            unused = {2: 4, 3: 2}.get(len(c) % 4, 0)
            if not unused:
                kind = "char"
                continue
            m = c[:-1] + B64URL[B64URL.index(c[-1]) ^ rng.randrange(1, 1 << unused)]
        elif kind == "bit":             # a bit of the bytes flipped, written canonically again
            raw = bytearray(b64url_decode(c))
            i = rng.randrange(len(raw))
            raw[i] ^= 1 << rng.randrange(8)
            m = b64url_encode(bytes(raw))
        elif kind == "insert":
            m = c[:pos] + rng.choice(B64URL) + c[pos:]
        elif kind == "delete":
            m = c[:pos] + c[pos + 1:]
        elif kind == "swap":
            pos = min(pos, len(c) - 2)
            m = c[:pos] + c[pos + 1] + c[pos] + c[pos + 2:]
        elif kind == "append":
            m = c + "".join(rng.choice(B64URL) for _ in range(rng.choice([1, 2, 3, 4, 8])))
        elif kind == "overlong":
            n = rng.choice([1025, 1026, 1028, 2048, 5000, 100000])
            m = (c * (n // len(c) + 1))[:n] if rng.random() < 0.5 else c + "A" * (n - len(c))
        elif kind == "padding":
            m = c + rng.choice(["=", "==", "==="])
        elif kind == "standard_b64":
            m = c.replace("-", "+").replace("_", "/")
            if m == c:
                m = c[:pos] + rng.choice("+/") + c[pos + 1:]
        elif kind == "case":
            m = c.swapcase() if rng.random() < 0.5 else c[:pos] + c[pos].swapcase() + c[pos + 1:]
        elif kind == "space":
            m = rng.choice([" " + c, c + " ", c + "\n", c[:pos] + " " + c[pos:], "\t" + c])
        elif kind == "not_a_cursor":
            m = rng.choice(["", " ", "null", "{}", "[]", "0", "next", "' OR 1=1 --", "\U0001F600", "a" * 1024,
                            "A" * 64, PROJECTS["a"], "%00", "..", "after", "$1"] + SQL_FRAGMENTS)
        elif kind == "random_bytes":
            m = b64url_encode(bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 10, 40, 60, 64, 100, 700]))))
        else:                           # another version or kind byte, the rest (and the signature) kept
            raw = bytearray(b64url_decode(c))
            raw[rng.choice([0, 1])] ^= rng.choice([1, 2, 3, 0xFF])
            m = b64url_encode(bytes(raw))
        if m != c:
            return kind, m
        kind = rng.choice(CURSOR_MUTATIONS)
    return "append", c + "A"
