// Raw HTTP access for protocol details the driver hides (gzip bodies, headers, replay). No tests here.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { RunningEmulator } from 'snowflake-pat-emulator';

export interface RawReply {
  status: number;
  contentType: string | undefined;
  json: Record<string, unknown>;
}

export function post(emu: RunningEmulator, path: string, body: unknown, o: { token?: string; gzip?: boolean } = {}): Promise<RawReply> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const payload = o.gzip ? gzipSync(text) : Buffer.from(text);
  return new Promise((resolve, reject) => {
    const req = http.request(`${emu.url}${path}`, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        'content-length': payload.length,
        ...(o.token !== undefined ? { authorization: `Snowflake Token="${o.token}"` } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        contentType: res.headers['content-type'],
        json: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
      }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function rawLogin(emu: RunningEmulator, user: string, password: string): Promise<string> {
  const r = await post(emu, '/session/v1/login-request?requestId=x', { data: { LOGIN_NAME: user, PASSWORD: password, ACCOUNT_NAME: 'any' } });
  const data = r.json['data'] as Record<string, unknown>;
  return String(data['token']);
}
