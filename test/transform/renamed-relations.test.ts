/**
 * A 1.2 source's noteTarget links (`personId`, custom `rocketId`) land in 2.21's morph columns (`targetPersonId`,
 * `targetRocketId`): seen on a real 1.2.0 migrated into the 2.21 sandbox, where they were dropped as
 * "missing in target" and the notes lost their links.
 */
import { describe, expect, it } from 'vitest';
import type { SchemaField, SchemaObject } from '../../sdk/metadata/types.js';
import { objectTransformer } from '../../sdk/transform/index.js';

const base = { description: null, icon: null, isCustom: false, isSystem: false, isActive: true, isNullable: true, isUnique: false, defaultValue: null, options: null, settings: null };
const f = (name: string, type = 'UUID'): SchemaField => ({ ...base, id: name, name, label: name, type });
const rel = (name: string, target: string, joinColumn: string, type = 'RELATION'): SchemaField => ({
  ...f(name, type), relation: { kind: 'MANY_TO_ONE', targetObject: target, inverseField: null, joinColumn },
});
const object = (fields: SchemaField[]): SchemaObject => ({
  id: 'o', nameSingular: 'noteTarget', namePlural: 'noteTargets', labelSingular: 'Note Target', labelPlural: 'Note Targets', description: null, icon: null,
  isCustom: false, isSystem: false, isActive: true, isRemote: false, fields: [f('id'), ...fields],
});

const v12 = object([rel('note', 'note', 'noteId'), rel('person', 'person', 'personId'), rel('rocket', 'rocket', 'rocketId'), rel('company', 'company', 'companyId')]);
const v221 = object([
  rel('note', 'note', 'noteId'), rel('targetPerson', 'person', 'targetPersonId', 'MORPH_RELATION'),
  rel('targetRocket', 'rocket', 'targetRocketId', 'MORPH_RELATION'), rel('targetCompany', 'opportunity', 'targetCompanyId', 'MORPH_RELATION'),
]);

const [N, P, C] = ['1', '2', '3'].map((d) => `a0000000-0000-4000-8000-00000000000${d}`);

describe('relations renamed between versions', () => {
  it('writes a 1.2 join column into the 2.21 morph column of the same target object', () => {
    const t = objectTransformer({ source: v12, target: v221, imported: new Set(['note', 'person', 'rocket', 'company']), deferred: [], members: undefined });
    const out = t.transform({ id: 'a0000000-0000-4000-8000-000000000001', noteId: N, personId: P, rocketId: null, companyId: C });
    expect(out.line?.record).toMatchObject({ noteId: N, targetPersonId: P, targetRocketId: null });
    expect(out.line?.record).not.toHaveProperty('personId');
    // a column whose namesake points at another object is not taken: dropped and reported instead
    expect(out.line?.record).not.toHaveProperty('targetCompanyId');
    expect(out.dropped).toContainEqual(['companyId', 'missing-in-target']);
  });
});
