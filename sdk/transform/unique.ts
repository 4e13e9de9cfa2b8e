/**
 * Uniqueness within the export for the target's unique fields (person emails, company domainName, custom unique
 * fields). The target refuses a second record with the same value ("A duplicate entry was detected", which never
 * names the field), so the later duplicates are reported here, by field, with the id of the record that keeps it.
 * Soft-deleted records count too: the target's unique indexes include them (#24227, #26216).
 */
import type { SchemaField, SchemaObject } from '../metadata/types.js';
import { uniqueValuePath } from '../metadata/unique-fields.js';
import { valueAtPath } from '../record-path.js';
import type { RecordIssue } from '../run/run-folder.js';
import { UuidOwners } from '../run/uuid-owners.js';


export class UniqueValues {
  private readonly fields: Array<{ field: SchemaField; path: string[] }>;
  /**
   * per field path: value → id of the first record holding it; values kept as 64-bit hashes, ids packed (one entry
   * per record of the object: see sdk/run/uuid-owners.ts for the size and the collision bound)
   */
  private readonly seen = new Map<string, UuidOwners>();

  constructor(private readonly target: SchemaObject) {
    this.fields = target.fields
      .filter((f) => f.isActive && f.isUnique && f.name !== 'id')
      .map((f) => ({ field: f, path: uniqueValuePath(f) }));
    for (const f of this.fields) this.seen.set(f.path.join('.'), new UuidOwners());
  }

  /**
   * Issues for values an earlier record already holds; when there are none, the record's values are registered.
   *
   * @example
   * const unique = new UniqueValues(findObject(target, 'people')!);
   * unique.check(first, first.id);  // []
   * unique.check(second, second.id); // [{ code: 'DUPLICATE_UNIQUE_VALUE', field: 'emails.primaryEmail', … }]
   */
  check(record: Record<string, unknown>, recordId: string | null): RecordIssue[] {
    const issues: RecordIssue[] = [];
    const found: Array<[UuidOwners, string]> = [];
    for (const { path } of this.fields) {
      const raw = valueAtPath(record, path);
      if (raw === null || raw === undefined || raw === '') continue;
      const value = typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
      const key = path.join('.');
      const map = this.seen.get(key)!;
      const first = map.get(value);
      if (first !== undefined && first !== recordId) {
        issues.push({
          stage: 'transform', object: this.target.namePlural, recordId, field: key, code: 'DUPLICATE_UNIQUE_VALUE',
          message: `${this.target.namePlural}.${key} ${JSON.stringify(value)} is already used by record ${first}; the target's unique index refuses a second one`,
        });
      } else found.push([map, value]);
    }
    if (!issues.length) for (const [map, value] of found) map.claim(value, recordId ?? '');
    return issues;
  }
}
