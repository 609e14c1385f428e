/**
 * `pat demo` (and `npm run demo`): the whole lifecycle against the embedded emulator, printing each command as a
 * user would type it, then its output. Only flag parsing lives here; demo-run.ts loads the emulator lazily.
 */
import type { Command } from 'commander';
import type { Runner } from './action.js';

export function registerDemo(program: Command, run: Runner): void {
  program
    .command('demo')
    .description('walk through the whole token lifecycle against a built-in Snowflake emulator (no account needed)')
    .action(run(async (deps) => (await import('./demo-run.js')).runDemo(deps)));
}
