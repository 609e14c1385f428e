/**
 * Runs the built CLI as a child process, exactly as a user would, and records every output for the suite-wide
 * secret scan (see secrets.ts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

/** Every output produced in this process, for leak scans. */
export const recordedOutputs: CliResult[] = [];

export function runCli(args: string[], run: CliRun): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // `--` as in the bin's shebang: Node 20 would otherwise read a later `--env-file` flag itself.
    const child = spawn(process.execPath, ['--', CLI_PATH, ...args], { cwd: run.cwd, env: run.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code, stdout, stderr };
      recordedOutputs.push(result);
      resolve(result);
    });
    child.stdin.end(run.input ?? '');
  });
}

/** A clean environment: nothing from the developer's machine (HOME, SNOWFLAKE_*, colours) leaks into a test. */
export function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8' };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}
