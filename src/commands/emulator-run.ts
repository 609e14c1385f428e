/** Starts the emulator in the foreground until Ctrl-C. Imported only by `pat emulator`. */
import { describeForUser } from '../emulator/describe.js';
import { loadSeedFile, startEmulator, thermalSeed } from '../emulator/index.js';
import type { EmulatorOptions } from './emulator.js';
import type { Deps } from './action.js';

export async function runEmulator(options: EmulatorOptions, deps: Deps): Promise<number> {
  const seed = options.seed ? await loadSeedFile(options.seed) : thermalSeed();
  const emulator = await startEmulator({ port: options.port, seed });
  deps.io.out(describeForUser(emulator));
  deps.io.err('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
