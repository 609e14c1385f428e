/** Runs `pat` in process (src/main.ts `main`) with captured streams, and scans its output for issued secrets. */
import { main } from '../../../src/main.js';
import { assertNoSecretIn } from '../../helpers/secrets.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(isTTY = false) {
  let text = '';
  const stream = {
    isTTY,
    columns: isTTY ? 120 : undefined,
    write(chunk: string | Uint8Array) {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
  };
  return { stream, text: () => text };
}

export async function runPat(
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; secrets?: () => string[]; tty?: boolean },
): Promise<Ran> {
  const out = sink(options.tty);
  const err = sink(options.tty);
  const stdin = { isTTY: false } as unknown as NodeJS.ReadableStream;
  const code = await main({
    argv: ['node', 'pat', ...args],
    env: options.env,
    cwd: options.cwd,
    stdout: out.stream as unknown as NodeJS.WritableStream,
    stderr: err.stream as unknown as NodeJS.WritableStream,
    stdin,
  });
  const ran = { code, stdout: out.text(), stderr: err.text() };
  const secrets = options.secrets?.() ?? [];
  assertNoSecretIn(ran.stdout, secrets, 'stdout');
  assertNoSecretIn(ran.stderr, secrets, 'stderr');
  return ran;
}
