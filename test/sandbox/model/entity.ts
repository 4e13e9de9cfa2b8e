/**
 * Building blocks of the sandbox's metadata entities: a new field with the defaults Twenty 2.21 gives it, and the
 * time of a metadata call.
 */
import { randomUUID } from 'node:crypto';
import type { ModelField, ModelObject, WorkspaceModel } from './types.js';

export const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
export const now = () => new Date().toISOString();

let lastCall = 0;
/**
 * The time of one metadata call, later than the previous call's: everything a call creates shares it (both sides of
 * a relation: the SDK pairs them by it), and a real server takes far longer than a millisecond per call.
 */
export function callTime(): string {
  lastCall = Math.max(Date.now(), lastCall + 1);
  return new Date(lastCall).toISOString();
}

/** A custom field of `object` with Twenty's defaults, overridden by `partial`. */
export function fieldBase(model: WorkspaceModel, object: ModelObject, partial: Partial<ModelField>): ModelField {
  const t = now();
  return {
    id: randomUUID(), universalIdentifier: randomUUID(), applicationId: model.customApplicationId, type: 'TEXT', name: '', label: '',
    description: null, icon: null, isActive: true, isSystem: false, isUIEditable: true, isUIReadOnly: false, isNullable: true,
    isUnique: false, defaultValue: null, options: null, settings: null, workspaceId: object.workspaceId, objectMetadataId: object.id,
    isLabelSyncedWithName: false, createdAt: t, updatedAt: t, ...partial,
  };
}

