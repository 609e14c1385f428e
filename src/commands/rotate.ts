/**
 * `pat rotate`: ROTATE the config's token with the admin connection, write the new secret, then prove it by
 * logging in with it. The previous secret stays valid for the grace period (EXPIRE_ROTATED_TOKEN_AFTER_HOURS,
 * Snowflake's default 24 h), so a failed verification leaves running services working while someone looks.
 */
import type { Command } from 'commander';
import { addPangolinOptions } from '../providers/pangolin/commands.js';
import { DEFAULT_ENV_VAR, sinksFromFlags } from '../sinks/index.js';
import { withConfigLock, writeSecret } from '../config/index.js';
import { UsageError } from '../errors.js';
import { rotateToken } from '../lifecycle/issue.js';
import { describeSession } from '../lifecycle/verify.js';
import { identifier, integerInRange, rotatePat, tokenName } from '../snowflake/sql.js';
import { checkDeliveryFlags, reportIssued, saveSecret, type SecretDelivery } from './deliver.js';
import { loadConfig, loadConfigIfPresent, resolveAdmin, withAdminSession, withPatSession, providerAction, type Deps, type Runner } from './runtime.js';

/** ROTATE's own default for EXPIRE_ROTATED_TOKEN_AFTER_HOURS. */
const DEFAULT_GRACE_HOURS = 24;
/** Upper bound we accept; Snowflake's real bound is the hours left on the token (checked server-side). */
const MAX_GRACE_HOURS = 365 * 24;

export interface RotateOptions extends SecretDelivery {
  name?: string;
  expireOldAfterHours?: number;
  user?: string;
  verify: boolean;
}

interface RotateFlags {
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
  if (flags.user !== undefined) {
    identifier(flags.user, '--user');
    options.user = flags.user;
  }
  return options;
}

export async function runRotate(options: RotateOptions, deps: Deps): Promise<number> {
  checkDeliveryFlags(options, deps.globals.json);
  const needConfig = options.write || options.verify || options.name === undefined || options.user === undefined;
  const loaded = needConfig ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const name = options.name ?? loaded?.config.pat_name;
  if (!name) {
    throw new UsageError(`No token to rotate: pass --name, or create one first (${loaded?.path ?? 'the config'} has no "pat_name").`);
  }
  const user = options.user ?? loaded?.config.user;
  const spec = { user, name: tokenName(name, loaded && !options.name ? `"pat_name" in ${loaded.path}` : '--name'), expireRotatedAfterHours: options.expireOldAfterHours };
  rotatePat(spec); // validate before the network
  const admin = await resolveAdmin(deps);
  const startedAt = deps.now();
  const grace = options.expireOldAfterHours ?? DEFAULT_GRACE_HOURS;

  const rotate = async () => {
    const issued = await withAdminSession(deps, admin, (session) => rotateToken(session, spec, startedAt, deps.io.verbose));
    deps.io.protect(issued.secret);
    const saved = await saveSecret(deps, options, loaded, issued, writeSecret);

    let verification: { ok: boolean; role?: string | null; error?: string } | undefined;
    if (options.verify && loaded) {
      try {
        const context = await withPatSession(deps, loaded, describeSession, issued.secret);
        verification = { ok: true, role: context.role };
      } catch (error) {
        verification = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }

    const graceText =
      grace === 0 ? 'the previous secret stopped working immediately' : `the previous secret keeps working for ${grace} h`;
    const code = reportIssued(deps, options, issued, saved, {
      headline: `Rotated token ${issued.name}${user ? ` of user ${user}` : ''}`,
      lines: [
        `${graceText}${issued.rotatedTokenName ? ` (as ${issued.rotatedTokenName})` : ''}`,
        ...(verification?.ok ? [`verified: logged in with the new secret (role ${verification.role ?? 'none'})`] : []),
      ],
      json: {
        user: user ?? null,
        rotated_token_name: issued.rotatedTokenName ?? null,
        expire_old_after_hours: grace,
        verified: verification ? verification.ok : null,
        verify_error: verification?.error ?? null,
      },
    });
    if (verification && !verification.ok) {
      const { io } = deps;
      io.err(io.errColour.red.bold(`error: the new secret was saved but logging in with it failed: ${verification.error}`));
      io.err(
        io.errColour.red.bold(
          grace > 0 && issued.rotatedTokenName
            ? `The previous secret still works for ${grace} h (token ${issued.rotatedTokenName}); fix the cause, then run \`pat test-connection\`.`
            : 'The previous secret has already expired; fix the cause, then run `pat test-connection`.',
        ),
      );
      return 1;
    }
    return code;
  };
  return options.write && loaded ? withConfigLock(loaded.path, rotate) : rotate();
}

export function registerRotate(program: Command, run: Runner): void {
  const command = program
    .command('rotate')
    .description('issue a new secret for a token, save it, and verify it by logging in')
    .option('--name <name>', 'token to rotate (default: the config "pat_name")')
    .option('--expire-old-after-hours <hours>', `hours the previous secret keeps working, 0 = now (default ${DEFAULT_GRACE_HOURS})`)
    .option('--user <user>', 'user that owns the token (default: the config "user")')
    .option('--no-write', 'do not write the config (combine with --secret-only or --show-secret)')
    .option('--no-verify', 'do not log in with the new secret afterwards')
    .option('--show-secret', 'also print the new secret')
    .option('--env-file <path>', 'also write NAME=<secret> into this dotenv file (0600)')
    .option('--env-var <name>', `variable name for --env-file / --github-env (default ${DEFAULT_ENV_VAR})`)
    .option('--github-env', 'GitHub Actions: mask the secret and export it to later steps via $GITHUB_ENV')
    .option('--secret-only', 'print only the new secret on stdout (everything else goes to stderr)')
    .addHelpText('after', '\nExample:\n  pat rotate --expire-old-after-hours 2');
  addPangolinOptions('rotate', command);
  command.action(providerAction(run, 'rotate', (deps, flags: RotateFlags) => runRotate(rotateOptionsFromFlags(flags, deps.env), deps)));
}
