"""test/doc/doctest.py — run the examples of README.md and doc/*.md.

The convention (doc/testing.md, "The doc test"):

- A fenced block whose info string starts with `sql` is run, unless the
  info string also says `norun`.  So is one starting with `sh`, `bash` or
  `shell`.  Other blocks (ini, js, graphql, json, text, none) are not run.
- All runnable blocks of one file run in order in ONE psql session (as if
  pasted into psql), connected as the PG* environment's superuser to a
  throwaway database made for that file, so a block may use what an earlier
  one made (a table row, a psql variable from \\gset).  Shell blocks run from
  that session with \\! in a scratch directory that links every top-level
  entry of the repository (so `doc/postgrest.sql` is there, and files an
  example writes land in the scratch directory), with bash -e and the word
  `mydb` replaced by the throwaway database's name.
- The database of README.md starts empty; that of a doc/*.md file holds the
  extension and the test fixture (test/fixtures/fixture.psql: projects A, B,
  C, their call logs, and psql variables such as :'key_a_read'), unless the
  file says <!-- doctest: empty -->.  <!-- doctest: fixture --> asks for the
  fixture explicitly.
- Expected output: the lines `-- → …` of a sql block (`# → …` of a shell
  block), in order, or the ```text block that directly follows the block.
  psql runs with -X -q -A -t (quiet, unaligned, no headers or row counts), so
  a value prints as it is; errors print as `ERROR:  …` and their DETAIL and
  HINT lines; client_min_messages is warning, so NOTICEs do not print.  `…`
  in the expected output matches any text, several lines too.  Trailing
  blanks and trailing empty lines are ignored.
- A block with no expected output passes when it prints no ERROR, FATAL or
  WARNING line (and, for a shell block, exits 0).

Prints TAP: one test per runnable block; the norun blocks are listed in a
diagnostic line (they are not tests).  Roles the examples
create are dropped at the end, with the databases.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
FENCE = re.compile(r'^(\s*)```(.*)$')
RUNNABLE = {'sql': 'sql', 'sh': 'sh', 'bash': 'sh', 'shell': 'sh'}
PREFIX = re.compile(r'^psql:[^:]*:\d+: ')

n = 0
failed = 0


def tap(ok, what, diag=None, skip=None):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    line = '%s %d - %s' % ('ok' if ok else 'not ok', n, what)
    if skip:
        line += ' # SKIP ' + skip
    print(line)
    if diag and not ok:
        for d in diag.rstrip('\n').split('\n'):
            print('# ' + d)
    sys.stdout.flush()


def blocks(path):
    """[(line, lang, words, text)] of the fenced blocks of a markdown file."""
    out = []
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, info = m.group(1), m.group(2).strip()
        start = i + 1
        body = []
        i += 1
        while i < len(lines) and not re.match(r'^\s*```\s*$', lines[i]):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
            i += 1
        words = info.split()
        out.append((start, words[0] if words else '', words[1:], '\n'.join(body) + '\n', i))
        i += 1
    return out, lines


def examples(path):
    """Runnable blocks with their expectations, and the norun ones."""
    found, lines = blocks(path)
    result = []
    for k, (line, lang, words, text, end) in enumerate(found):
        kind = RUNNABLE.get(lang)
        if kind is None:
            continue
        if 'norun' in words:
            result.append((line, kind, None, None))
            continue
        arrow = '-- → ' if kind == 'sql' else '# → '
        expected = [l.strip()[len(arrow):] if l.strip() != arrow.strip() else ''
                    for l in text.split('\n') if l.strip().startswith(arrow.strip())]
        if not expected and k + 1 < len(found) and found[k + 1][1] == 'text':
            nxt = found[k + 1]
            between = lines[end + 1:nxt[0] - 1]
            if all(not b.strip() for b in between):
                expected = nxt[3].rstrip('\n').split('\n')
        result.append((line, kind, text, expected or None))
    return result


def psql(db, *args, **kw):
    return subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def matches(expected, got):
    """The output equals the expected lines; `…` matches any text (lines too)."""
    def norm(lines):
        lines = [l.rstrip() for l in lines]
        while lines and not lines[-1]:
            lines.pop()
        return '\n'.join(lines)
    pattern = '.*?'.join(re.escape(part) for part in norm(expected).split('…'))
    return re.fullmatch(pattern, norm(got), re.S) is not None


def main():
    files = [os.path.join(ROOT, 'README.md')] + sorted(glob.glob(os.path.join(ROOT, 'doc', '*.md')))
    roles_before = set(psql('postgres', '-At', '-c', 'SELECT rolname FROM pg_roles').stdout.split())
    work = tempfile.mkdtemp(prefix='icl-doc-')
    dbs = []
    not_run = []
    try:
        for path in files:
            rel = os.path.relpath(path, ROOT)
            ex = examples(path)
            if not ex:
                continue
            text = open(path, encoding='utf-8').read()
            fixture = rel != 'README.md'
            if '<!-- doctest: empty -->' in text:
                fixture = False
            if '<!-- doctest: fixture -->' in text:
                fixture = True
            db = 'icl_doc_' + re.sub(r'[^a-z0-9]', '_', os.path.splitext(os.path.basename(rel))[0].lower())
            dbs.append(db)
            psql('postgres', '-c', 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % db)
            r = psql('postgres', '-c', 'CREATE DATABASE %s' % db)
            if r.returncode != 0:
                tap(False, '%s: a throwaway database %s' % (rel, db), r.stdout)
                continue
            script = ['\\set ON_ERROR_STOP 0', '\\pset pager off']
            if fixture:
                script += ['CREATE EXTENSION incoming_call_log;',
                           '\\ir %s' % os.path.join(ROOT, 'test', 'fixtures', 'fixture.psql')]
            runnable = []
            shdir = os.path.join(work, 'sh-' + db)
            os.mkdir(shdir)
            for entry in os.listdir(ROOT):
                if entry != '.git':
                    os.symlink(os.path.join(ROOT, entry), os.path.join(shdir, entry))
            for k, (line, kind, body, expected) in enumerate(ex):
                if body is None:
                    continue
                runnable.append((k, line, kind, body, expected))
                script.append('\\echo @@doc-block %d@@' % k)
                if kind == 'sql':
                    script.append(body.rstrip('\n'))
                else:
                    shfile = os.path.join(work, '%s-%d.sh' % (db, k))
                    with open(shfile, 'w') as f:
                        f.write(re.sub(r'\bmydb\b', db, body))
                    script.append("\\! cd '%s' && bash -e '%s' 2>&1; echo \"@@doc-status $?@@\"" % (shdir, shfile))
            script.append('\\echo @@doc-block end@@')
            sqlfile = os.path.join(work, db + '.sql')
            with open(sqlfile, 'w') as f:
                f.write('\n'.join(script) + '\n')
            env = dict(os.environ, PGOPTIONS=os.environ.get('PGOPTIONS', '') + ' -c client_min_messages=warning')
            r = subprocess.run(['psql', '-X', '-q', '-A', '-t', '-d', db, '-f', sqlfile],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
            outputs = {}
            current = None
            for out_line in r.stdout.split('\n'):
                m = re.match(r'^@@doc-block (\d+|end)@@$', out_line)
                if m:
                    current = m.group(1)
                    outputs.setdefault(current, [])
                    continue
                if current is not None:
                    outputs[current].append(PREFIX.sub('', out_line))
            for k, line, kind, body, expected in runnable:
                got = outputs.get(str(k))
                what = '%s:%d %s' % (rel, line, kind)
                if got is None:
                    tap(False, what + ': ran', r.stdout[-3000:])
                    continue
                status = None
                if kind == 'sh':
                    st = [g for g in got if re.match(r'^@@doc-status \d+@@$', g)]
                    status = int(st[-1][13:-2]) if st else None
                    got = [g for g in got if not re.match(r'^@@doc-status \d+@@$', g)]
                shown = '\n'.join(['got:'] + got)
                if expected is not None:
                    ok = matches(expected, got) and status in (None, 0)
                    tap(ok, what + ': output as shown', shown + '\nexpected:\n' + '\n'.join(expected)
                        + ('' if status in (None, 0) else '\nexit status %s' % status))
                else:
                    bad = [g for g in got if re.match(r'^(ERROR|FATAL|PANIC|WARNING):', g)]
                    ok = not bad and status in (None, 0)
                    tap(ok, what + ': runs without an error', shown + ('' if status in (None, 0) else '\nexit status %s' % status))
            for line, kind, body, expected in ex:
                if body is None:
                    not_run.append('%s:%d %s' % (rel, line, kind))
    finally:
        for db in dbs:
            psql('postgres', '-c', 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % db)
        roles_after = set(psql('postgres', '-At', '-c', 'SELECT rolname FROM pg_roles').stdout.split())
        for role in sorted(roles_after - roles_before):
            psql('postgres', '-c', 'DROP OWNED BY "%s"' % role)
            psql('postgres', '-c', 'DROP ROLE "%s"' % role)
        subprocess.run(['rm', '-rf', work])
    # Blocks marked norun are no test: name them, with where the reason is.
    if not_run:
        print('# not run here (marked norun; doc/testing.md says why and what checks each instead): '
              + ', '.join(not_run))
    # Every named bound of src/bounds.h is in the reference's limits table.
    bounds = re.findall(r'^#define\s+([A-Z][A-Z0-9_]+)\s', open(os.path.join(ROOT, 'src', 'bounds.h')).read(), re.M)
    bounds = [b for b in bounds if not b.endswith('_H')]
    reference = open(os.path.join(ROOT, 'doc', 'reference.md'), encoding='utf-8').read()
    missing = [b for b in bounds if '| `%s` |' % b not in reference]
    tap(not missing, 'doc/reference.md lists each of the %d named bounds of src/bounds.h in its limits table' % len(bounds),
        'missing: ' + ', '.join(missing))
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
