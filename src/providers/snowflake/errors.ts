/**
 * Turns what snowflake-sdk throws into one FailureError with plain advice. Codes and texts come from
 * ../shared/snowflake-pat-facts.md §3.9 and §8; the CLI never depends on a message's exact wording, only on codes.
 */
import { FailureError } from '../../errors.js';

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

/**
 * A hint for every code the CLI can meet, naming the fix: the `pat doctor` check that diagnoses it, or the SQL.
 * Keyed by code only (messages are never parsed). Codes marked UNCONFIRMED are the emulator's Snowflake-shaped
 * stand-ins for rules Snowflake documents without a code (facts §8); a real code there simply gets no hint.
 */
export const HINTS: Readonly<Record<string, string>> = {
  // ---- login ----
  '390100':
    'The admin connection\'s user or password was refused. Check `user` and `password` of the connection (connections.toml, or SNOWFLAKE_USER / SNOWFLAKE_PASSWORD); `pat doctor` (check "admin connection") shows which connection was used.',
  '390101': 'The user is disabled. An administrator can run ALTER USER <user> SET DISABLED = FALSE; then `pat enable --name <token>` (its tokens stay disabled until re-enabled). `pat doctor` (check "user").',
  '390102': 'The user is temporarily locked after failed logins; wait (or ALTER USER <user> SET MINS_TO_UNLOCK = 0;) and try again.',
  '390144':
    'The key-pair (JWT) login was refused: the public key registered for the user does not match private_key_file, or account/user are wrong. Register it with ALTER USER <user> SET RSA_PUBLIC_KEY = \'<base64 DER, no PEM lines>\'; and check with `pat doctor` (check "admin connection").',
  '390189':
    'The role in the login request is not granted to the user, or does not exist. Fix `role` in the config or the connection, or grant it: GRANT ROLE <role> TO USER <user>; `pat doctor` (checks "admin connection" and "role restriction").',
  '390422': "The user's network policy does not allow this machine's IP address. Add it: ALTER NETWORK POLICY <policy> SET ALLOWED_IP_LIST = ('<ip>', …); `pat doctor` (check \"network policy\").",
  '390432':
    'PAT logins need the user to be subject to a network policy (PERSON users may use --bypass-network-policy-mins instead). `pat doctor` (check "network policy") prints the SQL: CREATE NETWORK POLICY … ALLOWED_IP_LIST = (\'<egress ip>\'); ALTER USER <user> SET NETWORK_POLICY = <policy>;',
  '394400':
    'The token is invalid, expired, disabled or removed, or restricted to a role the user no longer has. See its status with `pat list`; replace it with `pat rotate` (or `pat create`). `pat doctor` (checks "PAT login" and "role restriction").',
  '394401': 'The token has expired. Create a new one with `pat create` (an expired token cannot be rotated back to life); `pat status` warns before the next one expires.',
  '390104': 'The session was refused (its token is invalid); run the command again.',
  '390111': 'The session no longer exists; run the command again.',
  '390112': 'The session expired; run the command again.',
  '390114': 'The login expired; run the command again.',
  // ---- statements ----
  '002003':
    'The user (or role, warehouse, database) does not exist, or the admin role cannot see it. Check the user name (--user or `user` in the config); `pat doctor` (checks "user" and "privileges"): GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER <user> TO ROLE <role>;',
  '003001':
    'The admin role lacks the privilege. Grant it: GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER <user> TO ROLE <role>; (`pat doctor`, check "privileges"). For `pat usage` / `pat inventory`: GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE TO ROLE <role>;',
  '003013': 'The role is not granted to the user that runs the statement: GRANT ROLE <role> TO USER <user>; or choose another role (`role` of the connection).',
  '002043': 'A warehouse, database or schema named in the config or connection does not exist or is not visible to its role: check `warehouse`, `database`, `schema`.',
  '001003': 'Snowflake could not parse the statement pat sent. This is a bug in pat: run again with --verbose and report the SQL line (it never contains secrets).',
  // UNCONFIRMED codes (emulator stand-ins, facts §8):
  '394411': 'The user already has the maximum of 15 tokens (rotated *_ROTATED_* ones count). Remove old ones: `pat list`, then `pat revoke --name <old>`; `pat doctor` (check "token count").',
  '394412': 'SERVICE users need a role restriction: pass --role-restriction <role> or set "role" in the config.',
  '394413':
    'The role restriction names a role that is not granted to the user. Grant it: GRANT ROLE <role> TO USER <user>; or pass --role-restriction with a role the user has. `pat doctor` (check "role restriction").',
  '394414': 'The admin connection logged in with a PAT, and Snowflake forbids managing tokens from such a session. Use a key-pair (SNOWFLAKE_JWT) or password admin connection.',
  '394415': 'Only an active token can be rotated: re-enable it with `pat enable --name <token>`, or replace an expired one with `pat create`.',
};

interface DriverErrorShape {
  name?: string;
  code?: string | number;
  message?: string;
  sqlState?: string;
  cause?: { code?: string };
  /** Set by the driver when the server answered with an HTTP status other than 200. */
  response?: { status?: number; headers?: Record<string, unknown> };
}

/**
 * Did something answer that is not Snowflake? The driver reports a non-200 status as a RequestFailedError with the
 * response attached, and a 200 whose body is not a Snowflake reply as an OperationFailedError with neither code
 * nor message (a real refusal always carries a code). Returns how it answered, or undefined.
 * A JSON error status other than 404 is Snowflake (or its gateway) refusing or failing, not a wrong server.
 */
function foreignAnswer(shape: DriverErrorShape): string | undefined {
  const status = shape.response?.status;
  if (typeof status === 'number') {
    const type = String(shape.response?.headers?.['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (type.includes('json') && status !== 404) return undefined;
    return `answered HTTP ${status}${type ? ` (${type})` : ''}`;
  }
  if (shape.name === 'OperationFailedError' && shape.code === undefined && !shape.message) return 'answered, but not with a Snowflake reply';
  return undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function describeDriverError(error: unknown, context: FailureContext): SnowflakeFailure {
  if (error instanceof SnowflakeFailure) return error;
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
  const causeCode = shape.cause?.code;
  const code = shape.code === undefined ? undefined : String(shape.code);
  const text = (shape.message ?? String(error)).trim();
  if (shape.name === 'NetworkError' || (causeCode !== undefined && NETWORK_CODES.has(causeCode))) {
    return new SnowflakeFailure(
      `Cannot reach Snowflake at ${context.endpoint}: ${text}`,
      'Check the account or url, the network, and any proxy settings.',
      code,
      context.phase,
      context.phase === 'query',
    );
  }
  const foreign = foreignAnswer(shape);
  if (foreign) {
    return new SnowflakeFailure(
      `${context.endpoint} ${foreign}: this server does not answer like Snowflake.`,
      'Check `account` and `url` in the config (and SNOWFLAKE_HOST / SNOWFLAKE_PORT / SNOWFLAKE_PROTOCOL or `host` of the admin connection): Snowflake answers at https://<account>.snowflakecomputing.com. `pat doctor` shows the URL each login uses.',
      code,
      context.phase,
      context.phase === 'query',
    );
  }
  const status = shape.response?.status;
  if (typeof status === 'number') {
    return new SnowflakeFailure(
      `Snowflake at ${context.endpoint} answered HTTP ${status}.`,
      'Snowflake (or a proxy in front of it) is failing; try again later, and check https://status.snowflake.com.',
      code,
      context.phase,
      context.phase === 'query',
    );
  }
  const label = code ? `Snowflake error ${code}` : 'Snowflake error';
  return new SnowflakeFailure(`${label}: ${text}`, code ? HINTS[code] : undefined, code, context.phase, false);
}
