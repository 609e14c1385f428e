/**
 * Performance guards that do not time anything (timings live in `npm run bench`, see BENCHMARKS.md):
 *  - snowflake-sdk (≈300 ms to load) is not loaded by --help, --version, completion or validation failures,
 *    detected black-box with a module trace (an ESM resolve hook plus require.cache at exit, see
 *    ../helpers/module-trace.ts); a networked command is the positive control and must show it loaded;
 *  - each networked command sends the minimum requests: login + its statements + logout, no telemetry.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readTrace, snowflakeSdkLoaded, traceNodeOptions, type ModuleTrace } from '../helpers/module-trace.js';
import { startWorld, type World } from '../helpers/world.js';

let traceSeq = 0;

async function traced(world: World, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; trace: ModuleTrace }> {
  const file = path.join(world.dir, `module-trace-${traceSeq++}.txt`);
  const result = await world.pat(args, { env: { NODE_OPTIONS: traceNodeOptions(file) } });
  return { ...result, trace: await readTrace(file) };
}

/** The trace saw the program start and end, and saw commander: it is not vacuous. */
function assertTraceWorked(trace: ModuleTrace): void {
  assert.ok(trace.started, 'the trace registration did not run');
  assert.ok(trace.exited, 'the trace exit handler did not run');
  assert.ok(trace.esm.some((url) => /[\\/]node_modules[\\/]commander[\\/]/.test(url)), 'the resolve hook did not see commander');
}

describe('snowflake-sdk is loaded only by commands that talk to Snowflake', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  const offline: { name: string; args: string[]; code: number; output?: RegExp }[] = [
    { name: '--help', args: ['--help'], code: 0, output: /Usage: pat/ },
    { name: '--version', args: ['--version'], code: 0, output: /^\d+\.\d+\.\d+/ },
    { name: 'create --help', args: ['create', '--help'], code: 0, output: /Usage: pat create/ },
    { name: 'a bad --expires-in', args: ['create', '--name', 't', '--expires-in', '0'], code: 2, output: /--expires-in must be from 1 to 365/ },
    { name: 'a bad token name', args: ['rotate', '--name', 'a b'], code: 2, output: /not a valid token name/ },
    { name: 'a bad --timeout', args: ['--timeout', '0', 'list'], code: 2, output: /--timeout must be from 1/ },
    { name: 'an unknown command', args: ['frobnicate'], code: 2, output: /unknown command/ },
    { name: 'revoke without --yes', args: ['revoke', '--name', 't'], code: 2, output: /--yes/ },
  ];
  for (const row of offline) {
    test(`${row.name}: not loaded, nothing sent`, async () => {
      world.emulator.clearRequests();
      const result = await traced(world, row.args);
      assert.equal(result.code, row.code, result.stderr);
      if (row.output) assert.match(result.stdout + result.stderr, row.output);
      assertTraceWorked(result.trace);
      assert.deepEqual(snowflakeSdkLoaded(result.trace), { esm: false, cjs: false });
      assert.equal(world.emulator.requests.length, 0);
    });
  }

  test('completion bash: not loaded', async (t) => {
    const probe = await world.pat(['completion', 'bash']);
    if (probe.code !== 0 || /unknown command/.test(probe.stderr)) {
      t.skip(`pat completion does not exist yet (exit ${probe.code}: ${probe.stderr.trim().split('\n')[0] ?? ''})`);
      return;
    }
    const result = await traced(world, ['completion', 'bash']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.length > 0);
    assertTraceWorked(result.trace);
    assert.deepEqual(snowflakeSdkLoaded(result.trace), { esm: false, cjs: false });
  });

  test('positive control: a networked command (list) loads it, and both detectors see it', async () => {
    const result = await traced(world, ['list']);
    assert.equal(result.code, 0, result.stderr);
    assertTraceWorked(result.trace);
    assert.deepEqual(snowflakeSdkLoaded(result.trace), { esm: true, cjs: true });
  });
});

describe('networked commands send the minimum requests', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  const kinds = () => world.emulator.requests.map((r) => r.kind);
  // Exact sequences, so a telemetry request (or any other) anywhere fails the test.
  const once = ['login', 'query', 'logout'];

  test('create: login, ADD, logout', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['create', '--name', 'guard_pat', '--expires-in', '30']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(kinds(), once);
    assert.match(world.sql()[0] ?? '', /ADD PROGRAMMATIC ACCESS TOKEN/);
  });

  test('list: login, one SHOW, logout', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['list']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(kinds(), once);
    assert.deepEqual(world.sql(), ['SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC']);
  });

  test('test-connection: login with the PAT, one SELECT, logout', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['test-connection']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(kinds(), once);
    assert.equal(world.emulator.requests[0]?.authenticator, 'PROGRAMMATIC_ACCESS_TOKEN');
    assert.match(world.sql()[0] ?? '', /^SELECT CURRENT_USER\(\)/);
  });

  test('rotate with verify: two logins (admin, then the new PAT), ROTATE and one SELECT, two logouts', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['rotate']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(kinds(), [...once, ...once]);
    assert.equal(world.emulator.requests.filter((r) => r.kind === 'login').length, 2);
    assert.equal(world.emulator.requests[3]?.authenticator, 'PROGRAMMATIC_ACCESS_TOKEN');
    const sql = world.sql();
    assert.equal(sql.length, 2);
    assert.match(sql[0] ?? '', /ROTATE PROGRAMMATIC ACCESS TOKEN/);
    assert.match(sql[1] ?? '', /^SELECT CURRENT_USER\(\)/);
  });

  test('rotate --no-verify: one login', async () => {
    world.emulator.clock.advance(1000); // rotated tokens are named after the emulator's (frozen) clock
    world.emulator.clearRequests();
    const result = await world.pat(['rotate', '--no-verify']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(kinds(), once);
  });
});
