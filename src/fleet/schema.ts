/**
 * The fleet manifest's shape (zod v4), and the JSON Schema generated from it for editors
 * (schemas/pat-manifest.schema.json; a test keeps the committed file equal to `manifestJsonSchema()`).
 *
 * Sinks name *where* a secret goes, never the credentials to get there: those come from each ecosystem's usual
 * environment (GITHUB_TOKEN, VAULT_ADDR/VAULT_TOKEN, the AWS default chain, kubeconfig or in-cluster).
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

const requireModule = createRequire(import.meta.url);

function build() {
  const { z } = requireModule('zod') as typeof Zod;
  const name = (what: string) => z.string().min(1).describe(what);
  const days = (what: string) => z.number().int().min(1).max(365).describe(what);

  const configSink = z.strictObject({
    type: z.literal('config'),
    path: name('snowflake_config.json of the service (must exist and name the token\'s user); gets "pat" and "pat_name"'),
  });
  const envFileSink = z.strictObject({
    type: z.literal('env_file'),
    path: name('dotenv file (created 0600 if missing); one NAME=<secret> line is kept, the rest untouched'),
    var: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('SNOWFLAKE_PAT').describe('variable name'),
  });
  const githubSink = z.strictObject({
    type: z.literal('github_secret'),
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/).describe('owner/name'),
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).describe('secret name'),
    environment: z.string().min(1).optional().describe('deployment environment; omit for a repository secret'),
  });
  const vaultSink = z.strictObject({
    type: z.literal('vault_kv'),
    mount: z.string().min(1).default('secret').describe('KV v2 mount'),
    path: name('secret path under the mount'),
    key: z.string().min(1).default('pat').describe('key inside the secret; other keys are kept'),
  });
  const awsSink = z.strictObject({
    type: z.literal('aws_secret'),
    secret_id: name('Secrets Manager secret name or ARN (must exist)'),
    key: z.string().min(1).optional().describe('JSON key to set inside the secret string; omit to replace the whole string'),
    region: z.string().min(1).optional().describe('default: the AWS default chain (AWS_REGION, profile)'),
  });
  const k8sSink = z.strictObject({
    type: z.literal('k8s_secret'),
    namespace: name('namespace'),
    name: name('Secret name (must exist)'),
    key: z.string().min(1).default('pat').describe('data key to patch; other keys are kept'),
    context: z.string().min(1).optional().describe('kubeconfig context (default: current context, or in-cluster)'),
  });
  const sink = z.discriminatedUnion('type', [configSink, envFileSink, githubSink, vaultSink, awsSink, k8sSink]);

  const token = z.strictObject({
    name: name('token name (Snowflake identifier)'),
    provider: z.literal('snowflake').default('snowflake').describe('token system (only snowflake in this version)'),
    account: z.string().min(1).optional().describe('account label; its admin connection comes from defaults.connections'),
    connection: z.string().min(1).optional().describe('admin connection name (overrides the account\'s)'),
    user: name('user that owns the token'),
    role_restriction: z.string().min(1).optional().describe('ROLE_RESTRICTION (default: defaults.role_restriction)'),
    comment: z.string().optional().describe('token comment; drift is fixed by apply'),
    expires_in_days: days('DAYS_TO_EXPIRY for a new token (default: defaults.expires_in_days)').optional(),
    rotate_before_days: days('rotate when fewer days than this are left (default: defaults.rotate_before_days)').optional(),
    grace_hours: z.number().int().min(0).max(8760).optional().describe('hours the previous secret keeps working after a rotation'),
    sinks: z.array(sink).min(1).describe('where the secret is delivered'),
  });

  const defaults = z.strictObject({
    connections: z.record(z.string(), z.string().min(1)).default({}).describe('account label → admin connection name'),
    expires_in_days: days('DAYS_TO_EXPIRY for new tokens').default(90),
    rotate_before_days: days('rotate when fewer days than this are left').default(14),
    grace_hours: z.number().int().min(0).max(8760).default(24).describe('EXPIRE_ROTATED_TOKEN_AFTER_HOURS'),
    role_restriction: z.string().min(1).optional().describe('ROLE_RESTRICTION for tokens that name none'),
  });

  return z.strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).describe('manifest format version'),
    defaults: defaults.default({ connections: {}, expires_in_days: 90, rotate_before_days: 14, grace_hours: 24 }),
    tokens: z.array(token).describe('the tokens pat keeps fresh and delivered'),
  });
}

let schema: ReturnType<typeof build> | undefined;
export function manifestSchema(): ReturnType<typeof build> {
  return (schema ??= build());
}

export type Manifest = Zod.output<ReturnType<typeof build>>;
export type ManifestToken = Manifest['tokens'][number];
export type SinkSpec = ManifestToken['sinks'][number];

/** What editors validate against: the input shape (defaults optional). */
export function manifestJsonSchema(): Record<string, unknown> {
  const { z } = requireModule('zod') as typeof Zod;
  return {
    ...z.toJSONSchema(manifestSchema(), { io: 'input', target: 'draft-2020-12' }),
    title: 'pat fleet manifest',
  };
}
