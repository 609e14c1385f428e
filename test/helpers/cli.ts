/**
 * Runs `pat` for a test: in this process by default (`main(proc)` from src/main.ts, see inproc.ts), or — for what
 * only a process shows (exit status as a shell sees it, fd-level stdout/stderr, signals, start-up, the bundle
 * itself) — as a child process running the built bundle, exactly as a user would (`process: true`, or runCli).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runInProcess } from './inproc.js';

export const CLI_PATH = fileURLToPath(new URL('../../bundle/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Text written to stdin (stdin is a pipe, never a TTY). */
  input?: string;
}

export interface PatRun extends CliRun {
  /** Run the bundle as a child process instead of in this process. */
  process?: boolean;
}

/** Runs `pat` in this process (default) or, with `process: true`, as a child process of the bundle. */
export async function runPat(args: string[], run: PatRun): Promise<CliResult> {
  if (run.process) return runCli(args, run);
  // What acts on a new process or on the bundle only would be silently ignored in process, and the test could not
  // fail: a loader hook or trace in NODE_OPTIONS, the bundle's left-out-module stubs (PAT_LEFT_OUT_TRACE).
  for (const name of ['NODE_OPTIONS', 'PAT_LEFT_OUT_TRACE']) {
    if (run.env[name]) throw new Error(`runPat: ${name} needs the bundle in a child process; pass process: true`);
  }
  return runInProcess(args, { cwd: run.cwd, env: run.env, input: run.input });
}

export function runCli(args: string[], run: CliRun): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // `--` as in the bin's shebang: Node 20 would otherwise read a later `--env-file` flag itself.
    const child = spawn(process.execPath, ['--', CLI_PATH, ...args], { cwd: run.cwd, env: run.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(run.input ?? '');
  });
}

/** A clean environment: nothing from the developer's machine (HOME, SNOWFLAKE_*, colours) leaks into a test. */
export function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8' };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}
