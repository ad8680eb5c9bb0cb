-- test/upgrade/catalog.sql — the extension's objects as catalog queries
-- print them, one line per fact, oids normalized away (every object by name,
-- through regclass, regprocedure, format_type and pg_describe_object, with
-- search_path = pg_catalog so that names are schema-qualified).  Two
-- databases whose outputs are equal hold the same extension.  Covered: the
-- extension row (version, schema, config dump registrations), its member
-- objects, pg_init_privs; and every schema outside pg_catalog with its
-- functions, types and domains, relations, columns, constraints, indexes,
-- triggers, rules, row-level security and policies, privileges and
-- comments; event triggers.  Privileges are printed as the effective ACL
-- (the default one when the catalog holds null), items sorted.
\set ON_ERROR_STOP 1
\set QUIET on
\pset format unaligned
\pset tuples_only on
SET search_path = pg_catalog;

-- An ACL as text, items sorted; null stands for the default ACL.
CREATE FUNCTION pg_temp.acl(acl aclitem[], kind "char", owner oid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(a::text, ',' ORDER BY a::text COLLATE "C"), '<empty>')
      FROM unnest(coalesce(acl, acldefault(kind, owner))) AS a
$$;

-- The schemas compared: every schema but the system's.
CREATE TEMP VIEW user_schema AS
    SELECT oid, nspname FROM pg_namespace
     WHERE nspname !~ '^pg_' AND nspname <> 'information_schema';

CREATE TEMP TABLE fact (line text);

-- The extension itself.
INSERT INTO fact
SELECT format('extension %s: %s', extname, x)
  FROM pg_extension e, LATERAL (VALUES
        ('version=' || extversion),
        ('relocatable=' || extrelocatable),
        ('schema=' || extnamespace::regnamespace),
        ('owner=' || extowner::regrole)) AS v(x)
 WHERE extname = 'incoming_call_log';

INSERT INTO fact
SELECT format('extension config dump: %s %s', c.tab::regclass, quote_literal(c.cond))
  FROM pg_extension, unnest(extconfig, extcondition) AS c(tab, cond)
 WHERE extname = 'incoming_call_log';

INSERT INTO fact
SELECT format('extension depends on: %s (%s)', pg_describe_object(refclassid, refobjid, refobjsubid), deptype)
  FROM pg_depend
 WHERE classid = 'pg_extension'::regclass
   AND objid = (SELECT oid FROM pg_extension WHERE extname = 'incoming_call_log');

-- Its member objects.
INSERT INTO fact
SELECT 'member: ' || pg_describe_object(classid, objid, objsubid)
  FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'incoming_call_log');

-- Initial privileges recorded by extension scripts (pg_dump prints a GRANT
-- for every difference between these and the live ACL).
INSERT INTO fact
SELECT format('init privs %s: %s', pg_describe_object(classoid, objoid, objsubid),
              (SELECT string_agg(a::text, ',' ORDER BY a::text COLLATE "C") FROM unnest(initprivs) AS a))
  FROM pg_init_privs
 WHERE privtype = 'e';

-- Schemas.
INSERT INTO fact
SELECT format('schema %s: %s', quote_ident(n.nspname), x)
  FROM pg_namespace n JOIN user_schema USING (oid), LATERAL (VALUES
        ('owner=' || n.nspowner::regrole),
        ('acl=' || pg_temp.acl(n.nspacl, 'n', n.nspowner)),
        ('comment=' || coalesce(obj_description(n.oid, 'pg_namespace'), '<none>'))) AS v(x);

-- Functions, with their full signature.
INSERT INTO fact
SELECT format('function %s: %s', p.oid::regprocedure, x)
  FROM pg_proc p JOIN user_schema s ON s.oid = p.pronamespace
       JOIN pg_language l ON l.oid = p.prolang, LATERAL (VALUES
        ('arguments=' || pg_get_function_arguments(p.oid)),
        ('result=' || coalesce(pg_get_function_result(p.oid), '<none>')),
        ('kind=' || p.prokind::text),
        ('language=' || l.lanname),
        ('volatility=' || p.provolatile::text),
        ('strict=' || p.proisstrict),
        ('parallel=' || p.proparallel::text),
        ('security definer=' || p.prosecdef),
        ('leakproof=' || p.proleakproof),
        ('returns set=' || p.proretset),
        ('cost=' || p.procost),
        ('rows=' || p.prorows),
        ('support=' || p.prosupport::regproc),
        ('config=' || coalesce(p.proconfig::text, '<none>')),
        ('source=' || p.prosrc),
        ('library=' || coalesce(p.probin, '<none>')),
        ('owner=' || p.proowner::regrole),
        ('acl=' || pg_temp.acl(p.proacl, 'f', p.proowner)),
        ('comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '<none>'))) AS v(x);

-- Types and domains (composite types' attributes are listed as columns).
INSERT INTO fact
SELECT format('type %s: %s', format_type(t.oid, NULL), x)
  FROM pg_type t JOIN user_schema s ON s.oid = t.typnamespace, LATERAL (VALUES
        ('kind=' || t.typtype::text),
        ('category=' || t.typcategory::text),
        ('owner=' || t.typowner::regrole),
        ('base type=' || CASE WHEN t.typbasetype = 0 THEN '<none>' ELSE format_type(t.typbasetype, t.typtypmod) END),
        ('element=' || CASE WHEN t.typelem = 0 THEN '<none>' ELSE format_type(t.typelem, NULL) END),
        ('relation=' || CASE WHEN t.typrelid = 0 THEN '<none>' ELSE t.typrelid::regclass::text END),
        ('not null=' || t.typnotnull),
        ('default=' || coalesce(t.typdefault, '<none>')),
        ('collation=' || coalesce((SELECT quote_ident(collname) FROM pg_collation WHERE oid = t.typcollation), '<none>')),
        ('storage=' || t.typlen || ' ' || t.typbyval || ' ' || t.typalign::text || ' ' || t.typstorage::text),
        ('io=' || concat_ws(' ', t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc, t.typsend::regproc,
                            t.typmodin::regproc, t.typmodout::regproc, t.typanalyze::regproc)),
        ('acl=' || pg_temp.acl(t.typacl, 'T', t.typowner)),
        ('comment=' || coalesce(obj_description(t.oid, 'pg_type'), '<none>'))) AS v(x);

-- Relations: tables, views, sequences, composite types, indexes.
INSERT INTO fact
SELECT format('relation %s: %s', c.oid::regclass, x)
  FROM pg_class c JOIN user_schema s ON s.oid = c.relnamespace, LATERAL (VALUES
        ('kind=' || c.relkind::text),
        ('persistence=' || c.relpersistence::text),
        ('owner=' || c.relowner::regrole),
        ('access method=' || coalesce((SELECT amname FROM pg_am WHERE oid = c.relam), '<none>')),
        ('row level security=' || c.relrowsecurity),
        ('force row level security=' || c.relforcerowsecurity),
        ('replica identity=' || c.relreplident::text),
        ('options=' || coalesce(c.reloptions::text, '<none>')),
        ('of type=' || CASE WHEN c.reloftype = 0 THEN '<none>' ELSE format_type(c.reloftype, NULL) END),
        ('acl=' || CASE WHEN c.relkind IN ('i', 'I', 'c') THEN '<n/a>'
                        ELSE pg_temp.acl(c.relacl, (CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner) END),
        ('comment=' || coalesce(obj_description(c.oid, 'pg_class'), '<none>'))) AS v(x);

INSERT INTO fact
SELECT format('view %s: %s', c.oid::regclass, pg_get_viewdef(c.oid))
  FROM pg_class c JOIN user_schema s ON s.oid = c.relnamespace
 WHERE c.relkind IN ('v', 'm');

INSERT INTO fact
SELECT format('sequence %s: %s', q.seqrelid::regclass, x)
  FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid JOIN user_schema s ON s.oid = c.relnamespace, LATERAL (VALUES
        ('type=' || format_type(q.seqtypid, NULL)),
        ('bounds=' || q.seqstart || ' ' || q.seqincrement || ' ' || q.seqmin || ' ' || q.seqmax || ' ' || q.seqcache || ' ' || q.seqcycle)) AS v(x);

-- Columns (of tables, views and composite types; indexes are described by
-- their definition): position among the live columns, type, NOT NULL, ...
INSERT INTO fact
SELECT format('column %s.%s: %s', a.attrelid::regclass, quote_ident(a.attname), x)
  FROM (SELECT a.*, row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS position
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN user_schema s ON s.oid = c.relnamespace
         WHERE a.attnum > 0 AND NOT a.attisdropped
           AND c.relkind NOT IN ('i', 'I')) AS a
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum, LATERAL (VALUES
        ('position=' || a.position),
        ('type=' || format_type(a.atttypid, a.atttypmod)),
        ('not null=' || a.attnotnull),
        ('default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '<none>')),
        ('identity=' || a.attidentity::text),
        ('generated=' || a.attgenerated::text),
        ('collation=' || coalesce((SELECT quote_ident(collname) FROM pg_collation WHERE oid = a.attcollation), '<none>')),
        ('storage=' || a.attstorage::text),
        ('acl=' || coalesce((SELECT string_agg(i::text, ',' ORDER BY i::text COLLATE "C") FROM unnest(a.attacl) AS i), '<none>')),
        ('comment=' || coalesce(col_description(a.attrelid, a.attnum), '<none>'))) AS v(x);

-- Constraints of tables and of domains.
INSERT INTO fact
SELECT format('constraint %s on %s: %s', quote_ident(k.conname),
              CASE WHEN k.conrelid <> 0 THEN 'table ' || k.conrelid::regclass::text ELSE 'domain ' || format_type(k.contypid, NULL) END,
              x)
  FROM pg_constraint k JOIN user_schema s ON s.oid = k.connamespace, LATERAL (VALUES
        ('definition=' || pg_get_constraintdef(k.oid)),
        ('type=' || k.contype::text),
        ('deferrable=' || k.condeferrable || ' ' || k.condeferred),
        ('validated=' || k.convalidated),
        ('no inherit=' || k.connoinherit),
        ('index=' || CASE WHEN k.conindid = 0 THEN '<none>' ELSE k.conindid::regclass::text END),
        ('comment=' || coalesce(obj_description(k.oid, 'pg_constraint'), '<none>'))) AS v(x);

-- Indexes.
INSERT INTO fact
SELECT format('index %s: %s', i.indexrelid::regclass, x)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN user_schema s ON s.oid = c.relnamespace, LATERAL (VALUES
        ('definition=' || pg_get_indexdef(i.indexrelid)),
        ('primary=' || i.indisprimary),
        ('unique=' || i.indisunique),
        ('exclusion=' || i.indisexclusion),
        ('immediate=' || i.indimmediate),
        ('clustered=' || i.indisclustered),
        ('valid=' || i.indisvalid || ' ready=' || i.indisready || ' live=' || i.indislive),
        ('replica identity=' || i.indisreplident)) AS v(x);

-- Triggers (the internal ones of foreign keys are the constraints above).
INSERT INTO fact
SELECT format('trigger %s on %s: %s', quote_ident(t.tgname), t.tgrelid::regclass, x)
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN user_schema s ON s.oid = c.relnamespace, LATERAL (VALUES
        ('definition=' || pg_get_triggerdef(t.oid)),
        ('enabled=' || t.tgenabled::text),
        ('comment=' || coalesce(obj_description(t.oid, 'pg_trigger'), '<none>'))) AS v(x)
 WHERE NOT t.tgisinternal;

-- Rules other than views' own.
INSERT INTO fact
SELECT format('rule %s on %s: %s enabled=%s', quote_ident(r.rulename), r.ev_class::regclass, pg_get_ruledef(r.oid), r.ev_enabled)
  FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN user_schema s ON s.oid = c.relnamespace
 WHERE r.rulename <> '_RETURN';

-- Row-level security policies.
INSERT INTO fact
SELECT format('policy %s on %s.%s: %s', quote_ident(p.policyname), quote_ident(p.schemaname), quote_ident(p.tablename), x)
  FROM pg_policies p JOIN user_schema s ON s.nspname = p.schemaname, LATERAL (VALUES
        ('permissive=' || p.permissive),
        ('roles=' || p.roles::text),
        ('command=' || p.cmd),
        ('using=' || coalesce(p.qual, '<none>')),
        ('with check=' || coalesce(p.with_check, '<none>'))) AS v(x);

-- Event triggers (database-wide; an extension may add some).
INSERT INTO fact
SELECT format('event trigger %s: event=%s function=%s enabled=%s tags=%s', quote_ident(evtname), evtevent,
              evtfoid::regprocedure, evtenabled, coalesce(evttags::text, '<none>'))
  FROM pg_event_trigger;

-- Casts, operators and operator families/classes of the extension are
-- members (above); those outside pg_catalog's built-ins are listed too.
INSERT INTO fact
SELECT format('cast %s: %s context=%s method=%s', pg_describe_object('pg_cast'::regclass, c.oid, 0),
              coalesce(c.castfunc::regprocedure::text, '<none>'), c.castcontext, c.castmethod)
  FROM pg_cast c WHERE c.oid >= 16384;

INSERT INTO fact
SELECT format('operator %s: function=%s commutator=%s negator=%s', o.oid::regoperator,
              o.oprcode::regproc, o.oprcom::regoperator, o.oprnegate::regoperator)
  FROM pg_operator o JOIN user_schema s ON s.oid = o.oprnamespace;

SELECT replace(replace(line, E'\\', E'\\\\'), E'\n', E'\\n') FROM fact ORDER BY line COLLATE "C";
