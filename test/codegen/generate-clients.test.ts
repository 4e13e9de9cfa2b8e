import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOpenApiDocument, generateClients } from '../../sdk/codegen/generate-clients.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

const committed = resolve(import.meta.dirname, '../../generated');

describe('generateClients', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
  });
  afterAll(() => sandbox.close());

  it('reproduces the committed default clients exactly (generated/ is up to date)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tm-gen-'));
    for (const side of ['source', 'target'] as const) {
      const from = `embedded sandbox, ${side === 'source' ? 'seeded' : 'fresh'} workspace`;
      const rows = await generateClients(out, side, { url: sandbox.url, apiKey: sandbox.workspace(side).apiKey }, from, {
        replaceServerUrl: [sandbox.url, 'http://localhost:3000'],
      });
      expect(rows.map((r) => r.kind)).toEqual(['core', 'metadata']);
      for (const file of ['core.json', 'core.ts', 'metadata.json', 'metadata.ts']) {
        const fresh = readFileSync(join(out, side, file), 'utf8');
        expect(fresh, `generated/${side}/${file} is stale: run npm run generate`).toBe(readFileSync(join(committed, side, file), 'utf8'));
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

  it('fails with a clear message when the server does not serve an OpenAPI document', async () => {
    await expect(fetchOpenApiDocument({ url: `${sandbox.url}/nowhere`, apiKey: 'x' }, 'core')).rejects.toThrow(/answered 404: check the URL/);
  });
});
