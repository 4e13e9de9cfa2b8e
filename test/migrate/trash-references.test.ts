/**
 * Records that point at a record left in the source's trash (a migration without --include-deleted): the reference
 * is emptied with a warning in errors.jsonl and the record migrates, instead of the target refusing it for a
 * foreign key to nothing. A note target whose only target is in the trash has nothing left to link and is reported
 * as not migrated. Verification accounts for every record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type MigrationResult } from '../../sdk/migrate.js';
import type { RecordIssue } from '../../sdk/run/run-folder.js';
import { cleanupDirs, idFrom, issuesOf, migrationOptions, startPair, tempDir, type Pair } from './helpers.js';

let pair: Pair;
let result: MigrationResult;
let issues: RecordIssue[];

/**
 * Pets and rockets point at each other (a cycle: one of the two join columns is deferred to the patch pass). A pet
 * pointing at a trashed rocket and a rocket pointing at a trashed pet: whichever column is deferred, one of them is
 * written by the patch pass, and both must follow the same rule.
 */
const petToTrashedRocket = idFrom('trash:pet-to-trashed-rocket');
const trashedRocket = idFrom('trash:rocket-in-trash');
const rocketToTrashedPet = idFrom('trash:rocket-to-trashed-pet');
const trashedPet = idFrom('trash:pet-in-trash');

beforeAll(async () => {
  pair = await startPair({ records: 500, seed: 5, seedOptions: { softDeletedShare: 0.05 } });
  const source = pair.sandbox.workspace('source');
  const first = (o: string) => structuredClone([...source.table(o)!.rows.values()].find((r) => !r.deletedAt)!);
  const trashedAt = new Date().toISOString();
  source.insertRaw('rocket', [{ ...first('rocket'), id: trashedRocket, helpedPetsId: null, deletedAt: trashedAt }]);
  source.insertRaw('pet', [
    { ...first('pet'), id: trashedPet, polymorphicOwnerRocketId: null, polymorphicOwnerSurveyResultId: null, deletedAt: trashedAt },
    { ...first('pet'), id: petToTrashedRocket, polymorphicOwnerRocketId: trashedRocket, polymorphicOwnerSurveyResultId: null },
  ]);
  source.insertRaw('rocket', [{ ...first('rocket'), id: rocketToTrashedPet, helpedPetsId: trashedPet }]);
  const runDir = tempDir();
  result = await migrate(migrationOptions(pair, runDir, { includeDeleted: false, files: false, configuration: false }));
  issues = await issuesOf(runDir);
}, 60_000);

afterAll(async () => {
  await pair?.close();
  cleanupDirs();
});

describe('references to records left in the source trash', () => {
  it('empties a deferred reference (a cycle written by the patch pass) by the same rule', () => {
    const target = pair.sandbox.workspace('target');
    const deferred = result.plan.order.flatMap((o) => o.deferredFields.map((f) => `${o.object}.${f}`));
    expect(deferred.some((f) => f === 'pets.polymorphicOwnerRocketId' || f === 'rockets.helpedPetsId')).toBe(true);
    for (const [singular, plural, id, field] of [['pet', 'pets', petToTrashedRocket, 'polymorphicOwnerRocketId'], ['rocket', 'rockets', rocketToTrashedPet, 'helpedPetsId']]) {
      const row = target.table(singular)!.rows.get(id);
      expect(row, `${singular} ${id} is migrated`).toBeDefined();
      expect(row![field]).toBeNull();
      expect(issues).toContainEqual(expect.objectContaining({ object: plural, recordId: id, field, code: 'REFERENCE_NOT_MIGRATED', severity: 'warning' }));
    }
    expect(issues.filter((i) => i.code === 'FOREIGN_KEY_VIOLATION')).toEqual([]);
  });

  it('migrates the people whose company is in the trash, with the reference emptied and a warning', () => {
    const source = pair.sandbox.workspace('source');
    const target = pair.sandbox.workspace('target');
    const trashedCompanies = new Set([...source.table('company')!.rows.values()].filter((c) => c.deletedAt).map((c) => c.id));
    const pointing = [...source.table('person')!.rows.values()].filter((p) => !p.deletedAt && trashedCompanies.has(p.companyId));
    expect(pointing.length).toBeGreaterThan(0);
    for (const person of pointing) {
      const migrated = target.table('person')!.rows.get(person.id as string);
      expect(migrated, `person ${person.id}`).toBeDefined();
      expect(migrated!.companyId).toBeNull();
      expect(issues).toContainEqual(expect.objectContaining({
        object: 'people', recordId: person.id, field: 'companyId', code: 'REFERENCE_NOT_MIGRATED', severity: 'warning',
      }));
    }
  });

  it('copies link rows whose target stays behind, pointing at nothing, with a warning, and accounts for every record', () => {
    expect(issues.filter((i) => i.code === 'MORPH_NO_TARGET')).toEqual([]);
    const links = issues.filter((i) => i.code === 'REFERENCE_NOT_MIGRATED' && ['noteTargets', 'taskTargets', 'attachments'].includes(i.object));
    for (const l of links) expect(l.severity).toBe('warning');
    expect(result.report!.checklist[0]).toMatchObject({ status: 'pass' });
    expect(result.report!.objects.every((o) => o.failed === 0)).toBe(true);
    expect(result.status).toBe('ok');
  });
});
