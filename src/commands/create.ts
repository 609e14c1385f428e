/**
 * `pat create`: ADD a token with the admin connection and write its one-time secret into the config.
 * Only the command line lives here (flags, validation, help); create-run.ts does the work and is loaded lazily.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { DEFAULT_ENV_VAR, sinksFromFlags } from '../sinks/flags.js';
import { identifier, integerInRange, stringLiteral, tokenName } from '../snowflake/sql.js';
import { providerAction, type Runner } from './action.js';
import type { SecretDelivery } from './deliver.js';

export interface CreateOptions extends SecretDelivery {
  name: string;
  expiresIn?: number;
  /** A role name, or false for --no-role-restriction; undefined means "the config's role, if any". */
  roleRestriction?: string | false;
  comment?: string;
  user?: string;
  bypassNetworkPolicyMins?: number;
  /** The config already holds a token: create, verify, then revoke that one. */
  replace: boolean;
}

interface CreateFlags {
  name?: string;
  expiresIn?: string;
  roleRestriction?: string | boolean;
  comment?: string;
  user?: string;
  bypassNetworkPolicyMins?: string;
  write: boolean;
  showSecret?: boolean;
  secretOnly?: boolean;
  envFile?: string;
  envVar?: string;
  githubEnv?: boolean;
  replace?: boolean;
}

/** Flags → options, validating everything that can be checked without the config or the network. */
export function createOptionsFromFlags(flags: CreateFlags, env: NodeJS.ProcessEnv): CreateOptions {
  if (flags.name === undefined) throw new UsageError('--name is required.', 'Example: pat create --name thermal_pat --expires-in 90');
  const options: CreateOptions = {
    name: tokenName(flags.name),
    write: flags.write,
    showSecret: Boolean(flags.showSecret),
    secretOnly: Boolean(flags.secretOnly),
    sinks: sinksFromFlags(flags, env),
    replace: Boolean(flags.replace),
  };
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
  if (flags.user !== undefined) {
    identifier(flags.user, '--user');
    options.user = flags.user;
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
    .description('create a token with the admin connection and save its secret in the config')
    .option('--name <name>', 'token name (letters, digits, underscores)')
    .option('--expires-in <days>', 'days until expiry, 1-365 (default: the account default, 15)')
    .option('--role-restriction <role>', 'role the token is restricted to (default: the config "role")')
    .option('--no-role-restriction', 'do not restrict the token to a role')
    .option('--comment <text>', 'comment stored with the token')
    .option('--user <user>', 'user that owns the token (default: the config "user")')
    .option('--bypass-network-policy-mins <minutes>', 'PERSON users: minutes the token may log in without a network policy, 1-1440')
    .option('--replace', 'the config already holds a token: create this one, verify it, then revoke the old one')
    .option('--no-write', 'do not write the config (combine with --secret-only or --show-secret)')
    .option('--show-secret', 'also print the secret')
    .option('--env-file <path>', 'also write NAME=<secret> into this dotenv file (0600)')
    .option('--env-var <name>', `variable name for --env-file / --github-env (default ${DEFAULT_ENV_VAR})`)
    .option('--github-env', 'GitHub Actions: mask the secret and export it to later steps via $GITHUB_ENV')
    .option('--connections-toml <name>', 'also put the secret into this connection of the Snowflake CLI\'s connections.toml (authenticator PROGRAMMATIC_ACCESS_TOKEN)')
    .option('--secret-only', 'print only the secret on stdout (everything else goes to stderr)')
    .addHelpText(
      'after',
      '\nA config that already holds a token is refused (exit 2) unless --replace: a new token never strands the old one.\n' +
        'An existing token of the same name is never touched (exit 1): use `pat rotate` for a new secret.\n' +
        '\nExample:\n  pat create --name thermal_pat --expires-in 90\n  pat create --name thermal_pat_v2 --replace\n' +
        '  TOKEN=$(pat create --name ci_pat --no-write --secret-only)',
    )
    .hook('preAction', (self) => refuseRoleFlagConflict(rawArgsOf(self)));
  addPangolinOptions('create', command);
  command.action(
    providerAction(run, 'create', async (deps, flags: CreateFlags) => {
      const options = createOptionsFromFlags(flags, deps.env);
      return (await import('./create-run.js')).runCreate(options, deps);
    }),
  );
}
