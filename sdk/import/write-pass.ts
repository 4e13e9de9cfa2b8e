/**
 * The first write of one object: stream `transform/<plural>.jsonl`, leave out what the ledger has settled, set aside
 * records that cannot succeed, rewrite join columns through the id map and upsert the rest in pipelined batches.
 */
import type { PlannedObject, TransformedRecord } from '../run/contracts.js';
import { UuidList } from '../run/uuid-set.js';
import { recordFailures, senderFor, type RunContext } from './context.js';
import { isJoinColumn, rewriteReferences } from './id-map.js';
import { batched, forEachConcurrent } from './pool.js';
import { sendItems, type Item } from './send.js';
import type { ObjectImportResult } from './types.js';
import { UniqueValues } from './unique.js';
import { payloadDigest } from './digest.js';
import { isTrashedNow } from './ledger.js';

/**
 * Imports one object's transformed records (resumable: records the ledger has as done are skipped).
 *
 * @example
 * await writeObject(ctx, { object: 'people', nameSingular: 'person', count: 1200, deferredFields: [] }, result);
 */
export async function writeObject(ctx: RunContext, planned: PlannedObject, result: ObjectImportResult): Promise<void> {
  const object = planned.object;
  // Target ids owned by a source record other than the one with that id (merges); the rest is read from the ledger.
  const owners = new Map<string, string>();
  for (const [sourceId, e] of ctx.ledger.merged.get(object) ?? []) if (e.targetId) owners.set(e.targetId, sourceId);
  const sender = senderFor(ctx, object, 'write', result, owners);
  const stopped = () => ctx.stopState.stop !== undefined || Boolean(ctx.signal?.aborted);
  await forEachConcurrent(batched(pending(ctx, planned, result), () => ctx.batchSize.value), ctx.concurrency, (batch) => sendItems(sender, batch), stopped);
}

/** The records of one object still to send, as items; refusals decided without the server are recorded on the way. */
async function* pending(ctx: RunContext, planned: PlannedObject, result: ObjectImportResult): AsyncGenerator<Item> {
  const object = planned.object;
  const done = ctx.ledger.done.get(object);
  const failed = ctx.ledger.failed.get(object);
  const sent = ctx.ledger.sent.get(object);
  const unique = new UniqueValues(ctx.uniqueFields[object] ?? []);
  const trashCandidates = new UuidList(); // compact: one per soft-deleted record, kept until the trash pass
  for await (const t of ctx.run.readJsonl<TransformedRecord>('transform', `${object}.jsonl`)) {
    if (!t || typeof t.sourceId !== 'string' || !t.record) continue;
    if (t.deletedAt) trashCandidates.push(t.sourceId);
    const payload = rewriteReferences({ ...t.record, id: t.record.id ?? t.sourceId }, ctx.ids);
    let resend = false;
    if (done?.has(t.sourceId)) {
      // Written before: sent again only when what this run would send differs (sdk/import/digest.ts).
      const before = sent?.get(t.sourceId);
      // A record the target holds in its trash that the source has live again (restored there, found by `sync`)
      // is sent again even unchanged: the upsert restores it.
      const restore = !t.deletedAt && isTrashedNow(ctx.ledger, object, t.sourceId);
      if (!restore && (before === undefined || before === payloadDigest(payload))) {
        unique.claim(t.sourceId, t.record);
        result.alreadyDone += 1;
        continue;
      }
      resend = true;
    } else if (failed?.has(t.sourceId) && !ctx.retryFailed) {
      result.previouslyFailed += 1;
      continue;
    }
    const item: Item = { sourceId: t.sourceId, payload, ...(resend ? { resend } : {}) };
    const refusal = refuse(ctx, object, item, unique);
    if (refusal) {
      recordFailures(ctx, object, 'write', [{ item, ...refusal }]);
      result.failed += 1;
      continue;
    }
    yield item;
  }
  // Reached only when the whole file was read (a stopped pipeline stops pulling, and then no trash pass runs).
  ctx.trashCandidates?.set(object, trashCandidates);
}

/**
 * Records we know the target would refuse or mishandle, decided before sending:
 * - a unique value an earlier record of the file already holds: one batch would be refused as a whole ("A duplicate
 *   entry was detected"), and sent apart the second record would be merged into the first and overwrite it;
 * - a join column pointing at a record whose import failed, or that the transform stage found invalid (never sent):
 *   the foreign key cannot hold.
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
    const invalid = ctx.invalid.get(value);
    if (invalid) {
      return {
        code: 'REFERENCED_RECORD_INVALID',
        field: key,
        message: `${key} points at ${invalid.object} record ${value}, which was not imported (${invalid.code} on ${invalid.field ?? 'the record'}: ${invalid.message})`,
      };
    }
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
