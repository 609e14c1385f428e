// Account administration the demo and the doctor command need: users, roles,
// grants, network policies, SHOW USERS and DESCRIBE USER.
import { hasUserPrivilege, isAccountAdmin } from './access.js';
import { errors } from './errors.js';
import { SUCCESS, ltz, statusResult, text, type ResultSet } from './results.js';
import type { ExecContext } from './session.js';
import { lookupName, sha256, type UserRecord } from './state.js';
import type {
  AlterUserSet, CreateNetworkPolicy, CreateRole, CreateUser, DescribeUser, DropUser, GrantRole, GrantUserPrivilege,
  RevokeRole, ShowUsers, UserProperties,
} from './statements.js';
import { likeMatches } from './like.js';
import { normalisePublicKey, publicKeyFingerprint } from './keypair.js';
import { patStatus } from './pats.js';

/** UNCONFIRMED simplification: account-level DDL (CREATE USER/ROLE/NETWORK POLICY, GRANT, REVOKE, DROP USER) needs ACCOUNTADMIN. */
function requireAccountAdmin(ctx: ExecContext): void {
  if (!isAccountAdmin(ctx.session.role)) throw errors.insufficientOnAccount(ctx.world.account);
}

function requireRole(ctx: ExecContext, name: string): string {
  const r = lookupName(ctx.world.roles, name);
  if (!r) throw errors.objectNotFound('Role', name);
  return r.name;
}

function requireUser(ctx: ExecContext, name: string): UserRecord {
  const u = ctx.world.users.get(name);
  if (!u) throw errors.userNotFound(name);
  return u;
}

function applyProperties(ctx: ExecContext, u: UserRecord, p: UserProperties): void {
  if (p.password !== undefined) {
    ctx.world.knownPasswords.add(p.password);
    u.passwordHash = sha256(p.password);
  }
  if (p.loginName !== undefined) u.loginName = p.loginName.toUpperCase();
  if (p.displayName !== undefined) u.displayName = p.displayName;
  if (p.type !== undefined) u.type = p.type;
  if (p.defaultRole !== undefined) u.defaultRole = p.defaultRole;
  if (p.defaultWarehouse !== undefined) u.defaultWarehouse = p.defaultWarehouse;
  if (p.defaultNamespace !== undefined) u.defaultNamespace = p.defaultNamespace;
  if (p.comment !== undefined) u.comment = p.comment;
  if (p.rsaPublicKey !== undefined) u.rsaPublicKey = normalisePublicKey(p.rsaPublicKey);
  if (p.rsaPublicKey2 !== undefined) u.rsaPublicKey2 = normalisePublicKey(p.rsaPublicKey2);
  if (p.networkPolicy !== undefined) {
    const np = lookupName(ctx.world.networkPolicies, p.networkPolicy);
    if (!np) throw errors.objectNotFound('Network policy', p.networkPolicy);
    u.networkPolicy = np.name;
  }
  if (p.disabled !== undefined) {
    u.disabled = p.disabled;
    // Tokens are disabled with the user and stay disabled when the user is re-enabled [MOD][GUIDE].
    if (p.disabled) for (const t of ctx.world.pats) if (t.user === u.name) t.disabled = true;
  }
}

export function createUser(ctx: ExecContext, s: CreateUser): ResultSet {
  requireAccountAdmin(ctx);
  const { world } = ctx;
  if (world.users.has(s.user)) {
    if (s.ifNotExists) return statusResult(`${s.user} already exists, statement succeeded.`);
    if (!s.orReplace) throw errors.alreadyExists('User', s.user);
    world.pats = world.pats.filter((t) => t.user !== s.user);
  }
  const u: UserRecord = {
    name: s.user,
    loginName: s.user.toUpperCase(),
    displayName: s.user,
    type: 'PERSON',
    roles: new Set(['PUBLIC']), // every user holds PUBLIC
    disabled: false,
    createdOn: ctx.clock.now(),
    owner: ctx.session.role,
  };
  applyProperties(ctx, u, s.props);
  world.users.set(u.name, u);
  return statusResult(`User ${s.user} successfully created.`);
}

export function alterUserSet(ctx: ExecContext, s: AlterUserSet): ResultSet {
  const u = ctx.world.users.get(s.user);
  if (!u) {
    if (s.ifExists) return statusResult(SUCCESS);
    throw errors.userNotFound(s.user);
  }
  if (!hasUserPrivilege(ctx.world, ctx.session.role, u.name, ['OWNERSHIP'])) throw errors.insufficientOnUser(u.name);
  if (s.set) applyProperties(ctx, u, s.set);
  for (const p of s.unset ?? []) {
    if (p === 'PASSWORD') delete u.passwordHash;
    else if (p === 'DISPLAY_NAME') u.displayName = u.name;
    else if (p === 'DEFAULT_ROLE') delete u.defaultRole;
    else if (p === 'DEFAULT_WAREHOUSE') delete u.defaultWarehouse;
    else if (p === 'DEFAULT_NAMESPACE') delete u.defaultNamespace;
    else if (p === 'COMMENT') delete u.comment;
    else if (p === 'NETWORK_POLICY') delete u.networkPolicy;
    else if (p === 'RSA_PUBLIC_KEY') delete u.rsaPublicKey;
    else if (p === 'RSA_PUBLIC_KEY_2') delete u.rsaPublicKey2;
    else u.type = 'PERSON';
  }
  return statusResult(SUCCESS);
}

export function dropUser(ctx: ExecContext, s: DropUser): ResultSet {
  requireAccountAdmin(ctx);
  if (!ctx.world.users.has(s.user)) {
    if (s.ifExists) return statusResult(`Drop statement executed successfully (${s.user} already dropped).`);
    throw errors.userNotFound(s.user);
  }
  ctx.world.users.delete(s.user);
  ctx.world.pats = ctx.world.pats.filter((t) => t.user !== s.user);
  ctx.world.userGrants = ctx.world.userGrants.filter((g) => g.user !== s.user);
  return statusResult(`${s.user} successfully dropped.`);
}

export function createRole(ctx: ExecContext, s: CreateRole): ResultSet {
  requireAccountAdmin(ctx);
  if (ctx.world.roles.has(s.role)) {
    if (s.ifNotExists) return statusResult(`${s.role} already exists, statement succeeded.`);
    if (!s.orReplace) throw errors.alreadyExists('Role', s.role);
  }
  ctx.world.roles.set(s.role, { name: s.role, ...(s.comment !== undefined ? { comment: s.comment } : {}), createdOn: ctx.clock.now() });
  return statusResult(`Role ${s.role} successfully created.`);
}

export function grantRole(ctx: ExecContext, s: GrantRole): ResultSet {
  requireAccountAdmin(ctx);
  const role = requireRole(ctx, s.role);
  requireUser(ctx, s.user).roles.add(role);
  return statusResult(SUCCESS);
}

export function revokeRole(ctx: ExecContext, s: RevokeRole): ResultSet {
  requireAccountAdmin(ctx);
  const role = requireRole(ctx, s.role);
  requireUser(ctx, s.user).roles.delete(role);
  return statusResult(SUCCESS);
}

export function grantUserPrivilege(ctx: ExecContext, s: GrantUserPrivilege): ResultSet {
  requireAccountAdmin(ctx);
  const role = requireRole(ctx, s.role);
  const user = requireUser(ctx, s.user);
  if (s.privilege === 'OWNERSHIP') user.owner = role;
  else if (!ctx.world.userGrants.some((g) => g.user === user.name && g.role === role && g.privilege === s.privilege)) {
    ctx.world.userGrants.push({ privilege: s.privilege, user: user.name, role });
  }
  return statusResult(SUCCESS);
}

export function createNetworkPolicy(ctx: ExecContext, s: CreateNetworkPolicy): ResultSet {
  requireAccountAdmin(ctx);
  if (ctx.world.networkPolicies.has(s.name)) {
    if (s.ifNotExists) return statusResult(`${s.name} already exists, statement succeeded.`);
    if (!s.orReplace) throw errors.alreadyExists('Network policy', s.name);
  }
  ctx.world.networkPolicies.set(s.name, {
    name: s.name, allowedIpList: s.allowedIpList, blockedIpList: s.blockedIpList,
    ...(s.comment !== undefined ? { comment: s.comment } : {}), createdOn: ctx.clock.now(),
  });
  return statusResult(SUCCESS);
}

export { likeMatches } from './like.js';

function hasActivePat(ctx: ExecContext, user: string): boolean {
  const now = ctx.clock.now();
  return ctx.world.pats.some((t) => t.user === user && patStatus(t, now) === 'ACTIVE');
}

// UNCONFIRMED: SHOW USERS prints its flag columns as 'true'/'false' text, as the Snowflake UI shows them.
export function showUsers(ctx: ExecContext, s: ShowUsers): ResultSet {
  const { world, session } = ctx;
  const visible = [...world.users.values()].filter((u) =>
    u.name === session.user || hasUserPrivilege(world, session.role, u.name, ['MODIFY', 'MODIFY PROGRAMMATIC AUTHENTICATION METHODS']));
  const rows = visible
    .filter((u) => s.like === undefined || likeMatches(s.like, u.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((u) => [
      u.name, u.createdOn, u.loginName, u.displayName, null, null, null, u.comment ?? null, String(u.disabled), 'false', 'false',
      u.defaultWarehouse ?? null, u.defaultNamespace ?? null, u.defaultRole ?? null, null, 'false', String(u.passwordHash !== undefined),
      String(u.rsaPublicKey !== undefined || u.rsaPublicKey2 !== undefined),
      u.type, u.owner, String(hasActivePat(ctx, u.name)),
    ]);
  return {
    columns: [
      text('name'), ltz('created_on'), text('login_name'), text('display_name'), text('first_name'), text('last_name'), text('email'),
      text('comment'), text('disabled'), text('must_change_password'), text('snowflake_lock'), text('default_warehouse'),
      text('default_namespace'), text('default_role'), text('default_secondary_roles'), text('has_mfa'), text('has_password'),
      text('has_rsa_public_key'), text('type'), text('owner'), text('has_pat'),
    ],
    rows,
  };
}

// UNCONFIRMED: unset values print as the string 'null', as DESCRIBE USER does in Snowsight.
export function describeUser(ctx: ExecContext, s: DescribeUser): ResultSet {
  const { world, session } = ctx;
  const u = world.users.get(s.user);
  if (!u) throw errors.userNotFound(s.user);
  if (u.name !== session.user && !hasUserPrivilege(world, session.role, u.name, ['MODIFY', 'MODIFY PROGRAMMATIC AUTHENTICATION METHODS'])) {
    throw errors.insufficientOnUser(u.name);
  }
  const v = (x: string | undefined): string => x ?? 'null';
  const props: [string, string, string, string][] = [
    ['NAME', u.name, 'null', 'Name'],
    ['COMMENT', v(u.comment), 'null', 'user comment associated to an object in the dictionary'],
    ['DISPLAY_NAME', u.displayName, 'null', 'Display name of the associated object'],
    ['TYPE', u.type, 'null', 'Type of the user'],
    ['LOGIN_NAME', u.loginName, 'null', 'Login name of the user'],
    ['DISABLED', String(u.disabled), 'false', 'Whether the user is disabled'],
    ['DEFAULT_WAREHOUSE', v(u.defaultWarehouse), 'null', 'Default warehouse for this user'],
    ['DEFAULT_NAMESPACE', v(u.defaultNamespace), 'null', 'Default database namespace prefix for this user'],
    ['DEFAULT_ROLE', v(u.defaultRole), 'null', 'Primary Role of the user'],
    ['NETWORK_POLICY', v(u.networkPolicy), 'null', 'Network policy of the user'],
    ['HAS_PASSWORD', String(u.passwordHash !== undefined), 'false', 'Whether the user has a password'],
    ['HAS_PAT', String(hasActivePat(ctx, u.name)), 'false', 'Whether the user has an active programmatic access token'],
    // Facts §9.4: DESC USER shows RSA_PUBLIC_KEY_FP = SHA256:<base64>. UNCONFIRMED: the exact row set and descriptions.
    ['RSA_PUBLIC_KEY', v(u.rsaPublicKey), 'null', 'RSA public key of the user'],
    ['RSA_PUBLIC_KEY_FP', u.rsaPublicKey !== undefined ? publicKeyFingerprint(u.rsaPublicKey) : 'null', 'null', 'Fingerprint of user\'s RSA public key.'],
    ['RSA_PUBLIC_KEY_2', v(u.rsaPublicKey2), 'null', 'Second RSA public key of the user'],
    ['RSA_PUBLIC_KEY_2_FP', u.rsaPublicKey2 !== undefined ? publicKeyFingerprint(u.rsaPublicKey2) : 'null', 'null', 'Fingerprint of user\'s second RSA public key.'],
  ];
  return { columns: [text('property'), text('value'), text('default'), text('description')], rows: props };
}
