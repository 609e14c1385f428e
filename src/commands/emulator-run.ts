/** Starts an emulator in the foreground until Ctrl-C. Imported only by `pat emulator`. */
import {
  describeForUser, describePangolinForUser, loadSeedFile, startEmulator, startPangolinEmulator, thermalSeed,
} from 'snowflake-pat-emulator';
import type { EmulatorOptions } from './emulator.js';
import type { Deps } from './action.js';

export async function runEmulator(options: EmulatorOptions, deps: Deps): Promise<number> {
  let emulator: { close(): Promise<void> };
  if (options.pangolin) {
    const pangolin = await startPangolinEmulator({ port: options.port });
    deps.io.out(describePangolinForUser(pangolin));
    emulator = pangolin;
  } else {
    const seed = options.seed ? await loadSeedFile(options.seed) : thermalSeed();
    const snowflake = await startEmulator({ port: options.port, seed });
    deps.io.out(describeForUser(snowflake));
    emulator = snowflake;
  }
  deps.io.err('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
