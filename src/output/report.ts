/** Where a command's human lines and JSON documents go. */
import type { Factory } from '../factory.js';

/** Human-readable lines go to stderr when stdout is reserved for a secret or JSON. */
export function reporter(f: Pick<Factory, 'io'>, stdoutReserved: boolean): (text: string) => void {
  return stdoutReserved ? (text) => f.io.err(text) : (text) => f.io.out(text);
}

/** One JSON document on stdout; `reveal` names the one secret it may carry (asked for, or a failed write). */
export function printJson(f: Pick<Factory, 'io'>, value: unknown, reveal?: string): void {
  f.io.out(JSON.stringify(value, null, 2), reveal);
}
