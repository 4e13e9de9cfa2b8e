/** The client layer against the Twenty sandbox rather than stubs: the two halves must agree. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwentyClient, detectServer, listRecords, RateLimiter, request } from '../../sdk/client/index.js';
import { seedWorkspace } from '../sandbox/seed-workspace.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

describe('client × sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      workspaces: [
        { name: 'source', model: 'seeded', rateLimit: { limit: 30, windowMs: 1500, burst: false } },
        { name: 'target', model: 'fresh' },
      ],
      version: null,
    });
    seedWorkspace(sandbox.workspace('source'), { records: 6000, seed: 3 });
  });
  afterAll(() => sandbox.close());

  const client = (name: string, limiter?: RateLimiter) =>
    createTwentyClient({
      baseUrl: sandbox.url,
      apiKey: sandbox.workspace(name).apiKey,
      rateLimit: limiter ? { limiter } : { limit: 30, windowMs: 1500 },
      retry: { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 200 },
    });

  it('pages through thousands of records under the workspace budget without a single 429', async () => {
    const ws = sandbox.workspace('source');
    const rejectedBefore = ws.budget!.rejected;
    const ids = new Set<string>();
    for await (const person of listRecords(client('source'), 'people', { pageSize: 200 })) ids.add(person.id as string);
    expect(ids.size).toBe(ws.count('person').active);
    expect(ids.size).toBeGreaterThan(1500);
    expect(ws.budget!.rejected).toBe(rejectedBefore);
  }, 30_000);

  it('retries through injected 503s, 429s and dropped connections', async () => {
    let n = 0;
    sandbox.setFault(() => (++n % 3 === 1 ? (['reset', 503, 429] as const)[Math.floor(n / 3) % 3] : undefined));
    try {
      const c = client('target', new RateLimiter({ limit: 1000, windowMs: 1000 }));
      const res = await request<any>(c, 'POST', '/batch/companies', { query: { upsert: true }, body: [{ name: 'A' }, { name: 'B' }] });
      expect(res.error).toBeUndefined();
      const list = await request<any>(c, 'GET', '/companies');
      expect(list.data.totalCount).toBe(2);
    } finally {
      sandbox.setFault(undefined);
    }
  });

  it('detects what each server is: version, metadata shape, page and batch maxima', async () => {
    const source = await detectServer({ baseUrl: sandbox.url, apiKey: sandbox.workspace('source').apiKey });
    expect(source).toMatchObject({ version: null, metadataFormat: 'legacy', maxPageSize: 200, maxBatchSize: 200 });
    const target = await detectServer({ baseUrl: sandbox.url, apiKey: sandbox.workspace('target').apiKey });
    expect(target.metadataFormat).toBe('new');
  });

  it('never shows the key in an error from a real answer', async () => {
    const bad = createTwentyClient({ baseUrl: sandbox.url, apiKey: `${sandbox.workspace('target').apiKey}x`, retry: false });
    const res = await request(bad, 'GET', '/companies');
    expect(res.error?.status).toBe(401);
    const text = `${res.error?.message} ${JSON.stringify(res.error)} ${String(res.error)}`;
    expect(text).not.toContain(sandbox.workspace('target').apiKey);
  });
});
