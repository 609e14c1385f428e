/**
 * What `pat plan` reports and `pat apply` does for one token, from what SHOW said and the state file. Pure.
 *
 *   missing                 → create
 *   expired                 → recreate (REMOVE the dead token, ADD it anew: its secret already works nowhere)
 *   disabled                → blocked (someone disabled it, maybe after a leak: a person decides)
 *   role restriction drift  → blocked (Snowflake cannot change it; revoke the token and apply re-creates it)
 *   undelivered             → rotate (a previous apply issued a secret that did not reach every sink)
 *   fewer than rotate_before_days left → rotate
 *   comment drift           → fix (MODIFY … SET COMMENT), also alongside a rotation
 */
import { daysLeftOrNull } from '../kernel/time.js';
import type { TokenInfo } from '../providers/snowflake/lifecycle/tokens.js';
import type { FleetToken } from './manifest.js';
import type { Undelivered } from './state.js';

export type TokenState = 'missing' | 'ok' | 'due' | 'expired' | 'disabled' | 'undelivered';
export type Action = 'create' | 'rotate' | 'recreate' | 'fix' | 'none' | 'blocked';

export interface Decision {
  state: TokenState;
  daysLeft: number | null;
  drift: string[];
  action: Action;
  /** Also set the comment (drift) while acting. */
  fixComment: boolean;
  detail: string;
}

export function decide(token: FleetToken, current: TokenInfo | undefined, undelivered: Undelivered | undefined, now: Date): Decision {
  if (!current) {
    return { state: 'missing', daysLeft: null, drift: [], action: 'create', fixComment: false, detail: `ADD, ${token.expiresInDays} days` };
  }
  const left = daysLeftOrNull(current.expiresAt, now);
  const drift: string[] = [];
  const roleDrift = token.roleRestriction !== undefined && (current.roleRestriction ?? '').toUpperCase() !== token.roleRestriction;
  if (roleDrift) drift.push(`role_restriction ${current.roleRestriction ?? '(none)'} → ${token.roleRestriction}`);
  const commentDrift = token.comment !== undefined && (current.comment ?? '') !== token.comment;
  if (commentDrift) drift.push('comment');
  const base = { daysLeft: left, drift, fixComment: commentDrift };

  if (current.status === 'EXPIRED' || (left !== null && left < 0)) {
    return { ...base, state: 'expired', action: 'recreate', fixComment: false, detail: 'REMOVE the expired token, ADD it anew' };
  }
  if (current.status === 'DISABLED') {
    return { ...base, state: 'disabled', action: 'blocked', detail: 'disabled: enable it (pat enable) or drop it from the manifest' };
  }
  if (roleDrift) {
    return { ...base, state: 'ok', action: 'blocked', detail: 'role restriction cannot change: revoke the token, then apply re-creates it' };
  }
  if (undelivered) {
    const sinks = undelivered.failedSinks.length > 0 ? `: ${undelivered.failedSinks.join(', ')}` : ' (interrupted run)';
    return { ...base, state: 'undelivered', action: 'rotate', detail: `last secret not delivered since ${undelivered.since}${sinks}` };
  }
  if (left === null || left < token.rotateBeforeDays) {
    return { ...base, state: 'due', action: 'rotate', detail: `rotate (fewer than ${token.rotateBeforeDays} days left)` };
  }
  if (commentDrift) return { ...base, state: 'ok', action: 'fix', detail: 'set the comment' };
  return { ...base, state: 'ok', action: 'none', detail: '' };
}

/** Actions that change something (plan exit 2). */
export function changes(action: Action): boolean {
  return action === 'create' || action === 'rotate' || action === 'recreate' || action === 'fix';
}
