/**
 * What this process is in the middle of, for the signal handler in cli.ts: the temp files it must remove, the
 * request whose answer it is waiting for, and where a freshly issued secret stands. Plain module state: one CLI
 * run per process. Holds the secret only between issuance and delivery, so an interrupt can still hand it over.
 */
import { unlinkSync } from 'node:fs';

const tempFiles = new Set<string>();

export function trackTempFile(path: string): void {
  tempFiles.add(path);
}

export function untrackTempFile(path: string): void {
  tempFiles.delete(path);
}

/** Removes every temp file still registered (synchronously: called from a signal handler). Returns how many. */
export function removeTempFiles(): number {
  let removed = 0;
  for (const path of tempFiles) {
    try {
      unlinkSync(path);
      removed++;
    } catch {
      // already renamed into place or gone
    }
  }
  tempFiles.clear();
  return removed;
}

export interface PendingRequest {
  /** e.g. "ALTER USER U ROTATE PROGRAMMATIC ACCESS TOKEN N" or "POST /api/v1/tokens/rotate". */
  what: string;
  /** The server, e.g. http://127.0.0.1:8080 */
  where: string;
}

let pending: PendingRequest | undefined;

/** Marks a request that changes tokens as sent; returns the function that marks it answered. */
export function requestInFlight(request: PendingRequest): () => void {
  pending = request;
  return () => {
    if (pending === request) pending = undefined;
  };
}

export interface IssuedState {
  secret: string;
  /** "secret" (Snowflake) or "token" (Pangolin). */
  noun: string;
  /** Where it was written so far. */
  savedTo: string[];
  /** Where it still had to go. */
  pendingTo: string[];
}

let issued: IssuedState | undefined;

export function secretIssued(state: IssuedState): void {
  issued = state;
}

/** `label` (one of pendingTo) was written, as `savedAs` (e.g. the resolved path). */
export function secretSaved(label: string, savedAs = label): void {
  if (!issued) return;
  issued.savedTo.push(savedAs);
  const where = label;
  issued.pendingTo = issued.pendingTo.filter((p) => p !== where);
}

/** The secret reached the user (report printed): nothing left to hand over. */
export function secretDelivered(): void {
  issued = undefined;
}

export function inFlight(): { pending?: PendingRequest; issued?: IssuedState } {
  return { pending, issued };
}
