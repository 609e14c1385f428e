/**
 * `pat status`, the expiry gate, through the built CLI and the emulator: exit 0 healthy, 3 expiring within
 * --warn-days, 1 expired / disabled / missing / invalid, on the admin connection and on the PAT fallback
 * (no admin connection configured). Time moves with the emulator's injectable clock; pat's own clock is real, so a
 * world whose clock starts in the past holds a token that was created long ago.
 */
import type { StatusReport } from '../../src/providers/snowflake/lifecycle/health.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

const DAY = 86_400_000;
const SHOW = 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC';
/** Blank values remove the admin connection the world's environment provides. */
const NO_ADMIN = {
  SNOWFLAKE_ACCOUNT: '', SNOWFLAKE_USER: '', SNOWFLAKE_PASSWORD: '', SNOWFLAKE_HOST: '', SNOWFLAKE_PORT: '', SNOWFLAKE_PROTOCOL: '',
};

type Report = StatusReport;

async function status(world: World, args: string[] = [], env?: Record<string, string>): Promise<{ code: number | null; report: Report; stderr: string }> {
  const result = await world.pat(['--json', 'status', ...args], { env });
  let report: Report;
  try {
    report = JSON.parse(result.stdout) as Report;
  } catch {
    assert.fail(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
  return { code: result.code, report, stderr: result.stderr };
}

describe('pat status on the admin connection', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  test('a config without "pat_name" is missing: exit 1, nothing sent', async () => {
    world.emulator.clearRequests();
    const { code, report, stderr } = await status(world);
    assert.equal(code, 1);
    assert.equal(report.verdict, 'missing');
    assert.equal(report.healthy, false);
    assert.equal(report.token_name, null);
    assert.match(stderr, /no "pat_name"/);
    assert.equal(world.emulator.requests.length, 0);
  });

  test('a fresh token is healthy: exit 0, one SHOW on the admin login, the documented JSON', async () => {
    const created = await world.pat(['create', '--name', 'thermal_pat', '--expires-in', '90']);
    assert.equal(created.code, 0, created.stderr);
    world.emulator.clearRequests();
    const { code, report } = await status(world);
    assert.equal(code, 0);
    assert.deepEqual(world.sql(), [SHOW]);
    const login = world.emulator.requests.find((r) => r.kind === 'login');
    assert.equal(login?.loginName, 'ADMIN');
    assert.deepEqual(Object.keys(report).sort(), [
      'days_left', 'expires_at', 'healthy', 'live_predecessors', 'role_restriction', 'status', 'token_name', 'user', 'verdict', 'warn_days',
    ]);
    assert.deepEqual((report as unknown as { live_predecessors: unknown }).live_predecessors, [], 'never rotated: no previous secret still logs in');
    assert.equal(report.token_name, 'THERMAL_PAT');
    assert.equal(report.user, 'THERMAL_SVC');
    assert.equal(report.status, 'ACTIVE');
    assert.equal(report.role_restriction, 'THERMAL_ROLE');
    assert.match(String(report.expires_at), /^\d{4}-\d\d-\d\dT/);
    assert.ok([89, 90].includes(report.days_left as number), String(report.days_left));
    assert.equal(report.warn_days, 14);
    assert.equal(report.healthy, true);
    assert.equal(report.verdict, 'ok');

    const human = await world.pat(['status']);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /Token THERMAL_PAT of user THERMAL_SVC is ACTIVE: 89 days left/);
  });

  test('--warn-days beyond the days left gives exit 3 (expiring), still healthy', async () => {
    const { code, report } = await status(world, ['--warn-days', '100']);
    assert.equal(code, 3);
    assert.equal(report.verdict, 'expiring');
    assert.equal(report.healthy, true);
    assert.equal(report.warn_days, 100);
    const human = await world.pat(['status', '--warn-days', '100']);
    assert.equal(human.code, 3);
    assert.match(human.stdout, /expires soon.*pat rotate/);
  });

  test('a disabled token: exit 1; enabled again: exit 0', async () => {
    assert.equal((await world.pat(['disable'])).code, 0);
    const disabled = await status(world);
    assert.equal(disabled.code, 1);
    assert.equal(disabled.report.verdict, 'disabled');
    assert.equal(disabled.report.status, 'DISABLED');
    assert.equal(disabled.report.healthy, false);
    const human = await world.pat(['status']);
    assert.equal(human.code, 1);
    assert.match(human.stdout, /DISABLED.*pat enable --name THERMAL_PAT/);
    assert.equal((await world.pat(['enable'])).code, 0);
    assert.equal((await status(world)).code, 0);
  });

  test('once the emulator clock passes expires_at: expired, exit 1; a week later the token is gone: missing', async () => {
    world.emulator.clock.advance(91 * DAY);
    const expired = await status(world);
    assert.equal(expired.code, 1);
    assert.equal(expired.report.verdict, 'expired');
    assert.equal(expired.report.status, 'EXPIRED');
    assert.equal(expired.report.healthy, false);
    world.emulator.clock.advance(8 * DAY);
    const gone = await status(world);
    assert.equal(gone.code, 1);
    assert.equal(gone.report.verdict, 'missing');
    assert.equal(gone.report.token_name, 'THERMAL_PAT');
    assert.equal(gone.report.status, null);
    assert.match(gone.stderr, /does not exist/);
  });

  const invalid: Array<{ value: string; message: RegExp }> = [
    { value: '366', message: /--warn-days must be from 0 to 365; got 366/ },
    { value: '-1', message: /--warn-days must be a whole number/ },
    { value: '7.5', message: /--warn-days must be a whole number/ },
    { value: 'week', message: /--warn-days must be a whole number/ },
  ];
  for (const row of invalid) {
    test(`--warn-days ${row.value}: exit 2, no request`, async () => {
      world.emulator.clearRequests();
      const result = await world.pat(['status', '--warn-days', row.value]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, row.message);
      assert.equal(world.emulator.requests.length, 0);
    });
  }
});

describe('pat status for a token created 80 days ago (emulator clock started in the past)', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ now: Date.now() - 80 * DAY });
    const created = await world.pat(['create', '--name', 'thermal_pat', '--expires-in', '90']);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => world.close());

  test('10 days left: exit 3 with the default 14-day window, exit 0 with --warn-days 7 or 0', async () => {
    const def = await status(world);
    assert.equal(def.code, 3);
    assert.equal(def.report.verdict, 'expiring');
    assert.ok([9, 10].includes(def.report.days_left as number), String(def.report.days_left));
    assert.equal((await status(world, ['--warn-days', '7'])).code, 0);
    const off = await status(world, ['--warn-days', '0']);
    assert.equal(off.code, 0);
    assert.equal(off.report.verdict, 'ok');
  });

  test('the PAT fallback (no admin connection): logs in with the token, same SHOW, same verdict', async () => {
    world.emulator.clearRequests();
    const { code, report } = await status(world, [], NO_ADMIN);
    assert.equal(code, 3);
    assert.equal(report.verdict, 'expiring');
    assert.equal(report.token_name, 'THERMAL_PAT');
    assert.deepEqual(world.sql(), [SHOW]);
    const logins = world.emulator.requests.filter((r) => r.kind === 'login');
    assert.equal(logins.length, 1);
    assert.equal(logins[0]?.authenticator, 'PROGRAMMATIC_ACCESS_TOKEN');
  });

  test('the PAT fallback with a disabled token: the login is refused (394400), verdict invalid, exit 1', async () => {
    assert.equal((await world.pat(['disable'])).code, 0);
    world.emulator.clearRequests();
    const { code, report, stderr } = await status(world, [], NO_ADMIN);
    assert.equal(code, 1);
    assert.equal(report.verdict, 'invalid');
    assert.equal(report.healthy, false);
    assert.match(stderr, /394400/);
    assert.deepEqual(world.sql(), [], 'nothing runs after a refused login');
    const human = await world.pat(['status'], { env: NO_ADMIN });
    assert.equal(human.code, 1);
    assert.match(human.stdout, /cannot log in.*394400/);
  });

  test('a named admin connection that does not exist is an error (exit 2), not a reason to fall back', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['--connection', 'nosuch', 'status'], { env: NO_ADMIN });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /nosuch/);
    assert.equal(world.emulator.requests.length, 0);
  });
});

describe('pat status with neither an admin connection nor a secret', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ config: { pat_name: 'THERMAL_PAT' } });
  });
  after(async () => world.close());

  test('missing: exit 1 explaining there is nothing to check with, nothing sent', async () => {
    const { code, report, stderr } = await status(world, [], NO_ADMIN);
    assert.equal(code, 1);
    assert.equal(report.verdict, 'missing');
    assert.match(stderr, /no "pat" field, and no admin connection/);
    assert.equal(world.emulator.requests.length, 0);
  });
});
