/**
 * The admin side of a fleet run: each account's admin connection resolved once (before any network call), one
 * admin session per account opened on first use and shared by all of its tokens, and one SHOW per user.
 */
import type { Factory } from '../factory.js';
import { sessionOptions } from '../providers/snowflake/sessions.js';
import { nodeFileAccess, resolveAdminConnection, type ResolvedConnection } from '../connection/index.js';
import { adminTarget } from '../providers/snowflake/lifecycle/targets.js';
import { tokenFromRow, type TokenInfo } from '../providers/snowflake/lifecycle/tokens.js';
import type { LoginTarget, Session } from '../providers/snowflake/client.js';
import { showPats } from '../providers/snowflake/sql.js';
import type { FleetToken } from './manifest.js';
import { Once } from './pool.js';

export class Accounts {
  private readonly admins = new Map<string, ResolvedConnection>();
  private readonly sessions = new Once<Session>();
  private readonly shows = new Once<TokenInfo[]>();
  /** Counters for the report and the bench. */
  readonly counts = { adminLogins: 0, shows: 0 };

  constructor(private readonly deps: Factory) {}

  /** Resolves every connection the manifest names; a bad one is a ConfigError (exit 2) before any network call. */
  async resolveAll(tokens: FleetToken[]): Promise<void> {
    for (const connection of new Set(tokens.map((t) => t.connection))) {
      const resolved = await resolveAdminConnection({ connectionName: connection, env: this.deps.env, homeDir: this.deps.homeDir, ...nodeFileAccess() });
      const { password, token, privateKeyFilePwd } = resolved.settings;
      for (const secret of [password, token, privateKeyFilePwd]) this.deps.io.protect(secret);
      for (const warning of resolved.warnings) this.deps.io.err(this.deps.io.errColour.yellow(`warning: ${warning}`));
      adminTarget(resolved); // validates the authenticator's settings now
      this.admins.set(connection, resolved);
    }
  }

  target(connection: string): LoginTarget {
    const admin = this.admins.get(connection);
    if (!admin) throw new Error(`connection ${connection} was not resolved`);
    return adminTarget(admin);
  }

  session(connection: string): Promise<Session> {
    return this.sessions.get(connection, () => {
      this.counts.adminLogins++;
      return this.deps.sessions.open(this.target(connection), sessionOptions(this.deps));
    });
  }

  /** The user's tokens, from one SHOW per user per run (shared by every token of that user). */
  tokensOf(connection: string, user: string): Promise<TokenInfo[]> {
    return this.shows.get(`${connection}\u0000${user.toUpperCase()}`, async () => {
      const session = await this.session(connection);
      this.counts.shows++;
      return (await session.query(showPats({ user }))).map(tokenFromRow);
    });
  }

  /** The target a service would use: the account's endpoint, the token's user, the PAT. */
  patTarget(token: FleetToken, secret: string): LoginTarget {
    const admin = this.target(token.connection);
    return { account: admin.account, accessUrl: admin.accessUrl, username: token.user, auth: { kind: 'pat', token: secret } };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.sessions.values().map(async (s) => (await s.catch(() => undefined))?.close()));
  }
}
