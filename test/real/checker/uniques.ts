/**
 * Unique values (company domain, person e-mail, custom unique fields). When the target already holds a record
 * with a unique value a source record has, Twenty's upsert updates that record and drops the id sent
 * (twenty-api.md §3): such merges are read from the target itself (a source record absent by id whose unique
 * value a target record holds), never from the tool's files. Also lists near-duplicates Twenty keeps.
 */
import type { Json } from './http.js';
import type { FieldMeta, ObjectMeta } from './metadata.js';
import { canonical, normUrl, stable } from './normalize.js';
import type { Row } from './records.js';
import type { Report } from './report.js';

export type ById = Map<string, Row>;

export const uniqueFields = (obj: ObjectMeta) => obj.fields.filter((f) => f.isUnique && f.isActive && !f.isSystem && f.name !== 'id');

/**
 * The key of a unique value as Twenty's upsert matches it: exactly, after its own write normalisation (e-mails
 * lower-cased; a link with a scheme gets its origin lower-cased and trailing `/` dropped, a link without a scheme
 * is stored as typed). `loose` also ignores case, scheme, `www.` and a trailing `/`, to spot near-duplicates.
 */
export function uniqueKey(f: FieldMeta, v: Json, loose = false): string | null {
  let k: string;
  if (f.type === 'LINKS') {
    const u = String(v?.primaryLinkUrl ?? '').trim();
    k = loose ? normUrl(u).toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '') : /^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? normUrl(u) : u;
  }
  else if (f.type === 'EMAILS') k = String(v?.primaryEmail ?? '').trim().toLowerCase();
  else {
    const c = canonical(f.type, v);
    k = c === null || c === undefined || c === '' ? '' : stable(c);
  }
  return k ? k : null;
}


/** Source id → target id for each source record merged into another target record. */
export function findMerges(r: Report, obj: ObjectMeta, s: ById, t: ById, before: ById | undefined): Map<string, string> {
  const m = new Map<string, string>();
  const uniques = uniqueFields(obj);
  if (!uniques.length) return m;
  const index = new Map<string, string>();
  for (const [id, row] of t) {
    if (s.has(id)) continue;
    for (const f of uniques) {
      const k = uniqueKey(f, row[f.name]);
      if (k) index.set(`${f.name}:${k}`, id);
    }
  }
  for (const [id, row] of s) {
    if (t.has(id)) continue;
    for (const f of uniques) {
      const k = uniqueKey(f, row[f.name]);
      const hit = k ? index.get(`${f.name}:${k}`) : undefined;
      if (!hit) continue;
      m.set(id, hit);
      r.info.merges.add({
        class: `${obj.nameSingular} merged by ${f.name}`, object: obj.nameSingular, id, field: f.name, source: id, target: hit,
        note: before?.has(hit) ? 'into a target record that existed before the migration' : 'into a target record created during the migration',
      });
      break;
    }
  }
  return m;
}

/**
 * Live target records sharing a unique value up to case, scheme and a trailing '/' (Twenty compares exactly, so
 * `HOUSECALLPRO.COM/` and `housecallpro.com` both stay): counted in info, not failed.
 */
export function nearDuplicates(r: Report, obj: ObjectMeta, t: ById, before: ById | undefined): void {
  for (const f of uniqueFields(obj)) {
    const groups = new Map<string, string[]>();
    for (const [id, row] of t) {
      const k = uniqueKey(f, row[f.name], true);
      if (k) groups.set(k, [...(groups.get(k) ?? []), id]);
    }
    for (const [k, ids] of groups) {
      if (ids.length < 2) continue;
      r.info.nearDuplicateUniques.add({
        class: `${obj.nameSingular}.${f.name}`, object: obj.nameSingular, id: ids[0], field: f.name,
        target: ids.map((id) => ({ id, value: (t.get(id) as Json)[f.name], preexisting: before?.has(id) ?? false })),
        note: `${ids.length} live target records share "${k}"`,
      });
    }
  }
}
