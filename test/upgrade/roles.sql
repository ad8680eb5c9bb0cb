-- test/upgrade/roles.sql — the cluster roles the upgrade and cross-major
-- checks fill their databases for (roles are cluster-wide: created once,
-- before the databases).  A gateway's role holds the DBA's GRANTs; the
-- others reach the calls through membership in it.
\set ON_ERROR_STOP 1
CREATE ROLE icl_u_gateway_api NOLOGIN;    -- DBA: USAGE on the schema, EXECUTE on the three calls
CREATE ROLE icl_u_member IN ROLE icl_u_gateway_api;        -- ProjectMember on A
CREATE ROLE icl_u_group NOLOGIN IN ROLE icl_u_gateway_api; -- ReadAllProjectResources on B
CREATE ROLE icl_u_inherit IN ROLE icl_u_group;             -- reads B through icl_u_group
CREATE ROLE icl_u_two IN ROLE icl_u_gateway_api;           -- ReadProjectIncomingCallLog on A, ProjectMember on C
CREATE ROLE icl_u_noread IN ROLE icl_u_gateway_api;        -- a grant on A with no permission
CREATE ROLE icl_u_admin IN ROLE icl_u_gateway_api;         -- admin capability
CREATE ROLE icl_u_writer IN ROLE icl_u_gateway_api;        -- writer capability
CREATE ROLE icl_u_report;                 -- DBA: SELECT on call_log; ProjectMember on C (row-level security)
