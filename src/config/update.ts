import { ConfigError, FailureError, PatError } from '../errors.js';
import { atomicWrite, serializeConfig, type AtomicWriteSteps, type WriteReport } from './atomic-write.js';
import { withConfigLock } from './lock.js';
import { readConfig } from './read.js';
import { validateConfigObject } from './schema.js';

export interface UpdateOptions {
  /** How long to wait for another pat process (default 10 s). */
  waitMs?: number;
  /** Test seam: the file-system steps of the atomic write. */
  steps?: AtomicWriteSteps;
}

/**
 * Read-modify-write of the config under the config lock. `mutate` gets a copy of the raw
 * JSON (unknown fields and key order as on disk) and returns the object to write.
 * Runs after Snowflake has already been changed, so every failure is a FailureError
 * (exit 1), including a config that became invalid or vanished since it was first read.
 */
export async function updateConfig(
  path: string,
  mutate: (raw: Record<string, unknown>) => Record<string, unknown>,
  opts: UpdateOptions = {},
): Promise<WriteReport> {
  return withConfigLock(
    path,
    async () => {
      let raw: Record<string, unknown>;
      try {
        raw = (await readConfig(path)).raw;
      } catch (error) {
        throw asFailure(error);
      }
      const next = mutate(structuredClone(raw));
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new FailureError(`Could not write ${path}: the update did not produce a JSON object`, `${path} was left unchanged.`, 'EINVAL');
      }
      const checked = validateConfigObject(next, path);
      if (!checked.ok) {
        throw new FailureError(
          `Could not write ${path}: the update would make it invalid:\n${checked.problems.join('\n')}`,
          `${path} was left unchanged.`,
          'EINVAL',
        );
      }
      return atomicWrite(path, serializeConfig(next), opts.steps);
    },
    opts.waitMs === undefined ? {} : { waitMs: opts.waitMs },
  );
}

/**
 * Stores a new secret: sets `pat` and `pat_name` (in place when present, else appended),
 * deletes `private_key_file` (the streaming client would otherwise prefer key-pair auth)
 * and keeps every other field and the key order. The secret never appears in an error.
 */
export async function writeSecret(
  path: string,
  secret: { pat: string; patName: string },
  opts: UpdateOptions = {},
): Promise<WriteReport> {
  try {
    return await updateConfig(
      path,
      (raw) => {
        raw.pat = secret.pat;
        raw.pat_name = secret.patName;
        delete raw.private_key_file;
        return raw;
      },
      opts,
    );
  } catch (error) {
    throw redact(error, secret.pat);
  }
}

function asFailure(error: unknown): unknown {
  if (error instanceof ConfigError) {
    return new FailureError(error.message, error.hint, 'ECONFIG');
  }
  return error;
}

/** Belt and braces: no message or hint may carry the secret. */
function redact(error: unknown, secret: string): unknown {
  if (secret.length === 0 || !(error instanceof PatError)) return error;
  const clean = (text: string | undefined): string | undefined => text?.split(secret).join('<redacted>');
  if (!error.message.includes(secret) && !(error.hint ?? '').includes(secret)) return error;
  return new FailureError(clean(error.message) ?? '', clean(error.hint), error instanceof FailureError ? error.code : undefined);
}
