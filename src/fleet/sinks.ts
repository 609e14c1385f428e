/**
 * Delivering one secret to one sink of the manifest. Each SDK is imported only when a sink of its kind is used.
 * A sink's failure is returned, not thrown: the other sinks still get the secret.
 */
import { readConfig } from '../config/index.js';
import { snowflakeConfigStore } from '../config/store.js';
import { PatError } from '../errors.js';
import { describeSdkError, SinkError } from '../delivery/sinks/sink-error.js';
import type { FleetToken } from './manifest.js';
import type { SinkSpec } from './schema.js';

export interface SinkOutcome {
  sink: string;
  ok: boolean;
  detail: string;
}

/** How the sink is named in reports and the state file (never a credential, never the secret). */
export function sinkLabel(sink: SinkSpec): string {
  switch (sink.type) {
    case 'config':
      return `config ${sink.path}`;
    case 'env_file':
      return `env_file ${sink.path} (${sink.var})`;
    case 'github_secret':
      return `github_secret ${sink.repo}${sink.environment ? ` env ${sink.environment}` : ''} ${sink.name}`;
    case 'vault_kv':
      return `vault_kv ${sink.mount}/${sink.path}#${sink.key}`;
    case 'aws_secret':
      return `aws_secret ${sink.secret_id}${sink.key ? `#${sink.key}` : ''}`;
    case 'k8s_secret':
      return `k8s_secret ${sink.namespace}/${sink.name}#${sink.key}`;
  }
}

async function writeConfigSink(path: string, token: FleetToken, secret: string): Promise<string> {
  const loaded = await readConfig(path);
  // A config's user and secret belong together: never put one user's secret into another user's config.
  if (loaded.config.user.toUpperCase() !== token.user.replace(/^"|"$/g, '').toUpperCase()) {
    throw new SinkError(`${path} belongs to user ${loaded.config.user}, not ${token.user}: not written.`);
  }
  await snowflakeConfigStore(path).save(secret, token.name);
  return 'pat and pat_name written (0600)';
}

async function deliverOne(sink: SinkSpec, token: FleetToken, secret: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  switch (sink.type) {
    case 'config':
      return writeConfigSink(sink.path, token, secret);
    case 'env_file': {
      const { writeEnvFile } = await import('../delivery/sinks/env-file.js');
      await writeEnvFile(sink.path, sink.var, secret);
      return 'written (0600)';
    }
    case 'github_secret':
      return (await import('../delivery/sinks/github-secret.js')).writeGithubSecret(sink, secret, env, timeoutMs);
    case 'vault_kv':
      return (await import('../delivery/sinks/vault-kv.js')).writeVaultKv(sink, secret, env, timeoutMs);
    case 'aws_secret':
      return (await import('../delivery/sinks/aws-secret.js')).writeAwsSecret(sink, secret, env, timeoutMs);
    case 'k8s_secret':
      return (await import('../delivery/sinks/k8s-secret.js')).writeK8sSecret(sink, secret, env, timeoutMs);
  }
}

/** Every sink of the token, concurrently; each outcome reported, none stopping the others. */
export async function deliverToAll(token: FleetToken, secret: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<SinkOutcome[]> {
  return Promise.all(
    token.sinks.map(async (sink): Promise<SinkOutcome> => {
      const label = sinkLabel(sink);
      try {
        return { sink: label, ok: true, detail: await deliverOne(sink, token, secret, env, timeoutMs) };
      } catch (error) {
        const message = error instanceof PatError
          ? (error as Error).message
          : describeSdkError(error, secret);
        return { sink: label, ok: false, detail: message.split(secret).join('<redacted>') };
      }
    }),
  );
}
