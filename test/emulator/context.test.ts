import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from 'snowflake-pat-emulator';
import { admin, connect, destroy, exec, execMeta, failure, type Conn } from './helpers/driver.js';

let emu: RunningEmulator;
let adm: Conn;
let svc: Conn;
let svcSecret: string;
const conns: Conn[] = [];
before(async () => {
  emu = await startEmulator();
  adm = await admin(emu);
  const rows = await exec(adm, "ALTER USER THERMAL_SVC ADD PAT ctx ROLE_RESTRICTION = 'THERMAL_ROLE'");
  svcSecret = String(rows[0]?.['token_secret']);
  svc = await connect(emu, { user: 'THERMAL_SVC', token: svcSecret, warehouse: 'thermal_wh', database: 'THERMAL_DB', schema: 'RAW' });
  conns.push(adm, svc);
});
after(async () => {
  for (const c of conns) await destroy(c);
  await emu.close();
});

describe('SELECT', () => {
  test('all six context functions, typed text, named after the expression', async () => {
    const r = await execMeta(svc, 'SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ACCOUNT();');
    assert.ok(r.columns.every((c) => c.type === 'text'));
    assert.deepEqual(r.rows, [{
      'CURRENT_USER()': 'THERMAL_SVC', 'CURRENT_ROLE()': 'THERMAL_ROLE', 'CURRENT_DATABASE()': 'THERMAL_DB',
      'CURRENT_SCHEMA()': 'RAW', 'CURRENT_WAREHOUSE()': 'THERMAL_WH', 'CURRENT_ACCOUNT()': 'TESTACCT',
    }]);
  });
  test('subset, order and aliases; unset namespace is NULL', async () => {
    const rows = await exec(adm, 'select current_warehouse() as wh, current_account() "acct", current_user()');
    assert.deepEqual(rows, [{ WH: null, acct: 'TESTACCT', 'CURRENT_USER()': 'ADMIN' }]);
    const one = await execMeta(adm, 'SELECT 1');
    assert.deepEqual(one.rows, [{ '1': 1 }]);
    assert.equal(one.columns[0]?.type, 'fixed');
  });
  test('SYSTEM$DECODE_PAT returns state, name and user; unknown secrets fail; the secret is redacted from the record', async () => {
    const rows = await exec(adm, `SELECT SYSTEM$DECODE_PAT('${svcSecret}') AS d`);
    assert.deepEqual(JSON.parse(String(rows[0]?.['D'])), { STATE: 'ACTIVE', PAT_NAME: 'CTX', USER_NAME: 'THERMAL_SVC' });
    const err = await failure(exec(adm, "SELECT SYSTEM$DECODE_PAT('bogus-secret-value')"));
    assert.equal(err.code, '394400');
    const recorded = emu.requests.filter((r) => r.sqlText?.includes('DECODE_PAT')).map((r) => r.sqlText);
    assert.deepEqual(recorded, ["SELECT SYSTEM$DECODE_PAT('***') AS d", "SELECT SYSTEM$DECODE_PAT('***')"]);
    assert.ok(!JSON.stringify(emu.requests).includes(svcSecret));
  });
});

describe('USE', () => {
  test('USE ROLE / WAREHOUSE / DATABASE / SCHEMA change the session and finalRoleName', async () => {
    const c = await connect(emu, { user: 'ADMIN', password: 'admin-password' });
    conns.push(c);
    for (const sql of ['USE ROLE PUBLIC', 'USE ROLE accountadmin', 'USE WAREHOUSE THERMAL_WH', 'USE DATABASE THERMAL_DB', 'USE SCHEMA RAW']) {
      assert.deepEqual(await exec(c, sql), [{ status: 'Statement executed successfully.' }], sql);
    }
    assert.deepEqual(await exec(c, 'SELECT CURRENT_ROLE(), CURRENT_WAREHOUSE(), CURRENT_DATABASE(), CURRENT_SCHEMA()'),
      [{ 'CURRENT_ROLE()': 'ACCOUNTADMIN', 'CURRENT_WAREHOUSE()': 'THERMAL_WH', 'CURRENT_DATABASE()': 'THERMAL_DB', 'CURRENT_SCHEMA()': 'RAW' }]);
    await exec(c, 'USE SCHEMA THERMAL_DB.RAW');
  });
  test('failures: unassigned role, unknown or unusable objects, restricted PAT session', async () => {
    const alice = await connect(emu, { user: 'ALICE', password: 'alice-password' });
    conns.push(alice);
    assert.equal((await failure(exec(alice, 'USE ROLE ACCOUNTADMIN'))).code, '003013');
    assert.equal((await failure(exec(alice, 'USE WAREHOUSE THERMAL_WH'))).code, '002043');
    assert.equal((await failure(exec(alice, 'USE DATABASE THERMAL_DB'))).code, '002043');
    assert.equal((await failure(exec(adm, 'USE WAREHOUSE NOPE'))).code, '002043');
    assert.equal((await failure(exec(adm, 'USE SCHEMA THERMAL_DB.NOPE'))).code, '002043');
    assert.equal((await failure(exec(svc, 'USE ROLE PUBLIC'))).code, '003013');
  });
});

describe('pipes', () => {
  const PIPE_COLUMNS = ['created_on', 'name', 'database_name', 'schema_name', 'definition', 'owner', 'notification_channel', 'comment',
    'integration', 'pattern', 'error_integration', 'owner_role_type', 'invalid_reason', 'kind'];
  test('SHOW PIPES [IN SCHEMA] and DESCRIBE PIPE for the owning role', async () => {
    for (const sql of ['SHOW PIPES', 'SHOW PIPES IN SCHEMA THERMAL_DB.RAW', "SHOW PIPES LIKE 'thermal%' IN DATABASE THERMAL_DB", 'DESCRIBE PIPE THERMAL_DB.RAW.THERMAL_PIPE', 'DESC PIPE THERMAL_PIPE']) {
      const r = await execMeta(svc, sql);
      assert.deepEqual(r.columns.map((c) => c.name), PIPE_COLUMNS, sql);
      assert.equal(r.columns[0]?.type, 'timestamp_ltz');
      assert.equal(r.rows.length, 1, sql);
      assert.equal(r.rows[0]?.['name'], 'THERMAL_PIPE');
      assert.equal(r.rows[0]?.['database_name'], 'THERMAL_DB');
      assert.equal(r.rows[0]?.['schema_name'], 'RAW');
      assert.equal(r.rows[0]?.['owner'], 'THERMAL_ROLE');
    }
    assert.deepEqual(await exec(svc, "SHOW PIPES LIKE 'other%'"), []);
  });
  test('missing context or privileges', async () => {
    assert.equal((await failure(exec(adm, 'SHOW PIPES'))).code, '090106');
    const alice = await connect(emu, { user: 'ALICE', password: 'alice-password' });
    conns.push(alice);
    const err = await failure(exec(alice, 'DESCRIBE PIPE THERMAL_DB.RAW.THERMAL_PIPE'));
    assert.equal(err.code, '002003');
    assert.match(err.message, /Pipe 'THERMAL_DB.RAW.THERMAL_PIPE' does not exist or not authorized/);
    assert.equal((await failure(exec(alice, 'SHOW PIPES IN SCHEMA THERMAL_DB.RAW'))).code, '002003');
  });
});

describe('users', () => {
  test('SHOW USERS [LIKE] with type, flags and defaults', async () => {
    const r = await execMeta(adm, "SHOW USERS LIKE 'thermal%'");
    assert.equal(r.rows.length, 1);
    const u = r.rows[0] ?? {};
    assert.equal(u['name'], 'THERMAL_SVC');
    assert.equal(u['type'], 'SERVICE');
    assert.equal(u['disabled'], 'false');
    assert.equal(u['has_password'], 'false');
    assert.equal(u['has_pat'], 'true');
    assert.equal(u['default_role'], 'THERMAL_ROLE');
    assert.ok(u['created_on'] instanceof Date);
    assert.deepEqual(r.columns.slice(0, 3).map((c) => c.name), ['name', 'created_on', 'login_name']);
    assert.equal((await exec(adm, 'SHOW USERS')).length, 3);
    const alice = await connect(emu, { user: 'ALICE', password: 'alice-password' });
    conns.push(alice);
    assert.deepEqual((await exec(alice, 'SHOW USERS')).map((x) => x['name']), ['ALICE']);
  });
  test('DESCRIBE USER lists TYPE and NETWORK_POLICY; other users need privileges', async () => {
    const r = await execMeta(adm, 'DESCRIBE USER THERMAL_SVC');
    assert.deepEqual(r.columns.map((c) => c.name), ['property', 'value', 'default', 'description']);
    const props = Object.fromEntries(r.rows.map((x) => [x['property'], x['value']]));
    assert.equal(props['TYPE'], 'SERVICE');
    assert.equal(props['NETWORK_POLICY'], 'THERMAL_POLICY');
    assert.equal(props['DISABLED'], 'false');
    const alice = Object.fromEntries((await exec(adm, 'DESC USER alice')).map((x) => [x['property'], x['value']]));
    assert.equal(alice['NETWORK_POLICY'], 'null');
    assert.equal(alice['TYPE'], 'PERSON');
    const a = await connect(emu, { user: 'ALICE', password: 'alice-password' });
    conns.push(a);
    await exec(a, 'DESCRIBE USER ALICE');
    assert.equal((await failure(exec(a, 'DESCRIBE USER ADMIN'))).code, '003001');
    assert.equal((await failure(exec(adm, 'DESCRIBE USER NOBODY'))).code, '002003');
  });
});

describe('setup statements', () => {
  test('CREATE USER with a quoted name, CREATE ROLE, GRANT, CREATE NETWORK POLICY, SET NETWORK_POLICY, PAT login', async () => {
    const c = await connect(emu, { user: 'ADMIN', password: 'admin-password' });
    conns.push(c);
    assert.deepEqual(await exec(c, 'CREATE ROLE loader'), [{ status: 'Role LOADER successfully created.' }]);
    assert.deepEqual(await exec(c, "CREATE USER \"mixed.Case user\" TYPE = PERSON PASSWORD = 'pw-1' DEFAULT_ROLE = LOADER"),
      [{ status: 'User mixed.Case user successfully created.' }]);
    await exec(c, 'GRANT ROLE LOADER TO USER "mixed.Case user"');
    await exec(c, "CREATE NETWORK POLICY local_only ALLOWED_IP_LIST = ('127.0.0.1/32')");
    await exec(c, 'ALTER USER "mixed.Case user" SET NETWORK_POLICY = local_only');
    assert.equal((await failure(exec(c, 'CREATE ROLE LOADER'))).code, '002002');
    assert.equal((await failure(exec(c, 'ALTER USER "MIXED.CASE USER" SET DISABLED = TRUE'))).code, '002003');

    const rows = await exec(c, "ALTER USER \"mixed.Case user\" ADD PAT t ROLE_RESTRICTION = 'LOADER'");
    const u = await connect(emu, { user: 'mixed.case user', token: String(rows[0]?.['token_secret']) });
    conns.push(u);
    assert.deepEqual(await exec(u, 'SELECT CURRENT_USER(), CURRENT_ROLE()'), [{ 'CURRENT_USER()': 'mixed.Case user', 'CURRENT_ROLE()': 'LOADER' }]);
    const pw = await connect(emu, { user: 'MIXED.CASE USER', password: 'pw-1' });
    conns.push(pw);
    assert.equal((await exec(pw, 'SELECT CURRENT_ROLE()'))[0]?.['CURRENT_ROLE()'], 'LOADER');
    // The password literal never reaches the request record.
    assert.ok(!JSON.stringify(emu.requests).includes('pw-1'));
    assert.ok(emu.requests.some((r) => r.sqlText?.includes("PASSWORD = '***'")));
  });
  test('account-level DDL needs ACCOUNTADMIN', async () => {
    const alice = await connect(emu, { user: 'ALICE', password: 'alice-password' });
    conns.push(alice);
    for (const sql of ['CREATE USER X', 'CREATE ROLE X', 'GRANT ROLE ANALYST TO USER ALICE', "CREATE NETWORK POLICY X ALLOWED_IP_LIST = ('1.2.3.4')"]) {
      const err = await failure(exec(alice, sql));
      assert.equal(err.code, '003001', sql);
      assert.match(err.message, /account 'TESTACCT'/);
    }
    assert.equal((await failure(exec(alice, 'ALTER USER THERMAL_SVC SET DISABLED = TRUE'))).code, '003001');
  });
  test('runAs executes directly, unrecorded, and throws Snowflake-shaped errors', async () => {
    const before = emu.requests.length;
    const rows = await emu.runAs('ALICE', 'SELECT CURRENT_USER(), CURRENT_ROLE()');
    assert.deepEqual(rows, [{ 'CURRENT_USER()': 'ALICE', 'CURRENT_ROLE()': 'ANALYST' }]);
    await assert.rejects(emu.runAs('ALICE', 'ALTER USER ADMIN ADD PAT x'), (e: { code?: string }) => e.code === '003001');
    await assert.rejects(emu.runAs('NOBODY', 'SELECT 1'), (e: { code?: string }) => e.code === '002003');
    assert.equal(emu.requests.length, before);
  });
});
