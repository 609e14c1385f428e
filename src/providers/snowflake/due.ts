/**
 * "Is this token due?" for `pat rotate --if-expiring-within` on Snowflake.
 * A token is due when it expires within `days` days (or has expired, or its expiry is unknown).
 */
import type { ResolvedConnection } from '../../connection/index.js';
import { daysLeftOrNull } from '../../kernel/time.js';
import { tokenFromRow, type TokenInfo } from './lifecycle/tokens.js';
import { integerInRange, sameTokenName, showPats } from './sql.js';
import type { Factory } from '../../factory.js';
import { printJson } from '../../output/report.js';
import { withAdminSession } from './sessions.js';

export interface Due {
  due: boolean;
  /** Whole days left, rounded down; null when the token has no known expiry or does not exist. */
  daysLeft: number | null;
  token?: TokenInfo;
}

/** Pure: the rule itself. A missing token is "due" (rotate will then say it does not exist). */
export function dueness(token: TokenInfo | undefined, withinDays: number, now: Date): Due {
  if (!token) return { due: true, daysLeft: null };
  const left = daysLeftOrNull(token.expiresAt, now);
  if (token.status === 'EXPIRED' || left === null) return { due: true, daysLeft: left, token };
  return { due: left < withinDays, daysLeft: left, token };
}

/**
 * `pat rotate --if-expiring-within <days>`: one SHOW with the admin connection. Returns the exit code (0) after
 * saying "not due (N days left)" when the token is not due, or undefined when the rotation should go ahead.
 */
export async function skipRotationIfNotDue(
  deps: Factory,
  admin: ResolvedConnection,
  spec: { user?: string; name: string },
  withinDays: number,
): Promise<number | undefined> {
  const rows = await withAdminSession(deps, admin, (session) => session.query(showPats({ user: spec.user })));
  const token = rows.map(tokenFromRow).find((t) => sameTokenName(t.name, spec.name));
  const verdict = dueness(token, withinDays, deps.now());
  if (verdict.due) {
    deps.io.verbose(`token ${spec.name} is due (${verdict.daysLeft ?? 'unknown'} days left, threshold ${withinDays})`);
    return undefined;
  }
  if (deps.globals.json) {
    printJson(deps, { token_name: verdict.token?.name ?? spec.name, user: spec.user ?? null, rotated: false, due: false, days_left: verdict.daysLeft });
  } else {
    deps.io.out(`not due (${verdict.daysLeft} days left): token ${verdict.token?.name ?? spec.name} expires in ${withinDays} days or more, nothing rotated`);
  }
  return 0;
}
