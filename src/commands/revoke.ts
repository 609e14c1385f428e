/**
 * `pat revoke`: end a token for good (irreversible). Asks first on a terminal; scripts must say --yes.
 * Provider-neutral: flags → RevokeOptions → the token system's `revoke`. Snowflake also removes the token's rotated
 * predecessors (--keep-rotated keeps them) and clears the config if it held the token.
 */
import type { Command } from 'commander';
import type { PangolinOptions, RevokeOptions } from '../providers/provider.js';
import { snowflakeTokenRef, pangolinAdminOptions, pangolinOptionsOf, pangolinTargetOptions, providerFor, SNOWFLAKE_OPTIONS, type Runner } from './command.js';

interface RevokeFlags extends PangolinOptions {
  name?: string;
  user?: string;
  yes?: boolean;
  keepRotated?: boolean;
}

export function revokeOptionsFromFlags(flags: RevokeFlags): RevokeOptions {
  return { ...snowflakeTokenRef(flags), yes: Boolean(flags.yes), keepRotated: Boolean(flags.keepRotated), pangolin: pangolinOptionsOf(flags) };
}

export function registerRevoke(program: Command, run: Runner): void {
  const command = program
    .command('revoke')
    .description('remove a token for good (asks first; --yes in scripts)')
    .option('-y, --yes', 'do not ask for confirmation')
    .optionsGroup(SNOWFLAKE_OPTIONS)
    .option('--name <name>', 'token to revoke (default: the config "pat_name")')
    .option('--user <user>', 'user that owns the token (default: the config "user")')
    .option('--keep-rotated', 'keep its rotated predecessors (previous secrets) working until their grace period ends');
  pangolinTargetOptions(command);
  pangolinAdminOptions(command, false)
    .option('--self', 'revoke the token in the PyIceberg config with its own session, and remove it from the file')
    .option('--id <token-id>', 'revoke this token id (jti) with the admin login')
    .option('--reason <text>', 'reason recorded by Pangolin')
    .addHelpText(
      'after',
      '\nRevokes the token and every rotated predecessor still holding one of its previous secrets\n' +
        '(<NAME>_ROTATED_<ms>), unless --keep-rotated. A token that is already gone counts as revoked.\n' +
        '\nExample:\n  pat revoke --name thermal_pat --yes\n' +
        '\nPangolin:\n  pat revoke --provider pangolin --self --yes\n  pat revoke --provider pangolin --id <token-id> --yes',
    )
    .action(
      run(async (f, flags: RevokeFlags) => {
        const provider = await providerFor(f, command);
        return provider.revoke(revokeOptionsFromFlags(flags), f);
      }),
    );
}
