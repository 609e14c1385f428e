import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { shellQuote } from './permissions.js';

export type GitExposureState = 'tracked' | 'not-ignored' | 'ignored' | 'no-repo';

export interface GitExposure {
  state: GitExposureState;
  /** What to do, for 'tracked' and 'not-ignored'. */
  advice?: string;
}

const GIT_TIMEOUT_MS = 2_000;

interface GitResult {
  ok: boolean;
  stdout: string;
}

/** check-ignore rejects pathspec magic, so --literal-pathspecs is passed only where wanted. */
function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((done) => {
    execFile(
      'git',
      args,
      {
        cwd,
        timeout: GIT_TIMEOUT_MS,
        windowsHide: true,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      },
      (error, stdout) => done({ ok: error === null, stdout: String(stdout) }),
    );
  });
}

/** A .gitignore line matching exactly this path (relative to the repository root). */
export function gitignoreLine(relativePath: string): string {
  let line = relativePath.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
  if (line.startsWith('#') || line.startsWith('!')) line = `\\${line}`;
  if (line.endsWith(' ')) line = `${line.slice(0, -1)}\\ `;
  return line;
}

/**
 * Whether the config (which holds a secret) could end up in git: tracked, inside a work
 * tree but not ignored, ignored, or not in a repository (also when git is missing or slow).
 */
export async function gitExposure(path: string): Promise<GitExposure> {
  const absolute = resolve(path);
  let dir: string;
  try {
    dir = await realpath(dirname(absolute));
  } catch {
    return { state: 'no-repo' };
  }
  const name = basename(absolute);

  const inside = await git(dir, ['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok || inside.stdout.trim() !== 'true') return { state: 'no-repo' };
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { state: 'no-repo' };
  const root = top.stdout.replace(/\r?\n$/, '');
  const rel = relative(await realpath(root).catch(() => root), join(dir, name)).split(sep).join('/');
  const line = gitignoreLine(rel);
  const gitignore = join(root, '.gitignore');

  const tracked = await git(dir, ['--literal-pathspecs', 'ls-files', '--error-unmatch', '--', name]);
  if (tracked.ok) {
    return {
      state: 'tracked',
      advice:
        `${rel} is tracked by git in ${root}, so the PAT would be committed. ` +
        `Run in ${shellQuote(root)}: git rm --cached ${shellQuote(rel)} and add this line to ${gitignore}: ${line} . ` +
        'Earlier commits still contain the file: rotate any PAT that was ever committed.',
    };
  }
  // exit 0: ignored; 1: not ignored; 128 (error): treated as not ignored, the safe side.
  const ignored = await git(dir, ['check-ignore', '-q', '--', name]);
  if (ignored.ok) return { state: 'ignored' };
  return {
    state: 'not-ignored',
    advice: `${rel} is inside the git repository ${root} and not ignored, so the PAT could be committed. Add this line to ${gitignore}: ${line}`,
  };
}
