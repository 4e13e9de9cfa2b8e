/**
 * Verify on what a sync round touched, not on the whole workspace: each record it wrote, trashed, restored or took
 * out is read back from the target by id (one request per 100 records and state) and compared field by field with
 * what was sent, with the same rules as `verify` (verify/verify.ts `ignoredFields`). Records changed in the target
 * since (a workflow that ran anyway, a user) show up as differences: nothing here is assumed.
 */
import { chunked, idInFilter, listPages, type TwentyClient } from '../client/index.js';
import { idMapOf, loadLedger } from '../import/index.js';
import type { RunFolder } from '../run/run-folder.js';
import { loadRewrites } from '../run/rewrites.js';
import { compareRecord } from '../verify/compare.js';
import { indexSent } from '../verify/sent-index.js';
import { ignoredFields } from '../verify/verify.js';

export interface TouchedVerification {
  status: 'pass' | 'fail';
  checked: number;
  requests: number;
  /** per record that is not as this round left it: what differs */
  problems: Array<{ object: string; sourceId: string; targetId: string; problem: string }>;
}

/** object → source ids, and what the target should show for each: the record as sent, or the record in its trash. */
export type Touched = Map<string, { written: Set<string>; trashed: Set<string> }>;


/**
 * @example
 * const v = await verifyTouched(m.target.core, run, touched);
 * v.status; // 'pass'
 */
export async function verifyTouched(client: TwentyClient, run: RunFolder, touched: Touched, pageSize = 200): Promise<TouchedVerification> {
  const out: TouchedVerification = { status: 'pass', checked: 0, requests: 0, problems: [] };
  const ledger = await loadLedger(run);
  const ids = idMapOf(ledger);
  const rewrites = await loadRewrites(run);
  for (const [object, t] of touched) {
    const all = [...new Set([...t.written, ...t.trashed])];
    if (!all.length) continue;
    const targetOf = new Map(all.map((s) => [ids.target(object, s) ?? s, s]));
    const found = new Map<string, Record<string, unknown>>();
    for (const part of chunked([...targetOf.keys()])) {
      const inList = idInFilter(part);
      for (const filter of [inList, `and(${inList},deletedAt[is]:NOT_NULL)`]) {
        for await (const page of listPages(client, object, { filter, pageSize })) {
          out.requests += 1;
          for (const r of page.records) found.set(String(r.id), r);
        }
      }
    }
    const sent = await indexSent(run, object, ids, rewrites.get(object));
    try {
      for (const [targetId, sourceId] of targetOf) {
        out.checked += 1;
        const problem = (p: string) => out.problems.push({ object, sourceId, targetId, problem: p });
        const record = found.get(targetId);
        if (!record) {
          problem('not in the target, neither live nor in its trash');
          continue;
        }
        const toTrash = t.trashed.has(sourceId);
        const line = sent.get(targetId);
        const shouldBeTrashed = toTrash || Boolean(line?.deletedAt);
        if (shouldBeTrashed !== Boolean(record.deletedAt)) problem(shouldBeTrashed ? 'live, but should be in the trash' : 'in the trash, but should be live');
        if (toTrash || !line) continue;
        const merged = ledger.merged.get(object)?.has(sourceId) ?? false;
        const differ = compareRecord(line.record, record, ignoredFields({ merged, trashed: Boolean(line.deletedAt) }));
        if (differ.length) problem(`differs from what was sent in ${differ.slice(0, 5).map((d) => `${d.field} (sent ${JSON.stringify(d.expected)}, holds ${JSON.stringify(d.actual)})`).join(', ')}${differ.length > 5 ? ', …' : ''}`);
      }
    } finally {
      sent.close();
    }
  }
  out.status = out.problems.length ? 'fail' : 'pass';
  return out;
}
