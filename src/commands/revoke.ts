/**
 * `pat revoke`: REMOVE a token (irreversible). Asks first on a terminal; scripts must say --yes.
 * If the config held that token, its `pat`/`pat_name` are cleared so nothing keeps using a dead secret.
 * Only the command line lives here (flags, validation, help); revoke-run.ts does the work and is loaded lazily.
 */
import type { Command } from 'commander';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { identifier, tokenName } from '../snowflake/sql.js';
import { providerAction, type Runner } from './action.js';

export interface RevokeOptions {
  name?: string;
  user?: string;
  yes: boolean;
}

export function revokeOptionsFromFlags(flags: { name?: string; user?: string; yes?: boolean }): RevokeOptions {
  const options: RevokeOptions = { yes: Boolean(flags.yes) };
  if (flags.name !== undefined) options.name = tokenName(flags.name);
  if (flags.user !== undefined) {
    identifier(flags.user, '--user');
    options.user = flags.user;
  }
  return options;
}

export function registerRevoke(program: Command, run: Runner): void {
  const command = program
    .command('revoke')
    .description('remove a token for good (asks first; --yes in scripts)')
    .option('--name <name>', 'token to revoke (default: the config "pat_name")')
    .option('--user <user>', 'user that owns the token (default: the config "user")')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  pat revoke --name thermal_pat --yes');
  addPangolinOptions('revoke', command);
  command.action(
    providerAction(run, 'revoke', async (deps, flags: { name?: string; user?: string; yes?: boolean }) => {
      const options = revokeOptionsFromFlags(flags);
      return (await import('./revoke-run.js')).runRevoke(options, deps);
    }),
  );
}
