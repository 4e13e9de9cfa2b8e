/**
 * The rows a diff produces, and the matching rules shared by diff and plan: standard objects and fields are
 * matched by `universalIdentifier` (shared across workspaces, twenty-api.md §6) then by name, custom ones by name.
 */
import type { SchemaField, SchemaObject, WorkspaceSchema } from './types.js';

export type DifferenceKind =
  | 'object-missing'
  | 'field-missing'
  | 'relation-missing'
  | 'morph-relation-missing'
  | 'option-missing'
  | 'type-conflict'
  | 'settings-differ'
  | 'relation-target-differs'
  | 'inactive-field'
  | 'inactive-object'
  | 'standard-version-difference';

/**
 * What apply does with a row: `create` and `add-options` happen by default; `update` only when the row's id is
 * approved (see `planSchemaApply`); `skip` and `report` never change the target.
 */
export type DifferenceAction = 'create' | 'add-options' | 'update' | 'skip' | 'report';

export interface SchemaDifference {
  /** stable key, e.g. `field-missing:pet.species`; pass it in `approve` to allow an `approvable` change */
  id: string;
  kind: DifferenceKind;
  /** nameSingular of the object */
  object: string;
  /** field name (for a morph relation: the name it was created with, e.g. `polymorphicOwner`) */
  field?: string;
  /** the source field's type */
  type?: string;
  detail: string;
  action: DifferenceAction;
  /** what this means for record migration when the row is not (or cannot be) applied */
  consequence?: string;
  /** an existing target field apply would change, only if the user approves this row's id */
  approvable?: boolean;
  /** every `object.field` this row creates besides `object.field` (inverse sides, morph members) */
  covers?: string[];
}

export function findObject(schema: WorkspaceSchema, like: SchemaObject): SchemaObject | undefined {
  if (!like.isCustom && like.universalIdentifier) {
    const byUid = schema.objects.find((o) => o.universalIdentifier === like.universalIdentifier);
    if (byUid) return byUid;
  }
  return schema.objects.find((o) => o.nameSingular === like.nameSingular);
}

export function findField(object: SchemaObject, like: SchemaField): SchemaField | undefined {
  if (!like.isCustom && like.universalIdentifier) {
    const byUid = object.fields.find((f) => f.universalIdentifier === like.universalIdentifier);
    if (byUid) return byUid;
  }
  return object.fields.find((f) => f.name === like.name);
}

export const objectNamed = (schema: WorkspaceSchema, name: string) => schema.objects.find((o) => o.nameSingular === name);
export const fieldNamed = (schema: WorkspaceSchema, object: string, field: string) =>
  objectNamed(schema, object)?.fields.find((f) => f.name === field);

export const isRelationField = (f: SchemaField) => f.type === 'RELATION' || f.type === 'MORPH_RELATION';

/** Stable JSON for comparing settings and defaults whatever the key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Settings without what differs per workspace by construction (ids of junction fields: compared by name). */
export function comparableSettings(f: SchemaField): string {
  const { junctionTargetFieldId: _j, ...rest } = (f.settings ?? {}) as Record<string, unknown>;
  return canonical(rest);
}
