import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import type { FieldType, ModelField, ModelObject, WorkspaceModel } from './model/types.js';
import { buildCoreDocument } from './openapi/core.js';
import { buildMetadataDocument } from './openapi/metadata.js';
import { hasShared, readShared } from '../support/shared.js';

type Doc = Record<string, any>;

const SERVER_URL = 'http://127.0.0.1:3000';
const loadModel = (name: 'seeded' | 'fresh'): WorkspaceModel =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, 'models', `${name}.json`), 'utf8')) as WorkspaceModel;

const methodsByPath = (doc: Doc) => Object.fromEntries(Object.entries(doc.paths).map(([path, item]) => [path, Object.keys(item as object).sort()]));
const propertiesBySchema = (doc: Doc) =>
  Object.fromEntries(Object.entries(doc.components.schemas).map(([name, s]: [string, any]) => [name, Object.keys(s.properties ?? {}).sort()]));
const sortedKeys = (o: object) => Object.keys(o).sort();

/** The document without its `example` values: Twenty's are faker output, different on every request. */
const withoutExamples = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutExamples);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'example').map(([k, v]) => [k, withoutExamples(v)]));
};
/** Replaces leaves by their JSON type, to compare example shapes without their random values. */
const shapeOf = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value === null) return null;
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return typeof value;
};

const cases = [
  { model: 'seeded', recording: 'openapi/source-core.json', objects: 33, paths: 266, schemas: 99 },
  { model: 'fresh', recording: 'openapi/target-core.json', objects: 28, paths: 226, schemas: 84 },
] as const;

describe.skipIf(!hasShared)('core document vs the recorded Twenty 2.21 documents', () => {
  describe.each(cases)('$model model vs $recording', ({ model, recording, objects, paths, schemas }) => {
    // vitest still runs the factories of skipped suites, so nothing may be read when the recordings are absent.
    const real: Doc = hasShared ? readShared<Doc>(recording) : {};
    const mine = buildCoreDocument(loadModel(model), SERVER_URL) as Doc;

    it('has the same openapi version, servers, info and security', () => {
      expect(mine.openapi).toBe(real.openapi);
      expect(mine.servers).toEqual(real.servers);
      expect(mine.info).toEqual(real.info);
      expect(mine.security).toEqual(real.security);
      expect(mine.components.securitySchemes).toEqual(real.components.securitySchemes);
    });

    it(`has the same ${paths} paths with the same methods`, () => {
      expect(Object.keys(mine.paths)).toHaveLength(paths);
      expect(methodsByPath(mine)).toEqual(methodsByPath(real));
    });

    it(`has the same ${schemas} schemas (${objects} objects) with the same properties`, () => {
      expect(sortedKeys(mine.components.schemas)).toEqual(sortedKeys(real.components.schemas));
      expect(Object.keys(mine.components.schemas)).toHaveLength(schemas);
      expect(propertiesBySchema(mine)).toEqual(propertiesBySchema(real));
    });

    it('has the same parameters, responses, tags and webhooks', () => {
      expect(sortedKeys(mine.components.parameters)).toEqual(sortedKeys(real.components.parameters));
      expect(sortedKeys(mine.components.responses)).toEqual(sortedKeys(real.components.responses));
      expect(mine.tags).toEqual(real.tags);
      expect(sortedKeys(mine.webhooks)).toEqual(sortedKeys(real.webhooks));
    });

    it('equals the recording key for key, in the same order, once example values are set aside', () => {
      expect(JSON.stringify(withoutExamples(mine))).toBe(JSON.stringify(withoutExamples(real)));
    });

    it('differs deliberately in example values only: same keys and value types, stable instead of faker-random', () => {
      const collect = (doc: Doc) =>
        Object.fromEntries(Object.entries(doc.components.schemas).map(([name, s]: [string, any]) => [name, shapeOf(s.example)]));
      expect(collect(mine)).toEqual(collect(real));
      expect(mine.components.schemas.Company.example).not.toEqual(real.components.schemas.Company.example);
      expect(buildCoreDocument(loadModel(model), SERVER_URL)).toEqual(mine);
    });
  });
});

describe.skipIf(!hasShared)('metadata document vs the recorded Twenty 2.21 document', () => {
  const real: Doc = hasShared ? readShared<Doc>('openapi/source-metadata.json') : {};
  const mine = buildMetadataDocument(SERVER_URL) as Doc;

  it('is the same in both recorded workspaces, so it can ignore the workspace', () => {
    expect(readShared('openapi/target-metadata.json')).toEqual(real);
  });

  it('has the same 27 paths, methods, 66 schemas and properties', () => {
    expect(Object.keys(mine.paths)).toHaveLength(27);
    expect(methodsByPath(mine)).toEqual(methodsByPath(real));
    expect(Object.keys(mine.components.schemas)).toHaveLength(66);
    expect(propertiesBySchema(mine)).toEqual(propertiesBySchema(real));
    expect(mine.servers).toEqual(real.servers);
  });

  it('equals the recording byte for byte once serialised', () => {
    expect(JSON.stringify(mine)).toBe(JSON.stringify(real));
  });
});

const field = (object: string, name: string, type: FieldType, extra: Partial<ModelField> = {}): ModelField => ({
  id: `${object}-${name}`,
  type,
  name,
  label: name,
  description: null,
  isActive: true,
  isSystem: false,
  isNullable: true,
  isUnique: false,
  objectMetadataId: object,
  ...extra,
});

/** A custom object as the metadata API creates it, plus a MANY_TO_ONE `company` whose inverse is `company.spaceships`. */
const addSpaceship = (model: WorkspaceModel): WorkspaceModel => {
  const next = structuredClone(model);
  const sys = { isSystem: true, isNullable: false };
  const spaceship: ModelObject = {
    id: 'spaceship',
    nameSingular: 'spaceship',
    namePlural: 'spaceships',
    labelSingular: 'Spaceship',
    labelPlural: 'Spaceships',
    description: 'A spaceship',
    isRemote: false,
    isActive: true,
    isSystem: false,
    fields: [
      field('spaceship', 'id', 'UUID', { ...sys, defaultValue: 'uuid' }),
      field('spaceship', 'name', 'TEXT'),
      field('spaceship', 'createdAt', 'DATE_TIME', { ...sys, defaultValue: 'now' }),
      field('spaceship', 'updatedAt', 'DATE_TIME', { ...sys, defaultValue: 'now' }),
      field('spaceship', 'deletedAt', 'DATE_TIME', { isSystem: true }),
      field('spaceship', 'position', 'POSITION', { ...sys, defaultValue: 0 }),
      field('spaceship', 'searchVector', 'TS_VECTOR', { isSystem: true }),
      field('spaceship', 'status', 'SELECT', {
        options: [{ value: 'DOCKED', label: 'Docked' }, { value: 'FLYING', label: 'Flying' }],
      }),
      field('spaceship', 'crew', 'NUMBER', { isNullable: false, description: 'Crew size' }),
      field('spaceship', 'company', 'RELATION', {
        settings: { relationType: 'MANY_TO_ONE', onDelete: 'SET_NULL', joinColumnName: 'companyId' },
        relation: { targetObject: 'company', targetField: 'spaceships' },
      }),
    ],
  };
  next.objects.push(spaceship);
  const company = next.objects.find((o) => o.nameSingular === 'company')!;
  company.fields.push(
    field(company.id, 'spaceships', 'RELATION', {
      description: 'Spaceships of the company',
      settings: { relationType: 'ONE_TO_MANY' },
      relation: { targetObject: 'spaceship', targetField: 'company' },
    }),
  );
  return next;
};

describe('core document follows the model', () => {
  const fresh = loadModel('fresh');
  const before = buildCoreDocument(fresh, SERVER_URL) as Doc;
  const after = buildCoreDocument(addSpaceship(fresh), SERVER_URL) as Doc;

  it('gains the 8 paths, 3 schemas, tag and 3 webhooks of a new custom object', () => {
    const added = Object.keys(after.paths).filter((p) => !(p in before.paths));
    expect(added.sort()).toEqual(
      [
        '/spaceships', '/batch/spaceships', '/spaceships/{id}', '/spaceships/duplicates', '/restore/spaceships/{id}',
        '/restore/spaceships', '/spaceships/merge', '/spaceships/groupBy',
      ].sort(),
    );
    expect(Object.keys(after.components.schemas).filter((s) => !(s in before.components.schemas))).toEqual([
      'Spaceship', 'SpaceshipForUpdate', 'SpaceshipForResponse',
    ]);
    expect(after.tags.map((t: any) => t.name)).toContain('spaceships');
    expect(Object.keys(after.webhooks).filter((w) => !(w in before.webhooks))).toEqual([
      'Spaceship Created', 'Spaceship Updated', 'Spaceship Deleted',
    ]);
  });

  it('documents the new fields, the join column and both sides of the relation', () => {
    const { Spaceship, SpaceshipForResponse, CompanyForResponse, Company } = after.components.schemas;
    expect(Object.keys(Spaceship.properties)).toEqual(['name', 'position', 'status', 'crew', 'companyId']);
    expect(Spaceship.properties.status).toEqual({ type: 'string', enum: ['DOCKED', 'FLYING'] });
    expect(Spaceship.properties.crew).toEqual({ type: 'integer', description: 'Crew size' });
    expect(Spaceship.required).toEqual(['crew']);
    expect(SpaceshipForResponse.properties.id).toEqual({ type: 'string', format: 'uuid' });
    expect(SpaceshipForResponse.properties.company).toEqual({
      type: 'object',
      oneOf: [{ $ref: '#/components/schemas/CompanyForResponse' }],
    });
    expect(CompanyForResponse.properties.spaceships).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/SpaceshipForResponse' },
      description: 'Spaceships of the company',
    });
    expect(Company.properties).not.toHaveProperty('spaceships');
  });

  it('does not touch the model and drops the object again once it is gone', () => {
    expect(buildCoreDocument(fresh, SERVER_URL)).toEqual(before);
  });

  it('keeps inactive objects and fields (Twenty reads every field id, active or not): a choice the recordings cannot confirm', () => {
    const model = addSpaceship(fresh);
    const spaceship = model.objects.find((o) => o.nameSingular === 'spaceship')!;
    spaceship.isActive = false;
    spaceship.fields.find((f) => f.name === 'crew')!.isActive = false;
    const doc = buildCoreDocument(model, SERVER_URL) as Doc;
    expect(doc.paths).toHaveProperty(['/spaceships']);
    expect(doc.components.schemas.Spaceship.properties).toHaveProperty('crew');
  });
});

describe('generated documents go through openapi-typescript', () => {
  it.each([
    ['core (seeded)', () => buildCoreDocument(loadModel('seeded'), SERVER_URL)],
    ['core (fresh + custom object)', () => buildCoreDocument(addSpaceship(loadModel('fresh')), SERVER_URL)],
    ['metadata', () => buildMetadataDocument(SERVER_URL)],
  ])('%s', async (_name, build) => {
    const ast = await openapiTS(build() as any);
    const source = astToString(ast);
    expect(source).toContain('export interface paths');
    expect(source).toContain('export interface components');
  });
});
