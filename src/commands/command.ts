/**
 * What every command module shares, and nothing heavy: the Runner that keeps a command's exit code, the help
 * groups for provider-specific flags, the flags shared by several verbs, and the step every provider-neutral verb
 * takes first — refuse the other provider's flags, then load the chosen provider.
 */
import type { Command } from 'commander';
import type { Factory, ProviderName } from '../factory.js';
import type { DeliveryRequest, PangolinOptions, TokenSystem } from '../providers/provider.js';
import { UsageError } from '../errors.js';
import { identifier, tokenName } from '../providers/snowflake/sql.js';

/**
 * Wraps a command's work so the program keeps its exit code: `run((f, flags) => …)` gives the function a
 * commander action calls. main.ts builds the Factory each run receives.
 */
export type Runner = <T extends unknown[]>(work: (f: Factory, ...args: T) => Promise<number>) => (...args: T) => Promise<void>;

/** Help headings of the flags that apply to one token system only. */
export const SNOWFLAKE_OPTIONS = 'Snowflake options:';
export const PANGOLIN_OPTIONS = 'Pangolin options (with --provider pangolin or a PyIceberg config):';

const GROUP_OF: Record<ProviderName, string> = { snowflake: SNOWFLAKE_OPTIONS, pangolin: PANGOLIN_OPTIONS };

/** What to use instead, when a Snowflake flag is given to Pangolin (or the other way round). */
const INSTEAD: Record<string, string> = {
  '--name': 'Pangolin tokens have no names; they are identified by their id (jti). Use --description to label one.',
  '--user': 'Use --username (create) or --user-id (list).',
  '--comment': 'Use --description.',
  '--role-restriction': 'Use --roles.',
  '--no-role-restriction': 'Use --roles.',
  '--expire-old-after-hours': 'Pangolin revokes the previous token at once; there is no grace period.',
  '--connections-toml': 'Pangolin tokens go to the PyIceberg config, --env-file or --github-env.',
  '--username': 'Snowflake tokens belong to --user.',
  '--description': 'Use --comment.',
  '--roles': 'Use --role-restriction.',
};

/**
 * Flags of the provider not chosen are refused (exit 2), never silently ignored. Only flags typed on the command
 * line count; defaults do not.
 */
export function refuseOtherProviderFlags(command: Command, chosen: ProviderName): void {
  const other: ProviderName = chosen === 'pangolin' ? 'snowflake' : 'pangolin';
  for (const option of command.options) {
    if (option.helpGroupHeading !== GROUP_OF[other]) continue;
    if (command.getOptionValueSource(option.attributeName()) !== 'cli') continue;
    const flag = option.long ?? option.flags;
    const title = other === 'pangolin' ? 'Pangolin' : 'Snowflake';
    throw new UsageError(`${flag} is a ${title} option; it does not apply to --provider ${chosen}.`, INSTEAD[flag]);
  }
}

/** The chosen token system, after refusing flags that belong to the other one. */
export async function providerFor(f: Factory, command: Command): Promise<TokenSystem> {
  refuseOtherProviderFlags(command, f.globals.provider);
  return f.provider();
}

/** The options every Pangolin verb takes: which catalog of the PyIceberg config, and the server. */
export function pangolinTargetOptions(command: Command): Command {
  return command
    .optionsGroup(PANGOLIN_OPTIONS)
    .option('--catalog <name>', 'catalog in the PyIceberg config whose uri/token pat manages (default "default")')
    .option('--pangolin-url <url>', 'server URL (env PANGOLIN_URL; default: the origin of the catalog uri)');
}

/** The Pangolin admin login (create, list, revoke; rotate reads PANGOLIN_USERNAME for its safe mode). */
export function pangolinAdminOptions(command: Command, tenantOfNewToken: boolean): Command {
  return command
    .optionsGroup(PANGOLIN_OPTIONS)
    .option('--pangolin-username <user>', 'admin user to log in as (env PANGOLIN_USERNAME; password: env PANGOLIN_PASSWORD or a prompt)')
    .option(
      '--pangolin-tenant <uuid>',
      `tenant id of the admin login${tenantOfNewToken ? ' and of the new token' : ''} (env PANGOLIN_TENANT_ID; root admins need none)`,
    );
}

/** The delivery flags as commander hands them over (see deliveryOptions). */
export interface DeliveryFlags {
  write: boolean;
  showSecret?: boolean;
  secretOnly?: boolean;
  envFile?: string;
  envVar?: string;
  githubEnv?: boolean;
  connectionsToml?: string;
}

/** Where a new secret goes besides (or instead of) the config: shared by create and rotate. */
export function deliveryOptions(command: Command): Command {
  return command
    .optionsGroup('Options:')
    .option('--no-write', 'do not write the config (combine with --secret-only, --show-secret or a sink)')
    .option('--show-secret', 'also print the secret')
    .option('--secret-only', 'print only the secret on stdout (everything else goes to stderr)')
    .option('--env-file <path>', 'also write NAME=<secret> into this dotenv file (0600)')
    .option('--env-var <name>', 'variable name for --env-file / --github-env (default SNOWFLAKE_PAT; Pangolin: PYICEBERG_CATALOG__<CATALOG>__TOKEN)')
    .option('--github-env', 'GitHub Actions: mask the secret and export it to later steps via $GITHUB_ENV')
    .optionsGroup(SNOWFLAKE_OPTIONS)
    .option('--connections-toml <name>', "also put the secret into this connection of the Snowflake CLI's connections.toml (authenticator PROGRAMMATIC_ACCESS_TOKEN)");
}

export function deliveryRequest(flags: DeliveryFlags): DeliveryRequest {
  return {
    write: flags.write,
    showSecret: Boolean(flags.showSecret),
    secretOnly: Boolean(flags.secretOnly),
    sinks: { envFile: flags.envFile, envVar: flags.envVar, githubEnv: flags.githubEnv, connectionsToml: flags.connectionsToml },
  };
}

/** --name and --user of a Snowflake token, checked by Snowflake's naming rules (exit 2 naming the flag). */
export function snowflakeTokenRef(flags: { name?: string; user?: string }): { name?: string; user?: string } {
  const ref: { name?: string; user?: string } = {};
  if (flags.name !== undefined) ref.name = tokenName(flags.name);
  if (flags.user !== undefined) {
    identifier(flags.user, '--user');
    ref.user = flags.user;
  }
  return ref;
}

/** Pangolin's own flags as typed, for the provider (undefined ones dropped). */
export function pangolinOptionsOf(flags: PangolinOptions): PangolinOptions {
  const keys: (keyof PangolinOptions)[] = ['catalog', 'pangolinUrl', 'pangolinUsername', 'pangolinTenant', 'username', 'roles', 'description', 'self', 'id', 'reason', 'userId'];
  const options: Record<string, unknown> = {};
  for (const key of keys) if (flags[key] !== undefined) options[key] = flags[key];
  return options as PangolinOptions;
}
