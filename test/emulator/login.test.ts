import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINUTE, emulatorPerTest, exec, failure, type Conn } from './helpers/driver.js';

const fixture = emulatorPerTest({ now: Date.UTC(2031, 5, 1) });

async function addPat(sql: string): Promise<string> {
  const rows = await fixture.emu.runAs('ADMIN', sql);
  return String(rows[0]?.['token_secret']);
}
const svcPat = (name = 'p'): Promise<string> => addPat(`ALTER USER THERMAL_SVC ADD PAT ${name} ROLE_RESTRICTION = 'THERMAL_ROLE'`);
const current = async (c: Conn): Promise<Record<string, unknown>> =>
  (await exec(c, 'SELECT CURRENT_USER(), CURRENT_ROLE()'))[0] ?? {};

test('password login: success, wrong password 390100, unknown user 390100, disabled user 390101', async () => {
  const c = await fixture.open({ user: 'admin', password: 'admin-password' });
  assert.deepEqual(await current(c), { 'CURRENT_USER()': 'ADMIN', 'CURRENT_ROLE()': 'ACCOUNTADMIN' });
  let err = await failure(fixture.open({ user: 'ADMIN', password: 'nope' }));
  assert.equal(err.code, '390100');
  assert.equal(err.message, 'Incorrect username or password was specified.');
  assert.equal(err.data?.['nextAction'], 'RETRY_LOGIN');
  err = await failure(fixture.open({ user: 'GHOST', password: 'x' }));
  assert.equal(err.code, '390100');
  // A user without a password cannot log in with one.
  assert.equal((await failure(fixture.open({ user: 'THERMAL_SVC', password: '' }))).code, '390100');
  await exec(c, 'ALTER USER ALICE SET DISABLED = TRUE');
  err = await failure(fixture.open({ user: 'ALICE', password: 'alice-password' }));
  assert.equal(err.code, '390101');
  assert.match(err.message, /User access disabled/);
});

test('connect-string role: granted → session role; not granted → 390189', async () => {
  const c = await fixture.open({ user: 'ALICE', password: 'alice-password', role: 'public' });
  assert.equal((await current(c))['CURRENT_ROLE()'], 'PUBLIC');
  const err = await failure(fixture.open({ user: 'ALICE', password: 'alice-password', role: 'ACCOUNTADMIN' }));
  assert.equal(err.code, '390189');
  assert.match(err.message, /^Role 'ACCOUNTADMIN' specified in the connect string does not exist or not authorized/);
});

test('PAT login uses the role restriction; a different connect-string role → 390189; username optional', async () => {
  const s = await svcPat();
  const c = await fixture.open({ user: 'THERMAL_SVC', token: s });
  assert.deepEqual(await current(c), { 'CURRENT_USER()': 'THERMAL_SVC', 'CURRENT_ROLE()': 'THERMAL_ROLE' });
  await fixture.open({ user: 'THERMAL_SVC', token: s, role: 'THERMAL_ROLE' });
  const err = await failure(fixture.open({ user: 'THERMAL_SVC', token: s, role: 'PUBLIC' }));
  assert.equal(err.code, '390189');
  const noUser = await fixture.open({ token: s });
  assert.equal((await current(noUser))['CURRENT_USER()'], 'THERMAL_SVC');
  const rec = fixture.emu.requests.filter((r) => r.kind === 'login');
  assert.ok(rec.every((r) => r.authenticator === 'PROGRAMMATIC_ACCESS_TOKEN'));
});

test('invalid PAT → 394400 with nextAction RETRY_LOGIN, authnMethod PAT, sqlState 28000', async () => {
  const err = await failure(fixture.open({ user: 'THERMAL_SVC', token: 'not-a-real-token' }));
  assert.equal(err.code, '394400');
  assert.equal(err.message, 'Programmatic access token is invalid.');
  assert.equal(err.sqlState, '28000');
  assert.equal(err.data?.['nextAction'], 'RETRY_LOGIN');
  assert.equal(err.data?.['authnMethod'], 'PAT');
});

test('a valid PAT presented for another login name is invalid; a PAT also works as the password', async () => {
  const s = await svcPat();
  assert.equal((await failure(fixture.open({ user: 'ALICE', token: s }))).code, '394400');
  await fixture.emu.runAs('ADMIN', 'ALTER USER ALICE SET NETWORK_POLICY = THERMAL_POLICY');
  const a = await addPat('ALTER USER ALICE ADD PAT pw');
  const c = await fixture.open({ user: 'ALICE', password: a });
  assert.equal((await current(c))['CURRENT_USER()'], 'ALICE');
  // …and that session counts as a PAT session.
  assert.equal((await failure(exec(c, 'ALTER USER REMOVE PAT pw'))).code, '394414');
});

test('PERSON without network policy: 390432 unless the token has an active bypass window', async () => {
  const plain = await addPat('ALTER USER ALICE ADD PAT plain');
  const err = await failure(fixture.open({ user: 'ALICE', token: plain }));
  assert.equal(err.code, '390432');
  assert.equal(err.message, 'Network policy is required.');

  const bypass = await addPat('ALTER USER ALICE ADD PAT bp MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 10');
  fixture.emu.clock.advance(10 * MINUTE - 1);
  await fixture.open({ user: 'ALICE', token: bypass });
  fixture.emu.clock.advance(1);
  assert.equal((await failure(fixture.open({ user: 'ALICE', token: bypass }))).code, '390432');
  // MODIFY … SET MINS… opens a new window from now.
  await fixture.emu.runAs('ADMIN', 'ALTER USER ALICE MODIFY PAT plain SET MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 5');
  await fixture.open({ user: 'ALICE', token: plain });
  await fixture.emu.runAs('ADMIN', 'ALTER USER ALICE MODIFY PAT plain UNSET MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT');
  assert.equal((await failure(fixture.open({ user: 'ALICE', token: plain }))).code, '390432');
  // A network policy fixes it for good.
  await fixture.emu.runAs('ADMIN', 'ALTER USER ALICE SET NETWORK_POLICY = THERMAL_POLICY');
  await fixture.open({ user: 'ALICE', token: plain });
});

test('SERVICE user whose policy was unset → 390432; a policy that does not allow 127.0.0.1 → 390422', async () => {
  const s = await svcPat();
  await fixture.emu.runAs('ADMIN', 'ALTER USER THERMAL_SVC UNSET NETWORK_POLICY');
  assert.equal((await failure(fixture.open({ user: 'THERMAL_SVC', token: s }))).code, '390432');
  await fixture.emu.runAs('ADMIN', "CREATE NETWORK POLICY OFFICE ALLOWED_IP_LIST = ('10.0.0.0/8', '192.168.1.7')");
  await fixture.emu.runAs('ADMIN', 'ALTER USER THERMAL_SVC SET NETWORK_POLICY = OFFICE');
  const err = await failure(fixture.open({ user: 'THERMAL_SVC', token: s }));
  assert.equal(err.code, '390422');
  assert.match(err.message, /^IP 127\.0\.0\.1 is not allowed to access Snowflake/);
  // Password logins are subject to the policy too.
  await fixture.emu.runAs('ADMIN', 'ALTER USER ALICE SET NETWORK_POLICY = OFFICE');
  assert.equal((await failure(fixture.open({ user: 'ALICE', password: 'alice-password' }))).code, '390422');
  await fixture.emu.runAs('ADMIN', "CREATE OR REPLACE NETWORK POLICY OFFICE ALLOWED_IP_LIST = ('0.0.0.0/0') BLOCKED_IP_LIST = ('127.0.0.1')");
  assert.equal((await failure(fixture.open({ user: 'ALICE', password: 'alice-password' }))).code, '390422');
  await fixture.emu.runAs('ADMIN', "CREATE OR REPLACE NETWORK POLICY OFFICE ALLOWED_IP_LIST = ('127.0.0.0/8')");
  await fixture.open({ user: 'ALICE', password: 'alice-password' });
});

test('disabling the user disables its tokens, and they stay disabled after re-enabling', async () => {
  const s = await svcPat();
  await fixture.emu.runAs('ADMIN', 'ALTER USER THERMAL_SVC SET DISABLED = TRUE');
  await fixture.emu.runAs('ADMIN', 'ALTER USER THERMAL_SVC SET DISABLED = FALSE');
  const rows = await fixture.emu.runAs('ADMIN', 'SHOW USER PATS FOR USER THERMAL_SVC');
  assert.equal(rows[0]?.['status'], 'DISABLED');
  assert.equal((await failure(fixture.open({ user: 'THERMAL_SVC', token: s }))).code, '394400');
  await fixture.emu.runAs('ADMIN', 'ALTER USER THERMAL_SVC MODIFY PAT p SET DISABLED = FALSE');
  await fixture.open({ user: 'THERMAL_SVC', token: s });
});

test('revoking the restriction role makes the token unusable', async () => {
  const s = await svcPat();
  await fixture.emu.runAs('ADMIN', 'REVOKE ROLE THERMAL_ROLE FROM USER THERMAL_SVC');
  assert.equal((await failure(fixture.open({ user: 'THERMAL_SVC', token: s }))).code, '394400');
  await fixture.emu.runAs('ADMIN', 'GRANT ROLE THERMAL_ROLE TO USER THERMAL_SVC');
  await fixture.open({ user: 'THERMAL_SVC', token: s });
});

test('PAT without a role restriction (PERSON) takes the default role', async () => {
  await fixture.emu.runAs('ADMIN', 'ALTER USER ALICE SET NETWORK_POLICY = THERMAL_POLICY');
  const s = await addPat('ALTER USER ALICE ADD PAT free');
  const c = await fixture.open({ user: 'alice', token: s });
  assert.equal((await current(c))['CURRENT_ROLE()'], 'ANALYST');
  const c2 = await fixture.open({ user: 'alice', token: s, role: 'PUBLIC' });
  assert.equal((await current(c2))['CURRENT_ROLE()'], 'PUBLIC');
});

test('admin helper connects', async () => {
  const c = await fixture.adminConn();
  assert.equal((await current(c))['CURRENT_USER()'], 'ADMIN');
});
