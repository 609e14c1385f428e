/** errno → message: the one place that turns a Node fs error code into words for people. */
import { dirname } from 'node:path';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent path is not a folder',
  ENOENT: 'no such file or folder',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  EBUSY: 'resource busy',
  EXDEV: 'cross-device rename',
  ENAMETOOLONG: 'file name too long',
  EFBIG: 'file too large',
};

/** The errno code of a Node fs error (EACCES, ENOSPC, …), if any. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * "permission denied (EACCES)". Built from the code only: fs error messages carry paths,
 * never file contents, but this keeps even unexpected errors from echoing data.
 */
export function describeFsError(error: unknown, path?: string): string {
  const code = errnoCode(error);
  if (code === undefined) {
    const name = error instanceof Error ? error.name : typeof error;
    return `unexpected ${name}`;
  }
  if (code === 'ENOENT' && path !== undefined) return `folder ${dirname(path)} does not exist (ENOENT)`;
  const reason = REASONS[code];
  return reason === undefined ? code : `${reason} (${code})`;
}
