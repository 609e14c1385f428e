/**
 * `pat revoke`: REMOVE a token (irreversible). Asks first on a terminal; scripts must say --yes.
 * Its rotated predecessors go too (--keep-rotated keeps them). If the config held that token, its `pat`/`pat_name`
 * are cleared so nothing keeps using a dead secret.
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
  /** Keep the rotated predecessors (`<NAME>_ROTATED_<ms>`) alive until their grace period ends. */
  keepRotated: boolean;
}

interface RevokeFlags {
  name?: string;
  user?: string;
  yes?: boolean;
  keepRotated?: boolean;
}

export function revokeOptionsFromFlags(flags: RevokeFlags): RevokeOptions {
  const options: RevokeOptions = { yes: Boolean(flags.yes), keepRotated: Boolean(flags.keepRotated) };
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
    .option('--keep-rotated', 'keep its rotated predecessors (previous secrets) working until their grace period ends')
    .addHelpText(
      'after',
      '\nRevokes the token and every rotated predecessor still holding one of its previous secrets\n' +
        '(<NAME>_ROTATED_<ms>), unless --keep-rotated. A token that is already gone counts as revoked.\n' +
        '\nExample:\n  pat revoke --name thermal_pat --yes',
    );
  addPangolinOptions('revoke', command);
  command.action(
    providerAction(run, 'revoke', async (deps, flags: RevokeFlags) => {
      const options = revokeOptionsFromFlags(flags);
      return (await import('./revoke-run.js')).runRevoke(options, deps);
    }),
  );
}
