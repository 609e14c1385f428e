/**
 * `--env-file PATH [--env-var NAME]`: keep exactly one `NAME=<secret>` line in a dotenv file, written atomically
 * with mode 0600 (the same writer as the config); every other line is kept as it was.
 */
import { readFile } from 'node:fs/promises';
import { atomicWrite, type WriteReport } from '../config/index.js';
import { FailureError } from '../errors.js';

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
  let existing = '';
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new FailureError(`Cannot read ${path}: ${code ?? 'unknown error'}`);
  }
  return atomicWrite(path, upsertEnvLine(existing, name, secret));
}
