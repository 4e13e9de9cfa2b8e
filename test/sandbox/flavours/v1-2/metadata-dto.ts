/**
 * Objects and fields of a workspace model as Twenty 1.2's metadata DTOs show them (ObjectMetadataDTO,
 * FieldMetadataDTO): `isCustom` instead of 2.21's `universalIdentifier`/`applicationId`, no `objectMetadataId`
 * (a field's object is the `object` relation), relations described by the Relation DTO. Properties the recordings
 * never showed (`shortcut`, `isSearchable`, `isLabelSyncedWithName`, `standardOverrides`, `duplicateCriteria`) are
 * answered with the values a seeded 1.2 workspace holds for most objects; they are answered only when asked for.
 */
import { relationTypeOf } from '../../model/model.js';
import type { ModelField, ModelObject, WorkspaceModel } from '../../model/types.js';
import type { SandboxWorkspace } from '../../workspace.js';

/** A field with the object it belongs to (GraphQL resolves `object` and `relation` from both). */
export interface FieldRef {
  object: ModelObject;
  field: ModelField;
}

const customObject = (model: WorkspaceModel, o: ModelObject) => o.isCustom ?? o.applicationId === model.customApplicationId;
const customField = (model: WorkspaceModel, f: ModelField) => f.isCustom ?? f.applicationId === model.customApplicationId;

export function objectDto(ws: SandboxWorkspace, o: ModelObject): Record<string, unknown> {
  return {
    id: o.id,
    dataSourceId: o.dataSourceId ?? null,
    nameSingular: o.nameSingular,
    namePlural: o.namePlural,
    labelSingular: o.labelSingular,
    labelPlural: o.labelPlural,
    description: o.description ?? null,
    icon: o.icon ?? null,
    standardOverrides: null,
    shortcut: o.shortcut ?? null,
    isCustom: customObject(ws.model, o),
    isRemote: o.isRemote,
    isActive: o.isActive,
    isSystem: o.isSystem,
    isSearchable: o.isSearchable ?? false,
    createdAt: o.createdAt ?? null,
    updatedAt: o.updatedAt ?? null,
    labelIdentifierFieldMetadataId: o.labelIdentifierFieldMetadataId ?? null,
    imageIdentifierFieldMetadataId: o.imageIdentifierFieldMetadataId ?? null,
    isLabelSyncedWithName: o.isLabelSyncedWithName ?? false,
    duplicateCriteria: null,
  };
}

export function fieldDto(ws: SandboxWorkspace, { field: f }: FieldRef): Record<string, unknown> {
  return {
    id: f.id,
    type: f.type,
    name: f.name,
    label: f.label,
    description: f.description ?? null,
    icon: f.icon ?? null,
    standardOverrides: null,
    isCustom: customField(ws.model, f),
    isActive: f.isActive,
    isSystem: f.isSystem,
    isNullable: f.isNullable,
    isUnique: f.isUnique,
    defaultValue: f.defaultValue ?? null,
    options: f.options ?? null,
    settings: f.settings ?? null,
    isLabelSyncedWithName: f.isLabelSyncedWithName ?? false,
    createdAt: f.createdAt ?? null,
    updatedAt: f.updatedAt ?? f.createdAt ?? null,
  };
}

export interface RelationValue {
  type: string;
  sourceObjectMetadata: ModelObject;
  targetObjectMetadata: ModelObject;
  sourceFieldMetadata: FieldRef;
  targetFieldMetadata: FieldRef;
}

/** The Relation DTO of a RELATION field (null for any other field, and for a relation whose target is gone). */
export function relationOf(ws: SandboxWorkspace, { object, field }: FieldRef): RelationValue | null {
  if (field.type !== 'RELATION' || !field.relation) return null;
  const target = ws.index.bySingular.get(field.relation.targetObject);
  const inverse = target?.fields.find((g) => g.name === field.relation!.targetField);
  if (!target || !inverse) return null;
  return {
    type: relationTypeOf(field) ?? 'MANY_TO_ONE',
    sourceObjectMetadata: object,
    targetObjectMetadata: target,
    sourceFieldMetadata: { object, field },
    targetFieldMetadata: { object: target, field: inverse },
  };
}
