/**
 * A test world: the emulator on 127.0.0.1 (seeded with the thermal-streaming users), a temp folder holding the
 * service's snowflake_config.json, and an environment whose admin connection points at the emulator.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { adminEnvFor, startEmulator, thermalSeed, type RunningEmulator } from 'snowflake-pat-emulator';
import { cleanEnv, runPat, type CliResult } from './cli.js';
import { assertNoSecretInFiles, assertNoSecretInOutput } from './secrets.js';

export interface World {
  emulator: RunningEmulator;
  dir: string;
  configPath: string;
  env: NodeJS.ProcessEnv;
  /**
   * Runs `pat` in this process (`process: true`: as a child process of the bundle). Unless the run asked for the secret (--show-secret, --secret-only) or the test says it may
   * reveal one (`revealsSecret`), its stdout and stderr are scanned for every secret the emulator ever issued.
   */
  pat(args: string[], options?: { input?: string; env?: Record<string, string | undefined>; revealsSecret?: boolean; process?: boolean }): Promise<CliResult>;
  readConfig(): Promise<Record<string, unknown>>;
  /** SQL texts the emulator received, in order. */
  sql(): string[];
  /** Scans the world's folder (all but the config and `allowed`) for secrets, then stops the emulator. */
  close(allowed?: string[]): Promise<void>;
}

export const BASE_CONFIG = {
  user: 'THERMAL_SVC',
  account: 'TESTACCT',
  role: 'THERMAL_ROLE',
  database: 'THERMAL_DB',
  schema: 'RAW',
  warehouse: 'THERMAL_WH',
  pipe: 'THERMAL_PIPE',
  channel_name: 'thermal_channel_1',
  private_key_file: '/secrets/rsa_key.p8',
  sensor_id: 'thermal-01',
};

export function adminEnv(emulator: RunningEmulator, home: string): Record<string, string> {
  return { HOME: home, ...adminEnvFor(emulator) };
}

export async function startWorld(options: { config?: Record<string, unknown> | null; now?: number } = {}): Promise<World> {
  // Tests run on a frozen clock (moved only by clock.set/advance), so nothing depends on the wall clock.
  const emulator = await startEmulator({ seed: thermalSeed(), now: options.now ?? Date.now() });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pat-e2e-'));
  const configPath = path.join(dir, 'snowflake_config.json');
  if (options.config !== null) {
    const config = { ...BASE_CONFIG, url: emulator.url, ...(options.config ?? {}) };
    await writeFile(configPath, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  }
  // HOME is a separate folder so tests can tell what pat writes into the working folder from the driver's cache.
  const home = path.join(dir, 'home');
  await mkdir(home);
  const env = cleanEnv(adminEnv(emulator, home));
  return {
    emulator,
    dir,
    configPath,
    env,
    pat: async (args, run = {}) => {
      const result = await runPat(args, { cwd: dir, env: { ...env, ...run.env }, input: run.input, process: run.process });
      const asked = args.includes('--show-secret') || args.includes('--secret-only') || run.revealsSecret;
      if (!asked) assertNoSecretInOutput(result, emulator.issuedSecrets());
      return result;
    },
    readConfig: async () => JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>,
    sql: () => emulator.requests.filter((r) => r.kind === 'query').map((r) => r.sqlText ?? ''),
    close: async (allowed = []) => {
      await assertNoSecretInFiles(dir, emulator.issuedSecrets(), [configPath, ...allowed]);
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
