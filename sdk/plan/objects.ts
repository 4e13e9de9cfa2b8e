/**
 * Small look-ups on a WorkspaceSchema shared by the plan and transform stages: find objects by either name,
 * list an object's many-to-one relations with their join columns, tell workspace members apart.
 */
import type { SchemaField, SchemaObject, WorkspaceSchema } from '../metadata/types.js';

/** Workspace members are never imported (API keys cannot create them, §7): references to them are mapped instead. */
export const MEMBER_OBJECT = 'workspaceMember';

/**
 * The object named `name` (namePlural or nameSingular), or undefined.
 *
 * @example
 * findObject(schema, 'people')?.nameSingular; // 'person'
 */
export function findObject(schema: WorkspaceSchema, name: string): SchemaObject | undefined {
  return schema.objects.find((o) => o.namePlural === name) ?? schema.objects.find((o) => o.nameSingular === name);
}

/** A many-to-one relation (plain or one side of a morph relation): the join column a record carries. */
export interface ManyToOne {
  field: SchemaField;
  /** `companyId`, `targetPersonId`… */
  joinColumn: string;
  /** nameSingular of the object pointed at; null when the schema reader could not tell */
  target: string | null;
  nullable: boolean;
  morph: boolean;
}

/**
 * The active many-to-one relations of an object, each with its join column.
 *
 * @example
 * manyToOneRelations(person).map((r) => r.joinColumn); // ['companyId']
 */
export function manyToOneRelations(object: SchemaObject): ManyToOne[] {
  const out: ManyToOne[] = [];
  for (const field of object.fields) {
    if (!field.isActive || field.relation?.kind !== 'MANY_TO_ONE') continue;
    out.push({
      field,
      joinColumn: field.relation.joinColumn ?? `${field.name}Id`,
      target: field.relation.targetObject,
      nullable: field.isNullable,
      morph: field.type === 'MORPH_RELATION',
    });
  }
  return out;
}

/**
 * The target's column for a source join column it lacks, where a version renamed the relation: 2.x made the
 * links of noteTargets, taskTargets, attachments and timeline activities morph relations (`personId` →
 * `targetPersonId`, custom `rocketId` → `targetRocketId`), same target object, same meaning. Null when none.
 */
export function renamedJoinColumn(column: string, targetObject: string | null, targetRelations: ManyToOne[]): string | null {
  const morph = `target${column[0].toUpperCase()}${column.slice(1)}`;
  const found = targetRelations.find((t) => t.joinColumn === morph && (!targetObject || !t.target || t.target === targetObject));
  return found?.joinColumn ?? null;
}

/** Whether a field is the inverse (one-to-many) side of a relation: never written (§3). */
export const isOneToMany = (f: SchemaField) => f.relation?.kind === 'ONE_TO_MANY' || ((f.type === 'RELATION' || f.type === 'MORPH_RELATION') && !f.relation);

/** The active field named `name` of an object. */
export const activeField = (object: SchemaObject, name: string) => object.fields.find((f) => f.name === name && f.isActive);
