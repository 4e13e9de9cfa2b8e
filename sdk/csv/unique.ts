/**
 * The unique values a CSV may name a record by instead of its id (a company's domain or name, a person's e-mail),
 * and the ids given to rows of a file that has no Id column. Both matter for re-runs: a link must find the same
 * record every time, and a row without an id must get the same id every time, or a second run would duplicate it.
 */
import { createHash } from 'node:crypto';
import type { SchemaObject } from '../metadata/types.js';

/** How a unique value is compared: a domain without scheme, `www.` or trailing `/`; an e-mail in lower case. */
export const uniqueKey = (v: string): string => v.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');

/** Twenty's standard unique fields, per object (nameSingular); custom objects use their fields marked unique. */
const UNIQUE_PATHS: Record<string, string[]> = { company: ['domainName.primaryLinkUrl', 'name'], person: ['emails.primaryEmail'] };

export function uniquePathsOf(object: SchemaObject | undefined, nameSingular: string): string[] {
  return UNIQUE_PATHS[nameSingular] ?? object?.fields.filter((f) => f.isUnique && f.name !== 'id').map((f) => f.name) ?? [];
}

/** `name`, `emails.primaryEmail`: the text at a path of a record, or undefined. */
export function textAt(record: Record<string, unknown>, path: string): string | undefined {
  const [head, sub] = path.split('.');
  const v = sub ? (record[head] as Record<string, unknown> | null | undefined)?.[sub] : record[head];
  return typeof v === 'string' && v ? v : undefined;
}

/** A UUID (version 5 layout) from a name: the same name gives the same id on every run. */
export function nameBasedId(name: string): string {
  const h = createHash('sha1').update(`twenty-migrate/csv/${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The id of a row from a file without an Id column: from the record's first unique value (a person by e-mail, a
 * company by domain) when it has one, so an edited row keeps its id; else from the file, the line and the row's
 * cells, so the same file gives the same ids (an edited row without a unique value is then a new record).
 */
export function rowId(object: SchemaObject, record: Record<string, unknown>, file: string, line: number, cells: string[]): string {
  for (const p of uniquePathsOf(object, object.nameSingular)) {
    const v = textAt(record, p);
    if (v) return nameBasedId(`${object.nameSingular}/${p}/${uniqueKey(v)}`);
  }
  return nameBasedId(`${object.nameSingular}/${file}/${line}/${createHash('sha1').update(cells.join('\u0000')).digest('hex')}`);
}
