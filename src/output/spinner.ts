/**
 * A spinner on stderr while pat waits for Snowflake — only on a terminal, never in pipes, CI logs or --verbose
 * runs (where it would interleave with log lines). ora is loaded only when a spinner is actually shown.
 */
import type { Io } from './io.js';

/** The spinner on screen, if any: a nested wait (e.g. verifying inside an admin session) only changes its text. */
let active: { text: string } | undefined;

export async function withSpinner<T>(io: Io, enabled: boolean, text: string, work: () => Promise<T>): Promise<T> {
  // A zero-width pseudo-terminal (e.g. `script` without a size) makes ora redraw endlessly: treat it as no terminal.
  if (!enabled || !io.stderrIsTTY || !process.stderr.columns) return work();
  if (active) {
    const outer = active;
    const previous = outer.text;
    outer.text = text;
    try {
      return await work();
    } finally {
      outer.text = previous;
    }
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr, color: io.errColour.level > 0 ? 'cyan' : false, discardStdin: false }).start();
  active = spinner;
  try {
    return await work();
  } finally {
    active = undefined;
    spinner.stop();
  }
}
