/**
 * Where a new secret can go besides the config: a dotenv file, or a GitHub Actions job's environment.
 * The options are parsed and checked here, before any network call; the delivery itself is ./index.ts.
 * Light: the command surfaces import this at start-up.
 */
import { UsageError } from '../errors.js';
import { githubEnvFile } from './github-env.js';

export const DEFAULT_ENV_VAR = 'SNOWFLAKE_PAT';
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SinkFlags {
  envFile?: string;
  envVar?: string;
  githubEnv?: boolean;
}

export interface Sinks {
  envFile?: string;
  githubEnvFile?: string;
  envVar: string;
}

export function sinksFromFlags(flags: SinkFlags, env: NodeJS.ProcessEnv): Sinks {
  const envVar = flags.envVar ?? DEFAULT_ENV_VAR;
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
  };
}

export function hasSinks(sinks: Sinks | undefined): boolean {
  return Boolean(sinks && (sinks.envFile || sinks.githubEnvFile));
}
