/**
 * Where a new secret can go besides the config: a dotenv file, a GitHub Actions job's environment, or a connection
 * of the Snowflake CLI's connections.toml. The options are parsed and checked here, before any network call; the
 * delivery itself is ./index.ts. Light: parsed before the token system is asked for anything.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { describeFsError, errnoCode } from '../../kernel/errno.js';
import { scanToml, tableBody } from './toml-text.js';

export const DEFAULT_ENV_VAR = 'SNOWFLAKE_PAT';
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SinkFlags {
  envFile?: string;
  envVar?: string;
  githubEnv?: boolean;
  /** --connections-toml NAME */
  connectionsToml?: string;
}

export interface ConnectionsTomlSink {
  /** The connections.toml to edit. */
  file: string;
  /** The connection ([NAME] section) that gets the token. */
  name: string;
  /** For a `~/` token_file_path. */
  homeDir: string;
}

export interface Sinks {
  envFile?: string;
  githubEnvFile?: string;
  envVar: string;
  connectionsToml?: ConnectionsTomlSink;
}

/**
 * `$SNOWFLAKE_HOME/connections.toml` when SNOWFLAKE_HOME is set, else `~/.snowflake/connections.toml`: the file the
 * Snowflake CLI, the Python connector and the Node driver read (and that pat reads its admin connection from; the
 * same rule as connection/files.ts, repeated because flag checks must not load the connection modules).
 */
function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME && env.HOME !== '' ? env.HOME : os.homedir();
}

export function connectionsTomlPath(env: NodeJS.ProcessEnv): string {
  const home = homeOf(env);
  const fromEnv = env.SNOWFLAKE_HOME?.trim();
  if (fromEnv) return path.join(fromEnv === '~' || fromEnv.startsWith('~/') ? path.join(home, fromEnv.slice(1)) : fromEnv, 'connections.toml');
  return path.join(home, '.snowflake', 'connections.toml');
}

/** The file exists and has a [NAME] section: checked now so a typo costs no token. */
function connectionsTomlSink(name: string, env: NodeJS.ProcessEnv): ConnectionsTomlSink {
  if (name.trim() === '') throw new UsageError('--connections-toml needs a connection name.');
  const file = connectionsTomlPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      errnoCode(error) === 'ENOENT' ? `--connections-toml: ${file} does not exist.` : `--connections-toml: cannot read ${file}: ${describeFsError(error)}.`,
      `Create connection "${name}" first (\`snow connection add --connection-name ${name}\`), or point SNOWFLAKE_HOME at the folder that holds connections.toml.`,
    );
  }
  if (!tableBody(scanToml(text), [name])) {
    throw new UsageError(
      `--connections-toml: ${file} has no [${name}] section.`,
      `Add one with account and user (\`snow connection add --connection-name ${name}\`), or name an existing connection.`,
    );
  }
  return { file, name, homeDir: homeOf(env) };
}

/** `defaultEnvVar`: the variable name when --env-var is not given (each token system has its own). */
export function sinksFromFlags(flags: SinkFlags, env: NodeJS.ProcessEnv, defaultEnvVar = DEFAULT_ENV_VAR): Sinks {
  const envVar = flags.envVar ?? defaultEnvVar;
  if (!ENV_VAR_NAME.test(envVar)) {
    throw new UsageError(`--env-var "${envVar}" is not a valid environment variable name.`, 'Use letters, digits and underscores, e.g. SNOWFLAKE_PAT.');
  }
  if (flags.envVar !== undefined && !flags.envFile && !flags.githubEnv) {
    throw new UsageError('--env-var goes with --env-file or --github-env.');
  }
  if (flags.envFile === '') throw new UsageError('--env-file must not be empty.');
  return {
    envVar,
    envFile: flags.envFile,
    githubEnvFile: flags.githubEnv ? githubEnvFile(env) : undefined,
    connectionsToml: flags.connectionsToml === undefined ? undefined : connectionsTomlSink(flags.connectionsToml, env),
  };
}

/** --connections-toml holds Snowflake logins: a Pangolin token has no place there. */
export function rejectSnowflakeSinks(flags: SinkFlags): void {
  if (flags.connectionsToml !== undefined) {
    throw new UsageError('--connections-toml is for Snowflake tokens; Pangolin tokens go to the PyIceberg config, --env-file or --github-env.');
  }
}

export function hasSinks(sinks: Sinks | undefined): boolean {
  return Boolean(sinks && (sinks.envFile || sinks.githubEnvFile || sinks.connectionsToml));
}

/** $GITHUB_ENV, which --github-env appends to (kept here, not in github-env.ts: start-up must stay light). */
function githubEnvFile(env: NodeJS.ProcessEnv): string {
  const file = env.GITHUB_ENV;
  if (!file) {
    throw new UsageError('--github-env needs $GITHUB_ENV, which GitHub Actions sets in every job step.', 'Outside Actions, use --env-file PATH.');
  }
  return file;
}
