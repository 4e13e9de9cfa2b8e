/**
 * Target records nobody asked for: neither pre-existing, nor carrying a source id, nor a merge target (e.g. the
 * `example.com` companies the target's "Create company when adding a new person" workflow creates, or a record
 * written twice by a resumed run under a fresh id). One with the same createdAt and label as a source record
 * is reported as a duplicate.
 */
import type { ObjectMeta } from './metadata.js';
import { canonical, stable } from './normalize.js';
import { labelOf } from './preexisting.js';
import type { Row } from './records.js';
import type { Report } from './report.js';
import type { ById } from './uniques.js';

function fingerprint(obj: ObjectMeta, row: Row): string {
  return `${canonical('DATE_TIME', row.createdAt)}|${stable(labelOf(obj, row))}`;
}

export function findUnexpected(r: Report, obj: ObjectMeta, s: ById, t: ById, pre: ById, merged: Set<string>): void {
  const fingerprints = new Map<string, string>();
  for (const row of s.values()) fingerprints.set(fingerprint(obj, row), String(row.id));
  for (const [id, row] of t) {
    if (s.has(id) || pre.has(id) || merged.has(id)) continue;
    const twin = fingerprints.get(fingerprint(obj, row));
    if (twin) {
      r.duplicates.add({ class: obj.nameSingular, object: obj.nameSingular, id, source: twin, target: labelOf(obj, row), note: 'same createdAt and label as a source record copied under its own id' });
    } else {
      r.unexpectedRecords.add({
        class: `${obj.nameSingular} created by ${row.createdBy?.source ?? '?'} ${row.createdBy?.name ?? ''}`.trim(), object: obj.nameSingular, id,
        target: labelOf(obj, row), note: `createdAt ${row.createdAt}`,
      });
    }
  }
}
