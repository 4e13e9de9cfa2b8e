/**
 * What Twenty creates by itself, so the diff does not ask to create it again (twenty-2.21/README.md, "Creating"):
 * a custom object comes with 13 fields (name, id, createdAt, createdBy, deletedAt, position, updatedAt, updatedBy,
 * searchVector and the one-to-many `timelineActivities`, `attachments`, `noteTargets`, `taskTargets`), and each
 * of those four has its many-to-one `target<Object>` on timelineActivity, attachment, noteTarget and taskTarget.
 */
import type { SchemaField, SchemaObject } from './types.js';

export const OBJECT_BASE_FIELDS: ReadonlySet<string> = new Set([
  'name', 'id', 'createdAt', 'createdBy', 'deletedAt', 'position', 'updatedAt', 'updatedBy', 'searchVector',
]);

/** Host object → the one-to-many field every custom object gets towards it. */
export const MORPH_HOSTS: Readonly<Record<string, string>> = {
  timelineActivity: 'timelineActivities',
  attachment: 'attachments',
  noteTarget: 'noteTargets',
  taskTarget: 'taskTargets',
};

const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/**
 * True when Twenty creates `object.field` together with a custom object: the base fields and host relations of a
 * custom object, and `target<Custom>` on the host objects. Works without relation targets (names suffice).
 *
 * @example
 * isAutoCreatedField(schema, pet, pet.fields.find((f) => f.name === 'attachments')!); // true
 */
export function isAutoCreatedField(objects: SchemaObject[], object: SchemaObject, field: SchemaField): boolean {
  if (object.isCustom) {
    if (OBJECT_BASE_FIELDS.has(field.name)) return true;
    const host = Object.entries(MORPH_HOSTS).find(([, inverse]) => inverse === field.name)?.[0];
    if (host && field.relation?.kind !== 'MANY_TO_ONE' && (!field.relation?.targetObject || field.relation.targetObject === host)) return true;
  }
  if (object.nameSingular in MORPH_HOSTS && field.name.startsWith('target')) {
    const custom = objects.find((o) => o.isCustom && `target${capitalize(o.nameSingular)}` === field.name);
    if (custom && (!field.relation?.targetObject || field.relation.targetObject === custom.nameSingular)) return true;
  }
  return false;
}

/** The custom object whose creation brings this host field (`attachment.targetPet` → `pet`), if any. */
export function autoFieldOwner(objects: SchemaObject[], object: SchemaObject, field: SchemaField): string | null {
  if (object.isCustom && isAutoCreatedField(objects, object, field)) return object.nameSingular;
  if (object.nameSingular in MORPH_HOSTS && isAutoCreatedField(objects, object, field)) {
    return objects.find((o) => o.isCustom && `target${capitalize(o.nameSingular)}` === field.name)?.nameSingular ?? null;
  }
  return null;
}
