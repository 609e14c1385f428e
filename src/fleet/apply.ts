/**
 * `pat apply`'s work for one token: mark it undelivered (before any secret exists), issue the secret with the
 * admin session, deliver it to every sink, prove it by logging in with it, then clear the mark — or keep it,
 * naming the sinks that failed, so the next apply issues and delivers again (the secret cannot be read back).
 *
 * Why deliveries are safe: a rotation keeps the previous secret alive for grace_hours (default 24), and every sink
 * is written within seconds of the ROTATE, long before that. A sink that fails keeps the previous secret, which
 * still works for the grace period; the next apply (run it more often than grace_hours) rotates again and
 * delivers everywhere.
 */
import { addToken, rotateToken } from '../providers/snowflake/lifecycle/issue.js';
import { describeSession } from '../providers/snowflake/lifecycle/verify.js';
import type { SessionFactory, SessionOptions } from '../providers/snowflake/client.js';
import { modifyPat, removePat } from '../providers/snowflake/sql.js';
import type { Accounts } from './accounts.js';
import type { Decision } from './decide.js';
import type { FleetToken } from './manifest.js';
import type { PlannedToken } from './plan.js';
import { deliverToAll, type SinkOutcome } from './sinks.js';
import type { StateFile } from './state.js';

export type TokenResult = 'created' | 'rotated' | 'recreated' | 'fixed' | 'unchanged' | 'blocked' | 'failed';

export interface AppliedToken {
  token: FleetToken;
  decision?: Decision;
  result: TokenResult;
  verified: boolean | null;
  sinks: SinkOutcome[];
  rotatedTokenName?: string;
  error?: string;
}

export interface ApplyContext {
  accounts: Accounts;
  state: StateFile;
  env: NodeJS.ProcessEnv;
  sessionOptions: SessionOptions;
  sessions: SessionFactory;
  protect(secret: string): void;
  log(line: string): void;
  now(): Date;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function verify(ctx: ApplyContext, token: FleetToken, secret: string): Promise<string | undefined> {
  try {
    const seen = await ctx.sessions.withSession(ctx.accounts.patTarget(token, secret), ctx.sessionOptions, describeSession);
    const expected = token.user.replace(/^"|"$/g, '').toUpperCase();
    if ((seen.user ?? '').toUpperCase() !== expected) return `logged in as ${seen.user ?? 'nobody'}, expected ${expected}`;
    return undefined;
  } catch (error) {
    return message(error);
  }
}

/**
 * EXPIRE_ROTATED_TOKEN_AFTER_HOURS may not exceed the hours the current secret has left (facts §1: "0 to the
 * number of hours remaining"); past that ROTATE fails. The previous secret cannot outlive its own expiry anyway.
 */
export function graceFor(token: FleetToken, expiresAt: Date | null, now: Date): number {
  if (!expiresAt) return token.graceHours;
  const hoursLeft = Math.floor((expiresAt.getTime() - now.getTime()) / 3_600_000);
  return Math.max(0, Math.min(token.graceHours, hoursLeft));
}

export async function applyToken(ctx: ApplyContext, planned: PlannedToken): Promise<AppliedToken> {
  const { token, decision } = planned;
  if (!decision) return { token, result: 'failed', verified: null, sinks: [], error: planned.error ?? 'not planned' };
  const base = { token, decision, verified: null, sinks: [] as SinkOutcome[] };
  if (decision.action === 'none') return { ...base, result: 'unchanged' };
  if (decision.action === 'blocked') return { ...base, result: 'blocked', error: decision.detail };

  try {
    const session = await ctx.accounts.session(token.connection);
    const spec = { user: token.user, name: token.name };
    const setComment = () =>
      session.query(modifyPat({ ...spec, change: token.comment ? { kind: 'set-comment', comment: token.comment } : { kind: 'unset-comment' } }));
    if (decision.action === 'fix') {
      await setComment();
      return { ...base, result: 'fixed' };
    }

    const startedAt = ctx.now();
    // The mark goes down before the secret exists: a kill -9 from here on makes the next apply issue again.
    await ctx.state.markIssuing(token.key, startedAt);
    let issued;
    try {
      if (decision.action === 'rotate') {
        const grace = graceFor(token, planned.current?.expiresAt ?? null, startedAt);
        if (grace < token.graceHours) ctx.log(`${token.key}: grace cut to ${grace} h, the hours the current secret has left`);
        issued = await rotateToken(session, { ...spec, expireRotatedAfterHours: grace }, ctx.log);
      } else {
        // recreate: the token expired, so its secret works nowhere any more; removing it loses nothing.
        if (decision.action === 'recreate') await session.query(removePat(spec));
        issued = await addToken(
          session,
          { ...spec, roleRestriction: token.roleRestriction, daysToExpiry: token.expiresInDays, comment: token.comment },
          ctx.log,
        );
      }
    } catch (error) {
      // Nothing was issued (the issue functions prove it before saying so): drop this run's mark unless an
      // earlier run left one.
      if (decision.state !== 'undelivered') await ctx.state.clear(token.key).catch(() => undefined);
      throw error;
    }
    ctx.protect(issued.secret);
    const sinks = await deliverToAll(token, issued.secret, ctx.env, ctx.sessionOptions.timeoutSeconds * 1000);
    const verifyError = await verify(ctx, token, issued.secret);
    if (decision.action === 'rotate' && decision.fixComment) await setComment().catch((e: unknown) => ctx.log(`comment not set: ${message(e)}`));

    const failed = sinks.filter((s) => !s.ok).map((s) => s.sink);
    if (failed.length === 0 && verifyError === undefined) await ctx.state.clear(token.key);
    else await ctx.state.markFailed(token.key, failed, verifyError ? `verification failed: ${verifyError}` : 'sinks failed');

    const result: TokenResult = decision.action === 'rotate' ? 'rotated' : decision.action === 'recreate' ? 'recreated' : 'created';
    const ok = failed.length === 0 && verifyError === undefined;
    return {
      ...base,
      result: ok ? result : 'failed',
      verified: verifyError === undefined,
      sinks,
      rotatedTokenName: issued.rotatedTokenName,
      error: ok ? undefined : verifyError ? `${result}, but logging in with the new secret failed: ${verifyError}` : `${result}, but ${failed.length} of ${sinks.length} sink(s) failed`,
    };
  } catch (error) {
    return { ...base, result: 'failed', error: message(error) };
  }
}
