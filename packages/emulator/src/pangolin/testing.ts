// Small fetch-based helpers for tests that drive the Pangolin emulator over HTTP. Not used by the CLI.
import { decodeJwtPayload, type RunningPangolin } from './index.js';

export interface CallResult {
  status: number;
  text: string;
  contentType: string | null;
  /** Parsed body when the response is JSON, else undefined. */
  json: unknown;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON with Content-Type: application/json unless rawBody/contentType say otherwise. */
  body?: unknown;
  rawBody?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
}

export async function call(em: RunningPangolin, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  const ct = opts.contentType === undefined ? (body !== undefined ? 'application/json' : null) : opts.contentType;
  if (ct !== null) headers['content-type'] = ct;
  const res = await fetch(em.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  const json = contentType === 'application/json' ? (JSON.parse(text) as unknown) : undefined;
  return { status: res.status, text, contentType, json };
}

export function obj(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`not an object: ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

export function arr(v: unknown): Record<string, unknown>[] {
  if (!Array.isArray(v)) throw new Error(`not an array: ${JSON.stringify(v)}`);
  return v.map(obj);
}

export function str(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`not a string: ${JSON.stringify(v)}`);
  return v;
}

export function claims(token: string): Record<string, unknown> {
  return decodeJwtPayload(token);
}

export async function login(em: RunningPangolin, username: string, password: string, tenant?: string): Promise<string> {
  const body: Record<string, unknown> = { username, password };
  if (tenant !== undefined) body['tenant-id'] = em.tenantId(tenant);
  const r = await call(em, 'POST', '/api/v1/users/login', { body });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
  return str(obj(r.json)['token']);
}

export const adminLogin = (em: RunningPangolin): Promise<string> => login(em, 'admin', 'admin-password', 'analytics');
export const rootLogin = (em: RunningPangolin): Promise<string> => login(em, 'root', 'root-password');
export const botLogin = (em: RunningPangolin): Promise<string> => login(em, 'etl_bot', 'etl-password', 'analytics');

/** Admin mints a token; returns the response body. */
export async function mint(em: RunningPangolin, callerToken: string, body: Record<string, unknown>): Promise<{ token: string; expires_at: string; tenant_id: string }> {
  const r = await call(em, 'POST', '/api/v1/tokens', { token: callerToken, body });
  if (r.status !== 200) throw new Error(`mint failed: ${r.status} ${r.text}`);
  const o = obj(r.json);
  return { token: str(o['token']), expires_at: str(o['expires_at']), tenant_id: str(o['tenant_id']) };
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
