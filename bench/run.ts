/**
 * `npm run bench`: pat's performance, measured in one run on one machine and reported as ratios to baselines
 * measured in the same run (machines are shared and noisy; absolute numbers move, ratios much less).
 *
 *   node dist/bench/run.js [--runs N] [--baseline <git ref>]   (default 7 fresh processes per measurement + a warm-up)
 *
 * What runs is the published program, the bundle (dist/bundle/cli.js). "Today's build" is the tree at BASELINE
 * (the last commit before the bundle), taken from git, compiled with tsc into a temp folder (cached per commit)
 * and run unbundled, as it shipped. Prints Markdown (the tables in BENCHMARKS.md) to stdout, progress to stderr:
 *  1. cold start: --help, --version, completion, a validation failure vs `node -e ''` (and today's build);
 *  2. end to end against the emulator: create, rotate (with verify), list, test-connection vs today's build and
 *     vs bench/floor.ts bundled the same way (the same statements through snowflake-sdk with the same options and
 *     nothing else), with peak RSS;
 *  3. HTTP requests per command, from the emulator's request record;
 *  4. rendering: `pat list` with 15 tokens (a user's maximum) and `pat inventory` with 15 and 10,000 end to end (time,
 *     peak RSS), and the renderers in-process with 15 and 10,000 rows;
 *     `pat inventory` when it exists;
 *  5. the published package: npm pack → install from the tarball into an empty folder → run; install footprint
 *     against today's (the runtime dependency closure of BASELINE's package.json);
 *  6. where start-up time goes: the chunks each path loads, and the import cost of each dependency unbundled.
 * Variants of one measurement run interleaved (round-robin, rotating the order) so drift hits them alike.
 * Exit code 0 unless a run failed; `--check` also exits 1 when a target is missed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import { startEmulator, thermalSeed, type RecordedRequest, type RunningEmulator } from 'snowflake-pat-emulator';
import { cleanEnv } from '../test/helpers/cli.js';
import { bundleMeta, chunkInputs, packagesLoaded, readTrace, traceNodeOptions } from '../test/helpers/module-trace.js';
import { adminEnv, BASE_CONFIG } from '../test/helpers/world.js';
import { CLI, DIST, REFERENCE, ROOT, expectCode, FLOOR, median, ms, ratio, RENDER, table, timeNode, type Run, type RunOptions } from './lib.js';
import { seedPats } from './rows.js';

const argv = process.argv.slice(2);
const RUNS = Math.max(1, Number(argv[argv.indexOf('--runs') + 1] ?? '') || Number(process.env.PAT_BENCH_RUNS) || 7);
const CHECK = argv.includes('--check');
const misses: string[] = [];
const exec = promisify(execFile);

/** "Today": the last commit before the bundle (issue #15 measures against it). `--baseline <ref>` overrides. */
const BASELINE = argv.includes('--baseline') ? argv[argv.indexOf('--baseline') + 1]! : '5f4d2f48f3bfa6e76ff38d4e5c7d231bea2f9930';

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
// 0. today's build, from git

interface Today {
  commit: string;
  dir: string;
  cli: string;
}

/** BASELINE's tree compiled with this checkout's tsc and node_modules (linked), cached in the temp folder. */
async function todaysBuild(): Promise<Today> {
  const commit = (await exec('git', ['rev-parse', `${BASELINE}^{commit}`], { cwd: ROOT })).stdout.trim();
  const dir = path.join(os.tmpdir(), `pat-bench-today-${commit.slice(0, 12)}`);
  const cli = path.join(dir, 'dist', 'src', 'cli.js');
  if (existsSync(path.join(dir, '.built'))) return { commit, dir, cli };
  progress(`today's build: ${commit.slice(0, 12)} from git, compiling with tsc into ${dir}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await exec('sh', ['-c', `git archive --format=tar ${commit} | tar -x -C "${dir}"`], { cwd: ROOT });
  // Its runtime dependencies are this checkout's (devDependencies now, same versions): link rather than install.
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await exec(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, 'tsconfig.json')], { cwd: dir });
  await writeFile(path.join(dir, '.built'), commit);
  return { commit, dir, cli };
}

// ---------------------------------------------------------------------------------------------------------------
// 1. cold start

async function coldStart(today: Today): Promise<void> {
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
    { label: "reference: today's build, pat --help", args: [today.cli, '--help'], options },
    { label: 'pat --version', args: [CLI, '--version'], options },
    { label: 'pat create --name t --expires-in 0 (validation failure, exit 2)', args: [CLI, 'create', '--name', 't', '--expires-in', '0'], options, code: 2 },
  ];
  if (hasCompletion) variants.push({ label: 'pat completion bash', args: [CLI, 'completion', 'bash'], options });
  const runs = await measure(variants);
  await rm(dir, { recursive: true, force: true });

  const base = med(runs.get(variants[0]!.label));
  out(`### Cold start (median of ${RUNS} fresh processes; target ≤ 1.50× \`node -e ''\`)`);
  out();
  out(`\`pat\` is the bundle (dist/bundle/cli.js); today's build is ${today.commit.slice(0, 12)}, compiled with tsc and run unbundled.`);
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

/** Takes `pat` / `pat_name` out of the bench config (not timed): the next create starts as for a new service. */
async function releaseConfigToken(bench: Bench): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const file = path.join(bench.dir, 'snowflake_config.json');
  const { pat: _pat, pat_name: _name, ...rest } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify(rest, null, 2) + '\n', { mode: 0o600 });
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

async function networked(today: Today): Promise<void> {
  progress('networked commands end to end');
  const bench = await benchWorld();
  const options: RunOptions = { cwd: bench.dir, env: bench.env, probeRss: true };
  const recorded = new Map<string, RecordedRequest[][]>();
  const record = (label: string) => async () => {
    const list = recorded.get(label) ?? [];
    list.push(bench.emulator.requests.map((r) => ({ ...r })));
    recorded.set(label, list);
    bench.emulator.clearRequests();
    bench.emulator.clock.advance(1000); // rotated tokens are named after the (frozen) emulator clock
    await prune(bench);
  };
  const letter = { pat: 'P', today: 'T', floor: 'F' } as const;
  const trio = (command: string, patArgs: string[], floorArgs: string[], named = false): Variant[] =>
    (['pat', 'today', 'floor'] as const).map((who) => {
      const label = `${who} ${command}`;
      return {
        label,
        args: who === 'floor' ? [FLOOR, ...floorArgs] : [who === 'pat' ? CLI : today.cli, ...patArgs],
        options,
        before: async (i: number) => {
          bench.emulator.clearRequests();
          if (!named) return [];
          // pat refuses to create into a config that holds a token (it would strand it): start each create from a
          // config without one, as a new service would. The last create's token stays for rotate, list and test.
          await releaseConfigToken(bench);
          const name = `BENCH_${letter[who]}_${i}`;
          return who === 'floor' ? [name] : ['--name', name];
        },
        after: record(label),
      };
    });

  const commands: { command: string; variants: Variant[]; minimum: string; logins: number }[] = [
    { command: 'create', variants: trio('create', ['create', '--expires-in', '90'], ['create'], true), minimum: '1 login, 1 query, 1 logout, 0 telemetry', logins: 1 },
    { command: 'rotate', variants: trio('rotate', ['rotate'], ['rotate']), minimum: '2 login, 2 query, 2 logout, 0 telemetry', logins: 2 },
    { command: 'list', variants: trio('list', ['list'], ['list']), minimum: '1 login, 1 query, 1 logout, 0 telemetry', logins: 1 },
    { command: 'test-connection', variants: trio('test-connection', ['test-connection'], ['test-connection']), minimum: '1 login, 1 query, 1 logout, 0 telemetry', logins: 1 },
  ];
  const timing: string[][] = [];
  const memory: string[][] = [];
  const requests: string[][] = [];
  for (const c of commands) {
    progress(`  ${c.command}`);
    const runs = await measure(c.variants);
    const patMs = med(runs.get(`pat ${c.command}`));
    const todayMs = med(runs.get(`today ${c.command}`));
    const floorMs = med(runs.get(`floor ${c.command}`));
    const label = `\`pat ${c.command}\`${c.command === 'rotate' ? ' (verify on)' : ''}`;
    timing.push([
      label,
      ms(patMs),
      ms(todayMs),
      ratio(patMs, todayMs),
      verdict(patMs / todayMs <= 0.5, `end to end: pat ${c.command} is ${ratio(patMs, todayMs)} today's build`),
      ms(floorMs),
      ratio(patMs, floorMs),
      verdict(patMs / floorMs <= 1.05, `end to end: pat ${c.command} is ${ratio(patMs, floorMs)} the bundled raw-driver floor`),
    ]);
    const patPeak = medPeak(runs.get(`pat ${c.command}`));
    const todayPeak = medPeak(runs.get(`today ${c.command}`));
    const floorPeak = medPeak(runs.get(`floor ${c.command}`));
    memory.push([
      label,
      `${patPeak.toFixed(0)} MiB`,
      `${todayPeak.toFixed(0)} MiB`,
      ratio(patPeak, todayPeak),
      `${floorPeak.toFixed(0)} MiB`,
      verdict(patPeak / todayPeak <= 0.7, `peak RSS: pat ${c.command} is ${ratio(patPeak, todayPeak)} today's build`),
    ]);
    const patRecords = recorded.get(`pat ${c.command}`) ?? [];
    const floorRecords = recorded.get(`floor ${c.command}`) ?? [];
    const todaySummary = [...new Set((recorded.get(`today ${c.command}`) ?? []).map(requestSummary))].join(' / ');
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
      todaySummary,
      floorSummary,
      c.minimum,
      sameSql ? 'yes' : `**no**: pat ${[...patSql].join(' | ')}; floor ${[...floorSql].join(' | ')}`,
      verdict(ok, `requests: pat ${c.command} sends ${patSummary} (minimum ${c.minimum})`),
    ]);
  }
  await bench.close();

  out(`### End to end against the emulator (median of ${RUNS} fresh processes; targets ≤ 0.50× today's build and ≤ 1.05× the bundled floor)`);
  out();
  out("Today's build: the tree before the bundle, compiled by tsc, run unbundled (what shipped). The floor is `bench/floor.ts` bundled with the same esbuild options and left-out stubs as pat: snowflake-sdk imported the same way, the same connection options and driver settings, the same statements, logins and logouts, the same config write, nothing else.");
  out();
  out(table(['command', 'pat', "today's build", 'pat ÷ today', 'target ≤ 0.50×', 'floor (bundled)', 'pat ÷ floor', 'target ≤ 1.05×'], timing));
  out();
  out(`### Peak RSS of the networked commands (getrusage via \`--import dist/bench/rss-probe.js\`, median; target ≤ 0.70× today)`);
  out();
  out(table(['command', 'pat', "today's build", 'pat ÷ today', 'floor (bundled)', 'target'], memory));
  out();
  out(`### HTTP requests per command (emulator request record, every measured run)`);
  out();
  out(table(['command', 'pat', "today's build", 'floor', 'minimum', 'same statements as floor', 'target'], requests));
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

  // A user holds at most 15 unexpired tokens (the emulator enforces Snowflake's maximum since #13), so `pat list`
  // is measured at 15; 10,000 rows are `pat inventory`'s (every user of the account) and the in-process renderers'.
  for (const size of [15]) {
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
    '`pat list`: one user seeded with 15 tokens (the per-user maximum); ' +
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
// 5. the published package

async function bytesIn(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(target)) total += await bytesIn(path.join(target, entry));
  return total;
}

/**
 * The packages `npm install --omit=dev` of today's package.json would install: its dependencies and theirs
 * (optional ones included, as npm installs them), resolved the way Node does from this checkout's node_modules,
 * which holds the same versions. Returns the package folders (nested node_modules excluded from each).
 */
async function runtimeClosure(packageJson: string): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (fromDir: string, name: string): Promise<void> => {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) {
        if (found.has(candidate)) return;
        found.add(candidate);
        const pkg = JSON.parse(await readFile(path.join(candidate, 'package.json'), 'utf8')) as { dependencies?: object; optionalDependencies?: object };
        for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) await visit(candidate, dep);
        return;
      }
      if (dir === path.dirname(dir)) return; // not installed (an optional dependency for another platform)
    }
  };
  const root = JSON.parse(await readFile(packageJson, 'utf8')) as { dependencies?: object };
  for (const dep of Object.keys(root.dependencies ?? {})) await visit(ROOT, dep);
  return [...found];
}

async function sizeWithoutNested(dirs: string[]): Promise<number> {
  let total = 0;
  for (const dir of dirs) {
    for (const entry of await readdir(dir)) if (entry !== 'node_modules') total += await bytesIn(path.join(dir, entry));
  }
  return total;
}

async function publishedPackage(today: Today): Promise<void> {
  progress('published package: npm pack, install from the tarball, run');
  const dir = await tempDir('pack');
  const npmEnv = { PATH: process.env.PATH, HOME: dir, npm_config_cache: path.join(dir, 'npm-cache'), npm_config_update_notifier: 'false' };
  const packed = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, env: npmEnv });
  const [info] = JSON.parse(packed.stdout) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
  const app = path.join(dir, 'app');
  await mkdir(app);
  await writeFile(path.join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
  const installStarted = performance.now();
  await exec('npm', ['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', path.join(dir, info!.filename)], { cwd: app, env: npmEnv });
  const installMs = performance.now() - installStarted;
  const installedBytes = await bytesIn(path.join(app, 'node_modules'));
  const installedPackages = (await readdir(path.join(app, 'node_modules'))).filter((n) => !n.startsWith('.'));
  const installedCli = path.join(app, 'node_modules', 'snowflake-pat', 'dist', 'bundle', 'cli.js');

  const todayClosure = await runtimeClosure(path.join(today.dir, 'package.json'));
  const todayBytes = await sizeWithoutNested(todayClosure);

  const bench = await benchWorld();
  const cold: RunOptions = { cwd: app, env: cleanEnv({ HOME: dir }) };
  const net: RunOptions = { cwd: bench.dir, env: bench.env };
  expectCode(await timeNode([CLI, 'create', '--name', 'BENCH_PACKAGE', '--expires-in', '30'], net), 0, 'pat create (for the installed test-connection)');
  const runs = await measure([
    { label: "node -e ''", args: ['-e', ''], options: cold },
    { label: 'installed pat --help', args: [installedCli, '--help'], options: cold },
    { label: 'installed pat --version', args: [installedCli, '--version'], options: cold },
    { label: 'installed pat test-connection', args: [installedCli, 'test-connection'], options: net },
    { label: "today's build test-connection", args: [today.cli, 'test-connection'], options: net },
  ]);
  await bench.close();
  await rm(dir, { recursive: true, force: true });

  const base = med(runs.get("node -e ''"));
  const tc = med(runs.get('installed pat test-connection'));
  const tcToday = med(runs.get("today's build test-connection"));
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  out(`### The published package (npm pack → npm install --omit=dev --offline from the tarball into an empty folder → run)`);
  out();
  out(table(['measure', 'pat (bundle, no runtime dependencies)', "today's build", 'target'], [
    ['tarball', `${mb(info!.size)} packed, ${mb(info!.unpackedSize)} unpacked, ${info!.entryCount} files`, '—', '—'],
    ['installed with --omit=dev', `${mb(installedBytes)} in ${installedPackages.length} package(s)`, `${mb(todayBytes)} in ${todayClosure.length + 1} packages (its runtime dependency closure, sizes from this checkout's node_modules)`, verdict(installedBytes <= 20e6, `installed footprint ${mb(installedBytes)}`)],
    ['install time (offline, from the tarball)', ms(installMs), 'not measured (needs the registry)', '—'],
    ['installed `pat --help`', `${ms(med(runs.get('installed pat --help')))} (${ratio(med(runs.get('installed pat --help')), base)} \`node -e ''\`)`, '—', verdict(med(runs.get('installed pat --help')) / base <= 1.5, `installed pat --help is ${ratio(med(runs.get('installed pat --help')), base)} node -e ''`)],
    ['installed `pat --version`', `${ms(med(runs.get('installed pat --version')))} (${ratio(med(runs.get('installed pat --version')), base)} \`node -e ''\`)`, '—', verdict(med(runs.get('installed pat --version')) / base <= 1.5, `installed pat --version is ${ratio(med(runs.get('installed pat --version')), base)} node -e ''`)],
    ['installed `pat test-connection`', `${ms(tc)} (${ratio(tc, tcToday)} today's)`, ms(tcToday), verdict(tc / tcToday <= 0.5, `installed pat test-connection is ${ratio(tc, tcToday)} today's build`)],
  ]));
  out();
}

// ---------------------------------------------------------------------------------------------------------------
// 6. where start-up time goes

/** Chunks a traced run of the bundle loaded, their bytes, and the packages inside. */
async function chunksOf(args: string[], options: RunOptions, traceFile: string): Promise<string[]> {
  const run = await timeNode([CLI, ...args], { ...options, env: { ...options.env, NODE_OPTIONS: traceNodeOptions(traceFile) } });
  if (run.code !== 0) throw new Error(`traced pat ${args.join(' ')}: exit ${run.code}\n${run.stderr}`);
  const trace = await readTrace(traceFile);
  await rm(traceFile, { force: true });
  const outputs = bundleMeta().metafile.outputs;
  const bytes = trace.chunks.reduce((sum, c) => sum + (outputs[`dist/bundle/${c}`]?.bytes ?? 0), 0);
  const packages = [...packagesLoaded(trace).keys()].sort();
  const driver = trace.chunks.filter((c) => chunkInputs(c).some((i) => i.startsWith('node_modules/snowflake-sdk/')));
  return [`\`pat ${args.join(' ')}\``, String(trace.chunks.length), `${(bytes / 1024).toFixed(0)} KiB`, driver.length ? `yes (${driver.join(', ')})` : 'no', packages.join(', ') || '—'];
}

async function attribution(): Promise<void> {
  progress('attribution: chunks per path, import cost per dependency');
  const dir = await tempDir('imports');
  const bench = await benchWorld();
  expectCode(await timeNode([CLI, 'create', '--name', 'BENCH_TRACE', '--expires-in', '30'], { cwd: bench.dir, env: bench.env }), 0, 'pat create (for the traced test-connection)');
  const traceFile = path.join(dir, 'trace.txt');
  const chunkRows = [
    await chunksOf(['--help'], { cwd: dir, env: cleanEnv({ HOME: dir }) }, traceFile),
    await chunksOf(['--version'], { cwd: dir, env: cleanEnv({ HOME: dir }) }, traceFile),
    await chunksOf(['list'], { cwd: bench.dir, env: bench.env }, traceFile),
    await chunksOf(['test-connection'], { cwd: bench.dir, env: bench.env }, traceFile),
  ];
  await bench.close();

  const outputs = Object.entries(bundleMeta().metafile.outputs);
  const driverChunk = outputs.find(([, o]) => Object.keys(o.inputs).some((i) => i.startsWith('node_modules/snowflake-sdk/')));
  const inDriver = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(driverChunk?.[1].inputs ?? {})) {
    const name = /^node_modules\/(?:.*\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? input;
    inDriver.set(name, (inDriver.get(name) ?? 0) + bytesInOutput);
  }

  const modules = ['commander', 'chalk', 'cli-table3', 'zod', 'smol-toml', 'yaml', 'proper-lockfile', 'ora', 'snowflake-sdk'];
  const variants: Variant[] = modules.map((m) => ({
    label: m,
    args: ['--input-type=module', '-e', `const s = performance.now(); await import(${JSON.stringify(m)}); process.stdout.write(String(performance.now() - s));`],
    options: { cwd: ROOT, env: { ...cleanEnv({ HOME: dir }), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  }));
  const runs = await measure(variants, Math.min(RUNS, 5));
  await rm(dir, { recursive: true, force: true });

  out('### Where start-up time goes');
  out();
  out('Chunks of the bundle each path loads (module trace; a package counts as loaded when a loaded chunk holds it):');
  out();
  out(table(['command', 'chunks', 'bytes', 'driver chunk', 'packages inside the loaded chunks'], chunkRows));
  out();
  out(`The driver chunk (${driverChunk ? path.basename(driverChunk[0]) : 'none'}, ${((driverChunk?.[1].bytes ?? 0) / 1024).toFixed(0)} KiB minified), largest packages inside:`);
  out();
  out(table(['package', 'bytes in the chunk'], [...inDriver].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, bytes]) => [`\`${name}\``, `${(bytes / 1024).toFixed(0)} KiB`])));
  out();
  out(`Each dependency imported alone from node_modules, unbundled (in-process \`performance.now()\`, median of ${Math.min(RUNS, 5)} fresh processes) — today's cost, and the dependency audit's load-time column:`);
  out();
  out(table(['module', 'import time (unbundled)'], modules.map((m) => [`\`${m}\``, ms(median(runs.get(m)!.map((r) => Number(r.stdout))))])));
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
  const today = await todaysBuild();
  await coldStart(today);
  await networked(today);
  await rendering();
  await publishedPackage(today);
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
