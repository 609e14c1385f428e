/**
 * The only place that builds SQL text. Every identifier and literal that reaches Snowflake passes through
 * `identifier`, `tokenName`, `roleName` or `stringLiteral` here; nothing else pastes strings into SQL.
 * Grammar source: ../shared/snowflake-pat-facts.md §1 (the documented ALTER USER … PROGRAMMATIC ACCESS TOKEN forms).
 * Validation failures are UsageErrors (exit 2) naming the field, raised before any connection is opened.
 */
import { integerInRange } from '../../kernel/numbers.js';
import { printable } from '../../kernel/text.js';
import { UsageError } from '../../errors.js';

/** A statement ready to send. Kept as a type so a raw string cannot be passed where SQL is expected. */
export interface Sql {
  readonly text: string;
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
// Documented rule for token names: letters, digits, underscores, starting with a letter or underscore (§1.7).
const TOKEN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_IDENTIFIER_LENGTH = 255;
// C0/C1 controls other than the three we escape, and lone surrogates: never meaningful in a name or comment.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/**
 * Snowflake's reserved keywords, plus the words of the PAT grammar itself. A plain name equal to one of these is
 * quoted (users, roles) or refused (token names, which are sent unquoted because quoted token names are UNCONFIRMED).
 */
const KEYWORDS = new Set(
  (
    'ACCOUNT ALL ALTER AND ANY AS BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONNECTION CONSTRAINT CREATE CROSS ' +
    'CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DATABASE DELETE DISTINCT DROP ELSE EXISTS ' +
    'FALSE FOLLOWING FOR FROM FULL GRANT GROUP GSCLUSTER HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ' +
    'ISSUE JOIN LATERAL LEFT LIKE LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION ' +
    'QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE SCHEMA SELECT SET SOME START TABLE TABLESAMPLE THEN TO ' +
    'TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE USING VALUES VIEW WHEN WHENEVER WHERE WITH ' +
    // the PAT statements' own words
    'ADD ROTATE REMOVE MODIFY IF PAT PATS PROGRAMMATIC USER USERS UNSET RENAME ROLE_RESTRICTION DAYS_TO_EXPIRY ' +
    'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT COMMENT EXPIRE_ROTATED_TOKEN_AFTER_HOURS DISABLED'
  ).split(' '),
);

function refuseUnprintable(value: string, field: string): void {
  if (value.length === 0) throw new UsageError(`${field} must not be empty.`);
  if (FORBIDDEN_CHARACTERS.test(value)) throw new UsageError(`${field} contains a control character.`);
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** An already-quoted identifier (`"My User"`) given by the user: its inner text, or undefined if not of that form. */
function unwrapQuoted(value: string): string | undefined {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return undefined;
  const inner = value.slice(1, -1);
  // Inside, every quote must be doubled; otherwise the value is not a single quoted identifier.
  if (inner.replaceAll('""', '').includes('"')) return undefined;
  return inner.replaceAll('""', '"');
}

/**
 * The exact stored name an object identifier resolves to: plain names resolve to upper case, quoted ones
 * (`"mixed Case"`) keep case, anything else (spaces, dots, quotes…) is taken verbatim as a case-sensitive name.
 */
export function resolvedName(value: string, field: string): string {
  refuseUnprintable(value, field);
  const inner = unwrapQuoted(value);
  const name = inner ?? (PLAIN_IDENTIFIER.test(value) ? value.toUpperCase() : value);
  if (name.length === 0) throw new UsageError(`${field} must not be empty.`);
  if (name.length > MAX_IDENTIFIER_LENGTH) {
    throw new UsageError(`${field} is ${name.length} characters long; Snowflake allows at most ${MAX_IDENTIFIER_LENGTH}.`);
  }
  return name;
}

/** A user (or role, database…) identifier: plain names stay unquoted, everything else is quoted exactly. */
export function identifier(value: string, field: string): string {
  const name = resolvedName(value, field);
  const plain = PLAIN_IDENTIFIER.test(value) && !KEYWORDS.has(value.toUpperCase());
  return plain ? value : quoted(name);
}

/**
 * A token name, validated against the documented rule and sent unquoted (Snowflake stores it upper-cased).
 * Returns the name as the user typed it; compare names with `sameTokenName`.
 */
export function tokenName(value: string, field = '--name'): string {
  refuseUnprintable(value, field);
  if (value.length > MAX_IDENTIFIER_LENGTH) {
    throw new UsageError(`${field} is ${value.length} characters long; Snowflake allows at most ${MAX_IDENTIFIER_LENGTH}.`);
  }
  if (!TOKEN_NAME.test(value)) {
    throw new UsageError(
      `${field} "${printable(value)}" is not a valid token name.`,
      'Use letters, digits and underscores, starting with a letter or underscore (e.g. thermal_pat).',
    );
  }
  if (KEYWORDS.has(value.toUpperCase())) {
    throw new UsageError(`${field} "${value}" is a reserved SQL word; choose another token name.`);
  }
  return value;
}

/** Token names are plain identifiers, so they compare case-insensitively (Snowflake stores them upper-cased). */
export function sameTokenName(a: string | undefined | null, b: string | undefined | null): boolean {
  return a != null && b != null && a.toUpperCase() === b.toUpperCase();
}

/** Do two user identifiers name the same user? (Plain names resolve to upper case, quoted ones keep case.) */
export function sameUser(a: string, b: string): boolean {
  return resolvedName(a, 'user') === resolvedName(b, 'user');
}

/**
 * A role name for ROLE_RESTRICTION, which takes a string literal holding the role's stored name.
 * UNCONFIRMED whether Snowflake upper-cases that literal itself; we send the resolved (stored) form, which is
 * correct either way for plain names.
 */
export function roleName(value: string, field = '--role-restriction'): string {
  return resolvedName(value, field);
}

/** A single-quoted string literal: `'` doubled, `\` escaped, newlines and tabs as escapes, other controls refused. */
export function stringLiteral(value: string, field: string): string {
  if (FORBIDDEN_CHARACTERS.test(value)) throw new UsageError(`${field} contains a control character.`);
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "''")
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t');
  return `'${escaped}'`;
}

export { integerInRange };

// ---------------------------------------------------------------------------------------------------------------
// Statements. `user` is optional in the grammar (defaults to the session's user); we always pass it when known.

function alterUser(user: string | undefined): string {
  return user === undefined ? 'ALTER USER' : `ALTER USER ${identifier(user, '--user')}`;
}

export interface AddPatSpec {
  user?: string;
  name: string;
  roleRestriction?: string;
  daysToExpiry?: number;
  minsToBypassNetworkPolicy?: number;
  comment?: string;
}

/**
 * ADD … IF NOT EXISTS (facts §9.1): when the name is taken, Snowflake does nothing and returns no secret, so a
 * create can never touch a token that already exists — not another config's, not a retry's.
 */
export function addPat(spec: AddPatSpec): Sql {
  const parts = [`${alterUser(spec.user)} ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS ${tokenName(spec.name)}`];
  if (spec.roleRestriction !== undefined) {
    parts.push(`ROLE_RESTRICTION = ${stringLiteral(roleName(spec.roleRestriction), '--role-restriction')}`);
  }
  if (spec.daysToExpiry !== undefined) parts.push(`DAYS_TO_EXPIRY = ${spec.daysToExpiry}`);
  if (spec.minsToBypassNetworkPolicy !== undefined) {
    parts.push(`MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = ${spec.minsToBypassNetworkPolicy}`);
  }
  if (spec.comment !== undefined) parts.push(`COMMENT = ${stringLiteral(spec.comment, '--comment')}`);
  return { text: parts.join(' ') };
}

export function rotatePat(spec: { user?: string; name: string; expireRotatedAfterHours?: number }): Sql {
  let text = `${alterUser(spec.user)} ROTATE PROGRAMMATIC ACCESS TOKEN ${tokenName(spec.name)}`;
  if (spec.expireRotatedAfterHours !== undefined) {
    text += ` EXPIRE_ROTATED_TOKEN_AFTER_HOURS = ${spec.expireRotatedAfterHours}`;
  }
  return { text };
}

/**
 * REMOVE … IF EXISTS (facts §9.1): a token that is already gone counts as removed, so a revoke whose reply was
 * lost (or that was killed before it cleared the config) can simply run again.
 */
export function removePat(spec: { user?: string; name: string }): Sql {
  return { text: `${alterUser(spec.user)} REMOVE PROGRAMMATIC ACCESS TOKEN IF EXISTS ${tokenName(spec.name)}` };
}

export type PatModification =
  | { kind: 'rename'; to: string }
  | { kind: 'set-disabled'; disabled: boolean }
  | { kind: 'set-comment'; comment: string }
  | { kind: 'unset-comment' };

export function modifyPat(spec: { user?: string; name: string; change: PatModification }): Sql {
  const head = `${alterUser(spec.user)} MODIFY PROGRAMMATIC ACCESS TOKEN ${tokenName(spec.name)}`;
  const change = spec.change;
  switch (change.kind) {
    case 'rename':
      return { text: `${head} RENAME TO ${tokenName(change.to, '--to')}` };
    case 'set-disabled':
      return { text: `${head} SET DISABLED = ${change.disabled ? 'TRUE' : 'FALSE'}` };
    case 'set-comment':
      return { text: `${head} SET COMMENT = ${stringLiteral(change.comment, '--set')}` };
    case 'unset-comment':
      return { text: `${head} UNSET COMMENT` };
  }
}

export function showPats(spec: { user?: string }): Sql {
  const forUser = spec.user === undefined ? '' : ` FOR USER ${identifier(spec.user, '--user')}`;
  return { text: `SHOW USER PROGRAMMATIC ACCESS TOKENS${forUser}` };
}

/** The one query `pat test-connection` runs: who and where the PAT session is. */
export function sessionContext(): Sql {
  return {
    // No aliases: USER, DATABASE and SCHEMA are reserved words; columns come back named after the functions.
    text: 'SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ACCOUNT()',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SNOWFLAKE.ACCOUNT_USAGE (`pat usage`, `pat inventory`). Column names from Snowflake's reference pages:
// docs.snowflake.com/en/sql-reference/account-usage/login_history and …/account-usage/credentials.
// FIRST_AUTHENTICATION_FACTOR = 'PROGRAMMATIC_ACCESS_TOKEN' is the filter the PAT guide itself uses when joining
// LOGIN_HISTORY to CREDENTIALS. Both views document a latency of up to 2 hours.

function wholeDays(days: number, field: string): number {
  if (!Number.isInteger(days) || days < 0) throw new UsageError(`${field} must be a whole number of days; got ${days}.`);
  return days;
}

/** PAT logins (successful and failed) of one user in the last `days` days, newest first. */
export function patLoginHistory(spec: { user: string; days: number }): Sql {
  const user = stringLiteral(resolvedName(spec.user, '--user'), '--user');
  const days = wholeDays(spec.days, '--days');
  return {
    text:
      'SELECT EVENT_TIMESTAMP, USER_NAME, CLIENT_IP, REPORTED_CLIENT_TYPE, REPORTED_CLIENT_VERSION, IS_SUCCESS, ERROR_CODE, ERROR_MESSAGE ' +
      'FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY ' +
      `WHERE USER_NAME = ${user} AND FIRST_AUTHENTICATION_FACTOR = 'PROGRAMMATIC_ACCESS_TOKEN' ` +
      `AND EVENT_TIMESTAMP >= DATEADD(DAY, -${days}, CURRENT_TIMESTAMP()) ` +
      'ORDER BY EVENT_TIMESTAMP DESC',
  };
}

/**
 * Every PAT in the account, soonest expiry first. With `expiringWithinDays`, only tokens not yet expired that
 * expire within that many days. ROLE_RESTRICTION is a key of the ADDITIONAL_DETAILS OBJECT for TYPE = 'PAT'.
 */
export function patCredentials(spec: { expiringWithinDays?: number }): Sql {
  let where = "WHERE TYPE = 'PAT'";
  if (spec.expiringWithinDays !== undefined) {
    const days = wholeDays(spec.expiringWithinDays, '--expiring-within');
    where += ` AND EXPIRATION_DATE > CURRENT_TIMESTAMP() AND EXPIRATION_DATE <= DATEADD(DAY, ${days}, CURRENT_TIMESTAMP())`;
  }
  return {
    text:
      'SELECT NAME, USER_NAME, STATUS, ADDITIONAL_DETAILS:ROLE_RESTRICTION::VARCHAR AS ROLE_RESTRICTION, EXPIRATION_DATE, ' +
      'CREATED_ON, CREATED_BY, LAST_USED_ON, COMMENT ' +
      `FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS ${where} ` +
      'ORDER BY EXPIRATION_DATE, USER_NAME, NAME',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// `pat doctor`: what it runs, and the fixes it prints (shown, never sent).

export function describeUser(user: string): Sql {
  return { text: `DESCRIBE USER ${identifier(user, 'user')}` };
}

/** The grant that lets `role` manage `user`'s tokens ([GUIDE], facts §1.6). */
export function grantModifyPatMethods(spec: { user: string; role: string }): Sql {
  return {
    text: `GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER ${identifier(spec.user, 'user')} TO ROLE ${identifier(spec.role, 'role')};`,
  };
}

/** Placeholder the user replaces with the service's egress address: narrow on purpose, never 0.0.0.0/0. */
export const EGRESS_IP_PLACEHOLDER = '<your-egress-ip>/32';

/** A user-level network policy allowing only the service's egress address, and attaching it (facts §3.3, §7). */
export function networkPolicyFix(spec: { user: string; policy: string; allowedIp?: string }): Sql[] {
  const policy = identifier(spec.policy, 'network policy');
  return [
    { text: `CREATE NETWORK POLICY ${policy} ALLOWED_IP_LIST = (${stringLiteral(spec.allowedIp ?? EGRESS_IP_PLACEHOLDER, 'ip')});` },
    { text: `ALTER USER ${identifier(spec.user, 'user')} SET NETWORK_POLICY = ${policy};` },
  ];
}

/** PERSON users: an authentication policy whose PAT_POLICY does not require a network policy ([GUIDE], facts §3.3). */
export function authenticationPolicyFix(spec: { user: string; policy: string }): Sql[] {
  const policy = identifier(spec.policy, 'authentication policy');
  return [
    { text: `CREATE AUTHENTICATION POLICY ${policy} PAT_POLICY = ( NETWORK_POLICY_EVALUATION = ENFORCED_NOT_REQUIRED );` },
    { text: `ALTER USER ${identifier(spec.user, 'user')} SET AUTHENTICATION POLICY ${policy};` },
  ];
}
