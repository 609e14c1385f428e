/**
 * `--env-file PATH [--env-var NAME]`: keep exactly one `NAME=<secret>` line in a dotenv file, written atomically
 * with mode 0600 (the same writer as the config); every other line is kept as it was.
 */
import { readFile } from 'node:fs/promises';
import { atomicWrite, type WriteReport } from '../../config/index.js';
import { assertSafeSecretTarget, assertWritableSecretTarget, UnsafeTargetError } from '../../config/file-safety.js';
import { FailureError, UsageError } from '../../errors.js';
import { describeFsError, errnoCode } from '../../kernel/errno.js';

const SAFE_FOLDER_HINT = 'Choose a path in a folder only you can write to (or create the folder first).';

/** Before anything is sent: the env file can take the secret (exit 2 naming it otherwise). */
export function checkEnvFileTarget(path: string): void {
  try {
    assertWritableSecretTarget(path, `--env-file ${path}`, 'replace');
  } catch (error) {
    if (error instanceof UnsafeTargetError) throw new UsageError(error.message, SAFE_FOLDER_HINT);
    throw error;
  }
}

export function upsertEnvLine(existing: string, name: string, value: string): string {
  const assignment = new RegExp(`^\\s*(export\\s+)?${name}\\s*=`);
  const lines = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  let replaced = false;
  const kept: string[] = [];
  for (const line of lines) {
    if (!assignment.test(line)) kept.push(line);
    else if (!replaced) {
      kept.push(`${/^\s*export\s/.test(line) ? 'export ' : ''}${name}=${value}`);
      replaced = true;
    }
  }
  if (!replaced) kept.push(`${name}=${value}`);
  return `${kept.join('\n')}\n`;
}

export async function writeEnvFile(path: string, name: string, secret: string): Promise<WriteReport> {
  // Again at write time: the folder may have changed since the up-front check.
  try {
    assertSafeSecretTarget(path, `--env-file ${path}`);
  } catch (error) {
    if (error instanceof UnsafeTargetError) throw new FailureError(error.message, SAFE_FOLDER_HINT, error.code);
    throw error;
  }
  let existing = '';
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw new FailureError(`Cannot read ${path}: ${describeFsError(error)}`);
  }
  return atomicWrite(path, upsertEnvLine(existing, name, secret));
}
