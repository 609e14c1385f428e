// SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY and .CREDENTIALS through the real snowflake-sdk:
// recording of every login attempt, rows derived from PAT state, the accepted SELECT shapes,
// strictness (syntax 001003, unknown column 000904, unknown view 002003) and access (003001).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY, HOUR, emulatorPerTest, exec, execMeta, failure, type Row } from './helpers/driver.js';

const NOW = Date.UTC(2031, 5, 1, 12);
const fixture = emulatorPerTest({ now: NOW });

async function svcPat(name: string, extra = ''): Promise<string> {
  const rows = await fixture.emu.runAs('ADMIN', `ALTER USER THERMAL_SVC ADD PAT ${name} ROLE_RESTRICTION = 'THERMAL_ROLE' ${extra}`);
  return String(rows[0]?.['token_secret']);
}
const HISTORY = 'SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY ORDER BY EVENT_ID';

test('LOGIN_HISTORY records successes and failures with factor, client, IP and error', async () => {
  const secret = await svcPat('svc');
  await fixture.open({ user: 'ADMIN', password: 'admin-password' });
  fixture.emu.clock.advance(1000);
  await fixture.open({ user: 'THERMAL_SVC', token: secret });
  fixture.emu.clock.advance(1000);
  const bad = await failure(fixture.open({ user: 'THERMAL_SVC', token: 'bogus-token-value' }));
  assert.equal(bad.code, '394400');
  fixture.emu.clock.advance(1000);
  await failure(fixture.open({ user: 'ADMIN', password: 'wrong' }));
  await failure(fixture.open({ user: 'NOBODY', password: 'x' }));

  const a = await fixture.adminConn();
  const { rows, columns } = await execMeta(a, HISTORY);
  const type = (name: string) => columns.find((c) => c.name === name)?.type;
  assert.equal(type('EVENT_TIMESTAMP'), 'timestamp_ltz');
  assert.equal(type('ERROR_CODE'), 'fixed');
  assert.equal(type('IS_SUCCESS'), 'text');
  const summary = rows.map((r) => [r.USER_NAME, r.FIRST_AUTHENTICATION_FACTOR, r.IS_SUCCESS, r.ERROR_CODE]);
  assert.deepEqual(summary.slice(0, 5), [
    ['ADMIN', 'PASSWORD', 'YES', null],
    ['THERMAL_SVC', 'PROGRAMMATIC_ACCESS_TOKEN', 'YES', null],
    ['THERMAL_SVC', 'PROGRAMMATIC_ACCESS_TOKEN', 'NO', 394400],
    ['ADMIN', 'PASSWORD', 'NO', 390100],
    [null, 'PASSWORD', 'NO', 390100],
  ]);
  const pat = rows[1] as Row;
  assert.equal(pat.CLIENT_IP, '127.0.0.1');
  assert.equal(pat.REPORTED_CLIENT_TYPE, 'JAVASCRIPT_DRIVER');
  assert.match(String(pat.REPORTED_CLIENT_VERSION), /^\d+\.\d+\.\d+/);
  assert.equal(pat.EVENT_TYPE, 'LOGIN');
  assert.ok(pat.EVENT_TIMESTAMP instanceof Date);
  assert.equal((pat.EVENT_TIMESTAMP as Date).getTime(), NOW + 1000);
  assert.equal(rows[2]?.ERROR_MESSAGE, 'Programmatic access token is invalid.');
});

test('the PAT-usage query: user, factor and time filters, newest first', async () => {
  const secret = await svcPat('svc');
  await fixture.open({ user: 'THERMAL_SVC', token: secret });
  fixture.emu.clock.advance(3 * DAY);
  await fixture.open({ user: 'THERMAL_SVC', token: secret });
  fixture.emu.clock.advance(HOUR);
  await fixture.open({ user: 'ADMIN', password: 'admin-password' });
  await failure(fixture.open({ user: 'THERMAL_SVC', token: 'nope-nope-nope' }));

  const a = await fixture.adminConn();
  const query = (days: number) =>
    'SELECT EVENT_TIMESTAMP, USER_NAME, CLIENT_IP, REPORTED_CLIENT_TYPE, REPORTED_CLIENT_VERSION, IS_SUCCESS, ERROR_CODE, ERROR_MESSAGE ' +
    'FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY ' +
    "WHERE USER_NAME = 'THERMAL_SVC' AND FIRST_AUTHENTICATION_FACTOR = 'PROGRAMMATIC_ACCESS_TOKEN' " +
    `AND EVENT_TIMESTAMP >= DATEADD(DAY, -${days}, CURRENT_TIMESTAMP()) ORDER BY EVENT_TIMESTAMP DESC`;
  const week = await execMeta(a, query(7));
  assert.deepEqual(week.columns.map((c) => c.name), [
    'EVENT_TIMESTAMP', 'USER_NAME', 'CLIENT_IP', 'REPORTED_CLIENT_TYPE', 'REPORTED_CLIENT_VERSION', 'IS_SUCCESS', 'ERROR_CODE', 'ERROR_MESSAGE',
  ]);
  assert.deepEqual(week.rows.map((r) => r.IS_SUCCESS), ['NO', 'YES', 'YES'], 'newest first; the admin password login excluded');
  const times = week.rows.map((r) => (r.EVENT_TIMESTAMP as Date).getTime());
  assert.deepEqual(times, [NOW + 3 * DAY + HOUR, NOW + 3 * DAY, NOW]);
  const recent = await exec(a, query(2));
  assert.equal(recent.length, 2, 'the first login is more than 2 days old');
});

test('CREDENTIALS derives one row per PAT: status, details object, last use, rotation; the inventory query', async () => {
  const secret = await svcPat('svc_a', "DAYS_TO_EXPIRY = 30 COMMENT = 'ingest'");
  await svcPat('svc_b', 'DAYS_TO_EXPIRY = 3');
  await fixture.emu.runAs('ADMIN', 'ALTER USER ALICE ADD PAT alice_t DAYS_TO_EXPIRY = 10 MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 60');
  await fixture.emu.runAs('ADMIN', 'ALTER USER ALICE MODIFY PAT alice_t SET DISABLED = TRUE');
  fixture.emu.clock.advance(HOUR);
  await fixture.open({ user: 'THERMAL_SVC', token: secret });
  await fixture.emu.runAs('ADMIN', 'ALTER USER THERMAL_SVC ROTATE PAT svc_b EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 2');

  const a = await fixture.adminConn();
  // The guide's own query.
  const all = await execMeta(a, "SELECT * FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE type = 'PAT'");
  assert.deepEqual(all.columns.map((c) => c.name), [
    'CREDENTIAL_ID', 'NAME', 'USER_NAME', 'TYPE', 'DOMAIN', 'COMMENT', 'STATUS', 'ADDITIONAL_DETAILS', 'CREATED_BY', 'LAST_ALTERED_BY',
    'CREATED_ON', 'LAST_USED_ON', 'LAST_ALTERED', 'EXPIRATION_DATE',
  ]);
  assert.equal(all.rows.length, 4);
  const alice = all.rows.find((r) => r.NAME === 'ALICE_T') ?? {};
  assert.equal(alice.STATUS, 'DISABLED');
  assert.deepEqual(alice.ADDITIONAL_DETAILS, { MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT: 60, ROLE_RESTRICTION: null });
  const ids = new Set(all.rows.map((r) => r.CREDENTIAL_ID));
  assert.equal(ids.size, 4, 'every credential has its own id');

  const inventory = await exec(a,
    'SELECT NAME, USER_NAME, STATUS, ADDITIONAL_DETAILS:ROLE_RESTRICTION::VARCHAR AS ROLE_RESTRICTION, EXPIRATION_DATE, ' +
    "CREATED_ON, CREATED_BY, LAST_USED_ON, COMMENT FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE TYPE = 'PAT' " +
    'ORDER BY EXPIRATION_DATE, USER_NAME, NAME');
  assert.deepEqual(inventory.map((r) => r.NAME), ['SVC_B_ROTATED_' + String(NOW + HOUR), 'SVC_B', 'ALICE_T', 'SVC_A']);
  const svcA = inventory[3] ?? {};
  assert.equal(svcA.ROLE_RESTRICTION, 'THERMAL_ROLE');
  assert.equal(svcA.COMMENT, 'ingest');
  assert.equal(svcA.CREATED_BY, 'ADMIN');
  assert.equal((svcA.LAST_USED_ON as Date).getTime(), NOW + HOUR, 'the PAT login is its last use');
  assert.equal(inventory[2]?.ROLE_RESTRICTION, null);
  assert.equal(inventory[1]?.LAST_USED_ON, null);

  // Expiring within 5 days, not yet expired: the rotated copy (2 h) and SVC_B (3 days, renewed by ROTATE).
  const within = 'SELECT NAME FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE TYPE = \'PAT\' AND EXPIRATION_DATE > CURRENT_TIMESTAMP() ' +
    'AND EXPIRATION_DATE <= DATEADD(DAY, 5, CURRENT_TIMESTAMP()) ORDER BY EXPIRATION_DATE';
  assert.deepEqual((await exec(a, within)).map((r) => r.NAME), ['SVC_B_ROTATED_' + String(NOW + HOUR), 'SVC_B']);
  fixture.emu.clock.advance(3 * HOUR);
  assert.deepEqual((await exec(a, within)).map((r) => r.NAME), ['SVC_B']);
  assert.deepEqual((await exec(a, "SELECT STATUS FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE NAME <> 'SVC_A' AND NAME != 'SVC_B' AND NAME <> 'ALICE_T'")).map((r) => r.STATUS), ['EXPIRED']);
});

test('only ACCOUNTADMIN reads ACCOUNT_USAGE: other roles and PAT sessions get 003001', async () => {
  const secret = await svcPat('svc');
  const alice = await fixture.open({ user: 'ALICE', password: 'alice-password' });
  for (const c of [alice, await fixture.open({ user: 'THERMAL_SVC', token: secret })]) {
    const err = await failure(exec(c, "SELECT NAME FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE TYPE = 'PAT'"));
    assert.equal(err.code, '003001');
    assert.equal(err.sqlState, '42501');
  }
  const err = await failure(exec(alice, 'SELECT EVENT_ID FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY'));
  assert.equal(err.code, '003001');
});

test('strict: malformed shapes are syntax errors, unknown columns 000904, unknown views 002003', async () => {
  const a = await fixture.adminConn();
  const base = 'SELECT NAME FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS';
  for (const sql of [
    `${base} WHERE TYPE == 'PAT'`,
    `${base} WHERE TYPE = 'PAT' OR NAME = 'X'`,
    `${base} ORDER EXPIRATION_DATE`,
    `${base} WHERE EXPIRATION_DATE < = CURRENT_TIMESTAMP()`,
    `${base} WHERE EXPIRATION_DATE <= DATEADD(WEEK, 1, CURRENT_TIMESTAMP())`,
    'SELECT NAME, FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS',
    'SELECT ADDITIONAL_DETAILS:ROLE_RESTRICTION::NUMBER FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS',
    `${base} GROUP BY NAME`,
  ]) {
    const err = await failure(exec(a, sql));
    assert.equal(err.code, '001003', sql);
  }
  const unknownColumn = await failure(exec(a, `${base} WHERE OWNER = 'X'`));
  assert.equal(unknownColumn.code, '000904');
  assert.match(unknownColumn.message, /invalid identifier 'OWNER'/);
  assert.equal((await failure(exec(a, 'SELECT BOGUS FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY'))).code, '000904');
  assert.equal((await failure(exec(a, 'SELECT NAME FROM SNOWFLAKE.ACCOUNT_USAGE.USERS'))).code, '002003');
  // Only SNOWFLAKE.ACCOUNT_USAGE is readable at all: any other FROM is outside the grammar.
  for (const view of ['CREDENTIALS', 'OTHER_DB.ACCOUNT_USAGE.CREDENTIALS', 'SNOWFLAKE.ACCOUNT_USAGE']) {
    assert.equal((await failure(exec(a, `SELECT NAME FROM ${view}`))).code, '001003', view);
  }
  // The statements that existed before still parse as they did.
  assert.deepEqual(await exec(a, 'SELECT CURRENT_USER()'), [{ 'CURRENT_USER()': 'ADMIN' }]);
});

test('seedTokens: 10,000 listable tokens over synthetic users, sorted by the view in one query', async () => {
  const users = fixture.emu.seedTokens(10_000);
  assert.equal(users.length, 667);
  const a = await fixture.adminConn();
  // How long this takes is measured by `npm run bench` (pat inventory over seedTokens), not asserted here.
  const rows = await exec(a, "SELECT NAME, USER_NAME, STATUS, EXPIRATION_DATE FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE TYPE = 'PAT' ORDER BY EXPIRATION_DATE, USER_NAME, NAME");
  assert.equal(rows.length, 10_000);
  const times = rows.map((r) => (r.EXPIRATION_DATE as Date).getTime());
  for (let i = 1; i < times.length; i++) assert.ok((times[i - 1] as number) <= (times[i] as number));
  const statuses = new Set(rows.map((r) => r.STATUS));
  assert.deepEqual([...statuses].sort(), ['ACTIVE', 'DISABLED', 'EXPIRED']);
  // Seeded tokens issue no secrets (leak scans stay fast) and a second call keeps names unique.
  assert.equal(fixture.emu.issuedSecrets().length, 0);
  fixture.emu.seedTokens(5);
  const names = await exec(a, "SELECT USER_NAME, NAME FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE USER_NAME = 'INVENTORY_USER_0667'");
  assert.equal(new Set(names.map((r) => `${r.USER_NAME}.${r.NAME}`)).size, names.length);
  assert.equal(names.length, 15);
});
