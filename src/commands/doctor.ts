/**
 * `pat doctor`: a checklist, in order — config (valid, 0600, not in git), admin connection, user and TYPE,
 * network policy, privileges, token count, the config's PAT logs in, its role restriction matches the config —
 * with a fix under each failure. Later checks run whenever they still make sense after an earlier failure.
 * Exit 0 when nothing failed (warnings allowed), 1 otherwise; 2 only for usage errors.
 * Only the command line lives here; doctor-run.ts does the work and is loaded lazily.
 */
import type { Command } from 'commander';
import type { Runner } from './action.js';
import { requireSnowflake } from './audit.js';

export function registerDoctor(program: Command, run: Runner): void {
  program
    .command('doctor')
    .description('check the config, admin connection, user, network policy, privileges, token count and the PAT, with a fix for each problem')
    .addHelpText('after', '\nExit status: 0 when nothing failed (warnings allowed), 1 when a check failed.\n\nExample:\n  pat doctor\n  pat doctor --json | jq \'.checks[] | select(.ok | not)\'')
    .action(
      run(async (deps) => {
        requireSnowflake(deps, 'doctor');
        return (await import('./doctor-run.js')).runDoctor(deps);
      }),
    );
}
