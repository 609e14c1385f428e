/**
 * The basics as a process shows them: the bundle run as a child process (the bin users run), its exit status as
 * a shell sees it (0 ok, 1 failure, 2 usage, 3 expiring soon), what goes to fd 1 and what to fd 2, and --json on
 * stdout only. Most behaviour tests run pat in process (test/helpers/inproc.ts); this file keeps the part only a
 * real process can show, so a difference between `main()` and the bin (cli.ts, exit, stream draining) fails here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

const AS_PROCESS = { process: true };

describe('the bin as a process: exit codes, stdout and stderr', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  test('exit 0: a created token; the report on stdout, nothing on stderr', async () => {
    const result = await world.pat(['create', '--name', 'basics_pat', '--expires-in', '30'], AS_PROCESS);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /BASICS_PAT/);
    assert.equal(result.stderr, '');
    assert.equal(typeof (await world.readConfig()).pat, 'string');
  });

  test('exit 3: expiring soon; the verdict on stdout, nothing on stderr', async () => {
    const result = await world.pat(['status', '--warn-days', '60'], AS_PROCESS);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stdout, /expires soon/);
    assert.equal(result.stderr, '');
  });

  test('exit 3 with --json: stdout is one JSON object (the human warning goes to stderr)', async () => {
    const result = await world.pat(['--json', 'status', '--warn-days', '60'], AS_PROCESS);
    assert.equal(result.code, 3, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { verdict: string }).verdict, 'expiring');
    assert.match(result.stderr, /expires soon/);
  });

  test('exit 2: bad input; the message on stderr, nothing on stdout, nothing sent', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['create', '--name', 'a b'], AS_PROCESS);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: .*not a valid token name/m);
    assert.equal(world.emulator.requests.length, 0);
  });

  test('exit 1: a failed admin login; the message on stderr, nothing on stdout', async () => {
    const result = await world.pat(['list'], { ...AS_PROCESS, env: { SNOWFLAKE_PASSWORD: 'not-the-password' } });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: /m);
  });

  test('exit 1 with --json: the failure is one JSON object on stdout', async () => {
    const result = await world.pat(['--json', 'status'], { ...AS_PROCESS, env: { SNOWFLAKE_PORT: '1' } });
    assert.equal(result.code, 1, result.stderr);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual([doc.ok, doc.exit_code], [false, 1]);
    assert.match(String(doc.message), /Cannot reach Snowflake/);
  });

  test('--help on stdout with exit 0; an unknown command on stderr with exit 2', async () => {
    const help = await world.pat(['--help'], AS_PROCESS);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: pat/);
    assert.equal(help.stderr, '');
    const unknown = await world.pat(['frobnicate'], AS_PROCESS);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /unknown command/);
  });
});
