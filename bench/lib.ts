/**
 * Timing helpers for the benchmark: fresh child processes timed with performance.now() from spawn to 'close'
 * (the same way the test helpers run the CLI), medians, and Markdown formatting.
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ (the compiled tree): bench files live in dist/bench, the published program (the bundle) in dist/bundle. */
export const DIST = fileURLToPath(new URL('../', import.meta.url));
export const ROOT = path.join(DIST, '..');
export const CLI = path.join(DIST, 'bundle', 'cli.js');
/** The raw-driver floor with the same bundling as pat (scripts/bundle.mjs: same options, same left-out stubs). */
export const FLOOR = path.join(DIST, 'bench-bundle', 'floor.js');
export const RENDER = path.join(DIST, 'bench', 'render.js');
export const REFERENCE = path.join(DIST, 'bench', 'reference');
export const RSS_PROBE = path.join(DIST, 'bench', 'rss-probe.js');

export interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in MiB, when the run used the RSS probe. */
  peakMiB?: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Load rss-probe.js first (adds ~1 ms) and read the child's peak RSS. */
  probeRss?: boolean;
}

let probeSeq = 0;

/** Runs `node <nodeArgs…>` once in a fresh process and times it. */
export async function timeNode(nodeArgs: string[], options: RunOptions = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  const args = [...nodeArgs];
  let rssFile: string | undefined;
  if (options.probeRss) {
    rssFile = path.join(os.tmpdir(), `pat-bench-rss-${process.pid}-${probeSeq++}.txt`);
    env.PAT_BENCH_RSS_FILE = rssFile;
    args.unshift('--import', RSS_PROBE);
  }
  const result = await new Promise<Run>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stdout, stderr }));
    child.stdin.end();
  });
  if (rssFile) {
    const kib = Number((await readFile(rssFile, 'utf8').catch(() => '')).trim());
    if (kib > 0) result.peakMiB = kib / 1024;
    await rm(rssFile, { force: true });
  }
  return result;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : 'n/a';
}

export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Fails loudly when a run that should succeed did not: a benchmark of an error path measures nothing. */
export function expectCode(run: Run, code: number, what: string): Run {
  if (run.code !== code) {
    throw new Error(`${what}: expected exit ${code}, got ${run.code}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`);
  }
  return run;
}
