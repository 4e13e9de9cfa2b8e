import { afterEach, describe, expect, it } from 'vitest';
import { createTwentyClient, request, TwentyApiError, unwrap, type TwentyClientEvent } from '../../sdk/client/index.js';
import { json, JWT_KEY, startServer, TOO_MANY, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fast = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 };
const ok = { data: { companies: [{ id: '1' }] }, totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null } };

/** A server that answers the queued failures first, then 200. */
async function flaky(failures: Array<'reset' | number>) {
  server = await startServer((req, res, raw) => {
    const next = failures.shift();
    if (next === 'reset') {
      raw.socket.destroy();
      return;
    }
    if (typeof next === 'number') return json(res, next, next === 429 ? TOO_MANY : { statusCode: next, messages: ['boom'] });
    json(res, 200, ok);
  });
  const events: TwentyClientEvent[] = [];
  const client = createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, retry: fast, rateLimit: false, onEvent: (e) => events.push(e) });
  return { client, events, server };
}

describe('retries', () => {
  it.each([
    ['429 without Retry-After', [429]],
    ['500', [500]],
    ['502, 503, 504', [502, 503, 504]],
    ['a connection reset', ['reset'] as const],
    ['a reset then a 503', ['reset', 503] as const],
  ])('retries %s and then succeeds', async (_name, failures) => {
    const { client, events, server } = await flaky([...failures]);
    const result = await request(client, 'GET', '/companies');
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(ok);
    expect(server.requests).toHaveLength(failures.length + 1);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(failures.length);
  });

  it('waits out a 429 storm longer than maxAttempts (throttling is not a failure), then gives up after maxThrottledWaitMs', async () => {
    const { client, server } = await flaky([429, 429, 429, 429, 429, 429, 429, 503]);
    const result = await request(client, 'GET', '/companies');
    expect(result.error).toBeUndefined();
    expect(server.requests).toHaveLength(9); // 7 throttled + 1 failure + the answer, with maxAttempts 4

    await server.close();
    const endless = await flaky(Array.from({ length: 1000 }, () => 429));
    const patient = createTwentyClient({ baseUrl: endless.server.url, apiKey: JWT_KEY, retry: { ...fast, maxThrottledWaitMs: 200 }, rateLimit: false });
    const gaveUp = await request(patient, 'GET', '/companies');
    expect(gaveUp.error?.code).toBe('RATE_LIMITED');
    expect(endless.server.requests.length).toBeGreaterThan(4);
    expect(endless.server.requests.length).toBeLessThan(1000);
  });

  it('replays the POST body on each attempt', async () => {
    const { client, server } = await flaky([503]);
    const body = [{ id: 'a', name: 'Acme' }];
    unwrap(await request(client, 'POST', '/batch/companies', { body }));
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([body, body]);
    expect(server.requests[1].headers['content-type']).toMatch(/json/);
  });

  it('does not retry other 4xx', async () => {
    const { client, server } = await flaky([400]);
    const result = await request(client, 'GET', '/companies');
    expect(result.error?.code).toBe('INVALID_REQUEST');
    expect(result.error?.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts with a retryable error that counts the attempts', async () => {
    const { client, server } = await flaky([503, 503, 503, 503, 503]);
    const result = await request(client, 'GET', '/companies');
    expect(result.error).toBeInstanceOf(TwentyApiError);
    expect(result.error).toMatchObject({ status: 503, code: 'SERVER_ERROR', retryable: true, attempts: 4 });
    expect(server.requests).toHaveLength(4);
  });

  it('turns repeated resets into NETWORK_ERROR', async () => {
    const { client } = await flaky(Array(8).fill('reset'));
    const result = await request(client, 'GET', '/companies');
    expect(result.error).toMatchObject({ status: null, code: 'NETWORK_ERROR', retryable: true, attempts: 4 });
    expect(result.error?.messages.join()).toMatch(/socket|ECONNRESET|fetch failed/i);
    // Through the typed client the same failure is thrown (openapi-fetch throws on network errors).
    await expect(client.GET('/companies' as never, {} as never)).rejects.toBeInstanceOf(TwentyApiError);
  });

  it('honours Retry-After', async () => {
    let first = true;
    server = await startServer((_req, res) => {
      if (first) {
        first = false;
        return json(res, 429, TOO_MANY, { 'retry-after': '1' });
      }
      json(res, 200, ok);
    });
    const events: TwentyClientEvent[] = [];
    // A small limiter: its own pause after a 429 (3 × 65 ms) is shorter than the server's Retry-After.
    const rateLimit = { limit: 20, windowMs: 1_000, marginMs: 15 };
    const client = createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, retry: fast, rateLimit, onEvent: (e) => events.push(e) });
    unwrap(await request(client, 'GET', '/companies'));
    const gap = server.requests[1].at - server.requests[0].at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delayMs: 1000 });
    expect(events.find((e) => e.type === 'throttled')).toMatchObject({ retryAfterMs: 1000 });
  });
});

describe('timeouts', () => {
  it('aborts a silent server after timeoutMs and reports TIMEOUT', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const client = createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, timeoutMs: 100, retry: { ...fast, maxAttempts: 2 }, rateLimit: false });
    const started = performance.now();
    const result = await request(client, 'GET', '/companies');
    expect(result.error).toMatchObject({ code: 'TIMEOUT', status: null, retryable: true, attempts: 2 });
    expect(result.error?.message).toContain('no response within 100 ms');
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('covers a body that stalls after the headers', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    const client = createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, timeoutMs: 100, retry: false, rateLimit: false });
    const result = await request(client, 'GET', '/companies');
    expect(result.error?.code).toBe('TIMEOUT');
  });

  it("stops at once on the caller's abort and does not retry", async () => {
    server = await startServer(() => {});
    const client = createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, timeoutMs: 5_000, retry: fast, rateLimit: false });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    await expect(request(client, 'GET', '/companies', { signal: controller.signal })).rejects.toThrow('user cancelled');
    expect(server.requests).toHaveLength(1);
  });
});
