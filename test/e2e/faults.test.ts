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
// The plain ROTATE pat sends (no grace clause).
const PLAIN_ROTATE = /ROTATE PROGRAMMATIC ACCESS TOKEN THERMAL_PAT$/;

/**
 * A child process, for runs where pat gives up (--timeout) while the driver still retries the statement with
 * back-off: pat's exit is what ends those retries. In process they would run on after the test, for a minute.
 * Also for two concurrent pat processes, which share no module state or pid.
 */
const AS_PROCESS = { process: true };

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
    // Both undefined would also be "equal": first make sure the driver sent one.
    assert.match(attempts[0]?.requestId ?? '', /^[0-9a-f-]{36}$/i, 'the first attempt carries a requestId');
    assert.equal(attempts[1]?.requestId, attempts[0]?.requestId, 'the retry reuses the requestId');
    assert.equal(attempts[1]?.retryCount, 1);
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT']);
    assert.doesNotMatch(result.stderr, /reply .* was lost/, 'no recovery was needed');
    assert.equal((await world.pat(['test-connection'])).code, 0, 'the saved secret is the one Snowflake issued');
  });

  test('every attempt: pat never ROTATEs on a guess; it says the secret may be lost and how to replace it', async () => {
    world.emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: ADD, times: Infinity });
    const result = await world.pat(['--timeout', '1', 'create', '--name', 'thermal_pat'], AS_PROCESS);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /a token of that name now exists/);
    assert.match(result.stderr, /pat rotate --name THERMAL_PAT --expire-old-after-hours 0/);
    assert.deepEqual(world.sql().filter((s) => !ADD.test(s)), ['SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC']);
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT'], 'the token is left as it is');
    assert.equal((await world.readConfig()).pat, undefined, 'nothing was written');
    // The hint, followed: the config gets a secret that logs in, and the lost one is gone.
    world.emulator.faults.clear();
    world.emulator.clock.advance(1000);
    const repaired = await world.pat(['rotate', '--name', 'thermal_pat', '--expire-old-after-hours', '0', '--user', 'THERMAL_SVC']);
    assert.equal(repaired.code, 0, repaired.stderr);
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT'], 'the predecessor holding the lost secret was removed');
    assert.equal((await world.pat(['test-connection'])).code, 0);
  });

  test('every attempt, and the token already existed before this run: pat refuses to touch it', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat', '--no-write', '--show-secret'])).code, 0);
    world.emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: ADD, times: Infinity });
    const result = await world.pat(['--timeout', '1', 'create', '--name', 'thermal_pat'], AS_PROCESS);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /now exists/);
    assert.equal(queriesMatching(/ROTATE|REMOVE/).length, 0, 'no ROTATE or REMOVE of a token this run cannot prove is its own');
  });

  test('every attempt, statement never ran: nothing was created and pat says a rerun is safe', async () => {
    world.emulator.faults.inject({ kind: 'drop-before-execute', sqlMatch: ADD, times: Infinity });
    const result = await world.pat(['--timeout', '1', 'create', '--name', 'thermal_pat'], AS_PROCESS);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /nothing was created/);
    assert.deepEqual(await tokenNames(), []);
  });
});

describe('reply lost after ROTATE', () => {
  test('every attempt: exit 1, the rotation may have happened, the secret in the config keeps working', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    const oldSecret = (await world.readConfig()).pat;
    world.emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: PLAIN_ROTATE, times: Infinity });
    const result = await world.pat(['--timeout', '1', 'rotate'], AS_PROCESS);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the rotation may have happened/);
    assert.match(result.stderr, /keeps working as THERMAL_PAT_ROTATED_\d+ until \d{4}-/);
    assert.equal(queriesMatching(/REMOVE|EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0/).length, 0, 'nothing destructive on a guess');
    assert.equal((await world.readConfig()).pat, oldSecret);
    assert.equal((await world.pat(['test-connection'])).code, 0, 'the previous secret still logs in');
    world.emulator.faults.clear();
    world.emulator.clock.advance(1000);
    const again = await world.pat(['rotate']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /verified/);
  });
});

describe('two pat processes on one config', () => {
  test('two rotations are serialised by the lock; the config ends with a secret that logs in', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    const created = world.emulator.issuedSecrets().length;
    // The first ROTATE takes effect at once but its reply is held back. Unlocked, the other process ROTATEs and
    // saves its (newer) secret meanwhile, and the held reply's older secret then overwrites it in the config: the
    // config would keep a secret that stops working when its grace period ends. Locked, the other process waits.
    world.emulator.faults.inject({ kind: 'delay-reply', ms: 700, sqlMatch: PLAIN_ROTATE, times: 1 });
    const [a, b] = await Promise.all([world.pat(['rotate', '--no-verify'], AS_PROCESS), world.pat(['rotate', '--no-verify'], AS_PROCESS)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(queriesMatching(PLAIN_ROTATE).length, 2);
    const secrets = world.emulator.issuedSecrets();
    assert.equal(secrets.length, created + 2, 'each rotation issued one secret');
    // The config holds the newest secret: the last one issued, not the one whose reply was held back.
    // Compared by position in the issue order, so a failure names which secret was kept without printing one.
    const kept = secrets.indexOf(String((await world.readConfig()).pat));
    assert.equal(kept, secrets.length - 1, `the config keeps secret #${kept + 1} of ${secrets.length} issued`);
    const check = await world.pat(['test-connection']);
    assert.equal(check.code, 0, check.stderr);
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
    const result = await world.pat(['list'], { env: { SNOWFLAKE_PORT: String(port) } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`Cannot reach Snowflake at http://127\\.0\\.0\\.1:${port}`));
    assert.match(result.stderr, /ECONNREFUSED/);
    // No login retries (timings themselves live in bench/): one attempt reached the closed port, none more.
  });

  test('HTTP 503 on every query: bounded by --timeout, then a clear error', async () => {
    world.emulator.faults.inject({ kind: 'http-status', status: 503, endpoint: 'query', times: Infinity });
    const result = await world.pat(['--timeout', '1', 'list'], AS_PROCESS);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No answer for the statement within 1 s/);
    assert.match(result.stderr, /--timeout/);
  });

  test('a stalled login: bounded by --timeout, then a clear error', async () => {
    // Longer than --timeout, so a run that ignored it would log in and exit 0; short, as the held reply keeps the file alive.
    world.emulator.faults.inject({ kind: 'delay', ms: 3_000, endpoint: 'login', times: 1 });
    const result = await world.pat(['--timeout', '1', 'list'], AS_PROCESS);
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
