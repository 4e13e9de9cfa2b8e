/**
 * The one place where the SDK's plain records become danfojs DataFrames (and back), plus the column checks the
 * export notebook shows. The SDK itself never imports danfojs: notebooks do, through this module.
 *
 * Records are flattened for tables: composite fields become dotted columns (`name.firstName`,
 * `emails.primaryEmail`, `createdBy.workspaceMemberId`), arrays and deeper objects become JSON text.
 *
 * @example
 * import { toFrame, exportedFrame, emptyColumns } from './notebooks/lib/frames.js';
 * const people = await exportedFrame(m.run, 'people');
 * show(people.head(5));
 * show(emptyColumns(people));
 */
import { DataFrame } from 'danfojs-node';
import { readExported } from '../../sdk/export/index.js';
import type { RunFolder } from '../../sdk/run/run-folder.js';

export type Row = Record<string, unknown>;

/**
 * danfojs makes every column a property of the frame, so a column named like one of its members (`count`,
 * `values`, `index`, `columns`, `size`…) would hide that member and break the frame. Such columns get a `_` suffix.
 */
const RESERVED: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  for (let p: object | null = DataFrame.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) names.add(n);
  }
  return names;
})();

/** The column name a record key gets in a DataFrame (`count` → `count_`, see RESERVED). */
export const frameColumnName = (key: string): string => (RESERVED.has(key) ? `${key}_` : key);
export type Cell = string | number | boolean | null;

/** `{ name: { firstName: 'Ann' }, tags: ['a'] }` → `{ 'name.firstName': 'Ann', tags: '["a"]' }` (objects up to `depth` levels). */
export function flattenRecord(record: object, depth = 2, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  for (const [key, value] of Object.entries(record)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) out[name] = null;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = value;
    else if (typeof value === 'object' && !Array.isArray(value) && depth > 0 && !(value instanceof Date)) flattenRecord(value, depth - 1, name, out);
    else if (value instanceof Date) out[name] = value.toISOString();
    else out[name] = JSON.stringify(value);
  }
  return out;
}

export interface ToFrameOptions {
  /** columns to keep, in this order (default: every column, in the order first seen) */
  columns?: string[];
  /** flatten nested objects into dotted columns (default true) */
  flatten?: boolean;
}

/**
 * Plain records (any array of objects the SDK returns) → DataFrame. Missing keys become null; an empty array
 * gives an empty frame with the requested columns.
 *
 * @example
 * toFrame(plan.order, { columns: ['object', 'count', 'deferredFields'] });
 */
export function toFrame(records: readonly object[], options: ToFrameOptions = {}): DataFrame {
  const rows = records.map((r) => (options.flatten === false ? (r as Record<string, Cell>) : flattenRecord(r)));
  let columns = options.columns;
  if (!columns) {
    const seen = new Set<string>();
    for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
    columns = [...seen];
  }
  const keys = columns;
  const data = rows.map((row) => keys.map((c) => normalize(row[c])));
  const names = keys.map(frameColumnName);
  return data.length ? new DataFrame(data, { columns: names }) : new DataFrame([], { columns: names });
}

function normalize(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** DataFrame → plain records (column name → value), e.g. to hand a filtered frame back to the SDK. */
export function toRecords(df: DataFrame): Row[] {
  const columns = df.columns;
  return (df.values as unknown[][]).map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])));
}

/**
 * The exported records of one object (export/<plural>.jsonl in the run folder) as a DataFrame.
 *
 * @example
 * const companies = await exportedFrame(m.run, 'companies', { limit: 1000 });
 */
export async function exportedFrame(run: RunFolder, namePlural: string, options: { limit?: number } = {}): Promise<DataFrame> {
  const records: Row[] = [];
  for await (const record of readExported(run, namePlural)) {
    records.push(record);
    if (options.limit !== undefined && records.length >= options.limit) break;
  }
  return toFrame(records);
}

/** The values of one column (undefined entries for a column the frame lacks). */
export function columnValues(df: DataFrame, column: string): unknown[] {
  const i = df.columns.includes(column) ? df.columns.indexOf(column) : df.columns.indexOf(frameColumnName(column));
  return (df.values as unknown[][]).map((row) => (i < 0 ? undefined : row[i]));
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || v === '[]' || v === '{}';

/**
 * Per column: how many values are empty (null, '', [] or {}), emptiest first.
 *
 * @example
 * show(emptyColumns(people));   // field | empty | filled | empty %
 */
export function emptyColumns(df: DataFrame): DataFrame {
  const rows = df.shape[0];
  const out = df.columns.map((column) => {
    const empty = columnValues(df, column).filter(isEmpty).length;
    return { field: column, empty, filled: rows - empty, 'empty %': rows ? Math.round((1000 * empty) / rows) / 10 : 0 };
  });
  out.sort((a, b) => b.empty - a.empty || a.field.localeCompare(b.field));
  return toFrame(out, { columns: ['field', 'empty', 'filled', 'empty %'] });
}

/** Names of the columns where every value is empty. */
export function allEmptyColumns(df: DataFrame): string[] {
  if (df.shape[0] === 0) return [];
  return df.columns.filter((c) => columnValues(df, c).every(isEmpty));
}

/**
 * Values that occur more than once in `column` (empty values ignored), most frequent first.
 *
 * @example
 * show(duplicateValues(people, 'emails.primaryEmail'));   // field | value | occurrences
 */
export function duplicateValues(df: DataFrame, column: string): DataFrame {
  const counts = new Map<string, number>();
  for (const v of columnValues(df, column)) {
    if (isEmpty(v)) continue;
    const key = String(v).trim().toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].filter(([, n]) => n > 1).map(([value, occurrences]) => ({ field: column, value, occurrences }));
  rows.sort((a, b) => b.occurrences - a.occurrences);
  return toFrame(rows, { columns: ['field', 'value', 'occurrences'] });
}

/**
 * Rows counted by the values of some columns (in a `total` column), most frequent first:
 * `countBy(issues, ['object', 'code'])`.
 */
export function countBy(records: readonly object[], keys: string[]): DataFrame {
  const counts = new Map<string, { key: Record<string, Cell>; count: number }>();
  for (const r of records) {
    const flat = flattenRecord(r);
    const key = Object.fromEntries(keys.map((k) => [k, normalize(flat[k])]));
    const id = JSON.stringify(key);
    const entry = counts.get(id) ?? { key, count: 0 };
    entry.count += 1;
    counts.set(id, entry);
  }
  const rows = [...counts.values()].map((e) => ({ ...e.key, total: e.count })).sort((a, b) => b.total - a.total);
  return toFrame(rows, { columns: [...keys, 'total'], flatten: false });
}

/**
 * The exported records of several objects, one DataFrame each (at most `limit` rows per object, default 20 000).
 *
 * @example
 * const frames = await exportedFrames(m.run, exported.objects.map((o) => o.object));
 * show(frames.people.head(5));
 */
export async function exportedFrames(run: RunFolder, objects: string[], options: { limit?: number } = {}): Promise<Record<string, DataFrame>> {
  const out: Record<string, DataFrame> = {};
  for (const object of objects) out[object] = await exportedFrame(run, object, { limit: options.limit ?? 20_000 });
  return out;
}

/**
 * One row per exported object: rows and columns, columns with no value at all, repeated ids and values repeated in
 * the target's unique fields (records the target would merge or refuse).
 *
 * @example
 * show(exportChecks(frames, uniqueFieldsOf(m.run)));
 */
export function exportChecks(frames: Record<string, DataFrame>, uniqueFields: Record<string, string[]> = {}): DataFrame {
  const rows = Object.entries(frames).map(([object, df]) => {
    const empty = allEmptyColumns(df);
    const dupIds = duplicateValues(df, 'id');
    const unique = uniqueFields[object] ?? [];
    const dupUnique = unique.map((f) => ({ f, n: (columnValues(duplicateValues(df, f), 'occurrences') as number[]).reduce((s, c) => s + c - 1, 0) }));
    return {
      object,
      records: df.shape[0],
      fields: df.shape[1],
      'empty columns': empty.length,
      'e.g.': empty.slice(0, 4).join(', '),
      'duplicate ids': dupIds.shape[0],
      'unique fields': unique.join(', '),
      'repeated unique values': dupUnique.reduce((s, d) => s + d.n, 0),
    };
  });
  return toFrame(rows);
}

/**
 * Every item of an async iterable (such as the SDK's `listRecords`) in an array: tslab cells cannot use a top-level
 * `for await`.
 *
 * @example
 * const people = await collect(listRecords(client, 'people'));
 */
export async function collect<T>(items: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    if (out.length >= limit) break;
    out.push(item);
  }
  return out;
}
