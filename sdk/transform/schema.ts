/**
 * `buildRecordSchema`: one zod schema per target object, built from the target's metadata, that accepts exactly
 * the create payloads the target accepts (as far as a payload alone can tell: foreign keys and uniqueness against
 * existing rows are the server's business).
 */
import { z } from 'zod';
import type { SchemaField, SchemaObject } from '../metadata/types.js';
import { isOneToMany, manyToOneRelations } from '../plan/objects.js';
import { NEVER_SENT } from '../plan/schema-gaps.js';
import { fieldValueSchema, guid } from './field-schemas.js';

const hasDefault = (f: SchemaField) => f.defaultValue !== null && f.defaultValue !== undefined;

/** Non-nullable without a default: a create must carry a non-null value. */
export const isRequired = (f: SchemaField) => !f.isNullable && !hasDefault(f);

/**
 * The zod schema of a create payload for `target`. Keys: every writable active field (data fields and composite
 * sub-fields, join columns of many-to-one relations), `id`, `createdAt`, `updatedAt`, `createdBy`, `position`.
 * Unknown keys are refused, as the server refuses them.
 *
 * @example
 * const schema = buildRecordSchema(findObject(target, 'people')!);
 * const result = schema.safeParse({ id, emails: { primaryEmail: 'not-an-email' } });
 * result.error?.issues[0]; // { path: ['emails', 'primaryEmail'], message: 'people.emails.primaryEmail: "not-an-email" is not a valid e-mail address', … }
 */
// A junction row (noteTarget, taskTarget, attachment) pointing at no record is accepted: real 2.21 servers hold
// them (the seeded workspace has two), and what one server holds another must receive.
export function buildRecordSchema(target: SchemaObject): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  const label = (name: string) => `${target.namePlural}.${name}`;
  for (const field of target.fields) {
    if (!field.isActive || NEVER_SENT.has(field.name) || field.name === 'deletedAt' || field.type === 'TS_VECTOR' || isOneToMany(field)) continue;
    if (field.relation) continue; // join columns below
    let s = fieldValueSchema(field, label(field.name));
    if (field.isNullable) s = s.nullable();
    shape[field.name] = isRequired(field) ? s : s.optional();
  }
  const relations = manyToOneRelations(target);
  for (const r of relations) {
    const s = r.nullable ? guid(label(r.joinColumn)).nullable() : guid(label(r.joinColumn));
    shape[r.joinColumn] = r.nullable ? s.optional() : s;
  }
  const groups = new Map<string, string[]>();
  for (const r of relations) if (r.morph && r.field.relation?.morphId) groups.set(r.field.relation.morphId, [...(groups.get(r.field.relation.morphId) ?? []), r.joinColumn]);

  return z
    .strictObject(shape, {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `${target.namePlural}: the target has no field(s) ${(iss as { keys?: string[] }).keys?.join(', ')}`
          : `${target.namePlural}: expected a record object, got ${typeof iss.input}`,
    })
    .superRefine((record, ctx) => {
      for (const columns of groups.values()) {
        const set = columns.filter((c) => record[c] !== null && record[c] !== undefined);
        if (set.length > 1) {
          ctx.addIssue({ code: 'custom', path: [set[1]], params: { code: 'MORPH_MULTIPLE_TARGETS' }, message: `${target.namePlural}: points at ${set.join(' and ')}; a morph relation holds one target` });
        }
      }
    }) as unknown as z.ZodType<Record<string, unknown>>;
}
