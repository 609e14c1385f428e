/**
 * `pat completion bash|zsh|fish` (stub).
 */
import type { Command } from 'commander';
import type { Runner } from './runtime.js';

export function registerCompletion(_program: Command, _run: Runner): void {
  // Registered by a later change.
}
