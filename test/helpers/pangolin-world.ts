/**
 * A Pangolin test world: the Pangolin emulator on 127.0.0.1, a temp HOME holding ~/.pyiceberg.yaml (with comments,
 * another catalog and a loose 0644 mode, as a hand-written file would have), and an environment pointing pat at
 * the emulator. Every run's stdout and stderr are scanned for every JWT the emulator issued (logins included),
 * unless the run asked for the secret; close() scans every file under the folder except the YAML.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pangolinDemoSeed, startPangolinEmulator, type RunningPangolin } from 'snowflake-pat-emulator/pangolin';
import { cleanEnv, runPat, type CliResult } from './cli.js';
import { assertNoSecretInFiles, assertNoSecretInOutput } from './secrets.js';

export const TENANT = pangolinDemoSeed().tenants[0]!.id;
export const ETL_BOT_ID = 'e7e7e7e7-0000-4000-8000-000000000002';
export const DAY = 86_400_000;

export const ORIGINAL_YAML = `# PyIceberg config for the analytics team (hand-written; keep these comments)
catalog:
  # The Pangolin REST catalog
  default:
    uri: URI   # REST endpoint
    s3.endpoint: http://minio:9000
    header.X-Iceberg-Access-Delegation: vended-credentials
  # A second catalog pat must not touch
  other:
    uri: http://elsewhere:8181
    token: not-a-pangolin-token
default-catalog: default
`;

export interface PangolinWorld {
  em: RunningPangolin;
  dir: string;
  home: string;
  yamlPath: string;
  /** pat's environment: HOME and PANGOLIN_URL only (no admin login). */
  env: NodeJS.ProcessEnv;
  /** The admin login of the demo seed (tenant admin of "analytics"). */
  admin: Record<string, string>;
  pat(args: string[], options?: { env?: Record<string, string | undefined>; input?: string; revealsSecret?: boolean; process?: boolean }): Promise<CliResult>;
  readYaml(): Promise<string>;
  /** The token the YAML's default catalog holds, if any. */
  yamlToken(): Promise<string | undefined>;
  notesPath: string;
  close(allowed?: string[]): Promise<void>;
}

export async function startPangolinWorld(options: { now?: number; yaml?: string | null } = {}): Promise<PangolinWorld> {
  // A frozen clock, as in world.ts.
  // No auth rate limit: on a frozen clock a whole test file's logins would share one 60 s window.
  const em = await startPangolinEmulator({ now: options.now ?? Date.now(), authRateLimit: false });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pat-pangolin-'));
  const home = path.join(dir, 'home');
  await mkdir(home);
  const yamlPath = path.join(home, '.pyiceberg.yaml');
  if (options.yaml !== null) {
    await writeFile(yamlPath, (options.yaml ?? ORIGINAL_YAML).replace('URI', `${em.url}/v1/analytics`));
    await chmod(yamlPath, 0o644);
  }
  const env = cleanEnv({ HOME: home });
  const admin = { PANGOLIN_USERNAME: 'admin', PANGOLIN_PASSWORD: 'admin-password', PANGOLIN_TENANT_ID: TENANT };
  const readYaml = () => readFile(yamlPath, 'utf8');
  return {
    em,
    dir,
    home,
    yamlPath,
    env,
    admin,
    notesPath: path.join(home, '.local', 'state', 'pat', 'pangolin-tokens.json'),
    pat: async (args, run = {}) => {
      const result = await runPat(args, { cwd: dir, env: { ...env, ...run.env }, input: run.input, process: run.process });
      const asked = args.includes('--show-secret') || args.includes('--secret-only') || run.revealsSecret;
      if (!asked) assertNoSecretInOutput(result, em.issuedTokens());
      return result;
    },
    readYaml,
    yamlToken: async () => /^\s+token: (\S+)/m.exec((await readYaml()).split('other:')[0] ?? '')?.[1],
    close: async (allowed = []) => {
      try {
        await assertNoSecretInFiles(dir, em.issuedTokens(), [yamlPath, ...allowed]);
      } finally {
        // Always stop the server, or a failed scan would keep the test process alive.
        await em.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** GET /api/v1/users/me with `token`, straight to the emulator: status and plain-text body. */
export async function whoAmI(em: RunningPangolin, token: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${em.url}/api/v1/users/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, text: await response.text() };
}

/** The payload of a JWT, decoded without verification. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
