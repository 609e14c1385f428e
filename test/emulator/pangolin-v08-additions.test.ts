// Pangolin v0.8 behaviours the emulator gained for issue #13 (facts: /work/shared/pangolin-v08-facts.md): the auth
// rate limit, the Iceberg REST handshake PyIceberg's catalog loader starts with, and the 16 MiB body limit.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { MAX_BODY_BYTES, startPangolinEmulator, type RunningPangolin } from 'snowflake-pat-emulator/pangolin';
import { adminLogin, call, obj } from 'snowflake-pat-emulator/pangolin/testing';

let em: RunningPangolin;
beforeEach(async () => {
  em = await startPangolinEmulator({ now: Date.UTC(2030, 0, 1) });
});
afterEach(async () => em.close());

describe('auth rate limit', () => {
  test('10 attempts per 60 s per address on login/tokens; the 11th is a 429 JSON with retry-after; the window reopens', async () => {
    // Source: rate_limit.rs:49-53, :130-143, :182-215 and config.rs:288-292 (facts table, "auth rate limit").
    const login = (password: string) => call(em, 'POST', '/api/v1/users/login', { body: { username: 'root', password } });
    for (let i = 0; i < 9; i++) assert.equal((await login('wrong')).status, 401, `attempt ${i + 1}`); // failures count too
    assert.equal((await login('root-password')).status, 200); // the 10th
    em.clock.advance(15_000);
    const limited = await login('root-password');
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.json, { error: { message: 'too many authentication attempts; try again later', type: 'TooManyRequests', code: 429 } });
    const raw = await fetch(`${em.url}/api/v1/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(raw.status, 429, 'POST /api/v1/tokens shares the limit');
    assert.equal(raw.headers.get('retry-after'), '45');
    // Other paths are not limited.
    assert.equal((await call(em, 'GET', '/health')).status, 200);
    em.clock.advance(45_000);
    assert.equal((await login('root-password')).status, 200);
  });

  test('authRateLimit: false turns it off', async () => {
    const free = await startPangolinEmulator({ authRateLimit: false });
    try {
      for (let i = 0; i < 12; i++) assert.equal((await call(free, 'POST', '/api/v1/users/login', { body: { username: 'root', password: 'x' } })).status, 401);
    } finally {
      await free.close();
    }
  });
});

describe('Iceberg REST handshake', () => {
  test('GET /v1/config (authenticated) then a namespace list under the prefix it names', async () => {
    // Source: the Iceberg REST catalog OpenAPI (GET /v1/config → CatalogConfig {defaults, overrides}); PyIceberg's
    // RestCatalog loads it first, then uses overrides.prefix. UNCONFIRMED: Pangolin's exact defaults/overrides.
    assert.equal((await call(em, 'GET', '/v1/config')).status, 401);
    const token = await adminLogin(em);
    const config = await call(em, 'GET', '/v1/config?warehouse=analytics', { token });
    assert.equal(config.status, 200);
    assert.deepEqual(config.json, { defaults: {}, overrides: { prefix: 'analytics' } });
    const prefix = String(obj(obj(config.json)['overrides'])['prefix']);
    const namespaces = await call(em, 'GET', `/v1/${prefix}/namespaces`, { token });
    assert.deepEqual(namespaces.json, { namespaces: [] });
  });
});

describe('body limit', () => {
  test('16 MiB: a body one byte over is refused with 413, one at the limit is read', async () => {
    assert.equal(MAX_BODY_BYTES, 16 * 1024 * 1024);
    const token = await adminLogin(em);
    const over = await call(em, 'POST', '/api/v1/auth/revoke', { token, rawBody: 'x'.repeat(MAX_BODY_BYTES + 1) });
    assert.equal(over.status, 413);
    const at = await call(em, 'POST', '/api/v1/auth/revoke', { token, rawBody: ' '.repeat(MAX_BODY_BYTES - 2) + '{}' });
    assert.notEqual(at.status, 413);
  });
});
