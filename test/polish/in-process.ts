/**
 * Runs `pat` in this process through main(proc), with captured streams. `columns` makes stdout a terminal of that
 * width (isTTY true); without it stdout is a pipe. No tests here.
 */
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends PassThrough {
  text = '';
  isTTY?: boolean;
  columns?: number;
  constructor(tty?: { columns: number }) {
    super();
    if (tty) {
      this.isTTY = true;
      this.columns = tty.columns;
    }
    this.setEncoding('utf8');
    this.on('data', (chunk: string) => (this.text += chunk));
  }
}

export async function pat(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; columns?: number } = {},
): Promise<InProcessResult> {
  const stdout = new Capture(options.columns === undefined ? undefined : { columns: options.columns });
  const stderr = new Capture();
  const stdin = new PassThrough();
  stdin.end();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', NO_COLOR: '1', ...options.env };
  const code = await main({ argv: ['node', 'pat', ...args], env, cwd: options.cwd ?? process.cwd(), stdout, stderr, stdin });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text, stderr: stderr.text };
}
