import { afterEach, describe, expect, it } from 'vitest';
import { createTwentyClient, isThrottledPath, RateLimiter, rateLimiterKey, request, unwrap, type TwentyClientEvent } from '../../sdk/client/index.js';
import { json, JWT_KEY, PLAIN_KEY, startServer, TOO_MANY, TwentyBucket, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A stub with Twenty's throttler on core record paths only. */
async function throttledServer(bucket: TwentyBucket) {
  server = await startServer((req, res) => {
    if (isThrottledPath(req.url) && !bucket.take()) return json(res, 429, TOO_MANY);
    json(res, 200, { data: { companies: [] }, totalCount: 0, pageInfo: { hasNextPage: false } });
  });
  return server;
}

// 20 requests per second: the same arithmetic as Twenty's 100 per 60 s, 30× faster.
const small = { limit: 20, windowMs: 1_000, marginMs: 15 };

describe('rate limiter', () => {
  it('spends the burst, then paces at the refill rate without a single 429 (two clients, one workspace)', async () => {
    // A slower window than the other tests: a loaded machine delays timers by tens of ms, which must stay small next
    // to the margin the client keeps per interval (2000 / 20 + 80 = 180 ms) for "no 429 at all" to be a fair
    // expectation (a 40 ms margin saw one 429 at load average 10).
    const bucket = new TwentyBucket(20, 2_000);
    const { url, requests } = await throttledServer(bucket);
    const a = createTwentyClient({ baseUrl: url, apiKey: JWT_KEY, rateLimit: { limit: 20, windowMs: 2_000, marginMs: 80 } });
    const b = createTwentyClient({ baseUrl: `${url}/rest/`, apiKey: JWT_KEY }); // same workspace: shares a's limiter
    expect(b.twenty.limiter).toBe(a.twenty.limiter);

    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 36 }, (_, i) => request(i % 2 ? a : b, 'GET', '/companies')));
    const elapsed = performance.now() - started;

    expect(results.filter((r) => r.error)).toEqual([]);
    expect(bucket.rejected).toBe(0);
    expect(requests).toHaveLength(36);
    // 18 at once (2 kept in reserve), then 18 more at one per 180 ms: it paced rather than bursting everything.
    expect(elapsed).toBeGreaterThanOrEqual(18 * 180 - 50);
    // Never more than the bucket allows: in any 1 s after the burst, at most 1000/180 + 1 arrivals (8 is the bucket's).
    const arrivals = requests.map((r) => r.at).sort((x, y) => x - y);
    const paced = arrivals.slice(18);
    for (const t of paced) expect(paced.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(8);
  });

  it('backs off for the whole workspace when a 429 arrives anyway, then recovers', async () => {
    const bucket = new TwentyBucket(20, 1_000, 3); // someone else already spent most of the bucket
    const { url } = await throttledServer(bucket);
    const events: TwentyClientEvent[] = [];
    const client = createTwentyClient({
      baseUrl: url,
      apiKey: PLAIN_KEY,
      rateLimit: small,
      retry: { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 50 },
      onEvent: (e) => events.push(e),
    });
    const results = await Promise.all(Array.from({ length: 12 }, () => request(client, 'GET', '/companies')));
    expect(results.filter((r) => r.error)).toEqual([]);
    // Requests already in flight when the first 429 came back may also be refused; after that, pacing holds.
    expect(bucket.rejected).toBeGreaterThan(0);
    expect(bucket.rejected).toBeLessThanOrEqual(17);
    const lastThrottle = events.map((e) => e.type).lastIndexOf('throttled');
    const afterwards = events.slice(lastThrottle + 1).filter((e) => e.type === 'response');
    expect(afterwards.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'rate-limit-wait')).toBe(true);
  });

  it('does not count metadata, open-api, client-config or healthz calls', async () => {
    const bucket = new TwentyBucket(2, 60_000);
    const { url } = await throttledServer(bucket);
    const root = createTwentyClient({ baseUrl: url, apiKey: `${JWT_KEY}x`, api: 'root', rateLimit: { limit: 2, windowMs: 60_000 } });
    const started = performance.now();
    for (const path of ['/rest/metadata/objects', '/rest/open-api/core', '/client-config', '/healthz']) {
      for (let i = 0; i < 5; i++) unwrap(await request(root, 'GET', path));
    }
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(root.twenty.limiter?.snapshot().tokens).toBe(2);
  });

  it('keys limiters by origin and a hash of the key, never the key itself', () => {
    const key = rateLimiterKey('https://crm.example.com/rest/', JWT_KEY);
    expect(key).toMatch(/^https:\/\/crm\.example\.com#[0-9a-f]{16}$/);
    expect(key).not.toContain(JWT_KEY.slice(0, 20));
    expect(rateLimiterKey('https://crm.example.com', PLAIN_KEY)).not.toBe(key);
  });

  it('mirrors the server arithmetic: fractions are lost when the clock restarts', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 10, windowMs: 1_000, marginMs: 0, initialTokens: 0 }, () => now);
    now = 99;
    expect(limiter.snapshot().tokens).toBe(0);
    now = 250;
    expect(limiter.snapshot().tokens).toBe(2);
    limiter.onThrottled();
    now = 349;
    expect(limiter.snapshot().tokens).toBe(0);
    now = 350;
    expect(limiter.snapshot().tokens).toBe(1);
  });

  it('keeps its jitter margin to a tenth of the interval, so a raised server limit is not paced 500 times slower', () => {
    expect(new RateLimiter({ limit: 100, windowMs: 60_000 }).snapshot().intervalMs).toBe(650); // Twenty's default
    const fast = new RateLimiter({ limit: 10_000, windowMs: 1_000 });
    expect(fast.snapshot().intervalMs).toBeCloseTo(0.11, 5);
    // After a 429 the reserve (10 %) refills in about a tenth of the window, not (reserve + 1) × 50 ms = 50 s.
    let now = 0;
    const clocked = new RateLimiter({ limit: 10_000, windowMs: 1_000 }, () => now);
    clocked.onThrottled();
    now = 150;
    expect(clocked.snapshot().tokens).toBeGreaterThan(1_000);
  });

  it('lets an aborted waiter leave the queue', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, initialTokens: 0 });
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.snapshot().queued).toBe(0);
  });
});
