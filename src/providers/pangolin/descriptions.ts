/**
 * Local notes about Pangolin tokens: the --description given at create time, keyed by the token id (jti).
 * Pangolin v0.8 has nowhere to keep one (an unknown field in POST /api/v1/tokens is a 422), so pat keeps it in
 * `$XDG_STATE_HOME/pat/pangolin-tokens.json` (default ~/.local/state/pat/…), mode 0600, written atomically under
 * the same lock as the configs. Never holds a token: only ids, descriptions and what the token is for.
 *
 * Why there, and not in the PyIceberg YAML: PyIceberg passes every key of a catalog entry to the catalog, the YAML
 * is often templated or shared, and a token delivered only to --env-file/--github-env/--secret-only has no YAML
 * entry at all. jtis are random UUIDs, so one file serves every server and catalog.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Factory } from '../../factory.js';
import { atomicWrite, withConfigLock } from '../../config/index.js';
import { errnoCode } from '../../kernel/errno.js';
import { DAY_MS } from '../../kernel/time.js';

export interface TokenNote {
  description: string;
  username: string | null;
  tenant_id: string | null;
  server: string;
  created_at: string;
  expires_at: string | null;
  /** The token this one replaced (rotate). */
  rotated_from?: string;
}

interface NotesFile {
  version: 1;
  tokens: Record<string, TokenNote>;
}

/** Notes of tokens that expired this long ago are dropped on the next write. */
const KEEP_AFTER_EXPIRY_MS = 30 * DAY_MS;

export function notesPath(deps: Factory): string {
  const base = deps.env.XDG_STATE_HOME && path.isAbsolute(deps.env.XDG_STATE_HOME)
    ? deps.env.XDG_STATE_HOME
    : path.join(deps.homeDir, '.local', 'state');
  return path.join(base, 'pat', 'pangolin-tokens.json');
}

async function load(file: string): Promise<NotesFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { version: 1, tokens: {} };
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<NotesFile>;
  const tokens = parsed && typeof parsed.tokens === 'object' && parsed.tokens !== null ? parsed.tokens : {};
  return { version: 1, tokens };
}

/** All notes by jti; an unreadable file gives none (with a verbose line), never an error: they are only labels. */
export async function readNotes(deps: Factory): Promise<Record<string, TokenNote>> {
  try {
    return (await load(notesPath(deps))).tokens;
  } catch (error) {
    deps.io.verbose(`cannot read ${notesPath(deps)}: ${(error as Error).message}`);
    return {};
  }
}

/** Applies `change` to the notes under the lock and writes them (0600). Throws on failure; callers warn. */
export async function updateNotes(deps: Factory, change: (tokens: Record<string, TokenNote>) => void): Promise<string> {
  const file = notesPath(deps);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await withConfigLock(file, async () => {
    const notes: NotesFile = await load(file).catch((): NotesFile => ({ version: 1, tokens: {} }));
    change(notes.tokens);
    const now = deps.now().getTime();
    for (const [id, note] of Object.entries(notes.tokens)) {
      if (note.expires_at && Date.parse(note.expires_at) + KEEP_AFTER_EXPIRY_MS < now) delete notes.tokens[id];
    }
    await atomicWrite(file, `${JSON.stringify(notes, null, 2)}\n`);
  });
  return file;
}

/** Best effort: a note that cannot be saved is a warning, never a failure (the token itself is what matters). */
export async function tryUpdateNotes(deps: Factory, change: (tokens: Record<string, TokenNote>) => void): Promise<string | undefined> {
  try {
    return await updateNotes(deps, change);
  } catch (error) {
    deps.io.err(deps.io.errColour.yellow(`warning: could not save the token's description in ${notesPath(deps)}: ${(error as Error).message}`));
    return undefined;
  }
}
