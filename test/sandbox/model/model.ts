/**
 * Loading and looking up the sandbox's workspace models.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelField, ModelObject, WorkspaceModel } from './types.js';

export type BuiltInModel = 'fresh' | 'seeded' | 'seeded-1.2';

const modelsDir = resolve(import.meta.dirname, '../models');
const cache = new Map<string, string>();

/**
 * A deep copy of a built-in model: a freshly signed-up 2.21 workspace, the seeded one with custom objects, or a seeded
 * Twenty 1.2.0 workspace (for the 1.2 flavour, ../flavours/v1-2/).
 */
export function loadBuiltInModel(name: BuiltInModel): WorkspaceModel {
  if (!cache.has(name)) cache.set(name, readFileSync(resolve(modelsDir, `${name}.json`), 'utf8'));
  return JSON.parse(cache.get(name)!) as WorkspaceModel;
}

/** A deterministic uuid (v4 layout) derived from some text: stable ids without a random source. */
export function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Gives a model the metadata ids of a distinct workspace. Real workspaces never share object or field ids
 * (only standard `universalIdentifier`s are shared), so two sandbox workspaces built from the same model must not
 * either: an SDK that maps by id instead of by name would otherwise pass by accident.
 */
export function instantiateModel(model: WorkspaceModel, workspaceKey: string): WorkspaceModel {
  const ids = new Map<string, string>();
  const remap = (id: string | null | undefined) => {
    if (!id) return id;
    if (!ids.has(id)) ids.set(id, uuidFrom(`${workspaceKey}:${id}`));
    return ids.get(id)!;
  };
  const workspaceId = uuidFrom(`${workspaceKey}:workspace`);
  const standardApplicationId = remap(model.standardApplicationId)!;
  const customApplicationId = remap(model.customApplicationId)!;
  for (const o of model.objects) {
    o.id = remap(o.id)!;
    o.workspaceId = workspaceId;
    o.applicationId = remap(o.applicationId) ?? undefined;
    o.labelIdentifierFieldMetadataId = remap(o.labelIdentifierFieldMetadataId) ?? null;
    if (o.dataSourceId) o.dataSourceId = remap(o.dataSourceId)!;
    if (o.imageIdentifierFieldMetadataId !== undefined) o.imageIdentifierFieldMetadataId = remap(o.imageIdentifierFieldMetadataId) ?? null;
    for (const f of o.fields) {
      f.id = remap(f.id)!;
      f.objectMetadataId = o.id;
      f.workspaceId = workspaceId;
      f.applicationId = remap(f.applicationId) ?? undefined;
      const s = f.settings as { junctionTargetFieldId?: string } | null | undefined;
      if (s?.junctionTargetFieldId) s.junctionTargetFieldId = remap(s.junctionTargetFieldId)!;
      for (const opt of f.options ?? []) if (opt.id) opt.id = remap(opt.id)!;
    }
  }
  return { ...model, standardApplicationId, customApplicationId };
}

export const isRelationField = (f: ModelField) => f.type === 'RELATION' || f.type === 'MORPH_RELATION';
export const relationTypeOf = (f: ModelField) =>
  (f.settings as { relationType?: 'MANY_TO_ONE' | 'ONE_TO_MANY' } | null | undefined)?.relationType;
export const isManyToOne = (f: ModelField) => isRelationField(f) && relationTypeOf(f) === 'MANY_TO_ONE';
export const isOneToMany = (f: ModelField) => isRelationField(f) && relationTypeOf(f) === 'ONE_TO_MANY';
export const joinColumnOf = (f: ModelField) =>
  (f.settings as { joinColumnName?: string } | null | undefined)?.joinColumnName ?? `${f.name}Id`;

/** Lookups over a model, rebuilt whenever the model changes. */
export class ModelIndex {
  readonly byPlural = new Map<string, ModelObject>();
  readonly bySingular = new Map<string, ModelObject>();
  readonly byId = new Map<string, ModelObject>();

  constructor(readonly model: WorkspaceModel) {
    for (const o of model.objects) {
      this.byPlural.set(o.namePlural, o);
      this.bySingular.set(o.nameSingular, o);
      this.byId.set(o.id, o);
    }
  }

  /** Active objects that have a REST route (Twenty serves every active object, system ones included). */
  routable(plural: string): ModelObject | undefined {
    const o = this.byPlural.get(plural);
    return o && o.isActive ? o : undefined;
  }

  fieldsOf(o: ModelObject): ModelField[] {
    return o.fields.filter((f) => f.isActive);
  }

  /** Many-to-one relation fields, each with the name of its join column. */
  joinColumns(o: ModelObject): Array<{ field: ModelField; column: string }> {
    return this.fieldsOf(o)
      .filter(isManyToOne)
      .map((field) => ({ field, column: joinColumnOf(field) }));
  }
}
