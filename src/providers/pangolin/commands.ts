/**
 * The Pangolin provider's side of each shared verb (create, rotate, list, revoke, test-connection, status):
 * extra flags it adds to the shared commander command, and the work it does when `--provider pangolin` (or a
 * PyIceberg config) selects it. Loaded lazily: the Snowflake paths never import the Pangolin code.
 */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Deps } from '../../commands/runtime.js';

export type Verb = 'create' | 'rotate' | 'list' | 'revoke' | 'test-connection' | 'status';

/** Adds the Pangolin-only flags of `verb` to its command (stub until the provider lands). */
export function addPangolinOptions(_verb: Verb, _command: Command): void {}

/** Runs `verb` against Pangolin with the raw commander flags (stub until the provider lands). */
export async function runPangolin(verb: Verb, _flags: object, _deps: Deps): Promise<number> {
  throw new UsageError(`pat ${verb} does not support --provider pangolin yet.`);
}
