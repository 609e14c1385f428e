/**
 * File snapshots for node:test on Node 20 (no built-in snapshots there). The expected text lives in
 * test/polish/snapshots/<name>.txt in the source tree; UPDATE_SNAPSHOTS=1 rewrites it (review the diff). A missing
 * snapshot is written on a developer machine and fails in CI, so CI never passes on a snapshot it made itself.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../../test/polish/snapshots/', import.meta.url));

export function matchSnapshot(name: string, actual: string): void {
  const file = `${DIR}${name}.txt`;
  if (process.env.UPDATE_SNAPSHOTS === '1' || (!existsSync(file) && process.env.CI !== 'true')) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${file} is missing (run the test once locally, or with UPDATE_SNAPSHOTS=1)`);
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from snapshot ${name} (UPDATE_SNAPSHOTS=1 to accept)`);
}
