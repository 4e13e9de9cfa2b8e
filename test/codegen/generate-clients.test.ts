import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateConfigured, generateDefault } from '../../scripts/generate.js';
import { describeServer, fetchOpenApiDocument, generateFromRecording } from '../../sdk/codegen/generate-clients.js';
import { json, JWT_KEY, startServer } from '../client/helpers.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

const committed = resolve(import.meta.dirname, '../../generated');
const recorded12 = resolve(import.meta.dirname, '../fixtures/real-1.2');
const FILES = ['core.json', 'core.ts', 'metadata.json', 'metadata.ts'];

describe('generateClients', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
  });
  afterAll(() => sandbox.close());

  it('reproduces the committed default clients exactly (generated/ is up to date), the recorded 1.2 source beside them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tm-gen-'));
    const rows = await generateDefault(out); // what `npm run generate` does with nothing configured
    expect(rows.map((r) => `${r.side}/${r.kind}`)).toEqual([
      'source/core', 'source/metadata', 'target/core', 'target/metadata', 'source-1.2/core', 'source-1.2/metadata',
    ]);
    for (const folder of ['source', 'target', 'source-1.2']) {
      for (const file of FILES) {
        const fresh = readFileSync(join(out, folder, file), 'utf8');
        expect(fresh, `generated/${folder}/${file} is stale: run npm run generate`).toBe(readFileSync(join(committed, folder, file), 'utf8'));
      }
    }
  }, 60_000);

  it('marks generated files as not to be edited and types every object of the workspace', () => {
    const source = readFileSync(join(committed, 'source/core.ts'), 'utf8');
    expect(source.startsWith('/**\n * DO NOT EDIT')).toBe(true);
    for (const path of ['"/companies"', '"/pets"', '"/batch/rockets"', '"/surveyResults/{id}"']) expect(source).toContain(path);
    const target = readFileSync(join(committed, 'target/core.ts'), 'utf8');
    expect(target).toContain('"/companies"');
    expect(target).not.toContain('"/pets"');
  });

  it('describes the workspace of the key it is given, and only the base document without one', async () => {
    const withKey = await fetchOpenApiDocument({ url: sandbox.url, apiKey: sandbox.workspace('source').apiKey }, 'core');
    expect(Object.keys(withKey.paths as object)).toContain('/pets');
    const res = await fetch(`${sandbox.url}/rest/open-api/core`);
    const base = (await res.json()) as { paths: object };
    expect(Object.keys(base.paths)).not.toContain('/companies');
  });

  it('types the recorded 1.2 documents as they were recorded, naming the server and the file in the header', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tm-gen-'));
    const files = { core: join(recorded12, 'openapi-core.json'), metadata: join(recorded12, 'openapi-metadata.json') };
    const rows = await generateFromRecording(out, 'source-1.2', 'source', files, (f) => f.slice(f.indexOf('test/')));
    expect(rows.map((r) => [r.kind, r.paths > 0, r.schemas > 0])).toEqual([['core', true, true], ['metadata', true, true]]);
    // the JSON kept is the recording byte for byte; the header says where it came from
    expect(readFileSync(join(out, 'source-1.2/core.json'), 'utf8')).toBe(readFileSync(files.core, 'utf8'));
    const header = readFileSync(join(out, 'source-1.2/core.ts'), 'utf8').split('\n').slice(0, 4).join('\n');
    expect(header).toMatch(/^\/\*\*\n \* DO NOT EDIT/);
    expect(header).toMatch(/from the source instance's\n \* \/rest\/open-api\/core document \(Twenty 1\.2\.0, recorded \d{4}-\d\d-\d\d in test\/fixtures\/real-1\.2\/openapi-core\.json, sha256 /);
  });

  it('keeps the recorded 1.2 documents free of the server address and of anything token-shaped', () => {
    for (const kind of ['core', 'metadata']) {
      const text = readFileSync(join(recorded12, `openapi-${kind}.json`), 'utf8');
      const doc = JSON.parse(text) as { servers: { url: string }[] };
      expect(doc.servers.map((s) => new URL(s.url).origin)).toEqual(['http://localhost:3000']);
      expect(text).not.toMatch(/127\.0\.0\.1|eyJ[\w-]{8,}\.[\w-]{8,}\./);
    }
  });

  it('configured against real instances, writes each side to its own folder and names a 1.x source\'s version', async () => {
    // a 1.2 stand-in: its recorded /client-config and OpenAPI documents
    const connect = JSON.parse(readFileSync(join(recorded12, 'connect-and-schema.json'), 'utf8')) as { exchanges: { path: string; response: unknown }[] };
    const twenty12 = await startServer((req, res) => {
      if (req.url.pathname === '/client-config') return json(res, 200, connect.exchanges.find((e) => e.path === '/client-config')!.response);
      const kind = /^\/rest\/open-api\/(core|metadata)$/.exec(req.url.pathname)?.[1];
      if (kind && req.headers.authorization === `Bearer ${JWT_KEY}`) return json(res, 200, JSON.parse(readFileSync(join(recorded12, `openapi-${kind}.json`), 'utf8')));
      json(res, 404, { statusCode: 404, message: `no route ${req.url.pathname}` });
    });
    try {
      const out = mkdtempSync(join(tmpdir(), 'tm-gen-'));
      const rows = await generateConfigured(
        { source: { url: twenty12.url, apiKey: JWT_KEY }, target: { url: sandbox.url, apiKey: sandbox.workspace('target').apiKey } },
        out,
      );
      expect(rows.map((r) => `${r.side}/${r.kind}`)).toEqual(['source/core', 'source/metadata', 'target/core', 'target/metadata']);
      expect(readFileSync(join(out, 'source/core.ts'), 'utf8')).toContain(`/rest/open-api/core document (${twenty12.url}, Twenty 1.2.0 per /client-config, sha256 `);
      expect(readFileSync(join(out, 'source/core.ts'), 'utf8')).toContain('"/noteTargets"');
      expect(readFileSync(join(out, 'target/core.ts'), 'utf8')).toContain(`/rest/open-api/core document (${sandbox.url}, `);
    } finally {
      await twenty12.close();
    }
  });

  it.each([
    ['a reported version', { version: '1.2.0', versionSource: 'client-config' as const }, 'https://crm.acme.com, Twenty 1.2.0 per /client-config'],
    ['a version from the server card', { version: '2.21.0', versionSource: 'mcp-server-card' as const }, 'https://crm.acme.com, Twenty 2.21.0 per the MCP server card'],
    ['no version', { version: null, versionSource: null }, 'https://crm.acme.com, version not reported'],
  ])('names a configured server with %s in the header', (_name, found, want) => {
    expect(describeServer('https://crm.acme.com', found)).toBe(want);
  });

  it('fails with a clear message when the server does not serve an OpenAPI document', async () => {
    await expect(fetchOpenApiDocument({ url: `${sandbox.url}/nowhere`, apiKey: 'x' }, 'core')).rejects.toThrow(/answered 404: check the URL/);
  });
});
