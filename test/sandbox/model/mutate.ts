/**
 * Changes to a workspace's data model through the metadata API, as Twenty 2.21 makes them: a custom object comes
 * with 13 fields and with its inverse relations on timeline activities, attachments and note/task targets; a
 * relation field is created with its inverse (create-field.ts, refusals in field-rules.ts); deleting an object or a
 * field removes the inverse side too.
 */
import { randomUUID } from 'node:crypto';
import { codedError, metadataValidationError, nestError } from '../http-error.js';
import { callTime, capitalize, fieldBase, now } from './entity.js';
import { isRelationField, loadBuiltInModel } from './model.js';
import type { ModelField, ModelObject, WorkspaceModel } from './types.js';

export { createField, FIELD_TYPES, type CreateFieldInput } from './create-field.js';

/** Objects that get a morph many-to-one towards every new custom object, and the inverse one-to-many's label. */
const MORPH_HOSTS: Array<{ host: string; inverse: string; label: string; icon: string }> = [
  { host: 'timelineActivity', inverse: 'timelineActivities', label: 'Timeline Activities', icon: 'IconTimelineEvent' },
  { host: 'attachment', inverse: 'attachments', label: 'Attachments', icon: 'IconFileImport' },
  { host: 'noteTarget', inverse: 'noteTargets', label: 'Notes', icon: 'IconNotes' },
  { host: 'taskTarget', inverse: 'taskTargets', label: 'Tasks', icon: 'IconCheckbox' },
];
const BASE_FIELDS = ['name', 'id', 'createdAt', 'createdBy', 'deletedAt', 'position', 'updatedAt', 'updatedBy', 'searchVector'];

export interface CreateObjectInput {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description?: string;
  icon?: string;
  isLabelSyncedWithName?: boolean;
}

/**
 * A taken object name (metadata-create-object-name-taken). The real server also reports the failures that follow from
 * it (the 13 default fields, views, view fields, indexes and search field it could not build: 34 more entries); the
 * sandbox reports the cause only, with a summary of what it reports.
 */
function nameTakenError(input: CreateObjectInput) {
  const error = metadataValidationError('Multiple validation errors occurred while creating object', {
    objectMetadata: [{
      status: 'fail',
      errors: [{ code: 'OBJECT_ALREADY_EXISTS', message: 'Object already exists', userFriendlyMessage: 'Object already exists' }],
      flatEntityMinimalInformation: { universalIdentifier: randomUUID(), namePlural: input.namePlural, nameSingular: input.nameSingular },
      metadataName: 'objectMetadata',
      type: 'create',
    }],
  });
  Object.assign(error.body, { summary: { totalErrors: 1, objectMetadata: 1 }, userFriendlyMessage: 'Many validation errors' });
  return error;
}

export function createObject(model: WorkspaceModel, input: CreateObjectInput): ModelObject {
  const missing = ['nameSingular', 'namePlural', 'labelSingular', 'labelPlural'].filter((k) => typeof (input as any)[k] !== 'string');
  if (missing.length) throw nestError(400, 'Bad Request', missing.map((k) => `${k} must be a string`));
  if (model.objects.some((o) => [o.nameSingular, o.namePlural].some((n) => n === input.nameSingular || n === input.namePlural))) {
    throw nameTakenError(input);
  }
  const t = callTime();
  const object: ModelObject = {
    id: randomUUID(), universalIdentifier: randomUUID(), applicationId: model.customApplicationId,
    nameSingular: input.nameSingular, namePlural: input.namePlural, labelSingular: input.labelSingular, labelPlural: input.labelPlural,
    description: input.description ?? null, icon: input.icon ?? null, isRemote: false, isActive: true, isSystem: false,
    isUIEditable: true, isUICreatable: true, isUIReadOnly: false, isSearchable: true,
    isLabelSyncedWithName: input.isLabelSyncedWithName ?? false, workspaceId: model.objects[0]?.workspaceId,
    labelIdentifierFieldMetadataId: null, imageIdentifierFieldMetadataId: null, createdAt: t, updatedAt: t, fields: [],
  };
  // The base fields are those of any custom object of 2.21 (the seeded workspace's `pet` is one).
  const template = loadBuiltInModel('seeded').objects.find((o) => o.nameSingular === 'pet')!;
  for (const name of BASE_FIELDS) {
    // Only the field's definition comes from the template: ids, owners and dates are the new object's.
    const { id: _id, universalIdentifier: _u, applicationId: _a, workspaceId: _w, objectMetadataId: _o, createdAt: _c, updatedAt: _up, relation: _r, ...definition } =
      template.fields.find((x) => x.name === name)!;
    object.fields.push(fieldBase(model, object, { ...definition, createdAt: t, updatedAt: t }));
  }
  object.labelIdentifierFieldMetadataId = object.fields[0].id;
  model.objects.push(object);
  for (const m of MORPH_HOSTS) {
    const host = model.objects.find((o) => o.nameSingular === m.host);
    if (!host) continue;
    const sibling = host.fields.find((f) => f.type === 'MORPH_RELATION' && f.morphId);
    const hostField = fieldBase(model, host, {
      type: sibling ? 'MORPH_RELATION' : 'RELATION', name: `target${capitalize(input.nameSingular)}`, label: input.labelSingular,
      description: `${capitalize(m.inverse)} ${input.labelSingular}`, icon: m.icon, morphId: sibling?.morphId ?? null,
      settings: { onDelete: 'SET_NULL', relationType: 'MANY_TO_ONE', joinColumnName: `target${capitalize(input.nameSingular)}Id` },
      relation: { targetObject: input.nameSingular, targetField: m.inverse }, createdAt: t, updatedAt: t,
    });
    host.fields.push(hostField);
    object.fields.push(fieldBase(model, object, {
      type: 'RELATION', name: m.inverse, label: m.label, icon: m.icon,
      description: `${input.labelPlural} tied to the ${host.labelSingular}`, settings: { relationType: 'ONE_TO_MANY' },
      relation: { targetObject: m.host, targetField: hostField.name }, createdAt: t, updatedAt: t,
    }));
  }
  return object;
}

export function findObject(model: WorkspaceModel, id: string): ModelObject {
  const o = model.objects.find((x) => x.id === id);
  if (!o) throw codedError(404, 'OBJECT_METADATA_NOT_FOUND', 'Object metadata not found');
  return o;
}

export function findField(model: WorkspaceModel, id: string): { object: ModelObject; field: ModelField } {
  for (const object of model.objects) {
    const field = object.fields.find((f) => f.id === id);
    if (field) return { object, field };
  }
  throw codedError(404, 'FIELD_METADATA_NOT_FOUND', 'Field metadata not found');
}

/** Deletes a custom object with its fields and every field elsewhere that points at it. */
export function deleteObject(model: WorkspaceModel, id: string): ModelObject {
  const object = findObject(model, id);
  if (object.applicationId === model.standardApplicationId) {
    throw codedError(400, 'OBJECT_MUTATION_NOT_ALLOWED', 'Standard objects cannot be deleted');
  }
  model.objects = model.objects.filter((o) => o !== object);
  for (const o of model.objects) o.fields = o.fields.filter((f) => f.relation?.targetObject !== object.nameSingular);
  return object;
}

const UPDATABLE = ['label', 'description', 'icon', 'isActive', 'isNullable', 'defaultValue', 'options', 'settings', 'isUnique', 'isLabelSyncedWithName'];

export function updateField(model: WorkspaceModel, id: string, patch: Record<string, unknown>): ModelField {
  const { field } = findField(model, id);
  for (const k of UPDATABLE) if (k in patch) (field as any)[k] = patch[k];
  if (Array.isArray(field.options)) field.options = field.options.map((o, i) => ({ ...o, id: o.id ?? randomUUID(), position: o.position ?? i }));
  field.updatedAt = now();
  return field;
}

export function updateObject(model: WorkspaceModel, id: string, patch: Record<string, unknown>): ModelObject {
  const object = findObject(model, id);
  for (const k of ['labelSingular', 'labelPlural', 'description', 'icon', 'isActive', 'labelIdentifierFieldMetadataId']) {
    if (k in patch) (object as any)[k] = patch[k];
  }
  object.updatedAt = now();
  return object;
}

/** Deletes a field; a relation takes its inverse with it. */
export function deleteField(model: WorkspaceModel, id: string): ModelField {
  const { object, field } = findField(model, id);
  if (field.applicationId === model.standardApplicationId && field.isSystem) {
    throw codedError(400, 'FIELD_MUTATION_NOT_ALLOWED', 'System fields cannot be deleted');
  }
  object.fields = object.fields.filter((f) => f !== field);
  if (isRelationField(field) && field.relation) {
    const target = model.objects.find((o) => o.nameSingular === field.relation!.targetObject);
    if (target) target.fields = target.fields.filter((f) => f.name !== field.relation!.targetField);
  }
  return field;
}

/**
 * How the REST metadata API prints an entity. Listed (lists, find-one, fields inside an object) it leaves out every
 * property whose value is null. As the answer of a create, update or delete it prints the flat entity the server
 * built, where the builders set a few properties to an explicit null (so they show) and leave the rest undefined
 * (metadata-create-field-text shows `defaultValue: null, options: null` but no `settings`; metadata-create-custom-object
 * shows `imageIdentifierFieldMetadataId: null`).
 */
export type PrintShape = 'listed' | 'entity';
const ENTITY_NULLS = { field: new Set(['defaultValue', 'options']), object: new Set(['imageIdentifierFieldMetadataId']) };

function dropNulls<T extends object>(entity: T, kept: Set<string>): T {
  return Object.fromEntries(Object.entries(entity).filter(([k, v]) => (v !== null && v !== undefined) || kept.has(k))) as T;
}

/** The metadata API never shows where a relation points (REST 2.21): drop the internal property. */
export function publicField(field: ModelField, shape: PrintShape = 'listed'): Omit<ModelField, 'relation'> {
  const { relation: _relation, ...rest } = field;
  const out = dropNulls(rest, shape === 'entity' ? ENTITY_NULLS.field : new Set());
  if (shape === 'entity') for (const k of ENTITY_NULLS.field) if (!(k in out)) (out as Record<string, unknown>)[k] = null;
  return out;
}

export function publicObject(object: ModelObject, withFields = true, shape: PrintShape = 'listed') {
  const { fields, ...rest } = object;
  const out = dropNulls(rest, shape === 'entity' ? ENTITY_NULLS.object : new Set());
  if (shape === 'entity') for (const k of ENTITY_NULLS.object) if (!(k in out)) (out as Record<string, unknown>)[k] = null;
  return withFields ? { ...out, fields: fields.map((f) => publicField(f)) } : out;
}
