/**
 * The steps the commands' work shares: finding the config, resolving the admin connection, opening sessions.
 * Heavy (config, connection, lifecycle, the driver wrapper, the spinner): imported only by the `*-run.ts` modules
 * and the Pangolin provider's verbs, never by a command surface (those use ./action.ts).
 */
import path from 'node:path';
import { gitExposure, permissionWarning, readConfig, type LoadedConfig } from '../config/index.js';
import { nodeFileAccess, resolveAdminConnection, type ResolvedConnection } from '../connection/index.js';
import { adminTarget, patTarget } from '../lifecycle/targets.js';
import { withSpinner } from '../output/spinner.js';
import { withSession, type Session, type SessionOptions } from '../snowflake/client.js';
import { sameTokenName, sameUser } from '../snowflake/sql.js';
import { ConfigError, UsageError } from '../errors.js';
import type { Deps } from './action.js';

export function configPath(deps: Deps): string {
  return path.resolve(deps.cwd, deps.globals.config);
}

/** Reads and validates the config, and warns (stderr) when it is exposed: loose mode or not ignored by git. */
export async function loadConfig(deps: Deps): Promise<LoadedConfig> {
  const loaded = await readConfig(configPath(deps));
  // The config's token must never be echoed, whatever later prints (driver errors included).
  deps.io.protect(loaded.config.pat);
  const loose = permissionWarning(loaded.mode, loaded.path);
  if (loose) deps.io.err(deps.io.errColour.yellow(`warning: ${loose}`));
  if (loaded.config.pat) {
    const exposure = await gitExposure(loaded.path);
    if (exposure.advice && (exposure.state === 'tracked' || exposure.state === 'not-ignored')) {
      deps.io.err(deps.io.errColour.yellow(`warning: ${exposure.advice}`));
    }
  }
  return loaded;
}

/** Like loadConfig, but a missing file is not an error (for commands where the config is optional). */
export async function loadConfigIfPresent(deps: Deps): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfig(deps);
  } catch (error) {
    if (error instanceof ConfigError && error.problem === 'missing') return undefined;
    throw error;
  }
}

export async function resolveAdmin(deps: Deps): Promise<ResolvedConnection> {
  const resolved = await resolveAdminConnection({
    connectionName: deps.globals.connection,
    env: deps.env,
    homeDir: deps.homeDir,
    ...nodeFileAccess(),
    checkKeyFiles: true,
  });
  // The admin credentials are secrets too: mask them in anything printed from here on.
  const { password, token, privateKeyFilePwd } = resolved.settings;
  for (const secret of [password, token, privateKeyFilePwd]) deps.io.protect(secret);
  for (const warning of resolved.warnings) deps.io.err(deps.io.errColour.yellow(`warning: ${warning}`));
  deps.io.verbose(`admin connection: ${resolved.source}`);
  return resolved;
}

export function sessionOptions(deps: Deps): SessionOptions {
  return { timeoutSeconds: deps.globals.timeout, log: (line) => deps.io.verbose(line) };
}

/** Spinner text while waiting on Snowflake; none with --verbose, whose log lines would interleave. */
function spin<T>(deps: Deps, text: string, work: () => Promise<T>): Promise<T> {
  return withSpinner(deps.io, !deps.globals.verbose, text, work);
}

export function withAdminSession<T>(deps: Deps, admin: ResolvedConnection, work: (session: Session) => Promise<T>): Promise<T> {
  const target = adminTarget(admin);
  return spin(deps, `Talking to Snowflake at ${target.accessUrl}…`, () => withSession(target, sessionOptions(deps), work));
}

export function withPatSession<T>(
  deps: Deps,
  loaded: LoadedConfig,
  work: (session: Session) => Promise<T>,
  secret?: string,
): Promise<T> {
  const target = patTarget(loaded.config, loaded.path, secret);
  return spin(deps, `Logging in with the token at ${target.accessUrl}…`, () => withSession(target, sessionOptions(deps), work));
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
