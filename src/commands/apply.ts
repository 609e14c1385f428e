/** `pat apply`: the command line (see plan.ts for the pair); the work is src/fleet/run.ts, loaded lazily. */
import type { Command } from 'commander';
import type { Runner } from './command.js';
import { fleetCommand, fleetOptions, requireSnowflakeFleet, type FleetFlags } from './plan.js';

export function registerApply(program: Command, run: Runner): void {
  fleetCommand(program, 'apply', 'create missing tokens, rotate due ones, deliver each secret to its sinks and verify it', [
    'Exit codes: 0 every token fresh and delivered · 1 a token or sink failed (the next apply retries) · 2 bad manifest.',
  ]).action(
    run(async (f, flags: FleetFlags) => {
      const options = fleetOptions(flags);
      await requireSnowflakeFleet(f, 'apply');
      return (await import('../fleet/run.js')).runApply(options, f);
    }),
  );
}
