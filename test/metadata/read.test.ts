/**
 * readWorkspaceSchema over HTTP: the sandbox's seeded (legacy shape) and fresh (new shape) workspaces, paging, and a
 * stub server answering a shape no Twenty answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwentyClient, TwentyApiError } from '../../sdk/client/index.js';
import { readWorkspaceSchema } from '../../sdk/metadata/index.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
});
afterAll(() => sandbox?.close());

const keyOf = (name: string) => sandbox.workspace(name).apiKey;

describe('readWorkspaceSchema against the sandbox', () => {
  it('reads the legacy shape and matches the model the sandbox holds, relations included', async () => {
    const schema = await readWorkspaceSchema({ baseUrl: sandbox.url, apiKey: keyOf('source') });
    expect(schema).toMatchObject({ serverUrl: sandbox.url, metadataFormat: 'legacy', warnings: [] });
    const model = sandbox.workspace('source').model;
    expect(schema.objects).toHaveLength(model.objects.length);
    for (const o of model.objects) {
      const mine = schema.objects.find((x) => x.nameSingular === o.nameSingular)!;
      expect(mine.isCustom).toBe(o.applicationId === model.customApplicationId);
      for (const f of o.fields.filter((x) => x.relation)) {
        const r = mine.fields.find((x) => x.name === f.name)!.relation!;
        expect({ field: `${o.nameSingular}.${f.name}`, target: r.targetObject, inverse: r.inverseField })
          .toEqual({ field: `${o.nameSingular}.${f.name}`, target: f.relation!.targetObject, inverse: f.relation!.targetField });
      }
    }
  });

  it('reads the new shape, page by page, with clients given', async () => {
    const options = { baseUrl: sandbox.url, apiKey: keyOf('target') };
    const schema = await readWorkspaceSchema({ metadata: createTwentyClient({ ...options, api: 'metadata' }), pageSize: 5 });
    expect(schema.metadataFormat).toBe('new');
    expect(schema.objects).toHaveLength(28);
    expect(schema.objects.some((o) => o.isCustom)).toBe(false);
    expect(schema.warnings).toEqual([]);
    expect(schema.objects.find((o) => o.nameSingular === 'company')?.labelIdentifierField).toBe('name');
  });

  it('throws the API error for a refused key', async () => {
    const error = await readWorkspaceSchema({ baseUrl: sandbox.url, apiKey: 'not-a-key', retry: false }).catch((e) => e);
    expect(error).toBeInstanceOf(TwentyApiError);
    expect(error.code).toBe('UNAUTHENTICATED');
  });
});

describe('readWorkspaceSchema against a server of unknown shape', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [{ id: 'x' }], meta: { total: 1 }, data: { entities: [] } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('names the server and the keys it got, never the key', async () => {
    const apiKey = 'secret-key-for-stub-0123456789';
    const error = await readWorkspaceSchema({ baseUrl: url, apiKey }).catch((e) => e);
    expect(error).toBeInstanceOf(TwentyApiError);
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expect(error.message).toContain(url);
    expect(error.message).toContain('keys {items, meta, data, data.entities}');
    expect(error.message).toContain('{"data":{"objects":[…]}}');
    expect(JSON.stringify(error) + error.message + String(error.stack)).not.toContain(apiKey);
  });
});
