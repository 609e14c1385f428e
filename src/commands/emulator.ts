/**
 * `pat emulator`: run the Snowflake wire-protocol emulator standalone, so users can try pat (or test their own
 * snowflake-sdk code) without an account. Only flag parsing lives here; emulator-run.ts loads the emulator lazily.
 */
import type { Command } from 'commander';
import { integerInRange } from '../snowflake/sql.js';
import type { Runner } from './action.js';

export interface EmulatorOptions {
  port: number;
  seed?: string;
}

export function emulatorOptionsFromFlags(flags: { port: string; seed?: string }): EmulatorOptions {
  return { port: integerInRange(flags.port, '--port', 0, 65535), seed: flags.seed };
}

export function registerEmulator(program: Command, run: Runner): void {
  program
    .command('emulator')
    .description('run a local Snowflake emulator (PAT semantics) for trying pat without an account')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--seed <file>', 'JSON file with users, roles, network policies… (default: the thermal-streaming demo world)')
    .addHelpText('after', '\nExample:\n  pat emulator --port 8085')
    // The emulator is loaded only here, never on the CLI's other paths.
    .action(
      run(async (deps, flags: { port: string; seed?: string }) =>
        (await import('./emulator-run.js')).runEmulator(emulatorOptionsFromFlags(flags), deps),
      ),
    );
}
