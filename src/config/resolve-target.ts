import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { errnoCode } from '../kernel/errno.js';

const MAX_LINKS = 40;

/**
 * The file a write must replace. Symlinks are followed (also dangling ones) so the write
 * goes through to the real file and the link itself stays a link. A missing file resolves
 * to its absolute path.
 */
export async function resolveWriteTarget(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
  let current = absolute;
  for (let i = 0; i < MAX_LINKS; i++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(current)).isSymbolicLink();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return await canonicalDir(current);
      throw error;
    }
    if (!isLink) return current;
    const target = await readlink(current);
    current = resolve(await canonicalDir(current).then(dirname), target);
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

/** `dir(path)` resolved physically (so `..` in link targets behaves like the kernel's). */
async function canonicalDir(path: string): Promise<string> {
  try {
    return join(await realpath(dirname(path)), basename(path));
  } catch {
    return path;
  }
}
