/**
 * `pat doctor` through the built CLI against the emulator: all green after `pat create`, and each failure
 * family with its fix — missing network policy (SERVICE and PERSON), insufficient privilege, the 15-token
 * limit, a role mismatch, a loose or missing config.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

interface JsonCheck {
  name: string;
  ok: boolean;
  status: string;
  detail: string;
  fix: string | null;
}
interface DoctorJson {
  checks: JsonCheck[];
  ok: boolean;
}

const ORDER = [
  'config', 'config-mode', 'config-git', 'admin-connection', 'user', 'network-policy', 'privileges', 'token-count',
  'pat-login', 'role-restriction',
];
const ALICE_ADMIN = { SNOWFLAKE_USER: 'ALICE', SNOWFLAKE_PASSWORD: 'alice-password' };

async function doctorJson(world: World, env?: Record<string, string>): Promise<{ code: number | null; report: DoctorJson }> {
  const result = await world.pat(['doctor', '--json'], env ? { env } : {});
  return { code: result.code, report: JSON.parse(result.stdout) as DoctorJson };
}

function byName(report: DoctorJson, name: string): JsonCheck {
  const found = report.checks.find((c) => c.name === name);
  assert.ok(found, `check ${name} present`);
  return found;
}

describe('pat doctor on a healthy setup', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
    const created = await world.pat(['create', '--name', 'thermal_pat']);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => world.close());

  test('all green after pat create: exit 0, every line ✓, JSON in the documented order', async () => {
    const text = await world.pat(['doctor']);
    assert.equal(text.code, 0, text.stdout + text.stderr);
    const lines = text.stdout.split('\n').filter((l) => /^[✓✗!] /.test(l));
    assert.equal(lines.length, ORDER.length, text.stdout);
    assert.ok(lines.every((l) => l.startsWith('✓ ')), text.stdout);
    assert.match(text.stdout, /✓ user\s+user THERMAL_SVC exists, TYPE=SERVICE/);
    assert.match(text.stdout, /✓ network policy\s+user THERMAL_SVC has network policy THERMAL_POLICY/);
    assert.match(text.stdout, /✓ token count\s+1 of 15 tokens/);
    assert.match(text.stdout, /✓ role restriction\s+token THERMAL_PAT is restricted to THERMAL_ROLE/);
    assert.match(text.stdout, /All checks passed/);

    const { code, report } = await doctorJson(world);
    assert.equal(code, 0);
    assert.equal(report.ok, true);
    assert.deepEqual(report.checks.map((c) => c.name), ORDER);
    assert.ok(report.checks.every((c) => c.ok && c.status === 'pass' && c.fix === null));
  });

  test('a config readable by others fails with the chmod fix; an unignored config in a git tree is a warning', async () => {
    await chmod(world.configPath, 0o644);
    const loose = await doctorJson(world);
    await chmod(world.configPath, 0o600);
    assert.equal(loose.code, 1);
    const mode = byName(loose.report, 'config-mode');
    assert.equal(mode.ok, false);
    assert.match(mode.detail, /0644/);
    assert.match(String(mode.fix), /^chmod 600 .*snowflake_config\.json$/);
    assert.deepEqual(loose.report.checks.filter((c) => !c.ok).map((c) => c.name), ['config-mode']);

    execFileSync('git', ['init', '-q', world.dir]);
    const text = await world.pat(['doctor']);
    assert.equal(text.code, 0, 'a warning does not fail the run');
    assert.match(text.stdout, /^! config in git\s+the config is inside a git work tree and not ignored$/m);
    assert.match(text.stdout, /\.gitignore: snowflake_config\.json/);
  });
});

describe('pat doctor failures and their fixes', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
    const created = await world.pat(['create', '--name', 'thermal_pat']);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => world.close());

  test('insufficient privilege on the admin role: the GRANT to run, and the PAT checks still run', async () => {
    const text = await world.pat(['doctor'], { env: ALICE_ADMIN });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /✗ privileges\s+role ANALYST lacks the privilege to manage the tokens of THERMAL_SVC \(003001\)/);
    assert.match(text.stdout, /^ {6}GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER THERMAL_SVC TO ROLE ANALYST;$/m);
    const { report } = await doctorJson(world, ALICE_ADMIN);
    assert.equal(report.ok, false);
    assert.equal(byName(report, 'admin-connection').ok, true);
    assert.equal(byName(report, 'user').status, 'skip');
    assert.equal(byName(report, 'token-count').status, 'skip');
    // Later checks that do not need the privilege still ran.
    assert.equal(byName(report, 'pat-login').status, 'pass');
    assert.equal(byName(report, 'role-restriction').status, 'pass');
    assert.match(byName(report, 'role-restriction').detail, /PAT session's role is THERMAL_ROLE/);
  });

  test('a SERVICE user without a network policy: narrow-policy SQL, a warning against 0.0.0.0/0, exit 1', async () => {
    await world.emulator.runAs('ADMIN', 'ALTER USER THERMAL_SVC UNSET NETWORK_POLICY');
    try {
      const text = await world.pat(['doctor']);
      assert.equal(text.code, 1);
      assert.match(text.stdout, /✗ network policy\s+user THERMAL_SVC has TYPE=SERVICE and no network policy/);
      assert.match(text.stdout, /CREATE NETWORK POLICY THERMAL_SVC_NETWORK_POLICY ALLOWED_IP_LIST = \('<your-egress-ip>\/32'\);/);
      assert.match(text.stdout, /ALTER USER THERMAL_SVC SET NETWORK_POLICY = THERMAL_SVC_NETWORK_POLICY;/);
      assert.match(text.stdout, /Do not use ALLOWED_IP_LIST = \('0\.0\.0\.0\/0'\)/);
      assert.doesNotMatch(text.stdout, /AUTHENTICATION POLICY/, 'the PERSON alternative is not offered to a SERVICE user');
      assert.match(text.stdout, /✗ PAT login\s+Snowflake error 390432/);
      const { report } = await doctorJson(world);
      assert.deepEqual(report.checks.filter((c) => !c.ok).map((c) => c.name), ['network-policy', 'pat-login']);
    } finally {
      await world.emulator.runAs('ADMIN', 'ALTER USER THERMAL_SVC SET NETWORK_POLICY = THERMAL_POLICY');
    }
  });

  test('the role in the config differs from the token restriction', async () => {
    const config = await world.readConfig();
    await writeFile(world.configPath, JSON.stringify({ ...config, role: 'ANALYST' }, null, 2), { mode: 0o600 });
    try {
      const { code, report } = await doctorJson(world);
      assert.equal(code, 1);
      const role = byName(report, 'role-restriction');
      assert.equal(role.ok, false);
      assert.match(role.detail, /restricted to THERMAL_ROLE, but the config's role is ANALYST/);
      assert.match(String(role.fix), /Set "role": "THERMAL_ROLE"/);
      assert.equal(byName(report, 'pat-login').ok, false);
    } finally {
      await writeFile(world.configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
    }
  });

  test('15 tokens (disabled and _ROTATED_ included): doctor fails with what to remove, and a 16th is refused', async () => {
    const emu = world.emulator;
    for (let i = 2; i <= 14; i++) {
      await emu.runAs('ADMIN', `ALTER USER THERMAL_SVC ADD PAT extra_${i} ROLE_RESTRICTION = 'THERMAL_ROLE'`);
    }
    await emu.runAs('ADMIN', 'ALTER USER THERMAL_SVC MODIFY PAT extra_2 SET DISABLED = TRUE');
    await emu.runAs('ADMIN', 'ALTER USER THERMAL_SVC ROTATE PAT extra_3'); // the 15th: extra_3_ROTATED_<ms>
    const text = await world.pat(['doctor']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /✗ token count\s+15 of 15 tokens in use by THERMAL_SVC \(incl\. 1 _ROTATED_, 1 disabled\): Snowflake refuses a 16th/);
    assert.match(text.stdout, /pat revoke --user THERMAL_SVC --name EXTRA_3_ROTATED_\d+ --yes/);
    assert.match(text.stdout, /pat revoke --user THERMAL_SVC --name EXTRA_2 --yes/);
    assert.doesNotMatch(text.stdout, /--name THERMAL_PAT/, 'never suggests removing the token the config holds');
    assert.match(text.stdout, /✓ PAT login/);

    const refused = await world.pat(['create', '--name', 'extra_16', '--no-write', '--secret-only']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /394411|[Mm]aximum number of programmatic access tokens/);
  });
});

describe('pat doctor for a PERSON user and without a config', () => {
  let world: World;
  before(async () => {
    world = await startWorld({ config: { user: 'ALICE', role: 'ANALYST', database: undefined, schema: undefined, warehouse: undefined } });
    const created = await world.pat(['create', '--name', 'alice_pat']);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => world.close());

  test('a PERSON user without a network policy: the policy SQL, the bypass window and the authentication-policy alternative', async () => {
    const { code, report } = await doctorJson(world);
    assert.equal(code, 1);
    const network = byName(report, 'network-policy');
    assert.equal(network.ok, false);
    assert.match(network.detail, /user ALICE has no network policy and the PAT login was refused \(390432\)/);
    const fix = String(network.fix);
    assert.match(fix, /ALLOWED_IP_LIST = \('<your-egress-ip>\/32'\)/);
    assert.match(fix, /0\.0\.0\.0\/0/);
    assert.match(fix, /--bypass-network-policy-mins/);
    assert.match(fix, /CREATE AUTHENTICATION POLICY ALICE_AUTH_POLICY PAT_POLICY = \( NETWORK_POLICY_EVALUATION = ENFORCED_NOT_REQUIRED \);/);
    assert.match(fix, /ALTER USER ALICE SET AUTHENTICATION POLICY ALICE_AUTH_POLICY;/);
    assert.equal(byName(report, 'user').detail, 'user ALICE exists, TYPE=PERSON');
  });

  test('no config: the config check fails with how to create one; the admin connection is still checked', async () => {
    const missing = await world.pat(['--config', 'nowhere.json', 'doctor', '--json']);
    assert.equal(missing.code, 1);
    const report = JSON.parse(missing.stdout) as DoctorJson;
    const config = byName(report, 'config');
    assert.equal(config.ok, false);
    assert.match(config.detail, /nowhere\.json not found/);
    assert.match(String(config.fix), /Create it with at least/);
    assert.equal(byName(report, 'admin-connection').ok, true);
    assert.equal(byName(report, 'pat-login').status, 'skip');
    const usage = await world.pat(['doctor', '--bogus']);
    assert.equal(usage.code, 2, 'unknown options stay usage errors');
  });
});
