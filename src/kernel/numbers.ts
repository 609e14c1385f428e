/** Whole numbers typed on the command line (days, hours, ports, seconds). */
import { UsageError } from '../errors.js';
import { printable } from './text.js';

/** A whole number within [min, max]; `raw` is what the user typed, `field` the flag named in the message. */
export function integerInRange(raw: string, field: string, min: number, max: number): number {
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) {
    throw new UsageError(`${field} must be a whole number from ${min} to ${max}; got "${printable(raw)}".`);
  }
  const value = Number(trimmed);
  if (value < min || value > max) {
    throw new UsageError(`${field} must be from ${min} to ${max}; got ${trimmed}.`);
  }
  return value;
}
