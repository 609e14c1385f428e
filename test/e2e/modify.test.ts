/**
 * `pat disable | enable | rename | comment` through the built CLI, the real snowflake-sdk and the emulator:
 * the exact MODIFY statements Snowflake receives, the admin login they run on, the config's `pat_name` following
 * a rename only when it held the old name, and a disabled token failing to log in until it is enabled again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

const MODIFY = 'ALTER USER THERMAL_SVC MODIFY PROGRAMMATIC ACCESS TOKEN';

async function listed(world: World): Promise<Array<Record<string, unknown>>> {
  const result = await world.pat(['list', '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Array<Record<string, unknown>>;
}

describe('pat disable / enable / rename / comment', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
    const created = await world.pat(['create', '--name', 'thermal_pat', '--expires-in', '30']);
    assert.equal(created.code, 0, created.stderr);
    // A second token the config does not hold, made directly on the emulator (not recorded).
    await world.emulator.runAs('ADMIN', "ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN spare_pat ROLE_RESTRICTION = 'THERMAL_ROLE'");
  });
  after(async () => world.close());

  test('disable sends SET DISABLED = TRUE on the admin login; the token then fails to log in (exit 1)', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['disable']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Disabled token THERMAL_PAT of user THERMAL_SVC/);
    assert.match(result.stdout, /pat enable/);
    assert.deepEqual(world.sql(), [`${MODIFY} THERMAL_PAT SET DISABLED = TRUE`]);
    const logins = world.emulator.requests.filter((r) => r.kind === 'login');
    assert.equal(logins.length, 1);
    assert.notEqual(logins[0]?.authenticator, 'PROGRAMMATIC_ACCESS_TOKEN', 'MODIFY must not run on a PAT session');
    assert.equal(logins[0]?.loginName, 'ADMIN');

    const token = (await listed(world)).find((t) => t.name === 'THERMAL_PAT');
    assert.equal(token?.status, 'DISABLED');
    const blocked = await world.pat(['test-connection']);
    assert.equal(blocked.code, 1, blocked.stdout);
    assert.match(blocked.stderr, /394400|invalid/);
  });

  test('enable sends SET DISABLED = FALSE and test-connection works again', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['enable', '--name', 'thermal_pat']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Enabled token THERMAL_PAT/);
    assert.deepEqual(world.sql(), [`${MODIFY} thermal_pat SET DISABLED = FALSE`]);
    const restored = await world.pat(['test-connection']);
    assert.equal(restored.code, 0, restored.stderr);
  });

  test('comment --set quotes the literal; --unset sends UNSET COMMENT', async () => {
    world.emulator.clearRequests();
    const set = await world.pat(['comment', '--set', "thermal ingest; owner data-eng's"]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /Set the comment of token THERMAL_PAT/);
    assert.deepEqual(world.sql(), [`${MODIFY} THERMAL_PAT SET COMMENT = 'thermal ingest; owner data-eng''s'`]);
    assert.equal((await listed(world)).find((t) => t.name === 'THERMAL_PAT')?.comment, "thermal ingest; owner data-eng's");

    world.emulator.clearRequests();
    const unset = await world.pat(['--json', 'comment', '--unset']);
    assert.equal(unset.code, 0, unset.stderr);
    assert.deepEqual(JSON.parse(unset.stdout), {
      token_name: 'THERMAL_PAT', user: 'THERMAL_SVC', action: 'comment', comment: null, in_config: true, config_updated: false,
    });
    assert.deepEqual(world.sql(), [`${MODIFY} THERMAL_PAT UNSET COMMENT`]);
    assert.equal((await listed(world)).find((t) => t.name === 'THERMAL_PAT')?.comment, null);
  });

  test('rename of a token the config does not hold leaves pat_name alone', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['--json', 'rename', '--name', 'spare_pat', '--to', 'spare_two']);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(json.renamed_to, 'SPARE_TWO');
    assert.equal(json.config_updated, false);
    assert.deepEqual(world.sql(), [`${MODIFY} spare_pat RENAME TO spare_two`]);
    assert.equal((await world.readConfig()).pat_name, 'THERMAL_PAT');
    const names = (await listed(world)).map((t) => t.name);
    assert.ok(names.includes('SPARE_TWO') && !names.includes('SPARE_PAT'), names.join(','));
  });

  test("rename of the config's token updates pat_name, keeps the secret, and the service still logs in", async () => {
    const before = await world.readConfig();
    world.emulator.clearRequests();
    const result = await world.pat(['rename', '--to', 'thermal_ingest']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Renamed token THERMAL_PAT of user THERMAL_SVC to THERMAL_INGEST/);
    assert.match(result.stdout, /Updated "pat_name"/);
    assert.deepEqual(world.sql(), [`${MODIFY} THERMAL_PAT RENAME TO thermal_ingest`]);
    const config = await world.readConfig();
    assert.equal(config.pat_name, 'THERMAL_INGEST');
    assert.equal(config.pat, before.pat, 'the secret is unchanged');
    assert.equal(config.sensor_id, 'thermal-01');
    const connected = await world.pat(['test-connection']);
    assert.equal(connected.code, 0, connected.stderr);
  });

  test('a token that does not exist: Snowflake error, exit 1, config untouched', async () => {
    const before = await world.readConfig();
    const result = await world.pat(['disable', '--name', 'no_such_pat']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /NO_SUCH_PAT|no_such_pat/);
    assert.deepEqual(await world.readConfig(), before);
  });

  const invalid: Array<{ args: string[]; message: RegExp }> = [
    { args: ['rename', '--name', 'a'], message: /--to is required/ },
    { args: ['rename', '--to', 'thermal_ingest'], message: /current name \(THERMAL_INGEST\)/ },
    { args: ['rename', '--name', 'a', '--to', 'A'], message: /current name/ },
    { args: ['rename', '--name', 'a', '--to', 'two words'], message: /--to "two words" is not a valid token name/ },
    { args: ['rename', '--name', 'a', '--to', 'select'], message: /--to "select" is a reserved SQL word/ },
    { args: ['comment'], message: /--set <comment> or --unset/ },
    { args: ['comment', '--set', 'x', '--unset'], message: /--set and --unset cannot be combined/ },
    { args: ['comment', '--set', 'bell\u0007'], message: /--set contains a control character/ },
    { args: ['disable', '--name', "x';--"], message: /--name .* is not a valid token name/ },
    { args: ['enable', '--user', ''], message: /--user must not be empty/ },
    { args: ['disable', '--bogus'], message: /unknown option '--bogus'/ },
  ];
  for (const row of invalid) {
    test(`bad input: pat ${row.args.join(' ')} → exit 2, no request`, async () => {
      world.emulator.clearRequests();
      const result = await world.pat(row.args);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, row.message);
      assert.equal(world.emulator.requests.length, 0);
    });
  }
});

describe('pat disable without a config', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ config: null });
  });
  after(async () => world.close());

  test('--name and --user given: runs without a config file', async () => {
    await world.emulator.runAs('ADMIN', "ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN lone_pat ROLE_RESTRICTION = 'THERMAL_ROLE'");
    const result = await world.pat(['--json', 'disable', '--name', 'lone_pat', '--user', 'THERMAL_SVC']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      token_name: 'LONE_PAT', user: 'THERMAL_SVC', action: 'disable', disabled: true, in_config: false, config_updated: false,
    });
    assert.deepEqual(world.sql(), [`${MODIFY} lone_pat SET DISABLED = TRUE`]);
  });

  test('without --name there is nothing to modify: exit 2 naming the config', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['enable']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /snowflake_config\.json/);
    assert.equal(world.emulator.requests.length, 0);
  });
});
