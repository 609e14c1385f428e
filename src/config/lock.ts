import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureError } from '../errors.js';
import { describeFsError, errnoCode } from '../kernel/errno.js';
import { lockFs } from './lock-owner.js';
import { resolveWriteTarget } from './resolve-target.js';

export const DEFAULT_LOCK_WAIT_MS = 10_000;
export const LOCK_STALE_MS = 30_000;
const FIRST_BACKOFF_MS = 20;
const MAX_BACKOFF_MS = 250;

/** Locks held by the current async call chain, so nested calls (updateConfig inside withConfigLock) do not deadlock. */
const held = new AsyncLocalStorage<ReadonlySet<string>>();

/**
 * Runs `fn` while holding an exclusive lock on the config file (proper-lockfile, lock
 * `<file>.lock`, a 0700 folder, works before the file exists). A lock whose owner is a dead process on this
 * host is stale at once (see lock-owner.ts); any other lock is stale when not refreshed for 30 s. Waits up to `waitMs`
 * (default 10 s) with backoff, then throws FailureError. Re-entrant within one call chain.
 */
export async function withConfigLock<T>(
  path: string,
  fn: () => Promise<T>,
  opts: { waitMs?: number } = {},
): Promise<T> {
  let target: string;
  try {
    target = await resolveWriteTarget(path);
  } catch (error) {
    throw new FailureError(`Could not lock ${path}: ${describeFsError(error)}`, undefined, errnoCode(error) ?? 'ELOCK');
  }
  const current = held.getStore();
  if (current?.has(target)) return fn();

  const release = await acquire(path, target, opts.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  try {
    return await held.run(new Set([...(current ?? []), target]), fn);
  } finally {
    await release().catch(() => undefined);
  }
}

async function acquire(display: string, target: string, waitMs: number): Promise<() => Promise<void>> {
  const lockfilePath = `${target}.lock`;
  const deadline = Date.now() + Math.max(0, waitMs);
  let backoff = FIRST_BACKOFF_MS;
  for (;;) {
    try {
      // Loaded on first use: it patches fs through graceful-fs, which read-only commands never need.
      const { default: lockfile } = await import('proper-lockfile');
      return await lockfile.lock(target, {
        realpath: false,
        lockfilePath,
        stale: LOCK_STALE_MS,
        retries: 0,
        fs: lockFs,
        // The default throws from a timer and crashes the process; a compromised lock
        // (e.g. its folder vanished) must not kill a command that holds a fresh secret.
        onCompromised: () => undefined,
      });
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ELOCKED') {
        throw new FailureError(
          `Could not lock ${display} (lock ${lockfilePath}): ${describeFsError(error, lockfilePath)}`,
          undefined,
          code ?? 'ELOCK',
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new FailureError(
          `Another pat process is changing ${display} (lock ${lockfilePath}). Try again when it finishes.`,
          `If no pat process is running, the lock is left over from a crash on another machine and is ignored after ${LOCK_STALE_MS / 1000} seconds, or run: rm -r ${lockfilePath}`,
          'ELOCKED',
        );
      }
      await sleep(Math.min(backoff, remaining));
      backoff = Math.min(Math.round(backoff * 1.5), MAX_BACKOFF_MS);
    }
  }
}
