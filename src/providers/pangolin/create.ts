/**
 * `pat create --provider pangolin`: log in as the admin, mint a token (POST /api/v1/tokens) for --username, and
 * put it in the PyIceberg config (catalog.<name>.token) and/or the sinks. --description stays local.
 */
import type { Factory } from '../../factory.js';
import { withConfigLock } from '../../config/index.js';
import { UsageError } from '../../errors.js';
import { stringField } from './client.js';
import { adminPassword, adminSettings, requireUrl, serverUrl } from './credentials.js';
import { deliveryFromFlags } from './deliver.js';
import { reportIssued, saveSecret } from '../../delivery/deliver.js';
import { pyicebergStore } from './pyiceberg.js';
import { tryUpdateNotes } from './descriptions.js';
import { expiresInHours, roleList, text, type PangolinRequest } from './flags.js';
import { DAY_MS, shortTime } from '../../kernel/time.js';
import { decodeClaims } from './jwt.js';
import { adminLogin, client, forbidden, requireAdminRole, spin } from './session.js';
import { catalogEntry, keyOf } from './target.js';

/** Pangolin v0.8's default lifetime when expires_in_hours is omitted. */
const SERVER_DEFAULT_HOURS = 24;

export async function runCreate(flags: PangolinRequest, deps: Factory): Promise<number> {
  // Everything that can fail without the network fails first (exit 2, nothing sent).
  const expiry = expiresInHours(flags.expiresIn);
  const roles = roleList(flags.roles);
  const description = flags.description !== undefined ? text(flags.description, '--description', 500) : undefined;
  const entry = await catalogEntry(flags, deps);
  const delivery = deliveryFromFlags(flags, deps, entry.catalog);
  const held = entry.token ? decodeClaims(entry.token) : undefined;
  const username = flags.username !== undefined ? text(flags.username, '--username', 256) : held?.username || undefined;
  if (!username) {
    throw new UsageError(
      '--username is required: the Pangolin user the token is for.',
      'Example: pat create --provider pangolin --username etl_bot --expires-in 90  (without it Pangolin v0.8 mints a token for a made-up "api-user")',
    );
  }
  const url = serverUrl(flags, deps, entry);
  const settings = adminSettings(flags, deps, { tenant: true, fallbackTenant: held?.tenantId, url });
  const server = requireUrl(url, entry);
  const tenantId = settings.tenantId as string;
  if (roles && roles.length > 1) {
    deps.io.err(deps.io.errColour.yellow(`warning: Pangolin v0.8 gives a token only the first of --roles (${roles[0]}).`));
  }
  const creds = await adminPassword(deps, settings);
  const startedAt = deps.now();

  const issue = async () => {
    const api = client(deps, server);
    const token = await spin(deps, `Creating a token at ${server.url}…`, async () => {
      const session = await adminLogin(deps, api, creds);
      requireAdminRole(session, 'creating tokens');
      const body: Record<string, unknown> = { tenant_id: tenantId, username };
      if (roles) body.roles = roles;
      if (expiry) body.expires_in_hours = expiry.hours;
      // --description is not sent: v0.8's GenerateTokenRequest denies unknown fields (422).
      let answer: unknown;
      try {
        answer = await api.request('POST', '/api/v1/tokens', { token: session.token, body });
      } catch (error) {
        throw forbidden(error, `create a token for ${username}`);
      }
      const minted = stringField(answer, 'token', 'POST /api/v1/tokens');
      deps.io.protect(minted);
      return minted;
    });
    const claims = decodeClaims(token);
    const saved = await saveSecret(deps, delivery, { secret: token, name: '' }, pyicebergStore(entry, server.url));

    const expiresAt = claims ? new Date(claims.exp * 1000) : new Date(startedAt.getTime() + (expiry?.hours ?? SERVER_DEFAULT_HOURS) * 3_600_000);
    const days = (expiresAt.getTime() - startedAt.getTime()) / DAY_MS;
    if (expiry && days < expiry.days - 1) {
      deps.io.err(deps.io.errColour.yellow(`warning: asked for ${expiry.days} days, but Pangolin set the expiry to ${shortTime(expiresAt)}.`));
    }
    let notes: string | undefined;
    if (description !== undefined && claims?.jti) {
      const jti = claims.jti;
      notes = await tryUpdateNotes(deps, (tokens) => {
        tokens[jti] = {
          description,
          username: claims.username || username,
          tenant_id: claims.tenantId,
          server: server.url,
          created_at: startedAt.toISOString(),
          expires_at: expiresAt.toISOString(),
        };
      });
    }
    if (saved.path && held?.jti && held.jti !== claims?.jti && held.exp * 1000 > startedAt.getTime()) {
      deps.io.err(
        deps.io.errColour.yellow(
          `note: this replaced token ${held.jti} in ${keyOf(entry)}, which still works until it expires; to end it: pat revoke --provider pangolin --id ${held.jti}`,
        ),
      );
    }
    const lifetime = expiry ? `${expiry.days} day${expiry.days === 1 ? '' : 's'}` : `${SERVER_DEFAULT_HOURS} h, Pangolin's default; use --expires-in <days>`;
    return reportIssued(deps, delivery, token, saved, {
      headline: `Created a Pangolin token for ${claims?.username || username} (tenant ${tenantId})`,
      lines: [
        `id       ${claims?.jti ?? 'unknown'}`,
        `role     ${claims?.role || 'unknown'}`,
        `expires  ${shortTime(expiresAt)} (${lifetime})`,
        ...(description !== undefined ? [`description: ${description}${notes ? ` (kept locally in ${notes})` : ''}`] : []),
      ],
      noun: 'token',
      savedAs: ` as ${keyOf(entry)}`,
      stakes: 'Pangolin shows a token only once.',
      json: {
        provider: 'pangolin',
        id: claims?.jti ?? null,
        username: claims?.username || username,
        user_id: claims?.sub ?? null,
        role: claims?.role || null,
        tenant_id: tenantId,
        expires_at: expiresAt.toISOString(),
        days_to_expiry: expiry?.days ?? null,
        description: description ?? null,
        notes_path: notes ?? null,
        server: server.url,
        catalog: entry.catalog,
      },
    });
  };
  return delivery.write ? withConfigLock(entry.path, issue) : issue();
}
