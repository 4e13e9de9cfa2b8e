/**
 * Records the import merged into (a target record that already held the source record's unique value, written
 * over by the upsert) are put back as they were: the fields the import sent (transform/<plural>.jsonl, deferred
 * join columns included, `createdAt` too) get the values of the record's before-image (import/before/, taken
 * before the first write). Fields the import did not send were never changed, so they are not touched. A merged record someone changed after the migration is kept and
 * listed unless `force`; one without a before-image (a run folder from before images were taken) is listed.
 */
import { request, type TwentyClient } from '../client/index.js';
import { readBeforeImages } from '../import/before-images.js';
import type { TransformedRecord } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { changedSince, type UndoPlan } from './plan.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import { findObject } from '../plan/objects.js';
import { LEAVE_OUT, toWritable } from '../transform/write-rules.js';
import { UNDO_LEDGER, type UndoLedgerEntry } from './records.js';

export interface MergedUndo {
  object: string;
  merged: number;
  restored: number;
  earlier: number;
  keptChanged: Array<{ targetId: string; updatedAt: string }>;
  /** merged records without a before-image: left as they are now */
  noImage: string[];
  failed: Array<{ targetId: string; message: string }>;
}

/**
 * Keys never restored: identity, and what the server stamps itself. `createdAt` is restored: the upsert wrote the
 * source's over the target's (seen on the real 2.21: the example Airbnb's createdAt became the source record's).
 */
const NOT_RESTORED = new Set(['id', 'updatedAt', 'updatedBy', 'deletedAt', 'position', 'searchVector']);

async function sentKeys(run: RunFolder, plural: string, sourceIds: Set<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!run.exists('transform', `${plural}.jsonl`)) return out;
  for await (const line of run.readJsonl<TransformedRecord>('transform', `${plural}.jsonl`)) {
    if (!sourceIds.has(line.sourceId)) continue;
    out.set(line.sourceId, [...Object.keys(line.record ?? {}), ...Object.keys(line.deferred ?? {})].filter((k) => !NOT_RESTORED.has(k)));
  }
  return out;
}

/**
 * @example
 * const r = await restoreMerged(target.core, run, plan.merged, done, { dryRun: true }); // [{ object: 'companies', merged: 3, restored: 3, … }]
 */
export async function restoreMerged(
  client: TwentyClient,
  run: RunFolder,
  merged: UndoPlan['merged'],
  done: Map<string, UndoLedgerEntry>,
  options: { dryRun?: boolean; force?: boolean } = {},
): Promise<MergedUndo[]> {
  const byObject = new Map<string, UndoPlan['merged']>();
  for (const m of merged) byObject.set(m.object, [...(byObject.get(m.object) ?? []), m]);
  const out: MergedUndo[] = [];
  for (const [object, list] of byObject) {
    const r: MergedUndo = { object, merged: list.length, restored: 0, earlier: 0, keptChanged: [], noImage: [], failed: [] };
    out.push(r);
    const images = await readBeforeImages(run, object);
    const schema = run.readJson<WorkspaceSchema>('schema', 'target.json');
    const fields = new Map((schema ? findObject(schema, object)?.fields ?? [] : []).map((f) => [f.name, f]));
    const keys = await sentKeys(run, object, new Set(list.map((m) => m.sourceId)));
    for (const m of list) {
      if (done.get(`${object}/${m.targetId}`)?.status === 'removed') {
        r.earlier += 1;
        continue;
      }
      const image = images.get(m.targetId);
      if (!image) {
        r.noImage.push(m.targetId);
        continue;
      }
      const now = await request<{ data?: Record<string, Record<string, unknown>> }>(client, 'GET', '/{plural}/{id}', { path: { plural: object, id: m.targetId }, query: { depth: 0 } });
      const current = now.data ? Object.values(now.data.data ?? {})[0] : undefined;
      if (current && changedSince(current.updatedAt, m.lastWrittenAt) && !options.force) {
        r.keptChanged.push({ targetId: m.targetId, updatedAt: String(current.updatedAt) });
        continue;
      }
      // Only keys the image holds (one it lacks was not read), each as the target takes it back (write-rules.ts:
      // an empty value of a NOT NULL field with a default is left out, as on import).
      const body: Record<string, unknown> = {};
      for (const k of keys.get(m.sourceId) ?? []) {
        if (!(k in image)) continue;
        const field = fields.get(k);
        const value = field ? toWritable(field, image[k]) : image[k];
        if (value !== LEAVE_OUT) body[k] = value;
      }
      if (options.dryRun || !Object.keys(body).length) {
        r.restored += 1;
        continue;
      }
      const put = await request(client, 'PATCH', '/{plural}/{id}', { path: { plural: object, id: m.targetId }, body });
      if (put.error) {
        r.failed.push({ targetId: m.targetId, message: put.error.message });
        continue;
      }
      r.restored += 1;
      // 'removed' is the undo ledger's "done" for this target record: a second undo leaves it alone.
      run.appendJsonl([{ object, targetId: m.targetId, status: 'removed', message: 'restored to its before-image', at: new Date().toISOString() } satisfies UndoLedgerEntry], ...UNDO_LEDGER);
    }
  }
  return out;
}
