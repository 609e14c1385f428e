// Pangolin emulator: health, login, whoami, the auth middleware, routing (404/405) and the request log.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ENV_ROOT_ID, startPangolinEmulator, type RunningPangolin } from 'snowflake-pat-emulator/pangolin';
import { UUID_RE, adminLogin, botLogin, call, mint, obj, rootLogin, str } from 'snowflake-pat-emulator/pangolin/testing';
import { signHs256, TEST_JWT_SECRET, verifiedClaims } from '../helpers/hs256.js';

describe('pangolin emulator: health, login, auth', () => {
  let em: RunningPangolin;
  before(async () => {
    // Many logins share this emulator; the rate limit has its own test (pangolin-v08-additions.test.ts).
    em = await startPangolinEmulator({ jwtSecret: TEST_JWT_SECRET, authRateLimit: false });
  });
  after(async () => {
    await em.close();
  });

  it('serves /health/ready, /health and /health/live without credentials', async () => {
    const ready = await call(em, 'GET', '/health/ready');
    assert.equal(ready.status, 200);
    assert.equal(obj(ready.json)['status'], 'ready');
    assert.equal((await call(em, 'GET', '/health')).status, 200);
    const live = await call(em, 'GET', '/health/live');
    assert.deepEqual(live.json, { status: 'alive' });
  });

  it('logs a tenant admin in: kebab-case response, HS256 JWT with the v0.8 claims', async () => {
    const r = await call(em, 'POST', '/api/v1/users/login', {
      body: { username: 'admin', password: 'admin-password', 'tenant-id': em.tenantId('analytics') },
    });
    assert.equal(r.status, 200);
    const body = obj(r.json);
    assert.ok(typeof body['expires-at'] === 'string', 'LoginResponse is kebab-case: expires-at');
    assert.equal(body['expires_at'], undefined);
    const user = obj(body['user']);
    assert.equal(user['username'], 'admin');
    assert.equal(user['role'], 'tenant-admin');
    assert.equal(user['tenant-id'], em.tenantId('analytics'));
    assert.equal(user['id'], em.userId('admin'));
    const token = str(body['token']);
    const [h] = token.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(str(h), 'base64url').toString()), { typ: 'JWT', alg: 'HS256' });
    const c = verifiedClaims(token);
    assert.deepEqual(Object.keys(c), ['sub', 'jti', 'username', 'tenant_id', 'role', 'exp', 'iat']);
    assert.equal(c['sub'], em.userId('admin'));
    assert.match(str(c['jti']), UUID_RE);
    assert.equal(c['tenant_id'], em.tenantId('analytics'));
    assert.equal(c['role'], 'tenant-admin');
    assert.equal((c['exp'] as number) - (c['iat'] as number), 86_400);
    assert.ok(em.issuedTokens().includes(token));
  });

  it('accepts the tenant_id alias and logs root in without a tenant', async () => {
    const alias = await call(em, 'POST', '/api/v1/users/login', {
      body: { username: 'etl_bot', password: 'etl-password', tenant_id: em.tenantId('analytics') },
    });
    assert.equal(alias.status, 200);
    assert.equal(verifiedClaims(str(obj(alias.json)['token']))['role'], 'tenant-user');
    const root = await call(em, 'POST', '/api/v1/users/login', { body: { username: 'root', password: 'root-password' } });
    assert.equal(root.status, 200);
    const c = verifiedClaims(str(obj(root.json)['token']));
    assert.equal(c['sub'], ENV_ROOT_ID);
    assert.equal(c['tenant_id'], null);
    assert.equal(c['role'], 'root');
  });

  it('refuses bad logins with the real plain-text 401s', async () => {
    const tenant = em.tenantId('analytics');
    const wrong = await call(em, 'POST', '/api/v1/users/login', { body: { username: 'admin', password: 'nope', 'tenant-id': tenant } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.text, 'Invalid credentials');
    assert.match(wrong.contentType ?? '', /^text\/plain/);
    const noTenant = await call(em, 'POST', '/api/v1/users/login', { body: { username: 'admin', password: 'admin-password' } });
    assert.equal(noTenant.status, 401);
    assert.equal(noTenant.text, 'Tenant users must login with tenant_id');
    const rootInTenant = await call(em, 'POST', '/api/v1/users/login', {
      body: { username: 'root', password: 'root-password', 'tenant-id': tenant },
    });
    assert.equal(rootInTenant.status, 401);
  });

  it('rejects login bodies the way axum Json does: 422 unknown field, 415 no content type, 400 bad JSON', async () => {
    const unknown = await call(em, 'POST', '/api/v1/users/login', { body: { username: 'root', password: 'root-password', remember: true } });
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /unknown field `remember`/);
    const noCt = await call(em, 'POST', '/api/v1/users/login', { rawBody: '{"username":"root","password":"root-password"}', contentType: null });
    assert.equal(noCt.status, 415);
    const bad = await call(em, 'POST', '/api/v1/users/login', { rawBody: '{"username":' });
    assert.equal(bad.status, 400);
    const badTenant = await call(em, 'POST', '/api/v1/users/login', { body: { username: 'admin', password: 'admin-password', 'tenant-id': 'analytics' } });
    assert.equal(badTenant.status, 422);
  });

  it('GET /api/v1/users/me answers for the token holder, kebab-case', async () => {
    const token = await botLogin(em);
    const r = await call(em, 'GET', '/api/v1/users/me', { token });
    assert.equal(r.status, 200);
    const me = obj(r.json);
    assert.equal(me['username'], 'etl_bot');
    assert.equal(me['role'], 'tenant-user');
    assert.equal(me['tenant-id'], em.tenantId('analytics'));
  });

  it('the auth middleware: missing header, garbage, wrong secret, no jti, alg none', async () => {
    const none = await call(em, 'GET', '/api/v1/users/me');
    assert.equal(none.status, 401);
    assert.equal(none.text, 'Missing or invalid authorization header');
    assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: 'not.a.jwt' })).text, 'Invalid token');
    // A correctly shaped token signed with another key.
    const real = await adminLogin(em);
    const [h, p] = real.split('.') as [string, string];
    const otherSig = createHmac('sha256', 'other-secret').update(`${h}.${p}`).digest('base64url');
    const wrongKey = await call(em, 'GET', '/api/v1/users/me', { token: `${h}.${p}.${otherSig}` });
    assert.equal(wrongKey.status, 401);
    assert.equal(wrongKey.text, 'Invalid token');
    const base = verifiedClaims(real);
    const noJti = signHs256({ ...base, jti: null });
    assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: noJti })).status, 401);
    const algNone = signHs256(base, TEST_JWT_SECRET, { typ: 'JWT', alg: 'none' });
    assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: algNone })).status, 401);
    const sameClaims = signHs256(base);
    assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: sameClaims })).status, 200, 'control: a well-formed forged token passes');
  });

  it('root basic auth works but has no jti: /auth/revoke answers 400', async () => {
    const basic = (u: string, p: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    const me = await call(em, 'GET', '/api/v1/users/me', { headers: basic('root', 'root-password') });
    assert.equal(me.status, 200);
    assert.equal(obj(me.json)['role'], 'root');
    const wrong = await call(em, 'GET', '/api/v1/users/me', { headers: basic('root', 'guess') });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.text, 'Invalid credentials');
    const revoke = await call(em, 'POST', '/api/v1/auth/revoke', { headers: basic('root', 'root-password'), body: {} });
    assert.equal(revoke.status, 400);
    assert.equal(revoke.text, 'This session is not backed by a revocable token');
  });

  it('the documented /api/v1/tokens/revoke/self and /revoke/{jti} do not exist: 404 (401 without a token)', async () => {
    const token = await adminLogin(em);
    const jti = str(verifiedClaims(token)['jti']);
    const self = await call(em, 'POST', '/api/v1/tokens/revoke/self', { token, body: {} });
    assert.equal(self.status, 404);
    assert.equal(self.text, '');
    const byJti = await call(em, 'POST', `/api/v1/tokens/revoke/${jti}`, { token, body: {} });
    assert.equal(byJti.status, 404);
    assert.equal((await call(em, 'POST', '/api/v1/tokens/revoke/self', { body: {} })).status, 401, 'auth runs before the fallback');
    assert.equal((await call(em, 'GET', '/api/v1/users/me', { token })).status, 200, 'the token was not revoked');
    assert.ok(!em.revokedIds().includes(jti));
  });

  it('a known path with the wrong method is 405', async () => {
    const token = await adminLogin(em);
    const r = await call(em, 'GET', '/api/v1/tokens', { token });
    assert.equal(r.status, 405);
  });

  it('records requests without tokens or passwords', async () => {
    em.clearRequests();
    const token = await adminLogin(em);
    await mint(em, token, { tenant_id: em.tenantId('analytics'), username: 'admin' });
    await call(em, 'GET', '/api/v1/users/me/tokens', { token });
    assert.deepEqual(
      em.requests.map((r) => [r.method, r.path, r.status, r.authenticatedAs]),
      [
        ['POST', '/api/v1/users/login', 200, undefined],
        ['POST', '/api/v1/tokens', 200, 'admin'],
        ['GET', '/api/v1/users/me/tokens', 200, 'admin'],
      ],
    );
    const dump = JSON.stringify(em.requests);
    assert.ok(!dump.includes('admin-password'));
    for (const t of em.issuedTokens()) assert.ok(!dump.includes(t));
  });

  it('root can rotate, but v0.8.0 puts tenant_id "" in the new token, which is then refused', async () => {
    const token = await rootLogin(em);
    const r = await call(em, 'POST', '/api/v1/tokens/rotate', { token });
    assert.equal(r.status, 200);
    const fresh = str(obj(r.json)['token']);
    assert.equal(verifiedClaims(fresh)['tenant_id'], '');
    const use = await call(em, 'GET', '/api/v1/users/me', { token: fresh });
    assert.equal(use.status, 401);
    assert.equal(use.text, 'Invalid session');
  });
});
