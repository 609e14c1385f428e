/**
 * Ctrl-C / SIGTERM during create or rotate never exits silently: the process says where the token stands (a
 * request waiting for its answer may have run; an issued secret was saved to X) and leaves no temp file behind.
 * Child processes (signals are what only a process shows), the server slowed by the emulator's delay fault.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI_PATH } from '../helpers/cli.js';
import { startWorld, type World } from '../helpers/world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => world.close());

/** Runs pat, sends `signal` once `ready()` holds, and returns the exit code and outputs. */
async function interrupt(args: string[], signal: NodeJS.Signals, ready: () => boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--', CLI_PATH, ...args], { cwd: world.dir, env: world.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  for (let i = 0; i < 400 && !ready(); i++) await sleep(25);
  assert.ok(ready(), `the run never reached the point to interrupt; stderr: ${stderr}`);
  child.kill(signal);
  return { code: await closed, stdout, stderr };
}

const arrived = (pattern: RegExp) => () => world.emulator.requests.some((r) => r.kind === 'query' && pattern.test(r.sqlText ?? ''));

async function tempFiles(): Promise<string[]> {
  return (await readdir(world.dir)).filter((name) => name.includes('.pat-tmp-'));
}

describe('interrupting create and rotate', () => {
  test('SIGINT while the ADD waits for its answer: exit 130, "may have run", what to check', async () => {
    world.emulator.faults.inject({ kind: 'delay', ms: 3_000, sqlMatch: /ADD PROGRAMMATIC ACCESS TOKEN/ });
    const result = await interrupt(['create', '--name', 'sig_pat'], 'SIGINT', arrived(/ADD PROGRAMMATIC ACCESS TOKEN/));
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /interrupted \(SIGINT\) while waiting for http:\/\/127\.0\.0\.1:\d+ to answer: ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS SIG_PAT/i);
    assert.match(result.stderr, /It may have run\. Check with `pat list`/);
    assert.deepEqual(await tempFiles(), []);
  });

  test('SIGTERM during rotate\'s verification: exit 143, the new secret was saved to the config, no temp file', async () => {
    const created = await world.pat(['create', '--name', 'thermal_pat']);
    assert.equal(created.code, 0, created.stderr);
    world.emulator.faults.inject({ kind: 'delay', ms: 5_000, sqlMatch: /CURRENT_USER/ });
    const result = await interrupt(['rotate'], 'SIGTERM', arrived(/CURRENT_USER/));
    assert.equal(result.code, 143, result.stderr);
    assert.ok(result.stderr.includes(`interrupted (SIGTERM) after the new secret was issued and saved to ${world.configPath}`), result.stderr);
    const secrets = world.emulator.issuedSecrets();
    assert.equal((await world.readConfig()).pat, secrets[secrets.length - 1], 'the config holds the newest secret');
    assert.deepEqual(await tempFiles(), []);
  });
});

describe('temp files are registered for the interrupt handler', () => {
  test('an interrupt in the middle of atomicWrite removes its temp file (which would hold the secret)', async () => {
    const { atomicWrite, realSteps } = await import('../../src/config/index.js');
    const { removeTempFiles } = await import('../../src/config/in-flight.js');
    let removed = -1;
    const target = `${world.dir}/service.env`;
    await assert.rejects(
      atomicWrite(target, 'SNOWFLAKE_PAT=x\n', {
        ...realSteps,
        async write(handle, data) {
          await realSteps.write(handle, data);
          removed = removeTempFiles(); // what cli.ts does on SIGINT, at the worst moment
          throw Object.assign(new Error('interrupted'), { code: 'EINTR' });
        },
      }),
    );
    assert.equal(removed, 1, 'the temp file was registered and removed');
    assert.deepEqual(await tempFiles(), []);
  });
});
