/**
 * Pangolin admin paths: a root admin logs in without a tenant and mints with the tenant in POST /api/v1/tokens'
 * body (v0.8 answers a root login that sends a tenant with a plain "Invalid credentials"); a 429 is retried once
 * after Retry-After, then explained.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createClient } from '../../src/providers/pangolin/client.js';
import { FailureError } from '../../src/errors.js';
import { claimsOf, startPangolinWorld, TENANT, type PangolinWorld } from '../helpers/pangolin-world.js';

describe('pangolin: root admin', () => {
  let w: PangolinWorld;
  before(async () => {
    w = await startPangolinWorld();
  });
  after(async () => w.close());

  test('create with root credentials and a tenant: login without the tenant, the tenant in the mint body', async () => {
    const env = { PANGOLIN_USERNAME: 'root', PANGOLIN_PASSWORD: 'root-password', PANGOLIN_TENANT_ID: TENANT, PANGOLIN_URL: w.em.url };
    const result = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '7'], { env });
    assert.equal(result.code, 0, result.stderr);
    const token = await w.yamlToken();
    assert.ok(token);
    assert.equal(claimsOf(token).tenant_id, TENANT);
    const logins = w.em.requests.filter((r) => r.path === '/api/v1/users/login');
    assert.equal(logins.length, 2, 'one refused login with the tenant, one without');
  });
});

describe('pangolin: HTTP 429', () => {
  let server: Server;
  let url: string;
  let answers: Array<{ status: number; headers?: Record<string, string>; body: string }> = [];
  let seen = 0;
  before(async () => {
    server = createServer((_req, res) => {
      seen++;
      const next = answers.shift() ?? { status: 500, body: 'no more answers' };
      res.writeHead(next.status, { 'content-type': next.status === 200 ? 'application/json' : 'text/plain', ...next.headers });
      res.end(next.body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  test('honours Retry-After once, then succeeds', async () => {
    answers = [
      { status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' },
      { status: 200, body: '{"ok":true}' },
    ];
    seen = 0;
    const api = createClient(url, 5, () => {});
    assert.deepEqual(await api.request('GET', '/api/v1/users/me', { token: 't' }), { ok: true });
    assert.equal(seen, 2);
  });

  test('a second 429 is explained (rate limited, when to try again), not retried again', async () => {
    answers = [
      { status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' },
      { status: 429, headers: { 'retry-after': '120' }, body: 'Too Many Requests' },
    ];
    seen = 0;
    const api = createClient(url, 5, () => {});
    await assert.rejects(api.request('GET', '/api/v1/users/me', { token: 't' }), (error: unknown) => {
      assert.ok(error instanceof FailureError);
      assert.match(error.message, /rate limit/i);
      assert.match(error.hint ?? '', /120 s/);
      return true;
    });
    assert.equal(seen, 2);
  });
});
