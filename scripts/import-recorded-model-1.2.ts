/**
 * Builds the sandbox's Twenty 1.2 model, test/sandbox/models/seeded-1.2.json, from what a real 1.2.0 server answered
 * (test/fixtures/real-1.2/connect-and-schema.json, recorded by scripts/real/record-1.2.ts):
 * - the GraphQL `/metadata` tree (`TwentyMigrateSchemaTree`): every object with its fields, relation targets included;
 * - `GET /rest/metadata/objects`: what the tree was not asked for (dataSourceId, createdAt, updatedAt,
 *   imageIdentifierFieldMetadataId).
 * Field `updatedAt` is in neither; it is set to the field's `createdAt`, as every field of the recorded
 * `/rest/metadata/fields` sample has it. Run: `npx tsx scripts/import-recorded-model-1.2.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelField, ModelObject, WorkspaceModel } from '../test/sandbox/model/types.js';

const fixture = resolve(import.meta.dirname, '../test/fixtures/real-1.2/connect-and-schema.json');
const out = resolve(import.meta.dirname, '../test/sandbox/models/seeded-1.2.json');

/**
 * 1.2 has no applications. The sandbox tells custom from standard by applicationId (seed/plan.ts), so the model
 * carries two made-up ones; the 1.2 flavour never answers them.
 */
const STANDARD_APP = '00000000-0000-4000-8000-0000000012a0';
const CUSTOM_APP = '00000000-0000-4000-8000-0000000012c0';

/**
 * The links 2.21 made morph relations (`personId` → `targetPersonId`): in 1.2 plain relations of which a row fills
 * one. The other many-to-one of each object (its note, task, author, member) stays apart.
 */
const LINK_OWNERS: Record<string, string[]> = {
  noteTarget: ['note'],
  taskTarget: ['task'],
  attachment: ['author'],
  timelineActivity: ['workspaceMember'],
};

type Raw = Record<string, any>;
interface Exchange { method: string; path: string; body?: { query?: string }; response: Raw }

const { exchanges } = JSON.parse(readFileSync(fixture, 'utf8')) as { exchanges: Exchange[] };
const tree = exchanges.find((e) => e.method === 'POST' && e.body?.query?.includes('TwentyMigrateSchemaTree'))!.response.data.objects.edges.map((e: Raw) => e.node);
const listed = new Map<string, Raw>(
  exchanges.find((e) => e.method === 'GET' && e.path === '/rest/metadata/objects')!.response.data.objects.map((o: Raw) => [o.id, o]),
);

function field(raw: Raw, objectId: string, objectName: string): ModelField {
  const { relation, ...rest } = raw;
  const f: ModelField = {
    ...rest,
    updatedAt: raw.createdAt,
    objectMetadataId: objectId,
    applicationId: raw.isCustom ? CUSTOM_APP : STANDARD_APP,
  } as ModelField;
  if (relation) f.relation = { targetObject: relation.targetObjectMetadata.nameSingular, targetField: relation.targetFieldMetadata.name };
  const manyToOne = raw.settings?.relationType === 'MANY_TO_ONE';
  if (manyToOne && LINK_OWNERS[objectName] && !LINK_OWNERS[objectName].includes(raw.name)) f.linkGroup = `${objectName}.target`;
  return f;
}

const objects: ModelObject[] = tree.map((node: Raw) => {
  const { fields, ...object } = node;
  const rest = listed.get(node.id);
  if (!rest) throw new Error(`${node.nameSingular} is in the tree but not in the REST listing`);
  return {
    ...object,
    dataSourceId: rest.dataSourceId,
    createdAt: rest.createdAt,
    updatedAt: rest.updatedAt,
    imageIdentifierFieldMetadataId: rest.imageIdentifierFieldMetadataId,
    applicationId: node.isCustom ? CUSTOM_APP : STANDARD_APP,
    fields: fields.edges.map((e: Raw) => field(e.node, node.id, node.nameSingular)),
  } as ModelObject;
});

for (const o of objects) {
  for (const f of o.fields.filter((x) => x.relation)) {
    const target = objects.find((t) => t.nameSingular === f.relation!.targetObject);
    if (!target?.fields.some((g) => g.name === f.relation!.targetField)) throw new Error(`${o.nameSingular}.${f.name}: no inverse ${f.relation!.targetObject}.${f.relation!.targetField}`);
  }
}

const model: WorkspaceModel = { metadataFormat: 'legacy', standardApplicationId: STANDARD_APP, customApplicationId: CUSTOM_APP, objects };
writeFileSync(out, JSON.stringify(model));
console.log(`wrote ${out}: ${objects.length} objects, ${objects.reduce((n, o) => n + o.fields.length, 0)} fields`);
