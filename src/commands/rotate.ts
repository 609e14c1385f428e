/**
 * `pat rotate`: issue a new secret for the config's token, save it, then prove it by logging in with it.
 * Provider-neutral: flags → RotateOptions → the token system's `rotate`. Snowflake keeps the previous secret valid
 * for a grace period (EXPIRE_ROTATED_TOKEN_AFTER_HOURS, default 24 h), so a failed verification leaves running
 * services working while someone looks; Pangolin's two modes are in the help below.
 */
import type { Command } from 'commander';
import type { PangolinOptions, RotateOptions } from '../providers/provider.js';
import { integerInRange } from '../kernel/numbers.js';
import { deliveryOptions, deliveryRequest, snowflakeTokenRef, type DeliveryFlags, pangolinOptionsOf, pangolinTargetOptions, providerFor, SNOWFLAKE_OPTIONS, type Runner } from './command.js';

/** Upper bound we accept; Snowflake's real bound is the hours left on the token (checked server-side). */
const MAX_GRACE_HOURS = 365 * 24;

interface RotateFlags extends PangolinOptions, DeliveryFlags {
  ifExpiringWithin?: string;
  name?: string;
  expireOldAfterHours?: string;
  user?: string;
  verify: boolean;
}

export function rotateOptionsFromFlags(flags: RotateFlags): RotateOptions {
  const options: RotateOptions = { ...deliveryRequest(flags), ...snowflakeTokenRef(flags), verify: flags.verify, pangolin: pangolinOptionsOf(flags) };
  if (flags.expireOldAfterHours !== undefined) {
    options.expireOldAfterHours = integerInRange(flags.expireOldAfterHours, '--expire-old-after-hours', 0, MAX_GRACE_HOURS);
  }
  if (flags.ifExpiringWithin !== undefined) {
    options.ifExpiringWithin = integerInRange(flags.ifExpiringWithin, '--if-expiring-within', 0, 3650);
  }
  return options;
}

export function registerRotate(program: Command, run: Runner): void {
  const command = program
    .command('rotate')
    .description('issue a new secret for a token, save it, and verify it by logging in')
    .option('--if-expiring-within <days>', 'rotate only when the token expires within this many days; else exit 0 "not due"')
    .option('--no-verify', 'do not log in with the new secret afterwards')
    .optionsGroup(SNOWFLAKE_OPTIONS)
    .option('--name <name>', 'token to rotate (default: the config "pat_name")')
    .option('--user <user>', 'user that owns the token (default: the config "user")')
    .option('--expire-old-after-hours <hours>', 'hours the previous secret keeps working, 0 = now (default 24)');
  deliveryOptions(command);
  pangolinTargetOptions(command)
    .addHelpText(
      'after',
      '\nExample:\n  pat rotate --expire-old-after-hours 2\n' +
        '\nPangolin with an admin login (mint, save, verify, then revoke the old token):\n' +
        '  PANGOLIN_USERNAME=admin pat rotate --provider pangolin\n' +
        'Pangolin without one (v0.8 revokes the old token at once; 24-hour new token):\n' +
        '  pat rotate --provider pangolin',
    )
    .action(
      run(async (f, flags: RotateFlags) => {
        const provider = await providerFor(f, command);
        return provider.rotate(rotateOptionsFromFlags(flags), f);
      }),
    );
}
