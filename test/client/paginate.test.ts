import { afterEach, describe, expect, it } from 'vitest';
import { createTwentyClient, listPages, listRecords, TwentyApiError } from '../../sdk/client/index.js';
import { json, JWT_KEY, startServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const cursorOf = (id: string) => Buffer.from(JSON.stringify({ id })).toString('base64');
const idOf = (cursor: string) => (JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { id: string }).id;

/** Twenty's list endpoint over `count` people: id order, limit clamped to 200, `starting_after` cursors. */
async function peopleServer(count: number, options: { brokenCursorAtPage?: number; failAtPage?: number } = {}) {
  const ids = Array.from({ length: count }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  let page = 0;
  server = await startServer((req, res) => {
    page++;
    if (req.url.pathname !== '/rest/people') return json(res, 400, { statusCode: 400, error: 'BadRequestException', messages: ['bad path'] });
    if (page === options.failAtPage) return json(res, 400, { statusCode: 400, error: 'BadRequestException', messages: ["'filter' invalid"] });
    const limit = Math.min(200, Number(req.url.searchParams.get('limit') ?? 60));
    const after = req.url.searchParams.get('starting_after');
    const start = after ? ids.indexOf(idOf(after)) + 1 : 0;
    const slice = ids.slice(start, start + limit);
    const last = slice.at(-1);
    json(res, 200, {
      data: { people: slice.map((id) => ({ id, name: { firstName: 'P', lastName: id.slice(-4) } })) },
      totalCount: count,
      pageInfo: {
        startCursor: slice[0] ? cursorOf(slice[0]) : null,
        endCursor: page === options.brokenCursorAtPage ? after : last ? cursorOf(last) : null,
        hasNextPage: start + limit < count,
        hasPreviousPage: false,
      },
    });
  });
  return { ids, client: createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, rateLimit: false, retry: false }) };
}

describe('listRecords', () => {
  it('reads 5,000 records in 25 pages of 200, in order, without duplicates', async () => {
    const { ids, client } = await peopleServer(5_000);
    const seen: string[] = [];
    for await (const person of listRecords(client, 'people')) seen.push(person.id as string);
    expect(seen).toEqual(ids);
    expect(server!.requests).toHaveLength(25);
    expect(server!.requests.every((r) => r.url.searchParams.get('limit') === '200')).toBe(true);
    expect(server!.requests[0].url.searchParams.has('starting_after')).toBe(false);
  });

  it('asks for the detected page size and stops when the caller stops', async () => {
    const { client } = await peopleServer(1_000);
    let n = 0;
    for await (const _ of listRecords(client, 'people', { pageSize: 50 })) if (++n === 120) break;
    expect(server!.requests).toHaveLength(3);
    expect(server!.requests[0].url.searchParams.get('limit')).toBe('50');
  });

  it('passes filter, order_by and depth through, URL-encoded', async () => {
    const { client } = await peopleServer(3);
    const filter = 'and(emails.primaryEmail[eq]:"a@b.c",deletedAt[is]:NOT_NULL)';
    await listPages(client, 'people', { filter, orderBy: 'createdAt[DescNullsLast]', depth: 1 }).next();
    const sent = server!.requests[0].url.searchParams;
    expect(sent.get('filter')).toBe(filter);
    expect(sent.get('order_by')).toBe('createdAt[DescNullsLast]');
    expect(sent.get('depth')).toBe('1');
  });

  it('yields pages with totalCount and cursors, and handles an empty object', async () => {
    const { client } = await peopleServer(450);
    const pages = [];
    for await (const page of listPages(client, 'people')) pages.push({ n: page.records.length, total: page.totalCount, more: page.hasNextPage, p: page.pageNumber });
    expect(pages).toEqual([
      { n: 200, total: 450, more: true, p: 1 },
      { n: 200, total: 450, more: true, p: 2 },
      { n: 50, total: 450, more: false, p: 3 },
    ]);
    await server!.close();
    const empty = await peopleServer(0);
    const all = [];
    for await (const r of listRecords(empty.client, 'people')) all.push(r);
    expect(all).toEqual([]);
  });

  it('throws a TwentyApiError on an API error mid-way', async () => {
    const { client } = await peopleServer(1_000, { failAtPage: 2 });
    const read = async () => {
      for await (const _ of listRecords(client, 'people'));
    };
    await expect(read()).rejects.toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
  });

  it('refuses to loop when the server repeats a cursor', async () => {
    const { client } = await peopleServer(1_000, { brokenCursorAtPage: 2 });
    const read = async () => {
      for await (const _ of listRecords(client, 'people'));
    };
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwentyApiError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });

  it("reports the server's own message for an unknown object", async () => {
    const { client } = await peopleServer(10);
    const read = async () => {
      for await (const _ of listRecords(client, 'companies'));
    };
    await expect(read()).rejects.toThrow(/400 INVALID_REQUEST: bad path/);
  });

  it('names the keys it got when the body is not a list of that object', async () => {
    server = await startServer((_req, res) => json(res, 200, { data: { companies: [] }, pageInfo: { hasNextPage: false } }));
    const client = createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, rateLimit: false });
    await expect(listRecords(client, 'people').next()).rejects.toThrow(/expected data.people to be an array, got data keys: companies/);
  });
});
