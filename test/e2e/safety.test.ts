/**
 * The five everyday sequences of issue #11 that used to kill, strand or mis-file a secret, each as a test that
 * fails when its fix is reverted; plus --replace, --keep-rotated, rotate with 0 hours and the refusals.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { BASE_CONFIG, startWorld, type World } from '../helpers/world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
// Copies of configs that tests make on purpose (as deployed services would hold them) may hold secrets.
afterEach(async () => world.close(['b.json', 'old.json', 'previous.json'].map((f) => path.join(world.dir, f))));

async function tokenNames(): Promise<string[]> {
  const rows = await world.emulator.runAs('ADMIN', 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC');
  return rows.map((r) => String(r.name)).sort();
}

/**
 * Points the service config at a closed port, so logging in with its token fails while the admin connection
 * (from the environment) still works: the way to make a verification fail.
 */
async function breakConfigUrl(): Promise<void> {
  const config = await world.readConfig();
  await writeFile(world.configPath, JSON.stringify({ ...config, url: 'http://127.0.0.1:1' }, null, 2), { mode: 0o600 });
}

/** A second service config for the same user, as another service (config B) would have it. */
async function secondConfig(name = 'b.json'): Promise<string> {
  await writeFile(path.join(world.dir, name), JSON.stringify({ ...BASE_CONFIG, url: world.emulator.url }, null, 2), { mode: 0o600 });
  return name;
}

describe('1. create never touches an existing token', () => {
  test("config B's create of a taken name exits 1, changes nothing, and config A still logs in", async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    const b = await secondConfig();
    const result = await world.pat(['--config', b, 'create', '--name', 'thermal_pat']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Token THERMAL_PAT already exists for user THERMAL_SVC \(created .*, expires .*\); nothing was changed/);
    assert.match(result.stderr, /hint: .*pat rotate --name thermal_pat/);
    assert.equal(world.sql().filter((s) => /ROTATE|REMOVE/.test(s)).length, 0);
    assert.equal((await world.pat(['test-connection'])).code, 0, "config A's secret still logs in");
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT']);
  });
});

describe('3. a config holds only its own user\'s secret', () => {
  for (const verb of ['create', 'rotate'] as const) {
    test(`${verb} --user OTHER into this config: exit 2 before any network call`, async () => {
      world.emulator.clearRequests();
      const args = verb === 'create' ? ['create', '--name', 'alice_pat', '--user', 'ALICE'] : ['rotate', '--name', 'alice_pat', '--user', 'alice'];
      const result = await world.pat(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--user (ALICE|alice) is not the user of .*snowflake_config\.json \(THERMAL_SVC\)/);
      assert.match(result.stderr, /--no-write --secret-only/);
      assert.equal(world.emulator.requests.length, 0, 'nothing was sent');
    });
  }

  test('--user OTHER with --no-write --secret-only is allowed (the secret goes to stdout)', async () => {
    const result = await world.pat(['create', '--name', 'alice_pat', '--user', 'ALICE', '--no-role-restriction', '--no-write', '--secret-only']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), world.emulator.issuedSecrets().at(-1));
  });
});

describe('4. no silent replacement', () => {
  test('create into a config that holds a token: exit 2 naming it, nothing sent', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    world.emulator.clearRequests();
    const result = await world.pat(['create', '--name', 'new_pat']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /already holds token THERMAL_PAT/);
    assert.match(result.stderr, /--replace/);
    assert.equal(world.emulator.requests.length, 0);
  });

  test('--replace: create, write, verify, then revoke the old token and its predecessors', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    world.emulator.clock.advance(1000);
    assert.equal((await world.pat(['rotate'])).code, 0); // leaves THERMAL_PAT_ROTATED_<ms> alive for 24 h
    await copyFile(world.configPath, path.join(world.dir, 'old.json'));
    const result = await world.pat(['create', '--name', 'thermal_pat_v2', '--replace']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /verified: logged in with the new secret/);
    assert.match(result.stdout, /replaced token THERMAL_PAT: revoked THERMAL_PAT, THERMAL_PAT_ROTATED_\d+/);
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT_V2']);
    assert.equal((await world.readConfig()).pat_name, 'THERMAL_PAT_V2');
    assert.equal((await world.pat(['test-connection'])).code, 0);
    assert.equal((await world.pat(['--config', 'old.json', 'test-connection'])).code, 1, 'the old secret is revoked');
  });

  test('--replace whose new secret does not log in: the old secret goes back, the new token is removed, exit 1', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    const oldSecret = (await world.readConfig()).pat;
    await copyFile(world.configPath, path.join(world.dir, 'old.json'));
    await breakConfigUrl();
    const result = await world.pat(['--timeout', '2', 'create', '--name', 'thermal_pat_v2', '--replace']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /could not log in/);
    assert.match(result.stderr, /The new token THERMAL_PAT_V2 was removed/);
    assert.equal((await world.readConfig()).pat, oldSecret);
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT']);
    assert.equal((await world.pat(['--config', 'old.json', 'test-connection'])).code, 0, 'the old secret still logs in');
  });
});

describe('no strand by rotate', () => {
  test("rotate --name X into a config holding Y: exit 2 before any network call (Y's secret would be gone)", async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    await world.emulator.runAs('ADMIN', "ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN other_pat ROLE_RESTRICTION = 'THERMAL_ROLE'");
    world.emulator.clearRequests();
    const result = await world.pat(['rotate', '--name', 'other_pat']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /holds token THERMAL_PAT; writing OTHER_PAT's new secret there/);
    assert.equal(world.emulator.requests.length, 0);
    assert.equal((await world.pat(['test-connection'])).code, 0);
  });
});

describe('5. every verb goes through the provider', () => {
  for (const args of [['disable'], ['enable'], ['rename', '--to', 'other'], ['comment', '--set', 'x']]) {
    test(`pat ${args[0]} under the Pangolin provider: exit 2, nothing sent`, async () => {
      assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
      world.emulator.clearRequests();
      const byFlag = await world.pat(['--provider', 'pangolin', ...args]);
      assert.equal(byFlag.code, 2);
      assert.match(byFlag.stderr, new RegExp(`pat ${args[0]}\` is not available for Pangolin`));
      const byEnv = await world.pat(args, { env: { PAT_PROVIDER: 'pangolin' } });
      assert.equal(byEnv.code, 2);
      assert.equal(world.emulator.requests.length, 0, 'no Snowflake request under the Pangolin provider');
    });
  }
});

describe('revoke and rotate with 0 hours', () => {
  test('revoke --keep-rotated keeps the predecessor; status then names it and when it stops', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    await copyFile(world.configPath, path.join(world.dir, 'previous.json'));
    world.emulator.clock.advance(1000);
    assert.equal((await world.pat(['rotate'])).code, 0);
    const result = await world.pat(['revoke', '--yes', '--keep-rotated', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(report.removed, ['THERMAL_PAT']);
    assert.equal(report.kept_rotated, true);
    assert.equal((await world.pat(['--config', 'previous.json', 'test-connection'])).code, 0, 'the kept predecessor still logs in');
  });

  test('rotate --expire-old-after-hours 0: the old secret is dead once the new one is saved and verified', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    await copyFile(world.configPath, path.join(world.dir, 'previous.json'));
    world.emulator.clock.advance(1000);
    const result = await world.pat(['rotate', '--expire-old-after-hours', '0', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.rotated_token_removed, true);
    assert.equal(report.verified, true);
    assert.match(report.expires_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(report.role_restriction, 'THERMAL_ROLE');
    assert.equal(typeof report.days_to_expiry, 'number');
    assert.deepEqual(await tokenNames(), ['THERMAL_PAT']);
    assert.equal((await world.pat(['--config', 'previous.json', 'test-connection'])).code, 1);
    assert.equal((await world.pat(['test-connection'])).code, 0);
  });

  test('rotate --expire-old-after-hours 0 whose new secret fails to log in keeps the old one working (1 h)', async () => {
    assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
    await copyFile(world.configPath, path.join(world.dir, 'previous.json'));
    world.emulator.clock.advance(1000);
    await breakConfigUrl();
    const result = await world.pat(['--timeout', '2', 'rotate', '--expire-old-after-hours', '0']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /logging in with it failed/);
    assert.equal(world.sql().filter((s) => /REMOVE/.test(s)).length, 0, 'the predecessor was not removed');
    assert.equal((await world.pat(['--config', 'previous.json', 'test-connection'])).code, 0, 'the old secret still works');
  });
});

describe('git exposure', () => {
  test("create warns when it first writes a secret into a config git does not ignore", async () => {
    execFileSync('git', ['init', '-q'], { cwd: world.dir });
    const result = await world.pat(['create', '--name', 'thermal_pat']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: .*snowflake_config\.json is inside the git repository .* and not ignored/);
  });
});

describe('smaller refusals', () => {
  test('--role-restriction with --no-role-restriction is a usage error', async () => {
    const result = await world.pat(['create', '--name', 'x_pat', '--role-restriction', 'THERMAL_ROLE', '--no-role-restriction']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot be combined/);
    assert.equal(world.emulator.requests.length, 0);
  });

  test('--replace with --no-write is a usage error', async () => {
    const result = await world.pat(['create', '--name', 'x_pat', '--replace', '--no-write', '--show-secret']);
    assert.equal(result.code, 2);
  });
});
