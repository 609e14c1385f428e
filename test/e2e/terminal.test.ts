/**
 * Terminal niceties appear only on a TTY: run pat under a pseudo-terminal (util-linux `script`) and compare with
 * piped output, which must stay plain and stable for scripts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { CLI_PATH } from '../helpers/cli.js';
import { startWorld, type World } from '../helpers/world.js';

const run = promisify(execFile);
let world: World;
before(async () => {
  world = await startWorld();
  assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
});
after(async () => world.close());

/** Runs pat with stdin, stdout and stderr on a pseudo-terminal; returns everything the terminal showed. */
async function onTerminal(args: string[], env: Record<string, string> = {}): Promise<string> {
  // A pseudo-terminal from `script` starts with no size; give it one, as a real terminal has.
  const command = `stty cols 160 rows 40; ${[process.execPath, CLI_PATH, ...args].map((a) => `'${a}'`).join(' ')}`;
  const { stdout } = await run('script', ['-qec', command, '/dev/null'], {
    cwd: world.dir,
    env: { ...world.env, TERM: 'xterm-256color', ...env },
    timeout: 30_000,
  });
  return stdout;
}

const COLOUR = /\u001b\[(3\d|9\d|1)m/;
const SPINNER_FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

describe('on a terminal', () => {
  test('list draws a boxed, coloured table and a spinner while waiting', async () => {
    const screen = await onTerminal(['list']);
    assert.match(screen, /┌/);
    assert.match(screen, COLOUR);
    assert.match(screen, SPINNER_FRAME);
    assert.match(screen, /THERMAL_PAT/);
  });

  test('NO_COLOR turns colours off but keeps the table', async () => {
    const screen = await onTerminal(['list'], { NO_COLOR: '1' });
    assert.doesNotMatch(screen, COLOUR);
    assert.match(screen, /┌/);
  });

  test('--verbose shows log lines instead of a spinner', async () => {
    const screen = await onTerminal(['--verbose', 'list']);
    assert.doesNotMatch(screen, SPINNER_FRAME);
    assert.match(screen, /\[pat\] sql: SHOW USER/);
  });
});

describe('piped', () => {
  test('list prints plain aligned columns: no box, no colour, no spinner', async () => {
    const result = await world.pat(['list']);
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.stdout + result.stderr, /┌|\u001b\[/);
    assert.doesNotMatch(result.stderr, SPINNER_FRAME);
    assert.match(result.stdout, /^\s+NAME\s+STATUS\s+ROLE RESTRICTION\s+EXPIRES\s+DAYS LEFT\s+COMMENT\s+ROTATED TO$/m);
  });

  test('FORCE_COLOR brings colour to piped output', async () => {
    const result = await world.pat(['list'], { env: { FORCE_COLOR: '1' } });
    assert.match(result.stdout, COLOUR);
  });
});
