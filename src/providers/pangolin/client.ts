/**
 * HTTP to Pangolin's management API with the global fetch: JSON in, JSON (or Pangolin's plain-text errors) out,
 * every request bounded by --timeout through an AbortSignal. Never logs a body or a header: bodies carry passwords
 * and tokens. The verbose log gets method, path, status and time only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { requestInFlight } from '../../config/in-flight.js';
import { FailureError, UsageError } from '../../errors.js';
import { printable } from '../../kernel/text.js';

/** A non-2xx answer. `text` is Pangolin's plain-text error body (e.g. "Token expired"), cut to 300 characters. */
export class PangolinHttpError extends FailureError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly text: string,
  ) {
    super(`Pangolin answered ${status} to ${method} ${path}${text ? `: ${text}` : ''}`, undefined, `HTTP${status}`);
  }
}

export interface RequestOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number>;
}

export interface PangolinClient {
  readonly baseUrl: string;
  request(method: string, path: string, options?: RequestOptions): Promise<unknown>;
}

/** Checks a --pangolin-url / PANGOLIN_URL / catalog uri value and returns it without a trailing slash. */
export function normaliseBaseUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`${source} is not a URL: "${printable(raw, 60)}".`, 'Example: http://localhost:8080');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be an http:// or https:// URL; got "${printable(raw, 60)}".`);
  }
  if (url.username || url.password) throw new UsageError(`${source} must not contain credentials; use PANGOLIN_USERNAME and PANGOLIN_PASSWORD.`);
  if (url.search || url.hash) throw new UsageError(`${source} must not contain a query string or fragment.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isPlainHttpToRemote(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && !LOOPBACK.test(url.hostname);
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export function createClient(baseUrl: string, timeoutSeconds: number, log: (line: string) => void): PangolinClient {
  const client: PangolinClient = {
    baseUrl,
    async request(method, path, options = {}) {
      return send(method, path, options, true);
    },
  };
  /**
   * One request. A 429 (rate limited: the server did not act on it, so even a POST may be sent again) is retried
   * once after its Retry-After when that fits in the --timeout budget; otherwise, or a second time, explained.
   */
  async function send(method: string, path: string, options: RequestOptions, mayRetry: boolean): Promise<unknown> {
    const url = new URL(baseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const started = Date.now();
    let response: Response;
    let text: string;
    // Minting, rotating and revoking change tokens: an interrupt while waiting must say it may have happened.
    const changes = method !== 'GET' && /^\/api\/v1\/(tokens|auth\/revoke)/.test(path);
    const answered = changes ? requestInFlight({ what: `${method} ${path}`, where: baseUrl }) : () => {};
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutSeconds * 1000), redirect: 'error' });
      text = await response.text();
    } catch (error) {
      answered();
      const name = (error as { name?: unknown }).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new FailureError(`Pangolin at ${baseUrl} did not answer ${method} ${path} within ${timeoutSeconds} s.`, 'Raise --timeout, or check the server.', 'ETIMEDOUT');
      }
      throw new FailureError(`Cannot reach Pangolin at ${baseUrl} (${method} ${path}): ${networkReason(error)}`, 'Check PANGOLIN_URL / --pangolin-url and that the server is running.', 'ENETWORK');
    }
    answered();
    log(`${method} ${url.pathname}${url.search} → ${response.status} (${Date.now() - started} ms)`);
    if (response.status === 429) {
      const wait = retryAfterSeconds(response.headers.get('retry-after'));
      if (mayRetry && wait !== undefined && wait <= timeoutSeconds) {
        log(`rate limited: retrying once after ${wait} s (Retry-After)`);
        await sleep(wait * 1000);
        return send(method, path, options, false);
      }
      throw new FailureError(
        `Pangolin at ${baseUrl} is rate limiting requests (HTTP 429 to ${method} ${path})${mayRetry ? '' : ', also after waiting once as it asked'}.`,
        wait !== undefined ? `It asks to wait ${wait} s (Retry-After); try again then.` : 'Wait a minute, then try again.',
        'HTTP429',
      );
    }
    if (!response.ok) {
      throw new PangolinHttpError(method, path, response.status, text.trim().slice(0, 300));
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new FailureError(`Pangolin answered ${method} ${path} with something that is not JSON (content-type ${response.headers.get('content-type') ?? 'none'}).`, `Is ${baseUrl} a Pangolin server?`);
    }
  }
  return client;
}

// Small readers for response bodies: a missing field is Pangolin (or a proxy) answering something unexpected.
export function field(value: unknown, key: string, what: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FailureError(`Unexpected answer from Pangolin to ${what}: not a JSON object.`);
  }
  return (value as Record<string, unknown>)[key];
}

export function stringField(value: unknown, key: string, what: string): string {
  const v = field(value, key, what);
  if (typeof v !== 'string' || v === '') throw new FailureError(`Unexpected answer from Pangolin to ${what}: no "${key}".`);
  return v;
}

export function optionalString(value: unknown, key: string, what: string): string | null {
  const v = field(value, key, what);
  return typeof v === 'string' ? v : null;
}
