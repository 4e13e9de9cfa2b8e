/**
 * What changed on each side since a migration (sdk/sync/changes.ts), on the sandbox: after a migration, the
 * source gets a new person, an edited company and a trashed note; the target gets an edit on a migrated person
 * and on the same company (a conflict). Nothing is written by the check itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrate } from '../../sdk/migrate.js';
import { findChanges, type ChangesReport } from '../../sdk/sync/changes.js';
import { cleanupDirs, idFrom, migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';

let pair: Pair;
let report: ChangesReport;
const ids = { company: '', person: idFrom('sync:new-person'), note: '', editedInTarget: '' };

beforeAll(async () => {
  pair = await startPair({ records: 150, seed: 31, target: { prefill: 'signup', workflowDelayMs: false } });
  const runDir = tempDir();
  expect((await migrate(migrationOptions(pair, runDir))).status).toBe('ok');
  const src = pair.sandbox.workspace('source');
  const headers = { authorization: `Bearer ${src.apiKey}`, 'content-type': 'application/json' };
  const api = (method: string, path: string, body?: unknown) => fetch(`${pair.sandbox.url}/rest${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const live = (object: string) => [...src.table(object)!.rows.values()].filter((r) => !r.deletedAt);
  ids.company = live('company')[0].id as string;
  ids.note = live('note')[0].id as string;
  expect((await api('PATCH', `/companies/${ids.company}`, { name: 'Renamed in the source' })).ok).toBe(true);
  expect((await api('POST', '/people', { id: ids.person, name: { firstName: 'New', lastName: 'Since' } })).ok).toBe(true);
  expect((await api('DELETE', `/notes/${ids.note}?soft_delete=true`)).ok).toBe(true);
  // Edits in the target, later than the migration's writes.
  const tgt = pair.sandbox.workspace('target');
  const later = new Date(Date.now() + 60_000).toISOString();
  const person = [...tgt.table('person')!.rows.values()].find((p) => live('person').some((s) => s.id === p.id))!;
  ids.editedInTarget = person.id as string;
  Object.assign(person, { jobTitle: 'Edited in the target', updatedAt: later });
  Object.assign(tgt.table('company')!.rows.get(ids.company)!, { name: 'Renamed in the target', updatedAt: later });
  report = await findChanges(await connect(migrationOptions(pair, runDir)));
}, 120_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

const of = (object: string) => report.objects.find((o) => o.object === object)!;

describe('changes since the migration', () => {
  it('finds what the source created, updated and trashed since its export', () => {
    expect(of('people').source.created).toEqual([ids.person]);
    expect(of('companies').source.updated).toEqual([ids.company]);
    expect(of('notes').source.trashed).toEqual([ids.note]);
    expect(of('opportunities').source).toMatchObject({ created: [], updated: [], trashed: [] });
  });

  it('finds migrated records changed in the target, and the conflicts', () => {
    expect(of('people').target.changed).toEqual([ids.editedInTarget]);
    expect(of('companies').target.changed).toEqual([ids.company]);
    expect(of('companies').conflicts).toEqual([ids.company]);
    expect(of('people').conflicts).toEqual([]);
  });

  it('says in the checklist which side has what, and costs requests in proportion to the changes', () => {
    // the note's links went to the trash with it (CASCADE, as on a real 2.21: recorded in soft-delete-cascades)
    const links = of('noteTargets').source.trashed.length;
    expect(links).toBe([...pair.sandbox.workspace('source').table('noteTarget')!.rows.values()].filter((t) => t.noteId === ids.note).length);
    expect(report.checklist[0]).toMatch(new RegExp(`^The source has ${3 + links} change\\(s\\) the target lacks: 1 created, 1 updated, ${1 + links} trashed, 0 restored`));
    expect(report.checklist[1]).toMatch(/2 migrated record\(s\) changed since the migration wrote them .*1 of them changed in the source too: conflicts \(companies 1\)/);
    // four filtered reads per object (source changes, source trash, target changes, target trash), a page more where
    // the overlap brings back records seeded just before the export; not a scan of every record (about 900 here)
    expect(report.requests).toBeLessThanOrEqual(report.objects.length * 5);
    expect(report.fullScanCost).toBeGreaterThanOrEqual(report.objects.length);
  });
});
