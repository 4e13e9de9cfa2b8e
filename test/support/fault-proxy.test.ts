import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  classify, mixedPlan, startFaultProxy,
  type FaultPlan, type FaultProxy, type ProxyFault, type ProxyRequest,
} from './fault-proxy.js';

// A tiny upstream that records what reached it, so each test can tell "answered by the proxy" from "forwarded".
interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }
const seen: Seen[] = [];
let created = 0;
let slowWritesDone = 0;
const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const big = Buffer.from('0123456789abcdef'.repeat(640)); // 10 KB

const upstream = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const path = req.url!.split('?')[0];
    if (path === '/binary') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(binary);
    if (path === '/big') return res.writeHead(200, { 'content-type': 'text/plain' }).end(big);
    if (path === '/redirect') return res.writeHead(302, { location: `${upstreamUrl}/target?x=1` }).end();
    if (path === '/chunked') {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-custom': 'kept' }); // no content-length: chunked
      res.write('part one, ');
      return void setTimeout(() => res.end('part two'), 5);
    }
    if (path === '/rest/slow-write') {
      // the server's work ends only with its answer: a proxy dropping the client at the headers would be caught early
      res.writeHead(201, { 'content-type': 'application/json' });
      res.write('{"data":');
      return void setTimeout(() => (slowWritesDone++, res.end('{}}')), 40);
    }
    if (path === '/rest/people' && req.method === 'POST') {
      created++;
      return res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { id: String(created) } }));
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
    res.end(JSON.stringify({ method: req.method, url: req.url, body: body.toString('utf8') }));
  });
});
let upstreamUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const proxies: FaultProxy[] = [];
const open = async (seed = 1, plan?: FaultPlan, to = upstreamUrl): Promise<FaultProxy> => {
  const proxy = await startFaultProxy({ upstream: to, seed, plan });
  proxies.push(proxy);
  return proxy;
};
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  seen.length = 0;
  created = 0;
  slowWritesDone = 0;
});

/** A plan that applies a fault to requests whose path matches, and nothing to the others. */
const only = (pattern: RegExp, fault: ProxyFault): FaultPlan => (req) => (pattern.test(req.path) ? fault : undefined);
/** The error code under fetch's "fetch failed" TypeError, or 'ok' when an answer came. */
const outcome = async (url: string, init?: RequestInit): Promise<string> => {
  try {
    const res = await fetch(url, init);
    await res.arrayBuffer();
    return String(res.status);
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? 'failed');
  }
};

describe('fault proxy: transparent forwarding', () => {
  it('passes status, headers, query strings and POST bodies through, with authorization and host rewritten', async () => {
    const proxy = await open();
    const res = await fetch(`${proxy.url}/rest/people?filter=name%5Beq%5D%3Ax&limit=2`, {
      method: 'POST',
      headers: { authorization: 'Bearer secret', 'content-type': 'application/json', 'x-trace': 'abc' },
      body: JSON.stringify({ name: 'Zoë' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ data: { id: '1' } });
    const [hit] = seen;
    expect(hit.url).toBe('/rest/people?filter=name%5Beq%5D%3Ax&limit=2');
    expect(hit.body.toString('utf8')).toBe('{"name":"Zoë"}');
    expect(hit.headers.authorization).toBe('Bearer secret');
    expect(hit.headers['x-trace']).toBe('abc');
    expect(hit.headers.host).toBe(new URL(upstreamUrl).host);
    expect(hit.headers['content-length']).toBe(String(Buffer.byteLength('{"name":"Zoë"}')));

    const get = await fetch(`${proxy.url}/rest/companies?a=1&b=two`);
    expect(get.headers.get('x-upstream')).toBe('yes');
    expect(await get.json()).toEqual({ method: 'GET', url: '/rest/companies?a=1&b=two', body: '' });
  });

  it('passes binary bodies both ways and chunked answers intact', async () => {
    const proxy = await open();
    const res = await fetch(`${proxy.url}/binary`, { method: 'PUT', body: binary, headers: { 'content-type': 'application/octet-stream' } });
    expect(Buffer.from(await res.arrayBuffer()).equals(binary)).toBe(true);
    expect(seen[0].body.equals(binary)).toBe(true);
    const chunked = await fetch(`${proxy.url}/chunked`);
    expect(chunked.headers.get('x-custom')).toBe('kept');
    expect(await chunked.text()).toBe('part one, part two');
  });

  it('rewrites redirects to the upstream origin onto the proxy origin', async () => {
    const proxy = await open();
    const res = await fetch(`${proxy.url}/redirect`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${proxy.url}/target?x=1`);
  });

  it('answers 502 when the upstream is unreachable', async () => {
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((resolve) => dead.close(resolve));
    const proxy = await open(1, undefined, `http://127.0.0.1:${port}`);
    const res = await fetch(`${proxy.url}/rest/people`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { statusCode: number }).statusCode).toBe(502);
  });
});

describe('fault proxy: faults', () => {
  it("'status' answers a Twenty-shaped error without forwarding", async () => {
    const proxy = await open(1, only(/people/, { kind: 'status', status: 503, retryAfterSeconds: 7 }));
    const res = await fetch(`${proxy.url}/rest/people`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ statusCode: 503, error: 'ServiceUnavailable', messages: ['Injected by the fault proxy'] });
    expect(seen).toHaveLength(0);
    expect((await fetch(`${proxy.url}/rest/companies`)).status).toBe(200); // the plan spares other paths
    expect(seen).toHaveLength(1);
  });

  it("'reset' fails the client's fetch and the upstream never sees the request", async () => {
    const proxy = await open(1, only(/people/, { kind: 'reset' }));
    expect(await outcome(`${proxy.url}/rest/people`, { method: 'POST', body: '{}' })).not.toMatch(/^\d+$/);
    expect(seen).toHaveLength(0);
    expect(created).toBe(0);
  });

  it("'drop-after' lets the server act fully, then fails the client's fetch", async () => {
    const proxy = await open(1, only(/people/, { kind: 'drop-after' }));
    expect(await outcome(`${proxy.url}/rest/people`, { method: 'POST', body: '{"name":"a"}' })).not.toMatch(/^\d+$/);
    expect(created).toBe(1); // already true when the client learns of the failure: the proxy waited for the answer
    expect(seen[0].body.toString()).toBe('{"name":"a"}');
    expect(proxy.stats().byKind['drop-after write']).toBe(1);
    proxy.setPlan(only(/slow-write/, { kind: 'drop-after' }));
    expect(await outcome(`${proxy.url}/rest/slow-write`, { method: 'POST', body: '{}' })).not.toMatch(/^\d+$/);
    expect(slowWritesDone).toBe(1); // the client failed only after the whole (slow) answer was in
  });

  it("'delay' still delivers the exact answer", async () => {
    const proxy = await open(1, only(/big/, { kind: 'delay', ms: 30 }));
    const res = await fetch(`${proxy.url}/big`);
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
    expect(proxy.stats().byKind.delay).toBe(1);
  });

  it("'slow-body' delivers the exact answer in several pieces", async () => {
    const proxy = await open(1, only(/big/, { kind: 'slow-body', chunkBytes: 2048, chunkDelayMs: 15 }));
    // raw node:http so the pieces can be counted (fetch would hide them)
    const pieces: Buffer[] = await new Promise((resolve, reject) => {
      http.get(`${proxy.url}/big`, (res) => {
        const got: Buffer[] = [];
        res.on('data', (c: Buffer) => got.push(c));
        res.on('end', () => resolve(got));
      }).on('error', reject);
    });
    expect(Buffer.concat(pieces).equals(big)).toBe(true);
    expect(pieces.length).toBeGreaterThan(1);
    expect(proxy.stats().byKind['slow-body']).toBe(1);
  });

  it('storm(3) answers 429 with Retry-After to the next 3 requests of any class, then forwards', async () => {
    const proxy = await open();
    proxy.storm(3, 2);
    const paths = ['/rest/people', '/rest/metadata/objects', '/graphql', '/rest/people'];
    const answers: Array<[number, string | null]> = [];
    for (const path of paths) {
      const res = await fetch(`${proxy.url}${path}`, { method: path === '/graphql' ? 'POST' : 'GET', body: path === '/graphql' ? '{"query":"{ a }"}' : undefined });
      await res.arrayBuffer();
      answers.push([res.status, res.headers.get('retry-after')]);
    }
    expect(answers).toEqual([[429, '2'], [429, '2'], [429, '2'], [200, null]]);
    expect(seen).toHaveLength(1);
    expect(proxy.stats().byKind['429 storm']).toBe(3);
  });

  it('outage(300) refuses connections during it and serves again on the same port after', async () => {
    const proxy = await open();
    expect(await outcome(`${proxy.url}/rest/people`)).toBe('200'); // a kept-alive connection the outage must kill
    const down = proxy.outage(300);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await outcome(`${proxy.url}/rest/people`)).toBe('ECONNREFUSED');
    await down;
    expect(await outcome(`${proxy.url}/rest/people`)).toBe('200');
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(proxy.stats().byKind.outage).toBe(1);
  });
});

describe('fault proxy: determinism and bookkeeping', () => {
  const rates = { status5xx: 0.2, reset: 0.15, dropAfter: 0.15, dropAfterWrites: true, delay: 0.15, delayMs: [1, 5] as [number, number] };
  const requests = Array.from({ length: 24 }, (_, i) =>
    i % 3 === 0 ? { path: `/rest/people?page=${i % 4}`, init: {} } : { path: '/rest/people', init: { method: 'POST', body: `{"n":${i % 5}}` } },
  );
  /** Runs the request list through a proxy and returns the decision per (method, path, body, nth). */
  const decisions = async (seed: number, order: number[], concurrent: boolean): Promise<Record<string, string>> => {
    const log: Record<string, string> = {};
    const plan = mixedPlan(rates);
    const proxy = await open(seed, (req, draw) => {
      const fault = plan(req, draw);
      log[`${req.method} ${req.path} ${req.bodyText} #${req.nth}`] = fault ? JSON.stringify(fault) : '-';
      return fault;
    });
    const send = (i: number): Promise<string> => outcome(`${proxy.url}${requests[i].path}`, requests[i].init);
    if (concurrent) await Promise.all(order.map(send));
    else for (const i of order) await send(i);
    return log;
  };
  const inOrder = requests.map((_, i) => i);

  it('the same seed gives the same faults whatever the interleaving; another seed gives others', async () => {
    const a = await decisions(42, inOrder, false);
    const b = await decisions(42, [...inOrder].reverse(), true);
    expect(Object.keys(a)).toHaveLength(24); // distinct keys thanks to nth, so nothing was overwritten
    expect(b).toEqual(a);
    expect(new Set(Object.values(a)).size).toBeGreaterThan(2); // the rates did produce a mix
    expect(await decisions(43, inOrder, false)).not.toEqual(a);
  });

  it('mixedPlan drops write answers only with dropAfterWrites, read answers always', () => {
    const req = (cls: ProxyRequest['cls']): ProxyRequest => ({ method: 'X', path: '/', cls, nth: 1, index: 1, bodyText: '' });
    const always = (): number => 0.5;
    expect(mixedPlan({ dropAfter: 1 })(req('read'), always)).toEqual({ kind: 'drop-after' });
    expect(mixedPlan({ dropAfter: 1 })(req('write'), always)).toBeUndefined();
    expect(mixedPlan({ dropAfter: 1, dropAfterWrites: true })(req('graphql-write'), always)).toEqual({ kind: 'drop-after' });
    expect(mixedPlan({ status5xx: 0.4, reset: 0.4 })(req('read'), always)).toEqual({ kind: 'reset' }); // 0.5 falls in the second band
    expect(mixedPlan({ status5xx: 0.4 })(req('read'), always)).toBeUndefined();
  });

  it('nth counts identical (method, path, body) requests; index counts all; each nth draws its own stream', async () => {
    const draws: number[] = [];
    const proxy = await open(5, (_req, draw) => void draws.push(draw()));
    const got: ProxyRequest[] = [];
    proxy.onRequest((r) => got.push(r));
    await outcome(`${proxy.url}/rest/people`, { method: 'POST', body: '{"a":1}' });
    await outcome(`${proxy.url}/rest/people`, { method: 'POST', body: '{"a":2}' });
    await outcome(`${proxy.url}/rest/people`, { method: 'POST', body: '{"a":1}' });
    await outcome(`${proxy.url}/rest/people?x`, { method: 'POST', body: '{"a":1}' });
    expect(got.map((r) => [r.nth, r.index, r.bodyText])).toEqual([[1, 1, '{"a":1}'], [1, 2, '{"a":2}'], [2, 3, '{"a":1}'], [1, 4, '{"a":1}']]);
    // a retry is not doomed to repeat the first attempt's fault: its nth gives it other draws
    expect(new Set(draws).size).toBe(4);
    const again = await open(5, (_req, draw) => void draws.push(draw()));
    await outcome(`${again.url}/rest/people`, { method: 'POST', body: '{"a":1}' });
    expect(draws[4]).toBe(draws[0]); // and the same seed, request and nth give the same draws on another proxy
  });

  it('classifies representative Twenty requests', async () => {
    const proxy = await open();
    const got: string[] = [];
    proxy.onRequest((r) => got.push(r.cls));
    const form = new FormData();
    form.append('operations', '{"query":"mutation UploadFile($file: Upload!) { uploadFile(file: $file) }"}');
    form.append('0', new Blob([binary]), 'a.bin');
    const calls: Array<[string, RequestInit?]> = [
      ['/rest/people?limit=60'],
      ['/rest/people', { method: 'POST', body: '{}' }],
      ['/rest/people/1', { method: 'PATCH', body: '{}' }],
      ['/rest/people/1', { method: 'DELETE' }],
      ['/rest/metadata/objects'],
      ['/rest/metadata/fields/9', { method: 'PATCH', body: '{}' }],
      ['/graphql', { method: 'POST', body: '{"query":"query { people { id } }"}' }],
      ['/metadata', { method: 'POST', body: '{"query":"mutation { createOneObject { id } }"}' }],
      ['/graphql', { method: 'POST', body: form }],
      ['/files/attachment/abc.png?token=t'],
      ['/healthz'],
    ];
    for (const [path, init] of calls) await outcome(`${proxy.url}${path}`, init);
    expect(got).toEqual(['read', 'write', 'write', 'delete', 'metadata-read', 'metadata-write', 'graphql-read', 'graphql-write', 'upload', 'file-download', 'other']);
    expect(classify('GET', '/some/file/x', '', '')).toBe('file-download');
    expect(proxy.stats().byClass).toMatchObject({ read: 1, write: 2, delete: 1, upload: 1, other: 1 });
  });

  it('stats count requests, forwards and faults by kind', async () => {
    const plan: FaultPlan = (req) =>
      req.path === '/s' ? { kind: 'status', status: 502 } : req.path === '/r' ? { kind: 'reset' } : req.path === '/d' ? { kind: 'drop-after' } : undefined;
    const proxy = await open(1, plan);
    for (const path of ['/s', '/s', '/r', '/d', '/ok']) await outcome(`${proxy.url}${path}`);
    proxy.storm(1);
    await outcome(`${proxy.url}/ok`);
    const stats = proxy.stats();
    expect(stats.requests).toBe(6);
    expect(stats.forwarded).toBe(2); // '/d' and the first '/ok'
    expect(stats.byKind).toEqual({ 'status 502': 2, reset: 1, 'drop-after': 1, '429 storm': 1 });
    expect(stats.byClass.other).toBe(6);
  });
});
