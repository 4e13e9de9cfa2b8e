/**
 * Which field is a relation's inverse when two relations join the same pair of objects the same way (a custom object
 * with a many-to-one to company and a morph relation to company): the one created in the same call, i.e. at the same
 * moment. Raw objects as `/rest/metadata/objects` lists them, targets from a minimal core OpenAPI document.
 */
import { describe, expect, it } from 'vitest';
import { buildWorkspaceSchema } from '../../sdk/metadata/index.js';

const STANDARD = 'std-app';
const CUSTOM = 'custom-app';

type Side = { name: string; kind: 'MANY_TO_ONE' | 'ONE_TO_MANY'; createdAt?: string; morphId?: string; label?: string };

const rawField = (s: Side, app: string) => ({
  id: `id-${s.name}`, name: s.name, label: s.label ?? s.name, type: s.morphId ? 'MORPH_RELATION' : 'RELATION', applicationId: app,
  settings: s.kind === 'MANY_TO_ONE' ? { onDelete: 'SET_NULL', relationType: 'MANY_TO_ONE', joinColumnName: `${s.name}Id` } : { relationType: 'ONE_TO_MANY' },
  ...(s.morphId ? { morphId: s.morphId } : {}), ...(s.createdAt ? { createdAt: s.createdAt } : {}),
});

/** gadget's many-to-one sides towards company, and company's one-to-many sides back. */
function schemaOf(gadget: Side[], company: Side[]) {
  const raw = [
    { id: 'o-company', nameSingular: 'company', namePlural: 'companies', applicationId: STANDARD, fields: company.map((s) => rawField(s, CUSTOM)) },
    { id: 'o-person', nameSingular: 'person', namePlural: 'people', applicationId: STANDARD, fields: [] },
    { id: 'o-gadget', nameSingular: 'gadget', namePlural: 'gadgets', applicationId: CUSTOM, fields: gadget.map((s) => rawField(s, CUSTOM)) },
  ];
  const ref = (o: string) => ({ type: 'object', oneOf: [{ $ref: `#/components/schemas/${o}ForResponse` }] });
  const list = (o: string) => ({ type: 'array', items: { $ref: `#/components/schemas/${o}ForResponse` } });
  const openApi = {
    components: {
      schemas: {
        GadgetForResponse: { properties: Object.fromEntries(gadget.map((s) => [s.name, ref('Company')])) },
        CompanyForResponse: { properties: Object.fromEntries(company.map((s) => [s.name, list('Gadget')])) },
      },
    },
  };
  return buildWorkspaceSchema(raw, { serverUrl: 'x', metadataFormat: 'new', openApi });
}

const inverses = (schema: ReturnType<typeof schemaOf>) =>
  Object.fromEntries(schema.objects.flatMap((o) => o.fields.map((f) => [`${o.nameSingular}.${f.name}`, f.relation?.inverseField ?? null])));

const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 13, 55, 0, ms)).toISOString();

describe('relation inverses between two objects joined twice', () => {
  it.each([
    ['made by two calls, seconds apart', at(0), at(1), at(2_000), at(2_001), { 'gadget.company': 'gadgets', 'gadget.sponsorCompany': 'sponsoredGadgets' }],
    ['the other way round', at(2_000), at(2_001), at(0), at(1), { 'gadget.company': 'gadgets', 'gadget.sponsorCompany': 'sponsoredGadgets' }],
    ['made in the same millisecond: not guessed', at(0), at(0), at(0), at(0), { 'gadget.company': null, 'gadget.sponsorCompany': null }],
    ['without creation dates: not guessed', undefined, undefined, undefined, undefined, { 'gadget.company': null, 'gadget.sponsorCompany': null }],
  ])('%s', (_name, plain, plainInverse, morph, morphInverse, want) => {
    const schema = schemaOf(
      [{ name: 'company', kind: 'MANY_TO_ONE', createdAt: plain }, { name: 'sponsorCompany', kind: 'MANY_TO_ONE', createdAt: morph, morphId: 'm1' }],
      [{ name: 'gadgets', kind: 'ONE_TO_MANY', createdAt: plainInverse }, { name: 'sponsoredGadgets', kind: 'ONE_TO_MANY', createdAt: morphInverse }],
    );
    const got = inverses(schema);
    expect({ 'gadget.company': got['gadget.company'], 'gadget.sponsorCompany': got['gadget.sponsorCompany'] }).toEqual(want);
    const resolved = Object.values(want).every(Boolean);
    expect(schema.warnings.some((w) => w.includes('ambiguous'))).toBe(!resolved);
    if (resolved) expect([got['company.gadgets'], got['company.sponsoredGadgets']]).toEqual(['company', 'sponsorCompany']);
  });

  it('still pairs a lone relation whatever its dates', () => {
    const schema = schemaOf([{ name: 'company', kind: 'MANY_TO_ONE', createdAt: at(0) }], [{ name: 'gadgets', kind: 'ONE_TO_MANY', createdAt: at(9_000) }]);
    expect(inverses(schema)).toMatchObject({ 'gadget.company': 'gadgets', 'company.gadgets': 'company' });
  });
});
