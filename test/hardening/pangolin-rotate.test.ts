/**
 * `pat rotate --provider pangolin` with an admin login never leaves the YAML holding a dead token: mint with the
 * admin → write → verify → revoke the old one. A lost mint reply is recovered from the admin token listing; a new
 * token that fails its proof is revoked and the old one put back. (Pangolin v0.8's own /tokens/rotate revokes the
 * old token the moment it answers, so a lost reply there is an outage.) Faults come from the emulator's one-shot
 * injectFault.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ETL_BOT_ID, DAY, claimsOf, startPangolinWorld, whoAmI, type PangolinWorld } from '../helpers/pangolin-world.js';

describe('pangolin rotate with the admin login', () => {
  let w: PangolinWorld;
  let first: string;
  let adminEnv: Record<string, string>;
  before(async () => {
    w = await startPangolinWorld();
    adminEnv = { ...w.admin, PANGOLIN_URL: w.em.url };
  });
  after(async () => w.close());

  beforeEach(async () => {
    const created = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '90'], { env: adminEnv });
    assert.equal(created.code, 0, created.stderr);
    first = (await w.yamlToken()) as string;
    assert.ok(first);
    w.em.clearRequests();
  });

  test('happy path: mint, write, verify, then revoke the old token; the new one keeps the old lifetime', async () => {
    const result = await w.pat(['--provider', 'pangolin', 'rotate'], { env: adminEnv });
    assert.equal(result.code, 0, result.stderr);
    const token = await w.yamlToken();
    assert.ok(token && token !== first && w.em.issuedTokens().includes(token));
    assert.equal((await whoAmI(w.em, token)).status, 200);
    assert.deepEqual(await whoAmI(w.em, first), { status: 401, text: 'Token has been revoked' });
    const claims = claimsOf(token);
    assert.equal(claims.sub, ETL_BOT_ID);
    assert.equal((claims.exp as number) - (claims.iat as number), (90 * DAY) / 1000, 'the 90-day lifetime is kept (v0.8 rotate gives 24 h)');
    const calls = w.em.requests.map((r) => `${r.method} ${r.path}`);
    assert.ok(!calls.includes('POST /api/v1/tokens/rotate'), 'the revoking-at-once endpoint is not used');
    const mint = calls.indexOf('POST /api/v1/tokens');
    const verify = calls.indexOf('GET /api/v1/users/me');
    const revoke = calls.findIndex((c) => c.startsWith('POST /api/v1/auth/revoke'));
    assert.ok(mint >= 0 && mint < verify && verify < revoke, calls.join(', '));
  });

  test('a lost mint reply: the new token is recovered from the admin listing and the YAML works', async () => {
    w.em.injectFault({ method: 'POST', path: '/api/v1/tokens', lose: true });
    // The same fault on v0.8's own rotate endpoint, for a pat that would use it.
    w.em.injectFault({ method: 'POST', path: '/api/v1/tokens/rotate', lose: true });
    const result = await w.pat(['--provider', 'pangolin', 'rotate'], { env: adminEnv });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /recovered/);
    const token = await w.yamlToken();
    assert.ok(token && token !== first);
    assert.equal((await whoAmI(w.em, token)).status, 200, 'the YAML holds a working token');
    assert.deepEqual(await whoAmI(w.em, first), { status: 401, text: 'Token has been revoked' });
    assert.equal(w.em.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/tokens').length, 1, 'minted once');
  });

  test('a failed verification keeps the old token working and in the YAML, and revokes the new one', async () => {
    const issuedBefore = new Set(w.em.issuedTokens());
    w.em.injectFault({ method: 'GET', path: '/api/v1/users/me', status: 401, text: 'Invalid token' });
    const result = await w.pat(['--provider', 'pangolin', 'rotate'], { env: adminEnv });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /does not work/);
    assert.equal(await w.yamlToken(), first, 'the YAML holds the old token again');
    assert.equal((await whoAmI(w.em, first)).status, 200, 'the old token still works');
    const minted = w.em.issuedTokens().filter((t) => !issuedBefore.has(t) && claimsOf(t).sub === ETL_BOT_ID);
    assert.equal(minted.length, 1);
    assert.deepEqual(await whoAmI(w.em, minted[0] as string), { status: 401, text: 'Token has been revoked' });
  });

  test('an unprovable mint outcome revokes nothing and leaves the YAML with the old, working token', async () => {
    // The listing before the mint fails, so a lost mint reply cannot be matched to this run.
    w.em.injectFault({ method: 'GET', path: `/api/v1/users/${ETL_BOT_ID}/tokens`, status: 500, text: 'store error' });
    w.em.injectFault({ method: 'POST', path: '/api/v1/tokens', lose: true });
    const result = await w.pat(['--provider', 'pangolin', 'rotate'], { env: adminEnv });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /unknown outcome/);
    assert.match(result.stderr, /Nothing was revoked/);
    assert.equal(await w.yamlToken(), first);
    assert.equal((await whoAmI(w.em, first)).status, 200);
    assert.ok(!w.em.requests.some((r) => r.path.startsWith('/api/v1/auth/revoke')));
  });
});

describe('pangolin rotate without an admin login', () => {
  let w: PangolinWorld;
  before(async () => {
    w = await startPangolinWorld();
  });
  after(async () => w.close());

  test('says before and after that v0.8 revokes the old token at once', async () => {
    const created = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '90'], { env: { ...w.admin, PANGOLIN_URL: w.em.url } });
    assert.equal(created.code, 0, created.stderr);
    const result = await w.pat(['--provider', 'pangolin', 'rotate']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /no admin login .*revokes the old token the moment it answers/s);
    assert.match(result.stderr, /revoked the previous token .* the moment it answered/);
  });
});
