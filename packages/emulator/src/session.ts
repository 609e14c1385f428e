// What a statement executes "as": the session's user, role and namespace, and
// whether it logged in with a PAT (which forbids ROTATE/REMOVE/MODIFY).
import type { Clock } from './clock.js';
import type { World } from './state.js';

export interface SessionContext {
  user: string;
  role: string;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  /** Set when the session authenticated with a programmatic access token. */
  viaPat: boolean;
  /** The token's ROLE_RESTRICTION, which pins the session to that role. */
  restrictedRole: string | null;
}

/** Everything a statement handler needs. */
export interface ExecContext {
  world: World;
  clock: Clock;
  session: SessionContext;
}
