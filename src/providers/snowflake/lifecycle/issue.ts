/**
 * Issuing secrets: ADD and ROTATE, and what to do when Snowflake's reply (the only copy of a secret) is lost.
 *
 * The rule: act only on what is provably this run's. ADD … IF NOT EXISTS never touches an existing token, so a
 * create either returns a secret (this run made the token) or none (the name was taken: nothing changed). The
 * driver's own retry re-sends a statement with the same requestId and is answered from the first execution; when
 * even that fails, pat looks (SHOW) and reports what it sees, with the exact command that would repair it — it
 * never ROTATEs or REMOVEs on a guess, since the token it sees may be another config's.
 */
import { FailureError } from '../../../errors.js';
import type { Row, Session } from '../client.js';
import { SnowflakeFailure } from '../errors.js';
import { addPat, rotatePat, sameTokenName, showPats, type AddPatSpec } from '../sql.js';
import { tokenFromRow, type TokenInfo } from './tokens.js';

export interface IssuedSecret {
  name: string;
  secret: string;
  /** ROTATE only: the token object that now holds the previous secret. */
  rotatedTokenName?: string;
}

/** `create` found the name taken: ADD … IF NOT EXISTS did nothing. */
export class TokenExistsError extends FailureError {
  constructor(
    readonly tokenName: string,
    readonly user: string | undefined,
    readonly existing: TokenInfo | undefined,
  ) {
    const when = existing
      ? ` (created ${existing.createdOn?.toISOString() ?? 'at an unknown time'}, expires ${existing.expiresAt?.toISOString() ?? 'at an unknown time'})`
      : '';
    super(
      `Token ${tokenName.toUpperCase()} already exists${user ? ` for user ${user}` : ''}${when}; nothing was changed.`,
      `To issue a new secret for it: pat rotate --name ${tokenName}. Or choose another --name.`,
      'token-exists',
    );
  }
}

/** The statement may have run although no reply arrived. */
function outcomeUnknown(error: unknown): error is SnowflakeFailure {
  return error instanceof SnowflakeFailure && error.outcomeUnknown;
}

function cell(row: Row | undefined, column: string): string | undefined {
  const value = row?.[column];
  return value === null || value === undefined || value === '' ? undefined : String(value);
}

async function tokensOf(session: Session, user: string | undefined): Promise<TokenInfo[]> {
  return (await session.query(showPats({ user }))).map(tokenFromRow);
}

export async function addToken(session: Session, spec: AddPatSpec, log: (line: string) => void = () => {}): Promise<IssuedSecret> {
  let rows: Row[];
  try {
    rows = await session.query(addPat(spec));
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log(`ADD reply lost (${error.message}); checking with SHOW whether the token exists`);
    const existing = (await tokensOf(session, spec.user)).find((t) => sameTokenName(t.name, spec.name));
    if (!existing) {
      throw new FailureError(
        `Snowflake did not answer the ADD for token ${spec.name.toUpperCase()}, and no such token exists: nothing was created.`,
        'It is safe to run the same `pat create` again.',
        error.code,
      );
    }
    throw new FailureError(
      `Snowflake did not answer the ADD for token ${existing.name}, and a token of that name now exists ` +
        `(created ${existing.createdOn?.toISOString() ?? 'at an unknown time'}). If this run created it, its secret was lost ` +
        'with the reply and nobody holds it; if not, it is someone else\'s and pat left it alone.',
      `If it is this run's, give it a secret someone holds: pat rotate --name ${existing.name} --expire-old-after-hours 0`,
      error.code,
    );
  }
  const row = rows[0];
  const secret = cell(row, 'token_secret');
  if (!secret) {
    // IF NOT EXISTS found the name taken. The reply's shape is UNCONFIRMED (facts §9.1): no secret is the signal.
    const existing = (await tokensOf(session, spec.user)).find((t) => sameTokenName(t.name, spec.name));
    throw new TokenExistsError(spec.name, spec.user, existing);
  }
  return { name: cell(row, 'token_name') ?? spec.name.toUpperCase(), secret };
}

/** The newest predecessor of `name` (`<NAME>_ROTATED_<ms>`, rotated_to = NAME), if SHOW lists one. */
function newestPredecessor(tokens: TokenInfo[], name: string): TokenInfo | undefined {
  return tokens
    .filter((t) => sameTokenName(t.rotatedTo, name))
    .sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0) || b.name.localeCompare(a.name))[0];
}

export async function rotateToken(
  session: Session,
  spec: { user?: string; name: string; expireRotatedAfterHours?: number },
  log: (line: string) => void = () => {},
): Promise<IssuedSecret> {
  let rows: Row[];
  try {
    rows = await session.query(rotatePat(spec));
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log(`ROTATE reply lost (${error.message}); checking with SHOW what happened`);
    let predecessor: TokenInfo | undefined;
    try {
      predecessor = newestPredecessor(await tokensOf(session, spec.user), spec.name);
    } catch {
      predecessor = undefined; // the SHOW failing too says nothing new; report the ROTATE's own uncertainty
    }
    const until = predecessor?.expiresAt ? predecessor.expiresAt.toISOString() : 'its grace period ends';
    throw new FailureError(
      `Snowflake did not answer the ROTATE for token ${spec.name.toUpperCase()}: the rotation may have happened. ` +
        (predecessor
          ? `If it did, the new secret was lost with the reply, and the previous secret (still in the config) keeps working as ${predecessor.name} until ${until}.`
          : 'SHOW lists no rotated predecessor, so the current secret most likely still works.'),
      `Check with \`pat status\`, then get a fresh secret with: pat rotate --name ${spec.name}` +
        (predecessor ? ' (the previous secret keeps working until its predecessor expires)' : ''),
      error.code,
    );
  }
  const row = rows[0];
  const secret = cell(row, 'token_secret');
  if (!secret) throw new FailureError(`Snowflake answered the ROTATE for token ${spec.name.toUpperCase()} without a token_secret column.`);
  return { name: cell(row, 'token_name') ?? spec.name.toUpperCase(), secret, rotatedTokenName: cell(row, 'rotated_token_name') };
}
