/** `pat status`'s work: imported by the status command's action only (see status.ts for the verdicts and exit codes). */
import { printStatus } from '../../output/status-line.js';
import type { LoadedConfig } from '../../config/index.js';
import type { ResolvedConnection } from '../../connection/index.js';
import { ConfigError, FailureError } from '../../errors.js';
import { exitCodeOf } from '../../kernel/verdict.js';
import { daysLeftText, shortTime } from '../../kernel/time.js';
import { statusReport, verdictOf, type StatusReport, type Verdict } from './lifecycle/health.js';
import { lineageOf, livePredecessors } from './lifecycle/lineage.js';
import { tokenFromRow, type TokenInfo } from './lifecycle/tokens.js';
import type { Row } from './client.js';
import { SnowflakeFailure } from './errors.js';
import { showPats, type Sql } from './sql.js';
import type { Factory } from '../../factory.js';
import { withJsonFailure } from '../../output/json-failure.js';
import { loadConfig } from '../../config/load.js';
import { resolveAdmin, withAdminSession, withPatSession } from './sessions.js';
import type { StatusOptions } from '../provider.js';

/**
 * True only when nothing names an admin connection anywhere (no --connection, no connections file entry, no
 * SNOWFLAKE_* identity). A connection that is named but broken stays an error: the fallback must not hide it.
 */
function noAdminConfigured(error: unknown, deps: Factory): boolean {
  return deps.globals.connection === undefined && error instanceof ConfigError && error.problem === 'no-admin-connection';
}

async function adminOrNone(deps: Factory): Promise<ResolvedConnection | undefined> {
  try {
    return await resolveAdmin(deps);
  } catch (error) {
    if (noAdminConfigured(error, deps)) return undefined;
    throw error;
  }
}

type Lookup = { rows: Row[] } | { verdict: Verdict; reason: string };

/**
 * The fallback: the service's own token lists its user's tokens.
 * UNCONFIRMED: whether a PAT session of a SERVICE user may run SHOW for itself. [SHOW] requires MODIFY on the user
 * "for a human user other than yourself or a service user" (facts §3.5), which may include a service user's own
 * tokens. When Snowflake refuses, the login itself has shown the token is valid; we say so and fail (exit 1).
 */
async function lookupWithToken(deps: Factory, loaded: LoadedConfig, statement: Sql): Promise<Lookup> {
  const secret = loaded.config.pat;
  if (!secret) {
    return {
      verdict: 'missing',
      reason: `${loaded.path} has no "pat" field, and no admin connection is configured to look the token up.`,
    };
  }
  deps.io.protect(secret);
  deps.io.verbose("no admin connection configured: checking with the config's own token");
  try {
    return { rows: await withPatSession(deps, loaded, (session) => session.query(statement)) };
  } catch (error) {
    if (error instanceof SnowflakeFailure && error.phase === 'login' && (error.code === '394400' || error.code === '394401')) {
      return {
        verdict: error.code === '394401' ? 'expired' : 'invalid',
        reason: `The token in ${loaded.path} cannot log in: ${error.message}`,
      };
    }
    if (error instanceof SnowflakeFailure && error.phase === 'query') {
      throw new FailureError(
        `The token in ${loaded.path} logged in, but its session may not list tokens: ${error.message}`,
        'Configure an admin connection (connections.toml or SNOWFLAKE_* variables) so `pat status` can read the expiry.',
        error.code,
      );
    }
    throw error;
  }
}

function predecessorLine(token: TokenInfo): string {
  const until = token.expiresAt ? `until ${shortTime(token.expiresAt)}` : 'until its grace period ends';
  return `A previous secret still logs in as ${token.name} ${until}: copies still holding it stop working then.`;
}

function describe(report: StatusReport, reason: string | undefined): string {
  const name = report.token_name ?? '(none)';
  const expires = report.expires_at ? shortTime(new Date(report.expires_at)) : 'unknown';
  const days = report.days_left === null ? '' : `${daysLeftText(report.days_left)}, `;
  const role = report.role_restriction ? `, role ${report.role_restriction}` : '';
  switch (report.verdict) {
    case 'ok':
      return `Token ${name} of user ${report.user} is ${report.status}: ${days}expires ${expires}${role}.`;
    case 'expiring':
      return (
        `Token ${name} of user ${report.user} expires soon: ${days}expires ${expires}${role} ` +
        `(warning window: ${report.warn_days} days). Rotate it: pat rotate`
      );
    case 'expired':
      return reason ?? `Token ${name} of user ${report.user} has expired (${expires}). Create a new one: pat create --name <name>`;
    case 'disabled':
      return `Token ${name} of user ${report.user} is DISABLED: it cannot log in. Re-enable it: pat enable --name ${name}`;
    case 'missing':
      return reason ?? `Token ${name} of user ${report.user} does not exist (removed, renamed, or expired over 7 days ago).`;
    case 'invalid':
      return reason ?? `Token ${name} of user ${report.user} has an unexpected status: ${report.status}.`;
  }
}

export function runStatus(options: StatusOptions, deps: Factory): Promise<number> {
  return withJsonFailure(deps, () => status(options, deps));
}

async function status(options: StatusOptions, deps: Factory): Promise<number> {
  const loaded = await loadConfig(deps);
  const { config } = loaded;
  const name = config.pat_name;
  const user = config.user;
  const now = deps.now();
  // Built (and so validated) before any connection is opened.
  const statement = showPats({ user });

  let lookup: Lookup;
  if (!name) {
    lookup = { verdict: 'missing', reason: `${loaded.path} has no "pat_name": there is no token to check.` };
  } else {
    const admin = await adminOrNone(deps);
    lookup = admin
      ? { rows: await withAdminSession(deps, admin, (session) => session.query(statement)) }
      : await lookupWithToken(deps, loaded, statement);
  }

  let token: TokenInfo | undefined;
  let predecessors: TokenInfo[] = [];
  let verdict: Verdict;
  let reason: string | undefined;
  if ('rows' in lookup && name) {
    const lineage = lineageOf(lookup.rows.map(tokenFromRow), name);
    token = lineage.token;
    predecessors = livePredecessors(lineage, now);
    verdict = verdictOf(token, now, options.warnDays);
  } else {
    verdict = 'verdict' in lookup ? lookup.verdict : 'missing';
    reason = 'reason' in lookup ? lookup.reason : undefined;
  }
  const report = {
    ...statusReport({ name, user, token, verdict, now, warnDays: options.warnDays }),
    // Previous secrets that still log in: deployed copies holding one stop working when it expires.
    live_predecessors: predecessors.map((t) => ({ name: t.name, expires_at: t.expiresAt?.toISOString() ?? null })),
  };
  const code = exitCodeOf(verdict);
  const line = [describe(report, reason), ...predecessors.map(predecessorLine)].join('\n  ');
  printStatus(deps.io, deps.globals.json, report, code, line);
  return code;
}
