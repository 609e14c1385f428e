/**
 * A secret is never leaked and never lost: it appears on stdout only when asked for, exactly once with
 * --secret-only, in explicitly requested sinks, and — when the config cannot be written — on stdout with the
 * failure explained on stderr and exit code 1.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI_PATH } from '../helpers/cli.js';
import { chmod, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

let world: World;
let allowed: string[] = [];
beforeEach(async () => {
  world = await startWorld();
  allowed = [];
});
afterEach(async () => world.close(allowed));

function newest(): string {
  const secrets = world.emulator.issuedSecrets();
  const secret = secrets[secrets.length - 1];
  assert.ok(secret, 'the emulator issued a secret');
  return secret;
}

describe('secret output', () => {
  test('--secret-only --no-write: stdout is exactly the secret and a newline; the config is untouched', async () => {
    const before = await readFile(world.configPath, 'utf8');
    const result = await world.pat(['create', '--name', 'ci_pat', '--no-write', '--secret-only']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${newest()}\n`);
    assert.match(result.stderr, /Created token CI_PAT/);
    assert.equal(await readFile(world.configPath, 'utf8'), before);
  });

  test('--secret-only with a write: stdout is the secret, and the config holds the same secret', async () => {
    const result = await world.pat(['create', '--name', 'svc_pat', '--secret-only']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${(await world.readConfig()).pat}\n`);
  });

  test('--show-secret prints it once; without it no output contains it (scanned by the world helper)', async () => {
    // --replace: the config already holds the previous test's token.
    const shown = await world.pat(['create', '--name', 'a_pat', '--show-secret', '--replace']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stdout.split(newest()).length - 1, 1);
    const hidden = await world.pat(['--json', 'create', '--name', 'b_pat', '--replace']);
    assert.equal(hidden.code, 0, hidden.stderr);
    const json = JSON.parse(hidden.stdout) as Record<string, unknown>;
    assert.equal(json.token_name, 'B_PAT');
    assert.equal(json.written, true);
    assert.ok(!('secret' in json));
  });

  test('--json --show-secret puts the secret in the JSON document', async () => {
    const result = await world.pat(['--json', 'create', '--name', 'j_pat', '--show-secret', '--no-write']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { secret: string }).secret, newest());
  });

  test('--verbose logs SQL and timings to stderr, never the secret', async () => {
    const result = await world.pat(['--verbose', 'create', '--name', 'v_pat']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /sql: ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS v_pat/);
    assert.match(result.stderr, /row\(s\) in \d+ ms/);
    assert.match(result.stderr, /admin connection: SNOWFLAKE_\* environment variables/);
  });

  test('the driver writes no snowflake.log and nothing else into the working folder', async () => {
    await world.pat(['create', '--name', 'quiet_pat']);
    await world.pat(['test-connection']);
    const files = (await readdir(world.dir)).sort();
    assert.deepEqual(files, ['home', 'snowflake_config.json']);
  });
});

describe('sinks', () => {
  test('--env-file keeps one NAME=secret line (0600) and the other lines', async () => {
    const envFile = path.join(world.dir, 'service.env');
    allowed.push(envFile);
    await writeFile(envFile, 'OTHER=1\nSNOWFLAKE_PAT=old\n# comment\n');
    const result = await world.pat(['create', '--name', 'env_pat', '--no-write', '--env-file', envFile]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(envFile, 'utf8'), `OTHER=1\nSNOWFLAKE_PAT=${newest()}\n# comment\n`);
    assert.equal((await stat(envFile)).mode & 0o777, 0o600);
    const named = await world.pat(['rotate', '--name', 'env_pat', '--no-write', '--no-verify', '--env-file', envFile, '--env-var', 'THERMAL_PAT']);
    assert.equal(named.code, 0, named.stderr);
    assert.match(await readFile(envFile, 'utf8'), new RegExp(`^THERMAL_PAT=${newest()}$`, 'm'));
  });

  test('the bin, run through its shebang, takes --env-file for a file that does not exist yet (Node 20 quirk)', async () => {
    const envFile = path.join(world.dir, 'new.env');
    allowed.push(envFile);
    await chmod(CLI_PATH, 0o755);
    const { stdout } = await promisify(execFile)(CLI_PATH, ['create', '--name', 'bin_pat', '--no-write', '--env-file', envFile], {
      cwd: world.dir,
      env: world.env,
    });
    assert.match(stdout, /Wrote SNOWFLAKE_PAT to/);
    assert.equal(await readFile(envFile, 'utf8'), `SNOWFLAKE_PAT=${newest()}\n`);
  });

  test('--github-env masks the secret on stdout, then appends it to $GITHUB_ENV', async () => {
    const githubEnv = path.join(world.dir, 'github_env');
    allowed.push(githubEnv);
    await writeFile(githubEnv, 'EARLIER=1\n');
    const result = await world.pat(['create', '--name', 'gh_pat', '--github-env'], { env: { GITHUB_ENV: githubEnv }, revealsSecret: true });
    assert.equal(result.code, 0, result.stderr);
    const secret = newest();
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], `::add-mask::${secret}`, 'the mask command comes before anything else');
    assert.equal(result.stdout.split(secret).length - 1, 1, 'the secret appears only in the mask command');
    assert.equal(await readFile(githubEnv, 'utf8'), `EARLIER=1\nSNOWFLAKE_PAT=${secret}\n`);
    assert.equal((await world.readConfig()).pat, secret);
  });
});

describe('the config cannot be written: the secret still reaches the user, exit 1', () => {
  test('an immutable config file (rename over it fails even for root)', async () => {
    // A failed chattr fails the test (never a skip): CI runs as root on ext4 and .ci/run installs e2fsprogs.
    execFileSync('chattr', ['+i', world.configPath], { stdio: 'ignore' });
    try {
      const result = await world.pat(['create', '--name', 'lost_pat'], { revealsSecret: true });
      assert.equal(result.code, 1);
      assert.equal(result.stdout.trim().split('\n').at(-1), newest(), 'the secret is on stdout');
      assert.match(result.stderr, /could not be saved/);
      assert.match(result.stderr, /only once/);
      assert.ok(!result.stderr.includes(newest()), 'the explanation does not repeat the secret');
      assert.ok(!('pat' in (await world.readConfig())), 'the config is unchanged');
    } finally {
      execFileSync('chattr', ['-i', world.configPath]);
    }
  });
});

describe('symlinked configs', () => {
  test('are written through to their target, which stays a regular file behind the link', async () => {
    const real = path.join(world.dir, 'real.json');
    await writeFile(real, await readFile(world.configPath, 'utf8'), { mode: 0o600 });
    allowed.push(real);
    const link = path.join(world.dir, 'link.json');
    await symlink(real, link);
    const result = await world.pat(['--json', '--config', link, 'create', '--name', 'json_pat']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { written: boolean }).written, true);
    assert.equal((JSON.parse(await readFile(real, 'utf8')) as { pat_name: string }).pat_name, 'JSON_PAT');
    assert.ok((await lstat(link)).isSymbolicLink());
  });
});

describe('config hygiene warnings', () => {
  test('a group/world-readable config is warned about and tightened to 0600 on write', async () => {
    await chmod(world.configPath, 0o644);
    const result = await world.pat(['create', '--name', 'tight_pat']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /readable by others/);
    assert.match(result.stdout, /tightened from 0644/);
    assert.equal((await stat(world.configPath)).mode & 0o777, 0o600);
  });

  test('a config holding a PAT that git would commit is warned about, with the .gitignore line', async () => {
    execFileSync('git', ['init', '-q', world.dir]);
    await world.pat(['create', '--name', 'git_pat']);
    const result = await world.pat(['list']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /snowflake_config\.json/);
    assert.match(result.stderr, /\.gitignore/);
    await writeFile(path.join(world.dir, '.gitignore'), 'snowflake_config.json\n');
    const quiet = await world.pat(['list']);
    assert.doesNotMatch(quiet.stderr, /\.gitignore/);
  });
});
