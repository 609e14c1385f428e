/**
 * `pat usage` and `pat inventory` from SNOWFLAKE.ACCOUNT_USAGE (stub).
 */
import type { Command } from 'commander';
import type { Runner } from './runtime.js';

export function registerAudit(_program: Command, _run: Runner): void {
  // Registered by a later change.
}
