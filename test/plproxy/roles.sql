-- test/plproxy/roles.sql — the same roles on every cluster of the PL/Proxy
-- check (roles are per cluster; a sharded deployment mirrors them).  Run with
-- -v login=LOGIN on the nodes (PL/Proxy connects there as the caller's role)
-- and -v login=NOLOGIN where a gateway switches to them (router, single).
--   web_anon      presents API keys
--   alice         member of support_team: grants on A (node0) and B (node1)
--   bob           one grant, on C
--   carol         one grant, on demo project 2, without read permission
--   dora          admin: reads any project she names
--   erin          no grant at all
--   frank         one grant, on A
--   prober        presents unknown keys only
\set ON_ERROR_STOP 1
\set QUIET on
CREATE ROLE authenticator LOGIN NOINHERIT;
CREATE ROLE support_team NOLOGIN;
CREATE ROLE web_anon :login;
CREATE ROLE alice :login;
CREATE ROLE bob :login;
CREATE ROLE carol :login;
CREATE ROLE dora :login;
CREATE ROLE erin :login;
CREATE ROLE frank :login;
CREATE ROLE prober :login;
GRANT support_team TO alice;
GRANT web_anon, alice, bob, carol, dora, erin, frank, prober TO authenticator;
