/**
 * `pat usage` and `pat inventory`, read from SNOWFLAKE.ACCOUNT_USAGE on the admin connection:
 * - usage: the PAT logins (successful and failed) of one user, newest first, from LOGIN_HISTORY;
 * - inventory: every PAT in the account, soonest expiry first, from CREDENTIALS (TYPE = 'PAT').
 * Both views lag by up to two hours, which both commands say. SQL: src/snowflake/sql.ts.
 * Only the command line lives here (flags, validation, help); audit-run.ts does the work and is loaded lazily.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { integerInRange, resolvedName } from '../snowflake/sql.js';
import type { Deps, Runner } from './action.js';

export const DEFAULT_USAGE_DAYS = 7;
/** LOGIN_HISTORY keeps a year. */
export const MAX_USAGE_DAYS = 365;
/** No token lives longer than 365 days. */
export const MAX_EXPIRING_WITHIN_DAYS = 365;

export interface UsageOptions {
  days: number;
  user?: string;
}

export interface InventoryOptions {
  expiringWithin?: number;
}

export function usageOptionsFromFlags(flags: { days?: string; user?: string }): UsageOptions {
  const days = flags.days === undefined ? DEFAULT_USAGE_DAYS : integerInRange(flags.days, '--days', 1, MAX_USAGE_DAYS);
  if (flags.user !== undefined) resolvedName(flags.user, '--user');
  return { days, ...(flags.user !== undefined ? { user: flags.user } : {}) };
}

export function inventoryOptionsFromFlags(flags: { expiringWithin?: string }): InventoryOptions {
  if (flags.expiringWithin === undefined) return {};
  return { expiringWithin: integerInRange(flags.expiringWithin, '--expiring-within', 1, MAX_EXPIRING_WITHIN_DAYS) };
}

/** These read Snowflake's own views; Pangolin has nothing like them. Checked by the actions, before the work loads. */
export function requireSnowflake(deps: Deps, command: string): void {
  if (deps.globals.provider === 'pangolin') {
    throw new UsageError(`\`pat ${command}\` works with Snowflake only; it has no Pangolin equivalent.`, 'Run it without --provider pangolin (and without PAT_PROVIDER=pangolin).');
  }
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
        requireSnowflake(deps, 'usage');
        return (await import('./audit-run.js')).runUsage(options, deps);
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
        requireSnowflake(deps, 'inventory');
        return (await import('./audit-run.js')).runInventory(options, deps);
      }),
    );
}
