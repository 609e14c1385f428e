/**
 * Where pat finds Pangolin: the server URL and the admin login. Flags win over the environment; the password is
 * read only from PANGOLIN_PASSWORD or a hidden prompt on a terminal, never from a flag (argv is visible to every
 * user of the machine via ps). Everything missing is reported at once, before any request.
 */
import { createInterface } from 'node:readline';
import type { Factory } from '../../factory.js';
import { ConfigError, UsageError } from '../../errors.js';
import { isPlainHttpToRemote, normaliseBaseUrl } from './client.js';
import { text, uuid, type PangolinRequest } from './flags.js';
import type { CatalogEntry } from './pyiceberg.js';

export interface ServerUrl {
  url: string;
  source: string;
}

/** --pangolin-url, else PANGOLIN_URL, else the origin of the catalog's uri in the PyIceberg config. */
export function serverUrl(flags: PangolinRequest, deps: Factory, entry: CatalogEntry | undefined): ServerUrl | undefined {
  let found: ServerUrl | undefined;
  if (flags.pangolinUrl !== undefined) found = { url: normaliseBaseUrl(flags.pangolinUrl, '--pangolin-url'), source: '--pangolin-url' };
  else if (deps.env.PANGOLIN_URL) found = { url: normaliseBaseUrl(deps.env.PANGOLIN_URL, 'PANGOLIN_URL'), source: 'PANGOLIN_URL' };
  else if (entry?.uri) {
    const where = `catalog.${entry.catalog}.uri in ${entry.path}`;
    let origin: string;
    try {
      origin = new URL(entry.uri).origin;
    } catch {
      throw new ConfigError(`${where} is not a URL.`, entry.path);
    }
    found = { url: normaliseBaseUrl(origin, where), source: where };
  }
  if (found && isPlainHttpToRemote(found.url)) {
    deps.io.err(deps.io.errColour.yellow(`warning: ${found.url} is plain http to a remote host: tokens and passwords cross the network unencrypted.`));
  }
  return found;
}

export const URL_HINT = 'set PANGOLIN_URL (or --pangolin-url), or give the catalog a uri in the PyIceberg config';

export function requireUrl(found: ServerUrl | undefined, entry: CatalogEntry | undefined): ServerUrl {
  if (found) return found;
  const where = entry ? ` (${entry.path} has no catalog.${entry.catalog}.uri)` : '';
  throw new ConfigError(`No Pangolin server URL: ${URL_HINT}${where}.`, entry?.path, 'Example: export PANGOLIN_URL=http://localhost:8080');
}

export interface AdminCredentials {
  username: string;
  password: string;
  /** Login tenant; absent for a root admin. */
  tenantId?: string;
}

export interface AdminNeeds {
  /** create: the token's tenant is required. */
  tenant: boolean;
  /** A tenant to fall back on (the tenant_id claim of the token in the PyIceberg config). */
  fallbackTenant?: string | null;
  url: ServerUrl | undefined;
}

export interface AdminSettings {
  username: string;
  tenantId?: string;
  /** Absent when it will be asked for on the terminal. */
  password?: string;
}

/**
 * The admin login settings, or a ConfigError naming every missing one (the URL included) before anything is sent
 * or asked. The password may still be missing here when it can be asked for on a terminal: see adminPassword.
 */
export function adminSettings(flags: PangolinRequest, deps: Factory, needs: AdminNeeds): AdminSettings {
  const { env } = deps;
  const username = flags.pangolinUsername !== undefined ? text(flags.pangolinUsername, '--pangolin-username', 256) : env.PANGOLIN_USERNAME || undefined;
  let tenantId: string | undefined;
  if (flags.pangolinTenant !== undefined) tenantId = uuid(flags.pangolinTenant, '--pangolin-tenant');
  else if (env.PANGOLIN_TENANT_ID) tenantId = uuid(env.PANGOLIN_TENANT_ID, 'PANGOLIN_TENANT_ID');
  else if (needs.fallbackTenant) tenantId = needs.fallbackTenant;
  const password = env.PANGOLIN_PASSWORD || undefined;
  const canPrompt = deps.io.stdinIsTTY && deps.io.stderrIsTTY;

  const missing: string[] = [];
  if (!needs.url) missing.push('PANGOLIN_URL (or --pangolin-url)');
  if (!username) missing.push('PANGOLIN_USERNAME (or --pangolin-username)');
  if (!password && !canPrompt) missing.push('PANGOLIN_PASSWORD (or run on a terminal to be asked)');
  if (needs.tenant && !tenantId) missing.push('PANGOLIN_TENANT_ID (or --pangolin-tenant): the UUID of the tenant the token belongs to');
  if (missing.length > 0) {
    throw new ConfigError(
      `Missing Pangolin admin settings: set ${missing.join(', ')}.`,
      undefined,
      'The admin is a Pangolin user with the tenant-admin or root role. The password is never taken from a flag.',
    );
  }
  if (password) deps.io.protect(password);
  return { username: username as string, tenantId, password };
}

/** The full credentials: asks for the password (hidden) on the terminal when PANGOLIN_PASSWORD is not set. */
export async function adminPassword(deps: Factory, settings: AdminSettings): Promise<AdminCredentials> {
  let password = settings.password;
  if (!password) {
    password = await promptHidden(`Pangolin password for ${settings.username}: `);
    if (password === '') throw new UsageError('No password given; nothing was sent.');
    deps.io.protect(password);
  }
  return { username: settings.username, tenantId: settings.tenantId, password };
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let muted = false;
    // Readline echoes through _writeToOutput; silence it once the question is shown.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!muted) process.stderr.write(s);
    };
    let answered = false;
    rl.on('SIGINT', () => {
      rl.close();
    });
    rl.on('close', () => {
      if (!answered) {
        process.stderr.write('\n');
        reject(new UsageError('Cancelled; nothing was sent.'));
      }
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
