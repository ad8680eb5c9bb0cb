-- test/hints.sql — refusals that say what the caller can fix (issue 16):
-- why no key was read from request.headers (unset, as psql's autocommit
-- leaves a set_config(..., true); not a JSON object; "ApiKey" for "apikey";
-- apikey not one string), when an expired key expired, that a revoked key
-- is revoked, that a tenantid is not a uuid, and how to page past the limit.
-- The SQLSTATEs and the order of checks stay doc/reference.md/§4's: every case here
-- is the same code as before, and an unauthenticated caller is still
-- answered PT401 whatever its request holds.
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION incoming_call_log;
\ir fixtures/fixture.psql
SELECT plan(43);

-- The error a statement raises: SQLSTATE, message, detail, hint ('' for none).
CREATE FUNCTION pg_temp.err(sql text, OUT code text, OUT message text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
    code := 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END;
$$;
-- The same as one line: "code | message | detail | hint".
CREATE FUNCTION pg_temp.said(sql text) RETURNS text
LANGUAGE sql AS $$ SELECT concat_ws(' | ', e.code, e.message, e.detail, e.hint) FROM pg_temp.err(sql) AS e $$;
CREATE FUNCTION pg_temp.raw_headers(h text) RETURNS void
LANGUAGE sql AS $$ SELECT set_config('request.headers', h, true); $$;

-- A caller role with no grant (not an admin), as a gateway's anonymous role.
CREATE ROLE icl_h_anon;
GRANT USAGE ON SCHEMA incoming_call_log TO icl_h_anon;
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list(json, json, json, integer, integer),
                          incoming_call_log.get_item(text, json),
                          incoming_call_log.count(json) TO icl_h_anon;

-------------------------------------------------------------------------------
-- request.headers not set: the psql autocommit pitfall is named.
-------------------------------------------------------------------------------
SELECT is(current_setting('request.headers', true), NULL, 'request.headers is unset at the start');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).code, 'PT401', 'unset headers, superuser: PT401');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail,
          format('No API key was presented: request.headers is not set, and role "%s" named no project.', current_user),
          'unset headers, superuser: the detail says request.headers is not set');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).hint,
          'Name the project in the tenantid request header, or present an API key in the apikey request header. '
          'In psql, set_config(''request.headers'', ..., true) outside a transaction is gone at the next statement: '
          'run it after BEGIN, or pass false as is_local.',
          'unset headers, superuser: the hint names tenantid, apikey and the set_config(..., true) pitfall');
SELECT pg_temp.raw_headers('');
SELECT is((pg_temp.err('SELECT incoming_call_log.get_list()')).detail,
          format('No API key was presented: request.headers is not set, and role "%s" named no project.', current_user),
          'empty headers read as not set');

SET LOCAL ROLE icl_h_anon;
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).code, 'PT401', 'unset headers, a role without grants: PT401');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail,
          'No API key was presented: request.headers is not set, and role "icl_h_anon" has no access to any project.',
          'unset headers, a role without grants: the detail says request.headers is not set');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).hint,
          'Present an API key in the apikey request header. '
          'In psql, set_config(''request.headers'', ..., true) outside a transaction is gone at the next statement: '
          'run it after BEGIN, or pass false as is_local.',
          'unset headers, a role without grants: the hint names apikey and the pitfall');

-------------------------------------------------------------------------------
-- A valid key under a header name in another case.
-------------------------------------------------------------------------------
SELECT pg_temp.raw_headers(json_build_object('ApiKey', :'key_a_owner')::text);
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).code, 'PT401', '"ApiKey" with a valid key: still PT401 (names are exact)');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail,
          'No API key was presented: request.headers has a member "ApiKey" but none named "apikey", '
          'and role "icl_h_anon" has no access to any project.',
          '"ApiKey": the detail names the member as written');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).hint,
          'PostgREST passes header names in lower case, and the names in request.headers must be lower case too: '
          'name the member "apikey".',
          '"ApiKey": the hint says header names are lower case');
SELECT pg_temp.raw_headers(json_build_object('accept', '*/*', 'APIKEY', :'key_a_owner', 'apiKey', 'x')::text);
SELECT matches((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'has a member "APIKEY" but none named "apikey"',
               '"APIKEY" (and a later "apiKey"): the first one is named');
SELECT pg_temp.raw_headers(json_build_object('apikeys', :'key_a_owner', 'x-apikey', 'y')::text);
SELECT matches((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'request.headers has no apikey member',
               'names that only contain apikey are not taken for it');
-- Order of checks: a malformed request does not change the answer.
SELECT pg_temp.raw_headers(json_build_object('ApiKey', :'key_a_owner')::text);
SELECT is(pg_temp.said($$SELECT incoming_call_log.get_list("select" => '{"nope": true}', "limit" => 1000)$$),
          pg_temp.said('SELECT incoming_call_log.count()'),
          '"ApiKey" with a malformed select and limit: the same PT401, nothing about the request');
SELECT is((pg_temp.err($$SELECT incoming_call_log.get_item('not-a-uuid')$$)).code, 'PT401',
          '"ApiKey" with a malformed id: PT401, not 22023');

-------------------------------------------------------------------------------
-- request.headers that is not a JSON object, and an apikey that is not one string.
-------------------------------------------------------------------------------
SELECT pg_temp.raw_headers('apikey=' || :'key_a_owner');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail,
          'No API key was presented: request.headers is not a JSON object, and role "icl_h_anon" has no access to any project.',
          'headers that are not JSON: the detail says so');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).hint,
          'Set request.headers to a JSON object of lower-case header names, as PostgREST does: {"apikey": "..."}.',
          'headers that are not JSON: the hint shows the form');
SELECT pg_temp.raw_headers(json_build_array('apikey', :'key_a_owner')::text);
SELECT matches((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'request.headers is not a JSON object',
               'a JSON array: not a JSON object');
SELECT pg_temp.raw_headers('"' || :'key_a_owner' || '"');
SELECT matches((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'request.headers is not a JSON object',
               'a JSON string: not a JSON object');
SELECT pg_temp.raw_headers('{"apikey": "' || :'key_a_owner' || '", "x": ' || repeat('[', 17) || repeat(']', 17) || '}');
SELECT matches((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'request.headers is not a JSON object',
               'an object nested deeper than the bound is not read either, and says so');
SELECT pg_temp.raw_headers('{"apikey": 5}');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail,
          'No API key was presented: the apikey member of request.headers is not one non-empty string, '
          'and role "icl_h_anon" has no access to any project.',
          'apikey a number: the detail says so');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).hint, 'Give the apikey member once, as a non-empty JSON string.',
          'apikey a number: the hint says what it must be');
SELECT pg_temp.raw_headers(format('{"apikey": "%s", "apikey": "%s"}', :'key_a_owner', :'key_a_owner'));
SELECT matches((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'is not one non-empty string',
               'apikey given twice: not one string');
SELECT pg_temp.raw_headers('{"apikey": ""}');
SELECT matches((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'is not one non-empty string',
               'apikey empty: not one non-empty string');
SELECT pg_temp.raw_headers('{"accept": "application/json"}');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).hint, 'Present an API key in the apikey request header.',
          'an object without apikey: the plain hint');
RESET ROLE;
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).hint,
          'Name the project in the tenantid request header, or present an API key in the apikey request header.',
          'an object without apikey, superuser: tenantid or apikey');

-------------------------------------------------------------------------------
-- Expired and revoked keys.
-------------------------------------------------------------------------------
SET LOCAL TimeZone = 'America/New_York';
SET LOCAL DateStyle = 'SQL, DMY';
SELECT pg_temp.present_key(:'key_a_expired');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).message, 'API key has expired', 'expired: the message is unchanged');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail,
          (SELECT format('The key expired at %s.', to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
             FROM incoming_call_log.api_key WHERE key_hash = sha256(convert_to(:'key_a_expired', 'UTF8'))),
          'expired: the detail says when, in UTC ISO-8601 whatever TimeZone and DateStyle say');
SELECT matches((pg_temp.err('SELECT incoming_call_log.count()')).hint, 'incoming_call_log\.create_api_key',
               'expired: the hint says where keys come from');
SELECT incoming_call_log.create_api_key(:'A', '{ProjectOwner}', '2026-03-04T05:06:07.089Z') AS key_fixed \gset
-- (only when the test runs after that instant is the key expired; otherwise it reads)
SELECT pg_temp.present_key(:'key_fixed');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail,
          CASE WHEN now() >= '2026-03-04T05:06:07.089Z' THEN 'The key expired at 2026-03-04T05:06:07.089Z.' END,
          'a key made to expire at a fixed instant: that instant, to the millisecond');
SELECT incoming_call_log.create_api_key(:'A', '{ProjectOwner}', '-infinity') AS key_never \gset
SELECT pg_temp.present_key(:'key_never');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'The key expired at -infinity.',
          'a key made with expires_at -infinity');
SELECT pg_temp.present_key(:'key_a_revoked');
SELECT is(pg_temp.said('SELECT incoming_call_log.count()'),
          concat_ws(' | ', 'PT401', 'API key has been revoked',
              'The key was revoked by incoming_call_log.revoke_api_key; a revoked key never works again.',
              'Present another key (the extension owner makes them with incoming_call_log.create_api_key).'),
          'revoked: PT401 saying revoked, and what to do');
-- Order: an expired key with a malformed request is still PT401.
SELECT pg_temp.present_key(:'key_a_expired');
SELECT is((pg_temp.err($$SELECT incoming_call_log.get_list(sort => '[1]', "limit" => 1000)$$)).code, 'PT401',
          'expired key and a malformed request: PT401 first');

-------------------------------------------------------------------------------
-- tenantid that is not a uuid.
-------------------------------------------------------------------------------
SELECT pg_temp.headers(apikey => :'key_a_owner', tenantid => 'nope');
SELECT is(pg_temp.said('SELECT incoming_call_log.count()'),
          concat_ws(' | ', 'PT403', 'API key does not give access to the project named in tenantid',
              'tenantid "nope" is not a uuid.', 'Leave tenantid out, or name the key''s project.'),
          'a key with a tenantid that is not a uuid: PT403 as before, the detail says it is not a uuid');
SELECT pg_temp.headers(apikey => :'key_a_owner', tenantid => :'B');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail, 'A key reads only its own project.',
          'a key naming another project (a uuid): the detail is unchanged');
SELECT pg_temp.headers(tenantid => 'a"b' || repeat('x', 200));
SELECT is(pg_temp.said('SELECT incoming_call_log.count()'),
          concat_ws(' | ', 'PT403', format('role "%s" has no access to the project named in tenantid', current_user),
              format('tenantid %s is not a uuid.', to_json('a"b' || repeat('x', 97) || '...')), ''),
          'superuser naming a tenantid that is not a uuid: PT403, the detail quotes it (JSON-escaped, cut)');
SELECT pg_temp.headers(tenantid => 'dddddddd-dddd-4ddd-8ddd-dddddddddddd');
SELECT is((pg_temp.err('SELECT incoming_call_log.count()')).detail, '',
          'superuser naming a uuid of no project: no detail (nothing to fix in the header)');

-------------------------------------------------------------------------------
-- limit above the maximum: the way to page.
-------------------------------------------------------------------------------
SELECT pg_temp.present_key(:'key_a_owner');
SELECT is(pg_temp.said('SELECT incoming_call_log.get_list("limit" => 1000)'),
          concat_ws(' | ', '22023', '"limit" must be between 1 and 100, not 1000', 'One call answers at most 100 rows.',
              'Read page by page with "skip": "limit" 100 with "skip" 0, then 100, then 200, and so on.'),
          'limit 1000: 22023 as before, with the maximum and the way to page');
SELECT is(pg_temp.said('SELECT incoming_call_log.get_list_csv(NULL, NULL, NULL, NULL, 101)'),
          pg_temp.said('SELECT incoming_call_log.get_list("limit" => 101)'),
          'the CSV form says the same');
SELECT is((pg_temp.err('SELECT incoming_call_log.get_list("limit" => 0)')).hint, '',
          'limit 0: no paging hint (paging is not the cure)');
SELECT is((pg_temp.err('SELECT incoming_call_log.get_list(skip => 100, "limit" => 100)')).code, 'ok',
          'the page the hint names is accepted');
SELECT is((pg_temp.err('SELECT incoming_call_log.get_list(skip => -1)')).code, '22023', 'skip -1 is still 22023');
SELECT is((pg_temp.err('SELECT incoming_call_log.get_list(skip => 0, "limit" => 100)')).code, 'ok', 'limit 100 is accepted');

SELECT * FROM finish();
ROLLBACK;
