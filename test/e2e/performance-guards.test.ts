/**
 * Performance guards that do not time anything (timings live in `npm run bench`, see BENCHMARKS.md):
 *  - what users run is the bundle: package.json's bin points at dist/bundle/cli.js (the file these tests run),
 *    there are no runtime dependencies, the driver sits in exactly one chunk and no left-out package is inside;
 *  - the driver chunk is not loaded by --help, --version, completion or validation failures, detected black-box
 *    with a module trace (an ESM resolve hook plus require.cache at exit, chunks expanded into the modules they
 *    hold, see ../helpers/module-trace.ts); a networked command is the positive control and must load it;
 *  - nothing is ever read from node_modules: the bundle is self-contained;
 *  - --help, --version, completion and flag validation failures load only pat's light modules (main, cli, the
 *    command table and modules, the provider registry and a provider's index of lazy verbs, the SQL name validators,
 *    Io, help): none of the providers'
 *    work, config/*, connection/*, delivery/*, fleet/*, the grid/audit/spinner renderers or the driver wrapper;
 *    a networked command is the positive control and must load the provider's verb module and the driver wrapper;
 *  - each networked command sends the minimum requests: login + its statements + logout, no telemetry.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CLI_PATH } from '../helpers/cli.js';
import { BUNDLE_DIR, bundleMeta, chunksWithPackage, readTrace, snowflakeSdkLoaded, traceNodeOptions, type ModuleTrace } from '../helpers/module-trace.js';
import { startWorld, type World } from '../helpers/world.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the published program is the bundle', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

  test("package.json's bin is dist/bundle/cli.js, the file the child-process tests run, with pat's shebang", () => {
    assert.deepEqual(pkg.bin, { pat: 'dist/bundle/cli.js' });
    assert.equal(CLI_PATH, path.join(BUNDLE_DIR, 'cli.js'));
    assert.match(readFileSync(CLI_PATH, 'utf8').split('\n')[0] ?? '', /^#!\/usr\/bin\/env -S node --$/);
    assert.ok((pkg.files as string[]).includes('dist/bundle/'), 'the bundle is published');
  });

  test('no runtime dependencies: every package is inside the bundle', () => {
    assert.equal(pkg.dependencies, undefined);
  });

  test('the driver is in exactly one chunk, which is not the entry', () => {
    const driver = chunksWithPackage('snowflake-sdk');
    assert.equal(driver.length, 1, `chunks holding snowflake-sdk: ${driver.join(', ')}`);
    assert.notEqual(driver[0], 'cli.js');
  });

  test('no left-out package is inside; each left-out package the driver asks for is a stub', () => {
    const { leftOut, metafile } = bundleMeta();
    const inputs = Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    const leftOutPattern = (name: string) => leftOut.some((e) => new RegExp(e.pattern).test(name));
    const packages = new Set(inputs.map((i) => /^node_modules\/(?:.*\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(i)?.[1]).filter(Boolean) as string[]);
    assert.deepEqual([...packages].filter(leftOutPattern), []);
    // Positive control: the stubs are there (so the driver's requires of these packages were seen and replaced).
    for (const name of ['@azure/storage-blob', '@aws-sdk/client-s3', '@azure/identity', 'google-auth-library', 'winston']) {
      assert.ok(inputs.includes(`left-out:${name}`), `no stub for ${name}`);
    }
  });
});

/** Bundle chunks that hold the driver and were loaded. */
function driverChunksLoaded(trace: ModuleTrace): string[] {
  const driver = new Set(chunksWithPackage('snowflake-sdk'));
  return trace.chunks.filter((c) => driver.has(c));
}

/** Files the process read from node_modules on disk (none: the bundle is self-contained). */
function fromNodeModules(trace: ModuleTrace): string[] {
  return [...trace.resolved, ...trace.cjs].filter((f) => /[\\/]node_modules[\\/]/.test(f));
}

let traceSeq = 0;

interface Traced {
  code: number | null;
  stdout: string;
  stderr: string;
  trace: ModuleTrace;
  /** Requests the emulator received during the run. */
  requests: number;
}

/**
 * Each distinct command line is traced once per file (a child process with the trace hook costs about half a
 * second of CPU): the suites below ask different questions of the same trace. A run against the suite's own
 * world, the first time; the requests it caused are counted then.
 */
const traces = new Map<string, Promise<Traced>>();

function traced(world: World, args: string[]): Promise<Traced> {
  const key = JSON.stringify(args);
  let run = traces.get(key);
  if (!run) {
    run = (async () => {
      const file = path.join(world.dir, `module-trace-${traceSeq++}.txt`);
      const before = world.emulator.requests.length;
      const result = await world.pat(args, { env: { NODE_OPTIONS: traceNodeOptions(file) }, process: true });
      return { ...result, trace: await readTrace(file), requests: world.emulator.requests.length - before };
    })();
    traces.set(key, run);
  }
  return run;
}

/** The trace saw the program start and end, and saw pat's entry (and, unless it is --version, commander). */
function assertTraceWorked(trace: ModuleTrace, args: string[] = []): void {
  assert.ok(trace.started, 'the trace registration did not run');
  assert.ok(trace.exited, 'the trace exit handler did not run');
  assert.ok(trace.chunks.includes('cli.js'), 'the resolve hook did not see the entry');
  if (isVersion(args)) return;
  assert.ok(trace.esm.some((url) => /[\\/]node_modules[\\/]commander[\\/]/.test(url)), 'the resolve hook did not see commander');
}

/** `pat --version` alone is answered by cli.ts before the program is loaded. */
function isVersion(args: string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}

describe('snowflake-sdk is loaded only by commands that talk to Snowflake', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  const offline: { name: string; args: string[]; code: number; output?: RegExp }[] = [
    { name: '--help', args: ['--help'], code: 0, output: /Usage: pat/ },
    { name: '--version', args: ['--version'], code: 0, output: /^\d+\.\d+\.\d+\n$/ },
    { name: '-V after a global option (through commander)', args: ['--no-color', '-V'], code: 0, output: /^\d+\.\d+\.\d+\n$/ },
    { name: 'create --help', args: ['create', '--help'], code: 0, output: /Usage: pat create/ },
    { name: 'a bad --expires-in', args: ['create', '--name', 't', '--expires-in', '0'], code: 2, output: /--expires-in must be from 1 to 365/ },
    { name: 'a bad token name', args: ['rotate', '--name', 'a b'], code: 2, output: /not a valid token name/ },
    { name: 'a bad --timeout', args: ['--timeout', '0', 'list'], code: 2, output: /--timeout must be from 1/ },
    { name: 'an unknown command', args: ['frobnicate'], code: 2, output: /unknown command/ },
    { name: 'revoke without --yes', args: ['revoke', '--name', 't'], code: 2, output: /--yes/ },
  ];
  for (const row of offline) {
    test(`${row.name}: not loaded, nothing sent`, async () => {
      const result = await traced(world, row.args);
      assert.equal(result.code, row.code, result.stderr);
      if (row.output) assert.match(result.stdout + result.stderr, row.output);
      assertTraceWorked(result.trace, row.args);
      assert.deepEqual(driverChunksLoaded(result.trace), []);
      assert.deepEqual(snowflakeSdkLoaded(result.trace), { esm: false, cjs: false });
      assert.deepEqual(fromNodeModules(result.trace), []);
      assert.equal(result.requests, 0);
    });
  }

  test('completion bash: not loaded', async () => {
    const result = await traced(world, ['completion', 'bash']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /complete/);
    assertTraceWorked(result.trace);
    assert.deepEqual(driverChunksLoaded(result.trace), []);
    assert.deepEqual(snowflakeSdkLoaded(result.trace), { esm: false, cjs: false });
  });

  test('positive control: a networked command (list) loads the one driver chunk, and nothing from node_modules', async () => {
    const result = await traced(world, ['list']);
    assert.equal(result.code, 0, result.stderr);
    assertTraceWorked(result.trace);
    assert.deepEqual(driverChunksLoaded(result.trace), chunksWithPackage('snowflake-sdk'));
    assert.deepEqual(snowflakeSdkLoaded(result.trace), { esm: true, cjs: false });
    assert.deepEqual(fromNodeModules(result.trace), []);
  });
});

/** dist/src, where the CLI under test lives (this file is dist/test/e2e/…). */
const SRC_DIR = fileURLToPath(new URL('../../src/', import.meta.url));

/** pat's own modules the process loaded, as paths relative to dist/src with forward slashes ("commands/list.js"). */
function ownModules(trace: ModuleTrace): string[] {
  const files = trace.esm.filter((u) => u.startsWith('file://')).map((u) => fileURLToPath(u));
  const own = files.filter((f) => f.startsWith(SRC_DIR)).map((f) => path.relative(SRC_DIR, f).split(path.sep).join('/'));
  return [...new Set(own)].sort();
}

/** Everything --help, --version, completion and a flag validation failure may load of pat's own code. */
const START_UP_MODULES = new Set([
  'cli.js',
  'main.js',
  'errors.js',
  'commands/command.js',
  'commands/table.js',
  'commands/apply.js',
  'commands/audit.js',
  'commands/completion.js',
  'commands/create.js',
  'commands/demo.js',
  'commands/doctor.js',
  'commands/emulator.js',
  'commands/list.js',
  'commands/modify.js',
  'commands/plan.js',
  'commands/revoke.js',
  'commands/rotate.js',
  'commands/status.js',
  'commands/test-connection.js',
  'config/names.js',
  'kernel/numbers.js',
  'kernel/quote.js',
  'kernel/text.js',
  'output/colours.js',
  'output/help.js',
  'output/io.js',
  'output/redact.js',
  'providers/provider.js',
  'providers/snowflake/index.js',
  'providers/snowflake/sql.js',
]);

/** The heavy machinery, named so a failure says which one crept onto the start-up path. */
const FORBIDDEN = [
  /^providers\/snowflake\/(?!(sql|index)\.js$)/,
  /^providers\/pangolin\//,
  /^delivery\//,
  /^config\/(?!names\.js$)/,
  /^connection\//,
  /^fleet\//,
  /^output\/(grid|audit|spinner|report|json-failure)\.js$/,
  /^emulator\//,
];

describe("start-up loads only pat's light modules", () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  const light: { name: string; args: string[]; code: number; output: RegExp }[] = [
    { name: '--help', args: ['--help'], code: 0, output: /Usage: pat/ },
    { name: '--version', args: ['--version'], code: 0, output: /^\d+\.\d+\.\d+\n$/ },
    { name: '-V after a global option (through commander)', args: ['--no-color', '-V'], code: 0, output: /^\d+\.\d+\.\d+\n$/ },
    { name: 'create --help', args: ['create', '--help'], code: 0, output: /Usage: pat create/ },
    { name: 'completion bash', args: ['completion', 'bash'], code: 0, output: /complete/ },
    { name: 'a bad --expires-in', args: ['create', '--name', 't', '--expires-in', '0'], code: 2, output: /--expires-in must be from 1 to 365/ },
    { name: 'a bad token name', args: ['rotate', '--name', 'a b'], code: 2, output: /not a valid token name/ },
    { name: 'a bad --warn-days', args: ['status', '--warn-days', '400'], code: 2, output: /--warn-days must be from 0 to 365/ },
    { name: 'rename without --to', args: ['rename', '--name', 't'], code: 2, output: /--to is required/ },
    { name: 'a bad --days', args: ['usage', '--days', '0'], code: 2, output: /--days must be from 1/ },
    { name: 'a bad --timeout', args: ['--timeout', '0', 'list'], code: 2, output: /--timeout must be from 1/ },
    { name: 'an unknown command', args: ['frobnicate'], code: 2, output: /unknown command/ },
  ];
  for (const row of light) {
    test(`${row.name}: only start-up modules`, async () => {
      const result = await traced(world, row.args);
      assert.equal(result.code, row.code, result.stderr);
      assert.match(result.stdout + result.stderr, row.output);
      assertTraceWorked(result.trace, row.args);
      const loaded = ownModules(result.trace);
      if (isVersion(row.args)) {
        assert.deepEqual(loaded, ['cli.js'], 'pat --version loads nothing but the entry');
        return;
      }
      assert.ok(loaded.includes('main.js') && loaded.includes('commands/table.js'), `the trace did not see pat's own modules: ${loaded.join(', ')}`);
      const forbidden = loaded.filter((m) => FORBIDDEN.some((re) => re.test(m)));
      assert.deepEqual(forbidden, [], `heavy modules loaded: ${forbidden.join(', ')}`);
      const unexpected = loaded.filter((m) => !START_UP_MODULES.has(m));
      assert.deepEqual(unexpected, [], `modules outside the start-up allow-list: ${unexpected.join(', ')}`);
    });
  }

  test('positive control: a networked command (list) loads the provider, its list module and the driver wrapper', async () => {
    const result = await traced(world, ['list']);
    assert.equal(result.code, 0, result.stderr);
    assertTraceWorked(result.trace);
    const loaded = ownModules(result.trace);
    for (const m of ['providers/snowflake/index.js', 'providers/snowflake/list.js', 'providers/snowflake/sessions.js', 'config/index.js', 'providers/snowflake/client.js']) {
      assert.ok(loaded.includes(m), `${m} not in the trace of list: ${loaded.join(', ')}`);
    }
  });
});

describe('zod loads only to word the problems of an invalid config', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  test('a valid config (list): zod is not loaded', async () => {
    const result = await traced(world, ['list']);
    assert.equal(result.code, 0, result.stderr);
    assertTraceWorked(result.trace);
    assert.ok(result.trace.chunks.some((c) => chunksWithPackage('snowflake-sdk').includes(c)), 'list did not reach the driver');
    assert.deepEqual(result.trace.chunks.filter((c) => chunksWithPackage('zod').includes(c)), []);
  });

  test('positive control: an invalid config loads zod (lazy-zod.cjs) and names the field', async () => {
    const bad = path.join(world.dir, 'bad_config.json');
    await writeFile(bad, JSON.stringify({ user: 5, account: 'A' }), { mode: 0o600 });
    const result = await traced(world, ['--config', bad, 'list']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /field "user" must be a string/);
    assert.deepEqual(result.trace.chunks.filter((c) => chunksWithPackage('zod').includes(c)), ['lazy-zod.cjs']);
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

  test('rotate with verify: two logins (admin, then the new PAT inside the admin session), ROTATE, one SELECT, one SHOW', async () => {
    world.emulator.clearRequests();
    const result = await world.pat(['rotate']);
    assert.equal(result.code, 0, result.stderr);
    // The admin session stays open while the new secret is verified, then reads the token back (expiry, grace).
    assert.deepEqual(kinds(), ['login', 'query', 'login', 'query', 'logout', 'query', 'logout']);
    assert.equal(world.emulator.requests.filter((r) => r.kind === 'login').length, 2);
    assert.equal(world.emulator.requests[2]?.authenticator, 'PROGRAMMATIC_ACCESS_TOKEN');
    const sql = world.sql();
    assert.equal(sql.length, 3);
    assert.match(sql[0] ?? '', /ROTATE PROGRAMMATIC ACCESS TOKEN/);
    assert.match(sql[1] ?? '', /^SELECT CURRENT_USER\(\)/);
    assert.match(sql[2] ?? '', /^SHOW USER PROGRAMMATIC ACCESS TOKENS/);
  });

  test('rotate --no-verify: one login, ROTATE and SHOW', async () => {
    world.emulator.clock.advance(1000);
    world.emulator.clearRequests();
    const result = await world.pat(['rotate', '--no-verify']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(kinds(), ['login', 'query', 'query', 'logout']);
  });
});
