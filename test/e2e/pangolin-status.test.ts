/**
 * `status` for Pangolin: exit 0 healthy · 3 expiring within --warn-days · 1 expired, revoked, invalid or missing.
 * Time moves with the emulator's clock: the world starts 10 days in the past, so a token created "then" for 5 days
 * has expired by pat's (real) clock too, and moving the emulator's clock past its exp makes the server agree.
 *
 * Most tests call the Pangolin provider's `status` through the Factory seam (in process, real HTTP to the
 * emulator); flag validation and the wiring are checked through `pat` itself.
 */
import assert from 'node:assert/strict';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Factory } from '../../src/factory.js';
import { PatError } from '../../src/errors.js';
import { createIo } from '../../src/output/io.js';
import { pangolin } from '../../src/providers/pangolin/index.js';
import { driverSessions } from '../../src/providers/snowflake/client.js';
import { DAY, startPangolinWorld, type PangolinWorld } from '../helpers/pangolin-world.js';

interface StatusRun {
  code: number;
  stdout: string;
  stderr: string;
}

describe('pangolin status: exit codes from the token exp and the server', () => {
  let w: PangolinWorld;
  const file = (name: string) => path.join(w.dir, name);
  const allTokens = () => w.em.issuedTokens();

  async function status(yaml: string, flags: { warnDays?: number } = {}, json = false): Promise<StatusRun> {
    let stdout = '';
    let stderr = '';
    const io = createIo({
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      stdinIsTTY: false,
      env: {},
      verbose: false,
    });
    const deps: Factory = {
      io,
      env: {},
      cwd: w.dir,
      homeDir: w.home,
      now: () => new Date(),
      globals: { provider: 'pangolin', pyicebergConfig: yaml, config: 'snowflake_config.json', json, verbose: false, timeout: 10 },
      sessions: driverSessions,
      provider: async () => pangolin,
      runPat: async () => assert.fail('status never runs pat'),
    };
    const code = await pangolin.status({ warnDays: flags.warnDays ?? 14, pangolin: {} }, deps);
    for (const token of allTokens()) assert.ok(!stdout.includes(token) && !stderr.includes(token), 'no token in the status output');
    return { code, stdout, stderr };
  }

  async function createInto(name: string, days: number): Promise<string> {
    const result = await w.pat(['--pyiceberg-config', file(name), 'create', '--username', 'etl_bot', '--expires-in', String(days)], {
      env: { ...w.admin, PANGOLIN_URL: w.em.url },
    });
    assert.equal(result.code, 0, result.stderr);
    return file(name);
  }

  before(async () => {
    w = await startPangolinWorld({ now: Date.now() - 10 * DAY });
  });
  after(async () => w.close(['healthy.yaml', 'soon.yaml', 'old.yaml', 'revoked.yaml', 'revoked-copy.yaml', 'cli.yaml'].map(file)));

  test('20 days left: exit 0, confirmed by the server', async () => {
    const yaml = await createInto('healthy.yaml', 30);
    const result = await status(yaml);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /✓ Token [0-9a-f-]{36} of etl_bot is valid: 1[89] days left/);
    const json = await status(yaml, {}, true);
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.equal(report.verdict, 'ok');
    assert.equal(report.server_confirmed, true);
    assert.equal(report.healthy, true);
  });

  test('--warn-days 30 turns the same token into a warning: exit 3; --warn-days 0 never warns', async () => {
    const yaml = file('healthy.yaml');
    const warned = await status(yaml, { warnDays: 30 });
    assert.equal(warned.code, 3);
    assert.match(warned.stdout, /expires soon: .*warning window: 30 days/);
    assert.equal((await status(yaml, { warnDays: 0 })).code, 0);
  });

  test('2 days left: exit 3 with the default window (14)', async () => {
    const yaml = await createInto('soon.yaml', 12);
    const result = await status(yaml, {}, true);
    assert.equal(result.code, 3);
    assert.equal((JSON.parse(result.stdout) as { verdict: string }).verdict, 'expiring');
    assert.match(result.stderr, /expires soon/);
  });

  test('past exp on both clocks (emulator clock moved on): exit 1, expired', async () => {
    const yaml = await createInto('old.yaml', 5); // exp = 5 days before real now
    w.em.clock.advance(6 * DAY);
    const result = await status(yaml, {}, true);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as { verdict: string; server_confirmed: boolean; days_left: number };
    assert.equal(report.verdict, 'expired');
    assert.equal(report.server_confirmed, false);
    assert.ok(report.days_left < 0);
    assert.match(result.stderr, /has expired \(exp .*\) \(Pangolin: "Invalid token"\)/);
  });

  test('revoked (a copy of a token revoked with --self): exit 1, revoked — exp alone would say healthy', async () => {
    const yaml = await createInto('revoked.yaml', 60);
    await copyFile(yaml, file('revoked-copy.yaml'));
    const revoke = await w.pat(['--pyiceberg-config', yaml, 'revoke', '--self', '--yes']);
    assert.equal(revoke.code, 0, revoke.stderr);
    const result = await status(file('revoked-copy.yaml'));
    assert.equal(result.code, 1);
    assert.match(result.stdout, /✗ The token in .* has been revoked/);
  });

  test('no token in the catalog: exit 1, missing; no file at all: exit 2', async () => {
    const empty = file('empty.yaml');
    await writeFile(empty, 'catalog:\n  default:\n    uri: http://127.0.0.1:9\n');
    const result = await status(empty, {}, true);
    assert.equal(result.code, 1);
    assert.equal((JSON.parse(result.stdout) as { verdict: string }).verdict, 'missing');
    await assert.rejects(status(file('nope.yaml')), (error: unknown) => error instanceof PatError && error.exitCode === 2);
  });

  test('a bad --warn-days: exit 2 before any request', async () => {
    w.em.clearRequests();
    const bad = await w.pat(['--pyiceberg-config', file('healthy.yaml'), 'status', '--warn-days', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--warn-days/);
    assert.equal(w.em.requests.length, 0);
  });

  test('through the CLI: pat --provider pangolin status reads the PyIceberg file, never snowflake_config.json', async () => {
    const yaml = await createInto('cli.yaml', 30);
    const result = await w.pat(['--pyiceberg-config', yaml, '--json', 'status']);
    // This once skipped on exactly this regression; now it fails on it.
    assert.doesNotMatch(result.stderr, /snowflake_config\.json/, 'status must route to the Pangolin provider');
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { verdict: string }).verdict, 'ok');
  });
});
