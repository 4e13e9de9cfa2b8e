/**
 * Small in-process HTTP servers for the client tests (127.0.0.1, port 0), and a copy of Twenty 2.21's
 * throttler arithmetic so the limiter can be tested against the real refill rule.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type Handler = (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  close: () => Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (raw, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      method: raw.method ?? 'GET',
      url: new URL(raw.url ?? '/', 'http://127.0.0.1'),
      headers: raw.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: performance.now(),
    };
    requests.push(seen);
    try {
      await handler(seen, res, raw);
    } catch (error) {
      if (!res.headersSent) json(res, 500, { message: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Twenty 2.21's bucket: `limit` tokens per `windowMs`; refill floor(elapsed × limit / windowMs) since the last
 * success, clock restarted at every success; a rejected request costs nothing.
 */
export class TwentyBucket {
  private tokens: number;
  private lastSuccess = performance.now();
  rejected = 0;

  constructor(private readonly limit: number, private readonly windowMs: number, initialTokens = limit) {
    this.tokens = initialTokens;
  }

  take(): boolean {
    const now = performance.now();
    const refill = Math.floor(((now - this.lastSuccess) * this.limit) / this.windowMs);
    const available = Math.min(this.limit, this.tokens + refill);
    if (available < 1) {
      this.rejected++;
      return false;
    }
    this.tokens = available - 1;
    this.lastSuccess = now;
    return true;
  }
}

export const TOO_MANY = { statusCode: 429, error: 'HttpException', messages: ['Limit reached (100 tokens per 60000 ms)'] };

/** A JWT-shaped key like Twenty's, and a plain one only the registered-secret list can catch. */
// Assembled at run time: a token-shaped literal in the sources would look like a leaked key to secret scanners.
const part = (v: object | string) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
export const JWT_KEY = [part({ alg: 'HS256', typ: 'JWT' }), part({ sub: 'workspace-123', type: 'API_KEY' }), part('signature-secret-part')].join('.');
export const PLAIN_KEY = 'tw_live_0123456789abcdefSECRET';
