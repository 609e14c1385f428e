/**
 * `pat test-connection --provider pangolin`: the deploy gate. GET /api/v1/users/me with the token in the
 * PyIceberg config, as the service will present it. Exit 0 when Pangolin accepts it; 1 with the reason
 * (expired, revoked, not accepted) otherwise.
 */
import { printJson } from '../../output/report.js';
import type { Factory } from '../../factory.js';

import { FailureError } from '../../errors.js';
import { requireUrl, serverUrl } from './credentials.js';
import { tokenRejection } from './explain.js';
import { type PangolinRequest } from './flags.js';
import { daysLeftOrNull, shortTime } from '../../kernel/time.js';
import { client, spin, whoAmI, type Me } from './session.js';
import { catalogEntry, heldToken, keyOf } from './target.js';

export async function runTestConnection(flags: PangolinRequest, deps: Factory): Promise<number> {
  const entry = await catalogEntry(flags, deps);
  const held = heldToken(entry);
  const server = requireUrl(serverUrl(flags, deps, entry), entry);
  const where = `${keyOf(entry)} of ${entry.path}`;
  const api = client(deps, server);
  const { io } = deps;

  let me: Me;
  try {
    me = await spin(deps, `Checking the token at ${server.url}…`, () => whoAmI(api, held.token));
  } catch (error) {
    const rejected = tokenRejection(error, where, held.claims, deps.now());
    if (!rejected) throw error;
    if (deps.globals.json) {
      printJson(deps, { ok: false, provider: 'pangolin', problem: rejected.problem, error: rejected.message, server: server.url, config_path: entry.path, catalog: entry.catalog, id: held.claims?.jti ?? null });
    }
    throw new FailureError(rejected.message, rejected.hint, rejected.problem);
  }

  const expires = held.claims ? new Date(held.claims.exp * 1000) : undefined;
  const now = deps.now();
  const details = {
    user: me.username,
    user_id: me.id,
    role: me.role,
    tenant_id: me.tenantId,
    token_id: held.claims?.jti ?? null,
    expires_at: expires?.toISOString() ?? null,
    days_left: daysLeftOrNull(expires, now),
  };
  if (deps.globals.json) {
    printJson(deps, { ok: true, provider: 'pangolin', server: server.url, config_path: entry.path, catalog: entry.catalog, ...details });
    return 0;
  }
  io.out(`${io.colour.green('✓')} Pangolin at ${server.url} accepts the token in ${where}`);
  const rows: [string, string][] = [
    ['user', `${me.username} (${me.id})`],
    ['role', me.role ?? '-'],
    ['tenant', me.tenantId ?? '-'],
    ['token id', held.claims?.jti ?? '-'],
    ['expires', expires ? `${shortTime(expires)} (${details.days_left} days left)` : '-'],
  ];
  for (const [key, value] of rows) io.out(`  ${key.padEnd(9)} ${value}`);
  return 0;
}
