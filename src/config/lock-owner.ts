/**
 * Who holds a config lock, so a lock left by a killed process is recognised at once instead of after the
 * mtime-based stale period. proper-lockfile takes a custom `fs`: its lock folder is created here with mode
 * 0700 (whatever the umask) and holds an `owner` file `{ pid, host }`; its staleness check stats the folder,
 * and a folder whose owner is a dead process on this host is reported as ancient, so the library's own
 * "stale → remove → retry" path takes over. Removal deletes the owner file first (the library uses rmdir).
 */
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const OWNER_FILE = 'owner';
/** How long a lock folder may lack its owner file before it counts as a killed holder's. */
const OWNERLESS_STALE_MS = 2_000;

function ownerlessFor(lockDir: string): number {
  try {
    return Date.now() - fs.statSync(lockDir).mtimeMs;
  } catch {
    return 0;
  }
}
export const LOCK_DIR_MODE = 0o700;

type Callback<T = void> = (error: NodeJS.ErrnoException | null, value?: T) => void;

interface Owner {
  pid: number;
  host: string;
}

function readOwner(lockDir: string): Owner | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(join(lockDir, OWNER_FILE), 'utf8')) as Partial<Owner>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0 && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host };
    }
  } catch {
    // No owner file yet (the holder is between mkdir and writing it), or an older pat: the mtime rule decides.
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * True when the lock's owner is provably gone: a process on this host that no longer exists. A lock from
 * another host (a shared folder) or without an owner file is left to the mtime rule. UNCONFIRMED edge: two
 * containers sharing a folder and a host name but not a pid namespace would see each other's pids as dead.
 */
export function ownerIsDead(lockDir: string): boolean {
  const owner = readOwner(lockDir);
  // A holder writes its owner file right after mkdir and deletes it right before rmdir: a lock folder without one
  // for this long belongs to a process killed in between (SIGKILL), not to a live pat.
  if (!owner) return ownerlessFor(lockDir) > OWNERLESS_STALE_MS;
  if (owner.host !== os.hostname() || owner.pid === process.pid) return false;
  return !isAlive(owner.pid);
}

function writeOwner(lockDir: string): void {
  try {
    fs.writeFileSync(join(lockDir, OWNER_FILE), JSON.stringify({ pid: process.pid, host: os.hostname() }), { mode: 0o600, flag: 'wx' });
  } catch {
    // Without it the lock still works; only the fast stale detection is lost.
  }
}

function removeSync(lockDir: string): void {
  try {
    fs.unlinkSync(join(lockDir, OWNER_FILE));
  } catch {
    // absent already
  }
  fs.rmdirSync(lockDir);
}

/** The `fs` given to proper-lockfile (it uses mkdir, stat, rmdir, utimes, realpath and rmdirSync). */
export const lockFs = {
  ...fs,
  mkdir(path: string, callback: Callback): void {
    fs.mkdir(path, { mode: LOCK_DIR_MODE }, (error) => {
      if (error) return callback(error);
      // mkdir's mode is filtered by the umask only ever towards fewer bits; chmod makes it exact anyway.
      try {
        fs.chmodSync(path, LOCK_DIR_MODE);
      } catch {
        // best effort
      }
      writeOwner(path);
      callback(null);
    });
  },
  stat(path: string, callback: Callback<fs.Stats>): void {
    fs.stat(path, (error, stats) => {
      if (error) return callback(error);
      if (ownerIsDead(path)) stats.mtime = new Date(0);
      callback(null, stats);
    });
  },
  rmdir(path: string, callback: Callback): void {
    try {
      removeSync(path);
      callback(null);
    } catch (error) {
      callback(error as NodeJS.ErrnoException);
    }
  },
  rmdirSync(path: string): void {
    removeSync(path);
  },
};
