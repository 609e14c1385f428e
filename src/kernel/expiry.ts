/**
 * How close an expiry is: the warning window `pat status` gates on, and the colour a "days left" cell gets in
 * `pat list` and `pat inventory` (red within a week or when the token cannot log in, yellow within a month).
 */
import { DAY_MS } from './time.js';

export type ExpiryWindow = 'expired' | 'expiring' | 'ok';

/** expired once `expiresAt` has passed; expiring when less than `warnDays` days remain (0 turns the warning off). */
export function expiryWindow(expiresAt: Date, now: Date, warnDays: number): ExpiryWindow {
  const remaining = expiresAt.getTime() - now.getTime();
  if (remaining <= 0) return 'expired';
  return remaining < warnDays * DAY_MS ? 'expiring' : 'ok';
}

export type ExpiryColour = 'red' | 'yellow' | 'green';

/** The colour of a days-left cell; `active` false (disabled, expired, unknown status) is always red. */
export function expiryColour(days: number, active = true): ExpiryColour {
  if (!active || days <= 7) return 'red';
  if (days <= 30) return 'yellow';
  return 'green';
}
