// The statement dispatcher: parse, authorise, hand to the handler that owns
// the statement. State lives in World; handlers live in pats/users/context.
import { hasUserPrivilege } from './access.js';
import { selectView } from './account-usage.js';
import {
  alterAuthPolicy, attachAuthPolicy, createAuthPolicy, describeAuthPolicy, dropAuthPolicy, showAuthPolicies,
} from './auth-policies.js';
import type { Clock } from './clock.js';
import { describePipe, select, showPipes, use } from './context.js';
import { errors } from './errors.js';
import { parseStatement } from './parser.js';
import { addPat, modifyPat, removePat, rotatePat, showPats } from './pats.js';
import { STATEMENT_TYPE, SUCCESS, statusResult, type ResultSet } from './results.js';
import type { ExecContext, SessionContext } from './session.js';
import type { UserRecord, World } from './state.js';
import type { AlterUserPat, ShowPats, Statement, UserPrivilege } from './statements.js';
import {
  alterUserSet, createNetworkPolicy, createRole, createUser, describeUser, dropUser, grantRole, grantUserPrivilege,
  revokeRole, showUsers,
} from './users.js';

export class Engine {
  constructor(readonly world: World, readonly clock: Clock) {}

  execute(session: SessionContext, sql: string): ResultSet {
    const stmt = parseStatement(sql);
    const rs = this.dispatch(session, stmt);
    return { ...rs, statementTypeId: statementTypeOf(stmt) };
  }

  private dispatch(session: SessionContext, stmt: Statement): ResultSet {
    const ctx: ExecContext = { world: this.world, clock: this.clock, session };
    switch (stmt.kind) {
      case 'alter-user-pat': return this.alterUserPat(ctx, stmt);
      case 'show-pats': return this.showPats(ctx, stmt);
      case 'select': return select(ctx, stmt);
      case 'select-view': return selectView(ctx, stmt);
      case 'use': return use(ctx, stmt);
      case 'show-pipes': return showPipes(ctx, stmt);
      case 'describe-pipe': return describePipe(ctx, stmt);
      case 'show-users': return showUsers(ctx, stmt);
      case 'describe-user': return describeUser(ctx, stmt);
      case 'create-user': return createUser(ctx, stmt);
      case 'alter-user-set': return alterUserSet(ctx, stmt);
      case 'drop-user': return dropUser(ctx, stmt);
      case 'create-role': return createRole(ctx, stmt);
      case 'grant-role': return grantRole(ctx, stmt);
      case 'revoke-role': return revokeRole(ctx, stmt);
      case 'grant-user-privilege': return grantUserPrivilege(ctx, stmt);
      case 'create-network-policy': return createNetworkPolicy(ctx, stmt);
      case 'create-auth-policy': return createAuthPolicy(ctx, stmt);
      case 'alter-auth-policy': return alterAuthPolicy(ctx, stmt);
      case 'drop-auth-policy': return dropAuthPolicy(ctx, stmt);
      case 'describe-auth-policy': return describeAuthPolicy(ctx, stmt);
      case 'show-auth-policies': return showAuthPolicies(ctx, stmt);
      case 'attach-auth-policy': return attachAuthPolicy(ctx, stmt);
    }
  }

  /** A session for direct execution as `user` with its default role (runAs). */
  sessionFor(userName: string): SessionContext {
    const u = this.world.users.get(userName);
    if (!u) throw errors.userNotFound(userName);
    const role = u.defaultRole !== undefined && u.roles.has(u.defaultRole) ? u.defaultRole : 'PUBLIC';
    return { user: u.name, role, warehouse: null, database: null, schema: null, viaPat: false, restrictedRole: null };
  }

  private alterUserPat(ctx: ExecContext, s: AlterUserPat): ResultSet {
    const user = this.targetUser(ctx, s.user, ['MODIFY PROGRAMMATIC AUTHENTICATION METHODS'], s.ifExists);
    if (!user) return statusResult(SUCCESS); // IF EXISTS on a missing user
    // "You cannot rotate a programmatic access token in a session where you used a programmatic access token for the
    // same user for authentication" (current [ROT]/[REM]/[MOD], facts §9.2): the ban covers the session user's own
    // tokens only. ADD is not listed (UNCONFIRMED that it is allowed).
    if (s.action !== 'ADD' && ctx.session.viaPat && user.name === ctx.session.user) throw errors.patSessionForbidden();
    switch (s.action) {
      case 'ADD': return addPat(ctx, user, s);
      case 'ROTATE': return rotatePat(ctx, user, s);
      case 'REMOVE': return removePat(ctx, user, s);
      case 'MODIFY': return modifyPat(ctx, user, s);
    }
  }

  private showPats(ctx: ExecContext, s: ShowPats): ResultSet {
    // [SHOW] lists plain MODIFY; MODIFY PROGRAMMATIC AUTHENTICATION METHODS is accepted too.
    const user = this.targetUser(ctx, s.forUser, ['MODIFY', 'MODIFY PROGRAMMATIC AUTHENTICATION METHODS'], false);
    if (!user) throw errors.userNotFound(s.forUser ?? ctx.session.user);
    return showPats(ctx, user);
  }

  /**
   * Resolves the user a PAT statement targets (omitted = the session's user) and
   * checks the caller may manage that user's tokens. Returns undefined only for
   * IF EXISTS on a missing user.
   */
  private targetUser(ctx: ExecContext, name: string | undefined, privileges: UserPrivilege[], ifExists: boolean): UserRecord | undefined {
    const userName = name ?? ctx.session.user;
    const user = this.world.users.get(userName);
    if (!user) {
      if (ifExists) return undefined;
      throw errors.userNotFound(userName);
    }
    if (user.name !== ctx.session.user && !hasUserPrivilege(this.world, ctx.session.role, user.name, privileges)) {
      throw errors.insufficientOnUser(user.name);
    }
    return user;
  }
}

/** The statementTypeId the reply carries for a statement (see STATEMENT_TYPE for the source of the values). */
export function statementTypeOf(stmt: Statement): number {
  switch (stmt.kind) {
    case 'select':
    case 'select-view':
      return STATEMENT_TYPE.SELECT;
    case 'show-pats':
    case 'show-pipes':
    case 'show-users':
    case 'show-auth-policies':
      return STATEMENT_TYPE.SHOW;
    case 'describe-pipe':
    case 'describe-user':
    case 'describe-auth-policy':
      return STATEMENT_TYPE.DESCRIBE;
    case 'use':
      return stmt.object === 'DATABASE' ? STATEMENT_TYPE.USE_DATABASE
        : stmt.object === 'SCHEMA' ? STATEMENT_TYPE.USE_SCHEMA
          : stmt.object === 'WAREHOUSE' ? STATEMENT_TYPE.USE_WAREHOUSE : STATEMENT_TYPE.USE;
    default:
      return STATEMENT_TYPE.DDL;
  }
}
