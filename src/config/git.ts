import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { shellQuote } from '../kernel/quote.js';

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

function trackedAdvice(rel: string, root: string): string {
  const line = gitignoreLine(rel);
  const gitignore = join(root, '.gitignore');
  return (
    `${rel} is tracked by git in ${root}, so the PAT would be committed. ` +
    `Run in ${shellQuote(root)}: git rm --cached ${shellQuote(rel)} and add this line to ${gitignore}: ${line} . ` +
    'Earlier commits still contain the file: rotate any PAT that was ever committed.'
  );
}

function notIgnoredAdvice(rel: string, root: string): string {
  return `${rel} is inside the git repository ${root} and not ignored, so the PAT could be committed. Add this line to ${join(root, '.gitignore')}: ${gitignoreLine(rel)}`;
}

/**
 * Whether the config (which holds a secret) could end up in git: tracked, inside a work
 * tree but not ignored, ignored, or not in a repository (also when git is missing or slow).
 *
 * One git process answers the usual cases: `git status --porcelain -z --ignored` on just this file fails outside
 * a work tree (no-repo) and otherwise prints the file as `!!` (ignored), `??` (untracked, not ignored) or with a
 * change code (tracked), its path relative to the repository root, from which the root follows. It prints nothing for
 * a tracked file without changes, or for a file that does not exist; only then are the three questions asked one by
 * one (`rev-parse --show-toplevel`, `ls-files --error-unmatch`, `check-ignore`), as they always were.
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

  // --porcelain (format v1, also on git older than 2.11, which lacks --porcelain=v1).
  const status = await git(dir, ['--literal-pathspecs', 'status', '--porcelain', '-z', '--ignored', '--untracked-files=all', '--', name]);
  // Outside a work tree (or inside .git), git missing or too slow.
  if (!status.ok) return { state: 'no-repo' };
  const records = statusRecords(status.stdout);
  const tracked = records.find((r) => r.code !== '??' && r.code !== '!!' && r.code !== 'D ');
  const untracked = records.find((r) => r.code === '??');
  if (!tracked && records.some((r) => r.code === '!!')) return { state: 'ignored' };
  const shown = tracked ?? untracked;
  const root = shown && rootOf(dir, name, shown.path);
  if (shown && root !== undefined) {
    return tracked
      ? { state: 'tracked', advice: trackedAdvice(shown.path, root) }
      : { state: 'not-ignored', advice: notIgnoredAdvice(shown.path, root) };
  }
  return askOneByOne(dir, name);
}

/**
 * `git status --porcelain -z` output as "XY path" records ("D " alone: deleted from the index). A rename or copy
 * record ("R"/"C") is followed by a field with the original path, which is skipped.
 */
function statusRecords(stdout: string): { code: string; path: string }[] {
  const fields = stdout.split('\0');
  const records: { code: string; path: string }[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    if (field.length < 4) continue;
    const code = field.slice(0, 2);
    records.push({ code, path: field.slice(3) });
    if (code[0] === 'R' || code[0] === 'C') i++;
  }
  return records;
}

/**
 * The repository root, from the real folder of the file and its path relative to the root as git printed it; as
 * `git rev-parse --show-toplevel` prints it (forward slashes on Windows too). Undefined when they do not fit.
 */
function rootOf(dir: string, name: string, rel: string): string | undefined {
  let root = dir;
  for (let depth = rel.split('/').length - 1; depth > 0; depth--) root = dirname(root);
  if (relative(root, join(dir, name)).split(sep).join('/') !== rel) return undefined;
  return sep === '/' ? root : root.split(sep).join('/');
}

/** The slow path: three git processes, for a clean tracked file, a file that does not exist, or anything unexpected. */
async function askOneByOne(dir: string, name: string): Promise<GitExposure> {
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { state: 'no-repo' };
  const root = top.stdout.replace(/\r?\n$/, '');
  const rel = relative(await realpath(root).catch(() => root), join(dir, name)).split(sep).join('/');

  const tracked = await git(dir, ['--literal-pathspecs', 'ls-files', '--error-unmatch', '--', name]);
  if (tracked.ok) return { state: 'tracked', advice: trackedAdvice(rel, root) };
  // exit 0: ignored; 1: not ignored; 128 (error): treated as not ignored, the safe side.
  const ignored = await git(dir, ['check-ignore', '-q', '--', name]);
  if (ignored.ok) return { state: 'ignored' };
  return { state: 'not-ignored', advice: notIgnoredAdvice(rel, root) };
}
