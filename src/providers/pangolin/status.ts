/**
 * `pat status --provider pangolin`: the expiry gate for the token in the PyIceberg config. Reads `exp` from the
 * token itself, then asks Pangolin (GET /api/v1/users/me) whether it still accepts it — a revoked token looks
 * fine locally. Exit 0 healthy · 3 expires within --warn-days (days_left < N) · 1 expired, revoked, invalid or
 * missing · 2 bad flags or config.
 */
import { printStatus } from '../../output/status-line.js';
import type { Factory } from '../../factory.js';
import { expiryWindow } from '../../kernel/expiry.js';
import { daysLeftOrNull, daysLeftText, shortTime } from '../../kernel/time.js';
import { exitCodeOf, isHealthy } from '../../kernel/verdict.js';
import { requireUrl, serverUrl } from './credentials.js';
import { tokenRejection } from './explain.js';
import { type PangolinRequest } from './flags.js';
import type { PangolinClaims } from './jwt.js';
import { client, spin, whoAmI } from './session.js';
import { catalogEntry, heldToken, keyOf } from './target.js';

export const DEFAULT_WARN_DAYS = 14;

export type PangolinVerdict = 'ok' | 'expiring' | 'expired' | 'revoked' | 'invalid' | 'missing';

/** The local verdict from `exp` alone. */
export function localVerdict(claims: PangolinClaims, now: Date, warnDays: number): PangolinVerdict {
  return expiryWindow(new Date(claims.exp * 1000), now, warnDays);
}

export async function runStatus(flags: PangolinRequest, deps: Factory): Promise<number> {
  const warnDays = flags.warnDays ?? DEFAULT_WARN_DAYS;
  const entry = await catalogEntry(flags, deps);
  const where = `${keyOf(entry)} of ${entry.path}`;
  const now = deps.now();

  let verdict: PangolinVerdict;
  let reason: string | undefined;
  let claims: PangolinClaims | undefined;
  let confirmed = false;
  if (!entry.token) {
    if (!entry.exists) heldToken(entry); // no file at all: a config error (exit 2), as for Snowflake
    verdict = 'missing';
    reason = `${entry.path} has no ${keyOf(entry)}: there is no token to check.`;
  } else {
    const held = heldToken(entry);
    claims = held.claims;
    const server = requireUrl(serverUrl(flags, deps, entry), entry);
    if (!claims) {
      verdict = 'invalid';
      reason = `The value of ${where} is not a Pangolin token (not a JWT with an exp claim).`;
    } else {
      verdict = localVerdict(claims, now, warnDays);
      const api = client(deps, server);
      try {
        await spin(deps, `Checking the token at ${server.url}…`, () => whoAmI(api, held.token));
        confirmed = true;
      } catch (error) {
        const rejected = tokenRejection(error, where, held.claims, deps.now());
        if (!rejected) throw error;
        verdict = rejected.problem;
        reason = `${rejected.message} ${rejected.hint}`;
      }
    }
  }

  const expires = claims ? new Date(claims.exp * 1000) : undefined;
  const days = daysLeftOrNull(expires, now);
  const code = exitCodeOf(verdict);
  const report = {
    provider: 'pangolin',
    token_id: claims?.jti ?? null,
    user: claims?.username ?? null,
    role: claims?.role ?? null,
    tenant_id: claims?.tenantId ?? null,
    expires_at: expires?.toISOString() ?? null,
    days_left: days,
    warn_days: warnDays,
    healthy: isHealthy(verdict),
    server_confirmed: confirmed,
    verdict,
    config_path: entry.path,
    catalog: entry.catalog,
  };
  const daysText = days === null ? '' : `${daysLeftText(days)}, `;
  const expiresText = expires ? shortTime(expires) : 'unknown';
  const who = `Token ${claims?.jti ?? '(unknown id)'} of ${claims?.username || 'unknown user'}`;
  let line: string;
  switch (verdict) {
    case 'ok':
      line = `${who} is valid: ${daysText}expires ${expiresText} (Pangolin accepts it).`;
      break;
    case 'expiring':
      line = `${who} expires soon: ${daysText}expires ${expiresText} (warning window: ${warnDays} days). Replace it: pat create --provider pangolin --expires-in <days> (v0.8 rotation issues 24-hour tokens)`;
      break;
    case 'expired':
      line = reason ?? `${who} has expired (${expiresText}). Create a new one: pat create --provider pangolin --expires-in <days>`;
      break;
    default:
      line = reason ?? `${who} is ${verdict}.`;
  }
  printStatus(deps.io, deps.globals.json, report, code, line);
  return code;
}
