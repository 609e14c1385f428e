import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { describeForUser, loadSeedFile, startEmulator, thermalSeed } from 'snowflake-pat-emulator';
import { admin, connect, destroy, emulatorPerTest, exec, failure } from './helpers/driver.js';
import { post, rawLogin } from './helpers/raw.js';

const fixture = emulatorPerTest();
const queries = (re: RegExp) => fixture.emu.requests.filter((r) => r.kind === 'query' && re.test(r.sqlText ?? ''));
const patCount = async (): Promise<number> => (await fixture.emu.runAs('ADMIN', 'SHOW USER PATS FOR USER ALICE')).length;

describe('retries and replay', () => {
  test('a reply lost after execution: the driver retries with the same requestId and gets the original secret; ran once', async () => {
    const c = await fixture.adminConn();
    fixture.emu.faults.inject({ kind: 'drop-after-execute', sqlMatch: /ADD PAT replayed/ });
    const rows = await exec(c, 'ALTER USER ALICE ADD PAT replayed');
    const secret = String(rows[0]?.['token_secret']);
    const attempts = queries(/ADD PAT replayed/);
    assert.equal(attempts.length, 2);
    assert.equal(attempts[0]?.status, 0);
    assert.equal(attempts[1]?.status, 200);
    assert.equal(attempts[0]?.requestId, attempts[1]?.requestId);
    assert.equal(attempts[1]?.retryCount, 1);
    // Executed once: one token, one secret issued, and the secret the driver got is that one.
    assert.equal(await patCount(), 1);
    assert.deepEqual(fixture.emu.issuedSecrets(), [secret]);
    const d = await fixture.emu.runAs('ADMIN', `SELECT SYSTEM$DECODE_PAT('${secret}') AS d`);
    assert.equal(JSON.parse(String(d[0]?.['D']))['PAT_NAME'], 'REPLAYED');
  });

  test('a request dropped before execution runs on the retry', async () => {
    const c = await fixture.adminConn();
    fixture.emu.faults.inject({ kind: 'drop-before-execute', sqlMatch: /ADD PAT late/ });
    await exec(c, 'ALTER USER ALICE ADD PAT late');
    assert.deepEqual(queries(/ADD PAT late/).map((r) => r.status), [0, 200]);
    assert.equal(await patCount(), 1);
  });

  test('drop-after-execute on every attempt never runs the statement twice (raw HTTP, same requestId)', async () => {
    const token = await rawLogin(fixture.emu, 'ADMIN', 'admin-password');
    fixture.emu.faults.inject({ kind: 'drop-after-execute', sqlMatch: /ADD PAT always/, times: Infinity });
    const send = () => post(fixture.emu, '/queries/v1/query-request?requestId=fixed-1', { sqlText: 'ALTER USER ALICE ADD PAT always' }, { token });
    await assert.rejects(send());
    await assert.rejects(send());
    fixture.emu.faults.clear();
    const r = await send();
    assert.equal(r.json['success'], true);
    assert.equal(await patCount(), 1);
    assert.equal(fixture.emu.issuedSecrets().length, 1);
    // A new requestId is a new execution (and here a duplicate name).
    const again = await post(fixture.emu, '/queries/v1/query-request?requestId=fixed-2', { sqlText: 'ALTER USER ALICE ADD PAT always' }, { token });
    assert.equal(again.json['code'], '002002');
  });

  test('HTTP 503 once: the driver retries and succeeds', async () => {
    const c = await fixture.adminConn();
    fixture.emu.faults.inject({ kind: 'http-status', status: 503, sqlMatch: /CURRENT_ACCOUNT/ });
    const rows = await exec(c, 'SELECT CURRENT_ACCOUNT()');
    assert.deepEqual(rows, [{ 'CURRENT_ACCOUNT()': 'TESTACCT' }]);
    assert.deepEqual(queries(/CURRENT_ACCOUNT/).map((r) => r.status), [503, 200]);
  });

  test('HTTP 503 on login fails the connect when login retries are off', async () => {
    fixture.emu.faults.inject({ kind: 'http-status', status: 503, endpoint: 'login' });
    const err = await failure(connect(fixture.emu, { user: 'ADMIN', password: 'admin-password' }));
    assert.ok(err instanceof Error);
    assert.deepEqual(fixture.emu.requests.map((r) => [r.kind, r.status]), [['login', 503]]);
  });

  test('delay holds one statement while others proceed', async () => {
    const c = await fixture.adminConn();
    const c2 = await fixture.adminConn();
    fixture.emu.faults.inject({ kind: 'delay', ms: 1500, sqlMatch: /CURRENT_ROLE/ });
    const order: string[] = [];
    const slow = exec(c, 'SELECT CURRENT_ROLE()').then(() => order.push('slow'));
    await new Promise((r) => setTimeout(r, 50));
    await exec(c2, 'SELECT CURRENT_USER()').then(() => order.push('fast'));
    await slow;
    assert.deepEqual(order, ['fast', 'slow']);
  });

  test('expire-session: 390112, the driver renews with the master token, the statement runs once', async () => {
    const c = await fixture.adminConn();
    fixture.emu.faults.inject({ kind: 'expire-session' });
    await exec(c, 'ALTER USER ALICE ADD PAT after_renew');
    const seq = fixture.emu.requests.filter((r) => r.kind !== 'login').map((r) => `${r.kind}:${r.status}:${r.errorCode ?? ''}`);
    assert.deepEqual(seq, ['query:200:390112', 'renew:200:', 'query:200:']);
    assert.equal(await patCount(), 1);
    // The new token keeps working.
    assert.deepEqual(await exec(c, 'SELECT CURRENT_USER()'), [{ 'CURRENT_USER()': 'ADMIN' }]);
  });
});

describe('wire details', () => {
  test('gzip bodies are sniffed by magic bytes; replies are application/json with success/data', async () => {
    const r = await post(fixture.emu, '/session/v1/login-request', { data: { LOGIN_NAME: 'ADMIN', PASSWORD: 'admin-password', ACCOUNT_NAME: 'whatever' } }, { gzip: true });
    assert.equal(r.status, 200);
    assert.match(r.contentType ?? '', /application\/json/);
    const data = r.json['data'] as Record<string, unknown>;
    assert.equal(r.json['success'], true);
    assert.match(String(data['token']), /^ST-/);
    assert.match(String(data['masterToken']), /^MT-/);
    assert.deepEqual(data['parameters'], [{ name: 'TIMEZONE', value: 'UTC' }, { name: 'CLIENT_RESULT_CHUNK_SIZE', value: 160 }]);
    const q = await post(fixture.emu, '/queries/v1/query-request?requestId=g1', { sqlText: 'SELECT CURRENT_USER()' }, { token: String(data['token']), gzip: true });
    const qd = q.json['data'] as Record<string, unknown>;
    assert.deepEqual(qd['rowset'], [['ADMIN']]);
    assert.equal(qd['returned'], 1);
    assert.equal(qd['total'], 1);
    assert.ok(Array.isArray(qd['parameters']));
    assert.equal(fixture.emu.requests[0]?.account, 'whatever');
  });

  test('timestamps are epoch seconds with 9 fraction digits', async () => {
    const emu2 = await startEmulator({ now: 1_744_239_049_066 });
    try {
      const token = await rawLogin(emu2, 'ADMIN', 'admin-password');
      await emu2.runAs('ADMIN', 'ALTER USER ALICE ADD PAT ts');
      const q = await post(emu2, '/queries/v1/query-request?requestId=t', { sqlText: 'SHOW USER PATS FOR USER ALICE' }, { token });
      const d = q.json['data'] as { rowset: unknown[][]; rowtype: { name: string; type: string; scale: number | null }[] };
      assert.equal(d.rowset[0]?.[6], '1744239049.066000000');
      assert.equal(d.rowtype[6]?.scale, 9);
      assert.equal(d.rowset[0]?.[8], null);
    } finally {
      await emu2.close();
    }
  });

  test('requests without a valid session token are refused; after logout the session is gone', async () => {
    const r = await post(fixture.emu, '/queries/v1/query-request', { sqlText: 'SELECT 1' }, { token: 'ST-bogus' });
    assert.equal(r.status, 401);
    assert.equal(r.json['code'], '390104');
    const token = await rawLogin(fixture.emu, 'ADMIN', 'admin-password');
    const out = await post(fixture.emu, '/session?delete=true', undefined, { token });
    assert.equal(out.json['success'], true);
    const after = await post(fixture.emu, '/queries/v1/query-request', { sqlText: 'SELECT 1' }, { token });
    assert.equal(after.json['code'], '390111');
    assert.equal((await post(fixture.emu, '/nowhere', {})).status, 404);
    const live = await rawLogin(fixture.emu, 'ADMIN', 'admin-password');
    assert.equal((await post(fixture.emu, '/session/heartbeat', undefined, { token: live })).json['success'], true);
    assert.equal((await post(fixture.emu, '/session/heartbeat', undefined, { token })).json['code'], '390111');
  });
});

describe('request record', () => {
  test('kinds, authenticators, login names, SQL, request ids, error codes; no secrets or passwords', async () => {
    process.env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE = '';
    const c = await admin(fixture.emu); // destroyed below, before the record is read
    process.env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE = '1';
    const rows = await exec(c, "ALTER USER THERMAL_SVC ADD PAT rec ROLE_RESTRICTION = 'THERMAL_ROLE'");
    const secret = String(rows[0]?.['token_secret']);
    await failure(exec(c, 'ALTER USER NOBODY ADD PAT x'));
    await exec(c, `SELECT SYSTEM$DECODE_PAT('${secret}')`);
    // Even a secret pasted somewhere unexpected is scrubbed.
    await failure(exec(c, `ALTER USER THERMAL_SVC ADD PAT oops COMMENT = '${secret}'`));
    const pat = await connect(fixture.emu, { user: 'THERMAL_SVC', token: secret });
    await destroy(pat);
    await failure(connect(fixture.emu, { user: 'THERMAL_SVC', token: 'wrong-token-value' }));
    await destroy(c);
    await new Promise((r) => setTimeout(r, 50)); // telemetry is fire-and-forget

    const kinds = fixture.emu.requests.map((r) => r.kind);
    assert.ok(kinds.includes('telemetry'));
    assert.deepEqual(kinds.filter((k) => k !== 'telemetry'), ['login', 'query', 'query', 'query', 'query', 'login', 'logout', 'login', 'logout']);
    const logins = fixture.emu.requests.filter((r) => r.kind === 'login');
    assert.deepEqual(logins.map((r) => [r.authenticator, r.loginName, r.status, r.errorCode]), [
      ['SNOWFLAKE', 'ADMIN', 200, undefined],
      ['PROGRAMMATIC_ACCESS_TOKEN', 'THERMAL_SVC', 200, undefined],
      ['PROGRAMMATIC_ACCESS_TOKEN', 'THERMAL_SVC', 200, '394400'],
    ]);
    const qs = fixture.emu.requests.filter((r) => r.kind === 'query');
    assert.deepEqual(qs.map((r) => r.errorCode), [undefined, '002003', undefined, '394412']);
    assert.equal(qs[2]?.sqlText, "SELECT SYSTEM$DECODE_PAT('***')");
    assert.equal(qs[3]?.sqlText, "ALTER USER THERMAL_SVC ADD PAT oops COMMENT = '***'");
    assert.ok(qs.every((r) => typeof r.requestId === 'string' && r.requestId.length > 0));
    const dump = JSON.stringify(fixture.emu.requests);
    for (const s of [secret, 'admin-password', 'wrong-token-value']) assert.ok(!dump.includes(s), s);
    fixture.emu.clearRequests();
    assert.equal(fixture.emu.requests.length, 0);
  });
});

describe('seeds and description', () => {
  test('thermalSeed has the demo world; seeded PATs log in with their secret', async () => {
    const seed = thermalSeed();
    assert.equal(seed.account, 'TESTACCT');
    seed.pats = [{ user: 'THERMAL_SVC', name: 'SEEDED', secret: 'seeded-secret-123', roleRestriction: 'THERMAL_ROLE', daysToExpiry: 5 }];
    const e = await startEmulator({ seed, now: 0 });
    try {
      const c = await connect(e, { user: 'THERMAL_SVC', token: 'seeded-secret-123' });
      assert.deepEqual(await exec(c, 'SELECT CURRENT_ROLE()'), [{ 'CURRENT_ROLE()': 'THERMAL_ROLE' }]);
      await destroy(c);
      assert.ok(e.issuedSecrets().includes('seeded-secret-123'));
      const rows = await e.runAs('ADMIN', 'SHOW USER PATS FOR USER THERMAL_SVC');
      assert.equal((rows[0]?.['expires_at'] as Date).getTime(), 5 * 86_400_000);
    } finally {
      await e.close();
    }
  });

  test('loadSeedFile validates with messages naming the field', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fixture.emu-seed-'));
    try {
      const file = path.join(dir, 'seed.json');
      const bad = async (content: string, re: RegExp) => {
        await writeFile(file, content);
        await assert.rejects(loadSeedFile(file), (e: Error) => e.name === 'SeedError' && re.test(e.message));
      };
      await bad('{', /not valid JSON/);
      await bad('{"users":[]}', /seed\.account: expected a non-empty string/);
      await bad('{"account":"A","users":[{"name":"U","type":"ROBOT"}]}', /seed\.users\[0\]\.type: expected one of PERSON, SERVICE, LEGACY_SERVICE, got "ROBOT"/);
      await bad('{"account":"A","users":[{"name":"U","roles":["NOPE"]}]}', /seed\.users\[0\]\.roles: role "NOPE"/);
      await bad('{"account":"A","colour":"red"}', /unknown field "colour"/);
      await assert.rejects(loadSeedFile(path.join(dir, 'missing.json')), /cannot read seed file/);
      await writeFile(file, JSON.stringify(thermalSeed()));
      assert.deepEqual(await loadSeedFile(file), thermalSeed());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('describeForUser gives env lines and a sample config pointing at the emulator', () => {
    const text = describeForUser(fixture.emu);
    assert.ok(text.includes(`SNOWFLAKE_ACCOUNT=TESTACCT SNOWFLAKE_USER=ADMIN SNOWFLAKE_PASSWORD=admin-password SNOWFLAKE_HOST=127.0.0.1 SNOWFLAKE_PORT=${fixture.emu.port} SNOWFLAKE_PROTOCOL=http`));
    assert.ok(text.includes(JSON.stringify({
      account: 'TESTACCT', user: 'THERMAL_SVC', url: `http://127.0.0.1:${fixture.emu.port}`, role: 'THERMAL_ROLE',
      database: 'THERMAL_DB', schema: 'RAW', warehouse: 'THERMAL_WH', pipe: 'THERMAL_PIPE',
    })));
    assert.equal(fixture.emu.url, `http://127.0.0.1:${fixture.emu.port}`);
  });
});
