/**
 * Schema gaps between source and target for the objects being imported: what the transform stage will drop
 * (fields the target lacks), and what will make records fail (type changes, select options the target lacks,
 * fields the target requires that the source does not have). Each is reported once per field, in the plan.
 */
import type { SchemaField, SchemaObject, WorkspaceSchema } from '../metadata/types.js';
import { activeField, findObject, isOneToMany, manyToOneRelations, renamedJoinColumn } from './objects.js';
import { carriedAs } from '../files/legacy-paths.js';

export type SchemaGapKind = 'missing-field' | 'type-mismatch' | 'missing-options' | 'required-in-target';

export interface SchemaGap {
  /** object namePlural */
  object: string;
  field: string;
  kind: SchemaGapKind;
  detail: string;
}

/** Fields whose values are never sent, whatever the target has: computed or always overwritten (§3, §5). */
export const NEVER_SENT = new Set(['updatedBy', 'searchVector']);

/** The source fields whose values the migration carries (data fields, join columns, FILES via the files stage). */
export function carriedFields(object: SchemaObject): SchemaField[] {
  return object.fields.filter((f) => f.isActive && !NEVER_SENT.has(f.name) && f.type !== 'TS_VECTOR' && !isOneToMany(f));
}

const sameType = (a: string, b: string) => a === b || (a.startsWith('RICH_TEXT') && b.startsWith('RICH_TEXT'));
const hasDefault = (f: SchemaField) => f.defaultValue !== null && f.defaultValue !== undefined;
const ENUM_TYPES = new Set(['SELECT', 'MULTI_SELECT', 'RATING']);

/**
 * Gaps for one imported object (namePlural or nameSingular). A target lacking the whole object is not a gap but a
 * blocker (see buildPlan).
 *
 * @example
 * schemaGaps(source, target, 'companies');
 * // [{ object: 'companies', field: 'tagline', kind: 'missing-field', detail: 'values of companies.tagline will be dropped' }]
 */
export function schemaGaps(source: WorkspaceSchema, target: WorkspaceSchema, objectName: string): SchemaGap[] {
  const from = findObject(source, objectName);
  const to = findObject(target, objectName);
  if (!from || !to) return [];
  const object = from.namePlural;
  const gaps: SchemaGap[] = [];
  for (const f of carriedFields(from)) {
    const t = activeField(to, f.name);
    if (!t) {
      // A link a later version renamed (1.2 noteTarget.person → 2.21 targetPerson) is written into the new column.
      const join = f.relation?.kind === 'MANY_TO_ONE' ? (f.relation.joinColumn ?? `${f.name}Id`) : undefined;
      if (join && renamedJoinColumn(join, f.relation!.targetObject, manyToOneRelations(to))) continue;
      // 1.x attachment fields 2.x holds elsewhere (fullPath → file, type → fileCategory, author → createdBy).
      if (carriedAs(from, to, f.name)) continue;
      const what = f.type === 'FILES' ? 'files' : f.relation ? `references (${f.relation.joinColumn ?? f.name})` : 'values';
      gaps.push({ object, field: f.name, kind: 'missing-field', detail: `${what} of ${object}.${f.name} will be dropped: the target has no such field` });
      continue;
    }
    if (!sameType(f.type, t.type)) {
      gaps.push({ object, field: f.name, kind: 'type-mismatch', detail: `${object}.${f.name} is ${f.type} in the source but ${t.type} in the target: records may fail validation` });
    } else if (ENUM_TYPES.has(f.type)) {
      const allowed = new Set((t.options ?? []).map((o) => o.value));
      const missing = (f.options ?? []).map((o) => o.value).filter((v) => !allowed.has(v));
      if (missing.length) {
        gaps.push({ object, field: f.name, kind: 'missing-options', detail: `${object}.${f.name}: the target lacks option(s) ${missing.join(', ')}; records using them will be rejected` });
      }
    }
  }
  for (const t of to.fields) {
    if (!t.isActive || t.isNullable || hasDefault(t) || isOneToMany(t) || activeField(from, t.name)) continue;
    gaps.push({ object, field: t.name, kind: 'required-in-target', detail: `${object}.${t.name} is required in the target but absent from the source: every record will be rejected` });
  }
  return gaps;
}
