// Session-context statements: SELECT CURRENT_*(), SYSTEM$DECODE_PAT, USE …,
// SHOW PIPES / DESCRIBE PIPE — what a connection check needs.
import { canUseDatabase, canUseWarehouse, isAccountAdmin } from './access.js';
import { errors } from './errors.js';
import { SUCCESS, fixed, ltz, statusResult, text, type Cell, type Column, type ResultSet } from './results.js';
import type { ExecContext } from './session.js';
import type { PipeRecord } from './state.js';
import type { DescribePipe, Select, SelectItem, ShowPipes, Use } from './statements.js';
import { decodePat } from './pats.js';
import { likeMatches } from './users.js';

export function select(ctx: ExecContext, s: Select): ResultSet {
  const { session, world } = ctx;
  const columns: Column[] = [];
  const row: Cell[] = [];
  for (const item of s.items) {
    if (item.kind === 'integer') {
      columns.push(fixed(item.column));
      row.push(item.value);
    } else if (item.kind === 'emulator-clock') {
      columns.push(text(item.column));
      row.push(moveClock(ctx, item));
    } else if (item.kind === 'decode-pat') {
      columns.push(text(item.column));
      row.push(decodePat(ctx, item.secret));
    } else {
      columns.push(text(item.column));
      const values: Record<typeof item.fn, string | null> = {
        CURRENT_USER: session.user,
        CURRENT_ROLE: session.role,
        CURRENT_DATABASE: session.database,
        CURRENT_SCHEMA: session.schema,
        CURRENT_WAREHOUSE: session.warehouse,
        CURRENT_ACCOUNT: world.account,
      };
      row.push(values[item.fn]);
    }
  }
  return { columns, rows: [row] };
}

/**
 * Emulator-only (no such function in Snowflake): lets any client — another driver, a shell script through the CLI —
 * read and move the emulator's clock, e.g. to watch tokens expire. Returns the clock's time afterwards, ISO 8601.
 */
function moveClock(ctx: ExecContext, item: Extract<SelectItem, { kind: 'emulator-clock' }>): string {
  if (item.op === 'advance') ctx.clock.advance(item.seconds * 1000);
  else if (item.op === 'set') {
    const ms = Date.parse(item.iso);
    if (Number.isNaN(ms)) throw errors.invalidValue('SYSTEM$EMULATOR_SET_CLOCK', item.iso);
    ctx.clock.set(ms);
  }
  return new Date(ctx.clock.now()).toISOString();
}

export function use(ctx: ExecContext, s: Use): ResultSet {
  const { session, world } = ctx;
  const user = world.users.get(session.user);
  switch (s.object) {
    case 'ROLE': {
      // A role-restricted PAT session stays on its role (UNCONFIRMED error shape).
      if (!world.roles.has(s.name) || !user?.roles.has(s.name) || (session.restrictedRole !== null && s.name !== session.restrictedRole)) {
        throw errors.roleNotAssigned(s.name);
      }
      session.role = s.name;
      break;
    }
    case 'WAREHOUSE':
      if (!canUseWarehouse(world, session.role, s.name)) throw errors.useFailed();
      session.warehouse = s.name;
      break;
    case 'DATABASE':
      if (!canUseDatabase(world, session.role, s.name)) throw errors.useFailed();
      session.database = s.name;
      session.schema = world.databases.get(s.name)?.schemas.has('PUBLIC') ? 'PUBLIC' : null;
      break;
    case 'SCHEMA': {
      const dbName = s.database ?? session.database;
      if (dbName === null || !canUseDatabase(world, session.role, dbName) || !world.databases.get(dbName)?.schemas.has(s.name)) throw errors.useFailed();
      session.database = dbName;
      session.schema = s.name;
      break;
    }
  }
  return statusResult(SUCCESS);
}

const PIPE_COLUMNS = [
  ltz('created_on'), text('name'), text('database_name'), text('schema_name'), text('definition'), text('owner'),
  text('notification_channel'), text('comment'), text('integration'), text('pattern'), text('error_integration'),
  text('owner_role_type'), text('invalid_reason'), text('kind'),
];

function pipeRow(db: string, schema: string, p: PipeRecord): Cell[] {
  return [p.createdOn, p.name, db, schema, p.definition, p.owner, p.notificationChannel, p.comment, null, null, null, 'ROLE', 'NULL', 'STAGE'];
}

/** A role sees a pipe when it may use the database and owns the pipe (ACCOUNTADMIN sees all). */
function pipeVisible(ctx: ExecContext, db: string, p: PipeRecord): boolean {
  const role = ctx.session.role;
  return isAccountAdmin(role) || (canUseDatabase(ctx.world, role, db) && p.owner === role);
}

export function showPipes(ctx: ExecContext, s: ShowPipes): ResultSet {
  const { world, session } = ctx;
  const scopes: [string, string][] = [];
  if (s.inAccount) {
    for (const db of world.databases.values()) for (const sc of db.schemas.keys()) scopes.push([db.name, sc]);
  } else if (s.schema !== undefined) {
    const dbName = s.database ?? session.database;
    if (dbName === null) throw errors.noCurrentSchema('SHOW PIPES');
    if (!canUseDatabase(world, session.role, dbName) || !world.databases.get(dbName)?.schemas.has(s.schema)) throw errors.objectNotFound('Schema', `${dbName}.${s.schema}`);
    scopes.push([dbName, s.schema]);
  } else if (s.database !== undefined) {
    const db = world.databases.get(s.database);
    if (!db || !canUseDatabase(world, session.role, s.database)) throw errors.objectNotFound('Database', s.database);
    for (const sc of db.schemas.keys()) scopes.push([db.name, sc]);
  } else {
    if (session.database === null || session.schema === null) throw errors.noCurrentSchema('SHOW PIPES');
    scopes.push([session.database, session.schema]);
  }
  const rows: Cell[][] = [];
  for (const [db, sc] of scopes) {
    for (const p of world.databases.get(db)?.schemas.get(sc)?.pipes.values() ?? []) {
      if (pipeVisible(ctx, db, p) && (s.like === undefined || likeMatches(s.like, p.name))) rows.push(pipeRow(db, sc, p));
    }
  }
  return { columns: PIPE_COLUMNS, rows };
}

export function describePipe(ctx: ExecContext, s: DescribePipe): ResultSet {
  const { world, session } = ctx;
  const db = s.database ?? session.database;
  const sc = s.schema ?? session.schema;
  const full = [db, sc, s.name].filter((x) => x !== null).join('.');
  const p = db !== null && sc !== null ? world.databases.get(db)?.schemas.get(sc)?.pipes.get(s.name) : undefined;
  if (!p || db === null || sc === null || !pipeVisible(ctx, db, p)) throw errors.objectNotFound('Pipe', full);
  return { columns: PIPE_COLUMNS, rows: [pipeRow(db, sc, p)] };
}
