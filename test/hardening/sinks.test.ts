/**
 * Sinks (--env-file, $GITHUB_ENV) are checked before anything is sent; a sink failing after the config was
 * saved is reported as such; and a secret never lands in a file someone else owns or a link someone planted
 * in a shared (sticky, world-writable) folder.
 */
import assert from 'node:assert/strict';
import { chmod, chown, lstat, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { atomicWrite } from '../../src/config/index.js';
import { FailureError } from '../../src/errors.js';
import { startWorld, type World } from '../helpers/world.js';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

let world: World;
let allowed: string[] = [];
beforeEach(async () => {
  world = await startWorld();
  allowed = [];
});
afterEach(async () => world.close(allowed));

function nothingSent(): void {
  assert.deepEqual(world.emulator.requests.map((r) => r.kind), [], 'no request reached the emulator');
}

/** A folder like /tmp: sticky and writable by everyone. */
async function sharedFolder(): Promise<string> {
  const dir = path.join(world.dir, 'shared');
  await mkdir(dir);
  await chmod(dir, 0o1777);
  return dir;
}

describe('sink paths are checked before anything is sent', () => {
  test('--env-file in a folder that does not exist: exit 2 naming the path, no request', async () => {
    const envFile = path.join(world.dir, 'no-such-folder', 'service.env');
    const result = await world.pat(['create', '--name', 'env_pat', '--env-file', envFile]);
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`--env-file ${envFile} cannot be written`), result.stderr);
    nothingSent();
  });

  test('--env-file naming a folder: exit 2, no request', async () => {
    const result = await world.pat(['rotate', '--env-file', world.dir]);
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`--env-file ${world.dir} cannot be written`), result.stderr);
    nothingSent();
  });

  test('$GITHUB_ENV in a folder that does not exist: exit 2 naming it, no request', async () => {
    const file = path.join(world.dir, 'missing', 'github_env');
    const result = await world.pat(['create', '--name', 'gh_pat', '--github-env'], { env: { GITHUB_ENV: file } });
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`$GITHUB_ENV (${file}) cannot be written`), result.stderr);
    nothingSent();
  });
});

describe('a sink that fails after the config was saved', () => {
  test('says the secret was saved to the config and that the sink failed, not "could not be saved"', async () => {
    // /dev/full passes the up-front check (a writable character device) and fails every write with ENOSPC.
    const result = await world.pat(['create', '--name', 'full_pat', '--github-env'], { env: { GITHUB_ENV: '/dev/full' }, revealsSecret: true });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(typeof (await world.readConfig()).pat, 'string', 'the config holds the new secret');
    assert.ok(result.stderr.includes(`was saved to ${world.configPath}, but a sink failed`), result.stderr);
    assert.match(result.stderr, /\/dev\/full/);
    assert.doesNotMatch(result.stderr, /could not be saved/);
  });
});

describe('shared folders (sticky, world-writable)', { timeout: 60_000 }, () => {
  test('a symlink planted there is refused before anything is sent; its target is untouched', async () => {
    const dir = await sharedFolder();
    const victim = path.join(world.dir, 'victim.env');
    await writeFile(victim, 'VICTIM=1\n');
    const planted = path.join(dir, 'service.env');
    await symlink(victim, planted);
    const result = await world.pat(['create', '--name', 'link_pat', '--no-write', '--env-file', planted]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /symbolic link/);
    nothingSent();
    assert.equal(await readFile(victim, 'utf8'), 'VICTIM=1\n');
    assert.ok((await lstat(planted)).isSymbolicLink());
  });

  test('the writer itself refuses a link in a shared folder (a link planted after the check)', async () => {
    const dir = await sharedFolder();
    const victim = path.join(world.dir, 'victim.json');
    await writeFile(victim, '{}\n');
    const planted = path.join(dir, 'config.json');
    await symlink(victim, planted);
    await assert.rejects(atomicWrite(planted, '{"pat":"x"}\n'), (error: unknown) => {
      assert.ok(error instanceof FailureError);
      assert.match(error.message, /symbolic link/);
      return true;
    });
    assert.equal(await readFile(victim, 'utf8'), '{}\n');
  });

  test('as root, --env-file into a file another user owns there is refused, and the file keeps its content', async () => {
    assert.ok(isRoot, 'needs root to chown (CI and the team machines run as root): a failure, never a skip');
    const dir = await sharedFolder();
    const envFile = path.join(dir, 'service.env');
    await writeFile(envFile, 'OTHER=1\n', { mode: 0o644 });
    await chown(envFile, NOBODY, NOBODY);
    const result = await world.pat(['create', '--name', 'owned_pat', '--no-write', '--env-file', envFile]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /belongs to another user \(uid 65534\)/);
    nothingSent();
    assert.equal(await readFile(envFile, 'utf8'), 'OTHER=1\n');
    assert.equal((await stat(envFile)).uid, NOBODY);
  });

  test('as root, the writer never hands a secret file to its previous owner', async () => {
    assert.ok(isRoot, 'needs root to chown (CI and the team machines run as root): a failure, never a skip');
    const file = path.join(world.dir, 'owned.env');
    allowed.push(file);
    await writeFile(file, 'A=1\n');
    await chown(file, NOBODY, NOBODY);
    await atomicWrite(file, 'SNOWFLAKE_PAT=x\n');
    const info = await stat(file);
    assert.equal(info.uid, 0, 'the secret file is root’s, not uid 65534’s');
    assert.equal(info.mode & 0o777, 0o600);
  });
});
