/**
 * Values as an older Twenty stores them → as the target's version takes them. Found on a real Twenty 1.2.0
 * source migrated into 2.21 (the sandbox's 2.21 validation refused them, and so does 2.21):
 *
 * - CURRENCY `amountMicros`: 1.2 answers the numeric column as a string (`"2500000000000"`); 2.21 takes a number.
 * - RICH_TEXT: 1.2's legacy rich text is a plain string holding BlockNote JSON; in 2.21 RICH_TEXT (and 1.2's
 *   RICH_TEXT_V2) is the `{blocknote, markdown}` composite. The markdown is left for the server to derive.
 *
 * - Lists: 1.2 leaves `additionalEmails`, `additionalPhones`, `secondaryLinks`, MULTI_SELECT and ARRAY values null where
 *   2.21 stores `[]` on write; they are sent as `[]`, so what is sent is what the target keeps (and verify agrees).
 *
 * - DATE: 1.2 answers a date as midnight UTC (`2019-01-01T00:00:00.000Z`); 2.21 stores and answers `2019-01-01`.
 *
 * Each conversion applies only when the value has the old shape, so a 2.21 source passes through unchanged.
 */
import type { SchemaField } from '../metadata/types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const RICH = new Set(['RICH_TEXT', 'RICH_TEXT_V2']);

/** The name of the conversion a source value needs for the target field, or null when it already fits. */
const LIST_SUBFIELD: Record<string, string> = { EMAILS: 'additionalEmails', PHONES: 'additionalPhones', LINKS: 'secondaryLinks' };

export function versionConversion(source: SchemaField, target: SchemaField, value: unknown): 'currency-micros-string' | 'rich-text-string' | 'null-list' | 'null-sub-list' | 'midnight-date' | null {
  if (target.type === 'DATE' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00(\.0+)?Z$/.test(value)) return 'midnight-date';
  const sub = LIST_SUBFIELD[target.type];
  if (sub && isObject(value) && sub in value && value[sub] === null) return 'null-sub-list';
  if ((target.type === 'MULTI_SELECT' || target.type === 'ARRAY') && source.type === target.type && value === null) return 'null-list';
  if (target.type === 'CURRENCY' && isObject(value) && typeof value.amountMicros === 'string' && /^-?\d+(\.0+)?$/.test(value.amountMicros)) {
    return 'currency-micros-string';
  }
  if (RICH.has(target.type) && RICH.has(source.type) && typeof value === 'string') return 'rich-text-string';
  return null;
}

/**
 * The value in the target version's shape.
 *
 * @example
 * fromSourceVersion(amountField, amountField, { amountMicros: '2500000000000', currencyCode: 'USD' });
 * // { amountMicros: 2500000000000, currencyCode: 'USD' }
 * fromSourceVersion(bio12, bio221, '[{"type":"paragraph"}]'); // { blocknote: '[{"type":"paragraph"}]' }
 */
export function fromSourceVersion(source: SchemaField, target: SchemaField, value: unknown): unknown {
  switch (versionConversion(source, target, value)) {
    case 'currency-micros-string': {
      const v = value as Record<string, unknown>;
      const n = Number(v.amountMicros);
      // Beyond 2^53 a number would lose digits: the string is kept, and validation names the value.
      return Number.isSafeInteger(n) ? { ...v, amountMicros: n } : v;
    }
    case 'null-sub-list':
      return { ...(value as Record<string, unknown>), [LIST_SUBFIELD[target.type]]: [] };
    case 'null-list':
      return [];
    case 'midnight-date':
      return (value as string).slice(0, 10);
    case 'rich-text-string':
      return value === '' ? null : { blocknote: value };
    default:
      return value;
  }
}
