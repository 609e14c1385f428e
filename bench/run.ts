/**
 * `npm run bench`: pat's performance, measured in one run on one machine and reported as ratios to baselines
 * measured in the same run (machines are shared and noisy; absolute numbers move, ratios much less).
 *
 *   node dist/bench/run.js [--runs N]      (default 7 fresh processes per measurement, plus one warm-up)
 *
 * Prints Markdown (the tables in BENCHMARKS.md) to stdout and progress to stderr. Sections:
 *  1. cold start: --help, --version, completion, a validation failure vs `node -e ''`;
 *  2. end to end against the emulator: create, rotate (with verify), list, test-connection vs bench/floor.ts,
 *     the same statements through snowflake-sdk with the same options and nothing else;
 *  3. HTTP requests per command, from the emulator's request record;
 *  4. rendering 15 and 10,000 tokens: `pat list` end to end (time, peak RSS) and the renderer in-process;
 *     `pat inventory` when it exists;
 *  5. where start-up time goes: the import cost of each dependency, and the packages `pat --help` loads.
 * Variants of one measurement run interleaved (round-robin, rotating the order) so drift hits them alike.
 * Exit code 0 unless a run failed; `--check` also exits 1 when a target is missed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, thermalSeed, type RecordedRequest, type RunningEmulator } from 'snowflake-pat-emulator';
import { cleanEnv } from '../test/helpers/cli.js';
import { packagesLoaded, readTrace, traceNodeOptions } from '../test/helpers/module-trace.js';
import { adminEnv, BASE_CONFIG } from '../test/helpers/world.js';
import { CLI, DIST, REFERENCE, expectCode, FLOOR, median, ms, ratio, RENDER, table, timeNode, type Run, type RunOptions } from './lib.js';
import { seedPats } from './rows.js';

const argv = process.argv.slice(2);
const RUNS = Math.max(1, Number(argv[argv.indexOf('--runs') + 1] ?? '') || Number(process.env.PAT_BENCH_RUNS) || 7);
const CHECK = argv.includes('--check');
const misses: string[] = [];

const progress = (text: string) => process.stderr.write(`[bench] ${text}\n`);
const out = (text = '') => process.stdout.write(`${text}\n`);

interface Variant {
  label: string;
  args: string[];
  options?: RunOptions;
  /** Expected exit code (default 0). */
  code?: number;
  /** Runs before each timed run (not timed): cleanup, fresh names. `i` counts runs of this variant. */
  before?: (i: number) => Promise<string[] | void>;
  /** Runs after each run (not timed). */
  after?: (run: Run, i: number) => Promise<void>;
}

/** A variant whose warm-up run takes longer than this is measured once (that run), not repeated: it is far off anyway. */
const SLOW_MS = 5_000;

/** One warm-up run of each variant (discarded), then `RUNS` interleaved rounds. */
async function measure(variants: Variant[], rounds = RUNS): Promise<Map<string, Run[]>> {
  const runs = new Map<string, Run[]>(variants.map((v) => [v.label, []]));
  const counts = new Map<string, number>();
  const slow = new Set<string>();
  for (let round = -1; round < rounds; round++) {
    const order = variants.map((_, k) => variants[(k + Math.max(round, 0)) % variants.length]!);
    for (const v of order) {
      if (slow.has(v.label)) continue;
      const i = counts.get(v.label) ?? 0;
      counts.set(v.label, i + 1);
      const extra = (await v.before?.(i)) ?? [];
      const run = expectCode(await timeNode([...v.args, ...extra], v.options), v.code ?? 0, v.label);
      await v.after?.(run, i);
      if (round >= 0) runs.get(v.label)!.push(run);
      else if (run.ms > SLOW_MS) {
        slow.add(v.label);
        runs.get(v.label)!.push(run);
      }
    }
  }
  return runs;
}

const med = (runs: Run[] | undefined) => median((runs ?? []).map((r) => r.ms));
const medPeak = (runs: Run[] | undefined) => median((runs ?? []).map((r) => r.peakMiB ?? Number.NaN));
const verdict = (ok: boolean, what: string) => {
  if (!ok) misses.push(what);
  return ok ? 'met' : '**not met**';
};

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `pat-bench-${prefix}-`));
}

// ---------------------------------------------------------------------------------------------------------------
// 1. cold start

async function coldStart(): Promise<void> {
  progress('cold start');
  const dir = await tempDir('cold');
  const options: RunOptions = { cwd: dir, env: cleanEnv({ HOME: dir }) };
  const probe = await timeNode([CLI, 'completion', 'bash'], options);
  const hasCompletion = probe.code === 0 && probe.stdout.length > 0;
  const variants: Variant[] = [
    { label: "node -e ''", args: ['-e', ''], options },
    { label: 'reference: an empty ES module', args: [path.join(REFERENCE, 'empty.js')], options },
    { label: 'reference: commander alone, --version', args: [path.join(REFERENCE, 'commander-version.js'), '--version'], options },
    { label: "reference: a lazy main.ts's start-up graph (commander, Io/chalk, errors, sql), --version", args: [path.join(REFERENCE, 'light-startup.js'), '--version'], options },
    { label: 'pat --help', args: [CLI, '--help'], options },
    { label: 'pat --version', args: [CLI, '--version'], options },
    { label: 'pat create --name t --expires-in 0 (validation failure, exit 2)', args: [CLI, 'create', '--name', 't', '--expires-in', '0'], options, code: 2 },
  ];
  if (hasCompletion) variants.push({ label: 'pat completion bash', args: [CLI, 'completion', 'bash'], options });
  const runs = await measure(variants);
  await rm(dir, { recursive: true, force: true });

  const base = med(runs.get(variants[0]!.label));
  out(`### Cold start (median of ${RUNS} fresh processes; target ≤ 1.50× \`node -e ''\`)`);
  out();
  const rows = variants.map((v, k) => {
    const m = med(runs.get(v.label));
    const check = k === 0 ? 'baseline' : v.label.startsWith('reference') ? 'reference (no target)' : verdict(m / base <= 1.5, `cold start: ${v.label} is ${ratio(m, base)} node -e ''`);
    return [`\`${v.label}\``, ms(m), k === 0 ? '1.00×' : ratio(m, base), check];
  });
  if (!hasCompletion) rows.push(['`pat completion bash`', '—', '—', 'not measured: the command does not exist yet']);
  out(table(['command', 'median', 'ratio', 'target'], rows));
  out();
}

// ---------------------------------------------------------------------------------------------------------------
// 2 + 3. networked commands end to end, and their requests

interface Bench {
  emulator: RunningEmulator;
  dir: string;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

async function benchWorld(seed = thermalSeed(), config: Record<string, unknown> = {}): Promise<Bench> {
  const emulator = await startEmulator({ seed });
  const dir = await tempDir('world');
  await writeFile(path.join(dir, 'snowflake_config.json'), JSON.stringify({ ...BASE_CONFIG, url: emulator.url, ...config }, null, 2) + '\n', { mode: 0o600 });
  return {
    emulator,
    dir,
    env: cleanEnv(adminEnv(emulator, dir)),
    close: async () => {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Keeps the user under the 15-token limit: removes every token but the one the config holds (no HTTP, not recorded). */
async function prune(bench: Bench): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const config = JSON.parse(await readFile(path.join(bench.dir, 'snowflake_config.json'), 'utf8')) as { pat_name?: string };
  const tokens = await bench.emulator.runAs('ADMIN', 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC');
  for (const t of tokens) {
    const name = String(t.name);
    if (name.toUpperCase() !== config.pat_name?.toUpperCase()) {
      await bench.emulator.runAs('ADMIN', `ALTER USER THERMAL_SVC REMOVE PROGRAMMATIC ACCESS TOKEN ${name}`);
    }
  }
}

function requestSummary(requests: RecordedRequest[]): string {
  const count = (kind: string) => requests.filter((r) => r.kind === kind).length;
  const other = requests.filter((r) => !['login', 'query', 'logout', 'telemetry'].includes(r.kind)).map((r) => r.kind);
  return `${count('login')} login, ${count('query')} query, ${count('logout')} logout, ${count('telemetry')} telemetry${other.length ? `, other: ${other.join(' ')}` : ''}`;
}

const normaliseSql = (sql: string) => sql.replace(/\bBENCH_[A-Z]_\d+\b/gi, '<name>');

async function networked(): Promise<void> {
  progress('networked commands end to end');
  const bench = await benchWorld();
  const options: RunOptions = { cwd: bench.dir, env: bench.env };
  const recorded = new Map<string, RecordedRequest[][]>();
  const record = (label: string) => async () => {
    const list = recorded.get(label) ?? [];
    list.push(bench.emulator.requests.map((r) => ({ ...r })));
    recorded.set(label, list);
    bench.emulator.clearRequests();
    bench.emulator.clock.advance(1000); // rotated tokens are named after the (frozen) emulator clock
    await prune(bench);
  };
  const pair = (command: string, patArgs: string[], floorArgs: string[], name?: (who: string, i: number) => string): Variant[] =>
    (['pat', 'floor'] as const).map((who) => {
      const label = `${who} ${command}`;
      return {
        label,
        args: who === 'pat' ? [CLI, ...patArgs] : [FLOOR, ...floorArgs],
        options,
        before: async (i: number) => {
          bench.emulator.clearRequests();
          if (!name) return [];
          return who === 'pat' ? ['--name', name(who, i)] : [name(who, i)];
        },
        after: record(label),
      };
    });

  const commands: { command: string; variants: Variant[]; minimum: string; logins: number }[] = [
    { command: 'create', variants: pair('create', ['create', '--expires-in', '90'], ['create'], (who, i) => `BENCH_${who === 'pat' ? 'P' : 'F'}_${i}`), minimum: '1 login, 1 query, 1 logout, 0 telemetry', logins: 1 },
    { command: 'rotate', variants: pair('rotate', ['rotate'], ['rotate']), minimum: '2 login, 2 query, 2 logout, 0 telemetry', logins: 2 },
    { command: 'list', variants: pair('list', ['list'], ['list']), minimum: '1 login, 1 query, 1 logout, 0 telemetry', logins: 1 },
    { command: 'test-connection', variants: pair('test-connection', ['test-connection'], ['test-connection']), minimum: '1 login, 1 query, 1 logout, 0 telemetry', logins: 1 },
  ];
  const timing: string[][] = [];
  const requests: string[][] = [];
  for (const c of commands) {
    progress(`  ${c.command}`);
    const runs = await measure(c.variants);
    const patMs = med(runs.get(`pat ${c.command}`));
    const floorMs = med(runs.get(`floor ${c.command}`));
    timing.push([
      `\`pat ${c.command}\`${c.command === 'rotate' ? ' (verify on)' : ''}`,
      ms(patMs),
      ms(floorMs),
      `${(patMs - floorMs).toFixed(0)} ms`,
      ratio(patMs, floorMs),
      verdict(patMs / floorMs <= 1.05, `end to end: pat ${c.command} is ${ratio(patMs, floorMs)} the raw-driver floor`),
    ]);
    const patRecords = recorded.get(`pat ${c.command}`) ?? [];
    const floorRecords = recorded.get(`floor ${c.command}`) ?? [];
    const patSummaries = new Set(patRecords.map(requestSummary));
    const patSummary = [...patSummaries].join(' / ');
    const floorSummary = [...new Set(floorRecords.map(requestSummary))].join(' / ');
    const patSql = new Set(patRecords.map((r) => r.filter((q) => q.kind === 'query').map((q) => normaliseSql(q.sqlText ?? '')).join('; ')));
    const floorSql = new Set(floorRecords.map((r) => r.filter((q) => q.kind === 'query').map((q) => normaliseSql(q.sqlText ?? '')).join('; ')));
    const sameSql = patSql.size === 1 && floorSql.size === 1 && [...patSql][0] === [...floorSql][0];
    const logins = Math.max(...patRecords.map((r) => r.filter((q) => q.kind === 'login').length));
    const ok = patSummaries.size === 1 && patSummary === c.minimum && sameSql && logins <= c.logins;
    requests.push([
      `\`pat ${c.command}\``,
      patSummary,
      floorSummary,
      c.minimum,
      sameSql ? 'yes' : `**no**: pat ${[...patSql].join(' | ')}; floor ${[...floorSql].join(' | ')}`,
      verdict(ok, `requests: pat ${c.command} sends ${patSummary} (minimum ${c.minimum})`),
    ]);
  }
  await bench.close();

  out(`### End to end against the emulator (median of ${RUNS} fresh processes; target ≤ 1.05× the raw-driver floor)`);
  out();
  out('The floor is `bench/floor.ts`: snowflake-sdk imported the same way, the same connection options, the same statements, logins and logouts, the same config write, nothing else.');
  out();
  out(table(['command', 'pat', 'floor', 'pat − floor', 'ratio', 'target'], timing));
  out();
  out(`### HTTP requests per command (emulator request record, every measured run)`);
  out();
  out(table(['command', 'pat', 'floor', 'minimum', 'same statements as floor', 'target'], requests));
  out();
}

// ---------------------------------------------------------------------------------------------------------------
// 4. rendering

async function rendering(): Promise<void> {
  const sizes = [15, 10_000];
  const now = Date.now();
  const rows: string[][] = [];
  const probeDir = await tempDir('inv');
  const inventoryProbe = await timeNode([CLI, 'inventory', '--help'], { cwd: probeDir, env: cleanEnv({ HOME: probeDir }) });
  await rm(probeDir, { recursive: true, force: true });
  // `pat inventory --help` also exits 0 without the command (commander shows the program's help), so look at the usage line.
  const hasInventory = inventoryProbe.code === 0 && /Usage: pat inventory/.test(inventoryProbe.stdout);

  const row = (label: string, size: number, runs: Map<string, Run[]>, patLabel: string, floorLabel: string) => {
    const lines = runs.get(patLabel)![0]!.stdout.trim().split('\n').length;
    const patMs = med(runs.get(patLabel));
    const floorMs = med(runs.get(floorLabel));
    rows.push([
      `${label}, ${size.toLocaleString('en-US')} tokens (${lines} lines out)`,
      ms(patMs),
      ms(floorMs),
      `${(patMs - floorMs).toFixed(0)} ms`,
      ratio(patMs, floorMs),
      `${medPeak(runs.get(patLabel)).toFixed(0)} MiB`,
      `${medPeak(runs.get(floorLabel)).toFixed(0)} MiB`,
      size >= 10_000 ? verdict(patMs - floorMs < 1000, `${label} with ${size} rows: pat adds ${(patMs - floorMs).toFixed(0)} ms over fetching them`) : '—',
    ]);
  };

  for (const size of sizes) {
    progress(`rendering: pat list with ${size} tokens`);
    const bench = await benchWorld({ ...thermalSeed(), pats: seedPats(size, now) }, { pat_name: 'BENCH_TOKEN_00000' });
    const options: RunOptions = { cwd: bench.dir, env: bench.env, probeRss: true };
    const clear = async () => void bench.emulator.clearRequests();
    const runs = await measure([
      { label: 'pat list', args: [CLI, 'list'], options, before: clear },
      { label: 'floor list', args: [FLOOR, 'list'], options, before: clear },
    ]);
    row('`pat list`', size, runs, 'pat list', 'floor list');
    await bench.close();
  }
  if (hasInventory) {
    for (const size of sizes) {
      progress(`rendering: pat inventory with ${size} tokens`);
      const bench = await benchWorld();
      bench.emulator.seedTokens(size);
      const options: RunOptions = { cwd: bench.dir, env: bench.env, probeRss: true };
      // The floor runs the statement pat sent (taken from the emulator's record of pat's first run).
      bench.emulator.clearRequests();
      const first = expectCode(await timeNode([CLI, 'inventory'], options), 0, 'pat inventory');
      const sql = bench.emulator.requests.find((r) => r.kind === 'query')?.sqlText ?? '';
      if (!sql || first.code !== 0) throw new Error('pat inventory sent no statement');
      const clear = async () => void bench.emulator.clearRequests();
      const runs = await measure([
        { label: 'pat inventory', args: [CLI, 'inventory'], options, before: clear },
        { label: 'floor inventory', args: [FLOOR, 'query', sql], options, before: clear },
      ]);
      row('`pat inventory`', size, runs, 'pat inventory', 'floor inventory');
      await bench.close();
    }
  }

  progress('rendering: renderers in-process');
  const renderVariants: Variant[] = [];
  for (const kind of hasInventory ? ['list', 'inventory'] : ['list']) {
    for (const size of sizes) {
      for (const mode of ['plain', 'boxed']) renderVariants.push({ label: `${kind} ${size} ${mode}`, args: [RENDER, kind, String(size), mode] });
    }
  }
  const renderRuns = await measure(renderVariants);
  const inProcess = renderVariants.map((v) => {
    const [kind, size, mode] = v.label.split(' ');
    const results = renderRuns.get(v.label)!.map((r) => JSON.parse(r.stdout) as { ms: number; peakMiB: number; bytes: number });
    const m = median(results.map((r) => r.ms));
    const once = RUNS > 1 && results.length === 1 ? ' (1 run: over 5 s, not repeated)' : '';
    const renderer = kind === 'list' ? '`renderTokens` (list)' : '`renderInventory` (inventory)';
    const how = mode === 'plain' ? 'piped (plain columns)' : 'terminal (boxed, renderGrid, colour)';
    return [
      `${renderer}, ${Number(size).toLocaleString('en-US')} rows, ${how}${once}`,
      ms(m),
      `${median(results.map((r) => r.peakMiB)).toFixed(0)} MiB`,
      `${(results[0]!.bytes / 1024).toFixed(0)} KiB`,
      Number(size) >= 10_000 ? verdict(m < 1000, `${renderer} with ${size} rows, ${how}, takes ${ms(m)}`) : '—',
    ];
  });

  out(`### Rendering 15 and 10,000 tokens (median of ${RUNS} fresh processes; target: 10,000 rows in under 1 s)`);
  out();
  out('End to end against an emulator holding that many tokens, stdout piped; the floor fetches the same rows with the same statement. ' +
    '`pat list`: one user seeded with N tokens (seeding bypasses the 15-per-user limit, which only ADD enforces); ' +
    '`pat inventory`: `emulator.seedTokens(N)` (15 per synthetic user) in ACCOUNT_USAGE.CREDENTIALS. ' +
    'pat − floor is what pat adds on top of fetching the rows (its own start-up, parsing, sorting, rendering, redacting, writing); ' +
    'peak RSS from getrusage via `--import dist/bench/rss-probe.js`, on both sides.');
  out();
  if (!hasInventory) {
    misses.push('pat inventory: not measured, the command does not exist yet');
    rows.push(['`pat inventory`, 15 and 10,000 tokens', '—', '—', '—', '—', '—', '—', '**TODO**: `pat inventory` does not exist yet']);
  }
  out(table(['command', 'pat', 'floor', 'pat − floor', 'ratio', 'pat peak RSS', 'floor peak RSS', 'target'], rows));
  out();
  out('The renderers alone (`bench/render.ts`: rows → records, sort, render, `io.out` through the redactor, into a sink), in a fresh process each time; a terminal is 120 columns with colour:');
  out();
  out(table(['renderer', 'time', 'process peak RSS', 'output', 'target'], inProcess));
  out();
}

// ---------------------------------------------------------------------------------------------------------------
// 5. where start-up time goes

async function attribution(): Promise<void> {
  progress('attribution: import cost per dependency');
  const modules = ['commander', 'chalk', 'cli-table3', 'zod', 'smol-toml', 'yaml', 'proper-lockfile', 'ora', 'snowflake-sdk', path.join(DIST, 'src', 'main.js')];
  const dir = await tempDir('imports');
  const variants: Variant[] = modules.map((m) => ({
    label: m,
    args: ['--input-type=module', '-e', `const s = performance.now(); await import(${JSON.stringify(m.startsWith('/') ? `file://${m}` : m)}); process.stdout.write(String(performance.now() - s));`],
    options: { cwd: path.join(DIST, '..'), env: { ...cleanEnv({ HOME: dir }), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  }));
  const runs = await measure(variants, Math.min(RUNS, 5));

  const traceFile = path.join(dir, 'trace.txt');
  expectCode(await timeNode([CLI, '--help'], { cwd: dir, env: { ...cleanEnv({ HOME: dir }), NODE_OPTIONS: traceNodeOptions(traceFile) } }), 0, 'traced --help');
  const loaded = packagesLoaded(await readTrace(traceFile));
  await rm(dir, { recursive: true, force: true });

  out(`### Where start-up time goes (import alone, in-process \`performance.now()\`, median of ${Math.min(RUNS, 5)} fresh processes)`);
  out();
  out(table(['module', 'import time', 'loaded by `pat --help`'], modules.map((m) => {
    const t = median(runs.get(m)!.map((r) => Number(r.stdout)));
    const name = m.startsWith('/') ? 'dist/src/main.js (the whole program, not run)' : m;
    const files = loaded.get(m);
    return [`\`${name}\``, ms(t), m.startsWith('/') ? 'yes' : files ? `yes (${files} files)` : 'no'];
  })));
  out();
  out(`Packages \`pat --help\` loads: ${[...loaded].map(([name, n]) => `${name} (${n})`).join(', ')}.`);
  out();
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  out(`## Results`);
  out();
  out(`Machine: ${os.availableParallelism()} CPUs (nproc) × ${cpus[0]?.model ?? 'unknown'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ` +
    `Node ${process.version} (${process.platform}-${process.arch}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start; ` +
    `${new Date().toISOString().slice(0, 16)}Z; ${RUNS} measured runs per row after one warm-up.`);
  out();
  await coldStart();
  await networked();
  await rendering();
  await attribution();
  out(`Total benchmark time ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  out();
  if (misses.length) {
    out('Targets not met:');
    for (const m of misses) out(`- ${m}`);
  } else out('All targets met.');
  if (CHECK && misses.length) process.exitCode = 1;
}

await main();
