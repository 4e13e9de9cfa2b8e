/**
 * Test helper: a WorkspaceSchema from a sandbox model (the sandbox keeps relation targets internally, as
 * `relation: {targetObject, targetField}`; the join column is in `settings.joinColumnName`).
 */
import { instantiateModel, loadBuiltInModel, type BuiltInModel } from '../sandbox/model/model.js';
import type { ModelField, WorkspaceModel } from '../sandbox/model/types.js';
import type { SchemaField, SchemaObject, WorkspaceSchema } from '../../sdk/metadata/types.js';

function toField(f: ModelField, isCustom: boolean): SchemaField {
  const settings = (f.settings ?? null) as Record<string, unknown> | null;
  const relationType = settings?.relationType as 'MANY_TO_ONE' | 'ONE_TO_MANY' | undefined;
  const field: SchemaField = {
    id: f.id, name: f.name, label: f.label, type: f.type, description: f.description ?? null, icon: f.icon ?? null,
    universalIdentifier: f.universalIdentifier, isCustom, isSystem: f.isSystem, isActive: f.isActive,
    isNullable: f.isNullable, isUnique: f.isUnique, defaultValue: f.defaultValue ?? null, options: f.options ?? null, settings,
  };
  if ((f.type === 'RELATION' || f.type === 'MORPH_RELATION') && relationType) {
    field.relation = {
      kind: relationType,
      targetObject: f.relation?.targetObject ?? null,
      inverseField: f.relation?.targetField ?? null,
      ...(relationType === 'MANY_TO_ONE' ? { joinColumn: (settings?.joinColumnName as string) ?? `${f.name}Id` } : {}),
      ...(settings?.onDelete ? { onDelete: settings.onDelete as string } : {}),
      ...(f.morphId ? { morphId: f.morphId } : {}),
      ...(settings?.junctionTargetFieldId ? { junctionTargetFieldId: settings.junctionTargetFieldId as string } : {}),
    };
  }
  return field;
}

export function schemaFromModel(model: WorkspaceModel, serverUrl = 'http://sandbox'): WorkspaceSchema {
  const objects: SchemaObject[] = model.objects.map((o) => {
    const isCustom = o.applicationId === model.customApplicationId;
    return {
      id: o.id, nameSingular: o.nameSingular, namePlural: o.namePlural, labelSingular: o.labelSingular, labelPlural: o.labelPlural,
      description: o.description ?? null, icon: o.icon ?? null, universalIdentifier: o.universalIdentifier, isCustom,
      isSystem: o.isSystem, isActive: o.isActive, isRemote: o.isRemote,
      labelIdentifierField: o.fields.find((f) => f.id === o.labelIdentifierFieldMetadataId)?.name,
      fields: o.fields.map((f) => toField(f, f.applicationId === model.customApplicationId)),
    };
  });
  return { serverUrl, metadataFormat: model.metadataFormat, objects, warnings: [] };
}

/** A built-in model as one workspace would describe it (its own metadata ids). */
export const builtInSchema = (name: BuiltInModel, workspace: string = name) => schemaFromModel(instantiateModel(loadBuiltInModel(name), workspace));
