/**
 * Issuing secrets: ADD and ROTATE, with recovery when Snowflake ran the statement but its reply was lost.
 *
 * A secret is shown exactly once. First line of defence is the driver's own retry, which re-sends the statement
 * with the same requestId and is answered from the first execution. When even that fails (every attempt dropped,
 * or the retry ends in "already exists"), we never send a second ADD blindly: SHOW tells whether this run's
 * statement took effect, and if it did, ROTATE … EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0 gives a fresh secret for the
 * same token while the unknown one dies at once; the dead rotated object is then removed.
 */
import { FailureError } from '../errors.js';
import type { Row, Session } from '../snowflake/client.js';
import { SnowflakeFailure } from '../snowflake/errors.js';
import { addPat, removePat, rotatePat, sameTokenName, showPats, type AddPatSpec } from '../snowflake/sql.js';
import { tokenFromRow, type TokenInfo } from './tokens.js';

export interface IssuedSecret {
  name: string;
  secret: string;
  /** ROTATE only: the token object that now holds the previous secret. */
  rotatedTokenName?: string;
  /** Set when the reply was lost and the secret had to be re-issued; says what happened. */
  recovery?: string;
}

/** Clocks differ between this machine and Snowflake; a creation this much before our start still counts as ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

function cell(row: Row | undefined, column: string): string | undefined {
  const value = row?.[column];
  return value === null || value === undefined ? undefined : String(value);
}

function secretFrom(rows: Row[], statement: string): IssuedSecret {
  const row = rows[0];
  const name = cell(row, 'token_name');
  const secret = cell(row, 'token_secret');
  if (!name || !secret) throw new FailureError(`Snowflake answered ${statement} without a token_secret column.`);
  return { name, secret, rotatedTokenName: cell(row, 'rotated_token_name') };
}

/** The statement may have run although we never saw its answer. */
function outcomeUnknown(error: unknown): error is SnowflakeFailure {
  return error instanceof SnowflakeFailure && error.outcomeUnknown;
}

/** A retried ADD answered "already exists" (the first attempt ran). The exact code is UNCONFIRMED; match the text. */
function alreadyExists(error: unknown): error is SnowflakeFailure {
  return error instanceof SnowflakeFailure && /already exists/i.test(error.message);
}

async function tokensOf(session: Session, user: string | undefined): Promise<TokenInfo[]> {
  return (await session.query(showPats({ user }))).map(tokenFromRow);
}

/** Epoch milliseconds encoded in a rotated token's name (`<NAME>_ROTATED_<ms>`), if any. */
function rotatedAt(token: TokenInfo): number | undefined {
  const match = /_ROTATED_(\d{10,})$/.exec(token.name);
  return match ? Number(match[1]) : undefined;
}

/** Re-issue a secret for a token whose current secret nobody knows, and drop the object holding the unknown one. */
async function reissue(session: Session, user: string | undefined, name: string, recovery: string): Promise<IssuedSecret> {
  const fresh = secretFrom(await session.query(rotatePat({ user, name, expireRotatedAfterHours: 0 })), 'ROTATE');
  if (fresh.rotatedTokenName) {
    await session.query(removePat({ user, name: fresh.rotatedTokenName }));
  }
  return { name: fresh.name, secret: fresh.secret, recovery };
}

export async function addToken(
  session: Session,
  spec: AddPatSpec,
  startedAt: Date,
  log: (line: string) => void = () => {},
): Promise<IssuedSecret> {
  try {
    return secretFrom(await session.query(addPat(spec)), 'ADD');
  } catch (error) {
    if (!outcomeUnknown(error) && !alreadyExists(error)) throw error;
    log(`ADD reply lost or ambiguous (${error.message}); checking with SHOW whether the token was created`);
    const existing = (await tokensOf(session, spec.user)).find((t) => sameTokenName(t.name, spec.name));
    if (!existing) {
      if (alreadyExists(error)) throw error;
      throw new FailureError(
        `Snowflake did not answer the ADD for token ${spec.name.toUpperCase()}, and no such token exists: nothing was created.`,
        'It is safe to run the same `pat create` again.',
      );
    }
    const createdByThisRun = existing.createdOn !== null && existing.createdOn.getTime() >= startedAt.getTime() - CLOCK_SKEW_MS;
    if (!createdByThisRun) {
      throw new FailureError(
        `A token named ${existing.name} already exists (created ${existing.createdOn?.toISOString() ?? 'earlier'}), so it was not created by this run.`,
        'Choose another --name, or rotate the existing token with `pat rotate --name ' + existing.name + '`.',
      );
    }
    return reissue(
      session,
      spec.user,
      existing.name,
      `Snowflake created token ${existing.name} but its reply (the only copy of the secret) was lost; ` +
        'pat issued a fresh secret for it with ROTATE … EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0, so the lost one is already dead.',
    );
  }
}

export async function rotateToken(
  session: Session,
  spec: { user?: string; name: string; expireRotatedAfterHours?: number },
  startedAt: Date,
  log: (line: string) => void = () => {},
): Promise<IssuedSecret> {
  try {
    return secretFrom(await session.query(rotatePat(spec)), 'ROTATE');
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log(`ROTATE reply lost (${error.message}); checking with SHOW whether the rotation happened`);
    const tokens = await tokensOf(session, spec.user);
    const ourRotation = tokens.find(
      (t) => sameTokenName(t.rotatedTo, spec.name) && (rotatedAt(t) ?? 0) >= startedAt.getTime() - CLOCK_SKEW_MS,
    );
    if (!ourRotation) {
      throw new FailureError(
        `Snowflake did not answer the ROTATE for token ${spec.name.toUpperCase()}, and it shows no rotation: the current secret still works.`,
        'It is safe to run the same `pat rotate` again.',
      );
    }
    // The previous secret (still in the config) lives on as ourRotation for its grace period; only the unknown
    // new secret is replaced.
    const fresh = await reissue(
      session,
      spec.user,
      spec.name,
      `Snowflake rotated token ${spec.name.toUpperCase()} but its reply (the only copy of the new secret) was lost; ` +
        'pat re-issued the secret with EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0, so the lost one is already dead.',
    );
    return { ...fresh, rotatedTokenName: ourRotation.name };
  }
}
