/** The README's quick start: `pat demo` walks the whole lifecycle against the embedded emulator and exits 0. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cleanEnv, runCli } from '../helpers/cli.js';

test('pat demo runs every step, shows no secret, and leaves nothing behind', async () => {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'pat-demo-test-'));
  try {
    const result = await runCli(['demo'], { cwd, env: cleanEnv({ HOME: cwd }) });
    assert.equal(result.code, 0, result.stderr);
    for (const step of ['$ pat create --name thermal_pat', '$ pat test-connection', '$ pat list', '$ pat rotate', '$ pat status --warn-days 14', '$ pat revoke --yes']) {
      assert.ok(result.stdout.includes(step), `demo shows "${step}"`);
    }
    assert.match(result.stdout, /Demo complete/);
    assert.match(result.stderr, /394400/, 'the revoked copy fails as expected');
    // Emulator secrets are JWT-shaped; none may be printed.
    assert.doesNotMatch(result.stdout + result.stderr, /eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    const left = (await readdir(cwd)).filter((f) => f !== '.cache');
    assert.deepEqual(left, [], 'the demo cleans up its temp folder and writes nothing into the working folder');
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});
