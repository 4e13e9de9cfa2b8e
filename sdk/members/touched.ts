/**
 * How many exported records reference each unmatched member: tells the user whose invitation matters (a member
 * who owns 3,000 companies) and whose does not (one who never touched a record).
 */
import { readExported } from '../export/read.js';
import type { MemberRecord, MemberReferenceField } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { valueAtPath } from './reference-fields.js';

/**
 * Counts, per unmatched member id, the exported records with at least one reference to them (streaming the
 * export files of the objects that have reference fields). Members referenced nowhere get 0.
 *
 * @example
 * await countTouched(run, { unmatched, referenceFields }); // { '<member id>': 1240, '<other id>': 0 }
 */
export async function countTouched(
  run: RunFolder,
  members: { unmatched: MemberRecord[]; referenceFields: MemberReferenceField[] },
): Promise<Record<string, number>> {
  const touched: Record<string, number> = Object.fromEntries(members.unmatched.map((m) => [m.id, 0]));
  if (!members.unmatched.length) return touched;
  const byObject = new Map<string, string[]>();
  for (const f of members.referenceFields) byObject.set(f.object, [...(byObject.get(f.object) ?? []), f.path]);
  for (const [object, paths] of byObject) {
    for await (const record of readExported(run, object)) {
      const seen = new Set<string>();
      for (const path of paths) {
        const id = valueAtPath(record, path);
        if (typeof id === 'string' && id in touched) seen.add(id);
      }
      for (const id of seen) touched[id] += 1;
    }
  }
  return touched;
}
