/** The manifest: defaults applied, bad input named by field (exit 2, no network), and the published JSON Schema. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { parseManifest } from '../../src/fleet/manifest.js';
import { manifestJsonSchema } from '../../src/fleet/schema.js';
import { runPat } from './helpers/run.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const GOOD = `
version: 1
defaults:
  connections: { PROD: prod_admin }
  role_restriction: svc_role
tokens:
  - name: ingest_pat
    account: PROD
    user: SVC_01
    sinks:
      - { type: config, path: svc/snowflake_config.json }
      - { type: k8s_secret, namespace: ingest, name: snowflake }
      - { type: aws_secret, secret_id: snowflake/ingest, key: pat }
`;

describe('manifest', () => {
  test('defaults fill in; names are upper-cased; relative file sinks are anchored at the manifest', () => {
    const { tokens } = parseManifest(GOOD, '/etc/pat/pat-manifest.yaml');
    assert.equal(tokens.length, 1);
    const t = tokens[0]!;
    assert.equal(t.key, 'PROD/SVC_01/INGEST_PAT');
    assert.equal(t.connection, 'prod_admin');
    assert.equal(t.roleRestriction, 'SVC_ROLE');
    assert.deepEqual([t.expiresInDays, t.rotateBeforeDays, t.graceHours], [90, 14, 24]);
    assert.deepEqual(t.sinks[0], { type: 'config', path: '/etc/pat/svc/snowflake_config.json' });
    assert.deepEqual(t.sinks[1], { type: 'k8s_secret', namespace: 'ingest', name: 'snowflake', key: 'pat' });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['unknown sink type', GOOD.replace('type: k8s_secret', 'type: s3'), /tokens\.0\.sinks\.1/],
    ['credentials in the manifest are refused', GOOD.replace('secret_id: snowflake/ingest,', 'secret_id: snowflake/ingest, access_key: AKIA,'), /tokens\.0\.sinks\.2.*access_key/s],
    ['an account without a connection', GOOD.replace('account: PROD', 'account: QA'), /tokens\.0.*defaults\.connections\.QA/],
    ['a bad token name', GOOD.replace('ingest_pat', 'ingest-pat'), /tokens\.0\.name/],
    ['expires_in_days out of range', GOOD.replace('user: SVC_01', 'user: SVC_01\n    expires_in_days: 400'), /tokens\.0\.expires_in_days/],
    ['a lifetime inside the rotation window', GOOD.replace('user: SVC_01', 'user: SVC_01\n    expires_in_days: 10'), /tokens\.0\.expires_in_days: 10 days is not longer than rotate_before_days \(14\)/],
    ['no sinks', GOOD.replace(/    sinks:[\s\S]*$/, '    sinks: []\n'), /tokens\.0\.sinks/],
    ['not YAML', 'version: [1', /YAML/],
  ];
  for (const [what, text, message] of bad) {
    test(`invalid: ${what}`, () => {
      assert.throws(() => parseManifest(text, 'm.yaml'), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }

  test('pat plan with a bad manifest: exit 2, the field named, no network call', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pat-manifest-'));
    try {
      await writeFile(path.join(dir, 'pat-manifest.yaml'), GOOD.replace('ingest_pat', 'ingest-pat'));
      // The admin connection points at a closed port: any network attempt would fail with exit 1, not 2.
      const ran = await runPat(['plan'], { env: { SNOWFLAKE_HOME: dir, SNOWFLAKE_CONNECTIONS_PROD_ADMIN_ACCOUNT: 'X', SNOWFLAKE_CONNECTIONS_PROD_ADMIN_USER: 'A', SNOWFLAKE_CONNECTIONS_PROD_ADMIN_PASSWORD: 'p', SNOWFLAKE_CONNECTIONS_PROD_ADMIN_HOST: '127.0.0.1', SNOWFLAKE_CONNECTIONS_PROD_ADMIN_PORT: '9', SNOWFLAKE_CONNECTIONS_PROD_ADMIN_PROTOCOL: 'http' }, cwd: dir });
      assert.equal(ran.code, 2, ran.stderr);
      assert.match(ran.stderr, /pat-manifest\.yaml: tokens\.0\.name/);
      const missing = await runPat(['apply', '--manifest', 'nope.yaml'], { env: {}, cwd: dir });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /nope\.yaml/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('schemas/pat-manifest.schema.json is the schema generated from the zod schema (run `npm run schema`)', async () => {
    const committed = JSON.parse(await readFile(path.join(ROOT, 'schemas/pat-manifest.schema.json'), 'utf8')) as unknown;
    assert.deepEqual(committed, JSON.parse(JSON.stringify(manifestJsonSchema())));
    const schema = manifestJsonSchema() as { properties: { tokens: { items: { properties: { sinks: { items: { oneOf?: unknown[]; anyOf?: unknown[] } } } } } } };
    const sinks = schema.properties.tokens.items.properties.sinks.items;
    assert.equal((sinks.oneOf ?? sinks.anyOf ?? []).length, 6);
  });
});
