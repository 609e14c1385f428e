// The parsed form of every statement the emulator accepts. Identifier values
// are already resolved (unquoted → upper case, quoted → verbatim) and literal
// values already unescaped, so the engine never sees raw SQL.

export type UnsetPatProperty = 'DISABLED' | 'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT' | 'COMMENT';

interface PatBase {
  kind: 'alter-user-pat';
  ifExists: boolean;
  /** Omitted means the session's current user. */
  user?: string;
  token: string;
}
export interface AddPat extends PatBase {
  action: 'ADD';
  /** `ADD PAT IF NOT EXISTS <name>`: an existing token of that name → success, no secret [ADD] (facts §9.1). */
  ifNotExists: boolean;
  roleRestriction?: string;
  daysToExpiry?: number;
  minsToBypass?: number;
  comment?: string;
}
/** `ROTATE|REMOVE|MODIFY PAT IF EXISTS <name>`: a missing token → success, nothing done (facts §9.1). */
interface TokenIfExists {
  tokenIfExists: boolean;
}
export interface RotatePat extends PatBase, TokenIfExists {
  action: 'ROTATE';
  expireRotatedAfterHours?: number;
}
export interface RemovePat extends PatBase, TokenIfExists {
  action: 'REMOVE';
}
export interface ModifyPat extends PatBase, TokenIfExists {
  action: 'MODIFY';
  rename?: string;
  set?: { disabled?: boolean; minsToBypass?: number; comment?: string };
  unset?: UnsetPatProperty[];
}
export type AlterUserPat = AddPat | RotatePat | RemovePat | ModifyPat;

export interface ShowPats {
  kind: 'show-pats';
  forUser?: string;
}

export type ContextFunction =
  | 'CURRENT_USER'
  | 'CURRENT_ROLE'
  | 'CURRENT_DATABASE'
  | 'CURRENT_SCHEMA'
  | 'CURRENT_WAREHOUSE'
  | 'CURRENT_ACCOUNT';

export type SelectItem =
  | { kind: 'context'; fn: ContextFunction; column: string }
  | { kind: 'decode-pat'; secret: string; column: string }
  | { kind: 'integer'; value: number; column: string }
  /** Emulator-only time control (not Snowflake): SYSTEM$EMULATOR_NOW / _ADVANCE_CLOCK(seconds) / _SET_CLOCK('iso'). */
  | { kind: 'emulator-clock'; op: 'now'; column: string }
  | { kind: 'emulator-clock'; op: 'advance'; seconds: number; column: string }
  | { kind: 'emulator-clock'; op: 'set'; iso: string; column: string };

export interface Select {
  kind: 'select';
  items: SelectItem[];
}

export interface ShowPipes {
  kind: 'show-pipes';
  like?: string;
  database?: string;
  schema?: string;
  inAccount?: boolean;
}
export interface DescribePipe {
  kind: 'describe-pipe';
  database?: string;
  schema?: string;
  name: string;
}
export interface Use {
  kind: 'use';
  object: 'ROLE' | 'WAREHOUSE' | 'DATABASE' | 'SCHEMA';
  name: string;
  /** For USE SCHEMA db.sc. */
  database?: string;
}
export interface ShowUsers {
  kind: 'show-users';
  like?: string;
}
export interface DescribeUser {
  kind: 'describe-user';
  user: string;
}

export interface UserProperties {
  password?: string;
  loginName?: string;
  displayName?: string;
  type?: 'PERSON' | 'SERVICE' | 'LEGACY_SERVICE';
  defaultRole?: string;
  defaultWarehouse?: string;
  defaultNamespace?: string;
  disabled?: boolean;
  comment?: string;
  networkPolicy?: string;
  rsaPublicKey?: string;
  rsaPublicKey2?: string;
}
export type UnsetUserProperty = 'PASSWORD' | 'DISPLAY_NAME' | 'DEFAULT_ROLE' | 'DEFAULT_WAREHOUSE' | 'DEFAULT_NAMESPACE' | 'COMMENT' | 'NETWORK_POLICY' | 'TYPE'
  | 'RSA_PUBLIC_KEY' | 'RSA_PUBLIC_KEY_2';

export interface CreateUser {
  kind: 'create-user';
  orReplace: boolean;
  ifNotExists: boolean;
  user: string;
  props: UserProperties;
}
export interface AlterUserSet {
  kind: 'alter-user-set';
  ifExists: boolean;
  user: string;
  set?: UserProperties;
  unset?: UnsetUserProperty[];
}
export interface DropUser {
  kind: 'drop-user';
  ifExists: boolean;
  user: string;
}
export interface CreateRole {
  kind: 'create-role';
  orReplace: boolean;
  ifNotExists: boolean;
  role: string;
  comment?: string;
}
export interface GrantRole {
  kind: 'grant-role';
  role: string;
  user: string;
}
export interface RevokeRole {
  kind: 'revoke-role';
  role: string;
  user: string;
}
export type UserPrivilege = 'OWNERSHIP' | 'MODIFY' | 'MODIFY PROGRAMMATIC AUTHENTICATION METHODS';
export interface GrantUserPrivilege {
  kind: 'grant-user-privilege';
  privilege: UserPrivilege;
  user: string;
  role: string;
}
export interface CreateNetworkPolicy {
  kind: 'create-network-policy';
  orReplace: boolean;
  ifNotExists: boolean;
  name: string;
  allowedIpList: string[];
  blockedIpList: string[];
  comment?: string;
}

/** A column of an ACCOUNT_USAGE view, optionally `col:KEY::VARCHAR` into an OBJECT column. */
export interface ViewItem {
  column: string;
  /** Key of an OBJECT column (`ADDITIONAL_DETAILS:ROLE_RESTRICTION`), case-sensitive as written. */
  path?: string;
  /** `::VARCHAR` (also STRING, TEXT). */
  cast?: 'VARCHAR';
  /** Result column name: the alias, else the column name (upper case). */
  name: string;
}
/** The right-hand side of a WHERE comparison. `now` is CURRENT_TIMESTAMP() shifted by DATEADD. */
export type ViewValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'now'; offsetMs: number };
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export interface ViewCondition {
  column: string;
  op: ComparisonOp;
  value: ViewValue;
}
/**
 * SELECT … FROM <db>.<schema>.<view> [WHERE c {AND c}] [ORDER BY col [ASC|DESC] {, …}] [LIMIT n]:
 * the shapes `pat usage` and `pat inventory` send to SNOWFLAKE.ACCOUNT_USAGE.
 */
export interface SelectFromView {
  kind: 'select-view';
  /** Resolved name parts as written (1–3). */
  from: string[];
  /** undefined = `*`. */
  items?: ViewItem[];
  where: ViewCondition[];
  orderBy: { column: string; desc: boolean }[];
  limit?: number;
}

// ---------- authentication policies (facts §9.3) ----------
export type NetworkPolicyEvaluation = 'ENFORCED_REQUIRED' | 'ENFORCED_NOT_REQUIRED' | 'NOT_ENFORCED';
/** PAT_POLICY = ( … ): only the properties written; the rest keep their defaults. */
export interface PatPolicyProps {
  defaultExpiryInDays?: number;
  maxExpiryInDays?: number;
  networkPolicyEvaluation?: NetworkPolicyEvaluation;
  requireRoleRestrictionForServiceUsers?: boolean;
  requireRoleRestrictionForPersonUsers?: boolean;
}
export interface AuthPolicyProps {
  authenticationMethods?: string[];
  patPolicy?: PatPolicyProps;
  comment?: string;
}
export type AuthPolicyProperty = 'AUTHENTICATION_METHODS' | 'PAT_POLICY' | 'COMMENT';
export interface CreateAuthPolicy {
  kind: 'create-auth-policy';
  orReplace: boolean;
  orAlter: boolean;
  ifNotExists: boolean;
  name: string;
  props: AuthPolicyProps;
}
export interface AlterAuthPolicy {
  kind: 'alter-auth-policy';
  ifExists: boolean;
  name: string;
  set?: AuthPolicyProps;
  unset?: AuthPolicyProperty[];
  rename?: string;
}
export interface DropAuthPolicy {
  kind: 'drop-auth-policy';
  ifExists: boolean;
  name: string;
}
export interface DescribeAuthPolicy {
  kind: 'describe-auth-policy';
  name: string;
}
export interface ShowAuthPolicies {
  kind: 'show-auth-policies';
  like?: string;
}
/** ALTER USER <u> SET|UNSET AUTHENTICATION POLICY [<p>] and ALTER ACCOUNT …; `policy` undefined = UNSET. */
export interface AttachAuthPolicy {
  kind: 'attach-auth-policy';
  target: { user: string; ifExists: boolean } | 'ACCOUNT';
  policy?: string;
}

export type Statement =
  | CreateAuthPolicy
  | AlterAuthPolicy
  | DropAuthPolicy
  | DescribeAuthPolicy
  | ShowAuthPolicies
  | AttachAuthPolicy
  | SelectFromView
  | AlterUserPat
  | ShowPats
  | Select
  | ShowPipes
  | DescribePipe
  | Use
  | ShowUsers
  | DescribeUser
  | CreateUser
  | AlterUserSet
  | DropUser
  | CreateRole
  | GrantRole
  | RevokeRole
  | GrantUserPrivilege
  | CreateNetworkPolicy;
