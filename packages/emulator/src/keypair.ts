// Key-pair (SNOWFLAKE_JWT) login, as facts §9.4 describe it: the user registers up to two RSA public keys
// (ALTER USER … SET RSA_PUBLIC_KEY[_2] = '<base64 DER SPKI>'); a client signs an RS256 JWT whose
// iss = <ACCOUNT>.<USER>.SHA256:<base64 sha256 of the DER SPKI>, sub = <ACCOUNT>.<USER>, iat/exp in seconds or (the
// Node driver) milliseconds. The server picks the registered key whose fingerprint iss names, verifies the signature
// with it and checks exp. Any failure is 390144 "JWT token is invalid." Only node:crypto is used.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { errors } from './errors.js';
import type { UserRecord } from './state.js';

/** Parses an RSA_PUBLIC_KEY value (base64 DER SPKI; whitespace ignored). Returns the normalised base64, or throws. */
export function normalisePublicKey(value: string): string {
  const b64 = value.replace(/\s+/g, '');
  try {
    const key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
    return (key.export({ format: 'der', type: 'spki' }) as Buffer).toString('base64');
  } catch {
    // UNCONFIRMED: Snowflake's code and text for a malformed key (PEM armour included: the docs say to leave it out).
    throw errors.invalidPublicKey();
  }
}

/** `SHA256:<base64>` of the DER SPKI, as DESC USER shows it in RSA_PUBLIC_KEY_FP and the JWT's iss carries it. */
export function publicKeyFingerprint(b64Der: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(b64Der, 'base64')).digest('base64')}`;
}

interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signed: Buffer;
  signature: Buffer;
}

function splitJwt(token: string): JwtParts {
  const parts = token.split('.');
  if (parts.length !== 3) throw errors.jwtInvalid();
  const json = (s: string): Record<string, unknown> => {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  };
  try {
    return {
      header: json(parts[0] as string),
      payload: json(parts[1] as string),
      signed: Buffer.from(`${parts[0]}.${parts[1]}`),
      signature: Buffer.from(parts[2] as string, 'base64url'),
    };
  } catch {
    throw errors.jwtInvalid();
  }
}

/** A JWT time claim in ms: values below 1e11 are seconds (year 5138 in seconds), others milliseconds. */
function claimMs(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  return v < 1e11 ? v * 1000 : v;
}

/** The user's registered keys as KeyObjects, by fingerprint. */
function keysOf(user: UserRecord): Map<string, KeyObject> {
  const out = new Map<string, KeyObject>();
  for (const b64 of [user.rsaPublicKey, user.rsaPublicKey2]) {
    if (b64 !== undefined) out.set(publicKeyFingerprint(b64), createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' }));
  }
  return out;
}

/**
 * Verifies a key-pair login for `user` (found by LOGIN_NAME) on account `account`. `wallNow` is the machine's real
 * time: clients sign with their own clock, so the JWT lifetime is checked against it, not the emulated clock.
 */
export function verifyKeyPairJwt(token: string, user: UserRecord, account: string, wallNow: number): void {
  const { header, payload, signed, signature } = splitJwt(token);
  if (header['alg'] !== 'RS256') throw errors.jwtInvalid();
  const iss = payload['iss'];
  const sub = payload['sub'];
  if (typeof iss !== 'string' || typeof sub !== 'string') throw errors.jwtInvalid();
  // iss = ACCOUNT.USER.SHA256:fp; the fingerprint itself has no dots (base64).
  const at = iss.indexOf('.SHA256:');
  if (at < 0) throw errors.jwtInvalid();
  const subject = iss.slice(0, at);
  const fingerprint = iss.slice(at + 1);
  const names = new Set([`${account}.${user.loginName}`.toUpperCase(), `${account}.${user.name}`.toUpperCase()]);
  if (subject.toUpperCase() !== sub.toUpperCase() || !names.has(sub.toUpperCase())) throw errors.jwtInvalid();
  const key = keysOf(user).get(fingerprint);
  if (!key || !verify('RSA-SHA256', signed, key, signature)) throw errors.jwtInvalid();
  const exp = claimMs(payload['exp']);
  const iat = claimMs(payload['iat']);
  if (exp === undefined || wallNow >= exp) throw errors.jwtInvalid();
  // UNCONFIRMED: Snowflake's tolerance for a future iat; a minute of clock skew is allowed here.
  if (iat !== undefined && iat > wallNow + 60_000) throw errors.jwtInvalid();
}
