/**
 * Turns what snowflake-sdk throws into one FailureError with plain advice. Codes and texts come from
 * ../shared/snowflake-pat-facts.md §3.9 and §8; the CLI never depends on a message's exact wording, only on codes.
 */
import { FailureError } from '../errors.js';
import type { Sql } from './sql.js';

/** Snowflake's grace for the previous secret when ROTATE names none (documented default). */
export const SNOWFLAKE_DEFAULT_GRACE_HOURS = 24;

/** Our own deadline fired: the driver was still retrying (it retries queries for a very long time by default). */
export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly seconds: number,
  ) {
    super(`No answer for ${what} within ${seconds} s`);
    this.name = 'DeadlineError';
  }
}

export interface FailureContext {
  phase: 'login' | 'query';
  endpoint: string;
  auth: string;
  /** The statement that failed (query phase). */
  statement?: Sql;
  /** When it was sent. */
  sentAt?: Date;
}

/** A failed Snowflake call. `outcomeUnknown` means a statement may have run although no reply arrived. */
export class SnowflakeFailure extends FailureError {
  constructor(
    message: string,
    hint: string | undefined,
    code: string | undefined,
    readonly phase: FailureContext['phase'],
    readonly outcomeUnknown: boolean,
  ) {
    super(message, hint, code);
  }
}

const ADVICE: Record<string, string> = {
  '394400':
    'The token is invalid, expired, disabled or removed. See its status with `pat list`; replace it with `pat rotate` (or `pat create`).',
  '394401': 'The token has expired. Create a new one with `pat create` (expired tokens cannot be rotated back to life).',
  '390432':
    'PAT logins need the user to be subject to a network policy (PERSON users may use --bypass-network-policy-mins instead). Run `pat doctor` for the SQL.',
  '390422': "The user's network policy does not allow this machine's IP address. Add the address to ALLOWED_IP_LIST.",
  '390100': 'Check the user and password of the admin connection (connections.toml or SNOWFLAKE_USER / SNOWFLAKE_PASSWORD).',
  '390101': 'The user is disabled. An administrator can run ALTER USER … SET DISABLED = FALSE (its tokens stay disabled until re-enabled).',
  '390102': 'The user is temporarily locked after failed logins; wait and try again.',
  '390189': 'The role is not granted to the user, or does not exist. Check `role` in the config or the connection.',
  '003001':
    'The admin role lacks the privilege. Grant it: GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER <user> TO ROLE <role>;',
  '002003': 'Check the user name (--user or `user` in the config) and that the admin role can see it.',
};

interface DriverErrorShape {
  name?: string;
  code?: string | number;
  message?: string;
  sqlState?: string;
  cause?: { code?: string };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function isNetworkError(error: unknown): boolean {
  const shape = (error ?? {}) as DriverErrorShape;
  const causeCode = shape.cause?.code;
  return shape.name === 'NetworkError' || (causeCode !== undefined && NETWORK_CODES.has(causeCode));
}

/**
 * A ROTATE that got no answer may have run: then its new secret is lost and the previous secret dies when its
 * grace ends. Say so, with the time, and how to tell and what to do — not a bare "endpoint slow".
 */
export function unansweredRotate(reason: string, context: FailureContext, rotates: NonNullable<Sql['rotates']>): SnowflakeFailure {
  const grace = rotates.graceHours ?? SNOWFLAKE_DEFAULT_GRACE_HOURS;
  const sentAt = context.sentAt ?? new Date();
  const dies = new Date(sentAt.getTime() + grace * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const fate =
    grace === 0
      ? 'the secret it replaced stopped working at once (EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0)'
      : `the secret it replaced keeps working until about ${dies} (${grace} h grace${rotates.graceHours === undefined ? ", Snowflake's default" : ''}), then stops`;
  const user = rotates.user ? ` --user ${rotates.user}` : '';
  return new SnowflakeFailure(
    `${reason} The ROTATE of token ${rotates.token} may have happened: if it did, its new secret was lost and ${fate}.`,
    `Check with \`pat list${user}\`: a ${rotates.token}_ROTATED_<ms> object means it ran. Then run \`pat rotate --name ${rotates.token}${user}\` again` +
      (grace === 0 ? ' now.' : ` before ${dies} to get a secret you receive.`),
    'ROTATE_OUTCOME_UNKNOWN',
    'query',
    true,
  );
}

export function describeDriverError(error: unknown, context: FailureContext): SnowflakeFailure {
  if (error instanceof SnowflakeFailure) return error;
  const rotates = context.phase === 'query' ? context.statement?.rotates : undefined;
  if (rotates !== undefined && (error instanceof DeadlineError || isNetworkError(error))) {
    const reason =
      error instanceof DeadlineError
        ? `${error.message} from ${context.endpoint}.`
        : `The connection to ${context.endpoint} failed while Snowflake ran the statement.`;
    return unansweredRotate(reason, context, rotates);
  }
  if (error instanceof DeadlineError) {
    return new SnowflakeFailure(
      `${error.message} from ${context.endpoint}.`,
      'The endpoint is slow or unreachable. Raise the budget with --timeout <seconds>, or check the network.',
      undefined,
      context.phase,
      context.phase === 'query',
    );
  }
  const shape = (error ?? {}) as DriverErrorShape;
  const code = shape.code === undefined ? undefined : String(shape.code);
  const text = (shape.message ?? String(error)).trim();
  if (isNetworkError(error)) {
    return new SnowflakeFailure(
      `Cannot reach Snowflake at ${context.endpoint}: ${text}`,
      'Check the account or url, the network, and any proxy settings.',
      code,
      context.phase,
      context.phase === 'query',
    );
  }
  const label = code ? `Snowflake error ${code}` : 'Snowflake error';
  return new SnowflakeFailure(`${label}: ${text}`, code ? ADVICE[code] : undefined, code, context.phase, false);
}
