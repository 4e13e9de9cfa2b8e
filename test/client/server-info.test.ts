import { afterEach, describe, expect, it } from 'vitest';
import { detectServer, TwentyApiError } from '../../sdk/client/index.js';
import { hasShared, readShared, type Transcript } from '../support/shared.js';
import { json, JWT_KEY, startServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const body = (name: string) => readShared<Transcript>(`transcripts/${name}.json`).response.body;

interface Stub {
  clientConfig: unknown;
  serverCard: unknown | null;
  objects: unknown;
  companies: number;
  /** The server's batch maximum; null = no maximum (only the database refuses duplicates). */
  maxBatch: number | null;
  openApi?: unknown;
}

/** A Twenty stand-in answering the recorded bodies. */
async function stub(s: Stub) {
  server = await startServer((req, res) => {
    const p = req.url.pathname;
    if (p === '/client-config') return json(res, 200, s.clientConfig);
    if (p === '/.well-known/mcp/server-card.json') return s.serverCard ? json(res, 200, s.serverCard) : json(res, 404, { message: 'Cannot GET', statusCode: 404 });
    if (req.headers.authorization !== `Bearer ${JWT_KEY}`) return json(res, 401, body('auth-401-wrong-key'));
    if (p === '/rest/metadata/objects') return json(res, 200, s.objects);
    if (p === '/rest/open-api/core') return json(res, 200, s.openApi ?? readShared('openapi/target-core.json'));
    if (p === '/rest/companies') {
      const n = Math.min(200, Number(req.url.searchParams.get('limit')), s.companies);
      return json(res, 200, { data: { companies: Array.from({ length: n }, (_, i) => ({ id: String(i) })) }, totalCount: s.companies, pageInfo: {} });
    }
    if (p === '/rest/batch/companies' && req.method === 'POST') {
      const rows = JSON.parse(req.body) as Array<{ id: string }>;
      if (s.maxBatch !== null && rows.length > s.maxBatch) {
        return json(res, 400, { statusCode: 400, error: 'BadRequestException', messages: [`Maximum number of records to upsert is ${s.maxBatch}.`] });
      }
      if (new Set(rows.map((r) => r.id)).size < rows.length) return json(res, 400, body('create-duplicate-id'));
      return json(res, 201, { data: { createCompanies: rows } });
    }
    json(res, 404, { statusCode: 404, messages: [`no route ${p}`] });
  });
  return server;
}

const withVersion = () => body('version-client-config');
const withoutVersion = () => body('version-client-config-without-app-version');
const card = (version: string) => ({ ...body('version-mcp-server-card'), version });

describe.skipIf(!hasShared)('detectServer', () => {
  it('seeded 2.21 source: appVersion, legacy metadata, clamp at 200, batch max 200', async () => {
    const { url, requests } = await stub({ clientConfig: withVersion(), serverCard: card('2.21.0'), objects: body('metadata-objects-list-source'), companies: 599, maxBatch: 200 });
    const info = await detectServer({ baseUrl: url, apiKey: JWT_KEY, rateLimit: false });
    expect(info).toEqual({
      serverUrl: url,
      version: '2.21.0',
      versionSource: 'client-config',
      metadataFormat: 'legacy',
      capabilities: { metadataQuery: true, metadataFieldsInline: true },
      maxPageSize: 200,
      maxPageSizeSource: 'clamp',
      maxBatchSize: 200,
      maxBatchSizeSource: 'probe',
      notes: [],
    });
    // The batch probe: 201 copies of one fresh uuid, so nothing can be written.
    const probe = requests.find((r) => r.url.pathname === '/rest/batch/companies')!;
    const rows = JSON.parse(probe.body) as Array<{ id: string }>;
    expect(rows).toHaveLength(201);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    expect(rows[0].id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fresh target without APP_VERSION: version null, new metadata, page size from OpenAPI', async () => {
    const { url } = await stub({ clientConfig: withoutVersion(), serverCard: card('0.0.0'), objects: body('metadata-objects-list-target'), companies: 5, maxBatch: 200 });
    const info = await detectServer({ baseUrl: `${url}/rest/`, apiKey: JWT_KEY, rateLimit: false });
    expect(info).toMatchObject({ version: null, versionSource: null, metadataFormat: 'new', maxPageSize: 200, maxPageSizeSource: 'openapi', maxBatchSize: 200 });
    expect(info.notes.join()).toMatch(/only 5 companies/);
  });

  it('falls back to the MCP server card when client-config has no appVersion', async () => {
    const { url } = await stub({ clientConfig: withoutVersion(), serverCard: card('2.21.0'), objects: body('metadata-objects-list-target'), companies: 599, maxBatch: 200 });
    expect(await detectServer({ baseUrl: url, apiKey: JWT_KEY, rateLimit: false })).toMatchObject({ version: '2.21.0', versionSource: 'mcp-server-card' });
  });

  it('reads a smaller batch maximum (Cloud documents 60)', async () => {
    const { url } = await stub({ clientConfig: withVersion(), serverCard: null, objects: body('metadata-objects-list-target'), companies: 599, maxBatch: 60 });
    expect(await detectServer({ baseUrl: url, apiKey: JWT_KEY, rateLimit: false })).toMatchObject({ maxBatchSize: 60, maxBatchSizeSource: 'probe' });
  });

  it('keeps the default when the server has no lower maximum (the duplicate id is refused, nothing written)', async () => {
    const { url } = await stub({ clientConfig: withVersion(), serverCard: null, objects: body('metadata-objects-list-source'), companies: 599, maxBatch: null });
    const info = await detectServer({ baseUrl: url, apiKey: JWT_KEY, rateLimit: false });
    expect(info).toMatchObject({ maxBatchSize: 200, maxBatchSizeSource: 'default' });
    expect(info.notes.join()).toMatch(/201 records accepted up to the database/);
  });

  it('skips the batch probe on request', async () => {
    const { url, requests } = await stub({ clientConfig: withVersion(), serverCard: null, objects: body('metadata-objects-list-source'), companies: 599, maxBatch: 200 });
    await detectServer({ baseUrl: url, apiKey: JWT_KEY, rateLimit: false, probeBatchSize: false });
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('names the server and what came back when the metadata shape is unknown', async () => {
    const { url } = await stub({ clientConfig: {}, serverCard: null, objects: { objects: [] }, companies: 0, maxBatch: 200 });
    const error = await detectServer({ baseUrl: url, apiKey: JWT_KEY, rateLimit: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwentyApiError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    expect((error as Error).message).toContain(`${url} does not look like a Twenty server`);
    expect((error as Error).message).toContain('{"objects":[]}');
  });

  it('throws UNAUTHENTICATED for a refused key', async () => {
    const { url } = await stub({ clientConfig: withVersion(), serverCard: null, objects: body('metadata-objects-list-source'), companies: 599, maxBatch: 200 });
    await expect(detectServer({ baseUrl: url, apiKey: 'not-the-right-key', rateLimit: false })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });
});
