/**
 * A GitHub Actions secrets fake (repository and environment secrets) that checks what GitHub would: the token in
 * the Authorization header (401 otherwise), that `key_id` names the key it handed out, and that
 * `encrypted_value` is a sealed box that opens with its private key. It keeps the opened value so tests can log in
 * with it.
 */
import sodium from 'libsodium-wrappers';
import { startFake, type Fake } from './http.js';

export interface GithubFake extends Fake {
  token: string;
  keyId: string;
  /** Opened secret values by `owner/repo[@env]/NAME`. */
  secrets: Map<string, string>;
}

export async function startGithubFake(token = 'ghs_testtoken'): Promise<GithubFake> {
  await sodium.ready;
  const pair = sodium.crypto_box_keypair();
  const keyId = '568250167242549743';
  const publicKey = sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL);
  const secrets = new Map<string, string>();
  const fake = await startFake((req) => {
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) return { status: 401, body: { message: 'Bad credentials' } };
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(?:actions|environments\/([^/]+))\/secrets\/([^/?]+)$/.exec(req.url);
    if (!m) return { status: 404, body: { message: 'Not Found' } };
    const [, owner, repo, env, name] = m as unknown as [string, string, string, string | undefined, string];
    if (req.method === 'GET' && name === 'public-key') return { status: 200, body: { key_id: keyId, key: publicKey } };
    if (req.method === 'PUT') {
      const body = JSON.parse(req.body) as { encrypted_value?: string; key_id?: string };
      if (body.key_id !== keyId) return { status: 422, body: { message: 'key_id does not match' } };
      let opened: string;
      try {
        const box = sodium.from_base64(body.encrypted_value ?? '', sodium.base64_variants.ORIGINAL);
        opened = sodium.to_string(sodium.crypto_box_seal_open(box, pair.publicKey, pair.privateKey));
      } catch {
        return { status: 422, body: { message: 'encrypted_value is not a sealed box for this key' } };
      }
      const key = `${owner}/${repo}${env ? `@${decodeURIComponent(env)}` : ''}/${name}`;
      const existed = secrets.has(key);
      secrets.set(key, opened);
      return { status: existed ? 204 : 201 };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  return { ...fake, token, keyId, secrets };
}
