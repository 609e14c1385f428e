/**
 * `pat completion bash|zsh|fish` through the built CLI: every command `pat --help` lists is in each script, the
 * scripts parse in their shells (zsh and fish only when installed), the bash script completes real command lines,
 * and generating them opens no connection and never loads snowflake-sdk.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startWorld, type World } from '../helpers/world.js';
import { chunksWithPackage } from '../helpers/module-trace.js';

/** zsh and fish are test prerequisites (.ci/run installs them from Debian packages): missing means failed, not skipped. */
function requireShell(shell: string): void {
  const probe = spawnSync(shell, ['-c', 'exit 0']);
  assert.equal(probe.status, 0, `${shell} is not installed (${probe.error?.message ?? `exit ${probe.status}`}); install it: apt-get install -y zsh fish (.ci/run does)`);
}

/** Command names from `pat --help`'s Commands section: the list the scripts must keep up with. */
function helpCommands(help: string): string[] {
  // The section ends at the first blank line (the Examples block follows it).
  const section = (help.split(/^Commands:$/m)[1] ?? '').split(/\n\s*\n/)[0] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z0-9-]*)/gm)].map((m) => m[1] ?? '');
}

function sq(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Runs the generated bash function on a command line (the last word is the one being completed). */
function bashComplete(script: string, words: string[]): string[] {
  const driver = [
    script,
    `COMP_WORDS=(${words.map(sq).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    'COMPREPLY=()',
    '_pat',
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join('\n');
  const run = spawnSync('bash', ['--norc', '--noprofile'], { input: driver, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split('\n').filter((l) => l !== '');
}

describe('pat completion', () => {
  let world: World;
  let commands: string[] = [];
  const scripts: Record<string, string> = {};
  before(async () => {
    world = await startWorld();
    const help = await world.pat(['--help']);
    assert.equal(help.code, 0, help.stderr);
    commands = helpCommands(help.stdout);
  });
  after(async () => world.close());

  test('pat --help lists the commands this change adds', () => {
    for (const name of ['disable', 'enable', 'rename', 'comment', 'status', 'completion', 'list', 'create']) {
      assert.ok(commands.includes(name), `${name} in ${commands.join(',')}`);
    }
  });

  for (const shell of ['bash', 'zsh', 'fish']) {
    test(`${shell}: exit 0, every command and its options, no request to Snowflake`, async () => {
      world.emulator.clearRequests();
      const result = await world.pat(['completion', shell]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      scripts[shell] = result.stdout;
      // Quoted words: 'status' (bash, fish) or 'status:description' (zsh).
      for (const name of commands) assert.match(result.stdout, new RegExp(`'${name}[':]`), `${shell} script lacks ${name}`);
      for (const flag of ['warn-days', 'to', 'unset', 'set', 'connection', 'config']) {
        assert.match(result.stdout, new RegExp(`'(--)?${flag}[':]`), `${shell} script lacks --${flag}`);
      }
      await writeFile(path.join(world.dir, `pat.${shell}`), result.stdout);
      assert.equal(world.emulator.requests.length, 0);
    });
  }

  test('bash -n accepts the bash script', () => {
    const check = spawnSync('bash', ['-n'], { input: scripts.bash, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  test('zsh -n accepts the zsh script', () => {
    requireShell('zsh');
    const check = spawnSync('zsh', ['-n'], { input: scripts.zsh, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  test('zsh completes commands and options', () => {
    requireShell('zsh');
    const file = path.join(world.dir, 'pat.zsh');
    const run = spawnSync('zsh', ['-f', '-c', `compdef() { :; }; source ${file}; _pat_commands ''; print -l -- $reply; print -- ---; _pat_options status; print -l -- $reply`], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const [top = '', status = ''] = run.stdout.split('---\n');
    for (const name of commands) assert.match(top, new RegExp(`^${name}:`, 'm'));
    assert.match(status, /^--warn-days:/m);
  });

  test('fish -n accepts the fish script', () => {
    requireShell('fish');
    const check = spawnSync('fish', ['--no-execute', path.join(world.dir, 'pat.fish')], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });

  test('fish completes commands and options', () => {
    requireShell('fish');
    const file = path.join(world.dir, 'pat.fish');
    const run = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C 'pat '; echo ---; complete -C 'pat status --w'`], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const [top = '', status = ''] = run.stdout.split('---\n');
    for (const name of commands) assert.match(top, new RegExp(`^${name}\\t`, 'm'));
    assert.match(status, /^--warn-days\t/m);
  });

  test('the bash script completes real command lines', () => {
    const script = scripts.bash ?? '';
    assert.deepEqual(bashComplete(script, ['pat', '']).sort(), [...commands].sort());
    assert.deepEqual(bashComplete(script, ['pat', 'st']), ['status']);
    assert.deepEqual(bashComplete(script, ['pat', 'status', '--w']), ['--warn-days']);
    assert.deepEqual(bashComplete(script, ['pat', '--config', 'x.json', 're']).sort(), ['rename', 'revoke']);
    assert.deepEqual(bashComplete(script, ['pat', 'completion', '']), ['bash', 'zsh', 'fish']);
    assert.deepEqual(bashComplete(script, ['pat', 'comment', '--name', 'x', '--']).filter((f) => f.startsWith('--s') || f === '--unset'), ['--set', '--unset']);
    // A value is expected after --user: no command names offered.
    assert.deepEqual(bashComplete(script, ['pat', 'list', '--user', '']), []);
  });

  test('an unknown shell is a usage error: exit 2, nothing printed on stdout', async () => {
    const result = await world.pat(['completion', 'tcsh']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /tcsh/);
    assert.match(result.stderr, /bash, zsh, fish/);
    assert.equal(result.stdout, '');
  });

  test('never loads snowflake-sdk (a loader hook that refuses it stops `pat list`, not `pat completion`)', async () => {
    const hook = path.join(world.dir, 'refuse-sdk.mjs');
    // The CLI under test is the bundle: there the driver is a chunk (imported as "./<chunk>.js"), not a package.
    const driverChunks = JSON.stringify(chunksWithPackage('snowflake-sdk').map((c) => `./${c}`));
    const resolver =
      'export async function resolve(specifier, context, next) {' +
      ` if (specifier === 'snowflake-sdk' || specifier.startsWith('snowflake-sdk/') || ${driverChunks}.includes(specifier)) throw new Error('REFUSED: snowflake-sdk');` +
      ' return next(specifier, context); }';
    await writeFile(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(resolver)}`)});\n`);
    const env = { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` };
    for (const shell of ['bash', 'zsh', 'fish']) {
      const result = await world.pat(['completion', shell], { env, process: true });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, scripts[shell]);
    }
    const control = await world.pat(['list'], { env, process: true });
    assert.equal(control.code, 1);
    assert.match(control.stderr, /REFUSED: snowflake-sdk/);
  });
});
