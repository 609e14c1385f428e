/**
 * `pat rotate`: ROTATE the config's token with the admin connection, write the new secret, then prove it by
 * logging in with it. The previous secret stays valid for the grace period (EXPIRE_ROTATED_TOKEN_AFTER_HOURS,
 * Snowflake's default 24 h), so a failed verification leaves running services working while someone looks.
 * Only the command line lives here (flags, validation, help); rotate-run.ts does the work and is loaded lazily.
 */
import type { Command } from 'commander';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { DEFAULT_ENV_VAR, sinksFromFlags } from '../sinks/flags.js';
import { identifier, integerInRange, tokenName } from '../snowflake/sql.js';
import { providerAction, type Runner } from './action.js';
import type { SecretDelivery } from './deliver.js';

/** ROTATE's own default for EXPIRE_ROTATED_TOKEN_AFTER_HOURS. */
export const DEFAULT_GRACE_HOURS = 24;
/** Upper bound we accept; Snowflake's real bound is the hours left on the token (checked server-side). */
const MAX_GRACE_HOURS = 365 * 24;

export interface RotateOptions extends SecretDelivery {
  name?: string;
  expireOldAfterHours?: number;
  user?: string;
  verify: boolean;
  /** Rotate only when the token expires within this many days (fleet/due.ts); otherwise exit 0, "not due". */
  ifExpiringWithin?: number;
}

interface RotateFlags {
  ifExpiringWithin?: string;
  name?: string;
  expireOldAfterHours?: string;
  user?: string;
  write: boolean;
  verify: boolean;
  showSecret?: boolean;
  secretOnly?: boolean;
  envFile?: string;
  envVar?: string;
  githubEnv?: boolean;
}

export function rotateOptionsFromFlags(flags: RotateFlags, env: NodeJS.ProcessEnv): RotateOptions {
  const options: RotateOptions = {
    write: flags.write,
    verify: flags.verify,
    showSecret: Boolean(flags.showSecret),
    secretOnly: Boolean(flags.secretOnly),
    sinks: sinksFromFlags(flags, env),
  };
  if (flags.name !== undefined) options.name = tokenName(flags.name);
  if (flags.expireOldAfterHours !== undefined) {
    options.expireOldAfterHours = integerInRange(flags.expireOldAfterHours, '--expire-old-after-hours', 0, MAX_GRACE_HOURS);
  }
  if (flags.ifExpiringWithin !== undefined) {
    options.ifExpiringWithin = integerInRange(flags.ifExpiringWithin, '--if-expiring-within', 0, 3650);
  }
  if (flags.user !== undefined) {
    identifier(flags.user, '--user');
    options.user = flags.user;
  }
  return options;
}

export function registerRotate(program: Command, run: Runner): void {
  const command = program
    .command('rotate')
    .description('issue a new secret for a token, save it, and verify it by logging in')
    .option('--name <name>', 'token to rotate (default: the config "pat_name")')
    .option('--expire-old-after-hours <hours>', `hours the previous secret keeps working, 0 = now (default ${DEFAULT_GRACE_HOURS})`)
    .option('--user <user>', 'user that owns the token (default: the config "user")')
    .option('--if-expiring-within <days>', 'rotate only when the token expires within this many days; else exit 0 "not due"')
    .option('--no-write', 'do not write the config (combine with --secret-only or --show-secret)')
    .option('--no-verify', 'do not log in with the new secret afterwards')
    .option('--show-secret', 'also print the new secret')
    .option('--env-file <path>', 'also write NAME=<secret> into this dotenv file (0600)')
    .option('--env-var <name>', `variable name for --env-file / --github-env (default ${DEFAULT_ENV_VAR})`)
    .option('--github-env', 'GitHub Actions: mask the secret and export it to later steps via $GITHUB_ENV')
    .option('--connections-toml <name>', 'also put the secret into this connection of the Snowflake CLI\'s connections.toml (authenticator PROGRAMMATIC_ACCESS_TOKEN)')
    .option('--secret-only', 'print only the new secret on stdout (everything else goes to stderr)')
    .addHelpText('after', '\nExample:\n  pat rotate --expire-old-after-hours 2');
  addPangolinOptions('rotate', command);
  command.action(
    providerAction(run, 'rotate', async (deps, flags: RotateFlags) => {
      const options = rotateOptionsFromFlags(flags, deps.env);
      return (await import('./rotate-run.js')).runRotate(options, deps);
    }),
  );
}
