/**
 * `undo` on the sandbox: a seeded source migrated into a signed-up target (its own example records, views and
 * workflows), then taken out again. The target must end as it was before the migration, except what the user
 * changed after it (kept and listed until --force) and records the import merged into (listed, left as they are).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrate } from '../../sdk/migrate.js';
import { undoMigration, type UndoResult } from '../../sdk/undo/index.js';
import { cleanupDirs, idFrom, migratedObjects, migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';

let pair: Pair;
let runDir: string;
/** id sets per object, before the migration */
let before: Record<string, Set<string>>;
let viewsBefore: Set<string>;
/** objects the target had before: the data-model stage's new objects come with views Twenty makes itself */
let objectsBefore: Set<string>;
let changedByUser: { object: string; id: string };
/** the target's own company the import merges a source company into, as it was */
let mergedInto: { id: string; name: string; employees: unknown; createdAt: unknown };
let preview: UndoResult;
let undone: UndoResult;

const idsOf = (object: string) => new Set([...(pair.sandbox.workspace('target').table(object)?.rows.keys() ?? [])] as string[]);
const views = () => new Set(pair.sandbox.workspace('target').config.ready().list('views').map((v) => v.id));

beforeAll(async () => {
  pair = await startPair({ records: 200, seed: 21, target: { prefill: 'signup', workflowDelayMs: false } });
  const objects = migratedObjects(pair.sandbox);
  before = Object.fromEntries(objects.map((o) => [o, idsOf(o)]));
  viewsBefore = views();
  objectsBefore = new Set(pair.sandbox.workspace('target').model.objects.map((o) => o.id));
  // A view of the source's own, which the target lacks: the configuration stage creates it.
  const src = pair.sandbox.workspace('source');
  const companyObject = src.model.objects.find((o) => o.nameSingular === 'company')!;
  const res = await fetch(`${pair.sandbox.url}/rest/metadata/views`, {
    method: 'POST', headers: { authorization: `Bearer ${src.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Big customers', objectMetadataId: companyObject.id, type: 'TABLE', icon: 'IconList', visibility: 'WORKSPACE' }),
  });
  expect(res.ok).toBe(true);
  // A source company with the domain of one of the target's own: the import merges it into that company.
  const targetCompany = [...pair.sandbox.workspace('target').table('company')!.rows.values()].find((c: any) => c.domainName?.primaryLinkUrl)!;
  mergedInto = { id: targetCompany.id as string, name: targetCompany.name as string, employees: targetCompany.employees, createdAt: targetCompany.createdAt };
  const sourceCompany = [...src.table('company')!.rows.values()].find((c) => !c.deletedAt)!;
  src.insertRaw('company', [{ ...structuredClone(sourceCompany), id: idFrom('undo:merging-company'), name: 'Merged from the source', domainName: structuredClone(targetCompany.domainName) }]);
  runDir = tempDir();
  const result = await migrate(migrationOptions(pair, runDir));
  const mergedRow = pair.sandbox.workspace('target').table('company')!.rows.get(mergedInto.id)!;
  expect(mergedRow.name).toBe('Merged from the source');
  expect(mergedRow.createdAt, 'the upsert writes the source createdAt over the target one, as a real 2.21 does').not.toBe(mergedInto.createdAt);
  expect(result.status).toBe('ok');
  expect(result.configuration?.counts.created).toBeGreaterThan(0);
  // A person edits one migrated company in the target after the migration.
  const target = pair.sandbox.workspace('target');
  const company = [...target.table('company')!.rows.values()].find((c) => !before.company.has(c.id as string) && !c.deletedAt)!;
  company.name = 'Edited after the migration';
  company.updatedAt = new Date(Date.now() + 60_000).toISOString();
  company.updatedBy = { source: 'MANUAL', workspaceMemberId: pair.adminId, name: 'Admin', context: {} };
  changedByUser = { object: 'company', id: company.id as string };
}, 120_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('undo', () => {
  it('--dry-run lists what it would remove, with counts, and changes nothing', async () => {
    const counts = Object.fromEntries(Object.keys(before).map((o) => [o, idsOf(o).size]));
    preview = await undoMigration(await connect(migrationOptions(pair, runDir)), { dryRun: true });
    expect(Object.fromEntries(Object.keys(before).map((o) => [o, idsOf(o).size]))).toEqual(counts);
    expect(preview.counts.removed).toBeGreaterThan(150);
    expect(preview.counts.keptChanged).toBe(1);
    expect(preview.objects.find((o) => o.object === 'companies')!.keptChanged).toEqual([expect.objectContaining({ targetId: changedByUser.id, updatedBy: 'Admin' })]);
    expect(preview.config.every((c) => c.status === 'would-remove')).toBe(true);
  });

  it('removes exactly what the run created, children first; the target\'s own records and views stay', async () => {
    undone = await undoMigration(await connect(migrationOptions(pair, runDir)));
    expect(undone.counts.failed).toBe(0);
    expect(undone.counts.removed).toBe(preview.counts.removed);
    for (const [object, ids] of Object.entries(before)) {
      const now = idsOf(object);
      const extra = [...now].filter((id) => !ids.has(id) && !(object === changedByUser.object && id === changedByUser.id));
      expect({ object, extra }).toEqual({ object, extra: [] });
      // Every record the target had before is still there (merged ones included, as they are now).
      expect({ object, lost: [...ids].filter((id) => !now.has(id)) }).toEqual({ object, lost: [] });
    }
    expect(idsOf('company').has(changedByUser.id)).toBe(true);
    // The company the import merged into is back as it was.
    expect(undone.merged.find((m) => m.object === 'companies')).toMatchObject({ merged: 1, restored: 1 });
    const back = pair.sandbox.workspace('target').table('company')!.rows.get(mergedInto.id)!;
    // createdAt too: the upsert wrote the source's over it (seen on the real 2.21).
    expect({ name: back.name, employees: back.employees ?? null, createdAt: back.createdAt }).toEqual({ name: mergedInto.name, employees: mergedInto.employees ?? null, createdAt: mergedInto.createdAt });
    // Views the run created are gone; the target's own (updated ones included) stay. The default views of the
    // custom objects the data-model stage created are Twenty's own, and stay with those objects.
    expect([...viewsBefore].every((id) => views().has(id))).toBe(true);
    const store = pair.sandbox.workspace('target').config.ready();
    expect([...views()].filter((id) => !viewsBefore.has(id) && objectsBefore.has(String(store.get('views', id).objectMetadataId)))).toEqual([]);
    expect(undone.config.length).toBeGreaterThan(0);
    expect(undone.config.every((c) => c.status === 'removed')).toBe(true);
  });

  it('costs requests in proportion to what it removes: a read and a destroy per 100 records, a few per item', () => {
    const batches = undone.objects.reduce((n, o) => n + Math.ceil(o.created / 100), 0);
    const expected = batches * 2 + undone.merged.reduce((n, o) => n + o.merged * 2 + 1, 0) + undone.config.length * 2;
    expect(undone.requests.source).toBe(0);
    expect(undone.requests.target).toBeGreaterThanOrEqual(batches);
    expect(undone.requests.target).toBeLessThanOrEqual(expected + undone.objects.length * 2 + 10);
  });

  it('a second undo does nothing', async () => {
    const again = await undoMigration(await connect(migrationOptions(pair, runDir)));
    expect(again.counts.removed).toBe(0);
    expect(again.counts.earlier).toBe(undone.counts.removed);
    expect(again.config.every((c) => c.status === 'already-gone')).toBe(true);
  });

  it('--force removes the record changed after the migration too', async () => {
    const forced = await undoMigration(await connect(migrationOptions(pair, runDir)), { force: true });
    expect(forced.counts.removed).toBe(1);
    expect(idsOf('company').has(changedByUser.id)).toBe(false);
  });
});

describe('undo --schema', () => {
  it('removes the custom objects the data-model stage created, once they hold nothing', async () => {
    const objects = () => new Set(pair.sandbox.workspace('target').model.objects.map((o) => o.id));
    const created = [...objects()].filter((id) => !objectsBefore.has(id));
    expect(created.length).toBeGreaterThan(0);
    const preview = await undoMigration(await connect(migrationOptions(pair, runDir)), { schema: true, dryRun: true });
    expect(preview.schema.filter((x) => x.kind === 'object').every((x) => x.status === 'would-remove')).toBe(true);
    const r = await undoMigration(await connect(migrationOptions(pair, runDir)), { schema: true });
    expect(r.schema.filter((x) => x.status === 'failed')).toEqual([]);
    expect(r.schema.filter((x) => x.kind === 'object').map((x) => x.status)).toEqual(created.map(() => 'removed'));
    expect([...objects()].filter((id) => !objectsBefore.has(id))).toEqual([]);
  });
});

describe('undo after a partial run', () => {
  it('takes out what the stopped run wrote: the target is back to its own records', async () => {
    const p = await startPair({ records: 150, seed: 23, target: { prefill: 'signup', workflowDelayMs: false } });
    try {
      const objects = migratedObjects(p.sandbox);
      const ids = (object: string) => new Set([...(p.sandbox.workspace('target').table(object)?.rows.keys() ?? [])] as string[]);
      const was = Object.fromEntries(objects.map((o) => [o, ids(o)]));
      const dir = tempDir();
      const stop = new AbortController();
      let objectsDone = 0;
      await expect(migrate(migrationOptions(p, dir, { signal: stop.signal, onImportProgress: (e) => { if (e.type === 'object-done' && ++objectsDone === 3) stop.abort(new Error('stopped by the test')); } }))).rejects.toThrow();
      const wrote = objects.filter((o) => [...ids(o)].some((id) => !was[o].has(id)));
      expect(wrote.length, 'the stopped run wrote some objects').toBeGreaterThan(0);
      const r = await undoMigration(await connect(migrationOptions(p, dir)));
      expect(r.counts.failed).toBe(0);
      for (const o of objects) expect({ o, ids: [...ids(o)].sort() }).toEqual({ o, ids: [...was[o]].sort() });
    } finally {
      await p.close();
    }
  }, 120_000);
});

describe('undo killed midway', () => {
  it('continues where it stopped', async () => {
    const p = await startPair({ records: 150, seed: 22, target: { prefill: 'signup', workflowDelayMs: false } });
    try {
      const dir = tempDir();
      expect((await migrate(migrationOptions(p, dir))).status).toBe('ok');
      const stop = new AbortController();
      let seen = 0;
      await expect(undoMigration(await connect(migrationOptions(p, dir)), { signal: stop.signal, onObject: () => { if (++seen === 2) stop.abort(new Error('killed')); } })).rejects.toThrow('killed');
      const rest = await undoMigration(await connect(migrationOptions(p, dir)));
      expect(rest.counts.earlier).toBeGreaterThan(0);
      expect(rest.counts.failed).toBe(0);
      const again = await undoMigration(await connect(migrationOptions(p, dir)));
      expect(again.counts.removed).toBe(0);
    } finally {
      await p.close();
    }
  }, 120_000);
});
