/**
 * Rows of SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY and .CREDENTIALS as `pat usage` / `pat inventory` read them
 * (the SELECTs are in src/snowflake/sql.ts, patLoginHistory and patCredentials; column names cited there).
 */
import type { Row, Value } from '../client.js';
import { date, text } from './row-values.js';
import { tokenHeadJson } from './tokens.js';

/** Both views document a latency of up to two hours (docs.snowflake.com, usage notes of each view). */
export const ACCOUNT_USAGE_LATENCY_NOTE =
  'Note: SNOWFLAKE.ACCOUNT_USAGE views lag by up to 2 hours; the most recent activity may not be listed yet.';

export interface PatLogin {
  time: Date | null;
  user: string | null;
  clientIp: string | null;
  clientType: string | null;
  clientVersion: string | null;
  success: boolean;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface PatCredential {
  name: string;
  user: string;
  status: string;
  roleRestriction: string | null;
  expiresAt: Date | null;
  createdOn: Date | null;
  createdBy: string | null;
  lastUsedOn: Date | null;
  comment: string | null;
}

/** IS_SUCCESS is a VARCHAR; UNCONFIRMED beyond 'YES' / 'NO', so TRUE-like spellings are accepted too. */
function yes(value: Value | undefined): boolean {
  if (typeof value === 'boolean') return value;
  return /^(YES|Y|TRUE|1)$/i.test(String(value ?? '').trim());
}

export function patLoginFromRow(row: Row): PatLogin {
  return {
    time: date(row.EVENT_TIMESTAMP),
    user: text(row.USER_NAME),
    clientIp: text(row.CLIENT_IP),
    clientType: text(row.REPORTED_CLIENT_TYPE),
    clientVersion: text(row.REPORTED_CLIENT_VERSION),
    success: yes(row.IS_SUCCESS),
    errorCode: text(row.ERROR_CODE),
    errorMessage: text(row.ERROR_MESSAGE),
  };
}

export function patCredentialFromRow(row: Row): PatCredential {
  return {
    name: text(row.NAME) ?? '',
    user: text(row.USER_NAME) ?? '',
    status: text(row.STATUS) ?? 'UNKNOWN',
    roleRestriction: text(row.ROLE_RESTRICTION),
    expiresAt: date(row.EXPIRATION_DATE),
    createdOn: date(row.CREATED_ON),
    createdBy: text(row.CREATED_BY),
    lastUsedOn: date(row.LAST_USED_ON),
    comment: text(row.COMMENT),
  };
}

/** Newest first, whatever order the rows came in (the SQL already asks for it; this keeps the promise). */
export function newestFirst(logins: PatLogin[]): PatLogin[] {
  return logins.sort((a, b) => (b.time?.getTime() ?? 0) - (a.time?.getTime() ?? 0));
}

/** Soonest expiry first, unknown expiries last; ties by user then name. O(n log n). */
export function bySoonestExpiry(credentials: PatCredential[]): PatCredential[] {
  const key = (c: PatCredential) => c.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return credentials.sort((a, b) => key(a) - key(b) || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function patLoginJson(l: PatLogin) {
  return {
    event_timestamp: l.time?.toISOString() ?? null,
    user_name: l.user,
    client_ip: l.clientIp,
    reported_client_type: l.clientType,
    reported_client_version: l.clientVersion,
    success: l.success,
    error_code: l.errorCode,
    error_message: l.errorMessage,
  };
}

export function patCredentialJson(c: PatCredential, now: Date) {
  return {
    ...tokenHeadJson(c, now),
    created_on: c.createdOn?.toISOString() ?? null,
    created_by: c.createdBy,
    last_used_on: c.lastUsedOn?.toISOString() ?? null,
    comment: c.comment,
  };
}
