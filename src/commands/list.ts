/**
 * `pat list`: a user's tokens with status and days left, marking the one the config holds.
 * Provider-neutral: flags → ListOptions → the token system's `list`.
 */
import type { Command } from 'commander';
import type { ListOptions, PangolinOptions } from '../providers/provider.js';
import { identifier } from '../providers/snowflake/sql.js';
import { pangolinAdminOptions, pangolinOptionsOf, pangolinTargetOptions, providerFor, SNOWFLAKE_OPTIONS, type Runner } from './command.js';

interface ListFlags extends PangolinOptions {
  user?: string;
}

export function listOptionsFromFlags(flags: ListFlags): ListOptions {
  if (flags.user !== undefined) identifier(flags.user, '--user');
  return { user: flags.user, pangolin: pangolinOptionsOf(flags) };
}

export function registerList(program: Command, run: Runner): void {
  const command = program
    .command('list')
    .description("list a user's tokens with status and days left")
    .optionsGroup(SNOWFLAKE_OPTIONS)
    .option('--user <user>', 'user whose tokens to list (default: the config "user")');
  pangolinTargetOptions(command);
  pangolinAdminOptions(command, false)
    .option('--user-id <uuid>', "list this user's tokens with the admin login (default: the config token's own user)")
    .addHelpText(
      'after',
      "\nExample:\n  pat list\n  pat list --json | jq '.[] | select(.days_left < 14)'\n" +
        '\nPangolin:\n  pat list --provider pangolin\n  pat list --provider pangolin --user-id <uuid> --json',
    )
    .action(
      run(async (f, flags: ListFlags) => {
        const provider = await providerFor(f, command);
        return provider.list(listOptionsFromFlags(flags), f);
      }),
    );
}
