/**
 * Pangolin on a terminal and in the module graph:
 *  - the admin password is asked for on a terminal (never echoed) when PANGOLIN_PASSWORD is not set;
 *  - revoke asks before revoking, and "no" sends nothing;
 *  - a Pangolin run never loads snowflake-sdk, and Snowflake runs never load the Pangolin code or yaml;
 *  - rotating a root (tenant-less) token is refused before the request that would break it (a v0.8 bug).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI_PATH } from '../helpers/cli.js';
import { packagesLoaded, readTrace, snowflakeSdkLoaded, traceNodeOptions } from '../helpers/module-trace.js';
import { startPangolinWorld, whoAmI, type PangolinWorld } from '../helpers/pangolin-world.js';
import { writeFile } from 'node:fs/promises';

/**
 * Runs pat under a pseudo-terminal (util-linux `script`), typing `answer` once `prompt` shows. Returns what the
 * terminal showed and the exit code.
 */
function onTerminal(w: PangolinWorld, args: string[], env: Record<string, string>, prompt: RegExp, answer: string): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = `stty cols 160 rows 40; ${[process.execPath, CLI_PATH, ...args].map((a) => `'${a}'`).join(' ')}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: w.dir, env: { ...w.env, TERM: 'xterm', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = false;
    const timer = setTimeout(() => child.kill(), 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      screen += chunk;
      if (!typed && prompt.test(screen)) {
        typed = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe('pangolin on a terminal', () => {
  let w: PangolinWorld;
  let scriptAvailable = true;
  before(async () => {
    w = await startPangolinWorld();
    scriptAvailable = await new Promise((resolve) => spawn('script', ['--version']).on('error', () => resolve(false)).on('close', (code) => resolve(code === 0)));
  });
  after(async () => w.close());

  test('no PANGOLIN_PASSWORD: asked for on the terminal, not echoed, then the token is created', async () => {
    assert.ok(scriptAvailable, 'script (bsdutils) is not installed: .ci/run installs it');
    const { PANGOLIN_PASSWORD: _omit, ...admin } = w.admin;
    const result = await onTerminal(
      w,
      ['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '30'],
      { ...admin, PANGOLIN_URL: w.em.url },
      /Pangolin password for admin: /,
      'admin-password',
    );
    assert.equal(result.code, 0, result.screen);
    assert.ok(!result.screen.includes('admin-password'), 'the password was not echoed');
    assert.match(result.screen, /Created a Pangolin token for etl_bot/);
    const token = await w.yamlToken();
    assert.ok(token && w.em.issuedTokens().includes(token));
    for (const issued of w.em.issuedTokens()) assert.ok(!result.screen.includes(issued), 'no token on the terminal');
  });

  test('revoke --self asks; "n" cancels (exit 2, nothing sent), "y" revokes', async () => {
    assert.ok(scriptAvailable, 'script (bsdutils) is not installed: .ci/run installs it');
    const token = (await w.yamlToken()) ?? '';
    w.em.clearRequests();
    const no = await onTerminal(w, ['--provider', 'pangolin', 'revoke', '--self'], {}, /\[y\/N\] /, 'n');
    assert.equal(no.code, 2, no.screen);
    assert.match(no.screen, /Revoke the token in catalog\.default\.token of .*\? Anything using it stops working/);
    assert.match(no.screen, /Cancelled; nothing was revoked/);
    assert.equal(w.em.requests.length, 0);

    const yes = await onTerminal(w, ['--provider', 'pangolin', 'revoke', '--self'], {}, /\[y\/N\] /, 'y');
    assert.equal(yes.code, 0, yes.screen);
    assert.equal((await whoAmI(w.em, token)).status, 401);
  });
});

describe('pangolin: what gets loaded', () => {
  let w: PangolinWorld;
  let seq = 0;
  before(async () => {
    w = await startPangolinWorld();
    const created = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '30'], { env: { ...w.admin, PANGOLIN_URL: w.em.url } });
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => w.close());

  async function traced(args: string[]) {
    const file = path.join(w.dir, `trace-${seq++}.txt`);
    const result = await w.pat(args, { env: { NODE_OPTIONS: traceNodeOptions(file) }, process: true });
    const trace = await readTrace(file);
    assert.ok(trace.started && trace.exited, 'the trace ran');
    const pangolinCode = trace.esm.some((url) => /\/providers\/pangolin\/(?!commands\.js)[^/]+\.js$/.test(url));
    return { result, trace, pangolinCode, yaml: packagesLoaded(trace).has('yaml') };
  }

  test('a Pangolin command loads yaml and its verb, never snowflake-sdk', async () => {
    const { result, trace, pangolinCode, yaml } = await traced(['--provider', 'pangolin', 'test-connection']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(snowflakeSdkLoaded(trace), { esm: false, cjs: false });
    assert.ok(pangolinCode && yaml, 'positive control: the Pangolin code and yaml were seen');
  });

  test('Snowflake commands and --help load neither the Pangolin verbs nor yaml', async () => {
    for (const args of [['--help'], ['create', '--name', 't', '--expires-in', '0'], ['test-connection']]) {
      const { pangolinCode, yaml } = await traced(args);
      assert.equal(pangolinCode, false, `${args.join(' ')} loaded Pangolin code`);
      assert.equal(yaml, false, `${args.join(' ')} loaded yaml`);
    }
  });
});

describe('pangolin: a root (tenant-less) token is not rotated', () => {
  let w: PangolinWorld;
  before(async () => {
    w = await startPangolinWorld();
  });
  after(async () => w.close([path.join(w.dir, 'root.yaml')]));

  test('refused with exit 2 before any request; the token still works', async () => {
    const login = await fetch(`${w.em.url}/api/v1/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'root', password: 'root-password' }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const yaml = path.join(w.dir, 'root.yaml');
    await writeFile(yaml, `catalog:\n  default:\n    uri: ${w.em.url}\n    token: ${token}\n`, { mode: 0o600 });
    w.em.clearRequests();
    const result = await w.pat(['--pyiceberg-config', yaml, 'rotate']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Refusing to rotate the root \(tenant-less\) token/);
    assert.equal(w.em.requests.length, 0);
    assert.equal((await whoAmI(w.em, token)).status, 200);
  });
});
