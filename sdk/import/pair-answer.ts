/**
 * Which answered row belongs to which record sent. A real 2.21 server does not answer a batch upsert in request
 * order when some records match existing ones (twenty-api.md §13): it lists the updated rows and the inserted rows
 * apart. Pairing by position then maps ids wrongly and silently (a trial recorded 63 companies "merged" into other
 * records' ids). So a row is paired with a record only by evidence: the same id, or else the same value of one of
 * the object's unique fields, compared the way the server normalises it. A record no row can be proven to belong to
 * is left unpaired; the sender writes it again alone (an upsert by id or unique value is idempotent), whose answer
 * is unambiguous.
 */
import { valueAtPath } from '../record-path.js';
import type { Item } from './send.js';

type Row = Record<string, unknown>;

export interface Pairing {
  pairs: Array<{ item: Item; row: Row }>;
  /** records no answered row is proven to belong to */
  unpaired: Item[];
}

/**
 * A unique value as the target compares and stores it: e-mails and link origins are lower-cased on write, a trailing
 * `/` is dropped, and the scheme may be added or kept; only for pairing within one answer, never for writing.
 *
 * @example
 * looseUniqueKey('https://Apple.com/'); // 'apple.com'
 */
export function looseUniqueKey(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return JSON.stringify(value);
  const v = value.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return v === '' ? null : v;
}

/**
 * Pairs `rows` (a batch upsert's answer, in any order) with `items` (the records sent).
 *
 * @example
 * pairAnswer(items, rows, ['domainName.primaryLinkUrl']).unpaired; // [] when every row is proven
 */
export function pairAnswer(items: Item[], rows: Row[], uniqueFields: string[]): Pairing {
  const pairs: Pairing['pairs'] = [];
  const rowById = new Map<string, Row>();
  for (const row of rows) if (typeof row.id === 'string') rowById.set(row.id.toLowerCase(), row);
  const usedRows = new Set<Row>();
  let rest: Item[] = [];
  for (const item of items) {
    const id = typeof item.payload.id === 'string' ? item.payload.id.toLowerCase() : undefined;
    const row = id ? rowById.get(id) : undefined;
    if (row && !usedRows.has(row)) {
      usedRows.add(row);
      pairs.push({ item, row });
    } else rest.push(item);
  }
  // Merged records come back with the existing record's id: find them by a unique value only they hold in this batch.
  for (const field of uniqueFields) {
    if (!rest.length) break;
    const itemsByKey = groupBy(rest, (i) => looseUniqueKey(valueAtPath(i.payload, field)));
    const rowsByKey = groupBy(rows.filter((r) => !usedRows.has(r)), (r) => looseUniqueKey(valueAtPath(r, field)));
    const paired = new Set<Item>();
    for (const [key, candidates] of itemsByKey) {
      const matches = rowsByKey.get(key);
      if (candidates.length !== 1 || matches?.length !== 1) continue;
      usedRows.add(matches[0]);
      paired.add(candidates[0]);
      pairs.push({ item: candidates[0], row: matches[0] });
    }
    rest = rest.filter((i) => !paired.has(i));
  }
  return { pairs, unpaired: rest };
}

function groupBy<T>(list: T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    if (k === null) continue;
    const group = out.get(k);
    if (group) group.push(t);
    else out.set(k, [t]);
  }
  return out;
}
