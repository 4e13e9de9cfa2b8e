/**
 * `sync` on the sandbox (sdk/sync/index.ts): after a migration, the source gets new, edited, trashed, restored and
 * hard-deleted records, and the target gets edits of its own on some of the same records. Each round must bring
 * the target level with the source, hold every conflict under `stop` and write nothing for it, leave records
 * changed only in the target alone, write nothing the second time, resume after a kill, and cost requests in
 * proportion to the changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrate, syncStage, undoStage } from '../../sdk/migrate.js';
import type { SyncResult } from '../../sdk/sync/index.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import type { ImportLedgerEntry } from '../../sdk/import/ledger.js';
import { cleanupDirs, idFrom, migrationOptions, rowsOf, startPair, tempDir, type Pair } from '../migrate/helpers.js';

let pair: Pair;
let runDir: string;
const ids = { renamed: '', conflict: '', person: idFrom('sync:new-person'), note: '', opportunity: '', editedInTarget: '' };
const later = () => new Date(Date.now() + 60_000).toISOString();

const ws = (side: 'source' | 'target') => pair.sandbox.workspace(side);
const row = (side: 'source' | 'target', object: string, id: string) => ws(side).table(object)!.rows.get(id);
const live = (side: 'source' | 'target', object: string) => [...ws(side).table(object)!.rows.values()].filter((r) => !r.deletedAt);
async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const headers = { authorization: `Bearer ${ws('source').apiKey}`, 'content-type': 'application/json' };
  const res = await fetch(`${pair.sandbox.url}/rest${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
  return res;
}
const sync = async (extra: Parameters<typeof syncStage>[1] = {}) => syncStage(await connect(migrationOptions(pair, runDir)), { settle: { intervalMs: 10, timeoutMs: 200 }, ...extra });
const conflictsFile = () => readFileSync(join(runDir, 'sync', 'conflicts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const objects = ['company', 'person', 'opportunity', 'note', 'task', 'noteTarget', 'taskTarget'];

beforeAll(async () => {
  pair = await startPair({ records: 150, seed: 41, target: { prefill: 'signup', workflowDelayMs: false } });
  runDir = tempDir();
  expect((await migrate(migrationOptions(pair, runDir))).status).toBe('ok');
}, 120_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('sync after a migration', () => {
  let first: SyncResult;

  beforeAll(async () => {
    const companies = live('source', 'company');
    ids.renamed = companies[0].id as string;
    ids.conflict = companies[1].id as string;
    ids.note = live('source', 'note')[0].id as string;
    ids.opportunity = live('source', 'opportunity')[0].id as string;
    await api('PATCH', `/companies/${ids.renamed}`, { name: 'Renamed in the source' });
    await api('PATCH', `/companies/${ids.conflict}`, { name: 'Source side of the conflict' });
    await api('POST', '/people', { id: ids.person, name: { firstName: 'New', lastName: 'Since' }, companyId: ids.renamed });
    await api('DELETE', `/notes/${ids.note}?soft_delete=true`);
    await api('DELETE', `/opportunities/${ids.opportunity}`); // for good
    // Edits in the target, later than the migration's writes: one on a record the source left alone, one on a
    // record the source changed too (the conflict).
    const person = live('target', 'person').find((p) => row('source', 'person', p.id as string))!;
    ids.editedInTarget = person.id as string;
    Object.assign(person, { jobTitle: 'Edited in the target', updatedAt: later() });
    Object.assign(row('target', 'company', ids.conflict)!, { name: 'Target side of the conflict', updatedAt: later() });
    first = await sync({ fullScan: true, deleteMissing: true });
  }, 120_000);

  it('brings over what the source created, updated, trashed and deleted for good', () => {
    expect(row('target', 'company', ids.renamed)?.name).toBe('Renamed in the source');
    expect(row('target', 'person', ids.person)).toMatchObject({ name: { firstName: 'New', lastName: 'Since' }, companyId: ids.renamed, deletedAt: null });
    expect(row('target', 'note', ids.note)?.deletedAt).toBeTruthy();
    expect(row('target', 'opportunity', ids.opportunity)?.deletedAt).toBeTruthy(); // in the trash, restorable
    const counts = Object.fromEntries(first.objects.map((o) => [o.object, o]));
    expect(counts.people).toMatchObject({ created: 1, updated: 0, leftAlone: 1 });
    expect(counts.companies).toMatchObject({ updated: 1, conflicts: 1 });
    expect(counts.notes).toMatchObject({ trashed: 1 });
    expect(counts.opportunities).toMatchObject({ deleted: 1 });
    expect(first.verify.status).toBe('pass');
    expect(first.verify.problems).toEqual([]);
  });

  it('holds the conflict with both versions and the fields each side changed, and writes nothing for it', () => {
    expect(row('target', 'company', ids.conflict)?.name).toBe('Target side of the conflict');
    expect(first.status).toBe('conflicts-held');
    const [c, ...rest] = conflictsFile();
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ object: 'companies', sourceId: ids.conflict, resolution: 'held', bothChanged: ['name'] });
    expect(c.source.name).toBe('Source side of the conflict');
    expect(c.target.name).toBe('Target side of the conflict');
  });

  it('leaves a record changed only in the target as the target has it, and says so', () => {
    expect(row('target', 'person', ids.editedInTarget)?.jobTitle).toBe('Edited in the target');
    expect(first.checklist[0]).toMatch(/brought over, except 1 conflict\(s\) held/);
    expect(first.checklist[1]).toMatch(/2 migrated record\(s\) changed since the migration wrote them .*; 1 of them changed in the source too: conflicts \(companies 1\); those changed only in the target are left as they are/);
    expect(first.checklist[2]).toMatch(/freeze the source .*resolve the conflicts .*sync\/conflicts\.jsonl/);
  });

  it('marks its ledger lines and costs requests in proportion to the changes', () => {
    const lines = readFileSync(join(runDir, 'import', 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ImportLedgerEntry);
    const bySync = lines.filter((l) => l.by === 'sync 1');
    const kinds = bySync.map((l) => `${l.object}/${l.status}`);
    expect(kinds).toEqual(expect.arrayContaining(['companies/imported', 'notes/imported', 'notes/trashed', 'opportunities/trashed', 'people/imported']));
    // the rest: what went with the trashed note and the deleted opportunity (note and task links, attachments: CASCADE
    // relations, which a real 2.21 trashes or deletes with them), each in the target's trash now
    const others = bySync.filter((l) => !['companies', 'notes', 'opportunities', 'people'].includes(l.object));
    expect(others.some((l) => l.object === 'noteTargets' && l.status === 'trashed')).toBe(true);
    for (const l of others) {
      const singular = { noteTargets: 'noteTarget', taskTargets: 'taskTarget', attachments: 'attachment' }[l.object]!;
      const inSource = row('source', singular, l.sourceId);
      expect(inSource === undefined || Boolean(inSource.deletedAt)).toBe(true);
      expect(row('target', singular, l.sourceId)?.deletedAt).toBeTruthy();
    }
    // every record it touched was read back
    expect(first.verify.checked).toBe(new Set(bySync.map((l) => `${l.object}/${l.sourceId}`)).size);
    // Reads: 4 filtered lists per object plus the full id scan (one page per object here); writes: one batch per
    // object with changes, one trash request per object, the verify reads (2 per object touched); a few metadata
    // and member reads. Nothing like a pass over every record (about 900 here, 5 pages per object).
    const perObject = first.changes.objects.length;
    expect(first.changes.requests).toBeLessThanOrEqual(perObject * 5 + first.changes.fullScanCost);
    expect(first.requests.target).toBeLessThan(perObject * 2 + 40);
    expect(first.requests.source).toBeLessThan(perObject * 3 + 20);
  });
});

describe('a second sync', () => {
  it('writes nothing, and keeps holding the conflict', async () => {
    const before = rowsOf(pair.sandbox, 'target', objects);
    const again = await sync({ fullScan: true, deleteMissing: true });
    expect(again.import).toBeUndefined();
    expect(again.automations).toBeUndefined(); // nothing to write: the target's automations are not even paused
    expect(rowsOf(pair.sandbox, 'target', objects)).toEqual(before);
    expect(again.objects.reduce((n, o) => n + o.created + o.updated + o.trashed + o.restored + o.deleted, 0)).toBe(0);
    expect(again.status).toBe('conflicts-held');
    expect(conflictsFile().map((c) => c.sourceId)).toEqual([ids.conflict]);
  }, 60_000);
});

describe('restores, and the source policy', () => {
  it('restores in the target what the source restored, and writes the source over the conflict when asked', async () => {
    await api('PATCH', `/restore/notes?filter=id[eq]:${ids.note}`);
    const r = await sync({ onConflict: 'source' });
    expect(row('target', 'note', ids.note)?.deletedAt).toBeNull();
    expect(row('target', 'company', ids.conflict)?.name).toBe('Source side of the conflict');
    expect(r.objects.find((o) => o.object === 'notes')).toMatchObject({ restored: 1 });
    expect(r.status).toBe('ok');
    expect(r.verify.status).toBe('pass');
    expect(conflictsFile()).toMatchObject([{ sourceId: ids.conflict, resolution: 'source-written' }]);
  }, 60_000);

  it('keeps the target side under `target`', async () => {
    await api('PATCH', `/companies/${ids.renamed}`, { name: 'Source, again' });
    Object.assign(row('target', 'company', ids.renamed)!, { name: 'Target keeps this', updatedAt: later() });
    const r = await sync({ onConflict: 'target' });
    expect(row('target', 'company', ids.renamed)?.name).toBe('Target keeps this');
    expect(r.conflicts).toMatchObject([{ sourceId: ids.renamed, resolution: 'target-kept' }]);
    expect(r.status).toBe('ok');
    // settled: the next round (whose overlap reads that source edit again) does not raise it once more
    const next = await sync();
    expect(next.conflicts).toEqual([]);
    expect(row('target', 'company', ids.renamed)?.name).toBe('Target keeps this');
  }, 60_000);
});

describe('new data model, new files', () => {
  it('creates the source\'s new custom field and object in the target, and brings their values and a new file', async () => {
    const src = ws('source');
    const meta = (path: string, body: unknown) => api('POST', `/metadata/${path}`, body);
    const company = src.model.objects.find((o) => o.nameSingular === 'company')!;
    await meta('fields', { objectMetadataId: company.id, name: 'loyaltyTier', label: 'Loyalty tier', type: 'TEXT' });
    const tiered = live('source', 'company')[3].id as string;
    await api('PATCH', `/companies/${tiered}`, { loyaltyTier: 'Gold' });
    await meta('objects', { nameSingular: 'contract', namePlural: 'contracts', labelSingular: 'Contract', labelPlural: 'Contracts', icon: 'IconFileText' });
    const contract = idFrom('sync:contract');
    await api('POST', '/contracts', { id: contract, name: 'First contract' });
    // An attachment with a file of its own, added in the source after the migration.
    const attachment = structuredClone(live('source', 'attachment')[0]);
    const fileId = idFrom('sync:new-file');
    src.files.set(fileId, { name: 'signed.pdf', mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 signed after the migration') });
    const files = (attachment.file as Array<Record<string, unknown>>).map((f) => ({ ...f, fileId, label: 'signed.pdf' }));
    const now = new Date(Date.now() + 1_000).toISOString();
    src.table('attachment')!.put({ ...attachment, id: idFrom('sync:new-attachment'), file: files, name: 'signed.pdf', createdAt: now, updatedAt: now });

    const r = await sync();
    expect(r.schemaChanges).toBeGreaterThanOrEqual(2);
    expect(ws('target').model.objects.find((o) => o.nameSingular === 'company')!.fields.some((f) => f.name === 'loyaltyTier')).toBe(true);
    expect(row('target', 'company', tiered)?.loyaltyTier).toBe('Gold');
    expect(row('target', 'contract', contract)?.name).toBe('First contract');
    const copied = row('target', 'attachment', idFrom('sync:new-attachment'));
    const targetFileId = (copied?.file as Array<{ fileId: string }> | undefined)?.[0]?.fileId;
    expect(targetFileId).toBeDefined();
    expect(ws('target').files.get(targetFileId!)?.bytes.toString()).toBe('%PDF-1.4 signed after the migration');
    expect(r.verify.status).toBe('pass');
  }, 60_000);
});

describe('a sync killed while it writes', () => {
  // Where it is stopped: reading the changes, writing the records, trashing, reading back what it touched.
  const points: Array<[string, (r: { method: string; path: string; workspace: string }) => boolean]> = [
    ['while it reads the source\'s changes', (r) => r.workspace === 'source' && r.method === 'GET' && /\/people\b/.test(r.path)],
    ['at its first record write', (r) => r.workspace === 'target' && r.method === 'POST' && /batch/.test(r.path)],
    ['at its first trash request', (r) => r.workspace === 'target' && r.method === 'DELETE'],
  ];
  it.each(points)('resumes when stopped %s: every change arrives once', async (_label, at) => {
    const people = live('source', 'person').filter((p) => p.id !== ids.editedInTarget).slice(0, 40);
    const tag = Math.random().toString(36).slice(2, 8);
    for (const p of people) await api('PATCH', `/people/${p.id}`, { jobTitle: `Changed ${tag}` });
    const note = live('source', 'note')[0].id as string;
    await api('DELETE', `/notes/${note}?soft_delete=true`);
    const countBefore = ws('target').count('person');
    const stop = new AbortController();
    let hit = false;
    pair.sandbox.setFault((r) => {
      if (!hit && at(r)) {
        hit = true;
        stop.abort(new Error('killed'));
      }
      return undefined;
    });
    await expect(sync({ signal: stop.signal })).rejects.toThrow();
    pair.sandbox.setFault(undefined);
    expect(hit).toBe(true);
    expect(new RunFolder(runDir).readJson<{ round?: unknown }>('sync', 'state.json')?.round).toBeDefined();
    const r = await sync();
    expect(r.verify.status).toBe('pass');
    for (const p of people) expect(row('target', 'person', p.id as string)?.jobTitle).toBe(`Changed ${tag}`);
    expect(row('target', 'note', note)?.deletedAt).toBeTruthy();
    expect(ws('target').count('person')).toEqual(countBefore);
    expect((await sync()).import).toBeUndefined();
  }, 90_000);
});

describe('undo after sync', () => {
  it('removes what the sync rounds created too', async () => {
    const r = await undoStage(await connect(migrationOptions(pair, runDir)), { force: true });
    expect(r.objects.some((o) => o.object === 'people')).toBe(true);
    expect(row('target', 'person', ids.person)).toBeUndefined();
    expect(live('target', 'note').some((n) => row('source', 'note', n.id as string))).toBe(false);
  }, 90_000);
});
