/**
 * The bundle leaves out the driver's dependencies that only features pat never uses reach (scripts/bundle.mjs
 * LEFT_OUT: workload identity federation, PUT/GET file transfer, the driver's winston logger, XML values).
 * Each is a stub that throws when anything in it is called and, with PAT_LEFT_OUT_TRACE, records it.
 *
 * This runs every login kind pat supports and every statement kind it sends, through the bundle (the program users
 * run), against the emulator, and fails if any stub is reached. The emulator answers password and PAT logins;
 * key pair (SNOWFLAKE_JWT) and OAuth it refuses (390100) — those runs still prove that the driver's client side of
 * the login (signing the JWT, sending the OAuth token) ran and reached no stub before the request went out.
 * Not covered: EXTERNALBROWSER (it opens a browser; its code path, the `open` package, is kept in the bundle).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { adminEnv, startWorld, type World } from '../helpers/world.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function reached(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

describe('positive control: a left-out module, when reached, throws a clear error and is recorded', () => {
  test('a program bundled with the same options that calls @azure/identity', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pat-left-out-'));
    try {
      const bundler = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'bundle.mjs')).href)) as {
        options: (entries: Record<string, string>, outdir: string) => Record<string, unknown>;
        buildAndWrite: (config: Record<string, unknown>) => Promise<unknown>;
      };
      const entry = path.join(dir, 'probe.cjs');
      writeFileSync(entry, "const { DefaultAzureCredential } = require('@azure/identity');\nnew DefaultAzureCredential();\n");
      await bundler.buildAndWrite({ ...bundler.options({ probe: entry }, path.join(dir, 'out')), nodePaths: [path.join(ROOT, 'node_modules')] });
      const trace = path.join(dir, 'trace.txt');
      const run = spawnSync(process.execPath, [path.join(dir, 'out', 'probe.js')], { env: { PATH: process.env.PATH, PAT_LEFT_OUT_TRACE: trace }, encoding: 'utf8' });
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /pat was built without @azure\/identity, which snowflake-sdk uses only for workload identity federation/);
      assert.equal(reached(trace), '@azure/identity new @azure/identity.DefaultAzureCredential\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('no login kind and no statement kind pat sends reaches a left-out module', () => {
  let world: World;
  let trace: string;
  before(async () => {
    world = await startWorld();
    trace = path.join(world.dir, 'left-out-trace.txt');
  });
  after(async () => world.close([path.join(world.dir, 'rsa_key.p8')]));

  const pat = async (args: string[], code = 0) => {
    // The stubs are in the bundle only: a child process of the bundle, never pat in process.
    const result = await world.pat(args, { env: { PAT_LEFT_OUT_TRACE: trace }, process: true });
    assert.equal(result.code, code, `pat ${args.join(' ')}: ${result.stderr}`);
    assert.equal(reached(trace), '', `pat ${args.join(' ')} reached a left-out module`);
    return result;
  };

  test('password login: ADD, SHOW, ROTATE (+ PAT login to verify), ALTER … MODIFY, REMOVE, ACCOUNT_USAGE, doctor', async () => {
    await pat(['create', '--name', 'left_out_pat', '--expires-in', '30']);
    await pat(['list']);
    await pat(['rotate']);
    await pat(['disable', '--name', 'left_out_pat']);
    await pat(['enable', '--name', 'left_out_pat']);
    await pat(['comment', '--name', 'left_out_pat', '--set', 'checked']);
    await pat(['rename', '--name', 'left_out_pat', '--to', 'left_out_pat2']);
    await pat(['usage']);
    await pat(['inventory']);
    await pat(['doctor']);
    const kinds = new Set(world.sql().map((sql) => sql.split(/\s+/).slice(0, 2).join(' ')));
    for (const kind of ['ALTER USER', 'SHOW USER', 'SELECT CURRENT_USER()', 'SELECT']) {
      assert.ok([...kinds].some((k) => k.startsWith(kind)), `no ${kind} statement was sent: ${[...kinds].join(', ')}`);
    }
  });

  test('PAT login: test-connection and status', async () => {
    world.emulator.clearRequests();
    await pat(['test-connection']);
    await pat(['status']);
    assert.ok(world.emulator.requests.some((r) => r.kind === 'login' && r.authenticator === 'PROGRAMMATIC_ACCESS_TOKEN'));
  });

  test('REMOVE: revoke', async () => {
    await pat(['revoke', '--name', 'left_out_pat2', '--yes']);
    assert.ok(world.sql().some((sql) => /REMOVE PROGRAMMATIC ACCESS TOKEN/.test(sql)));
  });

  const adminLogin = async (auth: Record<string, string>, authenticator: string) => {
    world.emulator.clearRequests();
    const { SNOWFLAKE_PASSWORD: _password, ...admin } = adminEnv(world.emulator, path.join(world.dir, 'home'));
    const result = await runCli(['list'], { cwd: world.dir, env: cleanEnv({ ...admin, ...auth, PAT_LEFT_OUT_TRACE: trace }) });
    assert.equal(reached(trace), '', `${authenticator} reached a left-out module`);
    const login = world.emulator.requests.find((r) => r.kind === 'login');
    assert.equal(login?.authenticator, authenticator, `the ${authenticator} login was not sent: ${result.stderr}`);
    // The emulator refuses the login (it does not emulate this authenticator): pat reports it, exit 1.
    assert.equal(result.code, 1, result.stderr);
  };

  test('key-pair login (SNOWFLAKE_JWT): the driver signs and sends the JWT without reaching a stub', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(world.dir, 'rsa_key.p8');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await adminLogin({ SNOWFLAKE_AUTHENTICATOR: 'SNOWFLAKE_JWT', SNOWFLAKE_PRIVATE_KEY_FILE: keyFile }, 'SNOWFLAKE_JWT');
  });

  test('OAuth passthrough (authenticator OAUTH with a token)', async () => {
    await adminLogin({ SNOWFLAKE_AUTHENTICATOR: 'OAUTH', SNOWFLAKE_TOKEN: 'oauth-access-token-for-the-test' }, 'OAUTH');
  });
});
