/**
 * The real system the model test drives: the emulator (through the real snowflake-sdk over HTTP on 127.0.0.1),
 * a few service configs in temp folders, and `pat` run in process. This is the only file of the model test that
 * imports the emulator, so moving the emulator means changing the imports here only.
 */
import http from 'node:http';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { adminEnvFor, startEmulator, thermalSeed, type EmulatorSeed, type RunningEmulator } from 'snowflake-pat-emulator';
import { runInProcess, type InprocResult } from '../helpers/inproc.js';
import { CONFIG_USERS, type ConfigId } from './model.js';

/** The seed: the thermal world plus a second service user; each service user may use the other's role too. */
export function modelSeed(): EmulatorSeed {
  const seed = thermalSeed();
  seed.roles = [...(seed.roles ?? []), 'SENSOR_ROLE'];
  const thermal = seed.users?.find((u) => u.name === 'THERMAL_SVC');
  if (thermal) thermal.roles = [...(thermal.roles ?? []), 'SENSOR_ROLE'];
  seed.users = [
    ...(seed.users ?? []),
    {
      name: 'SENSOR_SVC', type: 'SERVICE', roles: ['SENSOR_ROLE', 'THERMAL_ROLE', 'PUBLIC'], defaultRole: 'SENSOR_ROLE',
      networkPolicy: 'THERMAL_POLICY', defaultWarehouse: 'THERMAL_WH', defaultNamespace: 'THERMAL_DB.RAW',
    },
  ];
  for (const wh of seed.warehouses ?? []) wh.roles = [...(wh.roles ?? []), 'SENSOR_ROLE'];
  for (const db of seed.databases ?? []) db.roles = [...(db.roles ?? []), 'SENSOR_ROLE'];
  return seed;
}

const ROLE_OF: Record<string, string> = { THERMAL_SVC: 'THERMAL_ROLE', SENSOR_SVC: 'SENSOR_ROLE' };

/** A config file as it starts: user and connection, no token yet. */
export function initialConfig(user: string, url: string): Record<string, string> {
  return {
    user, account: 'TESTACCT', url, role: ROLE_OF[user] ?? 'PUBLIC',
    database: 'THERMAL_DB', schema: 'RAW', warehouse: 'THERMAL_WH', pipe: 'THERMAL_PIPE',
  };
}

export interface ConfigOnDisk {
  id: ConfigId;
  path: string;
  /** File text, or undefined when the file is missing. */
  text: string | undefined;
  mode: number | undefined;
}

export interface LoginOutcome {
  ok: boolean;
  code?: string;
}

export class RealSystem {
  private constructor(
    readonly emulator: RunningEmulator,
    readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly agent: http.Agent,
  ) {}

  static async start(startMs: number): Promise<RealSystem> {
    const emulator = await startEmulator({ seed: modelSeed(), now: startMs });
    const root = await mkdtemp(path.join(os.tmpdir(), 'pat-model-'));
    const home = path.join(root, 'home');
    await mkdir(home);
    for (const [id, user] of Object.entries(CONFIG_USERS)) {
      await mkdir(path.join(root, id));
      const file = path.join(root, id, 'snowflake_config.json');
      await writeFile(file, JSON.stringify(initialConfig(user, emulator.url), null, 2) + '\n', { mode: 0o600 });
    }
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', HOME: home, ...adminEnvFor(emulator) };
    return new RealSystem(emulator, root, env, new http.Agent({ keepAlive: true, maxSockets: 4 }));
  }

  configPath(id: ConfigId): string {
    return path.join(this.root, id, 'snowflake_config.json');
  }

  /** Runs `pat args` in config `id`'s folder, with the admin connection in the env and the emulator's clock. */
  run(id: ConfigId, args: string[], extraEnv: Record<string, string> = {}): Promise<InprocResult> {
    const clock = this.emulator.clock;
    return runInProcess(args, { cwd: path.join(this.root, id), env: { ...this.env, ...extraEnv }, now: () => new Date(clock.now()) });
  }

  async readConfigs(): Promise<ConfigOnDisk[]> {
    return Promise.all(
      (Object.keys(CONFIG_USERS) as ConfigId[]).map(async (id) => {
        const file = this.configPath(id);
        try {
          const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
          return { id, path: file, text, mode: info.mode & 0o777 };
        } catch {
          return { id, path: file, text: undefined, mode: undefined };
        }
      }),
    );
  }

  issuedSecrets(): string[] {
    return this.emulator.issuedSecrets();
  }

  requestCount(): number {
    return this.emulator.requests.length;
  }

  /** Snowflake requests since `from` (an earlier requestCount()), as "kind: sql" lines. */
  requestsSince(from: number): string[] {
    return this.emulator.requests.slice(from).map((r) => `${r.kind}${r.sqlText ? `: ${r.sqlText}` : ''}`);
  }

  advanceClock(ms: number): void {
    this.emulator.clock.advance(ms);
  }

  now(): number {
    return this.emulator.clock.now();
  }

  /**
   * The oracle: does `secret` open a session (as `loginName`, when given)? A PAT login request over HTTP, exactly
   * the one the driver sends; nothing of pat is involved.
   */
  login(secret: string, loginName?: string): Promise<LoginOutcome> {
    const data: Record<string, string> = { AUTHENTICATOR: 'PROGRAMMATIC_ACCESS_TOKEN', TOKEN: secret, ACCOUNT_NAME: 'TESTACCT' };
    if (loginName !== undefined) data['LOGIN_NAME'] = loginName;
    const payload = Buffer.from(JSON.stringify({ data }));
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.emulator.url}/session/v1/login-request?requestId=model-probe`, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { success?: boolean; code?: string | null };
            resolve(body.success === true ? { ok: true } : { ok: false, code: String(body.code) });
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await this.emulator.close();
    await rm(this.root, { recursive: true, force: true });
  }
}
