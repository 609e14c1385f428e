/**
 * `pat usage` and `pat inventory`, read from SNOWFLAKE.ACCOUNT_USAGE on the admin connection:
 * - usage: the PAT logins (successful and failed) of one user, newest first, from LOGIN_HISTORY;
 * - inventory: every PAT in the account, soonest expiry first, from CREDENTIALS (TYPE = 'PAT').
 * Both views lag by up to two hours, which both commands say. SQL: src/snowflake/sql.ts.
 */
import type { Command } from 'commander';
import {
  ACCOUNT_USAGE_LATENCY_NOTE, bySoonestExpiry, newestFirst, patCredentialFromRow, patCredentialJson, patLoginFromRow,
  patLoginJson,
} from '../lifecycle/account-usage.js';
import { renderInventory, renderUsage } from '../output/audit.js';
import type { Session, Row } from '../snowflake/client.js';
import { UsageError } from '../errors.js';
import { SnowflakeFailure } from '../snowflake/errors.js';
import { integerInRange, patCredentials, patLoginHistory, resolvedName, type Sql } from '../snowflake/sql.js';
import { loadConfig, loadConfigIfPresent, printJson, reporter, resolveAdmin, withAdminSession, type Deps, type Runner } from './runtime.js';

export const DEFAULT_USAGE_DAYS = 7;
/** LOGIN_HISTORY keeps a year. */
export const MAX_USAGE_DAYS = 365;
/** No token lives longer than 365 days. */
export const MAX_EXPIRING_WITHIN_DAYS = 365;

const ACCOUNT_USAGE_HINT =
  'Reading SNOWFLAKE.ACCOUNT_USAGE needs ACCOUNTADMIN, or a role granted access to the SNOWFLAKE database: ' +
  'GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE TO ROLE <role>; then set that role on the admin connection.';

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

/** These read Snowflake's own views; Pangolin has nothing like them. */
export function requireSnowflake(deps: Deps, command: string): void {
  if (deps.globals.provider === 'pangolin') {
    throw new UsageError(`\`pat ${command}\` works with Snowflake only; it has no Pangolin equivalent.`, 'Run it without --provider pangolin (and without PAT_PROVIDER=pangolin).');
  }
}

/** Runs one ACCOUNT_USAGE query; an access error gets advice about the SNOWFLAKE database, not about PAT grants. */
async function queryAccountUsage(session: Session, statement: Sql): Promise<Row[]> {
  try {
    return await session.query(statement);
  } catch (error) {
    if (error instanceof SnowflakeFailure && (error.code === '003001' || error.code === '002003')) {
      throw new SnowflakeFailure(error.message, ACCOUNT_USAGE_HINT, error.code, error.phase, error.outcomeUnknown);
    }
    throw error;
  }
}

export async function runUsage(options: UsageOptions, deps: Deps): Promise<number> {
  requireSnowflake(deps, 'usage');
  const loaded = options.user === undefined ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const user = options.user ?? loaded?.config.user;
  if (user === undefined) throw new Error('unreachable: loadConfig returns a user');
  const statement = patLoginHistory({ user, days: options.days });
  const admin = await resolveAdmin(deps);
  const rows = await withAdminSession(deps, admin, (session) => queryAccountUsage(session, statement));
  const logins = newestFirst(rows.map(patLoginFromRow));
  const note = reporter(deps, deps.globals.json);
  if (deps.globals.json) printJson(deps, logins.map(patLoginJson));
  else if (logins.length === 0) {
    deps.io.out(`No PAT logins by ${resolvedName(user, '--user')} in the last ${options.days} day(s).`);
  } else {
    deps.io.out(renderUsage(deps.io, logins));
    const failed = logins.filter((l) => !l.success).length;
    deps.io.out(`${logins.length} PAT login(s) in the last ${options.days} day(s)${failed ? `, ${failed} failed` : ''}.`);
  }
  note(ACCOUNT_USAGE_LATENCY_NOTE);
  return 0;
}

export async function runInventory(options: InventoryOptions, deps: Deps): Promise<number> {
  requireSnowflake(deps, 'inventory');
  const statement = patCredentials({ expiringWithinDays: options.expiringWithin });
  const admin = await resolveAdmin(deps);
  const rows = await withAdminSession(deps, admin, (session) => queryAccountUsage(session, statement));
  const credentials = bySoonestExpiry(rows.map(patCredentialFromRow));
  const now = deps.now();
  const note = reporter(deps, deps.globals.json);
  if (deps.globals.json) printJson(deps, credentials.map((c) => patCredentialJson(c, now)));
  else if (credentials.length === 0) {
    deps.io.out(options.expiringWithin === undefined
      ? 'No programmatic access tokens in the account.'
      : `No programmatic access tokens expire within ${options.expiringWithin} day(s).`);
  } else {
    deps.io.out(renderInventory(deps.io, credentials, now));
    const users = new Set(credentials.map((c) => c.user)).size;
    deps.io.out(`${credentials.length} token(s) of ${users} user(s)${options.expiringWithin === undefined ? '' : `, expiring within ${options.expiringWithin} day(s)`}.`);
  }
  note(ACCOUNT_USAGE_LATENCY_NOTE);
  return 0;
}

export function registerAudit(program: Command, run: Runner): void {
  program
    .command('usage')
    .description("PAT logins of a user (successes and failures), newest first, from SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY")
    .option('--days <n>', `how many days back, 1-${MAX_USAGE_DAYS} (default ${DEFAULT_USAGE_DAYS})`)
    .option('--user <user>', 'user whose logins to list (default: the config "user")')
    .addHelpText('after', '\nRuns on the admin connection and needs access to SNOWFLAKE.ACCOUNT_USAGE. The view lags by up to 2 hours.\n\nExample:\n  pat usage --days 30\n  pat usage --json | jq \'.[] | select(.success | not)\'')
    .action(run((deps, flags: { days?: string; user?: string }) => runUsage(usageOptionsFromFlags(flags), deps)));

  program
    .command('inventory')
    .description("every PAT in the account, soonest expiry first, from SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS")
    .option('--expiring-within <days>', `only tokens not yet expired that expire within this many days, 1-${MAX_EXPIRING_WITHIN_DAYS}`)
    .addHelpText('after', '\nRuns on the admin connection and needs access to SNOWFLAKE.ACCOUNT_USAGE. The view lags by up to 2 hours.\n\nExample:\n  pat inventory --expiring-within 14\n  pat inventory --json | jq \'group_by(.user_name) | map({user: .[0].user_name, tokens: length})\'')
    .action(run((deps, flags: { expiringWithin?: string }) => runInventory(inventoryOptionsFromFlags(flags), deps)));
}
