/**
 * What a real 2.21 server does to a value on write, so the transform sends what the target will keep and verify
 * compares like with like (each rule recorded in test/fixtures/real-2.21/):
 * - `''` and null: a text `''` is stored as null, so in a NOT NULL column with a default the value is left out and
 *   the default applies (empty-text-not-null-default); a null rich text fails the whole batch, so it is left out
 *   (rich-text-null-fails-batch).
 * - RAW_JSON: a string is parsed as JSON and a bare number or boolean is refused ("Invalid object value true"), so
 *   a scalar the source holds is sent as its JSON text, which the target parses back to the same scalar; objects and
 *   arrays go as they are (raw-json-values).
 * - e-mails lower-cased; link scheme and host lower-cased with the trailing `/` dropped; date-times cut to
 *   milliseconds (normalised-on-write).
 */
import type { SchemaField } from '../metadata/types.js';

/** The value is sent by leaving its key out. */
export const LEAVE_OUT = Symbol('leave out');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasDefault = (f: SchemaField) => f.defaultValue !== null && f.defaultValue !== undefined;

/**
 * A link as Twenty stores it: scheme and host lower-cased, no trailing `/`; other text untouched.
 *
 * @example
 * normaliseLink('HTTPS://WWW.LinkedIn.COM/In/Norma/'); // 'https://www.linkedin.com/In/Norma'
 */
export function normaliseLink(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(url.trim());
  const joined = m ? `${m[1].toLowerCase()}${m[2].toLowerCase()}${m[3]}` : url.trim();
  return joined.replace(/\/+$/, '');
}

/** An ISO date-time at millisecond precision, in UTC (`…07.123456Z` → `…07.123Z`); other text untouched. */
export function normaliseDateTime(value: string): string {
  const t = Date.parse(value);
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(t) ? new Date(t).toISOString() : value;
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);
const link = (v: unknown) => (typeof v === 'string' && v ? normaliseLink(v) : v);

/**
 * The value to send for `value` in the target's `field`, or LEAVE_OUT.
 *
 * @example
 * toWritable(extraDataField, 42);         // '42'
 * toWritable(taglineField, '');           // LEAVE_OUT (NOT NULL with a default)
 * toWritable(emailsField, { primaryEmail: 'Ann@ACME.com' }); // { primaryEmail: 'ann@acme.com' }
 */
export function toWritable(field: SchemaField, value: unknown): unknown {
  const richText = field.type === 'RICH_TEXT' || field.type === 'RICH_TEXT_V2';
  if (value === null && richText) return LEAVE_OUT;
  const empty = value === null || (value === '' && field.type === 'TEXT');
  if (empty && !field.isNullable && hasDefault(field)) return LEAVE_OUT;
  switch (field.type) {
    case 'RAW_JSON':
      return value === null || typeof value === 'object' ? value : JSON.stringify(value);
    case 'EMAILS':
      if (!isObject(value)) return value;
      return {
        ...value,
        ...('primaryEmail' in value ? { primaryEmail: lower(value.primaryEmail) } : {}),
        ...(Array.isArray(value.additionalEmails) ? { additionalEmails: value.additionalEmails.map(lower) } : {}),
      };
    case 'LINKS':
      if (!isObject(value)) return value;
      return {
        ...value,
        ...('primaryLinkUrl' in value ? { primaryLinkUrl: link(value.primaryLinkUrl) } : {}),
        ...(Array.isArray(value.secondaryLinks)
          ? { secondaryLinks: value.secondaryLinks.map((l) => (isObject(l) ? { ...l, url: link(l.url) } : l)) }
          : {}),
      };
    case 'DATE_TIME':
      return typeof value === 'string' ? normaliseDateTime(value) : value;
    default:
      return value;
  }
}
