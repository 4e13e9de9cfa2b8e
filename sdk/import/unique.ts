/**
 * Unique fields: what upsert matches on besides the id (twenty-api.md §3). The import uses them to say which value a
 * merge matched, and to catch two source records sharing one unique value before the target silently folds the second
 * into the first (a batch upsert would answer 400 "A duplicate entry was detected"; sent apart, the second would
 * overwrite the first).
 */
import type { WorkspaceSchema } from '../metadata/types.js';
import { uniqueValuePath } from '../metadata/unique-fields.js';
import { valueAtPath } from '../record-path.js';
import type { RunFolder } from '../run/run-folder.js';
import { UuidOwners } from '../run/uuid-owners.js';

/** Twenty's standard unique fields (2.21 unique indexes), by namePlural. */
export const STANDARD_UNIQUE_FIELDS: Record<string, string[]> = {
  companies: ['domainName.primaryLinkUrl'],
  people: ['emails.primaryEmail'],
};


/**
 * Unique field paths per object: the standard ones plus the `isUnique` fields of `schema/target.json`, if present.
 *
 * @example
 * uniqueFieldsOf(run).people; // ['emails.primaryEmail']
 */
export function uniqueFieldsOf(run: RunFolder): Record<string, string[]> {
  const out: Record<string, string[]> = structuredClone(STANDARD_UNIQUE_FIELDS);
  let schema: WorkspaceSchema | undefined;
  try {
    schema = run.readJson<WorkspaceSchema>('schema', 'target.json');
  } catch {
    schema = undefined; // unreadable schema: the standard list still applies
  }
  for (const object of schema?.objects ?? []) {
    for (const f of object.fields ?? []) {
      if (!f.isUnique || !f.isActive || f.name === 'id') continue;
      const path = uniqueValuePath(f).join('.');
      const list = (out[object.namePlural] ??= []);
      if (!list.includes(path)) list.push(path);
    }
  }
  return out;
}

/** The value a unique index compares: empty values are not constrained; text compares case-insensitively. */
export function uniqueKey(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? value.trim().toLowerCase() : JSON.stringify(value);
}

/** The first unique field of `record` holding a value, for merge reports. */
export function matchedUniqueValue(record: Record<string, unknown>, fields: string[]): { field: string; value: unknown } | null {
  for (const field of fields) {
    const value = valueAtPath(record, field);
    if (uniqueKey(value) !== null) return { field, value };
  }
  return null;
}

/**
 * Remembers the unique values of one object's records in file order; the first record holding a value owns it.
 * Every record of the file passes through it (done ones too), so a resumed run reaches the same verdicts.
 */
export class UniqueValues {
  /** per field: unique key → source id of its first holder, as hashes and packed ids (sdk/run/uuid-owners.ts) */
  private readonly owners = new Map<string, UuidOwners>();

  constructor(private readonly fields: string[]) {}

  /** The clash of `record` with an earlier source record, if any; otherwise claims its values. */
  claim(sourceId: string, record: Record<string, unknown>): { field: string; value: unknown; ownerId: string } | null {
    for (const field of this.fields) {
      const value = valueAtPath(record, field);
      const key = uniqueKey(value);
      if (key === null) continue;
      const owner = this.owners.get(field)?.get(key);
      if (owner !== undefined && owner !== sourceId) return { field, value, ownerId: owner };
    }
    for (const field of this.fields) {
      const key = uniqueKey(valueAtPath(record, field));
      if (key === null) continue;
      let owners = this.owners.get(field);
      if (!owners) this.owners.set(field, (owners = new UuidOwners()));
      // the first loop found no other owner: this claims the value, or finds sourceId already holding it
      owners.claim(key, sourceId);
    }
    return null;
  }
}
