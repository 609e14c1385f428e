/**
 * `pat plan` and `pat apply`: keep every token of a manifest fresh and delivered (src/fleet). Only the command
 * line lives here; the work (YAML, zod, the sinks' SDKs, the driver) loads when a command runs.
 */
import type { Command } from 'commander';
import { integerInRange } from '../kernel/numbers.js';
import type { Factory } from '../factory.js';
import { UsageError } from '../errors.js';
import type { Runner } from './command.js';

export const DEFAULT_MANIFEST = 'pat-manifest.yaml';

export interface FleetFlags {
  manifest: string;
  state?: string;
  parallel: string;
}

/** A manifest holds Snowflake tokens only: under another token system these verbs stop before any I/O. */
export async function requireSnowflakeFleet(f: Factory, verb: 'plan' | 'apply'): Promise<void> {
  const system = await f.provider();
  if (system.name === 'snowflake') return;
  const { message, hint } = system.lacks(verb);
  throw new UsageError(message, hint);
}

export function fleetOptions(flags: FleetFlags) {
  return { manifest: flags.manifest, state: flags.state, parallel: integerInRange(flags.parallel, '--parallel', 1, 64) };
}

export function fleetCommand(program: Command, name: 'plan' | 'apply', description: string, after: string[]): Command {
  return program
    .command(name)
    .description(description)
    .option('-f, --manifest <path>', 'the fleet manifest (YAML)', DEFAULT_MANIFEST)
    .option('--state <path>', 'undelivered-secret marks (default: <manifest>.state.json next to the manifest)')
    .option('--parallel <n>', 'tokens worked on at once (1-64)', '4')
    .addHelpText('after', ['', ...after].join('\n'));
}

export function registerPlan(program: Command, run: Runner): void {
  fleetCommand(program, 'plan', 'read-only: per manifest token, what is there and what apply would do', [
    'Exit codes: 0 no changes · 2 changes pending · 1 error, or a token that needs a person (disabled, role drift)',
    '· 2 also for a bad manifest (with a message naming the field).',
  ]).action(
    run(async (f, flags: FleetFlags) => {
      const options = fleetOptions(flags);
      await requireSnowflakeFleet(f, 'plan');
      return (await import('../fleet/run.js')).runPlan(options, f);
    }),
  );
}
