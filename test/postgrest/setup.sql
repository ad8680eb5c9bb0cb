-- test/postgrest/setup.sql: the fixture's data and keys, after doc/postgrest.sql
-- (which creates the extension).  The keys are kept in a table only the
-- superuser can read, for the suite to present them.
\set ON_ERROR_STOP 1
\ir ../fixtures/fixture.psql
CREATE TABLE public.gateway_key (label text PRIMARY KEY, key text NOT NULL);
REVOKE ALL ON public.gateway_key FROM PUBLIC;
INSERT INTO public.gateway_key VALUES
    ('a_owner', :'key_a_owner'), ('a_admin', :'key_a_admin'), ('a_member', :'key_a_member'),
    ('a_read', :'key_a_read'), ('a_readall', :'key_a_readall'), ('a_none', :'key_a_none'),
    ('a_expired', :'key_a_expired'), ('a_revoked', :'key_a_revoked'), ('b', :'key_b'), ('c', :'key_c');
