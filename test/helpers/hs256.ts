/**
 * HS256 JSON Web Tokens for tests, written from RFC 7515/7519 with node:crypto and nothing from the emulator: the
 * Pangolin emulator's tests sign and check tokens with this, so a bug in the emulator's own JWT code cannot also
 * hide in the test's expectations.
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The secret the Pangolin emulator tests start it with (its `jwtSecret` option). */
export const TEST_JWT_SECRET = 'pangolin-test-signing-key';

const STANDARD_HEADER = { typ: 'JWT', alg: 'HS256' };

function mac(signingInput: string, secret: string): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(signingInput, 'ascii').digest();
}

function segment(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function parsedSegment(text: string, what: string): Record<string, unknown> {
  assert.match(text, /^[A-Za-z0-9_-]+$/, `the ${what} is base64url without padding`);
  const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `the ${what} is a JSON object`);
  return value as Record<string, unknown>;
}

/** base64url(header) "." base64url(claims) "." base64url(HMAC-SHA256(secret, the first two)). */
export function signHs256(claims: object, secret = TEST_JWT_SECRET, header: object = STANDARD_HEADER): string {
  const signingInput = `${segment(header)}.${segment(claims)}`;
  return `${signingInput}.${mac(signingInput, secret).toString('base64url')}`;
}

/** The header of a token, decoded without checking anything else. */
export function headerOf(token: string): Record<string, unknown> {
  return parsedSegment(token.split('.')[0] ?? '', 'JWT header');
}

/** The claims of a token after checking its shape, its `alg` and its HMAC-SHA256 signature with `secret`. */
export function verifiedClaims(token: string, secret = TEST_JWT_SECRET): Record<string, unknown> {
  const parts = token.split('.');
  assert.equal(parts.length, 3, 'a JWS compact token has three segments');
  const [header, payload, signature] = parts as [string, string, string];
  assert.equal(parsedSegment(header, 'JWT header')['alg'], 'HS256');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(`${header}.${payload}`, secret);
  assert.ok(given.length === expected.length && timingSafeEqual(given, expected), 'the token is signed with the secret');
  return parsedSegment(payload, 'JWT payload');
}
