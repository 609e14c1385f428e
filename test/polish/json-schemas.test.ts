/**
 * The --json output of every command is described by a JSON Schema in schemas/json-output/, checked here against
 * real output from the emulator (ajv, draft 2020-12, additionalProperties false: a new field needs a schema
 * change). The config file's published schema (schemas/snowflake_config.schema.json) agrees with pat's own
 * validation, and a config that names it in "$schema" is accepted and keeps it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validateConfigObject } from '../../src/config/index.js';
import { adminEnvFor, startEmulator, thermalSeed, type RunningEmulator } from 'snowflake-pat-emulator';
import { BASE_CONFIG } from '../helpers/world.js';
import { pat } from './in-process.js';

// CommonJS packages: the class / function is the module itself or its `default`.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule.default;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUTPUT_DIR = path.join(ROOT, 'schemas', 'json-output');

function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
const validators = new Map(
  readdirSync(OUTPUT_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => [f.replace('.schema.json', ''), ajv.compile(loadSchema(path.join(OUTPUT_DIR, f)))]),
);

function assertValid(schema: string, value: unknown): void {
  const validate = validators.get(schema);
  assert.ok(validate, `no schema ${schema}`);
  assert.ok(validate(value), `${schema}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value, null, 2)}`);
}

describe('--json output matches schemas/json-output', () => {
  let emulator: RunningEmulator;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const used = new Set<string>();
  before(async () => {
    emulator = await startEmulator({ seed: thermalSeed() });
    work = await mkdtemp(path.join(os.tmpdir(), 'pat-schemas-'));
    await writeFile(path.join(work, 'snowflake_config.json'), JSON.stringify({ ...BASE_CONFIG, url: emulator.url }), { mode: 0o600 });
    env = { ...adminEnvFor(emulator), HOME: work };
  });
  after(async () => {
    await emulator.close();
    await rm(work, { recursive: true, force: true });
  });

  // In order: each step works on what the previous one made.
  const steps: { schema: string; args: string[]; code?: number }[] = [
    { schema: 'create', args: ['create', '--name', 'schema_pat', '--comment', 'for the schema test'] },
    { schema: 'create', args: ['create', '--name', 'spare_pat', '--no-write', '--show-secret'] },
    { schema: 'rotate', args: ['rotate'] },
    { schema: 'list', args: ['list'] },
    { schema: 'test-connection', args: ['test-connection'] },
    { schema: 'status', args: ['status'] },
    { schema: 'status', args: ['status', '--warn-days', '365'], code: 3 },
    { schema: 'modify', args: ['disable', '--name', 'spare_pat'] },
    { schema: 'modify', args: ['enable', '--name', 'spare_pat'] },
    { schema: 'modify', args: ['comment', '--name', 'spare_pat', '--set', 'hello'] },
    { schema: 'modify', args: ['comment', '--name', 'spare_pat', '--unset'] },
    { schema: 'modify', args: ['rename', '--name', 'spare_pat', '--to', 'renamed_pat'] },
    { schema: 'usage', args: ['usage'] },
    { schema: 'inventory', args: ['inventory'] },
    { schema: 'doctor', args: ['doctor'] },
    { schema: 'revoke', args: ['revoke', '--name', 'renamed_pat', '--yes'] },
  ];
  for (const step of steps) {
    test(`pat --json ${step.args.join(' ')}`, async () => {
      const result = await pat(['--json', ...step.args], { env, cwd: work });
      assert.equal(result.code, step.code ?? 0, result.stderr);
      assertValid(step.schema, JSON.parse(result.stdout));
      used.add(step.schema);
    });
  }

  test('every schema was checked against real output, and a schema rejects drift', () => {
    assert.deepEqual([...used].sort(), [...validators.keys()].sort());
    const validate = validators.get('revoke')!;
    assert.equal(validate({ token_name: 'T', user: 'U', revoked: true, config_cleared: false, surprise: 1 }), false);
    assert.equal(validate({ token_name: 'T', user: 'U', revoked: true }), false);
  });
});

describe('schemas/snowflake_config.schema.json', () => {
  const validate = ajv.compile(loadSchema(path.join(ROOT, 'schemas', 'snowflake_config.schema.json')));
  const samples: Record<string, unknown>[] = [
    { user: 'U', account: 'A' },
    { $schema: './schemas/snowflake_config.schema.json', ...BASE_CONFIG, url: 'https://a.snowflakecomputing.com:443', pat: 'x', pat_name: 'P' },
    { user: 'U', account: 'A', streaming_option: { any: 'thing' } },
    { account: 'A' },
    { user: '', account: 'A' },
    { user: 'U', account: 'A', url: 'ftp://host' },
    { user: 'U', account: 'A', url: 42 },
    { user: 'U', account: 'A', role: ['R'] },
  ];
  test('accepts and refuses exactly what pat itself accepts and refuses', () => {
    for (const sample of samples) {
      const mine = validateConfigObject(sample, 'snowflake_config.json').ok;
      assert.equal(validate(sample), mine, `${JSON.stringify(sample)}: the schema says ${!mine}, pat says ${mine}`);
    }
    assert.deepEqual(samples.map((s) => validate(s)), [true, true, true, false, false, false, false, false]);
  });

  test('the shipped example validates', () => {
    assert.ok(validate(JSON.parse(readFileSync(path.join(ROOT, 'snowflake_config.example.json'), 'utf8'))), ajv.errorsText(validate.errors));
  });

  test('a config with "$schema" works and keeps it when pat writes the secret', async () => {
    const emulator = await startEmulator({ seed: thermalSeed() });
    const work = await mkdtemp(path.join(os.tmpdir(), 'pat-schema-key-'));
    try {
      const file = path.join(work, 'snowflake_config.json');
      const withSchema = { $schema: './schemas/snowflake_config.schema.json', ...BASE_CONFIG, url: emulator.url };
      await writeFile(file, JSON.stringify(withSchema), { mode: 0o600 });
      const result = await pat(['create', '--name', 'schema_key_pat'], { env: { ...adminEnvFor(emulator), HOME: work }, cwd: work });
      assert.equal(result.code, 0, result.stderr);
      const written = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      assert.equal(written.$schema, './schemas/snowflake_config.schema.json');
      assert.ok(validate(written), ajv.errorsText(validate.errors));
    } finally {
      await emulator.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
