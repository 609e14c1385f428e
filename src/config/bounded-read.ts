/**
 * Reading a config file without letting the file decide how long that takes or how much memory it costs:
 * regular files only (a FIFO would block forever; it is opened non-blocking and refused), and a size limit.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Far above any real config (they are a few hundred bytes); far below what would hurt. */
export const CONFIG_SIZE_LIMIT = 1024 * 1024;

export class BoundedReadError extends Error {
  constructor(
    message: string,
    readonly code: 'ENOTREG' | 'ETOOBIG',
  ) {
    super(message);
    this.name = 'BoundedReadError';
  }
}

/** Human text for a BoundedReadError, e.g. "it is not a regular file (a FIFO…)". */
export function describeBoundedRead(error: BoundedReadError, limit = CONFIG_SIZE_LIMIT): string {
  return error.code === 'ENOTREG'
    ? 'it is not a regular file (a FIFO, socket or device cannot be a config)'
    : `it is larger than ${Math.round(limit / 1024)} KiB, far more than any config needs`;
}

/**
 * The file's text (UTF-8). Throws the fs error (ENOENT, EACCES, EISDIR…) or BoundedReadError.
 * At most `limit` bytes are ever read.
 */
export async function readBoundedText(path: string, limit = CONFIG_SIZE_LIMIT): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
    if (!info.isFile()) throw new BoundedReadError(`${path} is not a regular file`, 'ENOTREG');
    if (info.size > limit) throw new BoundedReadError(`${path} is too large`, 'ETOOBIG');
    // The file may grow between stat and read: read one byte more than allowed to notice.
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limit) throw new BoundedReadError(`${path} is too large`, 'ETOOBIG');
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
