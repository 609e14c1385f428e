/**
 * `pat emulator`: run the Snowflake wire-protocol emulator (or, with --pangolin, the Pangolin token API emulator)
 * standalone, so users can try pat (or test their own code) without an account, until Ctrl-C. The
 * snowflake-pat-emulator package is loaded only when this command runs.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { integerInRange } from '../kernel/numbers.js';
import type { Factory } from '../factory.js';
import type { Runner } from './command.js';

export interface EmulatorOptions {
  port: number;
  seed?: string;
  pangolin?: boolean;
}

interface EmulatorFlags {
  port: string;
  seed?: string;
  pangolin?: boolean;
}

export function emulatorOptionsFromFlags(flags: EmulatorFlags): EmulatorOptions {
  if (flags.pangolin && flags.seed !== undefined) throw new UsageError('--seed applies to the Snowflake emulator only, not with --pangolin.');
  return { port: integerInRange(flags.port, '--port', 0, 65535), seed: flags.seed, ...(flags.pangolin ? { pangolin: true } : {}) };
}

export function registerEmulator(program: Command, run: Runner): void {
  program
    .command('emulator')
    .description('run a local Snowflake emulator (PAT semantics) for trying pat without an account')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--pangolin', 'run the Pangolin (Iceberg catalog) token API emulator instead')
    .option('--seed <file>', 'JSON file with users, roles, network policies… (default: the thermal-streaming demo world)')
    .addHelpText('after', '\nExamples:\n  pat emulator --port 8085\n  pat emulator --pangolin --port 8086')
    // The emulator is loaded only here, never on the CLI's other paths.
    .action(run(async (f, flags: EmulatorFlags) => runEmulator(emulatorOptionsFromFlags(flags), f)));
}

export async function runEmulator(options: EmulatorOptions, f: Factory): Promise<number> {
  const { describeForUser, describePangolinForUser, loadSeedFile, startEmulator, startPangolinEmulator, thermalSeed } = await import('snowflake-pat-emulator');
  let emulator: { close(): Promise<void> };
  if (options.pangolin) {
    const pangolin = await startPangolinEmulator({ port: options.port });
    f.io.out(describePangolinForUser(pangolin));
    emulator = pangolin;
  } else {
    const seed = options.seed ? await loadSeedFile(options.seed) : thermalSeed();
    const snowflake = await startEmulator({ port: options.port, seed });
    f.io.out(describeForUser(snowflake));
    emulator = snowflake;
  }
  f.io.err('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
