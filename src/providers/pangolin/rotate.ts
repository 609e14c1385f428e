/**
 * `pat rotate --provider pangolin`. With an admin login (PANGOLIN_USERNAME / --pangolin-username, as create uses):
 * mint → write → verify → revoke the old token (rotate-admin.ts), so no step leaves the YAML with a dead token.
 * Without one: POST /api/v1/tokens/rotate with the token in the PyIceberg config, write the new token, then prove
 * it with GET /api/v1/users/me. Pangolin v0.8 revokes the presented token at once (no grace period) and always
 * issues a 24-hour token, so a lost reply or an interrupt leaves the YAML with a revoked token; pat says so before
 * and after, a failed write prints the new token (exit 1) and a shorter lifetime is pointed out.
 */
import type { Factory } from '../../factory.js';
import { withConfigLock } from '../../config/index.js';
import { FailureError, UsageError } from '../../errors.js';
import { stringField } from './client.js';
import { adminPassword, adminSettings, requireUrl, serverUrl } from './credentials.js';
import { rotateWithAdmin } from './rotate-admin.js';
import { deliveryFromFlags } from './deliver.js';
import { reportIssued, saveSecret } from '../../delivery/deliver.js';
import { pyicebergStore } from './pyiceberg.js';
import { readNotes, tryUpdateNotes } from './descriptions.js';
import { tokenRejection } from './explain.js';
import { type PangolinRequest } from './flags.js';
import { daysLeftOrNull, shortTime } from '../../kernel/time.js';
import { printJson } from '../../output/report.js';
import { decodeClaims, expiryOf } from './jwt.js';
import { client, spin, whoAmI } from './session.js';
import { catalogEntry, heldToken, keyOf } from './target.js';

export async function runRotate(flags: PangolinRequest, deps: Factory): Promise<number> {
  const entry = await catalogEntry(flags, deps);
  const delivery = deliveryFromFlags(flags, deps, entry.catalog);
  const held = heldToken(entry);
  const where = `${keyOf(entry)} of ${entry.path}`;
  if (held.claims && held.claims.role === 'root' && held.claims.tenantId === null) {
    // v0.8 puts tenant_id "" into the new token, which its own middleware then refuses ("Invalid session"),
    // and it has already revoked the old one: rotating would leave nothing that works.
    throw new UsageError(
      `Refusing to rotate the root (tenant-less) token in ${where}: Pangolin v0.8 would revoke it and issue a token it cannot accept.`,
      'Create a tenant token instead: pat create --provider pangolin --username <user> --expires-in <days>',
    );
  }
  if (flags.ifExpiringWithin !== undefined) {
    const notDue = skipIfNotDue(deps, held.claims ? expiryOf(held.claims) : null, flags.ifExpiringWithin, where);
    if (notDue !== undefined) return notDue;
  }
  const url = serverUrl(flags, deps, entry);
  const server = requireUrl(url, entry);
  const verify = flags.verify !== false;

  // The admin login is used when one is named (as for create); its settings are checked before anything is sent.
  const adminNamed = flags.pangolinUsername !== undefined || Boolean(deps.env.PANGOLIN_USERNAME);
  if (adminNamed) {
    const settings = adminSettings(flags, deps, { tenant: true, fallbackTenant: held.claims?.tenantId, url });
    const creds = await adminPassword(deps, settings);
    const byAdmin = async () => {
      const current = delivery.write ? heldToken(await catalogEntry(flags, deps)) : held;
      return rotateWithAdmin({ deps, delivery, entry, server, creds, tenantId: settings.tenantId as string, current, where });
    };
    return delivery.write ? withConfigLock(entry.path, byAdmin) : byAdmin();
  }
  deps.io.err(
    deps.io.errColour.yellow(
      'note: no admin login (PANGOLIN_USERNAME, PANGOLIN_PASSWORD): rotating with the token\'s own session. Pangolin v0.8 revokes the old token the moment it answers, so a lost reply or an interrupt leaves the config with a revoked token. Set the admin login for a rotation that verifies the new token before revoking the old one.',
    ),
  );

  const rotate = async () => {
    // Read again under the lock: another pat may have rotated it meanwhile.
    const current = delivery.write ? heldToken(await catalogEntry(flags, deps)) : held;
    const api = client(deps, server);
    let answer: unknown;
    try {
      answer = await spin(deps, `Rotating the token at ${server.url}…`, () => api.request('POST', '/api/v1/tokens/rotate', { token: current.token }));
    } catch (error) {
      const rejected = tokenRejection(error, where, current.claims, deps.now());
      if (rejected) throw new FailureError(`${rejected.message} It cannot be rotated.`, rejected.hint, rejected.problem);
      throw error;
    }
    const token = stringField(answer, 'token', 'POST /api/v1/tokens/rotate');
    deps.io.protect(token);
    const claims = decodeClaims(token);
    const saved = await saveSecret(deps, delivery, { secret: token, name: '' }, pyicebergStore(entry, server.url));

    let verification: { ok: true; username: string; role: string | null } | { ok: false; error: string } | undefined;
    if (verify) {
      try {
        const me = await whoAmI(api, token);
        verification = { ok: true, username: me.username, role: me.role };
      } catch (error) {
        verification = { ok: false, error: tokenRejection(error, 'the new token', claims, deps.now())?.message ?? (error as Error).message };
      }
    }

    const oldId = current.claims?.jti ?? null;
    const newId = claims?.jti ?? null;
    if (oldId && newId) {
      const notes = await readNotes(deps);
      const note = notes[oldId];
      if (note) {
        await tryUpdateNotes(deps, (tokens) => {
          delete tokens[oldId];
          tokens[newId] = { ...note, expires_at: claims ? new Date(claims.exp * 1000).toISOString() : null, rotated_from: oldId };
        });
      }
    }

    const oldExpiry = current.claims ? new Date(current.claims.exp * 1000) : undefined;
    const newExpiry = claims ? new Date(claims.exp * 1000) : undefined;
    const shorter = oldExpiry && newExpiry && newExpiry.getTime() < oldExpiry.getTime();
    const code = reportIssued(deps, delivery, token, saved, {
      headline: `Rotated the Pangolin token of ${claims?.username || current.claims?.username || 'unknown user'}`,
      lines: [
        `id       ${newId ?? 'unknown'} (was ${oldId ?? 'unknown'}, revoked at once)`,
        `expires  ${newExpiry ? shortTime(newExpiry) : 'unknown'}`,
        ...(verification?.ok ? [`verified: GET /api/v1/users/me answers as ${verification.username} (${verification.role ?? 'no role'})`] : []),
      ],
      noun: 'token',
      savedAs: ` as ${keyOf(entry)}`,
      stakes: 'The previous token was revoked by the rotation, and Pangolin shows the new one only once.',
      json: {
        provider: 'pangolin',
        id: newId,
        previous_id: oldId,
        username: claims?.username ?? null,
        expires_at: newExpiry?.toISOString() ?? null,
        previous_expires_at: oldExpiry?.toISOString() ?? null,
        verified: verification ? verification.ok : null,
        verify_error: verification && !verification.ok ? verification.error : null,
        server: server.url,
        catalog: entry.catalog,
      },
    });
    const { io } = deps;
    if (shorter && newExpiry && oldExpiry) {
      io.err(
        io.errColour.yellow(
          `note: Pangolin v0.8 rotation issues 24-hour tokens: the new token expires ${shortTime(newExpiry)}, the old one would have lasted until ${shortTime(oldExpiry)}. For a longer lifetime: pat create --provider pangolin --expires-in <days>`,
        ),
      );
    }
    io.err(io.errColour.yellow(`note: Pangolin v0.8 revoked the previous token ${oldId ?? ''} the moment it answered the rotation.`));
    if (!delivery.write) {
      io.err(io.errColour.yellow(`note: ${where} still holds the previous token, which the rotation revoked (--no-write).`));
    }
    if (verification && !verification.ok) {
      io.err(io.errColour.red.bold(`error: the new token was ${saved.path ? 'saved' : 'issued'}, but Pangolin does not accept it: ${verification.error}`));
      io.err(io.errColour.red.bold('The previous token has already been revoked; fix the cause, then run `pat test-connection --provider pangolin`.'));
      return 1;
    }
    return code;
  };
  return delivery.write ? withConfigLock(entry.path, rotate) : rotate();
}

/**
 * `--if-expiring-within`: the token's expiry is in its own `exp` claim, so no request is needed to decide. Due when
 * it expires within that many days, has expired, or its expiry cannot be read. Note: Pangolin v0.8 issues 24-hour
 * tokens on rotation, so for those any window of 1 day or more is always due.
 */
function skipIfNotDue(deps: Factory, expiresAt: Date | null, withinDays: number, where: string): number | undefined {
  const daysLeft = daysLeftOrNull(expiresAt, deps.now());
  if (daysLeft === null || daysLeft < withinDays) return undefined;
  if (deps.globals.json) printJson(deps, { token: where, rotated: false, due: false, days_left: daysLeft });
  else deps.io.out(`not due (${daysLeft} days left): the token in ${where} expires in ${withinDays} days or more, nothing rotated`);
  return 0;
}
