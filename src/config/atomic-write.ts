import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FailureError } from '../errors.js';
import { assertSafeSecretTarget, UnsafeTargetError } from './file-safety.js';
import { trackTempFile, untrackTempFile } from './in-flight.js';
import { describeFsError, errnoCode } from '../kernel/errno.js';
import { resolveWriteTarget } from './resolve-target.js';

export const SECRET_FILE_MODE = 0o600;

export interface WriteReport {
  /** The file that was written (symlinks resolved). */
  path: string;
  /** The previous permission bits, when they were looser than 0600. */
  tightenedFrom?: number;
}

/**
 * The file-system steps of an atomic write, injectable so tests can fail each one.
 * `open` must create a new file (flag 'wx') with mode 0600.
 */
export interface AtomicWriteSteps {
  open(path: string): Promise<FileHandle>;
  write(handle: FileHandle, data: string): Promise<void>;
  sync(handle: FileHandle): Promise<void>;
  close(handle: FileHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Best effort: errors are ignored. */
  syncDir(dir: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const realSteps: AtomicWriteSteps = {
  async open(path) {
    const handle = await open(path, 'wx', SECRET_FILE_MODE);
    try {
      // open's mode is filtered by the umask; make it exactly 0600 whatever the umask is.
      await handle.chmod(SECRET_FILE_MODE);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    return handle;
  },
  async write(handle, data) {
    await handle.writeFile(data, 'utf8');
  },
  async sync(handle) {
    await handle.sync();
  },
  async close(handle) {
    await handle.close();
  },
  rename: (from, to) => rename(from, to),
  async syncDir(dir) {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  unlink: (path) => unlink(path),
};

/** JSON with 2-space indent and a trailing newline. */
export function serializeConfig(raw: Record<string, unknown>): string {
  return `${JSON.stringify(raw, null, 2)}\n`;
}

/** `.<name>.pat-tmp-<pid>-<random>`: the pid lets a later run tell a dead writer's leftover from a live write. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.pat-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM'; // alive, but another user's
  }
}

/**
 * A writer killed with SIGKILL (no handler runs) leaves its temp file — a hidden copy of a secret. The next write of
 * the same file removes such leftovers: ours (same owner), of a process that no longer runs on this host.
 * UNCONFIRMED across pid namespaces sharing a folder (the same caveat as the lock's stale-owner check).
 */
async function removeDeadWritersTempFiles(target: string): Promise<void> {
  const prefix = `.${basename(target)}.pat-tmp-`;
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid === undefined || Number(pid) === process.pid || processIsAlive(Number(pid))) continue;
    const leftover = join(dirname(target), name);
    try {
      const info = await lstat(leftover);
      if (info.isFile() && info.uid === process.getuid?.()) await unlink(leftover);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** Looser than 0600: any bit outside owner read/write. */
export function isLooserThanSecret(mode: number): boolean {
  return (mode & 0o777 & ~SECRET_FILE_MODE) !== 0;
}

function writeFailure(display: string, error: unknown, target?: string): FailureError {
  return new FailureError(
    `Could not write ${display}: ${describeFsError(error, target)}`,
    `${display} was left unchanged.`,
    errnoCode(error) ?? 'EWRITE',
  );
}

/**
 * Replaces `path` with `data` so that readers (and a crash at any moment) see either the
 * old or the new complete file: temp file in the same folder (0600, 'wx'), write, fsync,
 * close, rename over the target, fsync the folder. Symlinks are written through.
 * Throws FailureError (exit 1) naming the file and the errno code, never the data.
 */
export async function atomicWrite(
  path: string,
  data: string,
  steps: AtomicWriteSteps = realSteps,
): Promise<WriteReport> {
  let target: string;
  try {
    assertSafeSecretTarget(path, path);
    target = await resolveWriteTarget(path);
  } catch (error) {
    if (error instanceof UnsafeTargetError) {
      throw new FailureError(error.message, 'Choose a path in a folder only you can write to.', error.code);
    }
    throw writeFailure(path, error);
  }

  let previous: Stats | undefined;
  try {
    previous = await stat(target);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT') throw writeFailure(path, error, target);
  }
  if (previous?.isDirectory()) {
    throw writeFailure(path, Object.assign(new Error(), { code: 'EISDIR' }));
  }

  await removeDeadWritersTempFiles(target);
  const temp = tempPathFor(target);
  let handle: FileHandle | undefined;
  let created = false;
  // Registered before it exists: an interrupt (cli.ts) removes it, so no hidden copy of a secret is left behind.
  trackTempFile(temp);
  try {
    handle = await steps.open(temp);
    created = true;
    // The new file is ours (the temp file's owner). Never hand a secret to the previous owner, even as root:
    // in a shared folder that owner may be whoever planted the file.
    await steps.write(handle, data);
    await steps.sync(handle);
    const closing = handle;
    handle = undefined;
    await steps.close(closing);
    await steps.rename(temp, target);
    created = false;
  } catch (error) {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    if (created) await steps.unlink(temp).catch(() => undefined);
    throw writeFailure(path, error, target);
  } finally {
    untrackTempFile(temp);
  }
  await steps.syncDir(dirname(target)).catch(() => undefined);

  const report: WriteReport = { path: target };
  if (previous !== undefined && isLooserThanSecret(previous.mode)) report.tightenedFrom = previous.mode & 0o777;
  return report;
}
