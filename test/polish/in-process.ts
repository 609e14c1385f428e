/**
 * `pat` in this process for the output and help tests: test/helpers/inproc.ts with a clean environment (no colour,
 * nothing from the developer's machine). `columns` makes stdout a terminal of that width.
 */
import { runInProcess, type InprocResult } from '../helpers/inproc.js';

export type InProcessResult = InprocResult;

export function pat(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; columns?: number } = {}): Promise<InProcessResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', NO_COLOR: '1', ...options.env };
  return runInProcess(args, { env, cwd: options.cwd ?? process.cwd(), columns: options.columns });
}
