/**
 * The fleet's memory between runs: which tokens were issued a secret that did not reach every sink.
 *
 * Why a state file and not the token comment: the marker must be written *before* the secret is issued (a
 * kill -9 can land between ADD/ROTATE and the last sink write, and then nothing else remembers), so keeping it in
 * Snowflake would cost two extra MODIFY statements per rotation (set, then clear) and would overwrite the comment
 * the manifest owns and `pat plan` compares for drift. A local file costs no statement and holds no secret: only
 * token keys, the time, and the names of the sinks that failed. It is written atomically (temp file, fsync, rename;
 * mode 0600) under the same lock pat uses for configs, one short read-modify-write per change, so a killed apply
 * leaves no long-lived lock behind. Keep it on persistent storage next to the manifest (see README, "Fleet
 * rotation"): if it is lost, a token whose sink failed is next rotated when it is due by date.
 */
import { readFile } from 'node:fs/promises';
import { atomicWrite, LOCK_STALE_MS, withConfigLock } from '../config/index.js';
import { FailureError } from '../errors.js';
import { describeFsError, errnoCode } from '../kernel/errno.js';

export interface Undelivered {
  /** ISO time the secret was (about to be) issued. */
  since: string;
  /** Why the token must be issued again: "issuing" (killed mid-run) or the sinks that failed. */
  reason: string;
  failedSinks: string[];
}

export interface FleetState {
  version: 1;
  undelivered: Record<string, Undelivered>;
}

/** A run killed inside a write leaves its lock behind; wait until it counts as stale rather than fail. */
const LOCK_WAIT_MS = LOCK_STALE_MS + 5_000;

const EMPTY: FleetState = { version: 1, undelivered: {} };

export async function readState(file: string): Promise<FleetState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return structuredClone(EMPTY);
    throw new FailureError(`Cannot read the fleet state file ${file}: ${describeFsError(error)}`);
  }
  try {
    const parsed = JSON.parse(text) as FleetState;
    if (parsed.version !== 1 || typeof parsed.undelivered !== 'object' || parsed.undelivered === null) throw new Error('shape');
    return parsed;
  } catch {
    throw new FailureError(`The fleet state file ${file} is not valid.`, 'It holds no secret: move it aside and run `pat apply` again (due tokens are found by date).');
  }
}

/** Serialised, locked read-modify-write of the state file; safe to call from concurrent token tasks. */
export class StateFile {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  read(): Promise<FleetState> {
    return readState(this.path);
  }

  update(mutate: (state: FleetState) => void): Promise<void> {
    const next = this.chain.then(() =>
      withConfigLock(this.path, async () => {
        const state = await readState(this.path);
        mutate(state);
        await atomicWrite(this.path, `${JSON.stringify(state, null, 2)}\n`);
      }, { waitMs: LOCK_WAIT_MS }),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  markIssuing(key: string, at: Date): Promise<void> {
    return this.update((s) => {
      const before = s.undelivered[key];
      s.undelivered[key] = { since: before?.since ?? at.toISOString(), reason: 'issuing', failedSinks: before?.failedSinks ?? [] };
    });
  }

  markFailed(key: string, failedSinks: string[], reason: string): Promise<void> {
    return this.update((s) => {
      const since = s.undelivered[key]?.since ?? new Date().toISOString();
      s.undelivered[key] = { since, reason, failedSinks };
    });
  }

  clear(key: string): Promise<void> {
    return this.update((s) => {
      delete s.undelivered[key];
    });
  }
}
