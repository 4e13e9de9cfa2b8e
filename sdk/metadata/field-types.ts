/**
 * Which field types the metadata API creates, and under which name.
 *
 * Twenty 2.21 refuses three of its 25 types for a new custom field: NUMERIC ("Field type NUMERIC is not supported
 * for field creation. Use NUMBER instead."; NUMBER holds the same values), POSITION and TS_VECTOR (each object's
 * own `position` and `searchVector`, which Twenty makes with the object). Every other type is created as sent,
 * UUID and ACTOR included (ACTOR gets the default `{source: 'MANUAL', name: 'System'}` when none is given)
 * [2.21: M/flat-field-metadata/services/flat-field-metadata-type-validator.service.ts,
 * M/flat-field-metadata/utils/from-create-field-input-to-flat-field-metadatas-to-create.util.ts].
 *
 * The rich text type of `bodyV2` is RICH_TEXT_V2 before 1.20 and RICH_TEXT since (1-20-migrate-rich-text-to-text:
 * the old RICH_TEXT became TEXT); 2.21 does not know RICH_TEXT_V2 at all, so a field is created under the name the
 * target uses.
 */
import type { WorkspaceSchema } from './types.js';

export const NOT_CREATABLE_TYPES: ReadonlySet<string> = new Set(['POSITION', 'TS_VECTOR']);

const RICH_TEXT_TYPES = new Set(['RICH_TEXT', 'RICH_TEXT_V2']);

/** The name the target gives the blocknote rich text: the type of its `bodyV2` fields, RICH_TEXT when it has none. */
function richTextTypeOf(target: WorkspaceSchema): string {
  for (const o of target.objects) {
    const body = o.fields.find((f) => f.name === 'bodyV2' && RICH_TEXT_TYPES.has(f.type));
    if (body) return body.type;
  }
  return 'RICH_TEXT';
}

/**
 * The type a source field is created with in the target.
 *
 * @example
 * creationType('NUMERIC', target);      // 'NUMBER'
 * creationType('RICH_TEXT_V2', target); // 'RICH_TEXT' on a 2.21 target
 */
export function creationType(type: string, target: WorkspaceSchema): string {
  if (type === 'NUMERIC') return 'NUMBER';
  if (type === 'RICH_TEXT_V2') return richTextTypeOf(target);
  return type;
}

/**
 * Whether a target field of type `targetType` is what the source's `sourceType` is, or what apply creates it as (a
 * NUMERIC field as NUMBER, a RICH_TEXT_V2 one as 2.21's RICH_TEXT): then the diff has nothing to report.
 *
 * @example
 * sameFieldType('NUMERIC', 'NUMBER', target); // true
 */
export function sameFieldType(sourceType: string, targetType: string, target: WorkspaceSchema): boolean {
  return sourceType === targetType || creationType(sourceType, target) === targetType;
}
