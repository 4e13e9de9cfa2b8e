/**
 * Full export of a seeded sandbox workspace: files equal the sandbox's rows, soft-deleted rows only with
 * includeDeleted, manifest and state updated, results as values.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRecords } from '../../sdk/client/index.js';
import { exportObject, exportRecords, readExported, readExportState, selectObjects } from '../../sdk/export/index.js';
import { seedWorkspace } from '../sandbox/seed-workspace.js';
import { readIds, sandboxIds, startEnv, tempRun, unsignUrls, type TestEnv } from './helpers.js';

const unsign = (r: unknown) => JSON.parse(unsignUrls(JSON.stringify(r)));

let env: TestEnv;
beforeAll(async () => {
  env = await startEnv();
  seedWorkspace(env.sourceWs, { records: 2000, seed: 1 });
});
afterAll(() => env?.close());

describe('exportRecords', () => {
  it('exports every selected object, ids equal to the sandbox rows, soft-deleted ones only with includeDeleted', async () => {
    const { run, cleanup } = tempRun();
    try {
      const result = await exportRecords({ client: env.source, schema: env.schema, run });
      const { export: selected } = selectObjects(env.schema);
      expect(result.objects.map((o) => o.object)).toEqual(selected.map((o) => o.namePlural));
      for (const object of selected) {
        const expected = sandboxIds(env.sourceWs, object.nameSingular);
        const file = run.path('export', `${object.namePlural}.jsonl`);
        const ids = existsSync(file) ? readIds(file) : [];
        expect(ids.slice().sort(), object.namePlural).toEqual(expected.active);
        const r = result.objects.find((o) => o.object === object.namePlural)!;
        expect(r).toMatchObject({ exported: expected.active.length, serverCount: expected.active.length, deleted: null });
        expect(run.manifest().counts[object.namePlural]?.exported).toBe(expected.active.length);
      }
      expect(result.mismatches).toEqual([]);
      expect(result.exported).toBeGreaterThan(1800);
      expect(run.manifest().stages.export?.status).toBe('completed');
      expect(Object.values(readExportState(run).objects).every((s) => s.phase === 'done')).toBe(true);
      expect(JSON.parse(readFileSync(run.path('export', 'skipped.json'), 'utf8'))).toEqual(result.skipped);
    } finally {
      cleanup();
    }
  });

  it('with includeDeleted, appends the soft-deleted rows after the active ones', async () => {
    const { run, cleanup } = tempRun();
    try {
      const result = await exportRecords({ client: env.source, schema: env.schema, run, includeDeleted: true });
      let deletedSeen = 0;
      for (const r of result.objects) {
        const object = env.schema.objects.find((o) => o.namePlural === r.object)!;
        const expected = sandboxIds(env.sourceWs, object.nameSingular);
        const lines = existsSync(run.path('export', `${r.object}.jsonl`)) ? readIds(run.path('export', `${r.object}.jsonl`)) : [];
        expect(lines.slice(0, expected.active.length).sort(), r.object).toEqual(expected.active);
        expect(lines.slice(expected.active.length).sort(), r.object).toEqual(expected.deleted);
        expect(r).toMatchObject({ active: expected.active.length, deleted: expected.deleted.length, serverDeletedCount: expected.deleted.length });
        deletedSeen += expected.deleted.length;
      }
      expect(deletedSeen).toBeGreaterThan(20);
      expect(result.mismatches).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('writes the records exactly as the API lists them, in id order', async () => {
    const { run, cleanup } = tempRun();
    try {
      await exportObject({ client: env.source, run, object: 'people', pageSize: 37 });
      const api: unknown[] = [];
      for await (const r of listRecords(env.source, 'people')) api.push(r);
      const exported: unknown[] = [];
      for await (const r of readExported(run, 'people')) exported.push(r);
      // Signed file URLs carry a token issued per request (twenty-api.md §9): compare without it.
      expect(exported.map(unsign)).toEqual(api.map(unsign));
    } finally {
      cleanup();
    }
  });

  it('does not fetch a completed object again, and adds the soft-deleted phase when asked later', async () => {
    const { run, cleanup } = tempRun();
    const calls: string[] = [];
    try {
      await exportObject({ client: env.source, run, object: 'companies' });
      const before = readFileSync(run.path('export', 'companies.jsonl'), 'utf8');
      env.sandbox.setFault(({ path }) => void calls.push(path));
      const again = await exportObject({ client: env.source, run, object: 'companies' });
      expect(calls).toEqual([]);
      expect(again.exported).toBe(before.split('\n').filter(Boolean).length);
      const withDeleted = await exportObject({ client: env.source, run, object: 'companies', includeDeleted: true });
      expect(calls.length).toBe(1);
      expect(withDeleted.deleted).toBe(sandboxIds(env.sourceWs, 'company').deleted.length);
      expect(readFileSync(run.path('export', 'companies.jsonl'), 'utf8').startsWith(before)).toBe(true);
    } finally {
      env.sandbox.setFault(undefined);
      cleanup();
    }
  });

  it('reports progress per object, done/total, ending with done', async () => {
    const { run, cleanup } = tempRun();
    try {
      const events: Array<{ object: string; phase: string; done: number; total: number | null }> = [];
      await exportRecords({ client: env.source, schema: env.schema, run, objects: ['people'], pageSize: 100, includeDeleted: true, onProgress: (e) => events.push(e) });
      const counts = env.sourceWs.count('person');
      expect(events[0]).toEqual({ object: 'people', phase: 'active', done: 0, total: null });
      expect(events.filter((e) => e.phase === 'active').length).toBe(1 + Math.ceil(counts.active / 100));
      expect(events.at(-1)).toEqual({ object: 'people', phase: 'done', done: counts.active + counts.deleted, total: counts.active + counts.deleted });
      for (let i = 1; i < events.length; i++) expect(events[i].done).toBeGreaterThanOrEqual(events[i - 1].done);
    } finally {
      cleanup();
    }
  });
});
