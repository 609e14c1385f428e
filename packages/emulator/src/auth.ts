// Login: password (SNOWFLAKE) and PROGRAMMATIC_ACCESS_TOKEN authenticators,
// with the checks Snowflake applies in the order a client observes them.
import { ipAllowed, canUseDatabase, canUseWarehouse } from './access.js';
import type { Clock } from './clock.js';
import { SfError, errors } from './errors.js';
import { effectivePatPolicy, methodAllowed } from './auth-policies.js';
import { verifyKeyPairJwt } from './keypair.js';
import { findBySecret, patStatus } from './pats.js';
import type { SessionContext } from './session.js';
import { DAY_MS, lookupName, sha256, type PatRecord, type UserRecord, type World } from './state.js';

export interface LoginInput {
  authenticator: string;
  loginName?: string;
  password?: string;
  token?: string;
  /** Connect-string values from the login URL's query (roleName, warehouse, databaseName, schemaName). */
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  clientIp: string;
  /** ACCOUNT_NAME from the login body (the JWT's iss/sub name it). */
  account?: string;
}

/** Connect-string identifiers follow SQL rules: "quoted" keeps case, otherwise upper case. */
export function resolveConnectName(raw: string): string {
  return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toUpperCase();
}

function findByLogin(world: World, loginName: string): UserRecord | undefined {
  const wanted = loginName.toUpperCase(); // login names are case-insensitive
  return [...world.users.values()].find((u) => u.loginName === wanted);
}

/**
 * The user a (possibly failed) login attempt belongs to, for LOGIN_HISTORY: the login name's user, else the
 * presented token's user; undefined when neither identifies one.
 */
export function attemptedUser(world: World, input: Pick<LoginInput, 'loginName' | 'token'>): UserRecord | undefined {
  if (input.loginName !== undefined) {
    const byLogin = findByLogin(world, input.loginName);
    if (byLogin) return byLogin;
  }
  const pat = input.token ? findBySecret(world, input.token) : undefined;
  return pat ? world.users.get(pat.user) : undefined;
}

/** Verifies credentials and returns the new session's context; throws SfError with Snowflake's login codes. */
export function authenticate(world: World, clock: Clock, input: LoginInput): SessionContext {
  const now = clock.now();
  const authenticator = input.authenticator.toUpperCase();
  let user: UserRecord | undefined;
  let pat: PatRecord | undefined;

  if (authenticator === 'PROGRAMMATIC_ACCESS_TOKEN') {
    pat = input.token ? findBySecret(world, input.token) : undefined;
    user = pat ? world.users.get(pat.user) : undefined;
    // A valid PAT presented for another login name is just as invalid.
    if (!pat || !user || (input.loginName !== undefined && user.loginName !== input.loginName.toUpperCase())) throw errors.patInvalid();
  } else if (authenticator === 'SNOWFLAKE') {
    user = input.loginName ? findByLogin(world, input.loginName) : undefined;
    if (!user) throw errors.badPassword(input.loginName ?? '');
    const pw = input.password ?? '';
    if (user.passwordHash === undefined || user.passwordHash !== sha256(pw)) {
      // "Using a programmatic access token as a password" [GUIDE]: the secret works in the password field.
      const asPat = findBySecret(world, pw);
      if (!asPat || asPat.user !== user.name) throw errors.badPassword(input.loginName ?? '');
      pat = asPat;
    }
  } else if (authenticator === 'SNOWFLAKE_JWT') {
    user = input.loginName ? findByLogin(world, input.loginName) : undefined;
    if (!user || !input.token) throw errors.jwtInvalid();
    verifyKeyPairJwt(input.token, user, input.account ?? world.account, Date.now());
  } else {
    // OAuth, SSO: not emulated.
    throw new SfError('390100', undefined, `Authenticator ${authenticator} is not supported by the emulator.`, { nextAction: 'RETRY_LOGIN' });
  }

  if (pat) {
    // An expired token (still listed, not yet purged) is refused as expired: 394401 (facts §8, §9.5; the code and
    // text are field reports, UNCONFIRMED). UNCONFIRMED: a disabled token answers like an unknown one (394400).
    const status = patStatus(pat, now);
    if (status === 'EXPIRED') throw errors.patExpired();
    if (status !== 'ACTIVE') throw errors.patInvalid();
    // A revoked or dropped restriction role makes the token unusable [ADD].
    if (pat.roleRestriction !== null && (!user.roles.has(pat.roleRestriction) || !world.roles.has(pat.roleRestriction))) throw errors.patInvalid();
    const patPolicy = effectivePatPolicy(world, user);
    // Lowering MAX_EXPIRY_IN_DAYS shortens existing tokens [GUIDE]: they expire at creation + the new maximum.
    if (now >= pat.createdOn + patPolicy.maxExpiryInDays * DAY_MS) throw errors.patExpired();
    // Switching REQUIRE_ROLE_RESTRICTION_FOR_…_USERS back to TRUE invalidates tokens made without one [GUIDE].
    const needsRole = user.type === 'PERSON' ? patPolicy.requireRoleRestrictionForPersonUsers : patPolicy.requireRoleRestrictionForServiceUsers;
    if (needsRole && pat.roleRestriction === null) throw errors.patInvalid();
  }
  // AUTHENTICATION_METHODS (facts §3.4, §9.3): a method the user's policy leaves out is rejected.
  const method = pat ? 'PROGRAMMATIC_ACCESS_TOKEN' : authenticator === 'SNOWFLAKE_JWT' ? 'KEYPAIR' : 'PASSWORD';
  if (!methodAllowed(world, user, method)) throw errors.policyRejectsLogin();
  if (user.disabled) throw errors.userDisabled();

  const policy = user.networkPolicy ? lookupName(world.networkPolicies, user.networkPolicy) : undefined;
  // PAT_POLICY's NETWORK_POLICY_EVALUATION (facts §3.3, §9.3), read at session creation: ENFORCED_REQUIRED (default)
  // needs a policy (or a PERSON user's bypass window); ENFORCED_NOT_REQUIRED applies one if present; NOT_ENFORCED
  // ignores network policies for PAT logins.
  const evaluation = pat ? effectivePatPolicy(world, user).networkPolicyEvaluation : 'ENFORCED_NOT_REQUIRED';
  if (policy && evaluation !== 'NOT_ENFORCED' && !ipAllowed(policy, input.clientIp)) throw errors.ipNotAllowed(input.clientIp);
  if (pat && !policy && evaluation === 'ENFORCED_REQUIRED') {
    // SERVICE users must always be subject to a policy; PERSON users may use an active bypass window.
    const bypass = user.type === 'PERSON' && pat.bypassUntil !== null && now < pat.bypassUntil;
    if (!bypass) throw errors.networkPolicyRequired();
  }

  const requested = input.role !== undefined ? resolveConnectName(input.role) : undefined;
  let role: string;
  if (pat?.roleRestriction) {
    // UNCONFIRMED: a connect-string role other than the restriction is refused like an ungranted role.
    if (requested !== undefined && requested !== pat.roleRestriction) throw errors.roleInConnectString(requested);
    role = pat.roleRestriction;
  } else if (requested !== undefined) {
    if (!user.roles.has(requested) || !world.roles.has(requested)) throw errors.roleInConnectString(requested);
    role = requested;
  } else {
    role = user.defaultRole !== undefined && user.roles.has(user.defaultRole) ? user.defaultRole : 'PUBLIC';
  }

  // Warehouse/database/schema that do not exist or are not usable are silently left unset, as Snowflake does.
  const wh = input.warehouse !== undefined ? resolveConnectName(input.warehouse) : user.defaultWarehouse;
  let db = input.database !== undefined ? resolveConnectName(input.database) : user.defaultNamespace?.split('.')[0];
  let sc = input.schema !== undefined ? resolveConnectName(input.schema) : user.defaultNamespace?.split('.')[1];
  if (db !== undefined && !canUseDatabase(world, role, db)) db = undefined;
  if (db === undefined || sc === undefined || !world.databases.get(db)?.schemas.has(sc)) sc = undefined;
  if (pat) pat.lastUsedOn = now;
  return {
    user: user.name,
    role,
    warehouse: wh !== undefined && canUseWarehouse(world, role, wh) ? wh : null,
    database: db ?? null,
    schema: sc ?? null,
    viaPat: pat !== undefined,
    restrictedRole: pat?.roleRestriction ?? null,
  };
}
