// Pangolin emulator: create, list, rotate, revoke, delete, expiry - against a fresh emulator per test.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startPangolinEmulator, type RunningPangolin } from 'snowflake-pat-emulator/pangolin';
import { adminLogin, arr, botLogin, call, mint, obj, rootLogin, str } from 'snowflake-pat-emulator/pangolin/testing';
import { TEST_JWT_SECRET, verifiedClaims } from '../helpers/hs256.js';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0); // whole second: expires_at has no fraction
const HOUR = 3_600_000;

describe('pangolin emulator: token lifecycle', () => {
  let em: RunningPangolin;
  let admin: string;
  let tenant: string;
  beforeEach(async () => {
    em = await startPangolinEmulator({ jwtSecret: TEST_JWT_SECRET, now: T0, authRateLimit: false });
    admin = await adminLogin(em);
    tenant = em.tenantId('analytics');
  });
  afterEach(async () => {
    await em.close();
  });

  describe('POST /api/v1/tokens', () => {
    it('a tenant admin mints a 24 h token for a user; claims and response follow v0.8', async () => {
      const r = await mint(em, admin, { tenant_id: tenant, username: 'etl_bot' });
      assert.equal(r.tenant_id, tenant);
      assert.equal(r.expires_at, '2025-01-16T12:00:00+00:00');
      const c = verifiedClaims(r.token);
      assert.equal(c['sub'], em.userId('etl_bot'));
      assert.equal(c['username'], 'etl_bot');
      assert.equal(c['role'], 'tenant-user', "the user's own role when roles is omitted");
      assert.equal(c['exp'], T0 / 1000 + 24 * 3600);
      assert.equal(c['iat'], T0 / 1000);
      const me = await call(em, 'GET', '/api/v1/users/me', { token: r.token });
      assert.equal(obj(me.json)['username'], 'etl_bot');
      assert.ok(em.issuedTokens().includes(r.token));
    });

    it('without username the token is for "api-user" with a random sub', async () => {
      const r = await mint(em, admin, { tenant_id: tenant });
      const c = verifiedClaims(r.token);
      assert.equal(c['username'], 'api-user');
      assert.notEqual(c['sub'], em.userId('admin'));
    });

    it('enforces roles: TenantUser 403, escalation 403, other tenant 403; root may mint Root', async () => {
      const bot = await botLogin(em);
      const byBot = await call(em, 'POST', '/api/v1/tokens', { token: bot, body: { tenant_id: tenant } });
      assert.equal(byBot.status, 403);
      assert.equal(byBot.text, 'Root or tenant-admin access required to mint tokens');
      const escalate = await call(em, 'POST', '/api/v1/tokens', { token: admin, body: { tenant_id: tenant, roles: ['Root'] } });
      assert.equal(escalate.status, 403);
      assert.equal(escalate.text, 'Cannot mint a token more privileged than the caller');
      const elsewhere = await call(em, 'POST', '/api/v1/tokens', {
        token: admin,
        body: { tenant_id: '11111111-2222-4333-8444-555555555555' },
      });
      assert.equal(elsewhere.status, 403);
      assert.equal(elsewhere.text, 'Cannot mint a token for another tenant');
      const root = await rootLogin(em);
      const r = await mint(em, root, { tenant_id: tenant, roles: ['Root'] });
      assert.equal(verifiedClaims(r.token)['role'], 'root');
      const adminRole = await mint(em, admin, { tenant_id: tenant, roles: ['admin'] });
      assert.equal(verifiedClaims(adminRole.token)['role'], 'tenant-admin');
    });

    it('400 for an unknown role name and for a tenant_id that is not a UUID', async () => {
      const role = await call(em, 'POST', '/api/v1/tokens', { token: admin, body: { tenant_id: tenant, roles: ['superuser'] } });
      assert.equal(role.status, 400);
      assert.equal(role.text, 'Unknown role: superuser');
      const bad = await call(em, 'POST', '/api/v1/tokens', { token: admin, body: { tenant_id: 'analytics' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.text, 'Invalid tenant_id format');
    });

    it('expires_in_hours: above 8760 is clamped (200), negative/fractional/string are 422', async () => {
      const big = await mint(em, admin, { tenant_id: tenant, expires_in_hours: 100_000 });
      assert.equal(verifiedClaims(big.token)['exp'], T0 / 1000 + 8760 * 3600, 'capped at 8760 hours (token_handlers.rs:33)');
      assert.equal(big.expires_at, '2026-01-15T12:00:00+00:00');
      const one = await mint(em, admin, { tenant_id: tenant, expires_in_hours: 1 });
      assert.equal(verifiedClaims(one.token)['exp'], T0 / 1000 + 3600);
      for (const v of [-1, 1.5, '24']) {
        const r = await call(em, 'POST', '/api/v1/tokens', { token: admin, body: { tenant_id: tenant, expires_in_hours: v } });
        assert.equal(r.status, 422, `expires_in_hours ${JSON.stringify(v)}`);
        assert.match(r.text, /^Failed to deserialize the JSON body/);
      }
    });

    it('expires_in_hours 0 is accepted but the token is dead on arrival', async () => {
      em.clock.advance(500); // chrono's now has a fraction; exp is truncated to the second
      const zero = await mint(em, admin, { tenant_id: tenant, username: 'admin', expires_in_hours: 0 });
      const r = await call(em, 'GET', '/api/v1/users/me', { token: zero.token });
      assert.equal(r.status, 401);
      assert.equal(r.text, 'Token expired');
    });

    it('unknown fields (description) are 422, a missing tenant_id is 422, no Content-Type is 415', async () => {
      const desc = await call(em, 'POST', '/api/v1/tokens', { token: admin, body: { tenant_id: tenant, description: 'ci' } });
      assert.equal(desc.status, 422);
      assert.match(desc.text, /unknown field `description`/);
      const missing = await call(em, 'POST', '/api/v1/tokens', { token: admin, body: { username: 'x' } });
      assert.equal(missing.status, 422);
      assert.match(missing.text, /missing field `tenant_id`/);
      const noCt = await call(em, 'POST', '/api/v1/tokens', { token: admin, rawBody: JSON.stringify({ tenant_id: tenant }), contentType: 'text/plain' });
      assert.equal(noCt.status, 415);
      assert.equal(em.issuedTokens().length, 1, 'only the login token was issued');
    });
  });

  describe('listing', () => {
    it('GET /users/me/tokens lists minted tokens (raw JWT included), newest expiry first, never login tokens', async () => {
      const short = await mint(em, admin, { tenant_id: tenant, username: 'admin', expires_in_hours: 2 });
      const long = await mint(em, admin, { tenant_id: tenant, username: 'admin', expires_in_hours: 48 });
      await mint(em, admin, { tenant_id: tenant, username: 'etl_bot' });
      const r = await call(em, 'GET', '/api/v1/users/me/tokens', { token: admin });
      assert.equal(r.status, 200);
      const rows = arr(r.json);
      assert.deepEqual(rows.map((t) => t['token']), [long.token, short.token]);
      const first = rows[0] ?? {};
      assert.deepEqual(Object.keys(first), ['id', 'tenant_id', 'user_id', 'username', 'expires_at', 'created_at', 'is_valid', 'token']);
      assert.equal(first['id'], verifiedClaims(long.token)['jti']);
      assert.equal(first['user_id'], em.userId('admin'));
      assert.equal(first['tenant_id'], tenant);
      assert.equal(first['is_valid'], true);
      assert.equal(first['expires_at'], '2025-01-17T12:00:00Z');
      assert.equal(first['created_at'], '2025-01-15T12:00:00Z');
      assert.ok(!rows.some((t) => t['token'] === admin), 'the login token is not in the store');
    });

    it('limit/offset paginate; a non-numeric limit is 400', async () => {
      const a = await mint(em, admin, { tenant_id: tenant, username: 'admin', expires_in_hours: 3 });
      await mint(em, admin, { tenant_id: tenant, username: 'admin', expires_in_hours: 2 });
      const page = await call(em, 'GET', '/api/v1/users/me/tokens?limit=1&offset=0', { token: admin });
      assert.deepEqual(arr(page.json).map((t) => t['token']), [a.token]);
      const page2 = await call(em, 'GET', '/api/v1/users/me/tokens?limit=5&offset=1', { token: admin });
      assert.equal(arr(page2.json).length, 1);
      assert.equal((await call(em, 'GET', '/api/v1/users/me/tokens?limit=ten', { token: admin })).status, 400);
    });

    it("GET /users/{id}/tokens: admins only, scoped to the caller's tenant (root sees nothing)", async () => {
      const bot = await mint(em, admin, { tenant_id: tenant, username: 'etl_bot' });
      const path = `/api/v1/users/${em.userId('etl_bot')}/tokens`;
      const r = await call(em, 'GET', path, { token: admin });
      assert.equal(r.status, 200);
      assert.deepEqual(arr(r.json).map((t) => t['token']), [bot.token]);
      const asBot = await call(em, 'GET', path, { token: bot.token });
      assert.equal(asBot.status, 403);
      assert.equal(asBot.text, 'Admin access required');
      const root = await rootLogin(em);
      assert.deepEqual((await call(em, 'GET', path, { token: root })).json, []);
      assert.equal((await call(em, 'GET', '/api/v1/users/etl_bot/tokens', { token: admin })).status, 400);
    });
  });

  describe('rotate, revoke, delete', () => {
    it('POST /tokens/rotate issues a 24 h token for the same identity and revokes the old jti at once', async () => {
      const old = await mint(em, admin, { tenant_id: tenant, username: 'etl_bot', expires_in_hours: 720 });
      em.clock.advance(HOUR);
      const r = await call(em, 'POST', '/api/v1/tokens/rotate', { token: old.token });
      assert.equal(r.status, 200);
      const body = obj(r.json);
      const fresh = str(body['token']);
      assert.equal(body['tenant_id'], tenant);
      assert.equal(body['expires_at'], '2025-01-16T13:00:00+00:00');
      const c = verifiedClaims(fresh);
      assert.equal(c['sub'], em.userId('etl_bot'));
      assert.notEqual(c['jti'], verifiedClaims(old.token)['jti']);
      const reuse = await call(em, 'GET', '/api/v1/users/me', { token: old.token });
      assert.equal(reuse.status, 401);
      assert.equal(reuse.text, 'Token has been revoked');
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: fresh })).status, 200);
      const list = await call(em, 'GET', '/api/v1/users/me/tokens', { token: fresh });
      assert.deepEqual(arr(list.json).map((t) => t['token']), [fresh]);
    });

    it('POST /auth/revoke revokes the presented token; it needs a JSON body', async () => {
      const t = await mint(em, admin, { tenant_id: tenant, username: 'etl_bot' });
      const noBody = await call(em, 'POST', '/api/v1/auth/revoke', { token: t.token });
      assert.equal(noBody.status, 415);
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).status, 200, 'still valid after the 415');
      const extra = await call(em, 'POST', '/api/v1/auth/revoke', { token: t.token, body: { why: 'x' } });
      assert.equal(extra.status, 422);
      const ok = await call(em, 'POST', '/api/v1/auth/revoke', { token: t.token, body: { reason: 'leaked' } });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { message: 'Token revoked successfully. Please log in again.' });
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).text, 'Token has been revoked');
      assert.ok(em.revokedIds().includes(str(verifiedClaims(t.token)['jti'])));
    });

    it('POST /auth/revoke/{id}: admins revoke any id (even unknown ones); users get 403', async () => {
      const t = await mint(em, admin, { tenant_id: tenant, username: 'etl_bot' });
      const jti = str(verifiedClaims(t.token)['jti']);
      const asBot = await call(em, 'POST', `/api/v1/auth/revoke/${jti}`, { token: t.token, body: {} });
      assert.equal(asBot.status, 403);
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).status, 200);
      const r = await call(em, 'POST', `/api/v1/auth/revoke/${jti}`, { token: admin, body: {} });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { message: `Token ${jti} revoked successfully` });
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).status, 401);
      const list = await call(em, 'GET', `/api/v1/users/${em.userId('etl_bot')}/tokens`, { token: admin });
      assert.deepEqual(list.json, [], 'the memory store drops revoked tokens from listings');
      const unknown = await call(em, 'POST', '/api/v1/auth/revoke/0b1e8c1a-0000-4000-8000-00000000abcd', { token: admin, body: {} });
      assert.equal(unknown.status, 200);
      assert.equal((await call(em, 'POST', '/api/v1/auth/revoke/not-a-uuid', { token: admin, body: {} })).status, 400);
    });

    it('DELETE /tokens/{id}: 204 for admins, 403 for a user even on its own token', async () => {
      const t = await mint(em, admin, { tenant_id: tenant, username: 'etl_bot' });
      const jti = str(verifiedClaims(t.token)['jti']);
      const own = await call(em, 'DELETE', `/api/v1/tokens/${jti}`, { token: t.token });
      assert.equal(own.status, 403);
      assert.equal(own.text, 'Admin access required to delete arbitrary token');
      const del = await call(em, 'DELETE', `/api/v1/tokens/${jti}`, { token: admin });
      assert.equal(del.status, 204);
      assert.equal(del.text, '');
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).status, 401);
    });

    it('a revocation by id only lasts 24 h: after cleanup a longer-lived token works again (v0.8.0 behaviour)', async () => {
      const t = await mint(em, admin, { tenant_id: tenant, username: 'etl_bot', expires_in_hours: 72 });
      await call(em, 'DELETE', `/api/v1/tokens/${str(verifiedClaims(t.token)['jti'])}`, { token: admin });
      em.clock.advance(25 * HOUR);
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).status, 401, 'still blacklisted before cleanup');
      const root = await rootLogin(em);
      const clean = await call(em, 'POST', '/api/v1/auth/cleanup-tokens', { token: root });
      assert.equal(clean.status, 200);
      assert.ok((obj(clean.json)['count'] as number) >= 1);
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).status, 200);
    });
  });

  describe('expiry via the clock', () => {
    it('expired tokens are refused ("Token expired", then "Invalid token" past the 60 s leeway) and unlisted', async () => {
      const t = await mint(em, admin, { tenant_id: tenant, username: 'admin', expires_in_hours: 1 });
      em.clock.advance(HOUR - 1000);
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).status, 200);
      em.clock.advance(2000);
      const justAfter = await call(em, 'GET', '/api/v1/users/me', { token: t.token });
      assert.equal(justAfter.status, 401);
      assert.equal(justAfter.text, 'Token expired');
      em.clock.advance(120_000);
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).text, 'Invalid token');
      // The admin's login token (24 h) is still good; the expired token is no longer listed.
      const list = await call(em, 'GET', '/api/v1/users/me/tokens', { token: admin });
      assert.deepEqual(list.json, []);
    });

    it('login tokens expire after 24 h', async () => {
      em.clock.advance(24 * HOUR + 1000);
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: admin })).status, 401);
    });
  });
});

describe('pangolin emulator: sql backend quirks', () => {
  it('revoked tokens stay listed with is_valid true; revoking an id twice is a 500', async () => {
    const em = await startPangolinEmulator({ jwtSecret: TEST_JWT_SECRET, now: T0, backend: 'sql' });
    try {
      const admin = await adminLogin(em);
      const t = await mint(em, admin, { tenant_id: em.tenantId('analytics'), username: 'etl_bot' });
      const jti = str(verifiedClaims(t.token)['jti']);
      assert.equal((await call(em, 'POST', `/api/v1/auth/revoke/${jti}`, { token: admin, body: {} })).status, 200);
      const list = await call(em, 'GET', `/api/v1/users/${em.userId('etl_bot')}/tokens`, { token: admin });
      const rows = arr(list.json);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.['is_valid'], true);
      assert.equal(rows[0]?.['username'], 'unknown');
      assert.equal((await call(em, 'GET', '/api/v1/users/me', { token: t.token })).status, 401);
      const again = await call(em, 'POST', `/api/v1/auth/revoke/${jti}`, { token: admin, body: {} });
      assert.equal(again.status, 500);
    } finally {
      await em.close();
    }
  });
});
