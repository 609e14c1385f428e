/**
 * The completion generator on small commander programs: what it reads from the program (commands, aliases,
 * nested commands, options, values, choices, hidden items), that it follows the program when it changes, and that
 * descriptions with shell metacharacters cannot break out of their quotes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Argument, Command, Option } from 'commander';
import { bashScript, completionScript, completionSpec, fishScript, zshScript } from '../../src/commands/completion.js';
import { UsageError } from '../../src/errors.js';

const NASTY = `it's $HOME \`whoami\` "quoted" \\ back; rm -rf / # :colon`;

function toy(): Command {
  const program = new Command('toy').description('a toy');
  program.option('--config <path>', 'config file').option('-q, --quiet', 'say less').option('--json', NASTY);
  program.command('list').alias('ls').description(NASTY).option('--user <user>', 'whose').option('--format <fmt>', 'format');
  const server = program.command('server').description('server things');
  server.command('start').description('start it').option('--port <port>', 'port').option('--seed <file>', 'seed file');
  server.command('stop').description('stop it');
  program.command('secret', { hidden: true }).description('hidden command');
  program.command('paint').addOption(new Option('--colour <c>', 'colour').choices(['red', 'green'])).addOption(new Option('--hidden-opt').hideHelp());
  program.command('shell').addArgument(new Argument('<shell>').choices(['bash', 'zsh']));
  return program;
}

/** zsh and fish are test prerequisites (.ci/run installs them from Debian packages): missing means failed, not skipped. */
function requireShell(shell: string): void {
  const probe = spawnSync(shell, ['-c', 'exit 0']);
  assert.equal(probe.status, 0, `${shell} is not installed (${probe.error?.message ?? `exit ${probe.status}`}); install it: apt-get install -y zsh fish (.ci/run does)`);
}

function sq(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function bashComplete(script: string, words: string[]): string[] {
  const driver = [script, `COMP_WORDS=(${words.map(sq).join(' ')})`, `COMP_CWORD=${words.length - 1}`, 'COMPREPLY=()', '_toy', `printf '%s\\n' "\${COMPREPLY[@]}"`].join('\n');
  const run = spawnSync('bash', ['--norc', '--noprofile'], { input: driver, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split('\n').filter((l) => l !== '');
}

describe('completionSpec', () => {
  test('reads commands, aliases, nested commands, options, value kinds and choices; skips hidden ones', () => {
    const spec = completionSpec(toy());
    const names = spec.commands.map((c) => c.name);
    assert.deepEqual(names, ['list', 'server', 'paint', 'shell', 'help']);
    const list = spec.commands.find((c) => c.name === 'list');
    assert.deepEqual(list?.aliases, ['ls']);
    const flags = list?.options.flatMap((o) => o.flags);
    assert.deepEqual(flags, ['--user', '--format', '-h', '--help', '--config', '-q', '--quiet', '--json']);
    const server = spec.commands.find((c) => c.name === 'server');
    assert.deepEqual(server?.commands.map((c) => c.name), ['start', 'stop', 'help']);
    const start = server?.commands.find((c) => c.name === 'start');
    assert.equal(start?.options.find((o) => o.long === '--seed')?.files, true, '<file> completes files');
    assert.equal(start?.options.find((o) => o.long === '--port')?.files, false);
    assert.equal(start?.options.find((o) => o.long === '--config')?.files, true, 'global options reach nested commands');
    const paint = spec.commands.find((c) => c.name === 'paint');
    assert.deepEqual(paint?.options.find((o) => o.long === '--colour')?.choices, ['red', 'green']);
    assert.ok(!paint?.options.some((o) => o.long === '--hidden-opt'));
    assert.deepEqual(spec.commands.find((c) => c.name === 'shell')?.argumentChoices, ['bash', 'zsh']);
    assert.deepEqual(spec.commands.find((c) => c.name === 'help')?.argumentChoices, ['list', 'server', 'paint', 'shell']);
    assert.ok(spec.options.some((o) => o.long === '--help'));
    assert.ok(!list?.options.some((o) => o.long === '--version'));
  });

  test('follows the program: a command added later appears in every script', () => {
    const program = toy();
    for (const shell of ['bash', 'zsh', 'fish']) assert.doesNotMatch(completionScript(shell, program), /brand-new/);
    program.command('brand-new').option('--shiny', 'yes');
    for (const shell of ['bash', 'zsh', 'fish']) {
      const script = completionScript(shell, program);
      assert.match(script, /'brand-new[':]/, shell);
      assert.match(script, /'(--)?shiny[':]/, shell);
    }
  });

  test('an unknown shell is a UsageError (exit 2)', () => {
    assert.throws(() => completionScript('tcsh', toy()), (error: unknown) => error instanceof UsageError && /tcsh/.test(error.message));
  });
});

describe('generated scripts', () => {
  test('bash: parses, completes nested commands, aliases, choices and files, and skips option values', () => {
    const script = bashScript(completionSpec(toy()));
    const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    assert.deepEqual(bashComplete(script, ['toy', '']).sort(), ['help', 'list', 'ls', 'paint', 'server', 'shell']);
    assert.deepEqual(bashComplete(script, ['toy', 'server', '']).sort(), ['help', 'start', 'stop']);
    assert.deepEqual(bashComplete(script, ['toy', 'server', 'start', '--p']), ['--port']);
    assert.deepEqual(bashComplete(script, ['toy', 'ls', '--u']), ['--user']);
    assert.deepEqual(bashComplete(script, ['toy', 'paint', '--colour', '']), ['red', 'green']);
    assert.deepEqual(bashComplete(script, ['toy', 'shell', '']), ['bash', 'zsh']);
    // "server" after --config is the option's value, not the command.
    assert.deepEqual(bashComplete(script, ['toy', '--config', 'server', 'st']), []);
    assert.deepEqual(bashComplete(script, ['toy', '-q', 'server', 'st']), ['start', 'stop']);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pat-completion-'));
    try {
      writeFileSync(path.join(dir, 'seed-one.json'), '{}');
      const inDir = bashComplete(script, ['toy', 'server', 'start', '--seed', path.join(dir, 'seed-')]);
      assert.deepEqual(inDir, [path.join(dir, 'seed-one.json')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('descriptions full of shell metacharacters stay inside their quotes in every shell', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pat-completion-'));
    try {
      const marker = path.join(dir, 'PWNED');
      const program = toy();
      program.command('evil').description(`it's '; touch ${marker}; ' \\' $(touch ${marker}) \`touch ${marker}\` (touch ${marker}); touch ${marker}`);
      const spec = completionSpec(program);
      const runs: Array<[string, string[], string]> = [['bash', ['--norc', '--noprofile', '-c'], `source ${path.join(dir, 'toy.bash')} && echo sourced`]];
      writeFileSync(path.join(dir, 'toy.bash'), bashScript(spec));
      requireShell('zsh');
      writeFileSync(path.join(dir, 'toy.zsh'), zshScript(spec));
      runs.push(['zsh', ['-f', '-c'], `compdef() { :; }; source ${path.join(dir, 'toy.zsh')}; _toy_commands ''; print -r -- "\${reply[-1]}" >/dev/null && echo sourced`]);
      requireShell('fish');
      writeFileSync(path.join(dir, 'toy.fish'), fishScript(spec));
      runs.push(['fish', ['--no-config', '-c'], `source ${path.join(dir, 'toy.fish')}; complete -C 'toy ' >/dev/null; and echo sourced`]);
      for (const [shell, args, command] of runs) {
        // cwd = the temp folder: should quoting ever break, whatever the shell runs lands there, not in the repo.
        const run = spawnSync(shell, [...args, command], { encoding: 'utf8', cwd: dir });
        assert.equal(run.status, 0, `${shell}: ${run.stderr}`);
        assert.equal(run.stdout, 'sourced\n', shell);
        assert.equal(existsSync(marker), false, `${shell} executed text from a description`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('zsh: parses and carries descriptions', () => {
    requireShell('zsh');
    const script = zshScript(completionSpec(toy()));
    assert.match(script, /^#compdef toy$/m);
    assert.match(script, /'list:/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pat-completion-'));
    try {
      const file = path.join(dir, '_toy');
      writeFileSync(file, script);
      const check = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      const run = spawnSync('zsh', ['-f', '-c', `compdef() { :; }; source ${file}; _toy_commands server; print -l -- $reply`], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.stdout.trim().split('\n'), ['start:start it', 'stop:stop it', 'help:display help for command']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fish: parses and completes', () => {
    requireShell('fish');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pat-completion-'));
    try {
      const file = path.join(dir, 'toy.fish');
      writeFileSync(file, fishScript(completionSpec(toy())));
      const check = spawnSync('fish', ['--no-execute', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      const run = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C 'toy server '; echo ---; complete -C 'toy paint --colour '`], {
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      const [server = '', colours = ''] = run.stdout.split('---\n');
      assert.deepEqual(server.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort(), ['help', 'start', 'stop']);
      assert.deepEqual(colours.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort(), ['green', 'red']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
