/**
 * Acceptance 4: records the target cannot take end up in errors.jsonl with their reasons (record id, field, code,
 * message), every other record is imported, and verification reports them as not migrated (warn), not as lost.
 *
 * Three kinds, put into a seeded source:
 * - a person sharing another person's primary e-mail (the target's unique index refuses the second one);
 * - a note target pointing at nothing (a junction row must point at exactly one record);
 * - pets whose `species` is an option the target's field lacks: the option is removed from the target's field
 *   through the metadata API after the data-model stage applied it, so the transform (which validated against the
 *   schema as it was read) lets them through and the target itself refuses them at import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, exportStage, importStage, membersStage, planStage, schemaStage, transformStage, verifyStage, type Migration } from '../../sdk/migrate.js';
import type { ImportResult } from '../../sdk/import/index.js';
import type { VerificationReport } from '../../sdk/verify/index.js';
import type { RecordIssue } from '../../sdk/run/run-folder.js';
import { ADMIN, cleanupDirs, idFrom, issuesOf, migrationOptions, startPair, tempDir, type Pair } from './helpers.js';

let pair: Pair;
let runDir: string;
let imported: ImportResult;
let report: VerificationReport;
let issues: RecordIssue[];
const bad = { duplicate: idFrom('bad:person-duplicate'), noTarget: idFrom('bad:note-target-without-target') };
let original: string;
let removedSpecies: string;
let rejectedPets: string[];

beforeAll(async () => {
  pair = await startPair({ records: 400, seed: 5 });
  const source = pair.sandbox.workspace('source');
  const person = [...source.table('person')!.rows.values()].find((p: any) => p.emails?.primaryEmail && !p.deletedAt)!;
  original = person.id as string;
  source.insertRaw('person', [{ ...structuredClone(person), id: bad.duplicate, name: { firstName: 'Dup', lastName: 'Licate' } }]);
  const noteTarget = [...source.table('noteTarget')!.rows.values()].find((o) => !o.deletedAt)!;
  const empty = Object.fromEntries(Object.keys(noteTarget).filter((k) => k.startsWith('target') && k.endsWith('Id')).map((k) => [k, null]));
  source.insertRaw('noteTarget', [{ ...structuredClone(noteTarget), ...empty, id: bad.noTarget }]);
  const pets = [...source.table('pet')!.rows.values()].filter((p) => typeof p.species === 'string');
  removedSpecies = pets[0].species as string;
  rejectedPets = pets.filter((p) => p.species === removedSpecies).map((p) => p.id as string).sort();

  runDir = tempDir();
  const m: Migration = await connect(migrationOptions(pair, runDir));
  await schemaStage(m, { apply: true });
  // The target's admin removes the option afterwards (through the metadata API, as a person in Settings would).
  const headers = { authorization: `Bearer ${pair.sandbox.workspace('target').apiKey}`, 'content-type': 'application/json' };
  const fields = (await (await fetch(`${pair.sandbox.url}/rest/metadata/fields?limit=1000`, { headers })).json()) as any;
  const list: any[] = fields.data?.fields ?? fields.data ?? [];
  const objects = (await (await fetch(`${pair.sandbox.url}/rest/metadata/objects`, { headers })).json()) as any;
  const petObject = (objects.data?.objects ?? objects.data).find((o: any) => o.nameSingular === 'pet');
  const species = (petObject.fields ?? list.filter((f) => f.objectMetadataId === petObject.id)).find((f: any) => f.name === 'species');
  const res = await fetch(`${pair.sandbox.url}/rest/metadata/fields/${species.id}`, {
    method: 'PATCH', headers, body: JSON.stringify({ options: species.options.filter((o: any) => o.value !== removedSpecies) }),
  });
  expect(res.ok).toBe(true);

  await exportStage(m, { includeDeleted: true });
  await membersStage(m, { kind: 'map', email: ADMIN });
  const plan = await planStage(m);
  expect(plan.ready).toBe(true);
  await transformStage(m);
  imported = await importStage(m);
  report = await verifyStage(m);
  issues = await issuesOf(runDir);
}, 60_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

const issueOf = (id: string) => issues.find((i) => i.recordId === id);

const total = (pair: Pair, ws: string, o: string) => pair.sandbox.workspace(ws).count(o).active + pair.sandbox.workspace(ws).count(o).deleted;
const singularOf = (plural: string) => pair.sandbox.workspace('source').index.byPlural.get(plural)!.nameSingular;

describe('records the target rejects', () => {
  it('are in errors.jsonl with the record id, the field, a code and a message', () => {
    // Of two people sharing an e-mail, the first in the export is kept and the other reported.
    const duplicates = issues.filter((i) => i.code === 'DUPLICATE_UNIQUE_VALUE');
    expect(duplicates).toHaveLength(1);
    expect([original, bad.duplicate]).toContain(duplicates[0].recordId);
    expect(duplicates[0]).toMatchObject({ stage: 'transform', object: 'people', field: 'emails.primaryEmail' });
    // A link row pointing at no record is copied as it is (real servers hold them), not reported.
    expect(issueOf(bad.noTarget)).toBeUndefined();
    expect(pair.sandbox.workspace('target').table('noteTarget')!.rows.has(bad.noTarget)).toBe(true);
    expect(rejectedPets.length).toBeGreaterThan(0);
    for (const id of rejectedPets) {
      expect(issueOf(id)).toMatchObject({ stage: 'import', object: 'pets', recordId: id, field: 'species', code: 'INVALID_VALUE' });
      expect(issueOf(id)!.message).toContain(removedSpecies);
    }
    // Records pointing at a rejected record cannot hold their reference: refused before sending, with the reason.
    const dependants = issues.filter((i) => i.code === 'REFERENCED_RECORD_INVALID' || i.code === 'REFERENCED_RECORD_FAILED');
    expect(dependants.length).toBeGreaterThan(0);
    for (const d of dependants) expect(d.message).toMatch(/points at \w+ record [0-9a-f-]{36}, which/);
    for (const i of issues) {
      expect(i.recordId).toMatch(/^[0-9a-f-]{36}$/);
      expect(i.code).toMatch(/^[A-Z_]+$/);
      expect(i.message.length).toBeGreaterThan(10);
      expect(i.field).toBeTruthy();
    }
    // nothing reached the target as a raw foreign-key failure
    expect(issues.filter((i) => i.code === 'FOREIGN_KEY_VIOLATION')).toEqual([]);
  });

  it('every other record is imported', () => {
    expect(imported.status).toBe('completed');
    const rejected = new Map<string, Set<string>>();
    // A warning is a record migrated with a change it describes, not a rejected one.
    for (const i of issues) if (i.severity !== 'warning') (rejected.get(i.object) ?? rejected.set(i.object, new Set()).get(i.object)!).add(i.recordId!);
    for (const planned of report.objects) {
      const o = singularOf(planned.object);
      const n = rejected.get(planned.object)?.size ?? 0;
      expect({ object: o, inTarget: total(pair, 'target', o) }).toEqual({ object: o, inTarget: total(pair, 'source', o) - n });
      for (const id of rejected.get(planned.object) ?? []) expect(pair.sandbox.workspace('target').table(o)?.rows.has(id) ?? false).toBe(false);
    }
  });

  it('verification reports them as not migrated (warn), not as lost', () => {
    expect(report.status).toBe('warn');
    const byObject = Object.fromEntries(report.objects.map((o) => [o.object, o]));
    expect(byObject.people).toMatchObject({ invalid: 1, status: 'warn' });
    expect(byObject.noteTargets).toMatchObject({ invalid: 0, failed: 0 });
    expect(byObject.pets).toMatchObject({ invalid: 0, failed: rejectedPets.length, status: 'warn' });
    expect(report.objects.every((o) => o.status !== 'fail')).toBe(true);
    const check = (name: RegExp) => report.checklist.find((c) => name.test(c.check))!;
    expect(check(/Every source record/)).toMatchObject({ status: 'pass' });
    expect(check(/Every source record/).detail).toContain('0 unaccounted for');
    expect(check(/No record rejected/)).toMatchObject({ status: 'warn' });
    expect(check(/relation/i)).toMatchObject({ status: 'pass' });
    expect(report.notMigrated).toEqual(expect.arrayContaining([
      expect.objectContaining({ what: '1 people', reason: expect.stringMatching(/invalid/) }),
      expect.objectContaining({ what: `${rejectedPets.length} pets`, reason: expect.stringMatching(/rejected by the target/) }),
    ]));
  });
});
