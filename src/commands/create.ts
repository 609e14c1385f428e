/**
 * `pat create`: issue a new token and deliver its one-time secret (the config, sinks, stdout). Provider-neutral:
 * flags → CreateOptions → the chosen token system's `create` (Snowflake: ADD … with the admin connection, the
 * secret into snowflake_config.json; Pangolin: mint with the admin login, the token into the PyIceberg config).
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { CreateOptions, PangolinOptions } from '../providers/provider.js';
import { stringLiteral } from '../providers/snowflake/sql.js';
import { integerInRange } from '../kernel/numbers.js';
import { deliveryOptions, deliveryRequest, snowflakeTokenRef, type DeliveryFlags, PANGOLIN_OPTIONS, pangolinAdminOptions, pangolinOptionsOf, pangolinTargetOptions, providerFor, SNOWFLAKE_OPTIONS, type Runner } from './command.js';

interface CreateFlags extends PangolinOptions, DeliveryFlags {
  name?: string;
  expiresIn?: string;
  roleRestriction?: string | boolean;
  comment?: string;
  user?: string;
  bypassNetworkPolicyMins?: string;
  replace?: boolean;
}

/** Flags → options, validating everything that can be checked without the config or the network. */
export function createOptionsFromFlags(flags: CreateFlags): CreateOptions {
  const options: CreateOptions = { ...deliveryRequest(flags), ...snowflakeTokenRef(flags), replace: Boolean(flags.replace), pangolin: pangolinOptionsOf(flags) };
  if (flags.expiresIn !== undefined) options.expiresIn = integerInRange(flags.expiresIn, '--expires-in', 1, 365);
  if (flags.bypassNetworkPolicyMins !== undefined) {
    options.bypassNetworkPolicyMins = integerInRange(flags.bypassNetworkPolicyMins, '--bypass-network-policy-mins', 1, 1440);
  }
  if (flags.roleRestriction === false) options.roleRestriction = false;
  else if (typeof flags.roleRestriction === 'string') options.roleRestriction = flags.roleRestriction;
  if (flags.comment !== undefined) {
    stringLiteral(flags.comment, '--comment');
    options.comment = flags.comment;
  }
  return options;
}

/** The program's argv as given: commander keeps it (`rawArgs`) but does not declare it in its types. */
function rawArgsOf(command: Command): string[] {
  return (command.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
}

/** commander keeps only the last of a negatable pair; asking for both is a mistake worth saying. */
function refuseRoleFlagConflict(rawArgs: string[]): void {
  const restricted = rawArgs.some((arg) => arg === '--role-restriction' || arg.startsWith('--role-restriction='));
  if (restricted && rawArgs.includes('--no-role-restriction')) {
    throw new UsageError('--role-restriction and --no-role-restriction cannot be combined.');
  }
}

export function registerCreate(program: Command, run: Runner): void {
  const command = program
    .command('create')
    .description('create a token and save its one-time secret in the config')
    .option('--expires-in <days>', 'days until expiry, 1-365 (Snowflake default: the account default, 15; Pangolin: 1)')
    .optionsGroup(SNOWFLAKE_OPTIONS)
    .option('--name <name>', 'token name (letters, digits, underscores)')
    .option('--user <user>', 'user that owns the token (default: the config "user")')
    .option('--role-restriction <role>', 'role the token is restricted to (default: the config "role")')
    .option('--no-role-restriction', 'do not restrict the token to a role')
    .option('--comment <text>', 'comment stored with the token')
    .option('--bypass-network-policy-mins <minutes>', 'PERSON users: minutes the token may log in without a network policy, 1-1440')
    .option('--replace', 'the config already holds a token: create this one, verify it, then revoke the old one');
  deliveryOptions(command);
  pangolinTargetOptions(command);
  pangolinAdminOptions(command, true)
    .option('--username <user>', 'user the token is for (default: the user of the token in the config)')
    .option('--roles <roles>', 'role of the token: tenant-user, tenant-admin or root (comma-separated; v0.8 uses the first)')
    .option('--description <text>', 'note kept locally with the token id (Pangolin v0.8 cannot store one)')
    .optionsGroup(PANGOLIN_OPTIONS)
    .addHelpText(
      'after',
      '\nA config that already holds a token is refused (exit 2) unless --replace: a new token never strands the old one.\n' +
        'An existing token of the same name is never touched (exit 1): use `pat rotate` for a new secret.\n' +
        '\nExample:\n  pat create --name thermal_pat --expires-in 90\n  pat create --name thermal_pat_v2 --replace\n' +
        '  TOKEN=$(pat create --name ci_pat --no-write --secret-only)\n' +
        '\nPangolin:\n  pat create --provider pangolin --username etl_bot --expires-in 90 --description "nightly ETL"',
    )
    .hook('preAction', (self) => refuseRoleFlagConflict(rawArgsOf(self)))
    .action(
      run(async (f, flags: CreateFlags) => {
        const provider = await providerFor(f, command);
        return provider.create(createOptionsFromFlags(flags), f);
      }),
    );
}
