/**
 * A Kubernetes API fake for Secrets (GET/PATCH /api/v1/namespaces/<ns>/secrets/<name>) that checks what the API
 * server would: a bearer token (401 otherwise) and a patch content type (merge or strategic merge; 415 otherwise).
 * A merge patch of `data` keeps the other keys.
 */
import { writeFile } from 'node:fs/promises';
import { startFake, type Fake } from './http.js';

export interface K8sFake extends Fake {
  token: string;
  /** Decoded data of a Secret. */
  data(namespace: string, name: string): Record<string, string> | undefined;
}

export async function startK8sFake(existing: Record<string, Record<string, string>> = {}, token = 'k8s-test-bearer'): Promise<K8sFake> {
  const store = new Map<string, Record<string, string>>();
  for (const [key, data] of Object.entries(existing)) {
    store.set(key, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])));
  }
  const fake = await startFake((req) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 } };
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/?]+)/.exec(req.url);
    if (!m) return { status: 404, body: { kind: 'Status', code: 404 } };
    const key = `${m[1]}/${m[2]}`;
    const data = store.get(key);
    if (!data) return { status: 404, body: { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 } };
    const secret = () => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: m[2], namespace: m[1] }, type: 'Opaque', data });
    if (req.method === 'GET') return { status: 200, body: secret() };
    if (req.method === 'PATCH') {
      const type = String(req.headers['content-type'] ?? '');
      if (!type.startsWith('application/merge-patch+json') && !type.startsWith('application/strategic-merge-patch+json')) {
        return { status: 415, body: { kind: 'Status', code: 415, message: `unsupported patch type ${type}` } };
      }
      const patch = JSON.parse(req.body) as { data?: Record<string, string | null> };
      for (const [k, v] of Object.entries(patch.data ?? {})) {
        if (v === null) delete data[k];
        else data[k] = v;
      }
      return { status: 200, body: secret() };
    }
    return { status: 405, body: { kind: 'Status', code: 405 } };
  });
  return {
    ...fake,
    token,
    data: (namespace, name) => {
      const d = store.get(`${namespace}/${name}`);
      return d && Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    },
  };
}

/** A kubeconfig file pointing at the fake with its bearer token (plain HTTP on loopback needs the skip flag). */
export async function writeKubeconfig(file: string, fake: K8sFake): Promise<void> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server: fake.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'pat', user: { token: fake.token } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'pat' } }],
    'current-context': 'fake',
  };
  await writeFile(file, JSON.stringify(config), { mode: 0o600 });
}
