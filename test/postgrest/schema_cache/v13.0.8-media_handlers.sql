-- PostgREST v13.0.8, src/PostgREST/SchemaCache.hs, mediaHandlers: the statement verbatim
-- (only the Haskell string splicing is resolved, and NeatInterpolation's $$ escape and $baseTypesCte).
-- Parameters: $1 text[] = db-schemas, each escapeIdent-quoted
with
all_relations as (
  select reltype
  from pg_class
  where relkind in ('v','r','m','f','p')
  union
  select oid
  from pg_type
  where typname = 'anyelement'
),
media_types as (
    SELECT
      t.oid,
      lower(t.typname) as typname,
      t.typnamespace,
      case t.typname
        when '*/*' then 'application/octet-stream'
        else t.typname
      end as resolved_media_type
    FROM pg_type t
    JOIN pg_type b ON t.typbasetype = b.oid
    WHERE
      t.typbasetype <> 0 and
      (t.typname ~* '^[A-Za-z0-9.-]+/[A-Za-z0-9.\+-]+$' or t.typname = '*/*')
)
select
  proc_schema.nspname           as handler_schema,
  proc.proname                  as handler_name,
  arg_schema.nspname::text      as target_schema,
  arg_name.typname::text        as target_name,
  media_types.typname           as media_type,
  media_types.resolved_media_type
from media_types
  join pg_proc      proc         on proc.prorettype = media_types.oid
  join pg_namespace proc_schema  on proc_schema.oid = proc.pronamespace
  join pg_aggregate agg          on agg.aggfnoid = proc.oid
  join pg_type      arg_name     on arg_name.oid = proc.proargtypes[0]
  join pg_namespace arg_schema   on arg_schema.oid = arg_name.typnamespace
where
  proc.pronamespace = ANY($1::regnamespace[]) and
  proc.pronargs = 1 and
  arg_name.oid in (select reltype from all_relations)
union
select
    typ_sch.nspname as handler_schema,
    mtype.typname   as handler_name,
    pro_sch.nspname as target_schema,
    proname         as target_name,
    mtype.typname   as media_type,
    mtype.resolved_media_type
from pg_proc proc
  join pg_namespace pro_sch on pro_sch.oid = proc.pronamespace
  join media_types mtype on proc.prorettype = mtype.oid
  join pg_namespace typ_sch     on typ_sch.oid = mtype.typnamespace
where
  proc.pronamespace = ANY($1::regnamespace[]) and NOT proretset
  and prokind = 'f'
