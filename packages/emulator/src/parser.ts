// Recursive-descent parser for exactly the documented statement grammar (see
// /work/shared/snowflake-pat-facts.md §1). Anything outside it is rejected with
// Snowflake's syntax-error shape (001003 / 42000) pointing at the first token
// that does not fit, e.g. the `=` in the often-copied
// `ADD PROGRAMMATIC ACCESS TOKEN NAME = 'x' EXPIRES_IN = 90`.
import { errors } from './errors.js';
import { tokenize, type Token } from './lexer.js';
import type {
  AlterUserPat, AuthPolicyProperty, AuthPolicyProps, ComparisonOp, PatPolicyProps, ContextFunction, SelectFromView, SelectItem, Statement, UnsetPatProperty, UnsetUserProperty,
  UserPrivilege, UserProperties, ViewCondition, ViewItem, ViewValue,
} from './statements.js';

export type * from './statements.js';

const CONTEXT_FUNCTIONS: readonly ContextFunction[] = [
  'CURRENT_USER', 'CURRENT_ROLE', 'CURRENT_DATABASE', 'CURRENT_SCHEMA', 'CURRENT_WAREHOUSE', 'CURRENT_ACCOUNT',
];
const PAT_ACTIONS = ['ADD', 'ROTATE', 'REMOVE', 'MODIFY'] as const;

export function parseStatement(sql: string): Statement {
  return new Parser(tokenize(sql)).statement();
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  // ---------- cursor helpers ----------
  private peek(k = 0): Token {
    const t = this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
    if (!t) throw new Error('lexer produced no tokens');
    return t;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private fail(t: Token = this.peek()): never {
    throw errors.syntax(t.line, t.pos, t.text);
  }
  /** True when the token is the given keyword (unquoted identifiers only: "ADD" is a name, not a keyword). */
  private isKw(kw: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.value === kw;
  }
  private acceptKw(...kws: string[]): boolean {
    for (let k = 0; k < kws.length; k++) if (!this.isKw(kws[k] as string, k)) return false;
    this.i += kws.length;
    return true;
  }
  private expectKw(...kws: string[]): void {
    for (const kw of kws) {
      if (!this.isKw(kw)) this.fail();
      this.next();
    }
  }
  private isPunct(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.value === p;
  }
  private expectPunct(p: string): void {
    if (!this.isPunct(p)) this.fail();
    this.next();
  }
  private identifier(): string {
    const t = this.peek();
    if (t.kind !== 'ident' && t.kind !== 'qident') this.fail();
    this.next();
    return t.value;
  }
  /** db.schema.object with optional leading parts. */
  private qualifiedName(maxParts: number): string[] {
    const parts = [this.identifier()];
    while (parts.length < maxParts && this.isPunct('.')) {
      this.next();
      parts.push(this.identifier());
    }
    return parts;
  }
  private stringLiteral(): string {
    const t = this.peek();
    if (t.kind !== 'string') this.fail();
    this.next();
    return t.value;
  }
  private integer(): number {
    let sign = 1;
    if (this.isPunct('-') || this.isPunct('+')) {
      if (this.next().value === '-') sign = -1;
    }
    const t = this.peek();
    if (t.kind !== 'number' || !/^[0-9]+$/.test(t.value)) this.fail();
    this.next();
    return sign * Number(t.value);
  }
  private boolean(): boolean {
    const t = this.peek();
    if (t.kind === 'ident' && (t.value === 'TRUE' || t.value === 'FALSE')) {
      this.next();
      return t.value === 'TRUE';
    }
    return this.fail();
  }
  /** `<KW> =` where KW is one of a fixed set, each at most once. Returns the keyword or undefined. */
  private propertyName<K extends string>(allowed: readonly K[], seen: Set<string>): K | undefined {
    const t = this.peek();
    if (t.kind !== 'ident') return undefined;
    const kw = allowed.find((a) => a === t.value);
    if (!kw) return undefined;
    if (seen.has(kw)) this.fail(); // a repeated property is as unexpected as a misplaced one
    seen.add(kw);
    this.next();
    this.expectPunct('=');
    return kw;
  }
  private end(): void {
    if (this.isPunct(';')) {
      this.next();
      if (this.peek().kind !== 'eof') {
        // Snowflake runs one statement per request unless told otherwise.
        let count = 2;
        for (let k = this.i; k < this.tokens.length - 1; k++) if (this.tokens[k]?.value === ';' && this.tokens[k]?.kind === 'punct' && this.tokens[k + 1]?.kind !== 'eof') count++;
        throw errors.statementCount(count);
      }
    }
    if (this.peek().kind !== 'eof') this.fail();
  }

  // ---------- statements ----------
  statement(): Statement {
    const t = this.peek();
    let s: Statement;
    if (this.acceptKw('ALTER', 'USER')) s = this.alterUser();
    else if (this.acceptKw('ALTER', 'AUTHENTICATION', 'POLICY')) s = this.alterAuthPolicy();
    else if (this.acceptKw('ALTER', 'ACCOUNT')) s = this.alterAccount();
    else if (this.acceptKw('DROP', 'AUTHENTICATION', 'POLICY')) {
      const ifExists = this.acceptKw('IF', 'EXISTS');
      s = { kind: 'drop-auth-policy', ifExists, name: this.policyName() };
    }
    else if (this.acceptKw('SHOW')) s = this.show();
    else if (this.acceptKw('SELECT')) s = this.fromAhead() ? this.selectFromView() : this.select();
    else if (this.acceptKw('DESCRIBE') || this.acceptKw('DESC')) s = this.describe();
    else if (this.acceptKw('USE')) s = this.use();
    else if (this.acceptKw('CREATE')) s = this.create();
    else if (this.acceptKw('GRANT')) s = this.grant();
    else if (this.acceptKw('REVOKE')) s = this.revoke();
    else if (this.acceptKw('DROP', 'USER')) {
      const ifExists = this.acceptKw('IF', 'EXISTS');
      s = { kind: 'drop-user', ifExists, user: this.identifier() };
    } else if (t.kind === 'eof') {
      // An empty request; Snowflake reports the end of input.
      return this.fail(t);
    } else return this.fail(t);
    this.end();
    return s;
  }

  private alterUser(): Statement {
    const ifExists = this.acceptKw('IF', 'EXISTS');
    // `ALTER USER ADD PAT x` omits the user; tell that apart from a user named ADD
    // by looking one token further for PROGRAMMATIC / PAT.
    const userOmitted = PAT_ACTIONS.some((a) => this.isKw(a)) && (this.isKw('PROGRAMMATIC', 1) || this.isKw('PAT', 1));
    const user = userOmitted ? undefined : this.identifier();
    const action = PAT_ACTIONS.find((a) => this.isKw(a));
    if (action) {
      this.next();
      if (!this.acceptKw('PAT')) this.expectKw('PROGRAMMATIC', 'ACCESS', 'TOKEN');
      return this.patAction(action, ifExists, user);
    }
    if (user !== undefined && this.acceptKw('SET', 'AUTHENTICATION', 'POLICY')) {
      return { kind: 'attach-auth-policy', target: { user, ifExists }, policy: this.policyName() };
    }
    if (user !== undefined && this.acceptKw('UNSET', 'AUTHENTICATION', 'POLICY')) {
      return { kind: 'attach-auth-policy', target: { user, ifExists } };
    }
    if (user !== undefined && this.acceptKw('SET')) {
      return { kind: 'alter-user-set', ifExists, user, set: this.userProperties(true, true) };
    }
    if (user !== undefined && this.acceptKw('UNSET')) {
      const allowed: UnsetUserProperty[] = ['PASSWORD', 'DISPLAY_NAME', 'DEFAULT_ROLE', 'DEFAULT_WAREHOUSE', 'DEFAULT_NAMESPACE', 'COMMENT', 'NETWORK_POLICY', 'TYPE',
        'RSA_PUBLIC_KEY', 'RSA_PUBLIC_KEY_2'];
      return { kind: 'alter-user-set', ifExists, user, unset: this.unsetList(allowed) };
    }
    return this.fail();
  }

  private patAction(action: (typeof PAT_ACTIONS)[number], ifExists: boolean, user: string | undefined): AlterUserPat {
    // The token-level clause sits between the keywords and the name (current [ADD]/[ROT]/[REM]/[MOD], facts §9.1):
    // ADD takes IF NOT EXISTS, the others IF EXISTS. A token literally named IF is still accepted when no
    // NOT/EXISTS follows it.
    const ifNotExists = action === 'ADD' && this.acceptKw('IF', 'NOT', 'EXISTS');
    const tokenIfExists = action !== 'ADD' && this.acceptKw('IF', 'EXISTS');
    const token = this.identifier();
    const base = { kind: 'alter-user-pat' as const, ifExists, token, ...(user !== undefined ? { user } : {}) };
    const seen = new Set<string>();
    switch (action) {
      case 'ADD': {
        const s: AlterUserPat = { ...base, action: 'ADD', ifNotExists };
        const props = ['ROLE_RESTRICTION', 'DAYS_TO_EXPIRY', 'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT', 'COMMENT'] as const;
        for (let p = this.propertyName(props, seen); p; p = this.propertyName(props, seen)) {
          // [ADD] documents a string literal; the Terraform provider's SDK sends an identifier
          // (`ROLE_RESTRICTION = "PUBLIC"`, its sql_Add_all unit case), which Snowflake accepts too.
          if (p === 'ROLE_RESTRICTION') s.roleRestriction = this.nameOrString();
          else if (p === 'DAYS_TO_EXPIRY') s.daysToExpiry = this.integer();
          else if (p === 'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT') s.minsToBypass = this.integer();
          else s.comment = this.stringLiteral();
        }
        return s;
      }
      case 'ROTATE': {
        const s: AlterUserPat = { ...base, action: 'ROTATE', tokenIfExists };
        if (this.propertyName(['EXPIRE_ROTATED_TOKEN_AFTER_HOURS'] as const, seen)) s.expireRotatedAfterHours = this.integer();
        return s;
      }
      case 'REMOVE':
        return { ...base, action: 'REMOVE', tokenIfExists };
      case 'MODIFY': {
        if (this.acceptKw('RENAME', 'TO')) return { ...base, action: 'MODIFY', tokenIfExists, rename: this.identifier() };
        if (this.acceptKw('SET')) {
          const set: { disabled?: boolean; minsToBypass?: number; comment?: string } = {};
          const props = ['DISABLED', 'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT', 'COMMENT'] as const;
          let p = this.propertyName(props, seen);
          if (!p) this.fail();
          while (p) {
            if (p === 'DISABLED') set.disabled = this.boolean();
            else if (p === 'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT') set.minsToBypass = this.integer();
            else set.comment = this.stringLiteral();
            // "separated by blank spaces, commas, or new lines" [MOD]
            if (this.isPunct(',')) this.next();
            p = this.propertyName(props, seen);
          }
          return { ...base, action: 'MODIFY', tokenIfExists, set };
        }
        if (this.acceptKw('UNSET')) {
          const allowed: UnsetPatProperty[] = ['DISABLED', 'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT', 'COMMENT'];
          return { ...base, action: 'MODIFY', tokenIfExists, unset: this.unsetList(allowed) };
        }
        return this.fail();
      }
    }
  }

  /** Comma-separated property names, each at most once; a value after a name is a syntax error. */
  private unsetList<K extends string>(allowed: readonly K[]): K[] {
    const out: K[] = [];
    for (;;) {
      const t = this.peek();
      const kw = t.kind === 'ident' ? allowed.find((a) => a === t.value) : undefined;
      if (!kw || out.includes(kw)) this.fail();
      this.next();
      out.push(kw);
      if (!this.isPunct(',')) return out;
      this.next();
    }
  }

  // ---------- authentication policies (facts §9.3) ----------
  /**
   * Authentication policies are schema-level objects in Snowflake; the emulator keeps one account-wide namespace and
   * takes the last part of a qualified name (UNCONFIRMED simplification).
   */
  private policyName(): string {
    const parts = this.qualifiedName(3);
    return parts[parts.length - 1] as string;
  }

  private alterAccount(): Statement {
    if (this.acceptKw('SET', 'AUTHENTICATION', 'POLICY')) return { kind: 'attach-auth-policy', target: 'ACCOUNT', policy: this.policyName() };
    this.expectKw('UNSET', 'AUTHENTICATION', 'POLICY');
    return { kind: 'attach-auth-policy', target: 'ACCOUNT' };
  }

  private alterAuthPolicy(): Statement {
    const ifExists = this.acceptKw('IF', 'EXISTS');
    const name = this.policyName();
    if (this.acceptKw('RENAME', 'TO')) return { kind: 'alter-auth-policy', ifExists, name, rename: this.policyName() };
    if (this.acceptKw('SET')) {
      const set = this.authPolicyProps();
      if (Object.keys(set).length === 0) this.fail();
      return { kind: 'alter-auth-policy', ifExists, name, set };
    }
    this.expectKw('UNSET');
    const allowed: AuthPolicyProperty[] = ['AUTHENTICATION_METHODS', 'PAT_POLICY', 'COMMENT'];
    return { kind: 'alter-auth-policy', ifExists, name, unset: this.unsetList(allowed) };
  }

  /** [AUTHENTICATION_METHODS = ('…', …)] [PAT_POLICY = ( … )] [COMMENT = '…'], spaces or commas between. */
  private authPolicyProps(): AuthPolicyProps {
    const props: AuthPolicyProps = {};
    const seen = new Set<string>();
    const names = ['AUTHENTICATION_METHODS', 'PAT_POLICY', 'COMMENT'] as const;
    for (let p = this.propertyName(names, seen); p; p = this.propertyName(names, seen)) {
      if (p === 'COMMENT') props.comment = this.stringLiteral();
      else if (p === 'AUTHENTICATION_METHODS') {
        const methods = this.stringList().map((m) => m.toUpperCase());
        const known = ['ALL', 'SAML', 'PASSWORD', 'OAUTH', 'KEYPAIR', 'PROGRAMMATIC_ACCESS_TOKEN', 'WORKLOAD_IDENTITY'];
        if (methods.length === 0 || methods.some((m) => !known.includes(m))) this.fail();
        props.authenticationMethods = methods;
      } else props.patPolicy = this.patPolicy();
      if (this.isPunct(',')) this.next();
    }
    return props;
  }

  private patPolicy(): PatPolicyProps {
    this.expectPunct('(');
    const out: PatPolicyProps = {};
    const seen = new Set<string>();
    const names = ['DEFAULT_EXPIRY_IN_DAYS', 'MAX_EXPIRY_IN_DAYS', 'NETWORK_POLICY_EVALUATION',
      'REQUIRE_ROLE_RESTRICTION_FOR_SERVICE_USERS', 'REQUIRE_ROLE_RESTRICTION_FOR_PERSON_USERS'] as const;
    for (let p = this.propertyName(names, seen); p; p = this.propertyName(names, seen)) {
      if (p === 'DEFAULT_EXPIRY_IN_DAYS') out.defaultExpiryInDays = this.integer();
      else if (p === 'MAX_EXPIRY_IN_DAYS') out.maxExpiryInDays = this.integer();
      else if (p === 'REQUIRE_ROLE_RESTRICTION_FOR_SERVICE_USERS') out.requireRoleRestrictionForServiceUsers = this.boolean();
      else if (p === 'REQUIRE_ROLE_RESTRICTION_FOR_PERSON_USERS') out.requireRoleRestrictionForPersonUsers = this.boolean();
      else {
        const t = this.peek();
        const v = t.kind === 'string' ? t.value.toUpperCase() : t.kind === 'ident' ? t.value : '';
        if (v !== 'ENFORCED_REQUIRED' && v !== 'ENFORCED_NOT_REQUIRED' && v !== 'NOT_ENFORCED') this.fail();
        this.next();
        out.networkPolicyEvaluation = v;
      }
      if (this.isPunct(',')) this.next();
    }
    this.expectPunct(')');
    return out;
  }

  private show(): Statement {
    if (this.acceptKw('AUTHENTICATION', 'POLICIES')) {
      return this.acceptKw('LIKE') ? { kind: 'show-auth-policies', like: this.stringLiteral() } : { kind: 'show-auth-policies' };
    }
    if (this.acceptKw('USER')) {
      if (!this.acceptKw('PATS')) this.expectKw('PROGRAMMATIC', 'ACCESS', 'TOKENS');
      if (this.acceptKw('FOR', 'USER')) return { kind: 'show-pats', forUser: this.identifier() };
      return { kind: 'show-pats' };
    }
    if (this.acceptKw('USERS')) {
      return this.acceptKw('LIKE') ? { kind: 'show-users', like: this.stringLiteral() } : { kind: 'show-users' };
    }
    if (this.acceptKw('PIPES')) {
      const s: Statement = { kind: 'show-pipes' };
      if (this.acceptKw('LIKE')) s.like = this.stringLiteral();
      if (this.acceptKw('IN')) {
        if (this.acceptKw('ACCOUNT')) s.inAccount = true;
        else if (this.acceptKw('DATABASE')) s.database = this.identifier();
        else {
          this.acceptKw('SCHEMA');
          const parts = this.qualifiedName(2);
          if (parts.length === 2) s.database = parts[0];
          s.schema = parts[parts.length - 1];
        }
      }
      return s;
    }
    return this.fail();
  }

  private describe(): Statement {
    if (this.acceptKw('AUTHENTICATION', 'POLICY')) return { kind: 'describe-auth-policy', name: this.policyName() };
    if (this.acceptKw('USER')) return { kind: 'describe-user', user: this.identifier() };
    if (this.acceptKw('PIPE')) {
      const parts = this.qualifiedName(3);
      const name = parts[parts.length - 1] as string;
      if (parts.length === 3) return { kind: 'describe-pipe', database: parts[0] as string, schema: parts[1] as string, name };
      if (parts.length === 2) return { kind: 'describe-pipe', schema: parts[0] as string, name };
      return { kind: 'describe-pipe', name };
    }
    return this.fail();
  }

  private use(): Statement {
    if (this.acceptKw('ROLE')) return { kind: 'use', object: 'ROLE', name: this.identifier() };
    if (this.acceptKw('WAREHOUSE')) return { kind: 'use', object: 'WAREHOUSE', name: this.identifier() };
    if (this.acceptKw('SCHEMA')) {
      const parts = this.qualifiedName(2);
      if (parts.length === 2) return { kind: 'use', object: 'SCHEMA', database: parts[0] as string, name: parts[1] as string };
      return { kind: 'use', object: 'SCHEMA', name: parts[0] as string };
    }
    this.acceptKw('DATABASE'); // `USE db` means USE DATABASE db
    const parts = this.qualifiedName(2);
    // `USE db.sc` sets both, like USE SCHEMA db.sc.
    if (parts.length === 2) return { kind: 'use', object: 'SCHEMA', database: parts[0] as string, name: parts[1] as string };
    return { kind: 'use', object: 'DATABASE', name: parts[0] as string };
  }

  private select(): Statement {
    const items: SelectItem[] = [];
    for (;;) {
      items.push(this.selectItem());
      if (!this.isPunct(',')) break;
      this.next();
    }
    return { kind: 'select', items };
  }

  /**
   * Does the statement read FROM SNOWFLAKE.ACCOUNT_USAGE.<view>? Only those SELECTs take the view grammar; any
   * other FROM stays a syntax error, as before.
   */
  private fromAhead(): boolean {
    for (let k = this.i; k < this.tokens.length; k++) {
      const t = this.tokens[k];
      if (t?.kind === 'ident' && t.value === 'FROM') {
        const is = (d: number, kind: string, value: string) => this.tokens[k + d]?.kind === kind && this.tokens[k + d]?.value === value;
        return is(1, 'ident', 'SNOWFLAKE') && is(2, 'punct', '.') && is(3, 'ident', 'ACCOUNT_USAGE') && is(4, 'punct', '.');
      }
    }
    return false;
  }

  // SELECT ( * | item {, item} ) FROM a.b.c [WHERE cond {AND cond}] [ORDER BY col [ASC|DESC] {, …}] [LIMIT n]
  private selectFromView(): SelectFromView {
    let items: ViewItem[] | undefined;
    if (this.isPunct('*')) this.next();
    else {
      items = [];
      for (;;) {
        items.push(this.viewItem());
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    this.expectKw('FROM');
    const from = this.qualifiedName(3);
    const where: ViewCondition[] = [];
    if (this.acceptKw('WHERE')) {
      for (;;) {
        where.push(this.condition());
        if (!this.acceptKw('AND')) break;
      }
    }
    const orderBy: { column: string; desc: boolean }[] = [];
    if (this.acceptKw('ORDER', 'BY')) {
      for (;;) {
        const column = this.identifier();
        const desc = this.acceptKw('DESC');
        if (!desc) this.acceptKw('ASC');
        orderBy.push({ column, desc });
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    const s: SelectFromView = { kind: 'select-view', from, ...(items ? { items } : {}), where, orderBy };
    if (this.acceptKw('LIMIT')) s.limit = this.integer();
    return s;
  }

  private viewItem(): ViewItem {
    const column = this.identifier();
    const item: ViewItem = { column, name: column };
    if (this.isPunct(':') && !this.isPunct(':', 1)) {
      this.next();
      const key = this.peek();
      if (key.kind !== 'ident' && key.kind !== 'qident') this.fail();
      this.next();
      // Path keys are case-sensitive: an unquoted key is taken as written.
      item.path = key.kind === 'ident' ? key.text : key.value;
      item.name = `${column}:${item.path}`;
    }
    if (this.isPunct(':') && this.isPunct(':', 1)) {
      this.next();
      this.next();
      if (!this.acceptKw('VARCHAR') && !this.acceptKw('STRING') && !this.acceptKw('TEXT')) this.fail();
      item.cast = 'VARCHAR';
    }
    if (this.acceptKw('AS')) item.name = this.identifier();
    else if (this.peek().kind === 'qident' || (this.peek().kind === 'ident' && !this.isKw('FROM'))) item.name = this.identifier();
    return item;
  }

  private condition(): ViewCondition {
    const column = this.identifier();
    const op = this.comparison();
    return { column, op, value: this.viewValue() };
  }

  private comparison(): ComparisonOp {
    const t = this.peek();
    if (t.kind !== 'punct') return this.fail();
    this.next();
    // Two-character operators must be written without a space.
    if (t.value === '=') return '=';
    if (t.value === '<' || t.value === '>') {
      if (this.isAdjacent(t, '=')) {
        this.next();
        return t.value === '<' ? '<=' : '>=';
      }
      if (t.value === '<' && this.isAdjacent(t, '>')) {
        this.next();
        return '<>';
      }
      return t.value;
    }
    if (t.value === '!' && this.isAdjacent(t, '=')) {
      this.next();
      return '<>';
    }
    return this.fail(t);
  }

  /** Is the token `k` ahead of the cursor the punctuation `p`, directly after `t`? */
  private isAdjacent(t: Token, p: string, k = 0): boolean {
    const u = this.peek(k);
    return u.kind === 'punct' && u.value === p && u.offset === t.offset + 1;
  }

  private viewValue(): ViewValue {
    const t = this.peek();
    if (t.kind === 'string') return { kind: 'string', value: this.stringLiteral() };
    if (t.kind === 'number' || this.isPunct('-') || this.isPunct('+')) return { kind: 'number', value: this.integer() };
    if (this.isKw('CURRENT_TIMESTAMP')) {
      this.currentTimestamp();
      return { kind: 'now', offsetMs: 0 };
    }
    if (this.isKw('DATEADD') && this.isPunct('(', 1)) {
      this.next();
      this.next();
      const units: Record<string, number> = { DAY: 86_400_000, DAYS: 86_400_000, HOUR: 3_600_000, HOURS: 3_600_000, MINUTE: 60_000, MINUTES: 60_000 };
      const unit = this.peek();
      const ms = unit.kind === 'ident' ? units[unit.value] : unit.kind === 'string' ? units[unit.value.toUpperCase()] : undefined;
      if (ms === undefined) this.fail();
      this.next();
      this.expectPunct(',');
      const amount = this.integer();
      this.expectPunct(',');
      this.currentTimestamp();
      this.expectPunct(')');
      return { kind: 'now', offsetMs: amount * ms };
    }
    return this.fail();
  }

  private currentTimestamp(): void {
    this.expectKw('CURRENT_TIMESTAMP');
    this.expectPunct('(');
    this.expectPunct(')');
  }

  private selectItem(): SelectItem {
    const t = this.peek();
    let item: SelectItem;
    if (t.kind === 'number') {
      const value = this.integer();
      item = { kind: 'integer', value, column: t.text };
    } else if (t.kind === 'ident' && this.isPunct('(', 1)) {
      this.next();
      this.next();
      const fn = CONTEXT_FUNCTIONS.find((f) => f === t.value);
      if (fn) {
        this.expectPunct(')');
        item = { kind: 'context', fn, column: `${fn}()` };
      } else if (t.value === 'SYSTEM$EMULATOR_NOW') {
        this.expectPunct(')');
        item = { kind: 'emulator-clock', op: 'now', column: 'SYSTEM$EMULATOR_NOW()' };
      } else if (t.value === 'SYSTEM$EMULATOR_ADVANCE_CLOCK') {
        const seconds = this.integer();
        this.expectPunct(')');
        item = { kind: 'emulator-clock', op: 'advance', seconds, column: `SYSTEM$EMULATOR_ADVANCE_CLOCK(${seconds})` };
      } else if (t.value === 'SYSTEM$EMULATOR_SET_CLOCK') {
        const iso = this.stringLiteral();
        this.expectPunct(')');
        item = { kind: 'emulator-clock', op: 'set', iso, column: `SYSTEM$EMULATOR_SET_CLOCK('${iso}')` };
      } else if (t.value === 'SYSTEM$DECODE_PAT') {
        const secret = this.stringLiteral();
        this.expectPunct(')');
        // UNCONFIRMED: Snowflake names an un-aliased column after the expression text,
        // which would put the secret in the column name; the emulator masks it.
        item = { kind: 'decode-pat', secret, column: "SYSTEM$DECODE_PAT('***')" };
      } else {
        throw errors.unknownFunction(t.value);
      }
    } else {
      return this.fail(t);
    }
    if (this.acceptKw('AS')) item.column = this.identifier();
    else if (this.peek().kind === 'qident' || (this.peek().kind === 'ident' && !this.isKw('FROM'))) item.column = this.identifier();
    return item;
  }

  private create(): Statement {
    const orReplace = this.acceptKw('OR', 'REPLACE');
    const orAlter = !orReplace && this.acceptKw('OR', 'ALTER');
    if (this.acceptKw('AUTHENTICATION', 'POLICY')) {
      const ifNotExists = this.acceptKw('IF', 'NOT', 'EXISTS');
      const name = this.policyName();
      return { kind: 'create-auth-policy', orReplace, orAlter, ifNotExists, name, props: this.authPolicyProps() };
    }
    if (orAlter) this.fail(); // OR ALTER is accepted for authentication policies only here
    if (this.acceptKw('USER')) {
      const ifNotExists = this.acceptKw('IF', 'NOT', 'EXISTS');
      const user = this.identifier();
      return { kind: 'create-user', orReplace, ifNotExists, user, props: this.userProperties(false, false) };
    }
    if (this.acceptKw('ROLE')) {
      const ifNotExists = this.acceptKw('IF', 'NOT', 'EXISTS');
      const role = this.identifier();
      const seen = new Set<string>();
      if (this.propertyName(['COMMENT'] as const, seen)) return { kind: 'create-role', orReplace, ifNotExists, role, comment: this.stringLiteral() };
      return { kind: 'create-role', orReplace, ifNotExists, role };
    }
    if (this.acceptKw('NETWORK', 'POLICY')) {
      const ifNotExists = this.acceptKw('IF', 'NOT', 'EXISTS');
      const name = this.identifier();
      const s: Statement = { kind: 'create-network-policy', orReplace, ifNotExists, name, allowedIpList: [], blockedIpList: [] };
      const seen = new Set<string>();
      const props = ['ALLOWED_IP_LIST', 'BLOCKED_IP_LIST', 'COMMENT'] as const;
      for (let p = this.propertyName(props, seen); p; p = this.propertyName(props, seen)) {
        if (p === 'COMMENT') s.comment = this.stringLiteral();
        else if (p === 'ALLOWED_IP_LIST') s.allowedIpList = this.stringList();
        else s.blockedIpList = this.stringList();
      }
      return s;
    }
    return this.fail();
  }

  private stringList(): string[] {
    this.expectPunct('(');
    const out: string[] = [];
    if (this.isPunct(')')) {
      this.next();
      return out;
    }
    for (;;) {
      out.push(this.stringLiteral());
      if (this.isPunct(')')) {
        this.next();
        return out;
      }
      this.expectPunct(',');
    }
  }

  /** CREATE USER / ALTER USER SET properties. */
  private userProperties(allowNetworkPolicy: boolean, requireOne: boolean): UserProperties {
    const props: UserProperties = {};
    const seen = new Set<string>();
    const names = ['PASSWORD', 'LOGIN_NAME', 'DISPLAY_NAME', 'TYPE', 'DEFAULT_ROLE', 'DEFAULT_WAREHOUSE', 'DEFAULT_NAMESPACE', 'DISABLED', 'COMMENT',
      'RSA_PUBLIC_KEY', 'RSA_PUBLIC_KEY_2',
      ...(allowNetworkPolicy ? (['NETWORK_POLICY'] as const) : [])] as const;
    let p = this.propertyName(names, seen);
    if (!p && requireOne) this.fail();
    while (p) {
      switch (p) {
        case 'PASSWORD': props.password = this.stringLiteral(); break;
        case 'RSA_PUBLIC_KEY': props.rsaPublicKey = this.stringLiteral(); break;
        case 'RSA_PUBLIC_KEY_2': props.rsaPublicKey2 = this.stringLiteral(); break;
        case 'LOGIN_NAME': props.loginName = this.nameOrString(); break;
        case 'DISPLAY_NAME': props.displayName = this.nameOrString(); break;
        case 'COMMENT': props.comment = this.stringLiteral(); break;
        case 'DISABLED': props.disabled = this.boolean(); break;
        case 'DEFAULT_ROLE': props.defaultRole = this.nameOrString(); break;
        case 'DEFAULT_WAREHOUSE': props.defaultWarehouse = this.nameOrString(); break;
        case 'DEFAULT_NAMESPACE': props.defaultNamespace = this.nameOrString(); break;
        case 'NETWORK_POLICY': props.networkPolicy = this.nameOrString(); break;
        case 'TYPE': {
          const t = this.peek();
          const v = t.kind === 'string' ? t.value.toUpperCase() : t.kind === 'ident' ? t.value : '';
          if (v !== 'PERSON' && v !== 'SERVICE' && v !== 'LEGACY_SERVICE') this.fail();
          this.next();
          props.type = v;
          break;
        }
      }
      if (this.isPunct(',')) this.next();
      p = this.propertyName(names, seen);
    }
    return props;
  }

  private nameOrString(): string {
    return this.peek().kind === 'string' ? this.stringLiteral() : this.identifier();
  }

  private grant(): Statement {
    if (this.acceptKw('ROLE')) {
      const role = this.identifier();
      this.expectKw('TO', 'USER');
      return { kind: 'grant-role', role, user: this.identifier() };
    }
    let privilege: UserPrivilege;
    if (this.acceptKw('OWNERSHIP')) privilege = 'OWNERSHIP';
    else if (this.acceptKw('MODIFY', 'PROGRAMMATIC', 'AUTHENTICATION', 'METHODS')) privilege = 'MODIFY PROGRAMMATIC AUTHENTICATION METHODS';
    else if (this.acceptKw('MODIFY')) privilege = 'MODIFY';
    else return this.fail();
    this.expectKw('ON', 'USER');
    const user = this.identifier();
    this.expectKw('TO', 'ROLE');
    return { kind: 'grant-user-privilege', privilege, user, role: this.identifier() };
  }

  private revoke(): Statement {
    this.expectKw('ROLE');
    const role = this.identifier();
    this.expectKw('FROM', 'USER');
    return { kind: 'revoke-role', role, user: this.identifier() };
  }
}
