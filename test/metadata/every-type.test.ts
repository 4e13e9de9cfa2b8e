/**
 * Every field type Twenty 2.21's metadata API creates, and every kind of relation (to company, person, workspace
 * members, the object itself, a one-to-many side, a morph relation to company and person: every-type.ts), makes it
 * from a source to a fresh target: the diff asks for all of it, apply creates all of it, the diff is empty afterwards
 * and a second apply changes nothing. Then records of the object migrate with every value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwentyClient } from '../../sdk/client/index.js';
import { migrate, type MigrationResult } from '../../sdk/migrate.js';
import { applySchema, diffSchemas, planSchemaApply, readWorkspaceSchema, type SchemaField, type WorkspaceSchema } from '../../sdk/metadata/index.js';
import { SeedFile } from '../sandbox/seed/index.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { cleanupDirs, idFrom, migrationOptions, startPair, tempDir, type Pair } from '../migrate/helpers.js';
import {
  createEveryTypeObject, GADGET_IDS, gadgetDifferences, gadgetRecords, MORPH_FIELD, PHOTO, readGadgets, RELATION_FIELDS, SCALAR_FIELDS, sha256,
} from './every-type.js';

const shapeOf = (f: SchemaField) => ({
  type: f.type, label: f.label, isNullable: f.isNullable, isUnique: f.isUnique, defaultValue: f.defaultValue,
  options: f.options?.map(({ value, label, color }) => ({ value, label, color })) ?? null, settings: f.settings,
  relation: f.relation && { kind: f.relation.kind, targetObject: f.relation.targetObject, inverseField: f.relation.inverseField, joinColumn: f.relation.joinColumn, morph: !!f.relation.morphId },
});

describe('a custom object with every creatable field type, to a fresh target', () => {
  let sandbox: Sandbox;
  let source: WorkspaceSchema;
  const conn = (name: string) => ({ baseUrl: sandbox.url, apiKey: sandbox.workspace(name).apiKey });

  beforeAll(async () => {
    sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'fresh' }, { name: 'target', model: 'fresh' }] });
    const outcomes = await createEveryTypeObject(createTwentyClient({ ...conn('source'), api: 'metadata' }));
    expect(outcomes.filter((o) => o.status !== 201)).toEqual([]);
    source = await readWorkspaceSchema(conn('source'));
  });
  afterAll(() => sandbox?.close());

  it('reads where every relation points, the ambiguous pairs included (two relations between gadget and company)', () => {
    expect(source.warnings).toEqual([]);
    const inverse = (o: string, f: string) => source.objects.find((x) => x.nameSingular === o)!.fields.find((x) => x.name === f)!.relation?.inverseField;
    expect([inverse('gadget', 'company'), inverse('gadget', 'sponsorCompany'), inverse('company', 'gadgets'), inverse('company', 'sponsoredGadgets')])
      .toEqual(['gadgets', 'sponsoredGadgets', 'company', 'sponsorCompany']);
    expect([inverse('gadget', 'owner'), inverse('gadget', 'sponsorPerson'), inverse('person', 'testedGadget')]).toEqual(['ownedGadgets', 'sponsoredGadgets', 'testers']);
    expect([inverse('gadget', 'parentGadget'), inverse('gadget', 'childGadgets')]).toEqual(['childGadgets', 'parentGadget']);
  });

  it('lists every field as something apply creates, and nothing it cannot', async () => {
    const diff = diffSchemas(source, await readWorkspaceSchema(conn('target')));
    expect(diff.filter((d) => d.action !== 'create')).toEqual([]);
    const fieldRows = diff.filter((d) => d.kind === 'field-missing').map((d) => d.field);
    expect(fieldRows).toEqual(SCALAR_FIELDS.map((f) => f.name));
    expect(diff.filter((d) => d.kind === 'relation-missing').map((d) => `${d.object}.${d.field}`))
      .toEqual(['gadget.company', 'gadget.owner', 'gadget.keeper', 'gadget.parentGadget', 'person.testedGadget']);
    expect(diff.filter((d) => d.kind === 'morph-relation-missing').map((d) => [d.field, d.covers])).toEqual([
      [MORPH_FIELD.name, ['gadget.sponsorCompany', 'gadget.sponsorPerson', 'company.sponsoredGadgets', 'person.sponsoredGadgets']],
    ]);
  });

  it('creates it all; the diff is empty afterwards; a second apply changes nothing', async () => {
    const target = await readWorkspaceSchema(conn('target'));
    const plan = planSchemaApply(diffSchemas(source, target), source, target);
    expect(plan.unapplied).toEqual([]);
    const result = await applySchema(plan, conn('target'));
    expect(result.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(result.counts.created).toBe(1 + SCALAR_FIELDS.length + RELATION_FIELDS.length + 1);
    expect(result.notes.filter((n) => !n.includes('npm run generate'))).toEqual([]);

    const after = await readWorkspaceSchema(conn('target'));
    expect(after.warnings).toEqual([]);
    expect(diffSchemas(source, after)).toEqual([]);
    const again = await applySchema(planSchemaApply(diffSchemas(source, after), source, after), conn('target'));
    expect(again.results).toEqual([]);
    const replayed = await applySchema(plan, conn('target'));
    expect(replayed.counts).toMatchObject({ created: 0, updated: 0, failed: 0, skipped: plan.calls.length });
  });

  it('made each field as the source has it, both sides of each relation included', async () => {
    const target = await readWorkspaceSchema(conn('target'));
    const custom = source.objects.flatMap((o) => o.fields.filter((f) => f.isCustom && ['gadget', 'company', 'person', 'workspaceMember'].includes(o.nameSingular)).map((f) => ({ o: o.nameSingular, f })));
    let compared = 0;
    for (const { o, f } of custom) {
      const twin = target.objects.find((x) => x.nameSingular === o)?.fields.find((x) => x.name === f.name);
      expect(twin, `${o}.${f.name}`).toBeDefined();
      const { settings: _s, ...shape } = shapeOf(f);
      const { settings: _t, ...twinShape } = shapeOf(twin!);
      expect({ at: `${o}.${f.name}`, ...twinShape }).toEqual({ at: `${o}.${f.name}`, ...shape });
      if (!f.relation) expect({ at: `${o}.${f.name}`, settings: twin!.settings }).toEqual({ at: `${o}.${f.name}`, settings: f.settings });
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(SCALAR_FIELDS.length + 2 * RELATION_FIELDS.length + 4);
  });
});

describe('records of the every-type object migrate with every value', () => {
  let pair: Pair;
  let result: MigrationResult;
  const ids = { ...GADGET_IDS, photo: idFrom('gadget:photo') };

  beforeAll(async () => {
    pair = await startPair({ records: 80, seed: 5 });
    const source = pair.sandbox.workspace('source');
    const outcomes = await createEveryTypeObject(createTwentyClient({ baseUrl: pair.sandbox.url, apiKey: source.apiKey, api: 'metadata' }));
    expect(outcomes.filter((o) => o.status !== 201)).toEqual([]);
    const first = (o: string) => [...source.table(o)!.rows.values()].find((r) => !r.deletedAt)!.id as string;
    const [company, person, member] = [first('company'), first('person'), first('workspaceMember')];
    const post = async (plural: string, body: unknown, method = 'POST', id = '') => {
      const res = await fetch(`${pair.sandbox.url}/rest/${plural}${id ? `/${id}` : ''}`, {
        method, headers: { Authorization: `Bearer ${source.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(await res.clone().json())).toBeLessThan(300);
    };
    for (const record of gadgetRecords({ company, person, member })) await post('gadgets', record);
    await post('people', { testedGadgetId: ids.b }, 'PATCH', person);
    // A photo, as if uploaded in the source: the files stage copies it.
    source.files.set(ids.photo, new SeedFile('Front', 'png', 'image/png', () => PHOTO));
    source.table('gadget')!.rows.get(ids.a)!.photos = [{ fileId: ids.photo, label: 'Front.png', extension: 'png' }];
    result = await migrate(migrationOptions(pair, tempDir()));
  }, 60_000);
  afterAll(async () => {
    await pair?.close();
    cleanupDirs();
  });

  it('imports every gadget and verifies green', () => {
    expect(result.schema.applied?.counts.failed ?? 0).toBe(0);
    expect(result.report!.objects.find((o) => o.object === 'gadgets')).toMatchObject({ status: 'pass', sourceCount: 3, imported: 3, found: 3 });
    expect(result.report!.status).toBe('pass');
  });

  it('keeps every value as a client reads it: scalars, composites, UUID, ACTOR, files, join columns to company, person, members and itself, morph targets', async () => {
    const [source, target] = ['source', 'target'].map((n) => ({ url: pair.sandbox.url, apiKey: pair.sandbox.workspace(n).apiKey }));
    const { compared, differences } = await gadgetDifferences(source, target);
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(3 * 30);
    const a = (await readGadgets(target)).gadgets[ids.a];
    expect([a.companyId, a.ownerId, a.sponsorCompanyId, a.serialId, a.photos]).toEqual([
      expect.any(String), expect.any(String), a.companyId, GADGET_IDS.serial, [{ label: 'Front.png', sha256: sha256(PHOTO) }],
    ]);
    expect((await readGadgets(target)).gadgets[ids.b].parentGadgetId).toBe(ids.a);
  });

  it('carries the join column a standard object holds towards the custom object (person.testedGadgetId)', () => {
    const tested = [...pair.sandbox.workspace('target').table('person')!.rows.values()].filter((p) => p.testedGadgetId);
    expect(tested.map((p) => p.testedGadgetId)).toEqual([ids.b]);
  });
});
