/**
 * Where a token system keeps the secret a service reads — one interface for every provider: Snowflake's
 * snowflake_config.json (here) and Pangolin's PyIceberg YAML (providers/pangolin/pyiceberg.ts). Every store writes
 * atomically (a 0600 temp file in the same folder, fsync, rename), keeps every other field, and is written under
 * the file's lock (withConfigLock) by the verb that holds the lock for its whole read-issue-write sequence.
 */
import { writeSecret } from './update.js';
import type { WriteReport } from './atomic-write.js';

export interface SecretStore {
  /** The file, for messages and the lock. */
  readonly path: string;
  /** Puts `secret` (issued as token `tokenName`) into the file. */
  save(secret: string, tokenName: string): Promise<WriteReport>;
}

/** snowflake_config.json: the secret as "pat", its token's name as "pat_name" (private_key_file goes). */
export function snowflakeConfigStore(path: string): SecretStore {
  return { path, save: (secret, tokenName) => writeSecret(path, { pat: secret, patName: tokenName }) };
}
