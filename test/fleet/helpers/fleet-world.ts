/**
 * A fleet test world: two emulated accounts (ACME_PROD, ACME_DEV) with service users, the Vault and GitHub fakes,
 * a temp folder with the manifest and the service configs, and an environment holding the admin connections
 * (SNOWFLAKE_CONNECTIONS_<NAME>_*) and the sinks' credentials — as a scheduler's job would.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeSession } from '../../../src/providers/snowflake/lifecycle/verify.js';
import { withSession } from '../../../src/providers/snowflake/client.js';
import { awsEnv, startAwsFake, type AwsFake } from '../../fakes/aws.js';
import { startGithubFake, type GithubFake } from '../../fakes/github.js';
import { startK8sFake, writeKubeconfig, type K8sFake } from '../../fakes/k8s.js';
import { startVaultFake, type VaultFake } from '../../fakes/vault.js';
import { assertNoSecretInFiles } from '../../helpers/secrets.js';
import { connectionEnv, fleetSeed, startEmulator, type RunningEmulator, type SeedPat } from './emulators.js';
import { runPat, type Ran } from './run.js';

export interface FleetWorld {
  prod: RunningEmulator;
  dev: RunningEmulator;
  vault: VaultFake;
  github: GithubFake;
  /** Holds the existing secret `snowflake/dev` (JSON). */
  aws: AwsFake;
  /** Holds the existing Secret `dev/snowflake`. */
  k8s: K8sFake;
  dir: string;
  env: NodeJS.ProcessEnv;
  manifestPath: string;
  statePath: string;
  secrets(): string[];
  pat(args: string[], options?: { tty?: boolean }): Promise<Ran>;
  /** Logs in to `emulator` as `user` with `secret`; returns the session's user, or throws. */
  login(emulator: RunningEmulator, user: string, secret: string): Promise<string | null>;
  configPat(file: string): Promise<string>;
  close(allowed?: string[]): Promise<void>;
}

export const DAY = 86_400_000;

export async function startFleetWorld(options: { prodPats?: SeedPat[]; manifest: (dir: string) => string; /** The prod emulator's clock (default now). */ prodNow?: number }): Promise<FleetWorld> {
  const now = Date.now();
  const prod = await startEmulator({ now: options.prodNow ?? now, seed: fleetSeed('ACME_PROD', 3, options.prodPats ?? []) });
  const dev = await startEmulator({ now, seed: fleetSeed('ACME_DEV', 2) });
  const vault = await startVaultFake();
  const github = await startGithubFake();
  const aws = await startAwsFake({ 'snowflake/dev': '{"user":"SVC_01"}' });
  const k8s = await startK8sFake({ 'dev/snowflake': { user: 'SVC_01' } });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pat-fleet-'));
  await mkdir(path.join(dir, 'services'));
  for (const [file, account, user, url] of [
    ['services/svc01.json', 'ACME_PROD', 'SVC_01', prod.url],
  ] as const) {
    await writeFile(path.join(dir, file), JSON.stringify({ account, user, url, role: 'SVC_ROLE' }, null, 2), { mode: 0o600 });
  }
  await writeKubeconfig(path.join(dir, 'kubeconfig'), k8s);
  const manifestPath = path.join(dir, 'pat-manifest.yaml');
  await writeFile(manifestPath, options.manifest(dir));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    SNOWFLAKE_HOME: path.join(dir, 'sfhome'),
    ...connectionEnv('prod_admin', prod),
    ...connectionEnv('dev_admin', dev),
    VAULT_ADDR: vault.url,
    VAULT_TOKEN: vault.token,
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.url,
    ...awsEnv(aws),
    KUBECONFIG: path.join(dir, 'kubeconfig'),
  };
  const secrets = () => [...prod.issuedSecrets(), ...dev.issuedSecrets()];
  return {
    prod,
    dev,
    vault,
    github,
    aws,
    k8s,
    dir,
    env,
    manifestPath,
    statePath: path.join(dir, 'pat-manifest.state.json'),
    secrets,
    pat: (args, run = {}) => runPat(args, { env, cwd: dir, secrets, tty: run.tty }),
    login: async (emulator, user, secret) => {
      const target = { account: emulator.account, accessUrl: emulator.url, username: user, auth: { kind: 'pat' as const, token: secret } };
      return (await withSession(target, { timeoutSeconds: 10 }, describeSession)).user;
    },
    configPat: async (file) => (JSON.parse(await readFile(file, 'utf8')) as { pat: string }).pat,
    close: async (allowed = []) => {
      // Only the service configs and the env file may hold a secret; the manifest and the state file never.
      await assertNoSecretInFiles(dir, secrets(), allowed);
      await Promise.all([prod.close(), dev.close(), vault.close(), github.close(), aws.close(), k8s.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
