// HS256 JSON Web Tokens with node:crypto only, shaped like the ones Pangolin v0.8.0 mints with the Rust
// `jsonwebtoken` crate: header `{"typ":"JWT","alg":"HS256"}` (Header::default()), claims in the order of
// `pangolin_api::auth::Claims` (sub, jti, username, tenant_id, role, exp, iat).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `UserRole` as it appears on the wire (`#[serde(rename_all = "kebab-case")]`). */
export type WireRole = 'root' | 'tenant-admin' | 'tenant-user';

export const WIRE_ROLES: readonly WireRole[] = ['root', 'tenant-admin', 'tenant-user'];

export interface PangolinClaims {
  sub: string;
  /** Always present on tokens v0.8.0 mints; `null`/absent is rejected by the auth middleware. */
  jti: string | null;
  username: string;
  /** `null` for a root login; `""` on a token a tenant-less (root) session rotated - a real v0.8.0 bug. */
  tenant_id: string | null;
  role: WireRole;
  exp: number;
  iat: number;
}

/** jsonwebtoken's `Validation::default()` leeway, in seconds. */
export const EXP_LEEWAY_SECONDS = 60;

const HEADER = { typ: 'JWT', alg: 'HS256' };

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function hmac(secret: Buffer, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** Signs any JSON object; the emulator uses it for real claims and tests use it (via forgeToken) for odd ones. */
export function signJwt(claims: object, secret: Buffer, header: object = HEADER): string {
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${hmac(secret, signingInput).toString('base64url')}`;
}

export type VerifyResult = { ok: true; claims: PangolinClaims } | { ok: false; why: string };

function parseSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new Error('bad base64url');
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function optString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

/**
 * What `jsonwebtoken::decode::<Claims>(token, key, &Validation::default())` accepts: three segments, alg HS256,
 * a valid signature, claims that deserialize into `Claims`, and `exp` not older than now - 60 s. Every failure
 * becomes the middleware's single "Invalid token" 401, so `why` is only for debugging.
 */
export function verifyJwt(token: string, secret: Buffer, nowMs: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, why: 'InvalidToken' };
  const [h, p, s] = parts as [string, string, string];
  let header: unknown;
  try {
    header = parseSegment(h);
  } catch {
    return { ok: false, why: 'InvalidToken' };
  }
  if (!isObject(header) || header['alg'] !== 'HS256') return { ok: false, why: 'InvalidAlgorithm' };
  const expected = hmac(secret, `${h}.${p}`);
  let given: Buffer;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('bad base64url');
    given = Buffer.from(s, 'base64url');
  } catch {
    return { ok: false, why: 'Base64' };
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, why: 'InvalidSignature' };
  }
  let raw: unknown;
  try {
    raw = parseSegment(p);
  } catch {
    return { ok: false, why: 'Json' };
  }
  if (!isObject(raw)) return { ok: false, why: 'Json' };
  // Claims deserialization: sub/username String, role UserRole, exp/iat i64, jti/tenant_id Option<String>.
  const { sub, jti, username, tenant_id, role, exp, iat } = raw;
  if (
    typeof sub !== 'string' ||
    typeof username !== 'string' ||
    !optString(jti) ||
    !optString(tenant_id) ||
    typeof role !== 'string' ||
    !(WIRE_ROLES as readonly string[]).includes(role) ||
    !isInt(exp) ||
    !isInt(iat)
  ) {
    return { ok: false, why: 'Json' };
  }
  const nowSec = Math.floor(nowMs / 1000);
  if (exp < nowSec - EXP_LEEWAY_SECONDS) return { ok: false, why: 'ExpiredSignature' };
  return {
    ok: true,
    claims: {
      sub,
      jti: (jti as string | null | undefined) ?? null,
      username,
      tenant_id: (tenant_id as string | null | undefined) ?? null,
      role: role as WireRole,
      exp,
      iat,
    },
  };
}

/** Decodes the payload without verifying anything. For tests and diagnostics only. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const p = token.split('.')[1];
  if (p === undefined) throw new Error('not a JWT');
  const v = parseSegment(p);
  if (!isObject(v)) throw new Error('JWT payload is not an object');
  return v;
}
