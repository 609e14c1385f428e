/** `pat rotate --if-expiring-within <days>`: one SHOW, then either "not due" (exit 0, nothing rotated) or a rotation. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adminEnvFor, fleetSeed, startEmulator, type RunningEmulator } from './helpers/emulators.js';
import { runPat } from './helpers/run.js';

const DAY = 86_400_000;

describe('pat rotate --if-expiring-within', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const now = Date.now();
  before(async () => {
    emulator = await startEmulator({
      now,
      seed: fleetSeed('FLEETACCT', 1, [
        { user: 'SVC_01', name: 'FAR', secret: 'seeded-far-secret-0001', roleRestriction: 'SVC_ROLE', createdOn: now - DAY, expiresAt: now + 30 * DAY + 3_600_000 },
        { user: 'SVC_01', name: 'NEAR', secret: 'seeded-near-secret-0002', roleRestriction: 'SVC_ROLE', createdOn: now - DAY, expiresAt: now + 3 * DAY + 3_600_000 },
      ]),
    });
    dir = await mkdtemp(path.join(os.tmpdir(), 'pat-due-'));
    env = { ...adminEnvFor(emulator), SNOWFLAKE_HOME: path.join(dir, 'sfhome'), PATH: process.env.PATH };
    await writeFile(
      path.join(dir, 'snowflake_config.json'),
      JSON.stringify({ account: emulator.account, user: 'SVC_01', url: emulator.url, role: 'SVC_ROLE', pat: 'seeded-near-secret-0002', pat_name: 'NEAR' }),
      { mode: 0o600 },
    );
    // FAR's own service config: a config holds one token, and rotating another into it is refused.
    await writeFile(
      path.join(dir, 'far.json'),
      JSON.stringify({ account: emulator.account, user: 'SVC_01', url: emulator.url, role: 'SVC_ROLE', pat: 'seeded-far-secret-0001', pat_name: 'FAR' }),
      { mode: 0o600 },
    );
  });
  after(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sql = () => emulator.requests.filter((r) => r.kind === 'query').map((r) => r.sqlText);

  test('a token far from expiry is not rotated: exit 0, "not due (30 days left)", one SHOW only', async () => {
    emulator.clearRequests();
    const ran = await runPat(['--config', 'far.json', 'rotate', '--if-expiring-within', '7'], { env, cwd: dir, secrets: () => emulator.issuedSecrets() });
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /not due \(30 days left\)/);
    assert.deepEqual(sql(), ['SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER SVC_01']);
  });

  test('--json says rotated false and the days left', async () => {
    const ran = await runPat(['--config', 'far.json', '--json', 'rotate', '--if-expiring-within', '7'], { env, cwd: dir, secrets: () => emulator.issuedSecrets() });
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(JSON.parse(ran.stdout), { token_name: 'FAR', user: 'SVC_01', rotated: false, due: false, days_left: 30 });
  });

  test('a token inside the window is rotated and the config gets the new secret', async () => {
    emulator.clearRequests();
    const ran = await runPat(['rotate', '--if-expiring-within', '7'], { env, cwd: dir, secrets: () => emulator.issuedSecrets() });
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /Rotated token NEAR/);
    assert.deepEqual(sql().slice(0, 2), [
      'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER SVC_01',
      'ALTER USER SVC_01 ROTATE PROGRAMMATIC ACCESS TOKEN NEAR',
    ]);
    const config = JSON.parse(await readFile(path.join(dir, 'snowflake_config.json'), 'utf8')) as { pat: string };
    assert.notEqual(config.pat, 'seeded-near-secret-0002');
    assert.ok(emulator.issuedSecrets().includes(config.pat));
  });

  test('a bad day count is a usage error (exit 2) before any network call', async () => {
    emulator.clearRequests();
    const ran = await runPat(['rotate', '--if-expiring-within', 'soon'], { env, cwd: dir });
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /--if-expiring-within/);
    assert.equal(emulator.requests.length, 0);
  });
});
