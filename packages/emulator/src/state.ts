// The in-memory world the engine mutates. Names are stored resolved (as
// Snowflake stores them), so lookups are exact string comparisons.
import { createHash } from 'node:crypto';
import type { NetworkPolicyEvaluation, UserPrivilege } from './statements.js';

export type UserType = 'PERSON' | 'SERVICE' | 'LEGACY_SERVICE';

export interface UserRecord {
  name: string;
  loginName: string;
  displayName: string;
  type: UserType;
  /** sha256 hex of the password; undefined = no password (cannot log in with one). */
  passwordHash?: string;
  roles: Set<string>;
  defaultRole?: string;
  defaultWarehouse?: string;
  defaultNamespace?: string;
  disabled: boolean;
  networkPolicy?: string;
  /** ALTER USER … SET AUTHENTICATION POLICY (overrides the account's). */
  authPolicy?: string;
  /** RSA_PUBLIC_KEY / RSA_PUBLIC_KEY_2: base64 DER SPKI (key-pair login, facts §9.4). */
  rsaPublicKey?: string;
  rsaPublicKey2?: string;
  comment?: string;
  createdOn: number;
  /** Role holding OWNERSHIP on the user. */
  owner: string;
}

export interface PatRecord {
  user: string;
  name: string;
  /** sha256 hex; the secret itself is never stored. */
  secretHash: string;
  roleRestriction: string | null;
  /** Kept so ROTATE can renew the expiry "from the original DAYS_TO_EXPIRY". */
  daysToExpiry: number;
  expiresAt: number;
  disabled: boolean;
  comment: string | null;
  createdOn: number;
  createdBy: string;
  minsToBypass: number | null;
  bypassUntil: number | null;
  rotatedTo: string | null;
  /** CREDENTIALS.LAST_ALTERED / LAST_ALTERED_BY: creation, then every ROTATE and MODIFY. */
  lastAlteredOn: number;
  lastAlteredBy: string;
  /** Last successful login with this token's secret (ACCOUNT_USAGE.CREDENTIALS.LAST_USED_ON). */
  lastUsedOn?: number;
}

/** One login attempt, as SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY shows it (see account-usage.ts). */
export interface LoginEvent {
  eventId: number;
  timestamp: number;
  /** NULL when the attempt could not be tied to a user. */
  userName: string | null;
  clientIp: string;
  clientType: string;
  clientVersion: string | null;
  firstFactor: string;
  success: boolean;
  errorCode: number | null;
  errorMessage: string | null;
}

export interface RoleRecord {
  name: string;
  comment?: string;
  createdOn: number;
}
export interface NetworkPolicyRecord {
  name: string;
  allowedIpList: string[];
  blockedIpList: string[];
  comment?: string;
  createdOn: number;
}
export interface PipeRecord {
  name: string;
  definition: string;
  owner: string;
  comment: string | null;
  notificationChannel: string | null;
  createdOn: number;
}
export interface SchemaRecord {
  name: string;
  pipes: Map<string, PipeRecord>;
}
export interface DatabaseRecord {
  name: string;
  /** Roles allowed to USE it (ACCOUNTADMIN always may). */
  roles: Set<string>;
  schemas: Map<string, SchemaRecord>;
}
export interface WarehouseRecord {
  name: string;
  roles: Set<string>;
}
/** An authentication policy (facts §9.3), its PAT_POLICY resolved to full values. */
export interface AuthPolicyRecord {
  name: string;
  /** As written, upper case; ['ALL'] when not set. */
  authenticationMethods: string[];
  pat: PatPolicy;
  comment?: string;
  owner: string;
  createdOn: number;
}
export interface PatPolicy {
  defaultExpiryInDays: number;
  maxExpiryInDays: number;
  networkPolicyEvaluation: NetworkPolicyEvaluation;
  requireRoleRestrictionForServiceUsers: boolean;
  requireRoleRestrictionForPersonUsers: boolean;
}
/** What applies when no policy is attached: [GUIDE] defaults (15, 365, ENFORCED_REQUIRED, TRUE). */
export const DEFAULT_PAT_POLICY: PatPolicy = {
  defaultExpiryInDays: 15,
  maxExpiryInDays: 365,
  networkPolicyEvaluation: 'ENFORCED_REQUIRED',
  requireRoleRestrictionForServiceUsers: true,
  requireRoleRestrictionForPersonUsers: false,
};

export interface UserGrant {
  privilege: UserPrivilege;
  user: string;
  role: string;
}

export interface World {
  account: string;
  users: Map<string, UserRecord>;
  roles: Map<string, RoleRecord>;
  networkPolicies: Map<string, NetworkPolicyRecord>;
  warehouses: Map<string, WarehouseRecord>;
  databases: Map<string, DatabaseRecord>;
  userGrants: UserGrant[];
  authPolicies: Map<string, AuthPolicyRecord>;
  /** ALTER ACCOUNT SET AUTHENTICATION POLICY. */
  accountAuthPolicy?: string;
  pats: PatRecord[];
  /** Every PAT secret ever issued (and seeded), for leak scans and log redaction. */
  issuedSecrets: string[];
  /** Every password ever set, for log redaction only. */
  knownPasswords: Set<string>;
  /** Every login attempt over HTTP, oldest first (ACCOUNT_USAGE.LOGIN_HISTORY). */
  loginHistory: LoginEvent[];
}

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
/** Expired tokens stay visible in SHOW this long, then vanish ([GUIDE]: "After seven days…"). */
export const EXPIRED_RETENTION_MS = 7 * DAY_MS;
export const MAX_TOKENS_PER_USER = 15;
export const DEFAULT_DAYS_TO_EXPIRY = 15;
export const MAX_DAYS_TO_EXPIRY = 365;
export const MAX_BYPASS_MINUTES = 1440;
export const DEFAULT_EXPIRE_ROTATED_HOURS = 24;

export function emptyWorld(account: string): World {
  return {
    account,
    users: new Map(),
    roles: new Map(),
    networkPolicies: new Map(),
    warehouses: new Map(),
    databases: new Map(),
    userGrants: [],
    authPolicies: new Map(),
    pats: [],
    issuedSecrets: [],
    knownPasswords: new Set(),
    loginHistory: [],
  };
}

/** Finds a role/policy by a stored name: exact first, then the upper-cased form (string-valued properties). */
export function lookupName<T>(map: Map<string, T>, name: string): T | undefined {
  return map.get(name) ?? map.get(name.toUpperCase());
}
