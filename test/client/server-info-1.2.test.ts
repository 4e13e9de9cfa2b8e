/**
 * Connect and the schema read against what a real Twenty 1.2.0 answered (test/fixtures/real-1.2/, recorded by
 * scripts/real/record-1.2.ts): a query string on a REST metadata path is refused as part of the path, objects are
 * listed without their fields, and the tree comes from GraphQL /metadata.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectServer } from '../../sdk/client/index.js';
import { readWorkspaceSchema } from '../../sdk/metadata/index.js';
import { json, JWT_KEY, startServer, type TestServer } from './helpers.js';

interface Exchange { method: string; path: string; body?: { query?: string }; status: number; response: unknown }
const recorded: { exchanges: Exchange[] } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/real-1.2/connect-and-schema.json'), 'utf8'));
const answer = (method: string, path: string, query?: string) =>
  recorded.exchanges.find((e) => e.method === method && e.path === path && (query === undefined || e.body?.query === query));

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A 1.2 stand-in: the recorded answers, and 1.2's rule that REST metadata paths take no query string. */
async function twenty12() {
  const graphqlSeen: string[] = [];
  server = await startServer((req, res) => {
    const p = req.url.pathname;
    if (p === '/client-config') return json(res, 200, answer('GET', '/client-config')!.response);
    if (req.headers.authorization !== `Bearer ${JWT_KEY}`) return json(res, 401, { statusCode: 401, message: 'Unauthorized' });
    if (p === '/rest/metadata/objects') {
      const e = answer('GET', req.url.search ? '/rest/metadata/objects?limit=1' : '/rest/metadata/objects')!;
      // the recorded 400 names the path asked for; any query string gets it
      return json(res, e.status, req.url.search ? JSON.parse(JSON.stringify(e.response).replaceAll('?limit=1', req.url.search)) : e.response);
    }
    if (p === '/metadata' && req.method === 'POST') {
      const query = (JSON.parse(req.body) as { query: string }).query;
      graphqlSeen.push(query);
      const e = answer('POST', '/metadata', query);
      return e ? json(res, e.status, e.response) : json(res, 200, { errors: [{ message: 'query not recorded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    }
    if (p === '/rest/companies') return json(res, 200, { data: { companies: [{ id: 'a' }] }, totalCount: 1, pageInfo: {} });
    json(res, 404, { statusCode: 404, message: `no route ${p}` });
  });
  return { url: server.url, graphqlSeen };
}

describe('Twenty 1.2 (recorded)', () => {
  it('connect finds the version and what the metadata API cannot do', async () => {
    const { url } = await twenty12();
    const info = await detectServer({ baseUrl: url, apiKey: JWT_KEY, rateLimit: false, probeBatchSize: false });
    expect(info.version).toBe('1.2.0');
    expect(info.metadataFormat).toBe('legacy');
    expect(info.capabilities).toEqual({ metadataQuery: false, metadataFieldsInline: false });
    expect(info.notes.join('\n')).toMatch(/no query string.*\n.*GraphQL \/metadata/);
  });

  it('reads the whole data model through GraphQL, relations included', async () => {
    const { url, graphqlSeen } = await twenty12();
    // without capabilities: the read finds out by itself (one refused request)
    const schema = await readWorkspaceSchema({ baseUrl: url, apiKey: JWT_KEY, rateLimit: false, relations: false });
    expect(schema.objects).toHaveLength(39);
    expect(schema.objects.reduce((n, o) => n + o.fields.length, 0)).toBe(547);
    expect(schema.objects.filter((o) => o.isCustom).map((o) => o.nameSingular)).toEqual(['pet', 'rocket', 'surveyResult']);
    const company = schema.objects.find((o) => o.nameSingular === 'company')!;
    const owner = company.fields.find((f) => f.name === 'accountOwner')!;
    expect(owner.relation).toMatchObject({ kind: 'MANY_TO_ONE', targetObject: 'workspaceMember', joinColumn: 'accountOwnerId' });
    expect(company.labelIdentifierField).toBe('name');
    expect(graphqlSeen.some((q) => q.includes('TwentyMigrateSchemaTree'))).toBe(true);
  });
});
