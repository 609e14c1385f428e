// The HTTP face: speaks what snowflake-sdk 3.x sends (see
// /work/shared/snowflake-wire-protocol.md) and turns it into engine calls,
// applying faults, the per-(session, requestId) replay cache, and the request log.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { normaliseIp } from './access.js';
import { recordLogin, versionFromUserAgent } from './account-usage.js';
import { attemptedUser, authenticate, type LoginInput } from './auth.js';
import type { Engine } from './engine.js';
import { SfError, errors } from './errors.js';
import type { EndpointKind, Faults } from './faults.js';
import { redactSql, type RecordedRequest } from './record.js';
import { SESSION_PARAMETERS, toWireData } from './results.js';
import type { SessionContext } from './session.js';

interface Reply {
  status: number;
  body: unknown;
}

interface LiveSession {
  id: number;
  ctx: SessionContext;
  token: string;
  masterToken: string;
  /** Replies already sent, by requestId: a retried request gets the first execution's result. */
  replay: Map<string, Reply>;
}

const SESSION_VALIDITY_S = 3600;
const MASTER_VALIDITY_S = 14400;

export class SnowflakeHttpServer {
  readonly server: http.Server;
  private readonly byToken = new Map<string, LiveSession>();
  /** Tokens expired by the expire-session fault, until the driver renews them. */
  private readonly expiredTokens = new Map<string, LiveSession>();
  private readonly byMaster = new Map<string, LiveSession>();
  private readonly closedTokens = new Set<string>();
  private nextSessionId = 1_000_001;
  private nextQuery = 1;

  constructor(
    private readonly engine: Engine,
    private readonly faults: Faults,
    private readonly log: RecordedRequest[],
  ) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        // Last resort: never leave a request hanging.
        if (!res.headersSent) this.send(res, 500, { success: false, code: '000603', message: `emulator error: ${(e as Error).message}`, data: null });
      });
    });
  }

  private secrets(): string[] {
    return [...this.engine.world.issuedSecrets, ...this.engine.world.knownPasswords];
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const kind = endpointOf(req.method ?? 'GET', url);
    const raw = await readBody(req);
    const body = parseJson(raw);
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, kind, status: 0 };
    const requestId = url.searchParams.get('requestId');
    if (requestId !== null) rec.requestId = requestId;
    const retry = url.searchParams.get('retryCount');
    if (retry !== null) rec.retryCount = Number(retry);
    const sqlText = kind === 'query' && typeof body['sqlText'] === 'string' ? body['sqlText'] : undefined;
    if (sqlText !== undefined) rec.sqlText = redactSql(sqlText, this.secrets());
    if (kind === 'login') {
      const data = asObject(body['data']);
      if (typeof data['AUTHENTICATOR'] === 'string') rec.authenticator = data['AUTHENTICATOR'];
      else rec.authenticator = 'SNOWFLAKE';
      if (typeof data['LOGIN_NAME'] === 'string') rec.loginName = data['LOGIN_NAME'];
      if (typeof data['ACCOUNT_NAME'] === 'string') rec.account = data['ACCOUNT_NAME'];
    }
    this.log.push(rec); // arrival order; status is filled in when the reply goes out

    const delay = this.faults.take('delay', kind, sqlText);
    if (delay) await new Promise((r) => setTimeout(r, delay.ms));
    const httpFault = this.faults.take('http-status', kind, sqlText);
    if (httpFault) {
      this.reply(res, rec, { status: httpFault.status, body: { success: false, code: null, message: http.STATUS_CODES[httpFault.status] ?? 'Injected failure', data: null } });
      return;
    }

    let reply: Reply;
    switch (kind) {
      case 'login':
        reply = this.login(url, body, normaliseIp(req.socket.remoteAddress), req.headers['user-agent']);
        break;
      case 'query': {
        const r = this.query(req, rec, sqlText ?? '');
        if (r === 'drop') {
          req.socket.destroy();
          return;
        }
        reply = r;
        break;
      }
      case 'logout':
        reply = this.logout(req);
        break;
      case 'renew':
        reply = this.renew(req, body);
        break;
      case 'telemetry':
        reply = { status: 200, body: { data: 'Log Received', code: null, message: null, success: true } };
        break;
      default:
        if (url.pathname === EMULATOR_CLOCK_PATH) {
          reply = this.clockRoute(req, body);
          break;
        }
        // Keep-alive heartbeats and abort requests need only a well-formed success.
        if (req.method === 'POST' && (url.pathname === '/session/heartbeat' || url.pathname.endsWith('/abort-request'))) {
          const s = this.sessionOf(req);
          reply = isSession(s) ? { status: 200, body: { data: null, code: null, message: null, success: true } } : s;
          break;
        }
        reply = { status: 404, body: { data: null, code: null, message: `No such endpoint: ${req.method} ${url.pathname}`, success: false } };
    }
    const held = this.faults.take('delay-reply', kind, sqlText);
    if (held) await new Promise((r) => setTimeout(r, held.ms));
    this.reply(res, rec, reply);
  }

  private reply(res: http.ServerResponse, rec: RecordedRequest, reply: Reply): void {
    rec.status = reply.status;
    const b = asObject(reply.body);
    if (b['success'] === false && typeof b['code'] === 'string') rec.errorCode = b['code'];
    this.send(res, reply.status, reply.body);
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    // The driver only parses bodies whose content-type says JSON.
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  // ---------- endpoints ----------
  private login(url: URL, body: Record<string, unknown>, clientIp: string, userAgent: string | undefined): Reply {
    const data = asObject(body['data']);
    const p = url.searchParams;
    const opt = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
    const input: LoginInput = { authenticator: opt(data['AUTHENTICATOR']) ?? 'SNOWFLAKE', clientIp };
    const fields: [keyof LoginInput, string | undefined][] = [
      ['loginName', opt(data['LOGIN_NAME'])], ['password', opt(data['PASSWORD'])], ['token', opt(data['TOKEN'])],
      ['account', opt(data['ACCOUNT_NAME'])], ['role', opt(p.get('roleName'))], ['warehouse', opt(p.get('warehouse'))], ['database', opt(p.get('databaseName'))], ['schema', opt(p.get('schemaName'))],
    ];
    for (const [k, v] of fields) if (v !== undefined) (input as unknown as Record<string, string>)[k] = v;
    const world = this.engine.world;
    const attempt = {
      authenticator: input.authenticator,
      clientIp,
      clientVersion: opt(data['CLIENT_APP_VERSION']) ?? versionFromUserAgent(userAgent),
    };
    let ctx: SessionContext;
    try {
      ctx = authenticate(world, this.engine.clock, input);
    } catch (e) {
      // Every attempt lands in ACCOUNT_USAGE.LOGIN_HISTORY, failures included.
      const err = e instanceof SfError ? e : undefined;
      recordLogin(world, this.engine.clock, {
        ...attempt,
        userName: attemptedUser(world, input)?.name ?? null,
        error: { code: err?.code ?? '000603', message: err?.message ?? String((e as Error).message) },
      });
      return errorReply(e, undefined);
    }
    recordLogin(world, this.engine.clock, { ...attempt, userName: ctx.user, session: { viaPat: ctx.viaPat } });
    const s: LiveSession = { id: this.nextSessionId++, ctx, token: `ST-${token()}`, masterToken: `MT-${token()}`, replay: new Map() };
    this.byToken.set(s.token, s);
    this.byMaster.set(s.masterToken, s);
    return {
      status: 200,
      body: {
        data: {
          masterToken: s.masterToken, token: s.token, validityInSeconds: SESSION_VALIDITY_S, masterValidityInSeconds: MASTER_VALIDITY_S,
          displayUserName: ctx.user, serverVersion: '9.0.0-emulator', firstLogin: false, remMeToken: null, remMeValidityInSeconds: 0,
          healthCheckInterval: 45, newClientForUpgrade: null, sessionId: s.id, parameters: SESSION_PARAMETERS,
          sessionInfo: { databaseName: ctx.database, schemaName: ctx.schema, warehouseName: ctx.warehouse, roleName: ctx.role },
          idToken: null, idTokenValidityInSeconds: 0, responseData: null, mfaToken: null, mfaTokenValidityInSeconds: 0,
        },
        code: null, message: null, success: true,
      },
    };
  }

  /**
   * Emulator-only admin route (not Snowflake): GET reads the clock; POST {"advanceMs": n} or {"set": ISO | epoch ms}
   * moves it. Answered only to loopback clients, so a server bound to another interface does not hand out time travel.
   */
  private clockRoute(req: http.IncomingMessage, body: Record<string, unknown>): Reply {
    const clock = this.engine.clock;
    if (!isLoopback(req.socket.remoteAddress)) return { status: 403, body: { success: false, message: 'The clock route answers loopback clients only.' } };
    if (req.method === 'POST') {
      const advance = body['advanceMs'];
      const set = body['set'];
      if (typeof advance === 'number' && Number.isFinite(advance)) clock.advance(advance);
      else if (typeof set === 'number' || typeof set === 'string') {
        const ms = typeof set === 'number' ? set : Date.parse(set);
        if (!Number.isFinite(ms)) return { status: 400, body: { success: false, message: '"set" must be an ISO 8601 time or epoch milliseconds.' } };
        clock.set(ms);
      } else return { status: 400, body: { success: false, message: 'POST {"advanceMs": <number>} or {"set": <ISO time | epoch ms>}.' } };
    } else if (req.method !== 'GET') return { status: 405, body: { success: false, message: 'GET or POST.' } };
    const now = clock.now();
    return { status: 200, body: { success: true, now, iso: new Date(now).toISOString(), kind: clock.kind } };
  }

  /** Finds the session behind `Authorization: Snowflake Token="…"`, or the reply that refuses it. */
  private sessionOf(req: http.IncomingMessage): LiveSession | Reply {
    const t = tokenFromHeader(req.headers.authorization);
    const live = t !== undefined ? this.byToken.get(t) : undefined;
    if (live) return live;
    if (t !== undefined && this.expiredTokens.has(t)) return errorReply(errors.sessionExpired(), undefined);
    if (t !== undefined && this.closedTokens.has(t)) return errorReply(errors.sessionGone(), undefined);
    return { status: 401, body: { data: null, code: '390104', message: 'Authentication token is invalid.', success: false } };
  }

  private query(req: http.IncomingMessage, rec: RecordedRequest, sqlText: string): Reply | 'drop' {
    const s = this.sessionOf(req);
    if (!isSession(s)) return s;
    if (this.faults.take('expire-session', 'query', sqlText)) {
      // The statement is not run: the driver renews the token and sends it again.
      this.byToken.delete(s.token);
      this.expiredTokens.set(s.token, s);
      return errorReply(errors.sessionExpired(), undefined);
    }
    if (this.faults.take('drop-before-execute', 'query', sqlText)) return 'drop';
    const requestId = rec.requestId;
    let reply = requestId !== undefined ? s.replay.get(requestId) : undefined;
    if (!reply) {
      reply = this.execute(s, sqlText);
      if (requestId !== undefined) s.replay.set(requestId, reply);
    }
    if (this.faults.take('drop-after-execute', 'query', sqlText)) return 'drop';
    return reply;
  }

  private execute(s: LiveSession, sqlText: string): Reply {
    const queryId = `01bd${randomBytes(2).toString('hex')}-0000-${(s.id % 0x10000).toString(16).padStart(4, '0')}-0000-${(this.nextQuery++).toString(16).padStart(12, '0')}`;
    try {
      const rs = this.engine.execute(s.ctx, sqlText);
      return { status: 200, body: { data: toWireData(rs, queryId, s.ctx, this.engine.clock.now()), code: null, message: null, success: true } };
    } catch (e) {
      return errorReply(e, queryId);
    }
  }

  private logout(req: http.IncomingMessage): Reply {
    const s = this.sessionOf(req);
    if (!isSession(s)) return s;
    this.byToken.delete(s.token);
    this.byMaster.delete(s.masterToken);
    this.closedTokens.add(s.token);
    return { status: 200, body: { data: null, code: null, message: null, success: true } };
  }

  /** Token renewal with the master token, after a 390112. */
  private renew(req: http.IncomingMessage, body: Record<string, unknown>): Reply {
    const master = tokenFromHeader(req.headers.authorization);
    const s = master !== undefined ? this.byMaster.get(master) : undefined;
    if (!s) return errorReply(errors.masterTokenInvalid(), undefined);
    const old = typeof body['oldSessionToken'] === 'string' ? body['oldSessionToken'] : s.token;
    this.expiredTokens.delete(old);
    this.byToken.delete(s.token);
    s.token = `ST-${token()}`;
    this.byToken.set(s.token, s);
    return {
      status: 200,
      body: {
        data: { sessionToken: s.token, validityInSecondsST: SESSION_VALIDITY_S, masterToken: s.masterToken, validityInSecondsMT: MASTER_VALIDITY_S, sessionId: s.id },
        code: null, message: null, success: true,
      },
    };
  }
}

// ---------- helpers ----------
/** Emulator-only: read or move the clock over HTTP (see clockRoute). */
export const EMULATOR_CLOCK_PATH = '/emulator/clock';

function isLoopback(address: string | undefined): boolean {
  const ip = normaliseIp(address);
  return ip === '::1' || ip.startsWith('127.');
}

function endpointOf(method: string, url: URL): EndpointKind {
  if (method !== 'POST') return 'other';
  switch (url.pathname) {
    case '/session/v1/login-request': return 'login';
    case '/queries/v1/query-request': return 'query';
    case '/session': return url.searchParams.get('delete') === 'true' ? 'logout' : 'other';
    case '/session/token-request': return 'renew';
    case '/telemetry/send': return 'telemetry';
    default: return 'other';
  }
}

function errorReply(e: unknown, queryId: string | undefined): Reply {
  const err = e instanceof SfError ? e : new SfError('000603', 'XX000', `SQL execution internal error:\n${(e as Error).message}`, { internalError: true });
  const data: Record<string, unknown> = queryId !== undefined
    ? { internalError: false, errorCode: err.code, age: 0, sqlState: err.sqlState, queryId, line: -1, pos: -1, type: 'COMPILATION', ...err.data }
    : { ...err.data, errorCode: err.code, ...(err.sqlState !== undefined ? { sqlState: err.sqlState } : {}) };
  return { status: 200, body: { data, code: err.code, message: err.message, success: false, headers: null } };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const buf = Buffer.concat(chunks);
  // The driver's gzip is racy (the header may or may not come with it): trust the magic bytes only.
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf;
}

function parseJson(buf: Buffer): Record<string, unknown> {
  if (buf.length === 0) return {};
  try {
    return asObject(JSON.parse(buf.toString('utf8')));
  } catch {
    return {};
  }
}

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function tokenFromHeader(h: string | undefined): string | undefined {
  const m = /Snowflake Token="([^"]*)"/.exec(h ?? '');
  return m?.[1];
}

function isSession(x: LiveSession | Reply): x is LiveSession {
  return 'ctx' in x;
}

const token = (): string => randomBytes(24).toString('base64url');
