/**
 * `pat emulator` runs standalone and answers the real snowflake-sdk: a login and a SHOW, as its printed
 * instructions say; then Ctrl-C (SIGINT) stops it with exit 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import '../emulator/helpers/env.js';
import snowflake from 'snowflake-sdk';
import { CLI_PATH, cleanEnv } from '../helpers/cli.js';

snowflake.configure({ logLevel: 'OFF' });

test('pat emulator: a snowflake-sdk login and SHOW work against the printed endpoint', async () => {
  const child = spawn(process.execPath, [CLI_PATH, 'emulator', '--port', '0'], { env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
  });
  try {
    assert.match(stdout, /SNOWFLAKE_USER=ADMIN/);
    const connection = snowflake.createConnection({ account: 'TESTACCT', accessUrl: url, username: 'ADMIN', password: 'admin-password', sfRetryMaxLoginRetries: 0 } as snowflake.ConnectionOptions);
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    const rows = await new Promise<unknown[]>((resolve, reject) =>
      connection.execute({
        sqlText: 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC',
        complete: (error, _statement, result) => (error ? reject(error) : resolve(result ?? [])),
      }),
    );
    assert.deepEqual(rows, []);
    await new Promise<void>((resolve) => connection.destroy(() => resolve()));
  } finally {
    child.kill('SIGINT');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

test('pat emulator --pangolin: the Pangolin emulator with the same banner style; a login works against it', async () => {
  const child = spawn(process.execPath, [CLI_PATH, 'emulator', '--pangolin', '--port', '0'], { env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Pangolin emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
  });
  try {
    assert.match(stdout, /export PANGOLIN_URL=http:\/\/127\.0\.0\.1:\d+ PANGOLIN_USERNAME=admin PANGOLIN_PASSWORD=admin-password PANGOLIN_TENANT_ID=[0-9a-f-]{36}/);
    const response = await fetch(`${url}/api/v1/users/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password' }),
    });
    assert.equal(response.status, 200);
  } finally {
    child.kill('SIGINT');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
});

test('pat emulator --pangolin --seed is a usage error (exit 2)', async () => {
  const child = spawn(process.execPath, [CLI_PATH, 'emulator', '--pangolin', '--seed', 'x.json'], { env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(stderr, /--seed/);
});
