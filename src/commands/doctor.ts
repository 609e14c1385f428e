/**
 * `pat doctor`: a checklist, in order — config (valid, 0600, not in git), admin connection, user and TYPE,
 * network policy, privileges, token count, the config's PAT logs in, its role restriction matches the config —
 * with a fix under each failure. Later checks run whenever they still make sense after an earlier failure.
 * Exit 0 when nothing failed (warnings allowed), 1 otherwise; 2 only for usage errors.
 * The token system's `doctor` (Snowflake only: exit 2 under Pangolin, before any I/O).
 */
import type { Command } from 'commander';
import { requireVerb } from '../providers/provider.js';
import type { Runner } from './command.js';

export function registerDoctor(program: Command, run: Runner): void {
  program
    .command('doctor')
    .description('check the config, admin connection, user, network policy, privileges, token count and the PAT, with a fix for each problem')
    .addHelpText('after', '\nExit status: 0 when nothing failed (warnings allowed), 1 when a check failed.\n\nExample:\n  pat doctor\n  pat doctor --json | jq \'.checks[] | select(.ok | not)\'')
    .action(
      run(async (f) => requireVerb(await f.provider(), 'doctor', 'doctor')({}, f)),
    );
}
