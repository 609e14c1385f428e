/**
 * The whole lifecycle through the built CLI, the real snowflake-sdk and the emulator over HTTP:
 * create → config written → test-connection → list → rotate (grace) → revoke → test-connection fails.
 */
import assert from 'node:assert/strict';
import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

describe('pat lifecycle', () => {
  let world: World;
  let firstSecret = '';
  before(async () => {
    world = await startWorld();
  });
  // The two copies are configs too (as deployed services hold them), so they may hold secrets.
  after(async () => world.close(['before-rotate.json', 'previous.json', 'deployed.json'].map((f) => path.join(world.dir, f))));

  test('create writes the secret into the config, 0600, other fields kept, private_key_file cleared', async () => {
    const result = await world.pat(['create', '--name', 'thermal_pat', '--expires-in', '90']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created token THERMAL_PAT for user THERMAL_SVC/);
    // Driver hygiene: no AWS SDK Node-version warning, no driver log lines on either stream.
    assert.equal(result.stderr, '');
    assert.doesNotMatch(result.stdout, /"level"|NodeVersionSupportWarning/);
    const config = await world.readConfig();
    assert.equal(config.pat_name, 'THERMAL_PAT');
    assert.equal(typeof config.pat, 'string');
    firstSecret = config.pat as string;
    assert.ok(world.emulator.issuedSecrets().includes(firstSecret));
    assert.equal(config.sensor_id, 'thermal-01');
    assert.equal(config.channel_name, 'thermal_channel_1');
    assert.ok(!('private_key_file' in config));
    assert.equal((await stat(world.configPath)).mode & 0o777, 0o600);
    assert.deepEqual(world.sql(), [
      "ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS thermal_pat ROLE_RESTRICTION = 'THERMAL_ROLE' DAYS_TO_EXPIRY = 90",
    ]);
  });

  test('test-connection logs in with the PAT and reports the session', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['test-connection']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /user\s+THERMAL_SVC/);
    assert.match(result.stdout, /role\s+THERMAL_ROLE/);
    const login = world.emulator.requests.find((r) => r.kind === 'login');
    assert.equal(login?.authenticator, 'PROGRAMMATIC_ACCESS_TOKEN');
    assert.equal(world.emulator.requests.filter((r) => r.kind === 'query').length, 1);
  });

  test('list shows the token and marks the one in the config', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['list']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\*\s+THERMAL_PAT\s+ACTIVE\s+THERMAL_ROLE/m);
    assert.deepEqual(world.sql(), ['SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC']);
    const json = await world.pat(['list', '--json']);
    const tokens = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0]?.name, 'THERMAL_PAT');
    assert.equal(tokens[0]?.in_config, true);
    assert.ok([89, 90].includes(tokens[0]?.days_left as number));
    assert.match(String(tokens[0]?.expires_at), /^\d{4}-\d\d-\d\dT/);
  });

  test('rotate writes a new secret, verifies it, and the old one works during the grace period', async () => {
    // A copy of the config as a running service still has it: the previous secret.
    await copyFile(world.configPath, path.join(world.dir, 'before-rotate.json'));
    world.emulator.clearRequests();
    const result = await world.pat(['rotate']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Rotated token THERMAL_PAT/);
    assert.match(result.stdout, /verified/);
    const config = await world.readConfig();
    assert.notEqual(config.pat, firstSecret);
    assert.deepEqual(world.sql(), [
      'ALTER USER THERMAL_SVC ROTATE PROGRAMMATIC ACCESS TOKEN THERMAL_PAT',
      'SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ACCOUNT()',
      'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC',
    ]);
    assert.equal(world.emulator.requests.filter((r) => r.kind === 'login').length, 2);
    assert.match(result.stdout, /previous secret keeps working until \d{4}-\d\d-\d\d \d\d:\d\dZ \(as THERMAL_PAT_ROTATED_\d+\)/);
    // The previous secret still logs in during the grace period (default 24 h)…
    const old = await world.pat(['--config', 'before-rotate.json', 'test-connection']);
    assert.equal(old.code, 0, old.stderr);
    // …and no longer once it is over.
    world.emulator.clock.advance(25 * 3_600_000);
    const expired = await world.pat(['--config', 'before-rotate.json', 'test-connection']);
    assert.equal(expired.code, 1);
    assert.match(expired.stderr, /394401/); // the emulator refuses an expired PAT as expired (facts §8)
    const current = await world.pat(['test-connection']);
    assert.equal(current.code, 0, current.stderr);
  });

  test('revoke removes the token and clears it from the config; test-connection then fails with exit 1', async () => {
    // A rotation leaves the previous secret alive for 24 h as THERMAL_PAT_ROTATED_<ms>: revoke must kill it too.
    await copyFile(world.configPath, path.join(world.dir, 'previous.json'));
    world.emulator.clock.advance(1000);
    const rotated = await world.pat(['rotate']);
    assert.equal(rotated.code, 0, rotated.stderr);
    const status = await world.pat(['status']);
    assert.match(status.stdout, /A previous secret still logs in as THERMAL_PAT_ROTATED_\d+ until/);
    await copyFile(world.configPath, path.join(world.dir, 'deployed.json'));
    const refused = await world.pat(['revoke']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--yes/);
    const result = await world.pat(['revoke', '--yes']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Revoked token THERMAL_PAT of user THERMAL_SVC/);
    assert.match(result.stdout, /Revoked THERMAL_PAT_ROTATED_\d+ \(a previous secret of THERMAL_PAT\)/);
    const previous = await world.pat(['--config', 'previous.json', 'test-connection']);
    assert.equal(previous.code, 1, 'the rotated predecessor was revoked with its token');
    const again = await world.pat(['revoke', '--name', 'thermal_pat', '--yes', '--json']);
    assert.equal(again.code, 0, 'a token already gone counts as revoked');
    assert.equal(JSON.parse(again.stdout).already_gone, true);
    const config = await world.readConfig();
    assert.ok(!('pat' in config) && !('pat_name' in config));
    assert.equal(config.sensor_id, 'thermal-01');
    const cleared = await world.pat(['test-connection']);
    assert.equal(cleared.code, 2, 'no pat in the config is a config error');
    assert.match(cleared.stderr, /has no "pat" field/);
    const deployed = await world.pat(['--config', 'deployed.json', 'test-connection']);
    assert.equal(deployed.code, 1, 'a revoked token fails to log in');
    assert.match(deployed.stderr, /Programmatic access token is invalid/);
    assert.match(deployed.stderr, /hint: .*pat list/);
  });
});
