/**
 * Pangolin: where a new token goes, and that it is never lost. --secret-only makes stdout exactly the token;
 * --env-file / --github-env use PyIceberg's own variable name; when the PyIceberg config cannot be written
 * (made immutable with chattr +i, since root ignores file modes) the token is printed on stdout, the reason goes
 * to stderr, and the exit code is 1 — for create and for rotate, which has already revoked the old token.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startPangolinWorld, whoAmI, claimsOf, type PangolinWorld } from '../helpers/pangolin-world.js';

const run = promisify(execFile);
const JWT_LINE = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

describe('pangolin: delivering a new token', () => {
  let w: PangolinWorld;
  let env: Record<string, string>;
  before(async () => {
    w = await startPangolinWorld();
    env = { ...w.admin, PANGOLIN_URL: w.em.url };
  });
  after(async () => w.close([path.join(w.dir, '.env'), path.join(w.dir, 'github_env')]));

  test('--no-write --secret-only: stdout is exactly the token, which works; the YAML is untouched', async () => {
    const yaml = await w.readYaml();
    const result = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '7', '--no-write', '--secret-only'], { env });
    assert.equal(result.code, 0, result.stderr);
    const token = result.stdout.slice(0, -1);
    assert.equal(result.stdout, `${token}\n`);
    assert.match(token, JWT_LINE);
    assert.ok(w.em.issuedTokens().includes(token));
    assert.equal((await whoAmI(w.em, token)).status, 200);
    assert.match(result.stderr, /Created a Pangolin token for etl_bot/, 'the report goes to stderr');
    assert.ok(!result.stderr.includes(token));
    assert.equal(await w.readYaml(), yaml);
  });

  test('--secret-only with the write: stdout is exactly the token written into the YAML', async () => {
    const result = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '30', '--secret-only'], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${await w.yamlToken()}\n`);
  });

  test('--json: no secret unless --show-secret; then the secret is the token written', async () => {
    const plain = await w.pat(['--provider', 'pangolin', '--json', 'create', '--username', 'etl_bot', '--expires-in', '30'], { env });
    assert.equal(plain.code, 0, plain.stderr);
    const doc = JSON.parse(plain.stdout) as Record<string, unknown>;
    assert.equal(doc.secret, undefined);
    assert.equal(doc.written, true);
    assert.equal(doc.username, 'etl_bot');
    assert.equal(doc.id, claimsOf((await w.yamlToken()) ?? '').jti);

    const shown = await w.pat(['--provider', 'pangolin', '--json', 'create', '--username', 'etl_bot', '--expires-in', '30', '--show-secret'], { env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal((JSON.parse(shown.stdout) as { secret: string }).secret, await w.yamlToken());
  });

  test('--env-file: PYICEBERG_CATALOG__DEFAULT__TOKEN=<token> in a 0600 dotenv file, other lines kept', async () => {
    const envFile = path.join(w.dir, '.env');
    await writeFile(envFile, 'KEEP=me\n');
    const result = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '7', '--no-write', '--env-file', envFile], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Wrote PYICEBERG_CATALOG__DEFAULT__TOKEN to .*\.env \(mode 0600\)/);
    const lines = (await readFile(envFile, 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'KEEP=me');
    const token = /^PYICEBERG_CATALOG__DEFAULT__TOKEN=(.+)$/.exec(lines[1] ?? '')?.[1] ?? '';
    assert.ok(w.em.issuedTokens().includes(token));
    assert.equal((await stat(envFile)).mode & 0o777, 0o600);
  });

  test('--github-env: masks the token first, then exports it under the PyIceberg name', async () => {
    const file = path.join(w.dir, 'github_env');
    const result = await w.pat(['--provider', 'pangolin', 'create', '--catalog', 'analytics', '--username', 'etl_bot', '--expires-in', '7', '--no-write', '--github-env'], {
      env: { ...env, GITHUB_ENV: file },
      revealsSecret: true,
    });
    assert.equal(result.code, 0, result.stderr);
    const token = /^PYICEBERG_CATALOG__ANALYTICS__TOKEN=(.+)$/m.exec(await readFile(file, 'utf8'))?.[1] ?? '';
    assert.ok(w.em.issuedTokens().includes(token));
    assert.equal(result.stdout.split('\n')[0], `::add-mask::${token}`);
    assert.equal(result.stdout.split(token).length, 2, 'the token appears once on stdout: in the mask command');
  });

  test('rotate --no-write --secret-only: stdout is exactly the new token; stderr says the YAML still holds the revoked one', async () => {
    const old = (await w.yamlToken()) ?? '';
    const result = await w.pat(['--provider', 'pangolin', 'rotate', '--no-write', '--secret-only']);
    assert.equal(result.code, 0, result.stderr);
    const token = result.stdout.slice(0, -1);
    assert.match(token, JWT_LINE);
    assert.equal((await whoAmI(w.em, token)).status, 200);
    assert.equal((await whoAmI(w.em, old)).status, 401);
    assert.match(result.stderr, /still holds the previous token, which the rotation revoked \(--no-write\)/);
  });
});

/** Runs chattr; returns why it failed, or undefined. */
async function chattr(flag: '+i' | '-i', file: string): Promise<string | undefined> {
  try {
    await run('chattr', [flag, file]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('pangolin: the PyIceberg config cannot be written (chattr +i)', () => {
  let w: PangolinWorld;
  let env: Record<string, string>;
  let chattrFailure: string | undefined = 'not run';
  before(async () => {
    w = await startPangolinWorld();
    env = { ...w.admin, PANGOLIN_URL: w.em.url };
    // A token to rotate later, written while the file is still writable.
    const created = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '30'], { env });
    assert.equal(created.code, 0, created.stderr);
    chattrFailure = await chattr('+i', w.yamlPath);
  });
  after(async () => {
    if (chattrFailure === undefined) await chattr('-i', w.yamlPath);
    await w.close();
  });

  // A precondition that fails is a failure, never a skip: CI and the team's machines run as root on ext4, and
  // .ci/run installs chattr (e2fsprogs) when it is missing.
  function assertImmutable(): void {
    assert.equal(chattrFailure, undefined, 'chattr +i on the PyIceberg file failed (needs root and a file system with inode flags)');
  }

  test('create: exit 1, the working token is the last line of stdout, the reason on stderr, the file unchanged', async () => {
    assertImmutable();
    const yaml = await w.readYaml();
    const result = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '30'], { env, revealsSecret: true });
    assert.equal(result.code, 1);
    const last = result.stdout.trimEnd().split('\n').at(-1) ?? '';
    assert.match(last, JWT_LINE);
    assert.ok(w.em.issuedTokens().includes(last));
    assert.equal((await whoAmI(w.em, last)).status, 200);
    assert.match(result.stderr, /the new token could not be saved: Could not write .*\.pyiceberg\.yaml: operation not permitted \(EPERM\)/);
    assert.match(result.stderr, /last line on stdout/);
    assert.ok(!result.stderr.includes(last));
    assert.equal(await w.readYaml(), yaml);
  });

  test('create --json: exit 1 and the token is in the JSON ("secret"), with write_error', async () => {
    assertImmutable();
    const result = await w.pat(['--provider', 'pangolin', '--json', 'create', '--username', 'etl_bot', '--expires-in', '30'], { env, revealsSecret: true });
    assert.equal(result.code, 1);
    const doc = JSON.parse(result.stdout) as { secret: string; written: boolean; write_error: string };
    assert.equal(doc.written, false);
    assert.match(doc.write_error, /EPERM/);
    assert.equal((await whoAmI(w.em, doc.secret)).status, 200);
  });

  test('rotate: exit 1, the old token is already revoked, and the new one is printed and works', async () => {
    assertImmutable();
    const old = (await w.yamlToken()) ?? '';
    const result = await w.pat(['--provider', 'pangolin', 'rotate'], { revealsSecret: true });
    assert.equal(result.code, 1);
    const last = result.stdout.trimEnd().split('\n').at(-1) ?? '';
    assert.match(last, JWT_LINE);
    assert.notEqual(last, old);
    assert.equal((await whoAmI(w.em, last)).status, 200);
    assert.equal((await whoAmI(w.em, old)).status, 401);
    assert.match(result.stderr, /previous token was revoked by the rotation/);
    assert.equal(await w.yamlToken(), old, 'the file still holds the old token');
  });
});
