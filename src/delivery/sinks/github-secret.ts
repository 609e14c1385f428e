/**
 * `github_secret`: a GitHub Actions repository or environment secret. The value is sealed (libsodium sealed box,
 * as GitHub's docs prescribe) with the repository's or environment's public key, and sent with that key's key_id.
 * Credentials: GITHUB_TOKEN (or GH_TOKEN); API base: GITHUB_API_URL (set in Actions; GitHub Enterprise), else the
 * public API. @octokit/rest and libsodium-wrappers load only when a sink of this kind is used.
 */
import { SinkError, describeSdkError } from './sink-error.js';

export interface GithubSinkSpec {
  repo: string;
  name: string;
  environment?: string;
}

export async function sealForGithub(publicKeyBase64: string, secret: string): Promise<string> {
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(secret), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

export async function writeGithubSecret(spec: GithubSinkSpec, secret: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const auth = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!auth) throw new SinkError('github_secret needs GITHUB_TOKEN (or GH_TOKEN) in the environment.', 'Use a token that may write Actions secrets of the repository.');
  const [owner, repo] = spec.repo.split('/') as [string, string];
  const { Octokit } = await import('@octokit/rest');
  const octokit = new Octokit({
    auth,
    baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    userAgent: 'pat-cli',
    request: { signal: AbortSignal.timeout(timeoutMs), retries: 0 },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const where = spec.environment ? `${spec.repo} environment ${spec.environment}` : spec.repo;
  try {
    const base = spec.environment
      ? { url: '/repos/{owner}/{repo}/environments/{environment_name}/secrets', params: { owner, repo, environment_name: spec.environment } }
      : { url: '/repos/{owner}/{repo}/actions/secrets', params: { owner, repo } };
    const { data: key } = await octokit.request(`GET ${base.url}/public-key`, base.params);
    const { key_id, key: publicKey } = key as { key_id: string; key: string };
    const encrypted_value = await sealForGithub(publicKey, secret);
    const put = await octokit.request(`PUT ${base.url}/{secret_name}`, { ...base.params, secret_name: spec.name, encrypted_value, key_id });
    return put.status === 201 ? 'created' : 'updated';
  } catch (error) {
    if (error instanceof SinkError) throw error;
    throw new SinkError(`GitHub secret ${spec.name} in ${where}: ${describeSdkError(error, secret)}`);
  }
}
