/**
 * Snowflake sessions for the verbs: resolving the admin connection, and logging in as the admin or with the
 * config's PAT through the Factory's session factory (so tests can wrap it), with a spinner while waiting.
 */
import type { Factory } from '../../factory.js';
import type { LoadedConfig } from '../../config/index.js';
import { nodeFileAccess, resolveAdminConnection, type ResolvedConnection } from '../../connection/index.js';
import { UsageError } from '../../errors.js';
import { withSpinner } from '../../output/spinner.js';
import type { Session, SessionOptions } from './client.js';
import { adminTarget, patTarget } from './lifecycle/targets.js';
import { sameTokenName, sameUser } from './sql.js';

export async function resolveAdmin(f: Factory): Promise<ResolvedConnection> {
  const resolved = await resolveAdminConnection({
    connectionName: f.globals.connection,
    env: f.env,
    homeDir: f.homeDir,
    ...nodeFileAccess(),
    checkKeyFiles: true,
  });
  // The admin credentials are secrets too: mask them in anything printed from here on.
  const { password, token, privateKeyFilePwd } = resolved.settings;
  for (const secret of [password, token, privateKeyFilePwd]) f.io.protect(secret);
  for (const warning of resolved.warnings) f.io.err(f.io.errColour.yellow(`warning: ${warning}`));
  f.io.verbose(`admin connection: ${resolved.source}`);
  return resolved;
}

export function sessionOptions(f: Factory): SessionOptions {
  return { timeoutSeconds: f.globals.timeout, log: (line) => f.io.verbose(line) };
}

/** Spinner text while waiting on Snowflake; none with --verbose, whose log lines would interleave. */
function spin<T>(f: Factory, text: string, work: () => Promise<T>): Promise<T> {
  return withSpinner(f.io, !f.globals.verbose, text, work);
}

export function withAdminSession<T>(f: Factory, admin: ResolvedConnection, work: (session: Session) => Promise<T>): Promise<T> {
  const target = adminTarget(admin);
  return spin(f, `Talking to Snowflake at ${target.accessUrl}…`, () => f.sessions.withSession(target, sessionOptions(f), work));
}

export function withPatSession<T>(f: Factory, loaded: LoadedConfig, work: (session: Session) => Promise<T>, secret?: string): Promise<T> {
  const target = patTarget(loaded.config, loaded.path, secret);
  return spin(f, `Logging in with the token at ${target.accessUrl}…`, () => f.sessions.withSession(target, sessionOptions(f), work));
}

/** Does the config hold this user's token of this name? */
export function configHolds(loaded: LoadedConfig | undefined, user: string | undefined, name: string): loaded is LoadedConfig {
  if (!loaded || !sameTokenName(loaded.config.pat_name, name)) return false;
  return user === undefined || sameUser(user, loaded.config.user);
}

/**
 * A config's user and secret belong together: a token of any other user written into it could never log in.
 * Refused before anything is sent; the secret can still go elsewhere (--no-write with a sink or stdout).
 */
export function refuseForeignUser(loaded: LoadedConfig, user: string, verb: 'create' | 'rotate'): void {
  if (sameUser(user, loaded.config.user)) return;
  throw new UsageError(
    `--user ${user} is not the user of ${loaded.path} (${loaded.config.user}): its secret could never log in from there.`,
    `Pass --no-write --secret-only to take the secret elsewhere, or --config with ${user}'s own config file (pat ${verb} --config <file>).`,
  );
}
