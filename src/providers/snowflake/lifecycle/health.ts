/**
 * The expiry gate's verdict on one token (what `pat status` reports), kept pure so the rules are in one place:
 *   missing  – no such token (or the config names none);
 *   invalid  – the token could not log in (394400), or SHOW reported a status we do not know;
 *   disabled / expired – as SHOW reports them (an ACTIVE row whose expires_at has passed counts as expired);
 *   expiring – active, but it expires in less than `warnDays` days (days_left < warnDays; 0 turns the warning off);
 *   ok       – active beyond the warning window (or with no known expiry).
 */
import { expiryWindow } from '../../../kernel/expiry.js';
import { daysLeftOrNull } from '../../../kernel/time.js';
import { isHealthy } from '../../../kernel/verdict.js';
import type { TokenInfo } from './tokens.js';

export type Verdict = 'ok' | 'expiring' | 'expired' | 'disabled' | 'missing' | 'invalid';

export function verdictOf(token: TokenInfo | undefined, now: Date, warnDays: number): Verdict {
  if (!token) return 'missing';
  const status = token.status.toUpperCase();
  if (status === 'DISABLED') return 'disabled';
  if (status === 'EXPIRED') return 'expired';
  if (status !== 'ACTIVE') return 'invalid';
  if (!token.expiresAt) return 'ok';
  return expiryWindow(token.expiresAt, now, warnDays);
}

/** The JSON `pat status --json` prints (documented in its help). */
export interface StatusReport {
  token_name: string | null;
  user: string;
  status: string | null;
  role_restriction: string | null;
  expires_at: string | null;
  days_left: number | null;
  warn_days: number;
  healthy: boolean;
  verdict: Verdict;
}

export function statusReport(spec: {
  name: string | undefined;
  user: string;
  token: TokenInfo | undefined;
  verdict: Verdict;
  now: Date;
  warnDays: number;
}): StatusReport {
  const { token } = spec;
  return {
    token_name: token?.name ?? spec.name?.toUpperCase() ?? null,
    user: token?.user || spec.user,
    status: token?.status ?? null,
    role_restriction: token?.roleRestriction ?? null,
    expires_at: token?.expiresAt?.toISOString() ?? null,
    days_left: token ? daysLeftOrNull(token.expiresAt, spec.now) : null,
    warn_days: spec.warnDays,
    healthy: isHealthy(spec.verdict),
    verdict: spec.verdict,
  };
}
