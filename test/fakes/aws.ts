/**
 * An AWS Secrets Manager fake (JSON 1.1 protocol: POST /, X-Amz-Target) that checks what AWS would before
 * answering: a SigV4 Authorization header whose credential scope names our access key, a date, a region and the
 * `secretsmanager` service; and a known target. Secrets must exist (ResourceNotFoundException otherwise).
 */
import { startFake, type Fake } from './http.js';

export const AWS_TEST_KEY = { accessKeyId: 'AKIDFLEETTEST0001', secretAccessKey: 'fleet-test-secret-access-key' };

export interface AwsFake extends Fake {
  secrets: Map<string, string>;
  targets(): string[];
}

export async function startAwsFake(existing: Record<string, string> = {}): Promise<AwsFake> {
  const secrets = new Map(Object.entries(existing));
  const error = (status: number, type: string, message: string) => ({
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: { __type: type, message },
  });
  const fake = await startFake((req) => {
    const auth = String(req.headers.authorization ?? '');
    const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/secretsmanager\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(auth);
    if (!scope || scope[1] !== AWS_TEST_KEY.accessKeyId) return error(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (!req.headers['x-amz-date']) return error(403, 'IncompleteSignatureException', 'missing X-Amz-Date');
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = JSON.parse(req.body || '{}') as { SecretId?: string; SecretString?: string };
    const id = body.SecretId ?? '';
    if (target === 'secretsmanager.GetSecretValue') {
      if (!secrets.has(id)) return error(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: { ARN: `arn:aws:secretsmanager:r:1:secret:${id}`, Name: id, SecretString: secrets.get(id), VersionId: 'v-current' } };
    }
    if (target === 'secretsmanager.PutSecretValue') {
      if (!secrets.has(id)) return error(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      secrets.set(id, body.SecretString ?? '');
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: { ARN: `arn:aws:secretsmanager:r:1:secret:${id}`, Name: id, VersionId: `v-${Date.now()}` } };
    }
    return error(400, 'UnknownOperationException', target);
  });
  return { ...fake, secrets, targets: () => fake.requests.map((r) => String(r.headers['x-amz-target'] ?? '')) };
}

/** The AWS default chain, pointed at the fake (env credentials, a region, the endpoint override). */
export function awsEnv(fake: Fake): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: AWS_TEST_KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: AWS_TEST_KEY.secretAccessKey,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url,
  };
}
