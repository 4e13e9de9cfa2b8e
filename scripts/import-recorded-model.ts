/**
 * Builds the sandbox's built-in workspace models from the recorded answers of a real Twenty 2.21 server:
 *   ../shared/twenty-2.21/openapi/target-objects.json  → test/sandbox/models/fresh.json  (a freshly signed-up workspace)
 *   ../shared/twenty-2.21/openapi/source-objects.json  → test/sandbox/models/seeded.json (the seeded workspace with custom objects)
 *
 * Twenty's REST metadata does not say where a relation points, so each relation's target object is read from the
 * workspace's own core OpenAPI document (`XForResponse` properties reference the target schema) and its inverse field
 * is the one relation field on the target that points back. Run: `npx tsx scripts/import-recorded-model.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelField, ModelObject, WorkspaceModel } from '../test/sandbox/model/types.js';

const shared = resolve(import.meta.dirname, '../../shared/twenty-2.21/openapi');
const out = resolve(import.meta.dirname, '../test/sandbox/models');

const schemaName = (nameSingular: string) => nameSingular[0].toUpperCase() + nameSingular.slice(1);
const isRelation = (f: ModelField) => f.type === 'RELATION' || f.type === 'MORPH_RELATION';
const relationType = (f: ModelField) => (f.settings as { relationType?: string } | null)?.relationType;

function build(side: 'source' | 'target'): WorkspaceModel {
  const answer = JSON.parse(readFileSync(`${shared}/${side}-objects.json`, 'utf8'));
  const core = JSON.parse(readFileSync(`${shared}/${side}-core.json`, 'utf8'));
  const legacy = !Array.isArray(answer.data);
  const objects: ModelObject[] = legacy ? answer.data.objects : answer.data;
  const schemas = core.components.schemas as Record<string, { properties: Record<string, any> }>;
  const bySchema = new Map(objects.map((o) => [schemaName(o.nameSingular), o]));

  const targetOf = (o: ModelObject, f: ModelField): ModelObject | undefined => {
    const p = schemas[`${schemaName(o.nameSingular)}ForResponse`]?.properties?.[f.name];
    const ref: string | undefined = p?.items?.$ref ?? p?.oneOf?.[0]?.$ref;
    return ref ? bySchema.get(ref.split('/').pop()!.replace(/ForResponse$/, '')) : undefined;
  };

  for (const o of objects) {
    for (const f of o.fields.filter(isRelation)) {
      const target = targetOf(o, f);
      if (!target) throw new Error(`${side}: no target for ${o.nameSingular}.${f.name}`);
      const wanted = relationType(f) === 'MANY_TO_ONE' ? 'ONE_TO_MANY' : 'MANY_TO_ONE';
      const inverses = target.fields.filter(
        (g) => isRelation(g) && relationType(g) === wanted && targetOf(target, g)?.nameSingular === o.nameSingular,
      );
      if (inverses.length !== 1) {
        throw new Error(`${side}: ${inverses.length} inverse candidates for ${o.nameSingular}.${f.name}`);
      }
      f.relation = { targetObject: target.nameSingular, targetField: inverses[0].name };
    }
  }

  const standardApplicationId = objects.find((o) => o.nameSingular === 'company')!.applicationId!;
  const custom = objects.flatMap((o) => [o, ...o.fields]).find((x) => x.applicationId !== standardApplicationId);
  return {
    metadataFormat: legacy ? 'legacy' : 'new',
    standardApplicationId,
    customApplicationId: custom?.applicationId ?? '00000000-0000-4000-8000-00000000c057',
    objects,
  };
}

writeFileSync(`${out}/fresh.json`, JSON.stringify(build('target')));
writeFileSync(`${out}/seeded.json`, JSON.stringify(build('source')));
console.log('wrote test/sandbox/models/fresh.json and seeded.json');
