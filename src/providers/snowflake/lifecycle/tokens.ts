/**
 * A token as SHOW USER PROGRAMMATIC ACCESS TOKENS describes it (../shared/snowflake-pat-facts.md §2.3).
 */
import { daysLeftOrNull } from '../../../kernel/time.js';
import type { Row, Value } from '../client.js';
import { date, text } from './row-values.js';

export type TokenStatus = 'ACTIVE' | 'EXPIRED' | 'DISABLED' | string;

export interface TokenInfo {
  name: string;
  user: string;
  roleRestriction: string | null;
  expiresAt: Date | null;
  status: TokenStatus;
  comment: string | null;
  createdOn: Date | null;
  createdBy: string | null;
  minsToBypassNetworkPolicy: number | null;
  rotatedTo: string | null;
}

function integer(value: Value | undefined): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function tokenFromRow(row: Row): TokenInfo {
  return {
    name: text(row.name) ?? '',
    user: text(row.user_name) ?? '',
    roleRestriction: text(row.role_restriction),
    expiresAt: date(row.expires_at),
    status: text(row.status) ?? 'UNKNOWN',
    comment: text(row.comment),
    createdOn: date(row.created_on),
    createdBy: text(row.created_by),
    // The reference page names this column differently from the guide's output (§2.3); accept both.
    minsToBypassNetworkPolicy: integer(row.mins_to_bypass_network_policy_requirement ?? row.mins_to_bypass_required_network_policy),
    rotatedTo: text(row.rotated_to),
  };
}

/** The first fields of every token's JSON (`pat list`, `pat inventory`), in this order. */
export function tokenHeadJson(token: Pick<TokenInfo, 'name' | 'user' | 'status' | 'roleRestriction' | 'expiresAt'>, now: Date) {
  return {
    name: token.name,
    user_name: token.user,
    status: token.status,
    role_restriction: token.roleRestriction,
    expires_at: token.expiresAt?.toISOString() ?? null,
    days_left: daysLeftOrNull(token.expiresAt, now),
  };
}

/** The JSON shape of a token (documented in the README). */
export function tokenJson(token: TokenInfo, now: Date, heldByConfig: boolean) {
  return {
    ...tokenHeadJson(token, now),
    comment: token.comment,
    created_on: token.createdOn?.toISOString() ?? null,
    created_by: token.createdBy,
    mins_to_bypass_network_policy_requirement: token.minsToBypassNetworkPolicy,
    rotated_to: token.rotatedTo,
    in_config: heldByConfig,
  };
}
