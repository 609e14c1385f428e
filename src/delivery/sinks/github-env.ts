/**
 * `--github-env`: hand the secret to later steps of a GitHub Actions job, following the Actions conventions:
 * first `::add-mask::<secret>` on stdout (the runner then masks the value in every later log line), then append
 * `NAME=<secret>` to the file named by $GITHUB_ENV.
 */
import { appendFile } from 'node:fs/promises';
import { FailureError } from '../../errors.js';
import { describeFsError } from '../../kernel/errno.js';

/** The mask command must reach the runner before any step could print the value. */
export function maskCommand(secret: string): string {
  return `::add-mask::${secret}`;
}

export async function appendGithubEnv(file: string, name: string, secret: string): Promise<void> {
  // Loaded here, not at start-up: flag parsing imports this module.
  const { assertSafeSecretTarget, UnsafeTargetError } = await import('../../config/file-safety.js');
  try {
    assertSafeSecretTarget(file, `$GITHUB_ENV (${file})`);
  } catch (error) {
    if (error instanceof UnsafeTargetError) throw new FailureError(error.message, undefined, error.code);
    throw error;
  }
  try {
    await appendFile(file, `${name}=${secret}\n`, { mode: 0o600 });
  } catch (error) {
    throw new FailureError(`Cannot append to $GITHUB_ENV (${file}): ${describeFsError(error)}`);
  }
}
