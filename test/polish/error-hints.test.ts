/**
 * Every Snowflake error code the CLI can meet gets a hint naming the fix (a `pat doctor` check or the SQL), keyed
 * by code. Through the emulator for each code it produces; the others (390144 key pair, 394401 expired) through
 * a driver-shaped error. A server that answers but is not Snowflake is named with its URL.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adminEnvFor, startEmulator, thermalSeed, type RunningEmulator } from 'snowflake-pat-emulator';
import { describeDriverError, HINTS } from '../../src/providers/snowflake/errors.js';
import { BASE_CONFIG } from '../helpers/world.js';
import { pat } from './in-process.js';

const REQUIRED = ['390100', '390144', '390189', '390432', '394400', '394401', '002003', '003001', '394413'];

describe('the hint table', () => {
  test('every required code has a hint that names a pat command, a doctor check or SQL', () => {
    for (const code of REQUIRED) {
      const hint = HINTS[code];
      assert.ok(hint, `no hint for ${code}`);
      assert.match(hint, /`pat [a-z]+|GRANT |ALTER |CREATE /, `the hint for ${code} names no fix`);
    }
  });

  test('codes the emulator cannot produce: key pair (390144) and expiry (394401), from driver-shaped errors', () => {
    const login = { phase: 'login' as const, endpoint: 'https://acme.snowflakecomputing.com', auth: 'keypair' };
    const jwt = describeDriverError({ name: 'OperationFailedError', code: '390144', message: 'JWT token is invalid.' }, login);
    assert.match(jwt.message, /^Snowflake error 390144: JWT token is invalid\.$/);
    assert.match(jwt.hint ?? '', /RSA_PUBLIC_KEY/);
    const expired = describeDriverError({ name: 'OperationFailedError', code: '394401', message: 'Programmatic access token is expired' }, login);
    assert.match(expired.hint ?? '', /pat create/);
  });

  test('the hint follows the code, not the text', () => {
    const context = { phase: 'query' as const, endpoint: 'x', auth: 'password' };
    const a = describeDriverError({ name: 'OperationFailedError', code: '003001', message: 'anything at all' }, context);
    const b = describeDriverError({ name: 'OperationFailedError', code: '999999', message: 'Insufficient privileges to operate on user' }, context);
    assert.match(a.hint ?? '', /GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS/);
    assert.equal(b.hint, undefined);
  });
});

describe('hints through the emulator', () => {
  let emulator: RunningEmulator;
  let work: string;
  before(async () => {
    const seed = thermalSeed();
    seed.pats = [...(seed.pats ?? []), { user: 'ALICE', name: 'ALICE_PAT', secret: 'alice-pat-secret-000' }];
    emulator = await startEmulator({ seed });
    work = await mkdtemp(path.join(os.tmpdir(), 'pat-hints-'));
  });
  after(async () => {
    await emulator.close();
    await rm(work, { recursive: true, force: true });
  });

  async function run(args: string[], options: { config?: Record<string, unknown>; env?: Record<string, string> } = {}) {
    const dir = await mkdtemp(path.join(work, 'case-'));
    await writeFile(path.join(dir, 'snowflake_config.json'), JSON.stringify({ ...BASE_CONFIG, url: emulator.url, ...options.config }), { mode: 0o600 });
    return pat(args, { env: { ...adminEnvFor(emulator), HOME: dir, ...options.env }, cwd: dir });
  }

  const cases: { code: string; args: string[]; config?: Record<string, unknown>; env?: Record<string, string>; hint: RegExp }[] = [
    { code: '390100', args: ['list'], env: { SNOWFLAKE_PASSWORD: 'wrong' }, hint: /user or password was refused.*pat doctor` \(check "admin connection"\)/ },
    { code: '390189', args: ['list'], env: { SNOWFLAKE_ROLE: 'THERMAL_ROLE' }, hint: /GRANT ROLE <role> TO USER <user>;/ },
    { code: '394400', args: ['test-connection'], config: { pat: 'not-a-real-token' }, hint: /`pat rotate` \(or `pat create`\)/ },
    {
      code: '390432',
      args: ['test-connection'],
      config: { user: 'ALICE', role: 'ANALYST', pat: 'alice-pat-secret-000' },
      hint: /`pat doctor` \(check "network policy"\).*ALTER USER <user> SET NETWORK_POLICY/,
    },
    { code: '002003', args: ['list', '--user', 'NO_SUCH_USER'], hint: /checks "user" and "privileges"/ },
    {
      code: '003001',
      args: ['list', '--user', 'THERMAL_SVC'],
      env: { SNOWFLAKE_USER: 'ALICE', SNOWFLAKE_PASSWORD: 'alice-password' },
      hint: /GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER <user> TO ROLE <role>;/,
    },
    // UNCONFIRMED code (emulator stand-in for "role not granted" on ROLE_RESTRICTION).
    { code: '394413', args: ['create', '--name', 'hint_pat', '--role-restriction', 'ANALYST', '--no-write', '--secret-only'], hint: /GRANT ROLE <role> TO USER <user>;.*check "role restriction"/ },
  ];
  for (const c of cases) {
    test(`${c.code}: pat ${c.args.join(' ')}`, async () => {
      const result = await run(c.args, c);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`error: Snowflake error ${c.code}: `));
      const hint = result.stderr.split('\n').find((line) => line.startsWith('hint: '));
      assert.ok(hint, `no hint line:\n${result.stderr}`);
      assert.match(hint, c.hint);
    });
  }
});

describe('a server that answers but is not Snowflake', () => {
  let server: http.Server;
  let url: string;
  let work: string;
  let status = 200;
  before(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    work = await mkdtemp(path.join(os.tmpdir(), 'pat-foreign-'));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  for (const [what, answer] of [['an HTML page (200)', 200], ['a 404 page', 404]] as const) {
    test(`${what}: the URL and "does not answer like Snowflake", not a driver code`, async () => {
      status = answer;
      const endpoint = url;
      await writeFile(path.join(work, 'snowflake_config.json'), JSON.stringify({ ...BASE_CONFIG, url: endpoint, pat: 'some-token' }), { mode: 0o600 });
      const result = await pat(['--timeout', '20', 'test-connection'], { env: { HOME: work }, cwd: work });
      assert.equal(result.code, 1, result.stderr);
      assert.ok(result.stderr.includes(`error: ${endpoint} answered`), result.stderr);
      assert.match(result.stderr, /this server does not answer like Snowflake\./);
      if (answer === 404) assert.match(result.stderr, /answered HTTP 404 \(text\/html\)/);
      assert.doesNotMatch(result.stderr, /401002|Request to Snowflake failed|OperationFailedError/);
      assert.match(result.stderr, /hint: Check `account` and `url`/);
    });
  }
});
