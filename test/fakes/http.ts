/**
 * The shared part of the loopback fakes: an HTTP server on 127.0.0.1, a request log, and failure injection
 * (a status for the next N requests, or a hang that never answers, for timeouts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Injection = { status: number; times?: number; body?: unknown } | { hang: true; times?: number };

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Fake {
  url: string;
  requests: FakeRequest[];
  inject(injection: Injection): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startFake(handle: (request: FakeRequest) => Reply | Promise<Reply>): Promise<Fake> {
  const requests: FakeRequest[] = [];
  let injections: Injection[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const injection = injections[0];
      if (injection) {
        if (injection.times !== undefined && --injection.times <= 0) injections.shift();
        if ('hang' in injection) {
          hanging.push(res);
          return;
        }
        res.writeHead(injection.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(injection.body ?? { message: `injected ${injection.status}` }));
        return;
      }
      try {
        const reply = await handle(request);
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (injection) => injections.push({ ...injection, times: injection.times ?? 1 }),
    clear: () => {
      injections = [];
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
