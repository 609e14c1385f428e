/**
 * The one wrapper around snowflake-sdk: the only module that imports it, and only lazily (loading the driver costs
 * ~300 ms, so commands that never talk to Snowflake must not pay for it).
 *
 * Driver hygiene decided here, once:
 * - its logger is silenced (by default it writes ./snowflake.log and INFO lines to stdout);
 * - the in-band telemetry request is disabled (one fewer round trip, nothing sent we did not ask for);
 * - the AWS SDK's Node-version warning (printed on require under Node < 22) is suppressed;
 * - the cloud-platform probe is off: on require the driver otherwise sends requests to the AWS STS and the AWS,
 *   Azure and GCP metadata endpoints (for login telemetry) and makes every login wait for them, up to 200 ms;
 * - the driver's native "minicore" (a version number for telemetry) is not loaded: in the bundle it is absent, and
 *   its load failure would otherwise cost an extra in-band telemetry request after every login;
 * - login is not retried (a refused connection fails in milliseconds, not minutes);
 * - every statement runs against a deadline, because the driver's query retry loop (up to 1000 attempts with
 *   back-off) cannot be configured from connection options.
 */
import { randomUUID } from 'node:crypto';
import { requestInFlight } from '../../config/in-flight.js';
import type { Sql } from './sql.js';

/** Statements that change tokens: an interrupt while one waits for its answer must say it may have run. */
const CHANGES_TOKENS = /\b(ADD|ROTATE|REMOVE|MODIFY)\s+PROGRAMMATIC\s+ACCESS\s+TOKEN\b/i;
import { describeDriverError, DeadlineError } from './errors.js';

export type Authentication =
  | { kind: 'password'; password: string }
  | { kind: 'pat'; token?: string; tokenFilePath?: string }
  | { kind: 'key-pair'; privateKeyPath: string; passphrase?: string }
  /** Any other authenticator the driver knows (EXTERNALBROWSER, OAUTH, …), passed through. */
  | { kind: 'other'; authenticator: string; password?: string; token?: string };

export interface LoginTarget {
  account: string;
  /** Base URL, e.g. https://acct.snowflakecomputing.com or http://127.0.0.1:8080 */
  accessUrl: string;
  username?: string;
  auth: Authentication;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
}

export interface SessionOptions {
  /** Budget for the login and for each statement, retries included. */
  timeoutSeconds: number;
  /** Verbose log sink (already redacting). */
  log?: (line: string) => void;
}

export type Value = string | number | boolean | Date | null;
export type Row = Record<string, Value>;

export interface Session {
  /** Runs one statement. `requestId` is the driver's idempotency key: a retry with it is answered from the first run. */
  query(sql: Sql, options?: { requestId?: string }): Promise<Row[]>;
  close(): Promise<void>;
}

type Driver = typeof import('snowflake-sdk');
type DriverConnection = ReturnType<Driver['createConnection']>;

let driverPromise: Promise<Driver> | undefined;

async function loadDriver(): Promise<Driver> {
  driverPromise ??= (async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    process.env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE ??= 'true';
    process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
    process.env.SNOWFLAKE_DISABLE_MINICORE ??= 'true';
    const module = await import('snowflake-sdk');
    const driver = (module.default ?? module) as Driver;
    const silent = () => {};
    driver.configure({
      logLevel: 'OFF',
      customLogger: { error: silent, warn: silent, info: silent, debug: silent, trace: silent },
    });
    return driver;
  })();
  return driverPromise;
}

function driverOptions(target: LoginTarget, timeoutSeconds: number): Record<string, unknown> {
  const options: Record<string, unknown> = {
    account: target.account,
    accessUrl: target.accessUrl,
    username: target.username,
    role: target.role,
    warehouse: target.warehouse,
    database: target.database,
    schema: target.schema,
    application: 'pat_cli',
    sfRetryMaxLoginRetries: 0,
    timeout: Math.max(1000, Math.round(timeoutSeconds * 1000)),
    disableQueryContextCache: true,
  };
  const auth = target.auth;
  switch (auth.kind) {
    case 'password':
      Object.assign(options, { authenticator: 'SNOWFLAKE', password: auth.password });
      break;
    case 'pat':
      // Upper case matters: the driver's own validation compares it case-sensitively.
      Object.assign(options, { authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', token: auth.token, tokenFilePath: auth.tokenFilePath });
      break;
    case 'key-pair':
      Object.assign(options, { authenticator: 'SNOWFLAKE_JWT', privateKeyPath: auth.privateKeyPath, privateKeyPass: auth.passphrase });
      break;
    case 'other':
      Object.assign(options, { authenticator: auth.authenticator.toUpperCase(), password: auth.password, token: auth.token });
      break;
  }
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options;
}

/** Resolves with the operation's result, or rejects with DeadlineError when it has not settled in time. */
function withDeadline<T>(operation: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, seconds)), seconds * 1000);
    timer.unref();
  });
  return Promise.race([operation, deadline]).finally(() => clearTimeout(timer));
}

function normalise(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined || value === null) out[key] = null;
    else if (value instanceof Date || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value;
    } else out[key] = String(value);
  }
  return out;
}

export async function openSession(target: LoginTarget, options: SessionOptions): Promise<Session> {
  const log = options.log ?? (() => {});
  const driver = await loadDriver();
  const started = performance.now();
  let connection: DriverConnection;
  try {
    connection = driver.createConnection(driverOptions(target, options.timeoutSeconds) as never);
    // Not connectAsync(): without a callback it resolves even when the login fails.
    const connected = new Promise<void>((resolve, reject) =>
      connection.connect((error) => (error ? reject(error) : resolve())),
    );
    await withDeadline(connected, options.timeoutSeconds, `login to ${target.accessUrl}`);
  } catch (error) {
    throw describeDriverError(error, { phase: 'login', endpoint: target.accessUrl, auth: target.auth.kind });
  }
  log(`login ${target.auth.kind} as ${target.username ?? '(token user)'} at ${target.accessUrl} (${elapsed(started)})`);

  return {
    async query(sql, queryOptions = {}) {
      const requestId = queryOptions.requestId ?? randomUUID();
      const began = performance.now();
      log(`sql: ${sql.text}`);
      const answered = CHANGES_TOKENS.test(sql.text) ? requestInFlight({ what: sql.text, where: target.accessUrl }) : () => {};
      const rows = new Promise<Row[]>((resolve, reject) => {
        connection.execute({
          sqlText: sql.text,
          requestId,
          complete: (error, _statement, result) => {
            if (error) reject(error);
            else resolve((result ?? []).map((row) => normalise(row as Record<string, unknown>)));
          },
        });
      });
      try {
        const result = await withDeadline(rows, options.timeoutSeconds, 'the statement');
        log(`  → ${result.length} row(s) in ${elapsed(began)}`);
        return result;
      } catch (error) {
        log(`  → failed after ${elapsed(began)}`);
        throw describeDriverError(error, { phase: 'query', endpoint: target.accessUrl, auth: target.auth.kind });
      } finally {
        answered();
      }
    },
    async close() {
      // Logging out is a courtesy: never let a slow or failed logout turn a success into a failure.
      const destroyed = new Promise<void>((resolve) => connection.destroy(() => resolve()));
      await withDeadline(destroyed, Math.min(2, options.timeoutSeconds), 'logout').catch(() => {});
    },
  };
}

/**
 * How sessions are opened: the Factory's `sessions` (src/factory.ts). Tests wrap or replace it to count logins or
 * inject failures; the real one is `driverSessions`, which loads the driver on the first login.
 */
export interface SessionFactory {
  open(target: LoginTarget, options: SessionOptions): Promise<Session>;
  /** Opens a session, runs `work`, and always logs out. */
  withSession<T>(target: LoginTarget, options: SessionOptions, work: (session: Session) => Promise<T>): Promise<T>;
}

/** Opens a session, runs `work`, and always logs out. */
export async function withSession<T>(
  target: LoginTarget,
  options: SessionOptions,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession(target, options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

export const driverSessions: SessionFactory = { open: openSession, withSession };

function elapsed(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}
