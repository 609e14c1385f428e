/**
 * The PyIceberg config (`.pyiceberg.yaml`) that holds the catalog's token: `catalog.<name>.uri` and
 * `catalog.<name>.token`. Edited with the yaml package's Document API so comments, key order and every other
 * entry survive; written with atomicWrite (temp file + fsync + rename, mode 0600, symlinks written through).
 * Callers hold withConfigLock around read-modify-write.
 *
 * Which file: --pyiceberg-config, else a --config ending in .yaml/.yml, else the file PyIceberg itself would
 * load: $PYICEBERG_HOME/.pyiceberg.yaml if it exists, else ~/.pyiceberg.yaml (a new file goes to $PYICEBERG_HOME
 * when set, else ~).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { atomicWrite, type WriteReport } from '../../config/index.js';
import { BoundedReadError, describeBoundedRead, readBoundedText } from '../../config/bounded-read.js';
import { describeFsError, errnoCode } from '../../kernel/errno.js';
import type { Factory } from '../../factory.js';
import type { SecretStore } from '../../config/store.js';
import { ConfigError, FailureError } from '../../errors.js';

export const PYICEBERG_FILE = '.pyiceberg.yaml';

export function pyicebergPath(deps: Factory): string {
  const { globals, env, cwd, homeDir } = deps;
  if (globals.pyicebergConfig) return path.resolve(cwd, globals.pyicebergConfig);
  if (/\.ya?ml$/i.test(globals.config)) return path.resolve(cwd, globals.config);
  const home = env.PYICEBERG_HOME ? path.resolve(cwd, env.PYICEBERG_HOME, PYICEBERG_FILE) : undefined;
  if (home && existsSync(home)) return home;
  const user = path.join(homeDir, PYICEBERG_FILE);
  if (existsSync(user)) return user;
  return home ?? user;
}

export interface CatalogEntry {
  /** The file exists. */
  exists: boolean;
  path: string;
  catalog: string;
  uri?: string;
  token?: string;
}

/** `catalog.<name>` key as written in the file (PyIceberg lower-cases keys, so `Default` is `default`). */
function catalogKey(doc: Document, catalog: string): string {
  const catalogs = doc.get('catalog');
  if (isMap(catalogs)) {
    for (const pair of catalogs.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key === 'string' && key.toLowerCase() === catalog) return key;
    }
  }
  return catalog;
}

/** A real PyIceberg file has no aliases at all; a few are allowed, an alias bomb is not. */
export const MAX_YAML_ALIASES = 100;

const FIX_YAML = 'Fix the file (PyIceberg could not read it either), then run pat again.';

/**
 * Duplicate keys, found with one Set per mapping. The yaml package's own `uniqueKeys` compares every key with
 * every other (quadratic: ten seconds for 40 000 keys).
 */
function assertUniqueKeys(doc: Document, file: string, lines: LineCounter): void {
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) {
          const at = pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
          const where = at ? ` (line ${at.line}, column ${at.col})` : '';
          throw new ConfigError(`${file} is not valid YAML${where}: a mapping repeats a key.`, file, FIX_YAML);
        }
        seen.add(key);
      }
    },
  });
}

function parse(text: string, file: string): Document {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines });
  } catch (error) {
    if (error instanceof RangeError) throw new ConfigError(`${file} is nested too deeply to be a PyIceberg config.`, file, FIX_YAML);
    throw error;
  }
  const first = doc.errors[0];
  if (first) {
    // Only the first line of the message: the rest quotes the file, which may hold a token.
    const what = (first.message.split('\n')[0] ?? first.code).replace(/ at line \d+, column \d+:?$/, '');
    const where = first.linePos?.[0] ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})` : '';
    throw new ConfigError(`${file} is not valid YAML${where}: ${what}.`, file, FIX_YAML);
  }
  assertUniqueKeys(doc, file, lines);
  // Resolve it once now, bounded, so an alias bomb is refused here — before any request — and not while writing.
  try {
    doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError) {
      throw new ConfigError(`${file} expands too many YAML aliases (more than ${MAX_YAML_ALIASES}) or nests too deeply to be a PyIceberg config.`, file, FIX_YAML);
    }
    throw error;
  }
  const root = doc.contents;
  if (root !== null && !isMap(root) && !(isScalar(root) && (root.value === null || root.value === ''))) {
    throw new ConfigError(`${file} must be a YAML mapping (catalog: …) at the top level.`, file);
  }
  const catalogs = doc.get('catalog');
  if (catalogs !== undefined && catalogs !== null && !isMap(catalogs)) {
    throw new ConfigError(`"catalog" in ${file} must be a mapping of catalog names.`, file);
  }
  return doc;
}

function entryOf(doc: Document, file: string, catalog: string): { uri?: string; token?: string } {
  const key = catalogKey(doc, catalog);
  const entry = doc.getIn(['catalog', key]);
  if (entry === undefined || entry === null) return {};
  if (!isMap(entry)) throw new ConfigError(`catalog.${key} in ${file} must be a mapping (uri:, token:, …).`, file);
  const read = (name: string): string | undefined => {
    const value = entry.get(name);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new ConfigError(`catalog.${key}.${name} in ${file} must be a string.`, file);
    return value;
  };
  return { uri: read('uri'), token: read('token') };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readBoundedText(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    if (error instanceof BoundedReadError) throw new ConfigError(`Cannot read ${file}: ${describeBoundedRead(error)}.`, file);
    throw new ConfigError(`Cannot read ${file}: ${describeFsError(error, file)}`, file);
  }
}

/** The catalog's uri and token. A missing file is not an error here (`exists: false`). */
export async function readCatalog(file: string, catalog: string): Promise<CatalogEntry> {
  const text = await readText(file);
  if (text === undefined) return { exists: false, path: file, catalog };
  return { exists: true, path: file, catalog, ...entryOf(parse(text, file), file, catalog) };
}

/** PyIceberg reads this file with strictyaml, which refuses flow style; Document keeps the original styles. */
function render(doc: Document): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/**
 * Re-reads the file, applies `edit`, checks that nothing but the intended keys changed, and writes it atomically.
 * Throws FailureError (the caller then hands the secret to the user some other way).
 */
async function edit(file: string, catalog: string, change: (doc: Document, key: string) => void, expect: (before: unknown) => unknown): Promise<WriteReport> {
  let text: string | undefined;
  try {
    text = await readText(file);
  } catch (error) {
    throw new FailureError((error as Error).message);
  }
  let doc: Document;
  try {
    doc = parse(text ?? '', file);
  } catch (error) {
    throw new FailureError((error as Error).message);
  }
  const before = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  const key = catalogKey(doc, catalog);
  change(doc, key);
  const output = render(doc);
  // Belt and braces: the new file must parse back to exactly the old data plus the intended change.
  const reparsed = parseDocument(output, { uniqueKeys: false });
  if (reparsed.errors.length > 0 || JSON.stringify(reparsed.toJS({ maxAliasCount: MAX_YAML_ALIASES })) !== JSON.stringify(expect(before))) {
    throw new FailureError(`Refusing to write ${file}: the edited YAML would not read back as intended.`);
  }
  return atomicWrite(file, output);
}

function clone(value: unknown): Record<string, unknown> {
  const copy = value === null || value === undefined ? {} : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
  return copy;
}

/** The PyIceberg config as a secret store: the token goes to `catalog.<name>.token` (Pangolin tokens have no name). */
export function pyicebergStore(entry: Pick<CatalogEntry, 'path' | 'catalog'>, uri: string): SecretStore {
  return { path: entry.path, save: (token) => writeToken(entry.path, entry.catalog, token, uri) };
}

/** Sets `catalog.<name>.token` (and `uri` when the entry has none). Other keys, comments and order are kept. */
export function writeToken(file: string, catalog: string, token: string, uri: string): Promise<WriteReport> {
  let keyUsed = catalog;
  let setUri = false;
  return edit(
    file,
    catalog,
    (doc, key) => {
      keyUsed = key;
      if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
      for (const at of [['catalog'], ['catalog', key]]) {
        if (doc.getIn(at) === undefined || doc.getIn(at) === null) doc.setIn(at, doc.createNode({}));
      }
      const current = doc.getIn(['catalog', key, 'uri']);
      setUri = current === undefined || current === null || current === '';
      if (setUri) doc.setIn(['catalog', key, 'uri'], uri);
      doc.setIn(['catalog', key, 'token'], token);
    },
    (before) => {
      const data = clone(before);
      const catalogs = (data.catalog ??= {}) as Record<string, Record<string, unknown>>;
      const entry = (catalogs[keyUsed] ??= {});
      if (setUri) entry.uri = uri;
      entry.token = token;
      return data;
    },
  );
}

/** Removes `catalog.<name>.token` (after a revocation), keeping everything else. */
export function removeToken(file: string, catalog: string): Promise<WriteReport> {
  let keyUsed = catalog;
  return edit(
    file,
    catalog,
    (doc, key) => {
      keyUsed = key;
      if (doc.hasIn(['catalog', key, 'token'])) doc.deleteIn(['catalog', key, 'token']);
    },
    (before) => {
      const data = clone(before);
      const entry = (data.catalog as Record<string, Record<string, unknown>> | undefined)?.[keyUsed];
      if (entry) delete entry.token;
      return data;
    },
  );
}
