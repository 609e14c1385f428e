// SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY and .CREDENTIALS: every login attempt the
// emulator sees, and one row per programmatic access token derived from the PAT
// state. Only the SELECT shapes of parser.ts `selectFromView` are answered.
//
// Column names and types, from Snowflake's reference pages (docs.snowflake.com):
// - LOGIN_HISTORY (/sql-reference/account-usage/login_history): EVENT_ID NUMBER, EVENT_TIMESTAMP TIMESTAMP_LTZ,
//   EVENT_TYPE, USER_NAME, CLIENT_IP, REPORTED_CLIENT_TYPE, REPORTED_CLIENT_VERSION, FIRST_AUTHENTICATION_FACTOR,
//   SECOND_AUTHENTICATION_FACTOR, IS_SUCCESS (VARCHAR), ERROR_CODE NUMBER, ERROR_MESSAGE, RELATED_EVENT_ID NUMBER,
//   CONNECTION, CLIENT_PRIVATE_LINK_ID; FIRST/SECOND_AUTHENTICATION_FACTOR_ID (BCR 2025_04, ref 1966).
// - CREDENTIALS (/sql-reference/account-usage/credentials): CREDENTIAL_ID NUMBER, NAME, USER_NAME, TYPE, DOMAIN,
//   COMMENT, STATUS, ADDITIONAL_DETAILS OBJECT, CREATED_BY, LAST_ALTERED_BY, CREATED_ON, LAST_USED_ON,
//   LAST_ALTERED, EXPIRATION_DATE (TIMESTAMP_LTZ). For TYPE = 'PAT', STATUS is ACTIVE / EXPIRED / DISABLED and
//   ADDITIONAL_DETAILS holds MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT and ROLE_RESTRICTION. Both views document a
//   latency of up to 2 hours; the emulator shows rows at once.
import { randomBytes } from 'node:crypto';
import { isAccountAdmin } from './access.js';
import type { Clock } from './clock.js';
import { SfError, errors } from './errors.js';
import { patStatus } from './pats.js';
import { fixed, ltz, object, text, variant, type Cell, type Column, type ResultSet } from './results.js';
import type { ExecContext } from './session.js';
import { DAY_MS, sha256, type LoginEvent, type PatRecord, type World } from './state.js';
import type { SelectFromView, ViewCondition, ViewItem } from './statements.js';

type ViewRow = Record<string, Cell>;

interface ViewDefinition {
  columns: Column[];
  rows(ctx: ExecContext): ViewRow[];
}

const LOGIN_HISTORY_COLUMNS: Column[] = [
  fixed('EVENT_ID'), ltz('EVENT_TIMESTAMP'), text('EVENT_TYPE'), text('USER_NAME'), text('CLIENT_IP'),
  text('REPORTED_CLIENT_TYPE'), text('REPORTED_CLIENT_VERSION'), text('FIRST_AUTHENTICATION_FACTOR'),
  text('SECOND_AUTHENTICATION_FACTOR'), text('IS_SUCCESS'), fixed('ERROR_CODE'), text('ERROR_MESSAGE'),
  fixed('RELATED_EVENT_ID'), text('CONNECTION'), text('CLIENT_PRIVATE_LINK_ID'),
  text('FIRST_AUTHENTICATION_FACTOR_ID'), text('SECOND_AUTHENTICATION_FACTOR_ID'),
];

const CREDENTIALS_COLUMNS: Column[] = [
  fixed('CREDENTIAL_ID'), text('NAME'), text('USER_NAME'), text('TYPE'), text('DOMAIN'), text('COMMENT'), text('STATUS'),
  object('ADDITIONAL_DETAILS'), text('CREATED_BY'), text('LAST_ALTERED_BY'), ltz('CREATED_ON'), ltz('LAST_USED_ON'),
  ltz('LAST_ALTERED'), ltz('EXPIRATION_DATE'),
];

// Credential IDs are assigned on first sight, per token object (a rotation's _ROTATED_ copy is a new object).
const credentialIds = new WeakMap<PatRecord, number>();
const nextCredentialId = new WeakMap<World, number>();
function credentialId(world: World, t: PatRecord): number {
  let id = credentialIds.get(t);
  if (id === undefined) {
    id = nextCredentialId.get(world) ?? 1001;
    nextCredentialId.set(world, id + 1);
    credentialIds.set(t, id);
  }
  return id;
}

const VIEWS: Record<string, ViewDefinition> = {
  LOGIN_HISTORY: {
    columns: LOGIN_HISTORY_COLUMNS,
    rows: (ctx) =>
      ctx.world.loginHistory.map((e) => ({
        EVENT_ID: e.eventId,
        EVENT_TIMESTAMP: e.timestamp,
        EVENT_TYPE: 'LOGIN',
        USER_NAME: e.userName,
        CLIENT_IP: e.clientIp,
        REPORTED_CLIENT_TYPE: e.clientType,
        REPORTED_CLIENT_VERSION: e.clientVersion,
        FIRST_AUTHENTICATION_FACTOR: e.firstFactor,
        SECOND_AUTHENTICATION_FACTOR: null,
        // UNCONFIRMED: the documented type is VARCHAR; 'YES' / 'NO' are the values seen in public queries.
        IS_SUCCESS: e.success ? 'YES' : 'NO',
        ERROR_CODE: e.errorCode,
        ERROR_MESSAGE: e.errorMessage,
        RELATED_EVENT_ID: 0,
        CONNECTION: null,
        CLIENT_PRIVATE_LINK_ID: null,
        FIRST_AUTHENTICATION_FACTOR_ID: null,
        SECOND_AUTHENTICATION_FACTOR_ID: null,
      })),
  },
  CREDENTIALS: {
    columns: CREDENTIALS_COLUMNS,
    rows: (ctx) => {
      const now = ctx.clock.now();
      return ctx.world.pats.map((t) => ({
        CREDENTIAL_ID: credentialId(ctx.world, t),
        NAME: t.name,
        USER_NAME: t.user,
        TYPE: 'PAT',
        // UNCONFIRMED: the DOMAIN value for PATs.
        DOMAIN: 'PROGRAMMATIC_ACCESS_TOKEN',
        COMMENT: t.comment,
        STATUS: patStatus(t, now),
        ADDITIONAL_DETAILS: JSON.stringify({
          MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT: t.minsToBypass,
          ROLE_RESTRICTION: t.roleRestriction,
        }),
        CREATED_BY: t.createdBy,
        LAST_ALTERED_BY: t.lastAlteredBy,
        CREATED_ON: t.createdOn,
        LAST_USED_ON: t.lastUsedOn ?? null,
        // "Date and time the credential was last altered" (CREDENTIALS reference): moves with ROTATE and MODIFY.
        LAST_ALTERED: t.lastAlteredOn,
        EXPIRATION_DATE: t.expiresAt,
      }));
    },
  },
};

// UNCONFIRMED: code and text. Snowflake answers a role without access to the SNOWFLAKE database with
// "does not exist or not authorized"; the emulator uses the access-control code so clients can tell it apart.
function accountUsageDenied(view: string): SfError {
  return new SfError('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on view '${view}'.`);
}
function invalidIdentifier(name: string): SfError {
  return new SfError('000904', '42000', `SQL compilation error:\ninvalid identifier '${name}'`);
}
// UNCONFIRMED: code and text for comparing values of incompatible types.
function cannotCompare(column: string): SfError {
  return new SfError('002016', '22000', `SQL compilation error:\nCannot compare column ${column} with the value given.`);
}

function resolveView(from: string[]): [string, ViewDefinition] {
  const [db, schema, name] = from;
  const full = from.join('.');
  // Only fully-qualified SNOWFLAKE.ACCOUNT_USAGE.<view> is emulated.
  if (from.length !== 3 || db !== 'SNOWFLAKE' || schema !== 'ACCOUNT_USAGE' || name === undefined) throw errors.objectNotFound('Object', full);
  const view = VIEWS[name];
  if (!view) throw errors.objectNotFound('Object', full);
  return [name, view];
}

function columnOf(view: ViewDefinition, name: string): Column {
  const c = view.columns.find((col) => col.name === name);
  if (!c) throw invalidIdentifier(name);
  return c;
}

function matches(row: ViewRow, column: Column, cond: ViewCondition, now: number): boolean {
  const cell = row[column.name] ?? null;
  if (cell === null) return false; // NULL never compares true
  let left: number | string;
  let right: number | string;
  const v = cond.value;
  if (column.type === 'timestamp_ltz') {
    if (v.kind !== 'now') throw cannotCompare(column.name);
    left = Number(cell);
    right = now + v.offsetMs;
  } else if (column.type === 'fixed') {
    if (v.kind !== 'number') throw cannotCompare(column.name);
    left = Number(cell);
    right = v.value;
  } else if (column.type === 'text') {
    if (v.kind !== 'string') throw cannotCompare(column.name);
    left = String(cell);
    right = v.value;
  } else {
    throw cannotCompare(column.name);
  }
  switch (cond.op) {
    case '=': return left === right;
    case '<>': return left !== right;
    case '<': return left < right;
    case '<=': return left <= right;
    case '>': return left > right;
    case '>=': return left >= right;
  }
}

/** ASC puts NULLs last, DESC first (Snowflake's default). */
function compareCells(a: Cell, b: Cell, desc: boolean): number {
  if (a === b) return 0;
  if (a === null) return desc ? -1 : 1;
  if (b === null) return desc ? 1 : -1;
  const order = a < b ? -1 : 1;
  return desc ? -order : order;
}

function project(view: ViewDefinition, item: ViewItem): { column: Column; value: (row: ViewRow) => Cell } {
  const source = columnOf(view, item.column);
  if (item.path === undefined) {
    if (item.cast !== undefined && source.type !== 'text') throw cannotCompare(item.column);
    return { column: { name: item.name, type: source.type }, value: (row) => row[source.name] ?? null };
  }
  if (source.type !== 'object' && source.type !== 'variant') throw invalidIdentifier(`${item.column}:${item.path}`);
  const key = item.path;
  const pick = (row: ViewRow): unknown => {
    const raw = row[source.name];
    if (raw === null || raw === undefined) return null;
    const parsed = JSON.parse(String(raw)) as Record<string, unknown>;
    return parsed[key] ?? null;
  };
  if (item.cast === 'VARCHAR') {
    return {
      column: text(item.name),
      value: (row) => {
        const v = pick(row);
        return v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
      },
    };
  }
  return { column: variant(item.name), value: (row) => { const v = pick(row); return v === null ? null : JSON.stringify(v); } };
}

export function selectView(ctx: ExecContext, s: SelectFromView): ResultSet {
  const [name, view] = resolveView(s.from);
  // UNCONFIRMED simplification: only ACCOUNTADMIN reads ACCOUNT_USAGE (no IMPORTED PRIVILEGES / database roles).
  if (!isAccountAdmin(ctx.session.role)) throw accountUsageDenied(name);
  const now = ctx.clock.now();
  const filters = s.where.map((cond) => ({ cond, column: columnOf(view, cond.column) }));
  const order = s.orderBy.map((o) => ({ column: columnOf(view, o.column).name, desc: o.desc }));
  const projections = (s.items ?? view.columns.map((c) => ({ column: c.name, name: c.name }))).map((item) => project(view, item));

  let rows = view.rows(ctx).filter((row) => filters.every((f) => matches(row, f.column, f.cond, now)));
  if (order.length > 0) {
    rows = rows.sort((a, b) => {
      for (const o of order) {
        const c = compareCells(a[o.column] ?? null, b[o.column] ?? null, o.desc);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  if (s.limit !== undefined) rows = rows.slice(0, Math.max(0, s.limit));
  return { columns: projections.map((p) => p.column), rows: rows.map((row) => projections.map((p) => p.value(row))) };
}

// ---------- recording ----------

// UNCONFIRMED beyond PROGRAMMATIC_ACCESS_TOKEN (documented in the PAT guide's LOGIN_HISTORY/CREDENTIALS join):
// the FIRST_AUTHENTICATION_FACTOR values for the other authenticators, as public audit queries use them.
const FACTORS: Record<string, string> = {
  PROGRAMMATIC_ACCESS_TOKEN: 'PROGRAMMATIC_ACCESS_TOKEN',
  SNOWFLAKE: 'PASSWORD',
  SNOWFLAKE_JWT: 'RSA_KEYPAIR',
  OAUTH: 'OAUTH_ACCESS_TOKEN',
};

export interface LoginAttempt {
  authenticator: string;
  userName: string | null;
  clientIp: string;
  /** From the login body's CLIENT_APP_VERSION, else the User-Agent. */
  clientVersion: string | null;
  /** Set when the attempt succeeded; viaPat also covers a PAT given as the password. */
  session?: { viaPat: boolean };
  error?: { code: string; message: string };
}

/** Appends one LOGIN_HISTORY row. */
export function recordLogin(world: World, clock: Clock, a: LoginAttempt): void {
  const authenticator = a.authenticator.toUpperCase();
  const factor = a.session?.viaPat ? 'PROGRAMMATIC_ACCESS_TOKEN' : (FACTORS[authenticator] ?? authenticator);
  const event: LoginEvent = {
    eventId: 100_000 + world.loginHistory.length + 1,
    timestamp: clock.now(),
    userName: a.userName,
    clientIp: a.clientIp,
    // What Snowflake reports for the Node.js driver (the driver sends CLIENT_APP_ID 'JavaScript').
    clientType: 'JAVASCRIPT_DRIVER',
    clientVersion: a.clientVersion,
    firstFactor: factor,
    success: a.error === undefined,
    errorCode: a.error && /^\d+$/.test(a.error.code) ? Number(a.error.code) : null,
    errorMessage: a.error?.message ?? null,
  };
  world.loginHistory.push(event);
}

/** "JavaScript/3.3.0 (…)" → "3.3.0". */
export function versionFromUserAgent(userAgent: string | undefined): string | null {
  const m = /JavaScript\/([0-9][^\s()]*)/.exec(userAgent ?? '');
  return m?.[1] ?? null;
}

// ---------- bulk seeding (benchmarks, inventory tests) ----------

/**
 * Adds `count` tokens spread over synthetic PERSON users INVENTORY_USER_0001… (at most 15 each), with expiries
 * from 30 days ago to a year ahead, some disabled, some role-restricted. No secret is kept or issued: these tokens
 * exist to be listed, not to log in with. Returns the users created.
 */
const seededSoFar = new WeakMap<World, number>();
export function seedTokens(world: World, clock: Clock, count: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`seedTokens: count must be a whole number, got ${count}`);
  const now = clock.now();
  const users: string[] = [];
  const start = seededSoFar.get(world) ?? 0;
  seededSoFar.set(world, start + count);
  for (let i = 0; i < count; i++) {
    const n = start + i;
    const userIndex = Math.floor(n / 15) + 1;
    const user = `INVENTORY_USER_${String(userIndex).padStart(4, '0')}`;
    if (!world.users.has(user)) {
      world.users.set(user, {
        name: user, loginName: user, displayName: user, type: 'PERSON', roles: new Set(['PUBLIC']), disabled: false,
        createdOn: now, owner: 'ACCOUNTADMIN',
      });
      users.push(user);
    }
    const expiresAt = now + ((n * 7919) % 395) * DAY_MS - 30 * DAY_MS + (n % 1440) * 60_000;
    world.pats.push({
      user,
      name: `TOKEN_${String((n % 15) + 1).padStart(2, '0')}`,
      secretHash: sha256(randomBytes(16).toString('hex')),
      roleRestriction: n % 3 === 0 ? 'PUBLIC' : null,
      daysToExpiry: 365,
      expiresAt,
      disabled: n % 11 === 0,
      comment: n % 4 === 0 ? `seeded token ${n}` : null,
      createdOn: expiresAt - 365 * DAY_MS,
      createdBy: 'ADMIN',
      minsToBypass: null,
      bypassUntil: null,
      rotatedTo: null,
      lastAlteredOn: expiresAt - 365 * DAY_MS,
      lastAlteredBy: 'ADMIN',
    });
  }
  return users;
}
