/** `pat rotate`'s work: imported by the rotate command's action only (see rotate.ts). */
import { withConfigLock, writeSecret } from '../config/index.js';
import { UsageError } from '../errors.js';
import { rotateToken } from '../lifecycle/issue.js';
import { describeSession } from '../lifecycle/verify.js';
import { rotatePat, tokenName } from '../snowflake/sql.js';
import type { Deps } from './action.js';
import { checkDeliveryFlags, reportIssued, saveSecret } from './deliver.js';
import { DEFAULT_GRACE_HOURS, type RotateOptions } from './rotate.js';
import { loadConfig, loadConfigIfPresent, resolveAdmin, withAdminSession, withPatSession } from './runtime.js';

export async function runRotate(options: RotateOptions, deps: Deps): Promise<number> {
  checkDeliveryFlags(options, deps.globals.json);
  const needConfig = options.write || options.verify || options.name === undefined || options.user === undefined;
  const loaded = needConfig ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const name = options.name ?? loaded?.config.pat_name;
  if (!name) {
    throw new UsageError(`No token to rotate: pass --name, or create one first (${loaded?.path ?? 'the config'} has no "pat_name").`);
  }
  const user = options.user ?? loaded?.config.user;
  const spec = { user, name: tokenName(name, loaded && !options.name ? `"pat_name" in ${loaded.path}` : '--name'), expireRotatedAfterHours: options.expireOldAfterHours };
  rotatePat(spec); // validate before the network
  const admin = await resolveAdmin(deps);
  if (options.ifExpiringWithin !== undefined) {
    const notDue = await (await import('../fleet/due.js')).skipRotationIfNotDue(deps, admin, spec, options.ifExpiringWithin);
    if (notDue !== undefined) return notDue;
  }
  const startedAt = deps.now();
  const grace = options.expireOldAfterHours ?? DEFAULT_GRACE_HOURS;

  const rotate = async () => {
    const issued = await withAdminSession(deps, admin, (session) => rotateToken(session, spec, startedAt, deps.io.verbose));
    deps.io.protect(issued.secret);
    const saved = await saveSecret(deps, options, issued.secret, loaded && (() => writeSecret(loaded.path, { pat: issued.secret, patName: issued.name })));

    let verification: { ok: boolean; role?: string | null; error?: string } | undefined;
    if (options.verify && loaded) {
      try {
        const context = await withPatSession(deps, loaded, describeSession, issued.secret);
        verification = { ok: true, role: context.role };
      } catch (error) {
        verification = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }

    const graceText =
      grace === 0 ? 'the previous secret stopped working immediately' : `the previous secret keeps working for ${grace} h`;
    const code = reportIssued(deps, options, issued.secret, saved, {
      noun: 'secret',
      stakes: `Snowflake shows a secret only once (token ${issued.name}).`,
      recovery: issued.recovery,
      headline: `Rotated token ${issued.name}${user ? ` of user ${user}` : ''}`,
      lines: [
        `${graceText}${issued.rotatedTokenName ? ` (as ${issued.rotatedTokenName})` : ''}`,
        ...(verification?.ok ? [`verified: logged in with the new secret (role ${verification.role ?? 'none'})`] : []),
      ],
      json: {
        token_name: issued.name,
        user: user ?? null,
        rotated_token_name: issued.rotatedTokenName ?? null,
        expire_old_after_hours: grace,
        verified: verification ? verification.ok : null,
        verify_error: verification?.error ?? null,
        recovery: issued.recovery ?? null,
      },
    });
    if (verification && !verification.ok) {
      const { io } = deps;
      io.err(io.errColour.red.bold(`error: the new secret was saved but logging in with it failed: ${verification.error}`));
      io.err(
        io.errColour.red.bold(
          grace > 0 && issued.rotatedTokenName
            ? `The previous secret still works for ${grace} h (token ${issued.rotatedTokenName}); fix the cause, then run \`pat test-connection\`.`
            : 'The previous secret has already expired; fix the cause, then run `pat test-connection`.',
        ),
      );
      return 1;
    }
    return code;
  };
  return options.write && loaded ? withConfigLock(loaded.path, rotate) : rotate();
}
