/**
 * Pre-existing target records must stay untouched: every record of the target snapshotted before the migration
 * (after the reset and any test set-up) is compared, column by column, with what the target holds afterwards.
 * Merge targets are excepted (the upsert updates them by design), and so are the columns the tool documents it
 * rewrites.
 */
import type { ObjectMeta } from './metadata.js';
import { stable, withoutUrls } from './normalize.js';
import type { Row } from './records.js';
import type { Report } from './report.js';
import type { ById } from './uniques.js';

/**
 * Columns of pre-existing target records the tool documents it rewrites: `run` soft-deletes the automated
 * triggers of the target's active workflows before writing and restores them at the end (README "The target's
 * automations cannot rewrite what is imported"), which moves their updatedAt. Everything else must be as before.
 */
export const DOCUMENTED_REWRITES: Record<string, Set<string>> = {
  workflowAutomatedTrigger: new Set(['updatedAt']),
};


export function labelOf(obj: ObjectMeta, row: Row): unknown {
  const f = obj.labelField ?? (row.name !== undefined ? 'name' : row.title !== undefined ? 'title' : null);
  return f ? row[f] : row.id;
}

export function comparePreexisting(r: Report, meta: ObjectMeta, rows: Row[], post: ById, merged: Set<string>): void {
  // only the columns that existed before: a field the schema stage adds shows up with its default, unchanged data
  const filesFields = new Set(meta.fields.filter((f) => f.type === 'FILES').map((f) => f.name));
  for (const b of rows) {
    const id = String(b.id);
    const a = post.get(id);
    if (!a) {
      r.preexistingAltered.add({ class: `${meta.nameSingular} deleted`, object: meta.nameSingular, id, source: labelOf(meta, b), note: 'no longer listed in the target' });
      continue;
    }
    if (merged.has(id)) continue;
    for (const k of Object.keys(b)) {
      if (k === 'searchVector') continue;
      if (DOCUMENTED_REWRITES[meta.nameSingular]?.has(k)) {
        if (stable(b[k]) !== stable(a[k])) r.info.documentedRewrites++;
        continue;
      }
      // FILES values carry signed URLs, re-signed on every read
      const [x, y] = filesFields.has(k) ? [withoutUrls(b[k]), withoutUrls(a[k])] : [b[k], a[k]];
      if (stable(x) !== stable(y)) {
        r.preexistingAltered.add({
          class: `${meta.nameSingular}.${k}`, object: meta.nameSingular, id, field: k, source: b[k], target: a[k],
          note: a.updatedBy?.source ? `updatedBy ${a.updatedBy.source} ${a.updatedBy.name ?? ''}` : undefined,
        });
      }
    }
  }
}
