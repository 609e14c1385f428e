/**
 * The up-front check of $GITHUB_ENV (--env-file's is in ./env-file.ts): before anything is sent, the file must be
 * able to take the secret. Kept apart from ./github-env.ts, which flag parsing loads at start-up.
 */
import { assertWritableSecretTarget, UnsafeTargetError } from '../../config/file-safety.js';
import { UsageError } from '../../errors.js';

/** Exit 2 naming $GITHUB_ENV's file when it cannot take the secret. */
export function checkGithubEnvTarget(file: string): void {
  try {
    assertWritableSecretTarget(file, `$GITHUB_ENV (${file})`, 'append');
  } catch (error) {
    if (error instanceof UnsafeTargetError) throw new UsageError(error.message, 'Run inside a GitHub Actions step, or use --env-file PATH.');
    throw error;
  }
}
