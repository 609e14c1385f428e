/**
 * test-connection fails (exit 1) when the config's warehouse, database or schema does not exist for the session
 * (Snowflake logs in anyway and reports NULL), naming which; with --json, failures are one JSON object on stdout,
 * for test-connection and for status.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
  const created = await world.pat(['create', '--name', 'thermal_pat']);
  assert.equal(created.code, 0, created.stderr);
});
afterEach(async () => world.close());

async function editConfig(change: Record<string, unknown>): Promise<void> {
  const config = JSON.parse(await readFile(world.configPath, 'utf8')) as Record<string, unknown>;
  await writeFile(world.configPath, JSON.stringify({ ...config, ...change }, null, 2), { mode: 0o600 });
}

describe('test-connection checks the session context', () => {
  test('the seeded config passes (positive control)', async () => {
    const result = await world.pat(['test-connection']);
    assert.equal(result.code, 0, result.stderr);
  });

  test('a warehouse and a schema that do not exist: exit 1 naming both', async () => {
    await editConfig({ warehouse: 'NO_SUCH_WH', schema: 'NO_SUCH_SCHEMA' });
    const result = await world.pat(['test-connection']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /the config's warehouse NO_SUCH_WH does not exist/);
    assert.match(result.stderr, /the config's schema NO_SUCH_SCHEMA does not exist/);
    assert.doesNotMatch(result.stderr, /database THERMAL_DB/);
  });

  test('--json: ok false and the missing fields', async () => {
    await editConfig({ database: 'NO_SUCH_DB' });
    const result = await world.pat(['--json', 'test-connection']);
    assert.equal(result.code, 1, result.stderr);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(doc.ok, false);
    assert.equal(doc.code, 'CONTEXT_MISSING');
    assert.ok((doc.missing as string[]).includes('database'));
  });
});

describe('--json failures are one JSON object on stdout', () => {
  test('test-connection with a token Snowflake refuses: ok false, code, message, hint', async () => {
    await editConfig({ pat: 'not-a-token-snowflake-knows' });
    const result = await world.pat(['--json', 'test-connection']);
    assert.equal(result.code, 1, result.stderr);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(doc.ok, false);
    assert.equal(typeof doc.code, 'string');
    assert.equal(typeof doc.message, 'string');
    assert.ok('hint' in doc);
    assert.equal(doc.exit_code, 1);
  });

  test('test-connection with an invalid config: ok false, exit 2', async () => {
    await writeFile(world.configPath, '{"user": ');
    const result = await world.pat(['--json', 'test-connection']);
    assert.equal(result.code, 2, result.stderr);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual([doc.ok, doc.code, doc.exit_code], [false, 'CONFIG', 2]);
    assert.match(String(doc.message), /is not valid JSON/);
  });

  test('status with an unreachable admin connection: one JSON object', async () => {
    const result = await world.pat(['--json', '--timeout', '2', 'status'], { env: { SNOWFLAKE_PORT: '1' } });
    assert.equal(result.code, 1, result.stderr);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(doc.ok, false);
    assert.match(String(doc.message), /Cannot reach Snowflake/);
  });
});
