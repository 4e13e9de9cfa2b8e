/**
 * The first write of one object: stream `transform/<plural>.jsonl`, leave out what the ledger has settled, set aside
 * records that cannot succeed, rewrite join columns through the id map and upsert the rest in pipelined batches.
 */
import type { PlannedObject, TransformedRecord } from '../run/contracts.js';
import { recordFailures, senderFor, type RunContext } from './context.js';
import { isJoinColumn, rewriteReferences } from './id-map.js';
import { batched, forEachConcurrent } from './pool.js';
import { sendItems, type Item } from './send.js';
import type { ObjectImportResult } from './types.js';
import { UniqueValues } from './unique.js';

/**
 * Imports one object's transformed records (resumable: records the ledger has as done are skipped).
 *
 * @example
 * await writeObject(ctx, { object: 'people', nameSingular: 'person', count: 1200, deferredFields: [] }, result);
 */
export async function writeObject(ctx: RunContext, planned: PlannedObject, result: ObjectImportResult): Promise<void> {
  const object = planned.object;
  const owners = new Map<string, string>();
  for (const [sourceId, targetId] of ctx.ledger.done.get(object) ?? []) owners.set(targetId, sourceId);
  const sender = senderFor(ctx, object, 'write', result, owners);
  const stopped = () => ctx.stopState.stop !== undefined || Boolean(ctx.signal?.aborted);
  await forEachConcurrent(batched(pending(ctx, planned, result), () => ctx.batchSize.value), ctx.concurrency, (batch) => sendItems(sender, batch), stopped);
}

/** The records of one object still to send, as items; refusals decided without the server are recorded on the way. */
async function* pending(ctx: RunContext, planned: PlannedObject, result: ObjectImportResult): AsyncGenerator<Item> {
  const object = planned.object;
  const done = ctx.ledger.done.get(object);
  const failed = ctx.ledger.failed.get(object);
  const unique = new UniqueValues(ctx.uniqueFields[object] ?? []);
  for await (const t of ctx.run.readJsonl<TransformedRecord>('transform', `${object}.jsonl`)) {
    if (!t || typeof t.sourceId !== 'string' || !t.record) continue;
    if (done?.has(t.sourceId)) {
      unique.claim(t.sourceId, t.record);
      result.alreadyDone += 1;
      continue;
    }
    if (failed?.has(t.sourceId) && !ctx.retryFailed) {
      result.previouslyFailed += 1;
      continue;
    }
    const item: Item = { sourceId: t.sourceId, payload: rewriteReferences({ ...t.record, id: t.record.id ?? t.sourceId }, ctx.ids) };
    const refusal = refuse(ctx, object, item, unique);
    if (refusal) {
      recordFailures(ctx, object, 'write', [{ item, ...refusal }]);
      result.failed += 1;
      continue;
    }
    yield item;
  }
}

/**
 * Records we know the target would refuse or mishandle, decided before sending:
 * - a unique value an earlier record of the file already holds: one batch would be refused as a whole ("A duplicate
 *   entry was detected"), and sent apart the second record would be merged into the first and overwrite it;
 * - a join column pointing at a record whose import failed: the foreign key cannot hold.
 */
function refuse(ctx: RunContext, object: string, item: Item, unique: UniqueValues) {
  const clash = unique.claim(item.sourceId, item.payload);
  if (clash) {
    return {
      code: 'DUPLICATE_UNIQUE_VALUE',
      field: clash.field,
      message: `${clash.field} "${String(clash.value)}" is also the value of source record ${clash.ownerId}, imported first; the target allows one record per value`,
    };
  }
  for (const [key, value] of Object.entries(item.payload)) {
    if (!isJoinColumn(key, value)) continue;
    for (const [other, failures] of ctx.ledger.failed) {
      const failure = failures.get(value);
      if (failure && other !== object) {
        return {
          code: 'REFERENCED_RECORD_FAILED',
          field: key,
          message: `${key} points at ${other} record ${value}, which the target refused: ${failure.message ?? failure.code ?? 'see errors.jsonl'}`,
        };
      }
    }
  }
  return null;
}
