// Public entry of snowflake-pat-emulator: the Snowflake wire-protocol emulator (startEmulator) and, re-exported,
// the Pangolin token API emulator (startPangolinEmulator; its full API is the "./pangolin" subpath). Used by pat's
// tests, `pat demo` and `pat emulator`, and by anyone's tests through the package name.
import { seedTokens } from './account-usage.js';
import { clockFor, type Clock } from './clock.js';
import { Engine } from './engine.js';
import { Faults, type Fault } from './faults.js';
import { listen } from './listen.js';
import type { RecordedRequest } from './record.js';
import { toObjects } from './results.js';
import { buildWorld, thermalSeed, type EmulatorSeed } from './seed.js';
import { SnowflakeHttpServer } from './server.js';

export type { Fault } from './faults.js';
export type { RecordedRequest } from './record.js';
export type { EmulatorSeed, SeedPat, SeedUser } from './seed.js';
export { SeedError, loadSeedFile, thermalSeed, validateSeed } from './seed.js';
export { SfError } from './errors.js';
export { parseStatement } from './parser.js';
export type { Statement } from './statements.js';
export type { Clock } from './clock.js';
export { adminEnvFor, describeForUser, serviceConfigFor } from './describe.js';
export {
  pangolinDemoSeed, startPangolinEmulator, describePangolinForUser,
  type PangolinEmulatorOptions, type PangolinSeed, type RunningPangolin,
} from './pangolin/index.js';

export interface EmulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default thermalSeed(). */
  seed?: EmulatorSeed;
  /**
   * Freezes the clock at this epoch ms (it moves only by clock.set/advance). Omitted: the real clock, which follows
   * Date.now() plus whatever clock.set/advance, SYSTEM$EMULATOR_ADVANCE_CLOCK or POST /emulator/clock added.
   */
  now?: number;
}

export interface RunningEmulator {
  /** e.g. 'http://127.0.0.1:PORT' */
  url: string;
  port: number;
  account: string;
  clock: Clock;
  /** Arrival order; secrets redacted. */
  requests: RecordedRequest[];
  clearRequests(): void;
  faults: { inject(fault: Fault): void; clear(): void };
  /** Every PAT secret ever issued or seeded, for leak scans in tests. */
  issuedSecrets(): string[];
  /** Direct engine execution as `user` with its default role: no HTTP, not recorded. Throws SfError. */
  runAs(user: string, sql: string): Promise<Record<string, unknown>[]>;
  /**
   * Adds `count` listable tokens (no usable secret) over synthetic users INVENTORY_USER_0001… (15 each), for
   * ACCOUNT_USAGE.CREDENTIALS at scale. Returns the user names it created.
   */
  seedTokens(count: number): string[];
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = clockFor(options.now);
  const world = buildWorld(options.seed ?? thermalSeed(), clock.now());
  const engine = new Engine(world, clock);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const http = new SnowflakeHttpServer(engine, faults, requests);
  const { url, port } = await listen(http.server, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url,
    port,
    account: world.account,
    clock,
    requests,
    clearRequests: () => {
      requests.length = 0; // keep the array identity: callers may hold a reference
    },
    faults: { inject: (f) => faults.inject(f), clear: () => faults.clear() },
    issuedSecrets: () => [...world.issuedSecrets],
    runAs: async (user, sql) => toObjects(engine.execute(engine.sessionFor(user), sql)),
    seedTokens: (count) => seedTokens(world, clock, count),
    close: () =>
      new Promise<void>((resolve) => {
        http.server.close(() => resolve());
        // Keep-alive sockets from the driver's agent would otherwise hold close() open.
        http.server.closeAllConnections();
      }),
  };
}
