/**
 * Each sink through its real SDK (or fetch, for Vault) against a loopback fake that checks what the real service
 * would, plus failure injection (401, CAS conflict, 5xx, timeout). Failures name the sink, never the secret.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeAwsSecret } from '../../src/delivery/sinks/aws-secret.js';
import { writeGithubSecret } from '../../src/delivery/sinks/github-secret.js';
import { writeK8sSecret } from '../../src/delivery/sinks/k8s-secret.js';
import { SinkError } from '../../src/delivery/sinks/sink-error.js';
import { writeVaultKv } from '../../src/delivery/sinks/vault-kv.js';
import { awsEnv, startAwsFake, type AwsFake } from '../fakes/aws.js';
import { startGithubFake, type GithubFake } from '../fakes/github.js';
import { startK8sFake, writeKubeconfig, type K8sFake } from '../fakes/k8s.js';
import { startVaultFake, type VaultFake } from '../fakes/vault.js';

const SECRET = 'fleet-sink-test-secret-value-0001';
const TIMEOUT = 1500;

async function rejectsWithout(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SinkError, `expected a SinkError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes(SECRET) && !(error.hint ?? '').includes(SECRET), 'the secret leaked into an error');
    return true;
  });
}

describe('vault_kv (KV v2 over fetch)', () => {
  let vault: VaultFake;
  let env: NodeJS.ProcessEnv;
  const spec = { mount: 'secret', path: 'snowflake/ingest', key: 'pat' };
  before(async () => {
    vault = await startVaultFake();
    env = { VAULT_ADDR: vault.url, VAULT_TOKEN: vault.token };
  });
  after(() => vault.close());

  test('writes with CAS 0 first, then CAS = current version, keeping other keys', async () => {
    await writeVaultKv(spec, SECRET, env, TIMEOUT);
    assert.deepEqual(vault.read('secret', 'snowflake/ingest'), { pat: SECRET });
    const posts = vault.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as { options: { cas: number } });
    assert.equal(posts[0]?.options.cas, 0);
    vault.bump('secret', 'snowflake/ingest'); // someone else wrote version 2
    await writeVaultKv(spec, `${SECRET}-2`, env, TIMEOUT);
    assert.deepEqual(vault.read('secret', 'snowflake/ingest'), { pat: `${SECRET}-2` });
    assert.ok(vault.requests.every((r) => r.headers['x-vault-token'] === vault.token));
  });

  test('a CAS conflict between read and write is retried after a fresh read; a lasting one fails', async () => {
    vault.clear();
    vault.conflictNextWrites(1);
    await writeVaultKv(spec, `${SECRET}-3`, env, TIMEOUT);
    assert.equal(vault.read('secret', 'snowflake/ingest')?.pat, `${SECRET}-3`);
    assert.deepEqual(vault.requests.map((r) => r.method), ['GET', 'POST', 'GET', 'POST']);
    vault.conflictNextWrites(3);
    await rejectsWithout(writeVaultKv(spec, `${SECRET}-4`, env, TIMEOUT), /check-and-set kept failing/);
    assert.equal(vault.read('secret', 'snowflake/ingest')?.pat, `${SECRET}-3`);
  });

  test('a wrong token is refused (403), a 5xx fails, a hang times out', async () => {
    await rejectsWithout(writeVaultKv(spec, SECRET, { VAULT_ADDR: vault.url, VAULT_TOKEN: 'wrong' }, TIMEOUT), /HTTP 403/);
    vault.inject({ status: 401 });
    await rejectsWithout(writeVaultKv(spec, SECRET, env, TIMEOUT), /HTTP 401/);
    vault.inject({ status: 503 });
    await rejectsWithout(writeVaultKv(spec, SECRET, env, TIMEOUT), /HTTP 503/);
    vault.inject({ hang: true });
    await rejectsWithout(writeVaultKv(spec, SECRET, env, 300), /no answer within/);
    await rejectsWithout(writeVaultKv(spec, SECRET, { VAULT_ADDR: vault.url }, TIMEOUT), /VAULT_TOKEN/);
  });
});

describe('github_secret (@octokit/rest + libsodium sealed box)', () => {
  let github: GithubFake;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    github = await startGithubFake();
    env = { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url };
  });
  after(() => github.close());

  test('a repository secret: the sealed box opens with the fake\'s key and key_id matches', async () => {
    assert.equal(await writeGithubSecret({ repo: 'acme/ingest', name: 'SNOWFLAKE_PAT' }, SECRET, env, TIMEOUT), 'created');
    assert.equal(github.secrets.get('acme/ingest/SNOWFLAKE_PAT'), SECRET);
    assert.equal(await writeGithubSecret({ repo: 'acme/ingest', name: 'SNOWFLAKE_PAT' }, `${SECRET}-2`, env, TIMEOUT), 'updated');
    assert.equal(github.secrets.get('acme/ingest/SNOWFLAKE_PAT'), `${SECRET}-2`);
    assert.ok(github.requests.every((r) => !r.body.includes(SECRET)), 'the plaintext went over the wire');
  });

  test('an environment secret', async () => {
    await writeGithubSecret({ repo: 'acme/ingest', name: 'SNOWFLAKE_PAT', environment: 'prod' }, SECRET, env, TIMEOUT);
    assert.equal(github.secrets.get('acme/ingest@prod/SNOWFLAKE_PAT'), SECRET);
  });

  test('bad credentials (401), a 5xx, a hang; no token at all', async () => {
    await rejectsWithout(writeGithubSecret({ repo: 'acme/ingest', name: 'X' }, SECRET, { ...env, GITHUB_TOKEN: 'wrong' }, TIMEOUT), /401/);
    github.inject({ status: 502 });
    await rejectsWithout(writeGithubSecret({ repo: 'acme/ingest', name: 'X' }, SECRET, env, TIMEOUT), /502/);
    github.inject({ hang: true });
    await rejectsWithout(writeGithubSecret({ repo: 'acme/ingest', name: 'X' }, SECRET, env, 300), /GitHub secret X/);
    await rejectsWithout(writeGithubSecret({ repo: 'acme/ingest', name: 'X' }, SECRET, { GITHUB_API_URL: github.url }, TIMEOUT), /GITHUB_TOKEN/);
  });
});

describe('aws_secret (@aws-sdk/client-secrets-manager)', () => {
  let aws: AwsFake;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    aws = await startAwsFake({ 'snowflake/ingest': '{"user":"INGEST_SVC"}', 'snowflake/plain': 'old' });
    env = awsEnv(aws);
  });
  after(() => aws.close());

  test('a JSON key: GetSecretValue then PutSecretValue, other keys kept, SigV4-signed', async () => {
    await writeAwsSecret({ secret_id: 'snowflake/ingest', key: 'pat' }, SECRET, env, TIMEOUT);
    assert.deepEqual(JSON.parse(aws.secrets.get('snowflake/ingest') ?? ''), { user: 'INGEST_SVC', pat: SECRET });
    assert.deepEqual(aws.targets(), ['secretsmanager.GetSecretValue', 'secretsmanager.PutSecretValue']);
  });

  test('the whole string: one PutSecretValue', async () => {
    aws.clear();
    await writeAwsSecret({ secret_id: 'snowflake/plain' }, SECRET, env, TIMEOUT);
    assert.equal(aws.secrets.get('snowflake/plain'), SECRET);
    assert.deepEqual(aws.targets(), ['secretsmanager.PutSecretValue']);
  });

  test('a missing secret, wrong credentials, a 5xx, a hang', async () => {
    await rejectsWithout(writeAwsSecret({ secret_id: 'nope' }, SECRET, env, TIMEOUT), /ResourceNotFound/);
    await rejectsWithout(writeAwsSecret({ secret_id: 'snowflake/plain' }, SECRET, { ...env, AWS_ACCESS_KEY_ID: 'AKIDWRONG' }, TIMEOUT), /UnrecognizedClient|403/);
    aws.inject({ status: 500, times: 5, body: { __type: 'InternalServiceError', message: 'boom' } });
    await rejectsWithout(writeAwsSecret({ secret_id: 'snowflake/plain' }, SECRET, env, TIMEOUT), /AWS secret snowflake\/plain/);
    aws.clear();
    aws.inject({ hang: true, times: 5 });
    await rejectsWithout(writeAwsSecret({ secret_id: 'snowflake/plain' }, SECRET, env, 300), /no answer within/);
  });
});

describe('k8s_secret (@kubernetes/client-node 1.x)', () => {
  let k8s: K8sFake;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    k8s = await startK8sFake({ 'ingest/snowflake': { user: 'INGEST_SVC', pat: 'old' } });
    dir = await mkdtemp(path.join(os.tmpdir(), 'pat-k8s-'));
    env = { KUBECONFIG: path.join(dir, 'kubeconfig') };
    await writeKubeconfig(env.KUBECONFIG!, k8s);
  });
  after(async () => {
    await k8s.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('merge-patches one key with the bearer token; other keys kept', async () => {
    await writeK8sSecret({ namespace: 'ingest', name: 'snowflake', key: 'pat' }, SECRET, env, TIMEOUT);
    assert.deepEqual(k8s.data('ingest', 'snowflake'), { user: 'INGEST_SVC', pat: SECRET });
    const patch = k8s.requests.find((r) => r.method === 'PATCH');
    assert.match(String(patch?.headers['content-type']), /^application\/merge-patch\+json/);
    assert.equal(patch?.headers.authorization, `Bearer ${k8s.token}`);
  });

  test('a missing Secret (404), 401, a 5xx, a hang', async () => {
    await rejectsWithout(writeK8sSecret({ namespace: 'ingest', name: 'nope', key: 'pat' }, SECRET, env, TIMEOUT), /404/);
    k8s.inject({ status: 401 });
    await rejectsWithout(writeK8sSecret({ namespace: 'ingest', name: 'snowflake', key: 'pat' }, SECRET, env, TIMEOUT), /401/);
    k8s.inject({ status: 503 });
    await rejectsWithout(writeK8sSecret({ namespace: 'ingest', name: 'snowflake', key: 'pat' }, SECRET, env, TIMEOUT), /503/);
    k8s.inject({ hang: true });
    await rejectsWithout(writeK8sSecret({ namespace: 'ingest', name: 'snowflake', key: 'pat' }, SECRET, env, 300), /no answer within/);
  });
});
