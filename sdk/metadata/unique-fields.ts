/**
 * What a unique field's index covers: the whole value for scalars, the primary sub-field for composites
 * (get-conflicting-fields.util.ts in 2.21). Shared by the transform's and the import's uniqueness checks.
 */
import type { SchemaField } from './types.js';

const UNIQUE_SUBFIELD: Record<string, string> = { EMAILS: 'primaryEmail', LINKS: 'primaryLinkUrl', PHONES: 'primaryPhoneNumber' };

/**
 * The path of the value a unique index compares.
 *
 * @example
 * uniqueValuePath(emailsField); // ['emails', 'primaryEmail']
 */
export function uniqueValuePath(field: Pick<SchemaField, 'name' | 'type'>): string[] {
  const sub = UNIQUE_SUBFIELD[field.type];
  return sub ? [field.name, sub] : [field.name];
}
