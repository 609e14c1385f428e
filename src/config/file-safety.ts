/**
 * Where a secret file may be written. In a shared folder (sticky bit and writable by group or others, like
 * /tmp) anyone can plant a file or a symbolic link under the name we are about to write: a link would send the
 * secret into the planter's (or a victim's) file, and a file someone else owns would hand them the secret. So
 * in such folders pat refuses links and files it does not own. Synchronous on purpose: it also runs in the
 * up-front checks, before anything is sent, where a few stats cost nothing.
 */
import { accessSync, constants, lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeFsError, errnoCode } from '../kernel/errno.js';

/** Why a path must not receive a secret; `code` is for callers that branch (never on the message). */
export class UnsafeTargetError extends Error {
  constructor(
    message: string,
    readonly code: 'ESYMLINK_SHARED' | 'EFOREIGN_OWNER' | 'ENOTWRITABLE',
  ) {
    super(message);
    this.name = 'UnsafeTargetError';
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Sticky and writable by group or others: /tmp, /var/tmp, /dev/shm and the like. */
export function isSharedFolder(dir: string): boolean {
  try {
    const mode = statSync(dir).mode;
    return (mode & 0o1000) !== 0 && (mode & 0o022) !== 0;
  } catch {
    return false;
  }
}

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/** The folder of `path` with its own links resolved (the name itself is not followed). */
function physicalDir(path: string): string {
  try {
    return realpathSync(dirname(path));
  } catch {
    return dirname(path);
  }
}

/**
 * Throws UnsafeTargetError when writing a secret to `path` could hand it to someone else: `path` (or the
 * file a link there points to) is a link in a shared folder, or a file in a shared folder owned by another
 * user. `label` names the file in the message, e.g. "--env-file /tmp/x.env".
 */
export function assertSafeSecretTarget(path: string, label: string): void {
  const uid = currentUid();
  if (uid === undefined) return; // Windows: no such folders or owners
  let current = resolve(path);
  // Follow the chain of links by hand: each hop's folder is checked before the hop is taken.
  for (let hop = 0; hop < 40; hop++) {
    const dir = physicalDir(current);
    const here = join(dir, basename(current));
    const info = lstatOrUndefined(here);
    const shared = isSharedFolder(dir);
    if (info === undefined) return;
    if (info.isSymbolicLink()) {
      if (shared) {
        throw new UnsafeTargetError(
          `${label} is a symbolic link in ${dir}, a folder anyone can write to (sticky, world-writable): pat does not follow links there, since anyone could have planted it.`,
          'ESYMLINK_SHARED',
        );
      }
      let next: string;
      try {
        next = resolve(dir, readlinkSync(here));
      } catch {
        return;
      }
      current = next;
      continue;
    }
    if (shared && info.uid !== uid) {
      throw new UnsafeTargetError(
        `${label} (${here}) belongs to another user (uid ${info.uid}) in ${dir}, a folder anyone can write to: writing the secret there would hand it to that user.`,
        'EFOREIGN_OWNER',
      );
    }
    return;
  }
}

/**
 * The up-front check of a file pat will write a secret into: safe (see above), not a folder, and writable —
 * the file itself when it exists, else its folder. Throws UnsafeTargetError with the reason.
 * `mode` 'replace' (atomic rename: needs the folder writable) or 'append' (needs the file, or the folder).
 */
export function assertWritableSecretTarget(path: string, label: string, mode: 'replace' | 'append'): void {
  assertSafeSecretTarget(path, label);
  const absolute = resolve(path);
  let target = absolute;
  try {
    target = realpathSync(absolute);
  } catch {
    // missing (or a dangling link outside shared folders): the folder must take a new file
  }
  const info = lstatOrUndefined(target);
  if (info?.isDirectory()) {
    throw new UnsafeTargetError(`${label} cannot be written: ${target} is a folder.`, 'ENOTWRITABLE');
  }
  // A FIFO or socket would hang or swallow the secret; a character device (e.g. /dev/stdout) may take an append.
  if (info !== undefined && !info.isFile() && !(mode === 'append' && info.isCharacterDevice())) {
    throw new UnsafeTargetError(`${label} cannot be written: ${target} is not a regular file.`, 'ENOTWRITABLE');
  }
  // Appending needs the file itself; replacing (temp file + rename) needs the folder, and reads the file first.
  const checks: Array<[string, number]> =
    info !== undefined && mode === 'append'
      ? [[target, constants.W_OK]]
      : [...(info !== undefined ? ([[target, constants.R_OK | constants.W_OK]] as Array<[string, number]>) : []), [dirname(target), constants.W_OK | constants.X_OK]];
  for (const [where, bits] of checks) {
    try {
      accessSync(where, bits);
    } catch (error) {
      throw new UnsafeTargetError(`${label} cannot be written: ${describeFsError(error)} at ${where}.`, 'ENOTWRITABLE');
    }
  }
}
