/**
 * `pat create`: ADD a token with the admin connection and write its one-time secret into the config.
 */
import type { Command } from 'commander';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { DEFAULT_ENV_VAR, sinksFromFlags } from '../sinks/index.js';
import { withConfigLock, writeSecret } from '../config/index.js';
import { UsageError } from '../errors.js';
import { addToken } from '../lifecycle/issue.js';
import { addPat, identifier, integerInRange, stringLiteral, tokenName, type AddPatSpec } from '../snowflake/sql.js';
import { checkDeliveryFlags, reportIssued, saveSecret, type SecretDelivery } from './deliver.js';
import { loadConfig, loadConfigIfPresent, resolveAdmin, withAdminSession, providerAction, type Deps, type Runner } from './runtime.js';

/** Snowflake's documented default when DAYS_TO_EXPIRY is omitted (an authentication policy may change it). */
const DEFAULT_DAYS_TO_EXPIRY = 15;

export interface CreateOptions extends SecretDelivery {
  name: string;
  expiresIn?: number;
  /** A role name, or false for --no-role-restriction; undefined means "the config's role, if any". */
  roleRestriction?: string | false;
  comment?: string;
  user?: string;
  bypassNetworkPolicyMins?: number;
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

export async function runCreate(options: CreateOptions, deps: Deps): Promise<number> {
  checkDeliveryFlags(options, deps.globals.json);
  // Everything that can fail without the network fails first (exit 2, nothing sent).
  const needConfig = options.write || options.user === undefined;
  const loaded = needConfig ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const user = options.user ?? loaded?.config.user;
  const role = options.roleRestriction === false ? undefined : (options.roleRestriction ?? loaded?.config.role);
  const spec: AddPatSpec = {
    user,
    name: options.name,
    roleRestriction: role,
    daysToExpiry: options.expiresIn,
    minsToBypassNetworkPolicy: options.bypassNetworkPolicyMins,
    comment: options.comment,
  };
  addPat(spec); // validates the user and role taken from the config as well
  const admin = await resolveAdmin(deps);
  const startedAt = deps.now();

  const issue = async () => {
    const issued = await withAdminSession(deps, admin, (session) => addToken(session, spec, startedAt, deps.io.verbose));
    deps.io.protect(issued.secret);
    const saved = await saveSecret(deps, options, loaded, issued, writeSecret);
    const expiry = options.expiresIn ?? DEFAULT_DAYS_TO_EXPIRY;
    const expiresAt = new Date(startedAt.getTime() + expiry * 86_400_000);
    return reportIssued(deps, options, issued, saved, {
      headline: `Created token ${issued.name}${user ? ` for user ${user}` : ''}`,
      lines: [
        `expires ${expiresAt.toISOString().slice(0, 10)} (${expiry} days${options.expiresIn === undefined ? ', the default unless an account policy changes it' : ''})`,
        `role restriction: ${role ?? 'none'}`,
      ],
      json: {
        user: user ?? null,
        role_restriction: role ?? null,
        days_to_expiry: expiry,
        expires_at: expiresAt.toISOString(),
      },
    });
  };
  return options.write && loaded ? withConfigLock(loaded.path, issue) : issue();
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
    .option('--no-write', 'do not write the config (combine with --secret-only or --show-secret)')
    .option('--show-secret', 'also print the secret')
    .option('--env-file <path>', 'also write NAME=<secret> into this dotenv file (0600)')
    .option('--env-var <name>', `variable name for --env-file / --github-env (default ${DEFAULT_ENV_VAR})`)
    .option('--github-env', 'GitHub Actions: mask the secret and export it to later steps via $GITHUB_ENV')
    .option('--secret-only', 'print only the secret on stdout (everything else goes to stderr)')
    .addHelpText('after', '\nExample:\n  pat create --name thermal_pat --expires-in 90\n  TOKEN=$(pat create --name ci_pat --no-write --secret-only)');
  addPangolinOptions('create', command);
  command.action(providerAction(run, 'create', (deps, flags: CreateFlags) => runCreate(createOptionsFromFlags(flags, deps.env), deps)));
}
