/**
 * The patch pass: join columns the plan held back (cycles) are written once every object exists, by batch upsert of
 * `{ id: <target id>, <deferred columns>, updatedAt }`. An upsert that matches an id updates only the fields it is
 * sent (twenty-api.md §3, "An update keeps … every field not sent"), and sending the source's `updatedAt` keeps the
 * record's last-update date what it was instead of "now".
 */
import type { PlannedObject, TransformedRecord } from '../run/contracts.js';
import { senderFor, type RunContext } from './context.js';
import { rewriteReferences } from './id-map.js';
import { batched, forEachConcurrent } from './pool.js';
import { sendItems, type Item } from './send.js';
import type { ObjectImportResult } from './types.js';
import { payloadDigest } from './digest.js';

/**
 * Writes the deferred join columns of one object's records (resumable: records the ledger has as patched are skipped).
 *
 * @example
 * await patchObject(ctx, { object: 'people', nameSingular: 'person', count: 1200, deferredFields: ['companyId'] }, result);
 */
export async function patchObject(ctx: RunContext, planned: PlannedObject, result: ObjectImportResult): Promise<void> {
  const sender = senderFor(ctx, planned.object, 'patch', result, new Map());
  const stopped = () => ctx.stopState.stop !== undefined || Boolean(ctx.signal?.aborted);
  await forEachConcurrent(batched(patches(ctx, planned), () => ctx.batchSize.value), ctx.concurrency, (batch) => sendItems(sender, batch), stopped);
}

async function* patches(ctx: RunContext, planned: PlannedObject): AsyncGenerator<Item> {
  const object = planned.object;
  const done = ctx.ledger.done.get(object);
  const merged = ctx.ledger.merged.get(object);
  const patched = ctx.ledger.patched.get(object);
  const patchFailed = ctx.ledger.patchFailed.get(object);
  const patchSent = ctx.ledger.patchSent.get(object);
  if (!done?.size) return;
  for await (const t of ctx.run.readJsonl<TransformedRecord>('transform', `${object}.jsonl`)) {
    if (!t?.deferred || typeof t.sourceId !== 'string' || Object.keys(t.deferred).length === 0) continue;
    const targetId = done.get(t.sourceId);
    // Not written (failed or not reached): nothing to patch.
    if (targetId === undefined) continue;
    const updatedAt = t.record?.updatedAt;
    const payload = { ...rewriteReferences(t.deferred, ctx.ids), id: targetId, ...(updatedAt !== undefined ? { updatedAt } : {}) };
    // Already patched with what this run would send (or by a run that kept no digest): settled. Patched with
    // something else (the record pointed at was merged since, say): sent again.
    if (patched?.has(t.sourceId)) {
      const before = patchSent?.get(t.sourceId);
      if (before === undefined || before === payloadDigest(payload)) continue;
      yield { sourceId: t.sourceId, payload, resend: true };
      continue;
    }
    if (patchFailed?.has(t.sourceId) && !ctx.retryFailed) continue;
    // A new record already has null there; a merged one had its own values, which the source's nulls replace.
    const allNull = Object.values(t.deferred).every((v) => v === null || v === undefined);
    if (allNull && !merged?.has(t.sourceId)) continue;
    yield { sourceId: t.sourceId, payload };
  }
}
