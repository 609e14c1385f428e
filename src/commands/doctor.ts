/**
 * `pat doctor`: a checklist with a fix for each failure (stub).
 */
import type { Command } from 'commander';
import type { Runner } from './runtime.js';

export function registerDoctor(_program: Command, _run: Runner): void {
  // Registered by a later change.
}
