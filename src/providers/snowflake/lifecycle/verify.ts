/** Proving a PAT works: log in with it and ask who and where the session is (one query). */
import type { Session } from '../client.js';
import { sessionContext } from '../sql.js';

export interface SessionContext {
  user: string | null;
  role: string | null;
  database: string | null;
  schema: string | null;
  warehouse: string | null;
  account: string | null;
}

export async function describeSession(session: Session): Promise<SessionContext> {
  const row = (await session.query(sessionContext()))[0] ?? {};
  const pick = (column: string) => {
    const value = row[column];
    return value === null || value === undefined ? null : String(value);
  };
  return {
    user: pick('CURRENT_USER()'),
    role: pick('CURRENT_ROLE()'),
    database: pick('CURRENT_DATABASE()'),
    schema: pick('CURRENT_SCHEMA()'),
    warehouse: pick('CURRENT_WAREHOUSE()'),
    account: pick('CURRENT_ACCOUNT()'),
  };
}
