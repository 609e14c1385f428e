/**
 * `pat revoke --provider pangolin`, two ways:
 *   --self     POST /api/v1/auth/revoke with the token in the PyIceberg config (its own session); Pangolin keeps
 *              it on the revocation list until the token's own expiry. Then removes it from the config.
 *   --id <jti> POST /api/v1/auth/revoke/{jti} with the admin login (any token of the admin's reach).
 * Asks first on a terminal; elsewhere --yes is required. Irreversible.
 */
import { printJson } from '../../output/report.js';
import type { Factory } from '../../factory.js';

import { withConfigLock } from '../../config/index.js';
import { FailureError, UsageError } from '../../errors.js';
import { adminPassword, adminSettings, requireUrl, serverUrl } from './credentials.js';
import { tryUpdateNotes } from './descriptions.js';
import { tokenRejection, type Rejected } from './explain.js';
import { text, uuid, type PangolinRequest } from './flags.js';
import { decodeClaims } from './jwt.js';
import { removeToken, type CatalogEntry } from './pyiceberg.js';
import { adminLogin, client, forbidden, requireAdminRole, spin } from './session.js';
import { catalogEntry, heldToken, keyOf } from './target.js';

/** True to go ahead; false when the user said no (the caller exits 2). */
async function confirmed(deps: Factory, yes: boolean, what: string): Promise<boolean> {
  if (yes) return true;
  if (!deps.io.stdinIsTTY) throw new UsageError(`Refusing to revoke ${what} without confirmation: pass --yes (not a terminal).`);
  if (await deps.io.confirm(`Revoke ${what}? Anything using it stops working. [y/N] `)) return true;
  deps.io.err('Cancelled; nothing was revoked.');
  return false;
}

/** Removes the token from the config; a failure is reported, not thrown (the revocation already happened). */
async function clearConfig(entry: CatalogEntry): Promise<{ cleared: boolean; error?: string }> {
  try {
    await removeToken(entry.path, entry.catalog);
    return { cleared: true };
  } catch (error) {
    return { cleared: false, error: (error as Error).message };
  }
}

function forgetNote(deps: Factory, jti: string | null | undefined): Promise<unknown> {
  if (!jti) return Promise.resolve();
  return tryUpdateNotes(deps, (tokens) => {
    delete tokens[jti];
  });
}

export async function runRevoke(flags: PangolinRequest, deps: Factory): Promise<number> {
  if (Boolean(flags.self) === (flags.id !== undefined)) {
    throw new UsageError(
      'Say which token: --self (the one in the PyIceberg config, revoked with its own session) or --id <token id> (admin login).',
      'Token ids are in `pat list --provider pangolin`.',
    );
  }
  const id = flags.id !== undefined ? uuid(flags.id, '--id') : undefined;
  const reason = flags.reason !== undefined ? text(flags.reason, '--reason', 500) : undefined;
  const body = reason !== undefined ? { reason } : {}; // a JSON body is required (415 without one)
  const entry = await catalogEntry(flags, deps);
  const url = serverUrl(flags, deps, entry);
  return id === undefined ? revokeSelf(flags, deps, entry, url, body) : revokeById(flags, deps, entry, url, id, body);
}

async function revokeSelf(flags: PangolinRequest, deps: Factory, entry: CatalogEntry, url: ReturnType<typeof serverUrl>, body: object): Promise<number> {
  const held = heldToken(entry);
  const server = requireUrl(url, entry);
  const where = `${keyOf(entry)} of ${entry.path}`;
  const label = `the token in ${where}${held.claims?.jti ? ` (id ${held.claims.jti}, user ${held.claims.username})` : ''}`;
  if (!(await confirmed(deps, Boolean(flags.yes), label))) return 2;

  const result = await withConfigLock(entry.path, async () => {
    const current = heldToken(await catalogEntry(flags, deps));
    const api = client(deps, server);
    let already: Rejected | undefined;
    try {
      await spin(deps, `Revoking the token at ${server.url}…`, () => api.request('POST', '/api/v1/auth/revoke', { token: current.token, body }));
    } catch (error) {
      const rejected = tokenRejection(error, where, current.claims, deps.now());
      // Already revoked or expired: it is dead either way, so finish the job. An unknown token stays put.
      if (rejected && rejected.problem !== 'invalid') already = rejected;
      else if (rejected) throw new FailureError(rejected.message, rejected.hint, rejected.problem);
      else throw error;
    }
    const clear = await clearConfig(entry);
    await forgetNote(deps, current.claims?.jti);
    return { already, clear, claims: current.claims };
  });

  const { io } = deps;
  const tokenId = result.claims?.jti ?? null;
  if (deps.globals.json) {
    printJson(deps, {
      provider: 'pangolin',
      id: tokenId,
      username: result.claims?.username ?? null,
      revoked: true,
      already: result.already?.problem ?? null,
      config_path: entry.path,
      config_cleared: result.clear.cleared,
      clear_error: result.clear.error ?? null,
    });
  } else {
    const ok = io.colour.green('✓');
    io.out(
      result.already
        ? `${ok} Nothing to revoke: the token${tokenId ? ` ${tokenId}` : ''} was already ${result.already.problem}`
        : `${ok} Revoked the token${tokenId ? ` ${tokenId}` : ''}${result.claims?.username ? ` of ${result.claims.username}` : ''}`,
    );
    if (result.clear.cleared) io.out(`${ok} Removed ${keyOf(entry)} from ${entry.path}`);
  }
  if (result.clear.error) {
    io.err(io.errColour.red(`error: the token is revoked, but ${keyOf(entry)} could not be removed from ${entry.path}: ${result.clear.error}`));
    return 1;
  }
  return 0;
}

async function revokeById(
  flags: PangolinRequest,
  deps: Factory,
  entry: CatalogEntry,
  url: ReturnType<typeof serverUrl>,
  id: string,
  body: object,
): Promise<number> {
  const heldClaims = entry.token ? decodeClaims(entry.token) : undefined;
  const settings = adminSettings(flags, deps, { tenant: false, fallbackTenant: heldClaims?.tenantId, url });
  const server = requireUrl(url, entry);
  const isHeld = heldClaims?.jti?.toLowerCase() === id;
  if (!(await confirmed(deps, Boolean(flags.yes), `token ${id}${isHeld ? ` (the one in ${keyOf(entry)} of ${entry.path})` : ''}`))) return 2;
  const creds = await adminPassword(deps, settings);
  const api = client(deps, server);

  const revoke = async () => {
    await spin(deps, `Revoking token ${id} at ${server.url}…`, async () => {
      const session = await adminLogin(deps, api, creds);
      requireAdminRole(session, 'revoking a token by id');
      try {
        await api.request('POST', `/api/v1/auth/revoke/${id}`, { token: session.token, body });
      } catch (error) {
        throw forbidden(error, `revoke token ${id}`);
      }
    });
    const clear = isHeld ? await clearConfig(entry) : { cleared: false };
    await forgetNote(deps, id);
    return clear;
  };
  const clear = isHeld ? await withConfigLock(entry.path, revoke) : await revoke();

  const { io } = deps;
  // v0.8 lists a revocation by id for 24 h only; a token that outlives that works again after a token cleanup.
  const note = 'Pangolin v0.8 keeps a revocation by id for 24 hours only: a token that expires later can work again after the server cleans up its revocation list. Revoking with the token itself (--self) lasts until the token expires.';
  if (deps.globals.json) {
    printJson(deps, {
      provider: 'pangolin',
      id,
      revoked: true,
      config_path: isHeld ? entry.path : null,
      config_cleared: clear.cleared,
      clear_error: clear.error ?? null,
      note,
    });
  } else {
    const ok = io.colour.green('✓');
    io.out(`${ok} Revoked token ${id}`);
    if (clear.cleared) io.out(`${ok} Removed ${keyOf(entry)} from ${entry.path}`);
    io.err(io.errColour.yellow(`note: ${note}`));
  }
  if (clear.error) {
    io.err(io.errColour.red(`error: the token is revoked, but ${keyOf(entry)} could not be removed from ${entry.path}: ${clear.error}`));
    return 1;
  }
  return 0;
}
