import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseStatement } from 'snowflake-pat-emulator';

/** Asserts a syntax error and returns its message. */
function syntaxError(sql: string): string {
  try {
    parseStatement(sql);
  } catch (e) {
    const err = e as { code?: string; sqlState?: string; message: string };
    assert.equal(err.code, '001003', `code for ${sql}`);
    assert.equal(err.sqlState, '42000');
    assert.match(err.message, /^SQL compilation error:\nsyntax error line \d+ at position \d+ unexpected '.*'\.$/);
    return err.message;
  }
  assert.fail(`expected a syntax error for: ${sql}`);
}

describe('ALTER USER … ADD', () => {
  test('every clause, decoded', () => {
    const s = parseStatement(
      "alter user if exists svc_user add programmatic access token my_tok ROLE_RESTRICTION = 'THERMAL_ROLE' DAYS_TO_EXPIRY = 30 MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 15 COMMENT = 'it''s \\n ok';",
    );
    assert.deepEqual(s, {
      kind: 'alter-user-pat', action: 'ADD', ifNotExists: false, ifExists: true, user: 'SVC_USER', token: 'MY_TOK',
      roleRestriction: 'THERMAL_ROLE', daysToExpiry: 30, minsToBypass: 15, comment: "it's \n ok",
    });
  });
  test('PAT shorthand, user omitted, clauses in any order across newlines', () => {
    const s = parseStatement('ALTER USER ADD PAT t\n  COMMENT = $$x$$\n  DAYS_TO_EXPIRY=7');
    assert.deepEqual(s, { kind: 'alter-user-pat', action: 'ADD', ifNotExists: false, ifExists: false, token: 'T', comment: 'x', daysToExpiry: 7 });
  });
  test('a user named ADD is still a user', () => {
    const s = parseStatement('ALTER USER add ADD PAT x');
    assert.equal(s.kind === 'alter-user-pat' ? s.user : undefined, 'ADD');
  });
  test('quoted identifiers keep case and "" is one quote', () => {
    const s = parseStatement('ALTER USER "mixed.Case ""user""" ADD PAT "tok"');
    assert.ok(s.kind === 'alter-user-pat');
    assert.equal(s.user, 'mixed.Case "user"');
    assert.equal(s.token, 'tok');
  });
  test('backslash escapes in literals', () => {
    const s = parseStatement(String.raw`ALTER USER u ADD PAT t COMMENT = 'a\\b\'c\td\re\0f\qg'`);
    assert.ok(s.kind === 'alter-user-pat' && s.action === 'ADD');
    assert.equal(s.comment, 'a\\b\'c\td\re\0fqg');
  });
  test("the often-copied NAME = 'x' EXPIRES_IN = 90 form is rejected at the '='", () => {
    const sql = "ALTER USER u ADD PROGRAMMATIC ACCESS TOKEN NAME = 'x' EXPIRES_IN = 90";
    const msg = syntaxError(sql);
    assert.equal(msg, `SQL compilation error:\nsyntax error line 1 at position ${sql.indexOf('=')} unexpected '='.`);
  });
  test('positions are per line', () => {
    const msg = syntaxError('ALTER USER u\nADD PAT t\n  EXPIRES_IN = 90');
    assert.equal(msg, "SQL compilation error:\nsyntax error line 3 at position 2 unexpected 'EXPIRES_IN'.");
  });
  test('rejects string token names, a repeated clause, non-integers', () => {
    syntaxError("ALTER USER u ADD PAT 'x'");
    syntaxError('ALTER USER u ADD PAT x DAYS_TO_EXPIRY = 1 DAYS_TO_EXPIRY = 2');
    syntaxError('ALTER USER u ADD PAT x DAYS_TO_EXPIRY = 1.5');
    syntaxError("ALTER USER u ADD PAT x DAYS_TO_EXPIRY = '5'");
    syntaxError('ALTER USER u ADD PAT x, DAYS_TO_EXPIRY = 3');
    assert.match(syntaxError('ALTER USER u ADD PAT'), /unexpected '<EOF>'/);
    syntaxError('ALTER USER u ADD PROGRAMMATIC TOKEN x');
  });
  test('ADD PAT IF NOT EXISTS <name> (facts §9.1); a token named IF is still a name', () => {
    // Source: current docs.snowflake.com/en/sql-reference/sql/alter-user-add-programmatic-access-token syntax block.
    assert.deepEqual(parseStatement('ALTER USER u ADD PAT IF NOT EXISTS t DAYS_TO_EXPIRY = 3'),
      { kind: 'alter-user-pat', action: 'ADD', ifNotExists: true, ifExists: false, user: 'U', token: 'T', daysToExpiry: 3 });
    assert.deepEqual(parseStatement('ALTER USER IF EXISTS u ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS t'),
      { kind: 'alter-user-pat', action: 'ADD', ifNotExists: true, ifExists: true, user: 'U', token: 'T' });
    const named = parseStatement('ALTER USER u ADD PAT if');
    assert.ok(named.kind === 'alter-user-pat' && named.action === 'ADD');
    assert.equal(named.token, 'IF');
    assert.equal(named.ifNotExists, false);
    syntaxError('ALTER USER u ADD PAT IF EXISTS t'); // ADD takes IF NOT EXISTS only
  });
  test('ROLE_RESTRICTION takes a string literal [ADD] or an identifier (terraform-provider-snowflake sql_Add_all)', () => {
    const role = (sql: string): string | undefined => {
      const s = parseStatement(sql);
      return s.kind === 'alter-user-pat' && s.action === 'ADD' ? s.roleRestriction : undefined;
    };
    assert.equal(role("ALTER USER u ADD PAT x ROLE_RESTRICTION = 'r'"), 'r');
    assert.equal(role('ALTER USER u ADD PAT x ROLE_RESTRICTION = r'), 'R');
    assert.equal(role('ALTER USER u ADD PAT x ROLE_RESTRICTION = "PUBLIC"'), 'PUBLIC');
    syntaxError('ALTER USER u ADD PAT x ROLE_RESTRICTION = 5');
  });
  test('negative integers parse (the engine range-checks them)', () => {
    const s = parseStatement('ALTER USER u ADD PAT x DAYS_TO_EXPIRY = -1');
    assert.ok(s.kind === 'alter-user-pat' && s.action === 'ADD');
    assert.equal(s.daysToExpiry, -1);
  });
});

describe('ROTATE / REMOVE / MODIFY / SHOW', () => {
  test('ROTATE with and without hours', () => {
    assert.deepEqual(parseStatement('ALTER USER u ROTATE PAT t EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0'),
      { kind: 'alter-user-pat', action: 'ROTATE', tokenIfExists: false, ifExists: false, user: 'U', token: 'T', expireRotatedAfterHours: 0 });
    assert.deepEqual(parseStatement('ALTER USER ROTATE PROGRAMMATIC ACCESS TOKEN t'),
      { kind: 'alter-user-pat', action: 'ROTATE', tokenIfExists: false, ifExists: false, token: 'T' });
    syntaxError('ALTER USER u ROTATE PAT t DAYS_TO_EXPIRY = 3');
  });
  test('ROTATE / REMOVE / MODIFY PAT IF EXISTS <name> (facts §9.1)', () => {
    // Source: current [ROT]/[REM]/[MOD] syntax blocks on docs.snowflake.com.
    assert.deepEqual(parseStatement('ALTER USER u ROTATE PAT IF EXISTS t EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 1'),
      { kind: 'alter-user-pat', action: 'ROTATE', tokenIfExists: true, ifExists: false, user: 'U', token: 'T', expireRotatedAfterHours: 1 });
    assert.deepEqual(parseStatement('ALTER USER REMOVE PROGRAMMATIC ACCESS TOKEN IF EXISTS t'),
      { kind: 'alter-user-pat', action: 'REMOVE', tokenIfExists: true, ifExists: false, token: 'T' });
    assert.deepEqual(parseStatement("ALTER USER u MODIFY PAT IF EXISTS t SET COMMENT = 'c'"),
      { kind: 'alter-user-pat', action: 'MODIFY', tokenIfExists: true, ifExists: false, user: 'U', token: 'T', set: { comment: 'c' } });
    syntaxError('ALTER USER u REMOVE PAT IF NOT EXISTS t'); // only ADD takes NOT
  });
  test('REMOVE', () => {
    assert.deepEqual(parseStatement('alter user if exists u remove pat t;'),
      { kind: 'alter-user-pat', action: 'REMOVE', tokenIfExists: false, ifExists: true, user: 'U', token: 'T' });
    syntaxError('ALTER USER u REMOVE PAT t COMMENT = \'x\'');
  });
  test('MODIFY RENAME TO / SET (spaces or commas) / UNSET (commas)', () => {
    assert.deepEqual(parseStatement('ALTER USER u MODIFY PAT t RENAME TO t2'),
      { kind: 'alter-user-pat', action: 'MODIFY', tokenIfExists: false, ifExists: false, user: 'U', token: 'T', rename: 'T2' });
    assert.deepEqual(parseStatement("ALTER USER u MODIFY PAT t SET DISABLED = TRUE, COMMENT = 'c'\nMINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 10"),
      { kind: 'alter-user-pat', action: 'MODIFY', tokenIfExists: false, ifExists: false, user: 'U', token: 'T', set: { disabled: true, comment: 'c', minsToBypass: 10 } });
    assert.deepEqual(parseStatement('ALTER USER u MODIFY PAT t UNSET DISABLED, COMMENT, MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT'),
      { kind: 'alter-user-pat', action: 'MODIFY', tokenIfExists: false, ifExists: false, user: 'U', token: 'T', unset: ['DISABLED', 'COMMENT', 'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT'] });
    syntaxError("ALTER USER u MODIFY PAT t UNSET COMMENT = 'x'"); // a value after UNSET is an error [MOD]
    syntaxError('ALTER USER u MODIFY PAT t SET');
    syntaxError('ALTER USER u MODIFY PAT t SET DISABLED = YES');
    syntaxError('ALTER USER u MODIFY PAT t SET DAYS_TO_EXPIRY = 3'); // expiry cannot be changed
    syntaxError("ALTER USER u MODIFY PAT t SET ROLE_RESTRICTION = 'R'");
  });
  test('SHOW USER PATS / PROGRAMMATIC ACCESS TOKENS [FOR USER]', () => {
    assert.deepEqual(parseStatement('show user pats'), { kind: 'show-pats' });
    assert.deepEqual(parseStatement('SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER "svc"'), { kind: 'show-pats', forUser: 'svc' });
    syntaxError("SHOW USER PATS LIKE 'x'");
    syntaxError('SHOW USER PROGRAMMATIC ACCESS TOKEN');
  });
});

describe('other statements', () => {
  test('SELECT context functions, any subset/order, aliases', () => {
    const s = parseStatement('select current_account(), Current_Role() AS r, CURRENT_USER() "who", current_warehouse() , CURRENT_DATABASE(), CURRENT_SCHEMA()');
    assert.ok(s.kind === 'select');
    assert.deepEqual(s.items.map((i) => i.column), ['CURRENT_ACCOUNT()', 'R', 'who', 'CURRENT_WAREHOUSE()', 'CURRENT_DATABASE()', 'CURRENT_SCHEMA()']);
    assert.deepEqual(parseStatement('SELECT 1'), { kind: 'select', items: [{ kind: 'integer', value: 1, column: '1' }] });
  });
  test('SYSTEM$DECODE_PAT takes a literal and masks the secret in the column name', () => {
    const s = parseStatement("SELECT SYSTEM$DECODE_PAT('abc.def')");
    assert.deepEqual(s, { kind: 'select', items: [{ kind: 'decode-pat', secret: 'abc.def', column: "SYSTEM$DECODE_PAT('***')" }] });
  });
  test('unknown functions and other SELECTs', () => {
    assert.throws(() => parseStatement('SELECT CURRENT_TIME()'), (e: { code?: string }) => e.code === '002140');
    syntaxError('SELECT * FROM t');
    syntaxError('SELECT CURRENT_USER() FROM t');
  });
  test('USE, SHOW PIPES, DESCRIBE PIPE, SHOW USERS, DESCRIBE USER', () => {
    assert.deepEqual(parseStatement('USE ROLE thermal_role'), { kind: 'use', object: 'ROLE', name: 'THERMAL_ROLE' });
    assert.deepEqual(parseStatement('use warehouse wh'), { kind: 'use', object: 'WAREHOUSE', name: 'WH' });
    assert.deepEqual(parseStatement('USE DATABASE db'), { kind: 'use', object: 'DATABASE', name: 'DB' });
    assert.deepEqual(parseStatement('USE SCHEMA db.sc'), { kind: 'use', object: 'SCHEMA', database: 'DB', name: 'SC' });
    assert.deepEqual(parseStatement('SHOW PIPES IN SCHEMA thermal_db.raw'), { kind: 'show-pipes', database: 'THERMAL_DB', schema: 'RAW' });
    assert.deepEqual(parseStatement('SHOW PIPES'), { kind: 'show-pipes' });
    assert.deepEqual(parseStatement('DESC PIPE a.b.c'), { kind: 'describe-pipe', database: 'A', schema: 'B', name: 'C' });
    assert.deepEqual(parseStatement("SHOW USERS LIKE 'thermal%'"), { kind: 'show-users', like: 'thermal%' });
    assert.deepEqual(parseStatement('DESCRIBE USER alice'), { kind: 'describe-user', user: 'ALICE' });
  });
  test('setup statements', () => {
    assert.deepEqual(parseStatement("CREATE USER \"odd user\" TYPE = SERVICE PASSWORD = 'p' DEFAULT_ROLE = r"),
      { kind: 'create-user', orReplace: false, ifNotExists: false, user: 'odd user', props: { type: 'SERVICE', password: 'p', defaultRole: 'R' } });
    assert.deepEqual(parseStatement('CREATE ROLE r'), { kind: 'create-role', orReplace: false, ifNotExists: false, role: 'R' });
    assert.deepEqual(parseStatement('GRANT ROLE r TO USER u'), { kind: 'grant-role', role: 'R', user: 'U' });
    assert.deepEqual(parseStatement("CREATE NETWORK POLICY p ALLOWED_IP_LIST = ('127.0.0.1', '10.0.0.0/8')"),
      { kind: 'create-network-policy', orReplace: false, ifNotExists: false, name: 'P', allowedIpList: ['127.0.0.1', '10.0.0.0/8'], blockedIpList: [] });
    assert.deepEqual(parseStatement('ALTER USER u SET NETWORK_POLICY = p'), { kind: 'alter-user-set', ifExists: false, user: 'U', set: { networkPolicy: 'P' } });
    assert.deepEqual(parseStatement('ALTER USER u SET DISABLED = FALSE'), { kind: 'alter-user-set', ifExists: false, user: 'U', set: { disabled: false } });
    assert.deepEqual(parseStatement('GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER u TO ROLE r'),
      { kind: 'grant-user-privilege', privilege: 'MODIFY PROGRAMMATIC AUTHENTICATION METHODS', user: 'U', role: 'R' });
    syntaxError('CREATE USER u TYPE = ROBOT');
    syntaxError('GRANT ROLE r TO u');
  });
  test('trailing semicolon, comments; several statements are refused', () => {
    assert.deepEqual(parseStatement('-- hi\nSHOW /* x */ USER PATS ; '), { kind: 'show-pats' });
    assert.throws(() => parseStatement('SHOW USER PATS; SHOW USER PATS'), (e: { code?: string }) => e.code === '000008');
    syntaxError('');
    syntaxError('DROP TABLE t');
    syntaxError("ALTER USER u ADD PAT t COMMENT = 'unterminated");
  });
});
