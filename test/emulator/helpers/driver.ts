// Shared helpers: drive the emulator through the real snowflake-sdk. No tests here.
import './env.js';
import snowflake from 'snowflake-sdk';
import assert from 'node:assert/strict';
import { afterEach, beforeEach } from 'node:test';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'snowflake-pat-emulator';

snowflake.configure({ logLevel: 'OFF' });

export type Conn = snowflake.Connection;
export type Row = Record<string, unknown>;

export interface ConnectOptions {
  user?: string;
  password?: string;
  token?: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
}

export async function connect(emu: RunningEmulator, o: ConnectOptions): Promise<Conn> {
  const base = {
    account: emu.account,
    accessUrl: emu.url,
    sfRetryMaxLoginRetries: 0,
    ...(o.user !== undefined ? { username: o.user } : {}),
    ...(o.role !== undefined ? { role: o.role } : {}),
    ...(o.warehouse !== undefined ? { warehouse: o.warehouse } : {}),
    ...(o.database !== undefined ? { database: o.database } : {}),
    ...(o.schema !== undefined ? { schema: o.schema } : {}),
  };
  const opts = o.token !== undefined
    ? { ...base, authenticator: 'PROGRAMMATIC_ACCESS_TOKEN', token: o.token }
    : { ...base, password: o.password ?? '' };
  const conn = snowflake.createConnection(opts as snowflake.ConnectionOptions);
  await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
  return conn;
}

export const admin = (emu: RunningEmulator): Promise<Conn> => connect(emu, { user: 'ADMIN', password: 'admin-password' });

export function exec(conn: Conn, sqlText: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    conn.execute({
      sqlText,
      complete: (err, _stmt, rows) => (err ? reject(err) : resolve((rows ?? []) as Row[])),
    });
  });
}

export interface ExecWithMeta {
  rows: Row[];
  columns: { name: string; type: string }[];
  queryId: string;
}

/** Executes and also returns column names and types as the driver saw them. */
export function execMeta(conn: Conn, sqlText: string): Promise<ExecWithMeta> {
  return new Promise((resolve, reject) => {
    conn.execute({
      sqlText,
      complete: (err, stmt, rows) => {
        if (err) return reject(err);
        const columns = (stmt.getColumns() ?? []).map((c) => ({ name: c.getName(), type: c.getType() }));
        resolve({ rows: (rows ?? []) as Row[], columns, queryId: stmt.getQueryId() });
      },
    });
  });
}

export interface SfErr extends Error {
  code?: string | number;
  sqlState?: string;
  data?: Record<string, unknown>;
}

/** Resolves with the error a promise rejects with; fails if it resolves. */
export async function failure(p: Promise<unknown>): Promise<SfErr> {
  try {
    await p;
  } catch (e) {
    return e as SfErr;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

export function destroy(conn: Conn): Promise<void> {
  return new Promise((resolve) => conn.destroy(() => resolve()));
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/**
 * A fresh emulator for every test in the file (started in beforeEach, closed in afterEach with every connection
 * opened through `open`), so test files do not each repeat the set-up.
 */
export function emulatorPerTest(options: EmulatorOptions = {}) {
  let current: RunningEmulator | undefined;
  let conns: Conn[] = [];
  beforeEach(async () => {
    current = await startEmulator(options);
    conns = [];
  });
  afterEach(async () => {
    for (const c of conns) await destroy(c);
    await current?.close();
  });
  const fixture = {
    get emu(): RunningEmulator {
      assert.ok(current, 'the emulator is started in beforeEach');
      return current;
    },
    /** Connects and closes the connection after the test. */
    async open(o: ConnectOptions): Promise<Conn> {
      const c = await connect(fixture.emu, o);
      conns.push(c);
      return c;
    },
    adminConn: (): Promise<Conn> => fixture.open({ user: 'ADMIN', password: 'admin-password' }),
  };
  return fixture;
}
