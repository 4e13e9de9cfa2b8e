/**
 * One object's rows in a sandbox workspace: the rows themselves (soft-deleted ones included, as in Postgres),
 * a cached id-ordered view for fast default listing, and the unique indexes Twenty declares.
 */
import type { ModelField, ModelObject } from '../model/types.js';

export type Row = Record<string, unknown>;

/** The value a unique index sees for a field: composite unique fields index their primary sub-field. */
export function uniqueKeyOf(field: ModelField, row: Row): string | null {
  const v = row[field.name];
  let key: unknown = v;
  if (field.type === 'EMAILS') key = (v as { primaryEmail?: string } | null)?.primaryEmail;
  else if (field.type === 'LINKS') key = (v as { primaryLinkUrl?: string } | null)?.primaryLinkUrl;
  else if (field.type === 'PHONES') key = (v as { primaryPhoneNumber?: string } | null)?.primaryPhoneNumber;
  // Empty values are not constrained: Twenty's unique indexes skip '' and NULL.
  if (key === null || key === undefined || key === '') return null;
  return typeof key === 'string' ? key.toLowerCase() : JSON.stringify(key);
}

export class ObjectTable {
  readonly rows = new Map<string, Row>();
  private sortedCache: Row[] | null = null;
  private indexes = new Map<string, Map<string, string>>();
  minPosition: number | null = null;

  constructor(public object: ModelObject) {}

  uniqueFields(): ModelField[] {
    return this.object.fields.filter((f) => f.isActive && f.isUnique && f.name !== 'id');
  }

  /** Rows ordered by id (Twenty's default order), rebuilt lazily after writes. */
  sortedById(): Row[] {
    if (!this.sortedCache) {
      this.sortedCache = [...this.rows.values()].sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
    }
    return this.sortedCache;
  }

  /** The id of the row holding this unique value, if any. */
  findUnique(field: ModelField, row: Row): string | undefined {
    const key = uniqueKeyOf(field, row);
    return key === null ? undefined : this.index(field).get(key);
  }

  put(row: Row): void {
    const previous = this.rows.get(row.id as string);
    if (previous) this.unindex(previous);
    this.rows.set(row.id as string, row);
    for (const f of this.uniqueFields()) {
      const key = uniqueKeyOf(f, row);
      if (key !== null) this.index(f).set(key, row.id as string);
    }
    const position = row.position;
    if (typeof position === 'number' && (this.minPosition === null || position < this.minPosition)) this.minPosition = position;
    if (!previous) this.sortedCache = null;
    else if (this.sortedCache) this.sortedCache[this.indexInSorted(row.id as string)] = row;
  }

  /** Position of an existing id in the id-ordered cache (binary search: updates must not cost a re-sort). */
  private indexInSorted(id: string): number {
    const rows = this.sortedCache!;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = rows[mid].id as string;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new Error(`sandbox table ${this.object.nameSingular}: id ${id} missing from its sorted cache`);
  }

  remove(id: string): Row | undefined {
    const row = this.rows.get(id);
    if (!row) return undefined;
    this.unindex(row);
    this.rows.delete(id);
    this.sortedCache = null;
    return row;
  }

  /** The position a new row gets: the current minimum − 1, so new rows sort first (create-one-minimal-defaults). */
  nextPosition(): number {
    return this.minPosition === null ? 0 : this.minPosition - 1;
  }

  /** Called when the object's fields change (a unique field added or removed). */
  reindex(object: ModelObject): void {
    this.object = object;
    this.indexes.clear();
    for (const row of this.rows.values()) this.put(row);
  }

  private index(field: ModelField): Map<string, string> {
    let idx = this.indexes.get(field.name);
    if (!idx) this.indexes.set(field.name, (idx = new Map()));
    return idx;
  }

  private unindex(row: Row): void {
    for (const f of this.uniqueFields()) {
      const key = uniqueKeyOf(f, row);
      if (key !== null && this.index(f).get(key) === row.id) this.index(f).delete(key);
    }
  }
}
