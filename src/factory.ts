/**
 * The Factory: everything a command needs from the outside world, in one object, so a test can run any command in
 * process with its own streams, clock, environment and sessions (the shape of the GitHub CLI's cmdutil.Factory).
 * main.ts builds the real one; nothing below the commands reaches for process.* or imports the driver directly.
 * Types only: importing this module loads nothing.
 */
import type { Io } from './output/io.js';
import type { TokenSystem } from './providers/provider.js';
import type { SessionFactory } from './providers/snowflake/client.js';

export type ProviderName = 'snowflake' | 'pangolin';

export interface GlobalOptions {
  /** Which token system the shared verbs talk to. */
  provider: ProviderName;
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

export interface Factory {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  homeDir: string;
  /** The time pat reasons with (expiry, "expiring soon"). */
  now(): Date;
  globals: GlobalOptions;
  /** Opens Snowflake sessions (login, statements, logout). Tests may wrap or replace it; the default is the driver. */
  sessions: SessionFactory;
  /** The token system chosen by --provider (or inferred), loaded on first use. */
  provider(): Promise<TokenSystem>;
  /** Runs pat itself with other arguments in this process (`pat demo` walks through its steps with it). */
  runPat(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number>;
}
