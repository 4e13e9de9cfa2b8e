/**
 * The target's records as they were before this run folder first wrote, for the objects where a write can land on
 * a record that already existed: those with unique fields (upsert merges a source record into the target record
 * holding the same e-mail, domain or custom unique value, and writes over its fields). Taken once, before the
 * first write of the import, into `import/before/<plural>.jsonl`, so `undo` can put a merged record back as it
 * was. An import killed while taking them has written nothing yet: the next run takes them again.
 */
import { listRecords, type TwentyClient } from '../client/index.js';
import { writeFileAtomic, type RunFolder } from '../run/run-folder.js';

export const BEFORE_DIR = ['import', 'before'] as const;
const DONE = [...BEFORE_DIR, 'done.json'] as const;

/**
 * @example
 * await takeBeforeImages(target.core, run, ['companies', 'people']); // import/before/companies.jsonl, people.jsonl
 */
export async function takeBeforeImages(client: TwentyClient, run: RunFolder, objects: string[], signal?: AbortSignal): Promise<{ taken: boolean; records: number }> {
  if (run.exists(...DONE)) return { taken: false, records: 0 };
  let records = 0;
  for (const plural of objects) {
    // Started again from empty: a kill while taking them left a partial file, and nothing was written since.
    writeFileAtomic(run.path(...BEFORE_DIR, `${plural}.jsonl`), '');
    let page: Record<string, unknown>[] = [];
    for await (const r of listRecords(client, plural, { signal })) {
      page.push(r);
      if (page.length >= 200) {
        run.appendJsonl(page, ...BEFORE_DIR, `${plural}.jsonl`);
        records += page.length;
        page = [];
      }
    }
    if (page.length) run.appendJsonl(page, ...BEFORE_DIR, `${plural}.jsonl`);
    records += page.length;
  }
  run.writeJson({ at: new Date().toISOString(), objects, records }, ...DONE);
  return { taken: true, records };
}

/** The before-image of one target record, or undefined (the record did not exist, or no images were taken). */
export async function readBeforeImages(run: RunFolder, plural: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!run.exists(...BEFORE_DIR, `${plural}.jsonl`)) return out;
  for await (const r of run.readJsonl<Record<string, unknown>>(...BEFORE_DIR, `${plural}.jsonl`)) if (typeof r?.id === 'string') out.set(r.id, r);
  return out;
}
