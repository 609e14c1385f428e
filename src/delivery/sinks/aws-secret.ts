/**
 * `aws_secret`: AWS Secrets Manager PutSecretValue, either the whole SecretString or one key of a JSON secret
 * (read with GetSecretValue first, other keys kept). Credentials and region: the SDK's default chain (env, profile,
 * SSO, container/instance role). Endpoint override: AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL, as the
 * AWS tools read them. The secret must exist (pat does not create secrets: their policy and KMS key are yours).
 */
import { SinkError, describeSdkError } from './sink-error.js';

export interface AwsSinkSpec {
  secret_id: string;
  key?: string;
  region?: string;
}

export async function writeAwsSecret(spec: AwsSinkSpec, secret: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const endpoint = env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL;
  const client = new SecretsManagerClient({
    ...(spec.region ? { region: spec.region } : env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    ...(endpoint ? { endpoint } : {}),
    // pat may run with an environment of its own (in process, in tests): honour its static keys first; otherwise
    // the SDK's default chain (process env, profile, SSO, container/instance role).
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN } }
      : {}),
    maxAttempts: 2,
  });
  const abortSignal = AbortSignal.timeout(timeoutMs);
  try {
    let value = secret;
    if (spec.key !== undefined) {
      const current = await client.send(new GetSecretValueCommand({ SecretId: spec.secret_id }), { abortSignal });
      let object: Record<string, unknown> = {};
      if (current.SecretString) {
        try {
          const parsed: unknown = JSON.parse(current.SecretString);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
          object = parsed as Record<string, unknown>;
        } catch {
          throw new SinkError(`AWS secret ${spec.secret_id} does not hold a JSON object, so key "${spec.key}" cannot be set.`, 'Drop "key" to replace the whole string.');
        }
      }
      value = JSON.stringify({ ...object, [spec.key]: secret });
    }
    const put = await client.send(new PutSecretValueCommand({ SecretId: spec.secret_id, SecretString: value }), { abortSignal });
    return `version ${put.VersionId ?? '?'}`;
  } catch (error) {
    if (error instanceof SinkError) throw error;
    const reason = abortSignal.aborted ? `no answer within ${timeoutMs / 1000} s` : describeSdkError(error, secret);
    throw new SinkError(`AWS secret ${spec.secret_id}: ${reason}`);
  } finally {
    client.destroy();
  }
}
