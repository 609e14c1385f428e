/**
 * Runs `pat` in this process: `main(proc)` with its own argv, env, cwd and in-memory streams (stdin is an empty
 * pipe, never a TTY). No child process, so a model test can afford thousands of runs.
 *
 * `main` comes from the bundle (dist/bundle/main.js, built from src/main.ts with the bin): the shipped code, and the
 * bundled driver, which loads in a third of the time snowflake-sdk's own files take — paid once per test file.
 */
import { Readable, Writable } from 'node:stream';

type Main = typeof import('../../src/main.js').main;
const { main } = (await import(new URL('../../bundle/main.js', import.meta.url).href)) as { main: Main };

export interface InprocResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InprocRun {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Text on stdin (default: nothing). */
  input?: string;
  /** pat's clock (default the wall clock); model tests pass the emulator's. */
  now?: () => Date;
  /** Makes stdout a terminal of this many columns (isTTY true); without it stdout is a pipe. */
  columns?: number;
}

/** A writable stream that keeps what was written; not a TTY. */
function collector(): Writable & { text(): string; isTTY?: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  }) as Writable & { text(): string; isTTY?: boolean };
  stream.isTTY = false;
  stream.text = () => chunks.join('');
  return stream;
}

export async function runInProcess(args: string[], run: InprocRun): Promise<InprocResult> {
  const stdout = collector();
  if (run.columns !== undefined) Object.assign(stdout, { isTTY: true, columns: run.columns });
  const stderr = collector();
  const stdin = Readable.from(run.input === undefined ? [] : [run.input]) as Readable & { isTTY?: boolean };
  stdin.isTTY = false;
  const code = await main({ argv: ['node', 'pat', ...args], env: run.env, cwd: run.cwd, stdout, stderr, stdin, now: run.now });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
