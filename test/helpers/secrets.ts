/**
 * The leak scanner: every secret the emulator issued must be absent from every stdout, stderr and file the CLI
 * wrote — except the target config and the outputs where the test explicitly asked for the secret.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CliResult } from './cli.js';

export function assertNoSecretIn(text: string, secrets: string[], where: string): void {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `a PAT secret leaked into ${where}`);
  }
}

export function assertNoSecretInOutput(result: CliResult, secrets: string[]): void {
  assertNoSecretIn(result.stdout, secrets, 'stdout');
  assertNoSecretIn(result.stderr, secrets, 'stderr');
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** Scans every file below `dir` except `allowed` (absolute paths). Returns how many files were read. */
export async function assertNoSecretInFiles(dir: string, secrets: string[], allowed: string[]): Promise<number> {
  let scanned = 0;
  for (const file of await filesUnder(dir)) {
    if (allowed.includes(file)) continue;
    if ((await stat(file)).size > 5_000_000) continue;
    assertNoSecretIn(await readFile(file, 'utf8'), secrets, file);
    scanned++;
  }
  return scanned;
}
