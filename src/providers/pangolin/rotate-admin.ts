/**
 * `pat rotate --provider pangolin` with an admin login: never puts the only working token at risk. Pangolin v0.8's
 * own POST /api/v1/tokens/rotate revokes the old token the moment it answers, so a lost reply or a kill leaves the
 * YAML holding a dead token. Instead:
 *   list the user's tokens → mint a new one (POST /api/v1/tokens) → write it → prove it (GET /api/v1/users/me
 *   answers as the same user) → only then revoke the old one.
 * A mint whose outcome is unknown (no reply, timeout, 5xx) is recovered from the admin listing, which in v0.8 carries
 * each raw token: the one id that was not there before this run's mint is provably this run's. Anything less than
 * that proof revokes nothing and leaves the YAML as it was (its token still works: nothing was revoked).
 */
import type { Factory } from '../../factory.js';
import { reportIssued, saveSecret, type SecretDelivery } from '../../delivery/deliver.js';
import { secretDelivered } from '../../config/in-flight.js';
import { FailureError } from '../../errors.js';
import { PangolinHttpError, stringField, type PangolinClient } from './client.js';
import type { AdminCredentials, ServerUrl } from './credentials.js';
import { readNotes, tryUpdateNotes } from './descriptions.js';
import { tokenRejection } from './explain.js';
import { shortTime } from '../../kernel/time.js';
import { decodeClaims, type PangolinClaims } from './jwt.js';
import { listedTokens } from './list.js';
import { pyicebergStore, type CatalogEntry } from './pyiceberg.js';
import { adminLogin, client, forbidden, requireAdminRole, spin, whoAmI, type AdminSession } from './session.js';
import { keyOf, type HeldToken } from './target.js';

const MAX_HOURS = 24 * 365;
const DEFAULT_HOURS = 24;

/** id → raw token of every live token the listing shows. Tokens are protected at once. */
async function listRaw(deps: Factory, api: PangolinClient, userId: string, bearer: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const raw of listedTokens(deps, api, `/api/v1/users/${userId}/tokens`, bearer)) {
    if (typeof raw.id === 'string' && typeof raw.token === 'string') found.set(raw.id, raw.token);
  }
  return found;
}

/** A definite refusal (the server did not mint): a 4xx answer, a 429 included. Anything else leaves it unknown. */
function definitelyRefused(error: unknown): boolean {
  if (error instanceof PangolinHttpError) return error.status < 500;
  return error instanceof FailureError && error.code === 'HTTP429';
}

/** The old token's own lifetime (v0.8 mints up to a year); 24 h when its claims do not say. */
function lifetimeHours(claims: PangolinClaims): number {
  if (claims.iat === null || claims.exp <= claims.iat) return DEFAULT_HOURS;
  return Math.min(MAX_HOURS, Math.max(1, Math.round((claims.exp - claims.iat) / 3600)));
}

/** Revokes `token` with its own session (lasts until it expires); else by id with the admin (v0.8: 24 h only). */
async function revokeToken(api: PangolinClient, token: string, id: string | null, session: AdminSession): Promise<{ ok: true; how: string } | { ok: false; error: string }> {
  try {
    await api.request('POST', '/api/v1/auth/revoke', { token, body: { reason: 'Rotated by pat' } });
    return { ok: true, how: 'with its own session' };
  } catch (selfError) {
    if (!id) return { ok: false, error: (selfError as Error).message };
    try {
      await api.request('POST', `/api/v1/auth/revoke/${id}`, { token: session.token, body: { reason: 'Rotated by pat' } });
      return { ok: true, how: 'by id with the admin login (Pangolin v0.8 keeps that for 24 hours)' };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
}

/** The same keys as the self-rotation's `--json` (docs/pangolin.md, the rotate schema). */
function jsonShape(claims: PangolinClaims | undefined, old: PangolinClaims, server: ServerUrl, entry: CatalogEntry, verified: boolean): Record<string, unknown> {
  return {
    provider: 'pangolin',
    id: claims?.jti ?? null,
    previous_id: old.jti,
    username: claims?.username || old.username,
    expires_at: claims ? new Date(claims.exp * 1000).toISOString() : null,
    previous_expires_at: new Date(old.exp * 1000).toISOString(),
    verified: verified ? true : null,
    verify_error: null,
    server: server.url,
    catalog: entry.catalog,
  };
}

export interface AdminRotation {
  deps: Factory;
  delivery: SecretDelivery;
  entry: CatalogEntry;
  server: ServerUrl;
  creds: AdminCredentials;
  tenantId: string;
  current: HeldToken;
  where: string;
}

export async function rotateWithAdmin({ deps, delivery, entry, server, creds, tenantId, current, where }: AdminRotation): Promise<number> {
  const { io } = deps;
  const old = current.claims;
  if (!old || !old.jti) {
    throw new FailureError(
      `The token in ${where} is not a Pangolin token pat can read (no user or id in it): it cannot be rotated for the same user.`,
      'Create one instead: pat create --provider pangolin --username <user>',
    );
  }
  const api = client(deps, server);
  const hours = lifetimeHours(old);
  const session = await spin(deps, `Logging in to ${server.url}…`, () => adminLogin(deps, api, creds));
  requireAdminRole(session, 'rotating a token with the admin login');

  // The listing before the mint is what makes a lost reply recoverable: the new id is the one not in it.
  let before: Map<string, string> | undefined;
  try {
    before = await listRaw(deps, api, old.sub, session.token);
  } catch (error) {
    io.verbose(`pangolin: cannot list the tokens of ${old.sub} before minting (${(error as Error).message}); a lost mint reply would not be recoverable`);
  }

  // The old token's own tenant: the new token must belong to exactly the same user (the login's tenant may differ for root).
  const body: Record<string, unknown> = { tenant_id: old.tenantId ?? tenantId, username: old.username, expires_in_hours: hours };
  if (old.role) body.roles = [old.role];
  let token: string;
  let recovered = false;
  try {
    const answer = await spin(deps, `Minting a new token for ${old.username} at ${server.url}…`, () => api.request('POST', '/api/v1/tokens', { token: session.token, body }));
    token = stringField(answer, 'token', 'POST /api/v1/tokens');
  } catch (error) {
    if (definitelyRefused(error)) throw forbidden(error, `mint a new token for ${old.username}`);
    token = await recoverMint(deps, api, old, session, before, error, where);
    recovered = true;
  }
  io.protect(token);
  const claims = decodeClaims(token);
  const saved = await saveSecret(deps, delivery, { secret: token, name: '' }, pyicebergStore(entry, server.url));

  if (saved.failure) {
    // The YAML (written atomically) still holds the old token, which still works: revoke nothing.
    const code = reportIssued(deps, delivery, token, saved, {
      headline: `Minted a new Pangolin token for ${old.username}`,
      lines: [`id       ${claims?.jti ?? 'unknown'}`],
      noun: 'token',
      savedAs: ` as ${keyOf(entry)}`,
      stakes: 'Pangolin shows a token only once.',
      json: jsonShape(claims, old, server, entry, false),
    });
    io.err(io.errColour.yellow(`note: the previous token ${old.jti} was not revoked and still works.`));
    return code === 0 ? 1 : code;
  }

  // Prove the new token before the old one is touched: it logs in, as the same user.
  let failure: string | undefined;
  try {
    const me = await whoAmI(api, token);
    if (me.id !== old.sub) failure = `it answers as user ${me.id}, not ${old.sub}`;
  } catch (error) {
    failure = tokenRejection(error, 'the new token', claims, deps.now())?.message ?? (error as Error).message;
  }
  if (failure !== undefined) return undo(deps, api, delivery, entry, server, current.token, token, claims, session, saved.path !== undefined, failure);

  const revoked = await spin(deps, `Revoking the previous token ${old.jti}…`, () => revokeToken(api, current.token, old.jti, session));

  const newId = claims?.jti ?? null;
  if (newId) {
    const notes = await readNotes(deps);
    const note = notes[old.jti];
    if (note) {
      await tryUpdateNotes(deps, (tokens) => {
        delete tokens[old.jti as string];
        tokens[newId] = { ...note, expires_at: claims ? new Date(claims.exp * 1000).toISOString() : null, rotated_from: old.jti as string };
      });
    }
  }
  const newExpiry = claims ? new Date(claims.exp * 1000) : undefined;
  const code = reportIssued(deps, delivery, token, saved, {
    headline: `Rotated the Pangolin token of ${old.username} (minted with the admin login, verified, then the old one revoked)`,
    lines: [
      `id       ${newId ?? 'unknown'} (was ${old.jti}, ${revoked.ok ? `revoked ${revoked.how}` : 'NOT revoked'})`,
      `expires  ${newExpiry ? shortTime(newExpiry) : 'unknown'}`,
      `verified: GET /api/v1/users/me answers as ${old.username}`,
      ...(recovered ? ['recovered: the mint reply was lost; the new token was found in the admin token listing'] : []),
    ],
    noun: 'token',
    savedAs: ` as ${keyOf(entry)}`,
    stakes: 'Pangolin shows a token only once.',
    json: jsonShape(claims, old, server, entry, true),
  });
  if (!delivery.write) io.err(io.errColour.yellow(`note: ${where} still holds the previous token${revoked.ok ? ', now revoked' : ''} (--no-write).`));
  if (!revoked.ok) {
    io.err(io.errColour.red.bold(`error: the new token is in place and works, but the previous token ${old.jti} could not be revoked: ${revoked.error}`));
    io.err(`hint: pat revoke --provider pangolin --id ${old.jti}`);
    return 1;
  }
  return code;
}

/** The mint's reply is unknown: find this run's token in the listing, or stop having changed nothing. */
async function recoverMint(
  deps: Factory,
  api: PangolinClient,
  old: PangolinClaims,
  session: AdminSession,
  before: Map<string, string> | undefined,
  cause: unknown,
  where: string,
): Promise<string> {
  const unknown = `The mint of a new token for ${old.username} has an unknown outcome (${(cause as Error).message})`;
  const unchanged = `Nothing was revoked: ${where} still holds the previous token, which still works.`;
  if (!before) throw new FailureError(`${unknown}, and the token list could not be read before it, so a new token cannot be proven to be this run's. ${unchanged}`, `Check with: pat list --provider pangolin --user-id ${old.sub}`);
  let after: Map<string, string>;
  try {
    after = await spin(deps, 'The mint reply was lost: looking for the new token in the token list…', () => listRaw(deps, api, old.sub, session.token));
  } catch (error) {
    throw new FailureError(`${unknown}, and the token list cannot be read now (${(error as Error).message}). ${unchanged}`, `Check with: pat list --provider pangolin --user-id ${old.sub}`);
  }
  const fresh = [...after].filter(([id, token]) => !before.has(id) && decodeClaims(token)?.sub === old.sub);
  const only = fresh[0];
  if (fresh.length === 1 && only) {
    deps.io.verbose(`pangolin: recovered the new token ${only[0]} from the token list`);
    return only[1];
  }
  const found = fresh.length === 0 ? 'no new token appeared in the token list' : `${fresh.length} new tokens appeared (${fresh.map(([id]) => id).join(', ')}), so which is this run's cannot be proven`;
  throw new FailureError(`${unknown}, and ${found}. ${unchanged}`, `Check with: pat list --provider pangolin --user-id ${old.sub}`);
}

/** The new token failed its proof: put the old one back, revoke the new one (provably this run's), exit 1. */
async function undo(
  deps: Factory,
  api: PangolinClient,
  delivery: SecretDelivery,
  entry: CatalogEntry,
  server: ServerUrl,
  oldToken: string,
  newToken: string,
  claims: PangolinClaims | undefined,
  session: AdminSession,
  written: boolean,
  failure: string,
): Promise<number> {
  const { io } = deps;
  let restore: string | undefined;
  if (written) {
    try {
      await pyicebergStore(entry, server.url).save(oldToken, '');
    } catch (error) {
      restore = (error as Error).message;
    }
  }
  // With the YAML still holding the new token, revoking it would leave the file with a dead token: keep both.
  const revoked = restore === undefined ? await revokeToken(api, newToken, claims?.jti ?? null, session) : { ok: false as const, error: 'not tried: the file still holds it' };
  secretDelivered();
  io.err(io.errColour.red.bold(`error: the new token does not work: ${failure}.`));
  if (restore !== undefined) {
    io.err(io.errColour.red.bold(`error: and ${keyOf(entry)} of ${entry.path} could not be put back to the previous token: ${restore}`));
  } else {
    io.err(`The previous token was not revoked and still works; ${keyOf(entry)} of ${entry.path} holds it${written ? ' again' : ''}.`);
  }
  if (delivery.sinks?.envFile || delivery.sinks?.githubEnvFile) io.err('note: the sinks (--env-file, --github-env) received the new token; run again once Pangolin accepts new tokens.');
  io.err(revoked.ok ? `The new token ${claims?.jti ?? ''} was revoked ${revoked.how}.` : `error: the new token ${claims?.jti ?? ''} could not be revoked: ${revoked.error}`);
  return 1;
}
