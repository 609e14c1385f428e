/**
 * What goes wrong on the wire: lost replies after ADD/ROTATE (the secret must not be lost), concurrent pat
 * processes on one config, an endpoint that is down, 5xx answers, stalls and expiring session tokens.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => world.close());

const ADD = /ADD PROGRAMMATIC ACCESS TOKEN/;
// The plain ROTATE pat sends, not the recovery's ROTATE … EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0.
const PLAIN_ROTATE = /ROTATE PROGRAMMATIC ACCESS TOKEN THERMAL_PAT$/;

function queriesMatching(pattern: RegExp) {
  return world.emulator.requests.filter((r) => r.kind === 'query' && pattern.test(r.sqlText ?? ''));
}

async function tokenNames(): Promise<string[]> {
  const rows = await world.emulator.runAs('ADMIN', 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC');
  return rows.map((r) => String(r.name)).sort();
}

describe('reply lost after ADD', () => {
  test('once: the driver retries with the same requestId and gets the original secret; ADD ran once', async () => {
    world.emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: ADD, times: 1 });
    const result = await world.pat(['create', '--name', 'thermal_pat']);
    assert.equal(result.code, 0, result.stderr);
    const attempts = queriesMatching(ADD);
    assert.equal(attempts.length, 2, 'one dropped attempt and one retry');
    assert.equal(attempts[0]?.requestId, attempts[1]?.requestId, 'the retry reuses the requestId');
    assert.equal(attempts[1]?.retryCount, 1);
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT']);
    assert.doesNotMatch(result.stderr, /reply .* was lost/, 'no recovery was needed');
    assert.equal((await world.pat(['test-connection'])).code, 0, 'the saved secret is the one Snowflake issued');
  });

  test('every attempt: pat detects the token with SHOW, re-issues the secret, and cleans up', async () => {
    world.emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: ADD, times: Infinity });
    const result = await world.pat(['--timeout', '2', 'create', '--name', 'thermal_pat']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /reply \(the only copy of the secret\) was lost/);
    const sql = world.sql().filter((s) => !ADD.test(s));
    assert.deepEqual(sql, [
      'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC',
      'ALTER USER THERMAL_SVC ROTATE PROGRAMMATIC ACCESS TOKEN THERMAL_PAT EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0',
      sql[2] ?? 'missing REMOVE',
    ]);
    assert.match(sql[2] ?? '', /^ALTER USER THERMAL_SVC REMOVE PROGRAMMATIC ACCESS TOKEN THERMAL_PAT_ROTATED_\d+$/);
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT'], 'no rotated leftover');
    assert.equal((await world.pat(['test-connection'])).code, 0, 'the recovered secret logs in');
  });

  test('every attempt, and the token already existed before this run: pat refuses to touch it', async () => {
    // A world whose clock starts nine days ago: the first token is created then, and the clock catches up with
    // this machine's before someone runs create again with the same name and every reply is lost.
    await world.close();
    world = await startWorld({ now: Date.now() - 9 * 86_400_000 });
    assert.equal((await world.pat(['create', '--name', 'thermal_pat', '--no-write', '--show-secret'])).code, 0);
    world.emulator.clock.advance(9 * 86_400_000);
    world.emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: ADD, times: Infinity });
    const result = await world.pat(['--timeout', '2', 'create', '--name', 'thermal_pat']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already exists/);
    assert.equal(queriesMatching(/ROTATE/).length, 0, 'no ROTATE of a token this run did not create');
  });

  test('every attempt, statement never ran: nothing was created and pat says a rerun is safe', async () => {
    world.emulator.faults.inject({ kind: 'drop-before-execute', sqlMatch: ADD, times: Infinity });
    const result = await world.pat(['--timeout', '2', 'create', '--name', 'thermal_pat']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /nothing was created/);
    assert.deepEqual(await tokenNames(), []);
  });
});

describe('reply lost after ROTATE', () => {
  test('every attempt: the unknown new secret is replaced; the old one keeps its grace period', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    const oldSecret = (await world.readConfig()).pat;
    world.emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: PLAIN_ROTATE, times: Infinity });
    const result = await world.pat(['--timeout', '2', 'rotate']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /rotated token THERMAL_PAT but its reply/);
    assert.match(result.stdout, /verified/);
    const config = await world.readConfig();
    assert.notEqual(config.pat, oldSecret);
    const names = await tokenNames();
    assert.equal(names.length, 2, `THERMAL_PAT and the rotated object of the old secret: ${names.join(', ')}`);
    assert.ok(names.includes('THERMAL_PAT'));
  });
});

describe('two pat processes on one config', () => {
  test('two rotations are serialised by the lock; the config ends with a secret that logs in', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    // Slow the first ROTATE down so the two processes overlap.
    world.emulator.faults.inject({ kind: 'delay', ms: 700, sqlMatch: PLAIN_ROTATE, times: 1 });
    const [a, b] = await Promise.all([world.pat(['rotate', '--no-verify']), world.pat(['rotate', '--no-verify'])]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(queriesMatching(PLAIN_ROTATE).length, 2);
    const check = await world.pat(['test-connection']);
    assert.equal(check.code, 0, check.stderr);
    // The config holds the newest secret: the last one issued.
    const secrets = world.emulator.issuedSecrets();
    assert.equal((await world.readConfig()).pat, secrets[secrets.length - 1]);
  });
});

describe('network faults', () => {
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  test('endpoint down: a clear error and exit 1, without minutes of driver retries', async () => {
    const port = await closedPort();
    const started = Date.now();
    const result = await world.pat(['list'], { env: { SNOWFLAKE_PORT: String(port) } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`Cannot reach Snowflake at http://127\\.0\\.0\\.1:${port}`));
    assert.match(result.stderr, /ECONNREFUSED/);
    // Generous bound: the driver's default would retry for minutes. (Timings themselves live in bench/.)
    assert.ok(Date.now() - started < 15_000);
  });

  test('HTTP 503 on every query: bounded by --timeout, then a clear error', async () => {
    world.emulator.faults.inject({ kind: 'http-status', status: 503, endpoint: 'query', times: Infinity });
    const result = await world.pat(['--timeout', '2', 'list']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No answer for the statement within 2 s/);
    assert.match(result.stderr, /--timeout/);
  });

  test('a stalled login: bounded by --timeout, then a clear error', async () => {
    world.emulator.faults.inject({ kind: 'delay', ms: 8_000, endpoint: 'login', times: 1 });
    const result = await world.pat(['--timeout', '1', 'list']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /within 1 s|timeout/i);
  });

  test('the session token expires mid-command: the driver renews it and the command succeeds', async () => {
    world.emulator.faults.inject({ kind: 'expire-session', times: 1 });
    const result = await world.pat(['create', '--name', 'thermal_pat']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(world.emulator.requests.filter((r) => r.kind === 'renew').length, 1);
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT']);
  });
});
