/**
 * What this process is in the middle of, for its Ctrl-C / SIGTERM handler: the temp files it must remove, the
 * request whose answer it is waiting for, and where a freshly issued secret stands. Plain module state: one CLI
 * run per process. Holds the secret only between issuance and delivery, so an interrupt can still hand it over.
 *
 * The handler is installed by the CLI (installInterruptHandler, from cli.ts's process only — never by an in-process
 * main()) when this module is first loaded by a path that writes configs or talks to a token system, so start-up
 * stays light and commands that handle signals themselves (pat emulator) never see it.
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

/**
 * Ctrl-C / SIGTERM: never exit silently. Remove temp files (a half-written config copy may hold a new secret),
 * then say where the token stands: a change request waiting for its answer may have run; an issued secret was or
 * was not saved — and if it was saved nowhere, it is printed now (the token system never shows it again).
 */
function onSignal(signal: NodeJS.Signals, code: number): void {
  removeTempFiles();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  if (issued) {
    const notYet = issued.pendingTo.length > 0 ? `; not written to ${issued.pendingTo.join(', ')}` : '';
    if (issued.savedTo.length > 0) {
      say(`error: interrupted (${signal}) after the new ${issued.noun} was issued and saved to ${issued.savedTo.join(', ')}${notYet}.`);
    } else {
      say(`error: interrupted (${signal}) after the new ${issued.noun} was issued; it was NOT saved (${issued.pendingTo.join(', ') || 'nowhere requested'}).`);
      say('It is the last line on stdout: store it somewhere safe now — it is never shown again.');
      process.stdout.write(`${issued.secret}\n`);
    }
  } else if (pending) {
    say(`error: interrupted (${signal}) while waiting for ${pending.where} to answer: ${pending.what}`);
    say('It may have run. Check with `pat list` (or `pat status`) before running the command again.');
  } else {
    say(`error: interrupted (${signal}).`);
  }
  process.exit(code);
}

let installed = false;

/** Called by cli.ts (the real process only). Idempotent. */
export function installInterruptHandler(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
}

// cli.ts sets this before running main(): the real CLI process wants the handler as soon as this module loads.
if ((globalThis as { [key: symbol]: unknown })[Symbol.for('pat.cli-process')] === true) installInterruptHandler();
