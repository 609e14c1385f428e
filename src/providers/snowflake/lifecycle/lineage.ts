/**
 * A token and its lineage: the `<NAME>_ROTATED_<ms>` objects that hold its previous secrets (rotated_to = NAME,
 * facts §3.7) and keep logging in until their grace period ends. Revoking a token means revoking them too,
 * unless asked to keep them: a deployed copy of a previous secret must not outlive a revoke silently.
 */
import type { Session } from '../client.js';
import { removePat, sameTokenName, showPats } from '../sql.js';
import { tokenFromRow, type TokenInfo } from './tokens.js';

export interface Lineage {
  token: TokenInfo | undefined;
  /** Rotated predecessors still listed, newest first. */
  predecessors: TokenInfo[];
}

export function lineageOf(tokens: TokenInfo[], name: string): Lineage {
  return {
    token: tokens.find((t) => sameTokenName(t.name, name)),
    predecessors: tokens
      .filter((t) => sameTokenName(t.rotatedTo, name))
      .sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0) || b.name.localeCompare(a.name)),
  };
}

/** Predecessors that still log in at `now` (not expired, not disabled). */
export function livePredecessors(lineage: Lineage, now: Date): TokenInfo[] {
  return lineage.predecessors.filter(
    (t) => t.status.toUpperCase() === 'ACTIVE' && (t.expiresAt === null || t.expiresAt.getTime() > now.getTime()),
  );
}

export async function readLineage(session: Session, user: string | undefined, name: string): Promise<Lineage> {
  return lineageOf((await session.query(showPats({ user }))).map(tokenFromRow), name);
}

/**
 * Removes the token (and, unless `keepRotated`, every predecessor) that SHOW listed, with REMOVE … IF EXISTS so
 * one that vanished meanwhile still counts as removed. Returns the names removed, the token first.
 */
export async function removeWithLineage(session: Session, user: string | undefined, lineage: Lineage, keepRotated: boolean): Promise<string[]> {
  const listed = [...(lineage.token ? [lineage.token] : []), ...(keepRotated ? [] : lineage.predecessors)];
  const doomed = [...new Set(listed.map((t) => t.name))];
  for (const name of doomed) await session.query(removePat({ user, name }));
  return doomed;
}
