/**
 * The reader and the diff against the real 2.21 answers: `GET /rest/metadata/objects` of the seeded (legacy
 * shape) and the signed-up (new shape) workspace, with their core OpenAPI documents for relation targets.
 */
import { describe, expect, it } from 'vitest';
import { buildWorkspaceSchema, diffSchemas, parseMetadataItem, parseMetadataPage, type WorkspaceSchema } from '../../sdk/metadata/index.js';
import { hasShared, listTranscripts, readShared } from '../support/shared.js';

function load(name: 'source' | 'target'): WorkspaceSchema {
  const page = parseMetadataPage(readShared(`openapi/${name}-objects.json`), 'objects')!;
  return buildWorkspaceSchema(page.items, { serverUrl: 'http://127.0.0.1:3000', metadataFormat: page.format, openApi: readShared(`openapi/${name}-core.json`) });
}

const field = (s: WorkspaceSchema, o: string, f: string) => s.objects.find((x) => x.nameSingular === o)!.fields.find((x) => x.name === f)!;

describe.skipIf(!hasShared)('recorded 2.21 metadata', () => {
  it('reads both list shapes from the recorded exchanges', () => {
    const byName = Object.fromEntries(listTranscripts().map((t) => [t.name, t]));
    expect(parseMetadataPage(byName['metadata-objects-list-source'].response.body, 'objects')).toMatchObject({ format: 'legacy', hasNextPage: true, totalCount: 33 });
    expect(parseMetadataPage(byName['metadata-objects-list-target'].response.body, 'objects')).toMatchObject({ format: 'new', hasNextPage: true, totalCount: 28 });
    expect(parseMetadataPage(byName['metadata-fields-list-source'].response.body, 'fields')?.format).toBe('legacy');
    expect(parseMetadataPage(byName['metadata-fields-list-target'].response.body, 'fields')?.items).toHaveLength(2);
    expect(parseMetadataItem(byName['metadata-create-field-select'].response.body, 'fields')).toMatchObject({ name: 'tier' });
    expect(parseMetadataItem(byName['metadata-create-custom-object'].response.body, 'objects')).toMatchObject({ nameSingular: 'goldenWidget' });
    expect(parseMetadataItem({ data: { createOneField: { id: 'f1', name: 'x' } } }, 'fields')).toMatchObject({ id: 'f1' });
    expect(parseMetadataPage({ data: { things: [] } }, 'objects')).toBeNull();
  });

  it('tells custom from standard by applicationId (2.21 has no isCustom)', () => {
    const source = load('source');
    const target = load('target');
    expect(source.objects.filter((o) => o.isCustom).map((o) => o.nameSingular)).toEqual(['employmentHistory', 'pet', 'petCareAgreement', 'rocket', 'surveyResult']);
    expect(source.objects.flatMap((o) => o.fields).filter((f) => f.isCustom)).toHaveLength(133);
    expect(target.objects.some((o) => o.isCustom || o.fields.some((f) => f.isCustom))).toBe(false);
    expect(field(source, 'company', 'tagline')).toMatchObject({ isCustom: true, type: 'TEXT', isNullable: false, defaultValue: "''" });
  });

  it('resolves every relation target and inverse from the core OpenAPI document', () => {
    for (const schema of [load('source'), load('target')]) {
      expect(schema.warnings).toEqual([]);
      const relations = schema.objects.flatMap((o) => o.fields.filter((f) => f.relation).map((f) => ({ o, f })));
      expect(relations.length).toBeGreaterThan(100);
      for (const { o, f } of relations) {
        const inverse = field(schema, f.relation!.targetObject!, f.relation!.inverseField!);
        expect(inverse.relation?.targetObject, `${o.nameSingular}.${f.name}`).toBe(o.nameSingular);
        expect(inverse.relation?.inverseField).toBe(f.name);
      }
    }
    const source = load('source');
    expect(field(source, 'person', 'company').relation).toMatchObject({ kind: 'MANY_TO_ONE', targetObject: 'company', inverseField: 'people', joinColumn: 'companyId' });
    expect(field(source, 'pet', 'polymorphicOwnerRocket').relation).toMatchObject({ targetObject: 'rocket', inverseField: 'ownedPets' });
    expect(field(source, 'pet', 'polymorphicHelperSurveyResults').relation).toMatchObject({ kind: 'ONE_TO_MANY', targetObject: 'surveyResult', inverseField: 'helpedPets' });
    expect(field(source, 'company', 'previousEmployees').relation).toMatchObject({ targetObject: 'employmentHistory', inverseField: 'company', junctionTargetField: 'person' });
    expect(field(source, 'attachment', 'targetPet').relation).toMatchObject({ targetObject: 'pet', inverseField: 'attachments' });
  });

  it('diffs the seeded against the fresh model: only the custom data model is missing', () => {
    const diff = diffSchemas(load('source'), load('target'));
    const counts: Record<string, number> = {};
    for (const d of diff) counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    expect(counts).toEqual({ 'object-missing': 5, 'field-missing': 32, 'relation-missing': 3, 'morph-relation-missing': 3 });
    expect(diff.every((d) => d.action === 'create')).toBe(true);
    expect(diff.filter((d) => d.kind === 'morph-relation-missing').map((d) => d.id).sort()).toEqual([
      'morph-relation-missing:pet.polymorphicHelper', 'morph-relation-missing:pet.polymorphicOwner', 'morph-relation-missing:petCareAgreement.caretaker',
    ]);
    expect(diffSchemas(load('target'), load('source'))).toEqual([]);
  });

  it('reports without relation targets when the OpenAPI document is missing', () => {
    const page = parseMetadataPage(readShared('openapi/source-objects.json'), 'objects')!;
    const schema = buildWorkspaceSchema(page.items, { serverUrl: 'x', metadataFormat: 'legacy', openApi: null });
    expect(schema.warnings.some((w) => w.startsWith('pet.polymorphicOwnerRocket: relation target unknown'))).toBe(true);
    const diff = diffSchemas(schema, load('target'));
    expect(diff.filter((d) => d.kind === 'relation-missing' && d.action === 'report').length).toBeGreaterThan(0);
    expect(diff.filter((d) => d.kind === 'object-missing')).toHaveLength(5);
  });
});
