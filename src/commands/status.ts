/**
 * `pat status`: the expiry gate for the config's token, meant for cron and CI. Exit codes:
 *   0 healthy · 3 expiring within --warn-days (default 14) · 1 expired, disabled, missing or invalid.
 *
 * Looks the token up with SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER <user> on the admin connection. When no
 * admin connection is configured at all, it logs in with the config's own PAT and runs the same SHOW; a refused
 * login (394400) then means the token is invalid (wrong, removed, expired or disabled: Snowflake does not say which).
 * Provider-neutral: flags → StatusOptions → the token system's `status`.
 */
import type { Command } from 'commander';
import type { PangolinOptions, StatusOptions } from '../providers/provider.js';
import { integerInRange } from '../kernel/numbers.js';
import { pangolinOptionsOf, pangolinTargetOptions, providerFor, type Runner } from './command.js';

export const DEFAULT_WARN_DAYS = 14;

interface StatusFlags extends PangolinOptions {
  warnDays?: string;
}

export function statusOptionsFromFlags(flags: StatusFlags): StatusOptions {
  return { warnDays: integerInRange(flags.warnDays ?? String(DEFAULT_WARN_DAYS), '--warn-days', 0, 365), pangolin: pangolinOptionsOf(flags) };
}

export function registerStatus(program: Command, run: Runner): void {
  const command = program
    .command('status')
    .description("expiry gate for the config's token: exit 0 healthy, 3 expiring soon, 1 expired/disabled/missing/invalid")
    .option('--warn-days <days>', 'exit 3 when the token expires within this many days (0-365; 0 = never warn)', String(DEFAULT_WARN_DAYS))
    .addHelpText(
      'after',
      [
        '',
        'Meant for cron and CI:',
        '  pat status --warn-days 7 || alert "rotate the thermal token"',
        '',
        'Exit codes: 0 healthy · 3 expires within --warn-days (days_left < N) · 1 expired, disabled, missing or',
        'invalid · 2 bad flags or config.',
        'Reads the token with the admin connection; when none is configured, logs in with the config\'s own token',
        '(a refused login then means the token is invalid).',
        '',
        'JSON (--json): { token_name, user, status, role_restriction, expires_at, days_left, warn_days, healthy,',
        '                 verdict: ok | expiring | expired | disabled | missing | invalid }',
      ].join('\n'),
    );
  pangolinTargetOptions(command).action(
    run(async (f, flags: StatusFlags) => {
      const provider = await providerFor(f, command);
      return provider.status(statusOptionsFromFlags(flags), f);
    }),
  );
}
