/**
 * `pat list --provider pangolin`: the tokens of the user whose token the PyIceberg config holds
 * (GET /api/v1/users/me/tokens, with that token), or with --user-id and the admin login, another user's
 * (GET /api/v1/users/{id}/tokens, the admin's tenant only). Pangolin returns each token's raw JWT in the listing:
 * it is registered as a secret the moment it arrives and dropped, so it can reach no output (table, --json,
 * --verbose).
 */
import { printJson } from '../../output/report.js';
import type { Factory } from '../../factory.js';

import { FailureError } from '../../errors.js';
import type { Io } from '../../output/io.js';
import { renderGrid } from '../../output/grid.js';
import type { PangolinClient } from './client.js';
import { adminPassword, adminSettings, requireUrl, serverUrl } from './credentials.js';
import { readNotes } from './descriptions.js';
import { tokenRejection } from './explain.js';
import { uuid, type PangolinRequest } from './flags.js';
import { expiryColour } from '../../kernel/expiry.js';
import { daysLeftOrNull, shortTime } from '../../kernel/time.js';
import { decodeClaims } from './jwt.js';
import { adminLogin, client, forbidden, requireAdminRole, spin } from './session.js';
import { catalogEntry, heldToken, keyOf } from './target.js';

export interface TokenRow {
  id: string;
  username: string | null;
  userId: string | null;
  tenantId: string | null;
  createdAt: Date | null;
  expiresAt: Date | null;
  isValid: boolean | null;
}

const PAGE = 100;
const MAX_PAGES = 100;

function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Every object of every page of a token listing. Each one's `token` (a live JWT: v0.8 lists raw tokens) is
 * protected at once, before the caller sees it.
 */
export async function* listedTokens(deps: Factory, api: PangolinClient, path: string, bearer: string): AsyncGenerator<Record<string, unknown>> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api.request('GET', path, { token: bearer, query: { limit: PAGE, offset: page * PAGE } });
    if (!Array.isArray(answer)) throw new FailureError(`Unexpected answer from Pangolin to GET ${path}: not a list.`);
    for (const item of answer as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const raw = item as Record<string, unknown>;
      if (typeof raw.token === 'string') deps.io.protect(raw.token);
      yield raw;
    }
    // A short page is the last; a long one means the server ignored limit and sent everything.
    if (answer.length !== PAGE) break;
  }
}

/** Every token of a listing, soonest expiry first; the raw tokens are never kept. */
export async function fetchTokens(deps: Factory, api: PangolinClient, path: string, bearer: string): Promise<TokenRow[]> {
  const rows = new Map<string, TokenRow>();
  for await (const raw of listedTokens(deps, api, path, bearer)) {
    const id = str(raw.id);
    if (id === null || rows.has(id)) continue;
    rows.set(id, {
      id,
      username: str(raw.username),
      userId: str(raw.user_id),
      tenantId: str(raw.tenant_id),
      createdAt: date(raw.created_at),
      expiresAt: date(raw.expires_at),
      isValid: typeof raw.is_valid === 'boolean' ? raw.is_valid : null,
    });
  }
  return [...rows.values()].sort((a, b) => (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0));
}

function colourDays(io: Io, days: number | null): string {
  return days === null ? '' : io.colour[expiryColour(days)](String(days));
}

export function renderRows(io: Io, rows: TokenRow[], now: Date, heldId: string | null, notes: Record<string, { description: string }>): string {
  const columns = [
    { header: '' },
    { header: 'id' },
    { header: 'username', max: 24 },
    { header: 'created' },
    { header: 'expires' },
    { header: 'days left' },
    { header: 'valid' },
    { header: 'description', max: 40 },
  ];
  const cells = rows.map((t) => [
    t.id === heldId ? '*' : '',
    t.id,
    t.username ?? '',
    t.createdAt ? shortTime(t.createdAt) : '',
    t.expiresAt ? shortTime(t.expiresAt) : '',
    colourDays(io, daysLeftOrNull(t.expiresAt, now)),
    t.isValid === null ? '' : t.isValid ? io.colour.green('yes') : io.colour.red('no'),
    notes[t.id]?.description ?? '',
  ]);
  return renderGrid(columns, cells, { boxed: io.stdoutIsTTY, terminalWidth: io.terminalWidth, header: (h) => io.colour.bold(h) });
}

export async function runList(flags: PangolinRequest, deps: Factory): Promise<number> {
  const userId = flags.userId !== undefined ? uuid(flags.userId, '--user-id') : undefined;
  const entry = await catalogEntry(flags, deps);
  const url = serverUrl(flags, deps, entry);
  const heldClaims = entry.token ? decodeClaims(entry.token) : undefined;

  let rows: TokenRow[];
  let whose: string;
  if (userId !== undefined) {
    const settings = adminSettings(flags, deps, { tenant: false, fallbackTenant: heldClaims?.tenantId, url });
    const server = requireUrl(url, entry);
    const creds = await adminPassword(deps, settings);
    const api = client(deps, server);
    rows = await spin(deps, `Listing tokens at ${server.url}…`, async () => {
      const session = await adminLogin(deps, api, creds);
      requireAdminRole(session, "listing another user's tokens");
      try {
        return await fetchTokens(deps, api, `/api/v1/users/${userId}/tokens`, session.token);
      } catch (error) {
        throw forbidden(error, `list the tokens of user ${userId}`);
      }
    });
    whose = `user ${userId}`;
  } else {
    const held = heldToken(entry);
    const server = requireUrl(url, entry);
    const api = client(deps, server);
    try {
      rows = await spin(deps, `Listing tokens at ${server.url}…`, () => fetchTokens(deps, api, '/api/v1/users/me/tokens', held.token));
    } catch (error) {
      const rejected = tokenRejection(error, `${keyOf(entry)} of ${entry.path}`, held.claims, deps.now());
      if (rejected) {
        const sub = held.claims?.sub;
        throw new FailureError(
          `${rejected.message} pat lists with that token's own session.`,
          sub ? `List with the admin login instead: pat list --provider pangolin --user-id ${sub}` : rejected.hint,
          rejected.problem,
        );
      }
      throw error;
    }
    whose = held.claims?.username ? `user ${held.claims.username}` : 'the token in the config';
  }

  const notes = await readNotes(deps);
  const now = deps.now();
  const heldId = heldClaims?.jti ?? null;
  if (deps.globals.json) {
    printJson(
      deps,
      rows.map((t) => ({
        id: t.id,
        username: t.username,
        user_id: t.userId,
        tenant_id: t.tenantId,
        created_at: t.createdAt?.toISOString() ?? null,
        expires_at: t.expiresAt?.toISOString() ?? null,
        days_left: daysLeftOrNull(t.expiresAt, now),
        is_valid: t.isValid,
        description: notes[t.id]?.description ?? null,
        in_config: t.id === heldId,
      })),
    );
    return 0;
  }
  if (rows.length === 0) {
    deps.io.out(`No Pangolin tokens for ${whose}. (Login sessions are not listed, only tokens created or rotated.)`);
    return 0;
  }
  deps.io.out(renderRows(deps.io, rows, now, heldId, notes));
  if (heldId && rows.some((t) => t.id === heldId)) deps.io.out(`* = the token in ${keyOf(entry)} of ${entry.path}`);
  return 0;
}
