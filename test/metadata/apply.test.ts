/**
 * Issue 4's proof: the sandbox source (seeded model: pets, rockets, surveyResults, employmentHistories,
 * petCareAgreements, custom fields on companies and people) and a fresh target. The diff lists what is missing,
 * apply creates it, a second diff is empty, and applying again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applySchema, diffSchemas, formatPlan, isAutoCreatedField, planSchemaApply, readWorkspaceSchema, type SchemaField, type WorkspaceSchema,
} from '../../sdk/metadata/index.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

let sandbox: Sandbox;
let source: WorkspaceSchema;
const conn = (name: string) => ({ baseUrl: sandbox.url, apiKey: sandbox.workspace(name).apiKey });

beforeAll(async () => {
  sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
  source = await readWorkspaceSchema(conn('source'));
});
afterAll(() => sandbox?.close());

/** What must come out the same in the target (ids and per-workspace values left out). */
const shapeOf = (f: SchemaField) => ({
  type: f.type, label: f.label, isNullable: f.isNullable, isUnique: f.isUnique, defaultValue: f.defaultValue,
  options: f.options?.map(({ value, label, color }) => ({ value, label, color })) ?? null,
  settings: f.settings ? { ...f.settings, junctionTargetFieldId: undefined } : null,
  relation: f.relation && { kind: f.relation.kind, targetObject: f.relation.targetObject, inverseField: f.relation.inverseField, junctionTargetField: f.relation.junctionTargetField, joinColumn: f.relation.joinColumn, morph: !!f.relation.morphId },
});

describe('data-model stage, seeded source → fresh target', () => {
  it('dry run prints the calls and changes nothing', async () => {
    const target = await readWorkspaceSchema(conn('target'));
    const plan = planSchemaApply(diffSchemas(source, target), source, target);
    const result = await applySchema(plan, conn('target'), { dryRun: true });
    expect(result.counts.planned).toBe(plan.calls.length);
    expect(result.regenerateClients).toBe(false);
    expect(formatPlan(plan)).toContain('POST /rest/metadata/objects {"nameSingular":"employmentHistory"');
    expect(diffSchemas(source, await readWorkspaceSchema(conn('target')))).toHaveLength(43);
  });

  it('creates what is missing, in an order that works; a second diff is empty; applying again skips everything', async () => {
    const target = await readWorkspaceSchema(conn('target'));
    const diff = diffSchemas(source, target);
    const plan = planSchemaApply(diff, source, target);
    expect(plan.unapplied).toEqual([]);
    expect([...new Set(plan.calls.map((c) => c.phase))]).toEqual(['objects', 'fields', 'relations', 'morph-relations', 'junctions']);

    const result = await applySchema(plan, conn('target'));
    expect(result.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(result.counts).toMatchObject({ created: 43, updated: 5, failed: 0 });
    expect(result.regenerateClients).toBe(true);
    expect(result.notes.join('\n')).toContain('npm run generate');

    const after = await readWorkspaceSchema(conn('target'));
    expect(after.warnings).toEqual([]);
    expect(diffSchemas(source, after)).toEqual([]);

    const again = await applySchema(plan, conn('target'));
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0, skipped: plan.calls.length });
    expect(again.regenerateClients).toBe(false);
    expect(diffSchemas(source, await readWorkspaceSchema(conn('target')))).toEqual([]);
  });

  it('created every custom field as the source has it: all types, options, settings, relations both ways, morph relations', async () => {
    const target = await readWorkspaceSchema(conn('target'));
    const custom = source.objects.flatMap((o) => o.fields.filter((f) => f.isCustom).map((f) => ({ o: o.nameSingular, f })));
    const types = new Set(custom.map((c) => c.f.type));
    for (const t of ['TEXT', 'NUMBER', 'BOOLEAN', 'DATE', 'SELECT', 'MULTI_SELECT', 'RATING', 'CURRENCY', 'FULL_NAME', 'EMAILS', 'PHONES', 'LINKS', 'ADDRESS', 'ARRAY', 'RAW_JSON', 'FILES', 'RELATION', 'MORPH_RELATION']) {
      expect(types).toContain(t);
    }
    let compared = 0;
    for (const { o, f } of custom) {
      // `name` of a custom object: Twenty's default, except where the source object has none.
      const twin = target.objects.find((x) => x.nameSingular === o)?.fields.find((x) => x.name === f.name);
      expect(twin, `${o}.${f.name}`).toBeDefined();
      const object = source.objects.find((x) => x.nameSingular === o)!;
      // Twenty makes these with the object, with its own labels: only where they point matters.
      if (isAutoCreatedField(source.objects, object, f)) {
        expect({ at: `${o}.${f.name}`, ...shapeOf(twin!).relation }).toEqual({ at: `${o}.${f.name}`, ...shapeOf(f).relation });
        continue;
      }
      expect({ at: `${o}.${f.name}`, ...shapeOf(twin!) }).toEqual({ at: `${o}.${f.name}`, ...shapeOf(f) });
      compared++;
    }
    expect(compared).toBe(50); // 32 scalar fields, 3 relations and 3 morph relations (both sides)
  });

  it('adds missing select options to an existing field, keeping the target options and the source values', async () => {
    const target = await readWorkspaceSchema(conn('target'));
    const tweaked = structuredClone(source);
    const species = tweaked.objects.find((o) => o.nameSingular === 'pet')!.fields.find((f) => f.name === 'species')!;
    species.options!.push({ value: 'FERRET', label: 'Ferret', color: 'pink', position: 6 });
    const diff = diffSchemas(tweaked, target);
    expect(diff.map((d) => [d.kind, d.action, d.id])).toEqual([['option-missing', 'add-options', 'option-missing:pet.species']]);
    const before = target.objects.find((o) => o.nameSingular === 'pet')!.fields.find((f) => f.name === 'species')!;
    const result = await applySchema(planSchemaApply(diff, tweaked, target), conn('target'));
    expect(result.counts).toMatchObject({ updated: 1, failed: 0 });
    const after = (await readWorkspaceSchema(conn('target'))).objects.find((o) => o.nameSingular === 'pet')!.fields.find((f) => f.name === 'species')!;
    expect(after.options!.map((o) => o.value)).toEqual([...before.options!.map((o) => o.value), 'FERRET']);
    expect(after.options!.slice(0, -1).map((o) => o.id)).toEqual(before.options!.map((o) => o.id));
    expect(diffSchemas(tweaked, await readWorkspaceSchema(conn('target')))).toEqual([]);
  });

  it('reports a call that fails as a value and goes on', async () => {
    const target = await readWorkspaceSchema(conn('target'));
    const plan = {
      calls: [{ id: 'create:ghost.x', phase: 'fields' as const, intent: 'create' as const, method: 'POST' as const, path: '/fields', body: { objectMetadataId: '@object:ghost', type: 'TEXT', name: 'x', label: 'X' }, object: 'ghost', field: 'x', creates: ['ghost.x'], rows: [], description: 'x' },
        { id: 'create:pet.y', phase: 'fields' as const, intent: 'create' as const, method: 'POST' as const, path: '/fields', body: { objectMetadataId: '@object:pet', type: 'NOT_A_TYPE', name: 'y', label: 'Y' }, object: 'pet', field: 'y', creates: ['pet.y'], rows: [], description: 'y' }],
      unapplied: [],
    };
    const result = await applySchema(plan, conn('target'));
    expect(result.results.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(result.results[0].message).toContain('ghost not found in the target');
    expect(result.results[1].message).toMatch(/400 INVALID_REQUEST: type must be one of/);
    expect(target.objects.length).toBe((await readWorkspaceSchema(conn('target'))).objects.length);
  });
});
