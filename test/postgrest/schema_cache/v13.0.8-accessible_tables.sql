-- PostgREST v13.0.8, src/PostgREST/SchemaCache.hs, accessibleTables: the statement verbatim
-- (only the Haskell string splicing is resolved, and NeatInterpolation's $$ escape and $baseTypesCte).
-- Parameters: $1 text[] = [the schema], escapeIdent-quoted
SELECT
  n.nspname AS table_schema,
  c.relname AS table_name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v','r','m','f','p')
AND c.relnamespace = ANY($1::regnamespace[])
AND (
  pg_has_role(c.relowner, 'USAGE')
  or has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
  or has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')
)
AND not c.relispartition
ORDER BY table_schema, table_name
