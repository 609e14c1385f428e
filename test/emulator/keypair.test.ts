// Key-pair (SNOWFLAKE_JWT) login through the real snowflake-sdk, as facts §9.4 describe it: keys registered with
// ALTER USER … SET RSA_PUBLIC_KEY[_2], fingerprints in DESC USER, RS256 JWTs verified against either key, iat/exp in
// ms (the Node driver) or s (other drivers), 390144 on any failure.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import snowflake from 'snowflake-sdk';
import { destroy, emulatorPerTest, exec, failure, type Conn } from './helpers/driver.js';
import { post } from './helpers/raw.js';

const fixture = emulatorPerTest({ now: Date.UTC(2030, 0, 1) });

interface Pair {
  privatePem: string;
  privateKey: KeyObject;
  /** base64 DER SPKI, as ALTER USER … SET RSA_PUBLIC_KEY takes it. */
  publicB64: string;
  fingerprint: string;
}
function newPair(): Pair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    privateKey,
    publicB64: der.toString('base64'),
    fingerprint: `SHA256:${createHash('sha256').update(der).digest('base64')}`,
  };
}
// One pair per file run is enough; generating is slow-ish.
const A = newPair();
const B = newPair();

async function keyPairConnect(user: string, pair: Pair): Promise<Conn> {
  const conn = snowflake.createConnection({
    account: fixture.emu.account, accessUrl: fixture.emu.url, username: user, authenticator: 'SNOWFLAKE_JWT',
    privateKey: pair.privatePem, sfRetryMaxLoginRetries: 0,
  } as snowflake.ConnectionOptions);
  await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
  return conn;
}

/** A hand-made JWT, for the claim shapes the Node driver does not send. */
function jwt(pair: Pair, claims: Record<string, unknown>, alg = 'RS256'): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${sign('RSA-SHA256', Buffer.from(head), pair.privateKey).toString('base64url')}`;
}
async function rawJwtLogin(user: string, token: string): Promise<Record<string, unknown>> {
  const r = await post(fixture.emu, '/session/v1/login-request?requestId=k', {
    data: { ACCOUNT_NAME: fixture.emu.account, LOGIN_NAME: user, AUTHENTICATOR: 'SNOWFLAKE_JWT', TOKEN: token },
  });
  return r.json;
}

describe('registering keys', () => {
  test('SET/UNSET RSA_PUBLIC_KEY[_2]; DESC USER shows SHA256 fingerprints; SHOW USERS has_rsa_public_key', async () => {
    const c = await fixture.adminConn();
    await exec(c, `ALTER USER ALICE SET RSA_PUBLIC_KEY = '${A.publicB64}'`);
    // Line breaks inside the value are ignored, as when a key is pasted from a file.
    await exec(c, `ALTER USER ALICE SET RSA_PUBLIC_KEY_2 = '${B.publicB64.replace(/(.{64})/g, '$1\n')}'`);
    const desc = Object.fromEntries((await exec(c, 'DESC USER ALICE')).map((r) => [r['property'], r['value']]));
    assert.equal(desc['RSA_PUBLIC_KEY_FP'], A.fingerprint);
    assert.equal(desc['RSA_PUBLIC_KEY_2_FP'], B.fingerprint);
    const show = await exec(c, "SHOW USERS LIKE 'ALICE'");
    assert.equal(show[0]?.['has_rsa_public_key'], 'true');
    await exec(c, 'ALTER USER ALICE UNSET RSA_PUBLIC_KEY, RSA_PUBLIC_KEY_2');
    const after = Object.fromEntries((await exec(c, 'DESC USER ALICE')).map((r) => [r['property'], r['value']]));
    assert.equal(after['RSA_PUBLIC_KEY_FP'], 'null');
    assert.equal((await exec(c, "SHOW USERS LIKE 'ALICE'"))[0]?.['has_rsa_public_key'], 'false');
    // A malformed value (here PEM armour, which the docs say to leave out) is refused (UNCONFIRMED code).
    const pem = `-----BEGIN PUBLIC KEY-----\n${A.publicB64}\n-----END PUBLIC KEY-----`;
    assert.equal((await failure(exec(c, `ALTER USER ALICE SET RSA_PUBLIC_KEY = '${pem}'`))).code, '002029');
  });
});

describe('SNOWFLAKE_JWT login', () => {
  test('the real driver logs in with either registered key; a key that is not registered gets 390144', async () => {
    const c = await fixture.adminConn();
    assert.equal((await failure(keyPairConnect('ALICE', A))).code, '390144');
    await exec(c, `ALTER USER ALICE SET RSA_PUBLIC_KEY = '${A.publicB64}'`);
    const viaA = await keyPairConnect('alice', A); // login names are case-insensitive
    assert.deepEqual(await exec(viaA, 'SELECT CURRENT_USER()'), [{ 'CURRENT_USER()': 'ALICE' }]);
    await destroy(viaA);
    assert.equal((await failure(keyPairConnect('ALICE', B))).code, '390144');
    // Rotation: the second slot takes the new key while the first still works.
    await exec(c, `ALTER USER ALICE SET RSA_PUBLIC_KEY_2 = '${B.publicB64}'`);
    await destroy(await keyPairConnect('ALICE', B));
    await destroy(await keyPairConnect('ALICE', A));
    await exec(c, 'ALTER USER ALICE UNSET RSA_PUBLIC_KEY');
    const err = await failure(keyPairConnect('ALICE', A));
    assert.equal(err.code, '390144');
    assert.equal(err.message, 'JWT token is invalid.');
    const login = fixture.emu.requests.filter((r) => r.kind === 'login').at(-1);
    assert.equal(login?.authenticator, 'SNOWFLAKE_JWT');
  });

  test('iat/exp in seconds or milliseconds; expired, wrong subject, wrong alg and forged signatures are refused', async () => {
    await fixture.emu.runAs('ADMIN', `ALTER USER ALICE SET RSA_PUBLIC_KEY = '${A.publicB64}'`);
    const acct = fixture.emu.account;
    const iss = `${acct}.ALICE.${A.fingerprint}`;
    const sub = `${acct}.ALICE`;
    const nowMs = Date.now(); // JWT lifetimes are checked against the machine's clock: clients sign with theirs
    const ok = (j: Record<string, unknown>): boolean => j['success'] === true;
    const code = (j: Record<string, unknown>): unknown => j['code'];
    assert.ok(ok(await rawJwtLogin('ALICE', jwt(A, { iss, sub, iat: Math.floor(nowMs / 1000), exp: Math.floor(nowMs / 1000) + 60 }))), 'seconds');
    assert.ok(ok(await rawJwtLogin('ALICE', jwt(A, { iss, sub, iat: nowMs, exp: nowMs + 120_000 }))), 'milliseconds');
    assert.equal(code(await rawJwtLogin('ALICE', jwt(A, { iss, sub, iat: nowMs - 600_000, exp: nowMs - 480_000 }))), '390144', 'expired');
    assert.equal(code(await rawJwtLogin('ALICE', jwt(A, { iss, sub: `${acct}.ADMIN`, iat: nowMs, exp: nowMs + 60_000 }))), '390144', 'sub');
    assert.equal(code(await rawJwtLogin('ADMIN', jwt(A, { iss: `${acct}.ADMIN.${A.fingerprint}`, sub: `${acct}.ADMIN`, iat: nowMs, exp: nowMs + 60_000 }))), '390144', 'key of another user');
    assert.equal(code(await rawJwtLogin('ALICE', jwt(A, { iss, sub, iat: nowMs, exp: nowMs + 60_000 }, 'HS256'))), '390144', 'alg');
    assert.equal(code(await rawJwtLogin('ALICE', jwt(B, { iss, sub, iat: nowMs, exp: nowMs + 60_000 }))), '390144', 'signed by another key');
    assert.equal(code(await rawJwtLogin('ALICE', 'not.a.jwt')), '390144', 'garbage');
  });
});
