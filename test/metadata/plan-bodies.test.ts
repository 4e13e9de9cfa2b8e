/**
 * The bodies apply sends to `POST /rest/metadata/fields`, as Twenty 2.21 accepts them (test/sandbox/recorded/ holds
 * its answers): every relation payload carries a `targetFieldIcon` (2.21 refuses one without: "Relation creation
 * payload is invalid: targetFieldIcon must be a string"), Twenty's own relation descriptions are left to Twenty
 * (a description sent goes to both sides), and types are created under the target's names.
 */
import { describe, expect, it } from 'vitest';
import { buildFieldBody, buildMorphBody, buildRelationBody } from '../../sdk/metadata/plan-bodies.js';
import type { SchemaField, SchemaObject, WorkspaceSchema } from '../../sdk/metadata/index.js';

const field = (f: Partial<SchemaField>): SchemaField => ({
  id: `id-${f.name}`, name: 'x', label: 'X', type: 'TEXT', isCustom: true, isSystem: false, isActive: true, isNullable: true, isUnique: false,
  defaultValue: null, options: null, settings: null, ...f,
});
const object = (nameSingular: string, namePlural: string, labelSingular: string, fields: SchemaField[]): SchemaObject => ({
  id: `o-${nameSingular}`, nameSingular, namePlural, labelSingular, labelPlural: `${labelSingular}s`, isCustom: true, isSystem: false, isActive: true, isRemote: false, fields,
});

const toCompany = (description: string | null, inverseIcon: string | null) => {
  const company = field({ name: 'company', label: 'Company', type: 'RELATION', description, relation: { kind: 'MANY_TO_ONE', targetObject: 'company', inverseField: 'gadgets' } });
  const gadgets = field({ name: 'gadgets', label: 'Gadgets', type: 'RELATION', icon: inverseIcon, relation: { kind: 'ONE_TO_MANY', targetObject: 'gadget', inverseField: 'company' } });
  const gadget = object('gadget', 'gadgets', 'Gadget', [company]);
  const schema: WorkspaceSchema = { serverUrl: 'x', metadataFormat: 'new', warnings: [], objects: [gadget, object('company', 'companies', 'Company', [gadgets])] };
  return { schema, gadget, company, gadgets };
};

describe('relation bodies', () => {
  it.each([
    ['the inverse icon', 'IconDevices', 'IconDevices'],
    ["Twenty's fallback when the inverse has none", null, 'Icon123'],
  ])('always send a targetFieldIcon: %s', (_name, icon, want) => {
    const { schema, gadget, company, gadgets } = toCompany(null, icon);
    expect(buildRelationBody(schema, gadget, company, gadgets).relationCreationPayload).toEqual({
      type: 'MANY_TO_ONE', targetObjectMetadataId: '@object:company', targetFieldLabel: 'Gadgets', targetFieldIcon: want,
    });
    expect(buildRelationBody(schema, gadget, company, undefined).relationCreationPayload).toMatchObject({ targetFieldLabel: 'Gadgets', targetFieldIcon: 'Icon123' });
  });

  it.each([
    ["Twenty's own description is left out (each side then gets its own)", 'Gadgets tied to the Company', undefined],
    ['a description of the users is sent', 'Who sells it', 'Who sells it'],
  ])('%s', (_name, description, want) => {
    const { schema, gadget, company, gadgets } = toCompany(description, 'IconDevices');
    expect(buildRelationBody(schema, gadget, company, gadgets).description).toBe(want);
  });

  it('gives each morph target its payload, with icons', () => {
    const members = ['Company', 'Person'].map((t) =>
      field({ name: `sponsor${t}`, label: 'Sponsor', type: 'MORPH_RELATION', relation: { kind: 'MANY_TO_ONE', targetObject: t.toLowerCase(), inverseField: null, morphId: 'm' } }));
    const gadget = object('gadget', 'gadgets', 'Gadget', members);
    const schema: WorkspaceSchema = { serverUrl: 'x', metadataFormat: 'new', warnings: [], objects: [gadget] };
    expect(buildMorphBody(schema, gadget, 'sponsor', members)).toMatchObject({
      name: 'sponsor', type: 'MORPH_RELATION',
      morphRelationsCreationPayload: [
        { type: 'MANY_TO_ONE', targetObjectMetadataId: '@object:company', targetFieldLabel: 'Gadgets', targetFieldIcon: 'Icon123' },
        { type: 'MANY_TO_ONE', targetObjectMetadataId: '@object:person', targetFieldLabel: 'Gadgets', targetFieldIcon: 'Icon123' },
      ],
    });
  });
});

describe('field bodies', () => {
  const target = (bodyType: string): WorkspaceSchema => ({
    serverUrl: 'x', metadataFormat: 'new', warnings: [], objects: [object('note', 'notes', 'Note', [field({ name: 'bodyV2', type: bodyType, isCustom: false })])],
  });
  it.each([
    ['UUID', 'RICH_TEXT', 'UUID'], ['ACTOR', 'RICH_TEXT', 'ACTOR'], ['NUMERIC', 'RICH_TEXT', 'NUMBER'],
    ['RICH_TEXT_V2', 'RICH_TEXT', 'RICH_TEXT'], ['RICH_TEXT_V2', 'RICH_TEXT_V2', 'RICH_TEXT_V2'],
  ])('creates %s (target bodyV2 is %s) as %s', (type, bodyType, want) => {
    expect(buildFieldBody(field({ name: 'extra', type }), 'gadget', target(bodyType)).type).toBe(want);
  });
});
