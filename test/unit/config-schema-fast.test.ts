/**
 * The config check that skips zod on a valid file (src/config/schema.ts) must agree with the zod schema: same
 * verdict, same resulting object (field order included, since the config is written back), on generated inputs
 * around every rule (required, empty, non-string, URL, unknown fields, __proto__, undefined values).
 * The expected side is zod's own safeParse of snowflakeConfigSchema(), not the code under test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { snowflakeConfigSchema, validateConfigObject } from '../../src/config/schema.js';

const FIELDS = ['user', 'account', 'url', 'pat', 'pat_name', 'role', 'database', 'schema', 'warehouse', 'pipe', 'channel_name', 'private_key_file'];

const value = fc.oneof(
  fc.string(),
  fc.constantFrom('', 'U', 'https://acct.snowflakecomputing.com:443', 'http://127.0.0.1:8080', 'ftp://x', 'not a url', 'https://'),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 2 }),
);
const key = fc.oneof(fc.constantFrom(...FIELDS, '__proto__', 'sensor_id', 'extra'), fc.string({ maxLength: 6 }));
const config = fc
  .tuple(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.array(fc.tuple(key, value), { maxLength: 8 }))
  .map(([user, account, entries]) => {
    const raw: Record<string, unknown> = { user, account };
    for (const [k, v] of entries) Object.defineProperty(raw, k, { value: v, enumerable: true, writable: true, configurable: true });
    return raw;
  });

test('the zod-free check and zod agree: verdict, object, field order', () => {
  fc.assert(
    fc.property(fc.oneof(config, fc.dictionary(key, value)), (raw) => {
      const expected = snowflakeConfigSchema().safeParse(raw);
      const actual = validateConfigObject(raw, 'f.json');
      assert.equal(actual.ok, expected.success);
      if (actual.ok && expected.success) {
        assert.deepEqual(Object.keys(actual.config), Object.keys(expected.data));
        assert.deepEqual(actual.config, expected.data);
      }
    }),
    { numRuns: 3000 },
  );
});
