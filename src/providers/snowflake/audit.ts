/** The work of `pat usage` and `pat inventory`: imported by their actions only (see audit.ts). */
import {
  ACCOUNT_USAGE_LATENCY_NOTE, bySoonestExpiry, newestFirst, patCredentialFromRow, patCredentialJson, patLoginFromRow,
  patLoginJson,
} from './lifecycle/account-usage.js';
import { renderInventory, renderUsage } from './audit-tables.js';
import type { Session, Row } from './client.js';
import { SnowflakeFailure } from './errors.js';
import { patCredentials, patLoginHistory, resolvedName, type Sql } from './sql.js';
import type { InventoryOptions, UsageOptions } from '../provider.js';
import { loadConfig, loadConfigIfPresent } from '../../config/load.js';
import { resolveAdmin, withAdminSession } from './sessions.js';
import { printJson, reporter } from '../../output/report.js';
import type { Factory } from '../../factory.js';

const ACCOUNT_USAGE_HINT =
  'Reading SNOWFLAKE.ACCOUNT_USAGE needs ACCOUNTADMIN, or a role granted access to the SNOWFLAKE database: ' +
  'GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE TO ROLE <role>; then set that role on the admin connection.';

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

export async function runUsage(options: UsageOptions, deps: Factory): Promise<number> {
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

export async function runInventory(options: InventoryOptions, deps: Factory): Promise<number> {
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
