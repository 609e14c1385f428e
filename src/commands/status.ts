/**
 * `pat status`: the expiry gate for the config's token (stub).
 */
import type { Command } from 'commander';
import type { Runner } from './runtime.js';

export function registerStatus(_program: Command, _run: Runner): void {
  // Registered by a later change.
}
