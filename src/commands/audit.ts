/**
 * `pat usage` and `pat inventory`, read from SNOWFLAKE.ACCOUNT_USAGE on the admin connection:
 * - usage: the PAT logins (successful and failed) of one user, newest first, from LOGIN_HISTORY;
 * - inventory: every PAT in the account, soonest expiry first, from CREDENTIALS (TYPE = 'PAT').
 * Both views lag by up to two hours, which both commands say. SQL: src/snowflake/sql.ts.
 * Flags → options → the token system's `usage` / `inventory` (Snowflake only: exit 2 under Pangolin, before any I/O).
 */
import type { Command } from 'commander';
import { resolvedName } from '../providers/snowflake/sql.js';
import { integerInRange } from '../kernel/numbers.js';
import { requireVerb, type InventoryOptions, type UsageOptions } from '../providers/provider.js';
import type { Runner } from './command.js';

export const DEFAULT_USAGE_DAYS = 7;
/** LOGIN_HISTORY keeps a year. */
export const MAX_USAGE_DAYS = 365;
/** No token lives longer than 365 days. */
export const MAX_EXPIRING_WITHIN_DAYS = 365;


export function usageOptionsFromFlags(flags: { days?: string; user?: string }): UsageOptions {
  const days = flags.days === undefined ? DEFAULT_USAGE_DAYS : integerInRange(flags.days, '--days', 1, MAX_USAGE_DAYS);
  if (flags.user !== undefined) resolvedName(flags.user, '--user');
  return { days, ...(flags.user !== undefined ? { user: flags.user } : {}) };
}

export function inventoryOptionsFromFlags(flags: { expiringWithin?: string }): InventoryOptions {
  if (flags.expiringWithin === undefined) return {};
  return { expiringWithin: integerInRange(flags.expiringWithin, '--expiring-within', 1, MAX_EXPIRING_WITHIN_DAYS) };
}

export function registerAudit(program: Command, run: Runner): void {
  program
    .command('usage')
    .description("PAT logins of a user (successes and failures), newest first, from SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY")
    .option('--days <n>', `how many days back, 1-${MAX_USAGE_DAYS} (default ${DEFAULT_USAGE_DAYS})`)
    .option('--user <user>', 'user whose logins to list (default: the config "user")')
    .addHelpText('after', '\nRuns on the admin connection and needs access to SNOWFLAKE.ACCOUNT_USAGE. The view lags by up to 2 hours.\n\nExample:\n  pat usage --days 30\n  pat usage --json | jq \'.[] | select(.success | not)\'')
    .action(
      run(async (deps, flags: { days?: string; user?: string }) => {
        const options = usageOptionsFromFlags(flags);
        return requireVerb(await deps.provider(), 'usage', 'usage')(options, deps);
      }),
    );

  program
    .command('inventory')
    .description("every PAT in the account, soonest expiry first, from SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS")
    .option('--expiring-within <days>', `only tokens not yet expired that expire within this many days, 1-${MAX_EXPIRING_WITHIN_DAYS}`)
    .addHelpText('after', '\nRuns on the admin connection and needs access to SNOWFLAKE.ACCOUNT_USAGE. The view lags by up to 2 hours.\n\nExample:\n  pat inventory --expiring-within 14\n  pat inventory --json | jq \'group_by(.user_name) | map({user: .[0].user_name, tokens: length})\'')
    .action(
      run(async (deps, flags: { expiringWithin?: string }) => {
        const options = inventoryOptionsFromFlags(flags);
        return requireVerb(await deps.provider(), 'inventory', 'inventory')(options, deps);
      }),
    );
}
