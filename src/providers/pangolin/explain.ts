/**
 * What Pangolin v0.8's auth middleware means by each 401 text, in words a user can act on. The texts are the
 * server's own (plain-text bodies): "Token expired", "Token has been revoked", "Invalid token", "Invalid session",
 * "Missing authorization header"…
 */
import { PangolinHttpError } from './client.js';
import { shortTime } from '../../kernel/time.js';
import type { PangolinClaims } from './jwt.js';

export type TokenProblem = 'expired' | 'revoked' | 'invalid';

export interface Rejected {
  problem: TokenProblem;
  /** One sentence: what happened. */
  message: string;
  /** One line: what to do. */
  hint: string;
}

/**
 * When `error` is Pangolin refusing the token itself (401), what is wrong with it; otherwise undefined.
 * v0.8 answers an expired token with "Invalid token" (its JWT library rejects it before the middleware's own
 * "Token expired" check, which only fires inside the 60 s leeway), so the token's own `exp` decides between
 * expired and invalid.
 */
export function tokenRejection(error: unknown, where: string, claims?: PangolinClaims, now?: Date): Rejected | undefined {
  if (!(error instanceof PangolinHttpError) || error.status !== 401) return undefined;
  const text = error.text.toLowerCase();
  const pastExp = claims !== undefined && now !== undefined && claims.exp * 1000 <= now.getTime();
  if (text.includes('expired') || (pastExp && text.includes('invalid token'))) {
    return {
      problem: 'expired',
      message: `The token in ${where} has expired${claims ? ` (exp ${shortTime(new Date(claims.exp * 1000))})` : ''} (Pangolin: "${error.text}").`,
      hint: 'Create a new one: pat create --provider pangolin --expires-in <days>',
    };
  }
  if (text.includes('revoked')) {
    return {
      problem: 'revoked',
      message: `The token in ${where} has been revoked (Pangolin: "${error.text}").`,
      hint: 'Create a new one: pat create --provider pangolin --expires-in <days>',
    };
  }
  if (text.includes('invalid session')) {
    return {
      problem: 'invalid',
      message: `Pangolin accepts the signature of the token in ${where} but cannot use it (Pangolin: "${error.text}"): its user or tenant id is malformed.`,
      hint: 'A token rotated from a root (tenant-less) session is unusable in Pangolin v0.8. Create a tenant token: pat create --provider pangolin',
    };
  }
  const exp = claims ? ` Its exp claim says ${shortTime(new Date(claims.exp * 1000))}; if the server's clock is ahead of this one, it may simply have expired.` : '';
  return {
    problem: 'invalid',
    message: `Pangolin does not accept the token in ${where} (Pangolin: "${error.text || '401'}"): it is malformed, or was issued by another Pangolin server (or one whose secret changed).${exp}`,
    hint: 'Check that the URL is the server that issued it (--pangolin-url / PANGOLIN_URL / the catalog uri), or create a new one.',
  };
}
