/**
 * Planned rewrites of record values made after the import by a later stage (e.g. a dashboard re-pointed at its
 * recreated page layout). Verification applies them to what was sent, so a planned change is not reported as a
 * difference. `record-rewrites.jsonl` in the run folder; later lines win.
 */
import type { RunFolder } from './run-folder.js';

export interface RecordRewrite {
  /** object namePlural */
  object: string;
  /** the record's id in the target */
  recordId: string;
  field: string;
  value: unknown;
}

const FILE = 'record-rewrites.jsonl';

export function recordRewrite(run: RunFolder, rewrite: RecordRewrite): void {
  run.appendJsonl([rewrite], FILE);
}

/** object → record id → field → value */
export async function loadRewrites(run: RunFolder): Promise<Map<string, Map<string, Record<string, unknown>>>> {
  const out = new Map<string, Map<string, Record<string, unknown>>>();
  for await (const r of run.readJsonl<RecordRewrite>(FILE)) {
    let byId = out.get(r.object);
    if (!byId) out.set(r.object, (byId = new Map()));
    byId.set(r.recordId, { ...(byId.get(r.recordId) ?? {}), [r.field]: r.value });
  }
  return out;
}
