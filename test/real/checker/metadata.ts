/**
 * Both data models, read straight from each workspace's metadata API. 2.21 answers in two shapes depending
 * on a per-workspace flag (the seeded source: legacy `{data:{objects:[…]}}`; a signed-up target: `{data:[…]}`,
 * twenty-api.md §8), has no `isCustom` (custom items carry another `applicationId` than the standard ones),
 * and its REST metadata does not say where a relation points, so relation targets come from GraphQL `/metadata`.
 */
import type { Instance } from '../env.js';
import { call, getJson, metadataGraphql, type Json } from './http.js';

export interface FieldMeta {
  id: string;
  name: string;
  type: string;
  label: string;
  isCustom: boolean;
  isSystem: boolean;
  isActive: boolean;
  isNullable: boolean;
  isUnique: boolean;
  defaultValue: unknown;
  options: Array<{ value: string; label?: string }>;
  settings: Json;
  morphId: string | null;
  /** RELATION / MORPH_RELATION only */
  relationType?: 'MANY_TO_ONE' | 'ONE_TO_MANY';
  /** the many-to-one side's column, e.g. `companyId` */
  joinColumn?: string;
  /** nameSingular of the object the relation points at (from GraphQL) */
  target?: string;
}

export interface ObjectMeta {
  id: string;
  nameSingular: string;
  namePlural: string;
  isCustom: boolean;
  isSystem: boolean;
  isActive: boolean;
  isRemote: boolean;
  /** name of the label identifier field (e.g. `name`), to recognise a duplicated record */
  labelField: string | null;
  fields: FieldMeta[];
}

export interface DataModel {
  objects: ObjectMeta[];
  bySingular: Map<string, ObjectMeta>;
  byPlural: Map<string, ObjectMeta>;
}

/**
 * 1.x (seen on 1.2.0) reads a REST metadata query string as part of the path ("Metadata path \"objects?limit=200\"
 * does not exist") and lists objects without fields; its GraphQL `/metadata` has the whole tree, with `isCustom`.
 */
const TREE_QUERY = `query RealSuiteTree {
  objects(paging: { first: 1000 }) { edges { node { id nameSingular namePlural isCustom isSystem isActive isRemote labelIdentifierFieldMetadataId
    fields(paging: { first: 1000 }) { edges { node { id name label type isCustom isSystem isActive isNullable isUnique defaultValue options settings } } }
  } } }
}`;

async function readTree(inst: Instance): Promise<Json[]> {
  const data = await metadataGraphql(inst, TREE_QUERY);
  return data.objects.edges.map(({ node }: Json) => ({ ...node, fields: node.fields.edges.map((e: Json) => e.node) }));
}

/** Every object with its fields, whatever shape the server answers in, across metadata pages. */
async function readObjects(inst: Instance): Promise<Json[]> {
  const probe = await call(inst, '/rest/metadata/objects?limit=1', { accept: [400] });
  if (probe.status === 400) return readTree(inst);
  const out: Json[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const json: Json = await getJson(inst, `/rest/metadata/objects?limit=200${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ''}`);
    const rows: Json[] = Array.isArray(json?.data) ? json.data : (json?.data?.objects ?? []);
    out.push(...rows);
    if (!json?.pageInfo?.hasNextPage || !rows.length) break;
    cursor = json.pageInfo.endCursor;
  }
  return out;
}

const RELATION_QUERY = `query RealSuiteRelations {
  objects(paging: { first: 1000 }) { edges { node { nameSingular
    fields(paging: { first: 1000 }) { edges { node { name type
      relation { type targetObjectMetadata { nameSingular } }
      morphRelations { type targetObjectMetadata { nameSingular } }
    } } }
  } } }
}`;

/**
 * object.field → the nameSingulars the relation points at (from GraphQL: 2.21's REST metadata does not say).
 * A MORPH_RELATION field lists every target of its group; the field's own one is picked by name below.
 */
async function relationTargets(inst: Instance): Promise<Map<string, string[]>> {
  const data = await metadataGraphql(inst, RELATION_QUERY);
  const out = new Map<string, string[]>();
  for (const { node: o } of data.objects.edges) {
    for (const { node: f } of o.fields.edges) {
      const list: string[] = [];
      if (f.relation?.targetObjectMetadata?.nameSingular) list.push(f.relation.targetObjectMetadata.nameSingular);
      for (const m of f.morphRelations ?? []) if (m?.targetObjectMetadata?.nameSingular) list.push(m.targetObjectMetadata.nameSingular);
      if (list.length) out.set(`${o.nameSingular}.${f.name}`, list);
    }
  }
  return out;
}

/** `targetPetCareAgreement` → petCareAgreement (the longest target name that ends the field name). */
function ownMorphTarget(raw: Json[], fieldName: string, manyToOne: boolean, candidates: string[]): string | undefined {
  const name = fieldName.toLowerCase();
  const hits = raw
    .filter((o) => !candidates.length || candidates.includes(o.nameSingular))
    .filter((o) => name.endsWith(String(manyToOne ? o.nameSingular : o.namePlural).toLowerCase()))
    .sort((a, b) => String(b.nameSingular).length - String(a.nameSingular).length);
  return hits[0]?.nameSingular ?? candidates[0];
}

export async function readDataModel(inst: Instance): Promise<DataModel> {
  const raw = await readObjects(inst);
  const targets = await relationTargets(inst);
  // standard items share the application of the standard `company` object (2.21 has no isCustom, §8)
  const standardApp = raw.find((o) => o.nameSingular === 'company')?.applicationId;
  const custom = (x: Json) => (typeof x.isCustom === 'boolean' ? x.isCustom : x.applicationId !== standardApp);
  const objects: ObjectMeta[] = raw.map((o) => {
    const fields: FieldMeta[] = (o.fields ?? []).map((f: Json): FieldMeta => {
      const isRel = f.type === 'RELATION' || f.type === 'MORPH_RELATION';
      const listed = targets.get(`${o.nameSingular}.${f.name}`) ?? [];
      const target = f.type === 'MORPH_RELATION' ? ownMorphTarget(raw, f.name, f.settings?.relationType !== 'ONE_TO_MANY', listed) : listed[0];
      return {
        id: f.id,
        name: f.name,
        type: f.type,
        label: f.label,
        isCustom: custom(f),
        isSystem: !!f.isSystem,
        isActive: f.isActive !== false,
        isNullable: f.isNullable !== false,
        isUnique: !!f.isUnique,
        defaultValue: f.defaultValue,
        options: Array.isArray(f.options) ? f.options : [],
        settings: f.settings ?? null,
        morphId: f.morphId ?? null,
        ...(isRel ? { relationType: f.settings?.relationType, joinColumn: f.settings?.joinColumnName, target } : {}),
      };
    });
    return {
      id: o.id,
      nameSingular: o.nameSingular,
      namePlural: o.namePlural,
      isCustom: custom(o),
      isSystem: !!o.isSystem,
      isActive: o.isActive !== false,
      isRemote: !!o.isRemote,
      labelField: fields.find((f) => f.id === o.labelIdentifierFieldMetadataId)?.name ?? null,
      fields,
    };
  });
  return {
    objects,
    bySingular: new Map(objects.map((o) => [o.nameSingular, o])),
    byPlural: new Map(objects.map((o) => [o.namePlural, o])),
  };
}

export interface ModelProblem {
  kind: 'object-missing' | 'object-inactive' | 'field-missing' | 'field-inactive' | 'type-differs' | 'relation-target-differs' | 'option-missing';
  object: string;
  field?: string;
  source?: unknown;
  target?: unknown;
}

/**
 * Every custom object and custom field of the source must exist, active, in the target with the same type,
 * the same relation target and (for selects) every option value. Standard items are the target's own.
 */
export function compareDataModels(source: DataModel, target: DataModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  for (const so of source.objects) {
    if (!so.isActive || so.isRemote) continue;
    const to = target.bySingular.get(so.nameSingular);
    if (so.isCustom) {
      if (!to) {
        problems.push({ kind: 'object-missing', object: so.nameSingular });
        continue;
      }
      if (!to.isActive) problems.push({ kind: 'object-inactive', object: so.nameSingular });
    }
    if (!to) continue;
    for (const sf of so.fields) {
      if (!sf.isActive || !sf.isCustom) continue;
      const tf = to.fields.find((f) => f.name === sf.name);
      if (!tf) {
        problems.push({ kind: 'field-missing', object: so.nameSingular, field: sf.name, source: sf.type });
        continue;
      }
      if (!tf.isActive) problems.push({ kind: 'field-inactive', object: so.nameSingular, field: sf.name });
      if (tf.type !== sf.type) problems.push({ kind: 'type-differs', object: so.nameSingular, field: sf.name, source: sf.type, target: tf.type });
      if (sf.target && tf.target !== sf.target) {
        problems.push({ kind: 'relation-target-differs', object: so.nameSingular, field: sf.name, source: sf.target, target: tf.target });
      }
      if (sf.type === 'SELECT' || sf.type === 'MULTI_SELECT') {
        const have = new Set(tf.options.map((o) => o.value));
        for (const opt of sf.options) {
          if (!have.has(opt.value)) problems.push({ kind: 'option-missing', object: so.nameSingular, field: sf.name, source: opt.value });
        }
      }
    }
  }
  return problems;
}

/**
 * The target's column for a source many-to-one column: the same name, or, where a later version renamed the link
 * (1.x noteTarget/taskTarget/attachment/timelineActivity `person` → 2.x morph `targetPerson`), the target's
 * field named `target<Name>` pointing at the same object. Null when the target has neither.
 */
export function targetJoinColumn(target: ObjectMeta | undefined, f: FieldMeta): string | null {
  if (!target || !f.joinColumn) return null;
  if (target.fields.some((t) => t.joinColumn === f.joinColumn)) return f.joinColumn;
  const renamed = `target${f.name.charAt(0).toUpperCase()}${f.name.slice(1)}`;
  const t = target.fields.find((x) => x.name === renamed && x.relationType === 'MANY_TO_ONE' && (!f.target || !x.target || x.target === f.target));
  return t?.joinColumn ?? null;
}
