/** `pat plan`'s work (read-only): per token, what SHOW says, and what apply would do. */
import type { TokenInfo } from '../providers/snowflake/lifecycle/tokens.js';
import { sameTokenName } from '../providers/snowflake/sql.js';
import type { Accounts } from './accounts.js';
import { decide, type Decision } from './decide.js';
import type { FleetToken } from './manifest.js';
import { mapPool } from './pool.js';
import type { FleetState } from './state.js';

export interface PlannedToken {
  token: FleetToken;
  decision?: Decision;
  /** What SHOW said about the token (undefined when missing). */
  current?: TokenInfo;
  /** SHOW (or the admin login) failed for this token's user. */
  error?: string;
}

export async function planFleet(tokens: FleetToken[], accounts: Accounts, state: FleetState, now: Date, parallel: number): Promise<PlannedToken[]> {
  return mapPool(tokens, parallel, async (token) => {
    try {
      const current = (await accounts.tokensOf(token.connection, token.user)).find((t) => sameTokenName(t.name, token.name));
      return { token, current, decision: decide(token, current, state.undelivered[token.key], now) };
    } catch (error) {
      return { token, error: error instanceof Error ? error.message : String(error) };
    }
  });
}
