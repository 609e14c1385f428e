/**
 * `vault_kv`: one key of a Vault KV version 2 secret, over plain HTTP (the API is two calls). Credentials from
 * VAULT_ADDR / VAULT_TOKEN (and VAULT_NAMESPACE when set), as the vault CLI reads them.
 *
 * Read the current version, then write `data` (other keys kept) with `options.cas = <that version>` so a
 * concurrent writer is never overwritten blindly; on a CAS mismatch, read again and retry (twice).
 * UNCONFIRMED: Vault answers a CAS mismatch with HTTP 400 (its docs give no code for it); any 400 on the write is
 * therefore retried after a fresh read, which is harmless for other 400s (they fail again the same way).
 */
import { SinkError } from './sink-error.js';

export interface VaultSinkSpec {
  mount: string;
  path: string;
  key: string;
}

const CAS_ATTEMPTS = 3;

function encodePath(path: string): string {
  return path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
}

export async function writeVaultKv(spec: VaultSinkSpec, secret: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const addr = env.VAULT_ADDR;
  const token = env.VAULT_TOKEN;
  if (!addr || !token) throw new SinkError('vault_kv needs VAULT_ADDR and VAULT_TOKEN in the environment.', 'Log in with `vault login` or export VAULT_TOKEN.');
  const url = `${addr.replace(/\/+$/, '')}/v1/${encodePath(spec.mount)}/data/${encodePath(spec.path)}`;
  const headers: Record<string, string> = { 'X-Vault-Token': token, 'Content-Type': 'application/json' };
  if (env.VAULT_NAMESPACE) headers['X-Vault-Namespace'] = env.VAULT_NAMESPACE;
  const where = `${spec.mount}/${spec.path}`;

  const call = async (method: string, body?: unknown) => {
    try {
      return await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (error as Error).message;
      throw new SinkError(`Vault ${method} ${where}: ${reason}`);
    }
  };

  for (let attempt = 1; ; attempt++) {
    const read = await call('GET');
    let version = 0;
    let data: Record<string, unknown> = {};
    if (read.status === 200) {
      const body = (await read.json()) as { data?: { data?: Record<string, unknown> | null; metadata?: { version?: number } } };
      data = body.data?.data ?? {};
      version = body.data?.metadata?.version ?? 0;
    } else if (read.status === 404) {
      // Never written, or the latest version deleted: its metadata (when present) still carries the version.
      const body = (await read.json().catch(() => ({}))) as { data?: { metadata?: { version?: number } } };
      version = body.data?.metadata?.version ?? 0;
    } else {
      throw new SinkError(`Vault GET ${where}: HTTP ${read.status}${read.status === 403 ? ' (permission denied: check VAULT_TOKEN and its policy)' : ''}`);
    }
    const write = await call('POST', { options: { cas: version }, data: { ...data, [spec.key]: secret } });
    if (write.status === 200 || write.status === 204) {
      const body = (await write.json().catch(() => ({}))) as { data?: { version?: number } };
      return `version ${body.data?.version ?? version + 1}`;
    }
    await write.body?.cancel().catch(() => undefined);
    if (write.status === 400 && attempt < CAS_ATTEMPTS) continue;
    throw new SinkError(`Vault POST ${where}: HTTP ${write.status}${write.status === 400 ? ' (check-and-set kept failing: another writer)' : ''}`);
  }
}
