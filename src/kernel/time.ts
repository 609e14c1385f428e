/**
 * Time as pat shows it: whole days left until an expiry, and the three UTC date forms used in tables and messages.
 * All UTC, so output does not depend on the machine's time zone.
 */
export const DAY_MS = 86_400_000;

/** Whole days from `now` until `expiresAt`, rounded down; negative once expired (what `days_left` reports). */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.floor((expiresAt.getTime() - now.getTime()) / DAY_MS);
}

/** daysLeft, or null when the expiry is unknown. */
export function daysLeftOrNull(expiresAt: Date | null | undefined, now: Date): number | null {
  return expiresAt ? daysLeft(expiresAt, now) : null;
}

/** "0 days left", "1 day left", "12 days left". */
export function daysLeftText(days: number): string {
  return `${days} day${days === 1 ? '' : 's'} left`;
}

/** 2025-06-01 */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** 2025-06-01 12:34Z */
export function shortTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** 2025-06-01 12:34:56Z */
export function secondTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
