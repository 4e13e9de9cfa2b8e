/**
 * A deterministic fault-injecting reverse proxy for tests: it sits on loopback between the migration tool and a Twenty
 * server (the in-process sandbox or a real one) and, per request, either forwards transparently or injects a fault.
 *
 * Determinism is per request, not per arrival order: each request gets its own PRNG stream seeded from
 * (seed, method, path, body text, nth occurrence), so concurrent requests that interleave differently from run to run
 * still get the same decisions, and a failing chaos run can be replayed from its seed alone.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { finished, pipeline } from 'node:stream';

export type FaultKind = 'status' | 'reset' | 'drop-after' | 'delay' | 'slow-body';
export type ProxyFault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'reset' }
  | { kind: 'drop-after' }
  | { kind: 'delay'; ms: number }
  | { kind: 'slow-body'; chunkBytes: number; chunkDelayMs: number };
export type RequestClass =
  | 'read' | 'write' | 'delete' | 'metadata-read' | 'metadata-write'
  | 'graphql-read' | 'graphql-write' | 'upload' | 'file-download' | 'other';
export interface ProxyRequest {
  method: string;
  /** path + query, as the client sent it */
  path: string;
  cls: RequestClass;
  /** 1-based: how many times this same (method, path, body) was seen, this one included */
  nth: number;
  /** 1-based arrival index over the proxy's life */
  index: number;
  /** utf8 of the body when it is not binary/multipart and < 1 MB, else '' */
  bodyText: string;
}
export type FaultPlan = (req: ProxyRequest, draw: () => number) => ProxyFault | undefined;
export interface ProxyStats {
  requests: number;
  forwarded: number;
  byKind: Record<string, number>;
  byClass: Record<RequestClass, number>;
}
export interface FaultProxy {
  url: string;
  port: number;
  setPlan(plan: FaultPlan | undefined): void;
  /** a 429 storm: the next `count` requests (any class) answered 429 with Retry-After retryAfterSeconds (default 1) */
  storm(count: number, retryAfterSeconds?: number): void;
  /** server down: stop accepting (connections refused) for ms, destroying open sockets, then listen again on the SAME port */
  outage(ms: number): Promise<void>;
  /** called for every request before its fault is decided (tests use it to SIGKILL a child at a chosen request) */
  onRequest(listener: (req: ProxyRequest) => void): void;
  stats(): ProxyStats;
  close(): Promise<void>;
}

const CLASSES: RequestClass[] = [
  'read', 'write', 'delete', 'metadata-read', 'metadata-write', 'graphql-read', 'graphql-write', 'upload', 'file-download', 'other',
];
const WRITE_CLASSES = new Set<RequestClass>(['write', 'delete', 'metadata-write', 'graphql-write', 'upload']);
/** The classes where the server changes state: a drop-after there leaves the client not knowing whether it happened. */
export const isWriteClass = (cls: RequestClass): boolean => WRITE_CLASSES.has(cls);

export function classify(method: string, path: string, contentType: string, bodyText: string): RequestClass {
  const m = method.toUpperCase();
  const p = path.split('?')[0];
  // multipart first: Twenty's uploads are GraphQL multipart POSTs to /graphql, and they must not count as graphql-read
  if (m === 'POST' && /multipart\//i.test(contentType)) return 'upload';
  if (p === '/rest/metadata' || p.startsWith('/rest/metadata/')) {
    if (m === 'GET') return 'metadata-read';
    return ['POST', 'PATCH', 'PUT', 'DELETE'].includes(m) ? 'metadata-write' : 'other';
  }
  if (m === 'POST' && (p === '/graphql' || p === '/metadata')) return /\bmutation\b/.test(bodyText) ? 'graphql-write' : 'graphql-read';
  if (m === 'GET' && (p.startsWith('/files/') || p.includes('/file/') || path.includes('token='))) return 'file-download';
  if (p === '/rest' || p.startsWith('/rest/')) {
    if (m === 'GET') return 'read';
    if (m === 'POST' || m === 'PATCH' || m === 'PUT') return 'write';
    if (m === 'DELETE') return 'delete';
  }
  return 'other';
}

// FNV-1a then murmur3's finaliser: FNV alone mixes the last characters poorly, and nth sits near the end of the key.
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** The draw() stream of one request; exported so a test can predict what the proxy will decide. */
export const drawStream = (seed: number, method: string, path: string, bodyText: string, nth: number): (() => number) =>
  mulberry32(hash32(`${seed}\u0000${method}\u0000${path}\u0000${nth}\u0000${bodyText}`));

/**
 * Picks at most one fault per request from one draw, by cumulative rate (bands in the order of the fields). Bands stay
 * where they are even when one does not apply to the request (dropAfter on a write without dropAfterWrites), so every
 * rate means what it says for every request. dropAfter hits reads always and writes only with dropAfterWrites, because
 * a dropped write answer is the hard case (the server acted, the client cannot tell) that a test must opt into.
 */
export function mixedPlan(rates: {
  status5xx?: number; reset?: number; dropAfter?: number; dropAfterWrites?: boolean;
  delay?: number; delayMs?: [number, number]; slowBody?: number;
}): FaultPlan {
  const [lo, hi] = rates.delayMs ?? [10, 100];
  return (req, draw) => {
    let u = draw();
    const within = (rate = 0): boolean => (u -= rate) < 0;
    if (within(rates.status5xx)) return { kind: 'status', status: draw() < 0.5 ? 502 : 503 };
    if (within(rates.reset)) return { kind: 'reset' };
    if (within(rates.dropAfter)) return !isWriteClass(req.cls) || rates.dropAfterWrites ? { kind: 'drop-after' } : undefined;
    if (within(rates.delay)) return { kind: 'delay', ms: Math.round(lo + draw() * (hi - lo)) };
    if (within(rates.slowBody)) return { kind: 'slow-body', chunkBytes: 8192, chunkDelayMs: 5 };
    return undefined;
  };
}

// Hop-by-hop headers describe one connection, not the message; `expect` too, since the body is already buffered.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);
function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = String(headers.connection ?? '').toLowerCase().split(',').map((s) => s.trim());
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.includes(name)) out[name] = value;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function textOf(body: Buffer, contentType: string): string {
  // multipart bodies carry a random boundary: hashing them would make identical uploads look different on every run
  if (body.length === 0 || body.length >= 1 << 20 || /multipart\//i.test(contentType) || body.includes(0)) return '';
  try {
    return utf8.decode(body);
  } catch {
    return ''; // not valid utf8: binary
  }
}

function answerStatus(res: http.ServerResponse, status: number, retryAfterSeconds?: number, message = 'Injected by the fault proxy'): void {
  // the shape of Twenty's own error answers, so the client's error parsing is exercised as with a real server
  const error = (http.STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z]/g, '');
  const body = JSON.stringify({ statusCode: status, error, messages: [message] });
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  res.writeHead(status, headers).end(body);
}

export async function startFaultProxy(options: { upstream: string; seed: number; plan?: FaultPlan; host?: string }): Promise<FaultProxy> {
  const upstream = new URL(options.upstream); // only its origin is used: Twenty serves everything from the root
  const transport = upstream.protocol === 'https:' ? https : http;
  // keep-alive upstream so a chaos run of thousands of requests does not churn through ephemeral ports
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 64 });
  const host = options.host ?? '127.0.0.1';
  let plan = options.plan;
  let storm = { left: 0, retryAfterSeconds: 1 };
  const listeners: Array<(req: ProxyRequest) => void> = [];
  const seen = new Map<string, number>(); // digest of (method, path, body) → times seen; digests keep big bodies out of memory
  const sockets = new Set<Socket>();
  const sleeping = new Map<NodeJS.Timeout, () => void>();
  const stats: ProxyStats = { requests: 0, forwarded: 0, byKind: {}, byClass: Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<RequestClass, number> };
  const count = (kind: string): void => void (stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1);
  let closed = false;

  // sleeps end early on close() so that no timer keeps a test process alive
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => (sleeping.delete(timer), resolve()), ms);
      sleeping.set(timer, resolve);
    });

  const forward = (req: http.IncomingMessage, body: Buffer): Promise<http.IncomingMessage> => {
    stats.forwarded++;
    const headers = endToEnd(req.headers); // authorization passes through untouched and is never recorded
    headers.host = upstream.host;
    if (body.length > 0 || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
      headers['content-length'] = body.length; // the body was de-chunked while buffering
    }
    return new Promise((resolve, reject) => {
      const hostname = upstream.hostname.replace(/^\[|\]$/g, '');
      const up = transport.request({ hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, resolve);
      up.on('error', reject);
      up.end(body);
    });
  };

  const answerHeaders = (upRes: http.IncomingMessage): http.OutgoingHttpHeaders => {
    const headers = endToEnd(upRes.headers); // Node re-chunks by itself when there is no content-length
    const location = headers.location;
    if (typeof location === 'string' && location.startsWith(upstream.origin)) headers.location = proxy.url + location.slice(upstream.origin.length);
    return headers;
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.on('error', () => {}); // clients vanishing mid-answer is the point of several faults, not an error here
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer); // buffered: needed for the hash and to replay upstream
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const contentType = String(req.headers['content-type'] ?? '');
    const bodyText = textOf(body, contentType);
    const key = createHash('sha256').update(`${method}\u0000${path}\u0000${bodyText}`).digest('base64');
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    const info: ProxyRequest = { method, path, cls: classify(method, path, contentType, bodyText), nth, index: ++stats.requests, bodyText };
    stats.byClass[info.cls]++;
    for (const listener of listeners) listener(info);

    if (storm.left > 0) {
      storm.left--;
      count('429 storm');
      return answerStatus(res, 429, storm.retryAfterSeconds);
    }
    // the storm above does not consume draws: each request has its own stream, so skipping one perturbs no other
    const fault = plan?.(info, drawStream(options.seed, method, path, bodyText, nth));
    if (fault?.kind === 'status') {
      count(`status ${fault.status}`);
      return answerStatus(res, fault.status, fault.retryAfterSeconds);
    }
    if (fault?.kind === 'reset') {
      count('reset');
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') {
      count('delay');
      await sleep(fault.ms);
      if (closed) return void req.socket.destroy();
    }
    let upRes: http.IncomingMessage;
    try {
      upRes = await forward(req, body);
    } catch {
      count('upstream unreachable');
      return answerStatus(res, 502, undefined, 'The fault proxy could not reach the upstream');
    }
    if (fault?.kind === 'drop-after') {
      // wait for the whole answer so the server has certainly acted, then make the client believe nothing came back
      count(isWriteClass(info.cls) ? 'drop-after write' : 'drop-after');
      await new Promise<void>((resolve) => finished(upRes.resume(), () => resolve()));
      req.socket.destroy();
      return;
    }
    res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, answerHeaders(upRes));
    if (fault?.kind !== 'slow-body') return void pipeline(upRes, res, () => {});
    count('slow-body');
    const answer: Buffer[] = [];
    for await (const chunk of upRes) answer.push(chunk as Buffer);
    const all = Buffer.concat(answer);
    const step = Math.max(1, fault.chunkBytes);
    res.flushHeaders(); // headers first, then a trickle: what a client sees from a slow or congested server
    for (let at = 0; at < all.length && !res.destroyed; at += step) {
      if (at > 0) await sleep(fault.chunkDelayMs);
      res.write(all.subarray(at, at + step));
    }
    res.end();
  }

  const server = http.createServer((req, res) => void handle(req, res).catch(() => req.socket.destroy()));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => (server.off('error', reject), resolve()));
    });
  // close() alone waits for keep-alive connections to idle out; destroying them is what makes tests end quickly
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  await listen(0);
  const port = (server.address() as AddressInfo).port;
  let outages: Promise<void> = Promise.resolve(); // outages run one after the other: two at once would fight over listen()

  const proxy: FaultProxy = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    setPlan: (next) => void (plan = next),
    storm: (n, retryAfterSeconds = 1) => void (storm = { left: n, retryAfterSeconds }),
    outage(ms) {
      const run = outages.then(async () => {
        if (closed) return;
        count('outage');
        await stopListening();
        await sleep(ms);
        // the SAME port: a client configured with proxy.url must find the server again, as after a real restart
        if (!closed) await listen(port);
      });
      outages = run.catch(() => {});
      return run;
    },
    onRequest: (listener) => void listeners.push(listener),
    stats: () => ({ ...stats, byKind: { ...stats.byKind }, byClass: { ...stats.byClass } }),
    async close() {
      if (closed) return;
      closed = true;
      for (const [timer, wake] of sleeping) clearTimeout(timer), wake();
      sleeping.clear();
      agent.destroy();
      if (server.listening) await stopListening();
      else for (const socket of sockets) socket.destroy();
      await outages;
    },
  };
  return proxy;
}
