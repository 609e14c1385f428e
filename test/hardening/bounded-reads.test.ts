/**
 * Hostile files are refused before any request, naming the file: a config nested thousands of levels deep (or
 * 100k unclosed brackets), a FIFO or huge connections.toml or config, a YAML alias bomb; duplicate YAML keys are
 * still refused after the quadratic check of the yaml package was replaced by a linear one (its speed is not timed
 * here: no wall-clock assertions in tests).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { readCatalog } from '../../src/providers/pangolin/pyiceberg.js';
import { ConfigError } from '../../src/errors.js';
import { BASE_CONFIG, startWorld, type World } from '../helpers/world.js';
import { startPangolinWorld, type PangolinWorld } from '../helpers/pangolin-world.js';

describe('snowflake side', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => world.close());

  const nothingSent = () => assert.deepEqual(world.emulator.requests.map((r) => r.kind), [], 'no request reached the emulator');

  test('a config nested 20 000 levels deep: exit 2 naming the file, nothing sent', async () => {
    const depth = 20_000;
    await writeFile(world.configPath, JSON.stringify({ ...BASE_CONFIG, url: world.emulator.url }).replace(/}$/, `,"x":${'['.repeat(depth)}${']'.repeat(depth)}}`));
    const result = await world.pat(['create', '--name', 'deep_pat']);
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`${world.configPath} is nested more than 64 levels deep`), result.stderr);
    nothingSent();
  });

  test('100 000 unclosed brackets: exit 2 naming the file (no stack overflow), nothing sent', async () => {
    await writeFile(world.configPath, `{"user":"U","account":"A","x":${'['.repeat(100_000)}`);
    const result = await world.pat(['create', '--name', 'open_pat']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /snowflake_config\.json is nested more than 64 levels deep/);
    assert.doesNotMatch(result.stderr, /call stack/);
    nothingSent();
  });

  test('connections.toml that is a FIFO: exit 2 naming it, no hang, nothing sent', async () => {
    const dir = path.join(world.dir, 'home', '.snowflake');
    await mkdir(dir, { recursive: true });
    const fifo = path.join(dir, 'connections.toml');
    execFileSync('mkfifo', [fifo]);
    const result = await world.pat(['create', '--name', 'fifo_pat']);
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`Cannot read ${fifo}: it is not a regular file`), result.stderr);
    nothingSent();
  });

  test('config.toml larger than 1 MiB: exit 2 naming it, nothing sent', async () => {
    const dir = path.join(world.dir, 'home', '.snowflake');
    await mkdir(dir, { recursive: true });
    const big = path.join(dir, 'config.toml');
    await writeFile(big, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const result = await world.pat(['create', '--name', 'big_pat']);
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`Cannot read ${big}: it is larger than 1024 KiB`), result.stderr);
    nothingSent();
  });

  test('a snowflake_config.json that is a FIFO: exit 2 naming it, no hang', async () => {
    const fifo = path.join(world.dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const result = await world.pat(['--config', fifo, 'create', '--name', 'f_pat']);
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`${fifo} cannot be a config: it is not a regular file`), result.stderr);
    nothingSent();
  });
});

describe('pangolin side', () => {
  let w: PangolinWorld;
  beforeEach(async () => {
    w = await startPangolinWorld();
  });
  afterEach(async () => w.close());

  test('a YAML alias bomb is refused before any request (the token is not minted)', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
    ].join('\n');
    await writeFile(w.yamlPath, `${await w.readYaml()}${bomb}\n`);
    const result = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '7'], {
      env: { ...w.admin, PANGOLIN_URL: w.em.url },
    });
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`${w.yamlPath} expands too many YAML aliases`), result.stderr);
    assert.deepEqual(w.em.requests, [], 'nothing was sent, so nothing was minted');
  });

  test('a duplicate key is still refused, naming the line', async () => {
    await writeFile(w.yamlPath, 'catalog:\n  default:\n    uri: http://x\n    uri: http://y\n');
    await assert.rejects(readCatalog(w.yamlPath, 'default'), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /line 4, column 5\): a mapping repeats a key/);
      return true;
    });
  });
});
