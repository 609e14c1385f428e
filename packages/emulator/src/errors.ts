// Snowflake-shaped errors. The driver copies `code` (a string), `message` and
// `data.sqlState` into the error it hands to callers, so those three are the
// contract; everything else is decoration.
export class SfError extends Error {
  readonly code: string;
  readonly sqlState: string | undefined;
  readonly data: Record<string, unknown>;

  constructor(code: string, sqlState: string | undefined, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SfError';
    this.code = code;
    this.sqlState = sqlState;
    this.data = data;
  }
}

/** Quotes a name the way Snowflake prints object names in messages (upper-case unquoted, as stored). */
const q = (name: string): string => `'${name}'`;

export const errors = {
  syntax(line: number, pos: number, unexpected: string): SfError {
    return new SfError('001003', '42000', `SQL compilation error:\nsyntax error line ${line} at position ${pos} unexpected '${unexpected}'.`);
  },
  statementCount(actual: number): SfError {
    return new SfError('000008', '0A000', `Actual statement count ${actual} did not match the desired statement count 1.`);
  },
  userNotFound(user: string): SfError {
    return new SfError('002003', '02000', `SQL compilation error:\nUser ${q(user)} does not exist or not authorized.`);
  },
  objectNotFound(kind: string, name: string): SfError {
    return new SfError('002003', '02000', `SQL compilation error:\n${kind} ${q(name)} does not exist or not authorized.`);
  },
  alreadyExists(kind: string, name: string): SfError {
    return new SfError('002002', '42710', `SQL compilation error:\n${kind} ${q(name)} already exists.`);
  },
  insufficientOnUser(user: string): SfError {
    return new SfError('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on user ${q(user)}.`);
  },
  insufficientOnAccount(account: string): SfError {
    return new SfError('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on account ${q(account)}.`);
  },
  unknownFunction(name: string): SfError {
    return new SfError('002140', '42601', `SQL compilation error:\nUnknown function ${name}`);
  },
  // UNCONFIRMED: code and text for an out-of-range numeric property.
  invalidValue(param: string, value: number | string): SfError {
    return new SfError('001008', '22023', `SQL compilation error:\ninvalid value [${value}] for parameter '${param}'`);
  },
  // UNCONFIRMED: code and text for the 15-token limit.
  tooManyTokens(user: string, max: number): SfError {
    return new SfError('394411', '54000', `Maximum number of programmatic access tokens (${max}) reached for user ${q(user)}.`);
  },
  // UNCONFIRMED: the text; 390432 itself is field-reported for login, reused here for ADD.
  networkPolicyRequired(): SfError {
    return new SfError('390432', '28000', 'Network policy is required.', { nextAction: 'RETRY_LOGIN', authnMethod: 'PAT' });
  },
  // UNCONFIRMED: code and text.
  roleRestrictionRequired(user: string): SfError {
    return new SfError('394412', '42601', `ROLE_RESTRICTION is required for programmatic access tokens of user ${q(user)} with TYPE=SERVICE.`);
  },
  // UNCONFIRMED: code and text.
  roleNotGranted(role: string, user: string): SfError {
    return new SfError('394413', '42501', `Role ${q(role)} is not granted to user ${q(user)}.`);
  },
  // UNCONFIRMED: code and text (the rule itself is documented).
  patSessionForbidden(): SfError {
    return new SfError('394414', '42501', 'You cannot modify, rename, rotate, or revoke a programmatic access token in a session where you used a programmatic access token for authentication.');
  },
  // UNCONFIRMED: code and text.
  tokenNotRotatable(name: string, reason: string): SfError {
    return new SfError('394415', '22023', `Programmatic access token ${q(name)} cannot be rotated: ${reason}`);
  },
  // UNCONFIRMED: code and text (the rule — a rotated object can only be expired or removed — is documented).
  tokenNotModifiable(name: string): SfError {
    return new SfError('394416', '22023', `Programmatic access token ${q(name)} holds a rotated secret and can only be removed.`);
  },
  // UNCONFIRMED: code and text.
  policyAttached(name: string): SfError {
    return new SfError('003128', '55000', `SQL compilation error:\nAuthentication policy ${q(name)} is attached to one or more users or the account; unset it first.`);
  },
  // UNCONFIRMED: code and text for an ADD the user's authentication policy does not allow.
  patNotAllowedByPolicy(user: string): SfError {
    return new SfError('394417', '42501', `The authentication policy of user ${q(user)} does not allow programmatic access tokens.`);
  },
  // UNCONFIRMED: code and text for DAYS_TO_EXPIRY above the policy's MAX_EXPIRY_IN_DAYS.
  expiryAboveMax(days: number, max: number): SfError {
    return new SfError('001008', '22023', `SQL compilation error:\ninvalid value [${days}] for parameter 'DAYS_TO_EXPIRY' (the authentication policy allows at most ${max}).`);
  },
  // UNCONFIRMED: code; the text is the one field reports quote for logins an authentication policy rejects.
  policyRejectsLogin(): SfError {
    return new SfError('394304', '08004', 'Authentication attempt rejected by the current authentication policy.', { nextAction: 'RETRY_LOGIN' });
  },
  // UNCONFIRMED: code and text for USE ROLE of a role the user does not hold.
  roleNotAssigned(role: string): SfError {
    return new SfError('003013', '42501', `SQL compilation error:\nRequested role ${q(role)} is not assigned to the executing user. Specify another role to activate.`);
  },
  // UNCONFIRMED: USE of an unknown warehouse/database/schema.
  useFailed(): SfError {
    return new SfError('002043', '02000', 'SQL compilation error:\nObject does not exist, or operation cannot be performed.');
  },
  // UNCONFIRMED: SHOW PIPES without a current schema.
  noCurrentSchema(what: string): SfError {
    return new SfError('090106', '22000', `Cannot perform ${what}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.`);
  },

  // ---- login-time errors (no sqlState on the wire except where noted) ----
  badPassword(loginName: string): SfError {
    return new SfError('390100', undefined, 'Incorrect username or password was specified.', {
      nextAction: 'RETRY_LOGIN', authnMethod: 'PASSWORD', loginName,
    });
  },
  userDisabled(): SfError {
    return new SfError('390101', undefined, 'User access disabled. Contact your local system administrator.', { nextAction: 'RETRY_LOGIN' });
  },
  patInvalid(): SfError {
    return new SfError('394400', '28000', 'Programmatic access token is invalid.', { nextAction: 'RETRY_LOGIN', authnMethod: 'PAT', signInOptions: {} });
  },
  // UNCONFIRMED: code and text are field reports (facts §8, §9.5); the data mirrors 394400's.
  patExpired(): SfError {
    return new SfError('394401', '28000', 'Programmatic access token is expired', { nextAction: 'RETRY_LOGIN', authnMethod: 'PAT', signInOptions: {} });
  },
  // Facts §9.4: "JWT token is invalid." (driver-visible, widely quoted).
  jwtInvalid(): SfError {
    return new SfError('390144', '08004', 'JWT token is invalid.', { nextAction: 'RETRY_LOGIN', authnMethod: 'KEY_PAIR' });
  },
  // UNCONFIRMED: code and text for a malformed RSA_PUBLIC_KEY value.
  invalidPublicKey(): SfError {
    return new SfError('002029', '22023', 'SQL compilation error:\nInvalid RSA public key: expected base64 DER (SPKI) without PEM header and footer.');
  },
  roleInConnectString(role: string): SfError {
    return new SfError('390189', '08004',
      `Role '${role}' specified in the connect string does not exist or not authorized. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`);
  },
  // UNCONFIRMED: the exact wording; field reports show the IP and "is not allowed to access Snowflake".
  ipNotAllowed(ip: string): SfError {
    return new SfError('390422', '08004',
      `IP ${ip} is not allowed to access Snowflake.  Contact your local security administrator or please create a case with Snowflake Support or reach us on our support line.`);
  },
  sessionExpired(): SfError {
    return new SfError('390112', undefined, 'Your session has expired. Please login again.');
  },
  sessionGone(): SfError {
    return new SfError('390111', undefined, 'Session no longer exists.  New login required to access the service.');
  },
  masterTokenInvalid(): SfError {
    return new SfError('390114', undefined, 'Authentication token has expired.  The user must authenticate again.');
  },
};
