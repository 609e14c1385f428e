/**
 * Where a new secret can go besides the config: a dotenv file, or a GitHub Actions job's environment.
 * The options are parsed and checked here, before any network call.
 */
import { UsageError } from '../errors.js';
import { appendGithubEnv, githubEnvFile, maskCommand } from './github-env.js';
import { writeEnvFile } from './env-file.js';

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

/** Delivers to every requested sink; returns a line per sink written. `mask` prints the Actions mask command. */
export async function deliverToSinks(sinks: Sinks, secret: string, mask: (line: string) => void): Promise<string[]> {
  const done: string[] = [];
  if (sinks.githubEnvFile) {
    mask(maskCommand(secret));
    await appendGithubEnv(sinks.githubEnvFile, sinks.envVar, secret);
    done.push(`Exported ${sinks.envVar} to later steps through $GITHUB_ENV (masked in logs)`);
  }
  if (sinks.envFile) {
    const report = await writeEnvFile(sinks.envFile, sinks.envVar, secret);
    done.push(`Wrote ${sinks.envVar} to ${report.path} (mode 0600)`);
  }
  return done;
}
