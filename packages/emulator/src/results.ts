// Result sets and how they go on the wire. The driver converts rowset cells
// (always strings or null) by the column's `type`, so the types here must be
// honest: fixed → number, boolean → boolean, timestamp_ltz → Date.

/** `object` and `variant` cells are carried as JSON text; the driver parses them. */
export type ColumnType = 'text' | 'fixed' | 'boolean' | 'timestamp_ltz' | 'object' | 'variant';
export interface Column {
  name: string;
  type: ColumnType;
}
/** Timestamps are carried as epoch milliseconds and encoded by column type. */
export type Cell = string | number | boolean | null;
export interface ResultSet {
  columns: Column[];
  rows: Cell[][];
  /** The wire's statementTypeId; the engine sets it from the statement kind (default SELECT, 0x1000). */
  statementTypeId?: number;
}

/**
 * Statement type ids as the drivers decode them (snowflakedb/snowflake-connector-net SFStatementType, the same values
 * as JDBC's): SELECT 0x1000, SCL 0x4000 (USE 0x4300, USE_DATABASE 0x4310, USE_SCHEMA 0x4320, USE_WAREHOUSE 0x4330,
 * SHOW 0x4400, DESCRIBE 0x4500), DDL 0x6000. UNCONFIRMED: which id Snowflake sends for each statement beyond these
 * classes (ALTER USER … PAT, GRANT and CREATE are taken as DDL; USE ROLE as plain USE).
 */
export const STATEMENT_TYPE = {
  SELECT: 0x1000,
  USE: 0x4300,
  USE_DATABASE: 0x4310,
  USE_SCHEMA: 0x4320,
  USE_WAREHOUSE: 0x4330,
  SHOW: 0x4400,
  DESCRIBE: 0x4500,
  DDL: 0x6000,
} as const;

export const text = (name: string): Column => ({ name, type: 'text' });
export const fixed = (name: string): Column => ({ name, type: 'fixed' });
export const bool = (name: string): Column => ({ name, type: 'boolean' });
export const ltz = (name: string): Column => ({ name, type: 'timestamp_ltz' });
export const object = (name: string): Column => ({ name, type: 'object' });
export const variant = (name: string): Column => ({ name, type: 'variant' });

export function statusResult(message: string): ResultSet {
  return { columns: [text('status')], rows: [[message]] };
}
export const SUCCESS = 'Statement executed successfully.';

/** Epoch ms → "seconds.nanoseconds" with scale 9, the wire form of TIMESTAMP_LTZ. */
export function encodeTimestamp(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const millis = ms - seconds * 1000;
  return `${seconds}.${String(millis).padStart(3, '0')}000000`;
}

function encodeCell(cell: Cell, type: ColumnType): string | null {
  if (cell === null) return null;
  switch (type) {
    case 'timestamp_ltz':
      return encodeTimestamp(Number(cell));
    case 'boolean':
      return cell === true || cell === 'true' ? 'true' : 'false';
    default:
      return String(cell);
  }
}

/** Column metadata the way Snowflake sends it; the driver reads name/type/scale/precision/nullable. */
function rowtype(c: Column): Record<string, unknown> {
  const common = { name: c.name, database: '', schema: '', table: '', nullable: true, collation: null };
  switch (c.type) {
    case 'text':
      return { ...common, type: 'text', byteLength: 16777216, length: 16777216, scale: null, precision: null };
    case 'fixed':
      return { ...common, type: 'fixed', byteLength: null, length: null, scale: 0, precision: 38 };
    case 'boolean':
      return { ...common, type: 'boolean', byteLength: null, length: null, scale: null, precision: null };
    case 'timestamp_ltz':
      return { ...common, type: 'timestamp_ltz', byteLength: null, length: null, scale: 9, precision: 0 };
    case 'object':
    case 'variant':
      // No `fields` metadata: the driver treats a semi-structured OBJECT like a VARIANT and JSON-parses it.
      return { ...common, type: c.type, byteLength: 16777216, length: 16777216, scale: null, precision: null };
  }
}

export interface SessionState {
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
}

export const SESSION_PARAMETERS = [{ name: 'TIMEZONE', value: 'UTC' }, { name: 'CLIENT_RESULT_CHUNK_SIZE', value: 160 }];

/** The `data` object of a successful query-request reply. `returned` is mandatory: without it the driver never completes. */
export function toWireData(rs: ResultSet, queryId: string, session: SessionState, sendTime: number): Record<string, unknown> {
  return {
    parameters: SESSION_PARAMETERS,
    rowtype: rs.columns.map(rowtype),
    rowset: rs.rows.map((row) => rs.columns.map((c, i) => encodeCell(row[i] ?? null, c.type))),
    total: rs.rows.length,
    returned: rs.rows.length,
    queryId,
    databaseProvider: null,
    finalDatabaseName: session.database,
    finalSchemaName: session.schema,
    finalWarehouseName: session.warehouse,
    finalRoleName: session.role,
    numberOfBinds: 0,
    arrayBindSupported: false,
    statementTypeId: rs.statementTypeId ?? STATEMENT_TYPE.SELECT,
    version: 1,
    sendResultTime: sendTime,
    queryResultFormat: 'json',
  };
}

/** Rows as objects keyed by column name, converted like the driver would (used by runAs). */
export function toObjects(rs: ResultSet): Record<string, unknown>[] {
  return rs.rows.map((row) => {
    const o: Record<string, unknown> = {};
    rs.columns.forEach((c, i) => {
      const v = row[i] ?? null;
      if (v === null) o[c.name] = null;
      else if (c.type === 'timestamp_ltz') o[c.name] = new Date(Number(v));
      else if (c.type === 'fixed') o[c.name] = Number(v);
      else if (c.type === 'boolean') o[c.name] = v === true || v === 'true';
      else if (c.type === 'object' || c.type === 'variant') o[c.name] = JSON.parse(String(v)) as unknown;
      else o[c.name] = String(v);
    });
    return o;
  });
}
