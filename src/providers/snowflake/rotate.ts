/**
 * `pat rotate` for Snowflake: ROTATE with the admin connection, deliver the new secret (config, sinks), verify it by logging in, report.
 * `--expire-old-after-hours 0` never puts the only working secret at risk: Snowflake is asked for a grace of an
 * hour, and the rotated predecessor (named in this run's own reply, so provably this run's) is REMOVEd only once
 * the new secret is delivered and has logged in. A crash in between leaves the old secret working for that hour.
 */
import { withConfigLock } from '../../config/index.js';
import { snowflakeConfigStore } from '../../config/store.js';
import { rotateToken, type IssuedSecret } from './lifecycle/issue.js';
import { lineageOf } from './lifecycle/lineage.js';
import { tokenFromRow, type TokenInfo } from './lifecycle/tokens.js';
import { describeSession } from './lifecycle/verify.js';
import type { Session } from './client.js';
import { removePat, rotatePat, sameTokenName, sameUser, showPats, tokenName } from './sql.js';
import { UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { parseDelivery, reportIssued, saveSecret, type SecretDelivery } from '../../delivery/deliver.js';
import { DEFAULT_ENV_VAR } from '../../delivery/sinks/flags.js';
import type { RotateOptions } from '../provider.js';
import { DAY_MS, isoDate, shortTime } from '../../kernel/time.js';
import { loadConfig, loadConfigIfPresent } from '../../config/load.js';
import { refuseForeignUser, resolveAdmin, withAdminSession, withPatSession } from './sessions.js';
import type { LoadedConfig } from '../../config/index.js';

/**
 * The grace asked of Snowflake when the user wants none: long enough to deliver and verify, after which pat
 * removes the predecessor itself. UNCONFIRMED: Snowflake's bound is the hours left on the token, so a token with
 * under an hour left may refuse it; the ROTATE then fails and nothing changed.
 */
const SAFETY_GRACE_HOURS = 1;

/** ROTATE's own default for EXPIRE_ROTATED_TOKEN_AFTER_HOURS. */
export const DEFAULT_GRACE_HOURS = 24;

/** The options with the delivery parsed (sinks resolved and checked). */
type Rotating = Omit<RotateOptions, 'sinks'> & SecretDelivery;

interface Verification {
  ok: boolean;
  role?: string | null;
  error?: string;
}

interface Rotation {
  issued: IssuedSecret;
  token: TokenInfo | undefined;
  predecessor: TokenInfo | undefined;
  saved: Awaited<ReturnType<typeof saveSecret>>;
  verification: Verification | undefined;
  /** --expire-old-after-hours 0: whether the predecessor was removed, or why not. */
  removal?: { removed: true } | { removed: false; reason: string };
}

export async function runRotate(request: RotateOptions, deps: Factory): Promise<number> {
  const { sinks: _flags, ...rest } = request;
  const options: Rotating = { ...rest, ...parseDelivery(request, deps, DEFAULT_ENV_VAR) };
  const needConfig = options.write || options.verify || options.name === undefined || options.user === undefined;
  const loaded = needConfig ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const name = options.name ?? loaded?.config.pat_name;
  if (!name) {
    throw new UsageError(`No token to rotate: pass --name, or create one first (${loaded?.path ?? 'the config'} has no "pat_name").`);
  }
  const user = options.user ?? loaded?.config.user;
  if (options.write && loaded && user !== undefined) refuseForeignUser(loaded, user, 'rotate');
  if (options.write && loaded) refuseForeignToken(loaded, name);
  const requestedGrace = options.expireOldAfterHours ?? DEFAULT_GRACE_HOURS;
  const spec = {
    user,
    name: tokenName(name, loaded && !options.name ? `"pat_name" in ${loaded.path}` : '--name'),
    expireRotatedAfterHours: requestedGrace === 0 ? SAFETY_GRACE_HOURS : options.expireOldAfterHours,
  };
  rotatePat(spec); // validate before the network
  const admin = await resolveAdmin(deps);
  if (options.ifExpiringWithin !== undefined) {
    const notDue = await (await import('./due.js')).skipRotationIfNotDue(deps, admin, spec, options.ifExpiringWithin);
    if (notDue !== undefined) return notDue;
  }
  // Verification logs in as the config's user: only meaningful when the token is that user's.
  const verifiable = options.verify && loaded !== undefined && sameUser(user ?? loaded.config.user, loaded.config.user);

  const verify = async (secret: string): Promise<Verification | undefined> => {
    if (!verifiable || !loaded) return undefined;
    try {
      const context = await withPatSession(deps, loaded, describeSession, secret);
      return { ok: true, role: context.role };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };

  const rotate = () =>
    withAdminSession(deps, admin, async (session): Promise<Rotation> => {
      const issued = await rotateToken(session, spec, deps.io.verbose);
      deps.io.protect(issued.secret);
      const saved = await saveSecret(deps, options, issued, loaded && snowflakeConfigStore(loaded.path));
      const verification = await verify(issued.secret);
      const { token, predecessor } = await describeAfterRotation(session, user, issued).catch(() => ({ token: undefined, predecessor: undefined }));
      const rotation: Rotation = { issued, token, predecessor, saved, verification };
      if (requestedGrace === 0 && issued.rotatedTokenName) rotation.removal = await removePredecessor(session, user, rotation);
      return rotation;
    });

  const rotation = options.write && loaded ? await withConfigLock(loaded.path, rotate) : await rotate();
  return report(deps, options, user, requestedGrace, rotation);
}

/**
 * The config holds another token's secret: writing this token's over it would strand that one (live, its
 * secret gone from the file). Refused before anything is sent.
 */
function refuseForeignToken(loaded: LoadedConfig, name: string): void {
  const held = loaded.config.pat_name;
  if (!loaded.config.pat || held === undefined || sameTokenName(held, name)) return;
  throw new UsageError(
    `${loaded.path} holds token ${held.toUpperCase()}; writing ${name.toUpperCase()}'s new secret there would leave ${held.toUpperCase()} live with its secret gone from the file.`,
    `Rotate the config's own token (pat rotate), use --config with ${name.toUpperCase()}'s config, or --no-write --secret-only.`,
  );
}

/** The rotated token and its new predecessor as SHOW lists them (expiry, role, when the old secret stops). */
async function describeAfterRotation(session: Session, user: string | undefined, issued: IssuedSecret) {
  const tokens = (await session.query(showPats({ user }))).map(tokenFromRow);
  const lineage = lineageOf(tokens, issued.name);
  const predecessor = lineage.predecessors.find((t) => t.name === issued.rotatedTokenName) ?? lineage.predecessors[0];
  return { token: lineage.token, predecessor };
}

/** --expire-old-after-hours 0: remove this run's predecessor once the new secret is delivered and has logged in. */
async function removePredecessor(session: Session, user: string | undefined, rotation: Rotation): Promise<Rotation['removal']> {
  if (rotation.saved.failure) return { removed: false, reason: 'the new secret could not be saved everywhere' };
  if (rotation.verification && !rotation.verification.ok) return { removed: false, reason: 'the new secret did not log in' };
  try {
    await session.query(removePat({ user, name: rotation.issued.rotatedTokenName! }));
    return { removed: true };
  } catch (error) {
    return { removed: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function report(deps: Factory, options: Rotating, user: string | undefined, requestedGrace: number, rotation: Rotation): number {
  const { issued, token, predecessor, saved, verification, removal } = rotation;
  const now = deps.now();
  const oldStops = removal?.removed ? now : (predecessor?.expiresAt ?? null);
  const oldLine = removal?.removed
    ? `the previous secret (${issued.rotatedTokenName}) was removed: it no longer works`
    : `the previous secret keeps working${oldStops ? ` until ${shortTime(oldStops)}` : ` for ${requestedGrace} h`}` +
      (issued.rotatedTokenName ? ` (as ${issued.rotatedTokenName})` : '');
  const expiresAt = token?.expiresAt ?? null;
  const code = reportIssued(deps, options, issued.secret, saved, {
    noun: 'secret',
    stakes: `Snowflake shows a secret only once (token ${issued.name}).`,
    headline: `Rotated token ${issued.name}${user ? ` of user ${user}` : ''}`,
    lines: [
      ...(expiresAt ? [`expires ${isoDate(expiresAt)}`] : []),
      oldLine,
      ...(verification?.ok ? [`verified: logged in with the new secret (role ${verification.role ?? 'none'})`] : []),
    ],
    json: {
      token_name: issued.name,
      user: user ?? null,
      role_restriction: token?.roleRestriction ?? null,
      expires_at: expiresAt?.toISOString() ?? null,
      days_to_expiry: expiresAt ? Math.round((expiresAt.getTime() - now.getTime()) / DAY_MS) : null,
      rotated_token_name: issued.rotatedTokenName ?? null,
      rotated_token_expires_at: removal?.removed ? null : (predecessor?.expiresAt?.toISOString() ?? null),
      rotated_token_removed: removal?.removed ?? false,
      expire_old_after_hours: requestedGrace,
      verified: verification ? verification.ok : null,
      verify_error: verification?.error ?? null,
    },
  });
  const { io } = deps;
  if (verification && !verification.ok) {
    io.err(io.errColour.red.bold(`error: the new secret was saved but logging in with it failed: ${verification.error}`));
    io.err(
      io.errColour.red.bold(
        oldStops && oldStops > now
          ? `The previous secret still works until ${oldStops.toISOString()} (token ${issued.rotatedTokenName}); fix the cause, then run \`pat test-connection\`.`
          : 'The previous secret has already expired; fix the cause, then run `pat test-connection`.',
      ),
    );
    return 1;
  }
  if (removal && !removal.removed) {
    io.err(
      io.errColour.red.bold(
        `error: --expire-old-after-hours 0 was not honoured: ${removal.reason}. The previous secret (${issued.rotatedTokenName}) ` +
          `keeps working${oldStops ? ` until ${oldStops.toISOString()}` : ` for up to ${SAFETY_GRACE_HOURS} h`}.`,
      ),
    );
    return 1;
  }
  return code;
}
