/**
 * What every command surface needs, and nothing heavy: the dependencies a command receives, the global options,
 * the Runner that keeps a command's exit code, and the action that hands a shared verb to the Pangolin provider.
 * main.ts and every `commands/<verb>.ts` import this (not runtime.ts), so `pat --help`, `pat --version` and flag
 * validation failures never load the config, connection, lifecycle or driver modules.
 */
import type { Io } from '../output/io.js';
import type { Verb } from '../providers/pangolin/commands.js';

export interface GlobalOptions {
  /** Which token system the shared verbs talk to. */
  provider: 'snowflake' | 'pangolin';
  /** Pangolin: the PyIceberg config (--pyiceberg-config). */
  pyicebergConfig?: string;
  /** Path of snowflake_config.json as given (flag, SNOWFLAKE_PAT_CONFIG, or the default). */
  config: string;
  connection?: string;
  json: boolean;
  verbose: boolean;
  /** Seconds allowed for the login and for each statement, retries included. */
  timeout: number;
}

export interface Deps {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  homeDir: string;
  now(): Date;
  globals: GlobalOptions;
}

/**
 * Wraps a command's work so the program keeps its exit code: `run((deps, options) => runX(options, deps))`
 * gives the function a commander action calls. Every command module registers itself with one of these.
 */
export type Runner = <T extends unknown[]>(work: (deps: Deps, ...args: T) => Promise<number>) => (...args: T) => Promise<void>;

/**
 * A command action that hands the raw flags to the Pangolin provider when it is selected, and otherwise to the
 * Snowflake implementation. The provider module is imported only when used.
 */
export function providerAction<F extends object>(
  run: Runner,
  verb: Verb,
  snowflake: (deps: Deps, flags: F) => Promise<number>,
): (flags: F) => Promise<void> {
  return run(async (deps: Deps, flags: F) => {
    if (deps.globals.provider !== 'pangolin') return snowflake(deps, flags);
    const { runPangolin } = await import('../providers/pangolin/commands.js');
    return runPangolin(verb, flags, deps);
  });
}

export const DEFAULT_CONFIG_FILE = 'snowflake_config.json';

/** Human-readable lines go to stderr when stdout is reserved for a secret or JSON. */
export function reporter(deps: Deps, stdoutReserved: boolean): (text: string) => void {
  return stdoutReserved ? (text) => deps.io.err(text) : (text) => deps.io.out(text);
}

export function printJson(deps: Deps, value: unknown, reveal?: string): void {
  deps.io.out(JSON.stringify(value, null, 2), reveal);
}
