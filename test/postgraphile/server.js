// PostGraphile 4 serving incoming_call_log (npm install postgraphile@4).
// DATABASE_URL logs in as the PostgREST recipe's authenticator role; every
// request runs as the API role, with the caller's ApiKey header passed on
// the way PostgREST passes it: request.headers = {"apikey": "..."}.
const http = require('http');
const { postgraphile } = require('postgraphile');

const apiRole = process.env.API_ROLE || 'icl_api';

const middleware = postgraphile(process.env.DATABASE_URL, 'incoming_call_log', {
  includeExtensionResources: true, // the calls belong to the extension: without this they are not shown
  dynamicJson: true,               // json arguments and results as JSON values, not strings
  ignoreRBAC: false,               // show only what the roles PostGraphile can switch to may execute
  extendedErrors: ['errcode'],     // each error carries its SQLSTATE
  pgSettings: (req) => ({
    role: apiRole,
    'request.headers': JSON.stringify(req.headers.apikey === undefined ? {} : { apikey: req.headers.apikey }),
  }),
  disableQueryLog: true,
});

const server = http.createServer(middleware);
server.listen(Number(process.env.PORT || 5000), process.env.HOST || '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
