/**
 * `pat list`: the user's tokens, marking the one the config holds, with days left coloured by urgency.
 * Only the command line lives here (flags, validation, help); list-run.ts does the work and is loaded lazily.
 */
import type { Command } from 'commander';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { identifier } from '../snowflake/sql.js';
import { providerAction, type Runner } from './action.js';

export interface ListOptions {
  user?: string;
}

export function listOptionsFromFlags(flags: { user?: string }): ListOptions {
  if (flags.user !== undefined) identifier(flags.user, '--user');
  return { user: flags.user };
}

export function registerList(program: Command, run: Runner): void {
  const command = program
    .command('list')
    .description("list a user's tokens with status and days left")
    .option('--user <user>', 'user whose tokens to list (default: the config "user")')
    .addHelpText('after', '\nExample:\n  pat list\n  pat list --json | jq \'.[] | select(.days_left < 14)\'');
  addPangolinOptions('list', command);
  command.action(
    providerAction(run, 'list', async (deps, flags: { user?: string }) => {
      const options = listOptionsFromFlags(flags);
      return (await import('./list-run.js')).runList(options, deps);
    }),
  );
}
