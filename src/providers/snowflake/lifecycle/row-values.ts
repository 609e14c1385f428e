/**
 * Reading one cell of a driver row (SHOW … and ACCOUNT_USAGE rows alike): unset and empty cells are null, dates
 * arrive as Date values, ISO strings or epoch seconds depending on the column and the driver's settings.
 */
import type { Value } from '../client.js';

export function text(value: Value | undefined): string | null {
  if (value === undefined || value === null) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

/** A copy (rows are not ours to share), or null when missing or not a valid date. */
export function date(value: Value | undefined): Date | null {
  if (value === undefined || value === null || value === '' || typeof value === 'boolean') return null;
  const parsed = value instanceof Date ? new Date(value.getTime()) : new Date(typeof value === 'number' ? value * 1000 : value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
