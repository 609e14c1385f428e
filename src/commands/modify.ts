/**
 * `pat disable | enable | rename | comment`: MODIFY a token (stub).
 */
import type { Command } from 'commander';
import type { Runner } from './runtime.js';

export function registerModifyCommands(_program: Command, _run: Runner): void {
  // Registered by a later change.
}
