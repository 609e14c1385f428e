// Seeds: the JSON shape a test or `pat emulator --seed file.json` starts the
// world from, its validation (with messages that name the bad field), and
// thermalSeed(), the demo world.
import { readFile } from 'node:fs/promises';
import {
  DAY_MS, DEFAULT_DAYS_TO_EXPIRY, MAX_TOKENS_PER_USER, MINUTE_MS, emptyWorld, sha256,
  type PatRecord, type UserType, type World,
} from './state.js';
import type { UserPrivilege } from './statements.js';

export interface SeedUser {
  name: string;
  loginName?: string;
  displayName?: string;
  type?: UserType; // default PERSON
  password?: string;
  roles?: string[]; // PUBLIC is always added
  defaultRole?: string;
  defaultWarehouse?: string;
  defaultNamespace?: string;
  disabled?: boolean;
  networkPolicy?: string;
  comment?: string;
  owner?: string; // default ACCOUNTADMIN
}
export interface SeedPat {
  user: string;
  name: string;
  /** The secret a test will log in with; it is hashed on load. */
  secret: string;
  roleRestriction?: string;
  daysToExpiry?: number;
  /** Epoch ms; default createdOn + daysToExpiry. */
  expiresAt?: number;
  createdOn?: number;
  createdBy?: string;
  disabled?: boolean;
  comment?: string;
  minsToBypass?: number;
  rotatedTo?: string;
}
export interface EmulatorSeed {
  account: string;
  roles?: string[];
  networkPolicies?: { name: string; allowedIpList: string[]; blockedIpList?: string[]; comment?: string }[];
  users?: SeedUser[];
  userGrants?: { privilege: UserPrivilege; user: string; role: string }[];
  warehouses?: { name: string; roles?: string[] }[];
  databases?: {
    name: string;
    roles?: string[];
    schemas?: { name: string; pipes?: { name: string; definition?: string; owner?: string; comment?: string; notificationChannel?: string }[] }[];
  }[];
  pats?: SeedPat[];
}

export function thermalSeed(): EmulatorSeed {
  return {
    account: 'TESTACCT',
    roles: ['ACCOUNTADMIN', 'PUBLIC', 'THERMAL_ROLE', 'ANALYST'],
    networkPolicies: [{ name: 'THERMAL_POLICY', allowedIpList: ['127.0.0.1/32'], comment: 'loopback only' }],
    users: [
      { name: 'ADMIN', type: 'PERSON', password: 'admin-password', roles: ['ACCOUNTADMIN', 'PUBLIC'], defaultRole: 'ACCOUNTADMIN' },
      {
        name: 'THERMAL_SVC', type: 'SERVICE', roles: ['THERMAL_ROLE', 'PUBLIC'], defaultRole: 'THERMAL_ROLE',
        networkPolicy: 'THERMAL_POLICY', defaultWarehouse: 'THERMAL_WH', defaultNamespace: 'THERMAL_DB.RAW',
      },
      { name: 'ALICE', type: 'PERSON', password: 'alice-password', roles: ['ANALYST', 'PUBLIC'], defaultRole: 'ANALYST' },
    ],
    warehouses: [{ name: 'THERMAL_WH', roles: ['THERMAL_ROLE'] }],
    databases: [{
      name: 'THERMAL_DB',
      roles: ['THERMAL_ROLE'],
      schemas: [{
        name: 'RAW',
        pipes: [{
          name: 'THERMAL_PIPE',
          owner: 'THERMAL_ROLE',
          definition: 'COPY INTO THERMAL_DB.RAW.READINGS FROM @THERMAL_DB.RAW.READINGS_STAGE FILE_FORMAT = (TYPE = JSON)',
        }],
      }],
    }],
  };
}

export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

// ---------- validation ----------
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

function str(o: Obj, key: string, path: string, required: boolean): void {
  const v = o[key];
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || v === '') throw new SeedError(`${path}.${key}: expected a non-empty string, got ${describe(v)}`);
}
function strArray(o: Obj, key: string, path: string, required = false): void {
  const v = o[key];
  if (v === undefined && !required) return;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new SeedError(`${path}.${key}: expected an array of strings, got ${describe(v)}`);
}
function num(o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new SeedError(`${path}.${key}: expected a number, got ${describe(v)}`);
}
function boolean(o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== undefined && typeof v !== 'boolean') throw new SeedError(`${path}.${key}: expected true or false, got ${describe(v)}`);
}
function oneOf(o: Obj, key: string, path: string, allowed: readonly string[], required = false): void {
  const v = o[key];
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || !allowed.includes(v)) throw new SeedError(`${path}.${key}: expected one of ${allowed.join(', ')}, got ${describe(v)}`);
}
function list(o: Obj, key: string, path: string, each: (item: Obj, p: string) => void): void {
  const v = o[key];
  if (v === undefined) return;
  if (!Array.isArray(v)) throw new SeedError(`${path}.${key}: expected an array, got ${describe(v)}`);
  v.forEach((item, i) => {
    const p = `${path}.${key}[${i}]`;
    if (!isObj(item)) throw new SeedError(`${p}: expected an object, got ${describe(item)}`);
    each(item, p);
  });
}
function unknownKeys(o: Obj, path: string, known: string[]): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new SeedError(`${path}: unknown field "${k}" (known: ${known.join(', ')})`);
}

/** Checks shape and cross-references; throws SeedError naming the first bad field. */
export function validateSeed(input: unknown): EmulatorSeed {
  const path = 'seed';
  if (!isObj(input)) throw new SeedError(`${path}: expected a JSON object, got ${describe(input)}`);
  unknownKeys(input, path, ['account', 'roles', 'networkPolicies', 'users', 'userGrants', 'warehouses', 'databases', 'pats']);
  str(input, 'account', path, true);
  strArray(input, 'roles', path);
  list(input, 'networkPolicies', path, (o, p) => {
    unknownKeys(o, p, ['name', 'allowedIpList', 'blockedIpList', 'comment']);
    str(o, 'name', p, true);
    strArray(o, 'allowedIpList', p, true);
    strArray(o, 'blockedIpList', p);
    str(o, 'comment', p, false);
  });
  list(input, 'users', path, (o, p) => {
    unknownKeys(o, p, ['name', 'loginName', 'displayName', 'type', 'password', 'roles', 'defaultRole', 'defaultWarehouse', 'defaultNamespace', 'disabled', 'networkPolicy', 'comment', 'owner']);
    str(o, 'name', p, true);
    for (const k of ['loginName', 'displayName', 'password', 'defaultRole', 'defaultWarehouse', 'defaultNamespace', 'networkPolicy', 'comment', 'owner']) str(o, k, p, false);
    oneOf(o, 'type', p, ['PERSON', 'SERVICE', 'LEGACY_SERVICE']);
    strArray(o, 'roles', p);
    boolean(o, 'disabled', p);
  });
  list(input, 'userGrants', path, (o, p) => {
    unknownKeys(o, p, ['privilege', 'user', 'role']);
    oneOf(o, 'privilege', p, ['OWNERSHIP', 'MODIFY', 'MODIFY PROGRAMMATIC AUTHENTICATION METHODS'], true);
    str(o, 'user', p, true);
    str(o, 'role', p, true);
  });
  list(input, 'warehouses', path, (o, p) => {
    unknownKeys(o, p, ['name', 'roles']);
    str(o, 'name', p, true);
    strArray(o, 'roles', p);
  });
  list(input, 'databases', path, (o, p) => {
    unknownKeys(o, p, ['name', 'roles', 'schemas']);
    str(o, 'name', p, true);
    strArray(o, 'roles', p);
    list(o, 'schemas', p, (s, sp) => {
      unknownKeys(s, sp, ['name', 'pipes']);
      str(s, 'name', sp, true);
      list(s, 'pipes', sp, (pi, pp) => {
        unknownKeys(pi, pp, ['name', 'definition', 'owner', 'comment', 'notificationChannel']);
        str(pi, 'name', pp, true);
        for (const k of ['definition', 'owner', 'comment', 'notificationChannel']) str(pi, k, pp, false);
      });
    });
  });
  list(input, 'pats', path, (o, p) => {
    unknownKeys(o, p, ['user', 'name', 'secret', 'roleRestriction', 'daysToExpiry', 'expiresAt', 'createdOn', 'createdBy', 'disabled', 'comment', 'minsToBypass', 'rotatedTo']);
    for (const k of ['user', 'name', 'secret']) str(o, k, p, true);
    for (const k of ['roleRestriction', 'createdBy', 'comment', 'rotatedTo']) str(o, k, p, false);
    for (const k of ['daysToExpiry', 'expiresAt', 'createdOn', 'minsToBypass']) num(o, k, p);
    boolean(o, 'disabled', p);
  });

  const seed = input as unknown as EmulatorSeed;
  // Cross-references: every name a record points at must exist.
  const roles = new Set(['ACCOUNTADMIN', 'PUBLIC', ...(seed.roles ?? [])]);
  const policies = new Set((seed.networkPolicies ?? []).map((n) => n.name));
  const users = new Set((seed.users ?? []).map((u) => u.name));
  (seed.users ?? []).forEach((u, i) => {
    for (const r of u.roles ?? []) if (!roles.has(r)) throw new SeedError(`seed.users[${i}].roles: role "${r}" is not in seed.roles`);
    if (u.defaultRole && !roles.has(u.defaultRole)) throw new SeedError(`seed.users[${i}].defaultRole: role "${u.defaultRole}" is not in seed.roles`);
    if (u.networkPolicy && !policies.has(u.networkPolicy)) throw new SeedError(`seed.users[${i}].networkPolicy: "${u.networkPolicy}" is not in seed.networkPolicies`);
  });
  (seed.userGrants ?? []).forEach((g, i) => {
    if (!users.has(g.user)) throw new SeedError(`seed.userGrants[${i}].user: user "${g.user}" is not in seed.users`);
    if (!roles.has(g.role)) throw new SeedError(`seed.userGrants[${i}].role: role "${g.role}" is not in seed.roles`);
  });
  (seed.pats ?? []).forEach((t, i) => {
    if (!users.has(t.user)) throw new SeedError(`seed.pats[${i}].user: user "${t.user}" is not in seed.users`);
  });
  return seed;
}

export async function loadSeedFile(path: string): Promise<EmulatorSeed> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (e) {
    throw new SeedError(`cannot read seed file ${path}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new SeedError(`seed file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return validateSeed(parsed);
}

/** Builds the mutable world from a (validated) seed at time `now`. */
export function buildWorld(input: EmulatorSeed, now: number): World {
  const seed = validateSeed(input);
  const w = emptyWorld(seed.account);
  for (const r of new Set(['ACCOUNTADMIN', 'PUBLIC', ...(seed.roles ?? [])])) w.roles.set(r, { name: r, createdOn: now });
  for (const n of seed.networkPolicies ?? []) {
    w.networkPolicies.set(n.name, { name: n.name, allowedIpList: [...n.allowedIpList], blockedIpList: [...(n.blockedIpList ?? [])], ...(n.comment !== undefined ? { comment: n.comment } : {}), createdOn: now });
  }
  for (const u of seed.users ?? []) {
    if (u.password !== undefined) w.knownPasswords.add(u.password);
    w.users.set(u.name, {
      name: u.name,
      loginName: (u.loginName ?? u.name).toUpperCase(),
      displayName: u.displayName ?? u.name,
      type: u.type ?? 'PERSON',
      ...(u.password !== undefined ? { passwordHash: sha256(u.password) } : {}),
      roles: new Set(['PUBLIC', ...(u.roles ?? [])]),
      ...(u.defaultRole !== undefined ? { defaultRole: u.defaultRole } : {}),
      ...(u.defaultWarehouse !== undefined ? { defaultWarehouse: u.defaultWarehouse } : {}),
      ...(u.defaultNamespace !== undefined ? { defaultNamespace: u.defaultNamespace } : {}),
      disabled: u.disabled ?? false,
      ...(u.networkPolicy !== undefined ? { networkPolicy: u.networkPolicy } : {}),
      ...(u.comment !== undefined ? { comment: u.comment } : {}),
      createdOn: now,
      owner: u.owner ?? 'ACCOUNTADMIN',
    });
  }
  w.userGrants = (seed.userGrants ?? []).map((g) => ({ ...g }));
  for (const wh of seed.warehouses ?? []) w.warehouses.set(wh.name, { name: wh.name, roles: new Set(wh.roles ?? []) });
  for (const db of seed.databases ?? []) {
    const schemas = new Map((db.schemas ?? []).map((s) => [s.name, {
      name: s.name,
      pipes: new Map((s.pipes ?? []).map((p) => [p.name, {
        name: p.name,
        definition: p.definition ?? `COPY INTO ${db.name}.${s.name}.${p.name}_TARGET FROM @${db.name}.${s.name}.${p.name}_STAGE`,
        owner: p.owner ?? 'ACCOUNTADMIN',
        comment: p.comment ?? null,
        notificationChannel: p.notificationChannel ?? null,
        createdOn: now,
      }])),
    }]));
    w.databases.set(db.name, { name: db.name, roles: new Set(db.roles ?? []), schemas });
  }
  for (const t of seed.pats ?? []) {
    const days = t.daysToExpiry ?? DEFAULT_DAYS_TO_EXPIRY;
    const createdOn = t.createdOn ?? now;
    const rec: PatRecord = {
      user: t.user,
      name: t.name,
      secretHash: sha256(t.secret),
      roleRestriction: t.roleRestriction ?? null,
      daysToExpiry: days,
      expiresAt: t.expiresAt ?? createdOn + days * DAY_MS,
      disabled: t.disabled ?? false,
      comment: t.comment ?? null,
      createdOn,
      createdBy: t.createdBy ?? t.user,
      minsToBypass: t.minsToBypass ?? null,
      bypassUntil: t.minsToBypass ? createdOn + t.minsToBypass * MINUTE_MS : null,
      rotatedTo: t.rotatedTo ?? null,
      lastAlteredOn: createdOn,
      lastAlteredBy: t.createdBy ?? t.user,
    };
    w.pats.push(rec);
    w.issuedSecrets.push(t.secret);
    // The 15-token limit holds on every path into the world, seeds included ([ADD] usage notes; expired ones do not count).
    if (w.pats.filter((p) => p.user === t.user && now < p.expiresAt).length > MAX_TOKENS_PER_USER) {
      throw new SeedError(`seed.pats: user "${t.user}" has more than ${MAX_TOKENS_PER_USER} unexpired tokens (Snowflake's per-user maximum)`);
    }
  }
  return w;
}
