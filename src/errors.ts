/**
 * The error kinds the CLI turns into exit codes in one place (src/cli.ts).
 * Messages must never contain a secret: callers pass names of fields and files, not values.
 */
export const ExitCode = {
  ok: 0,
  failure: 1, // Snowflake, network or runtime failure
  usage: 2, // bad flags, bad input, bad or missing configuration: nothing was sent
  expiringSoon: 3, // `pat status`: healthy today, but inside the warning window
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class PatError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** One line telling the user what to do next. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags or values; raised before any network call. */
export class UsageError extends PatError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/**
 * What kind of config problem, for the few callers that act on one (a missing optional file, no admin connection
 * configured at all): code reads this, never the message.
 */
export type ConfigProblem = 'missing' | 'no-admin-connection' | 'other';

/** A config file (snowflake_config.json, connections.toml, …) is missing, unreadable or invalid. */
export class ConfigError extends PatError {
  constructor(
    message: string,
    readonly file?: string,
    hint?: string,
    readonly problem: ConfigProblem = 'other',
  ) {
    super(message, ExitCode.usage, hint);
  }
}

/** Snowflake answered with an error, the network failed, or the local machine did (disk, permissions). */
export class FailureError extends PatError {
  constructor(
    message: string,
    hint?: string,
    readonly code?: string,
  ) {
    super(message, ExitCode.failure, hint);
  }
}
