/**
 * A Vault KV v2 fake (GET/POST /v1/<mount>/data/<path>) that checks what Vault would: the X-Vault-Token header
 * (403 "permission denied" otherwise, as Vault answers), and check-and-set — a write must carry options.cas equal
 * to the current version (0 for a new secret), else 400 "check-and-set parameter did not match".
 */
import { startFake, type Fake } from './http.js';

export interface VaultFake extends Fake {
  token: string;
  /** The data of the latest version at `mount/path`. */
  read(mount: string, path: string): Record<string, unknown> | undefined;
  /** A concurrent writer: bumps the version (as another client's write would). */
  bump(mount: string, path: string): void;
  /** The next `times` writes find that another client wrote first (between our read and our write). */
  conflictNextWrites(times: number): void;
}

export async function startVaultFake(token = 'vault-test-token'): Promise<VaultFake> {
  const store = new Map<string, { version: number; data: Record<string, unknown> }>();
  let conflicts = 0;
  const fake = await startFake((req) => {
    if (req.headers['x-vault-token'] !== token) return { status: 403, body: { errors: ['permission denied'] } };
    const match = /^\/v1\/(.+?)\/data\/(.+)$/.exec(req.url);
    if (!match) return { status: 404, body: { errors: [] } };
    const key = `${match[1]}/${match[2]}`;
    const current = store.get(key);
    if (req.method === 'GET') {
      if (!current) return { status: 404, body: { errors: [] } };
      return { status: 200, body: { data: { data: current.data, metadata: { version: current.version } } } };
    }
    if (req.method === 'POST' || req.method === 'PUT') {
      if (conflicts > 0) {
        conflicts--;
        store.set(key, { version: (current?.version ?? 0) + 1, data: current?.data ?? {} });
        return { status: 400, body: { errors: ['check-and-set parameter did not match the current version'] } };
      }
      const body = JSON.parse(req.body) as { options?: { cas?: number }; data?: Record<string, unknown> };
      if (body.options?.cas === undefined) return { status: 400, body: { errors: ['check-and-set parameter required for this call'] } };
      if (body.options.cas !== (current?.version ?? 0)) {
        return { status: 400, body: { errors: ['check-and-set parameter did not match the current version'] } };
      }
      const version = (current?.version ?? 0) + 1;
      store.set(key, { version, data: body.data ?? {} });
      return { status: 200, body: { data: { version, created_time: new Date().toISOString() } } };
    }
    return { status: 405, body: { errors: [] } };
  });
  return {
    ...fake,
    token,
    conflictNextWrites: (times) => {
      conflicts = times;
    },
    read: (mount, path) => store.get(`${mount}/${path}`)?.data,
    bump: (mount, path) => {
      const key = `${mount}/${path}`;
      const current = store.get(key) ?? { version: 0, data: {} };
      store.set(key, { version: current.version + 1, data: current.data });
    },
  };
}
