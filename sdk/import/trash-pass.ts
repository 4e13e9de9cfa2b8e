/**
 * The trash pass: records that were soft-deleted in the source (exported with `--include-deleted`) are written like
 * the others, so their relations and unique values exist in the target, and then soft-deleted there too. 2.21 has
 * no confirmed way to set `deletedAt` on create, so the target's deletedAt is the time of this pass.
 *
 * One request per chunk of ids, up to `concurrency` chunks in flight: `DELETE /rest/<plural>?filter=id[in]:[…]&soft_delete=true`. The filter only matches
 * records not yet soft-deleted, so a repeated request after a kill changes nothing.
 */
import { idInFilter, IDS_PER_FILTER, request } from '../client/index.js';
import type { TransformedRecord } from '../run/contracts.js';
import type { RunContext } from './context.js';
import type { UuidMap } from '../run/uuid-set.js';
import { isTrashedNow, recordOutcomes, type ImportLedgerEntry } from './ledger.js';
import { batched, forEachConcurrent } from './pool.js';
import type { ObjectImportResult } from './types.js';


export async function trashObject(ctx: RunContext, object: string, result: ObjectImportResult): Promise<void> {
  const done = ctx.ledger.done.get(object);
  if (!done?.size) return;
  const stopped = () => ctx.stopState.stop !== undefined || Boolean(ctx.signal?.aborted);
  // Chunks are independent (disjoint ids, each settled by its own answer), so they are pipelined like batches.
  await forEachConcurrent(batched(toTrash(ctx, object, done), () => IDS_PER_FILTER), ctx.concurrency, (chunk) => flush(ctx, object, result, chunk), stopped);
}

type Chunk = Array<{ sourceId: string; targetId: string }>;

async function* toTrash(ctx: RunContext, object: string, done: UuidMap): AsyncGenerator<Chunk[number]> {
  for await (const sourceId of deletedInSource(ctx, object)) {
    if (isTrashedNow(ctx.ledger, object, sourceId)) continue;
    // A merged record is someone else's live record in the target: never send it to the trash.
    const targetId = done.get(sourceId);
    if (!targetId || ctx.ledger.merged.get(object)?.has(sourceId)) continue;
    yield { sourceId, targetId };
  }
}

/** Source ids of the object's records that were in the source's trash, in file order. */
async function* deletedInSource(ctx: RunContext, object: string): AsyncGenerator<string> {
  const noted = ctx.trashCandidates?.get(object);
  if (noted) {
    // a loop, not `yield*`: notebooks type-check this file with tslab's TypeScript 5.0 (non-strict), which rejects it
    for (const id of noted) yield id;
    return;
  }
  for await (const t of ctx.run.readJsonl<TransformedRecord>('transform', `${object}.jsonl`)) {
    if (t?.deletedAt && typeof t.sourceId === 'string' && t.record) yield t.sourceId;
  }
}

async function flush(ctx: RunContext, object: string, result: ObjectImportResult, chunk: Chunk): Promise<void> {
  if (!chunk.length || ctx.stopState.stop || ctx.signal?.aborted) return;
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(ctx.client, 'DELETE', `/${object}`, {
      query: { filter: idInFilter(chunk.map((c) => c.targetId)), soft_delete: true },
      signal: ctx.signal,
    });
  } catch (error) {
    // Only the caller's abort throws out of `request`: stop like the other passes (the next run repeats this chunk).
    if (!ctx.signal?.aborted) throw error;
    ctx.stopState.stop ??= { kind: 'aborted', object };
    return;
  }
  ctx.requests.count += 1;
  result.requests += 1;
  if (res.error) {
    ctx.stopState.stop ??= { kind: res.error.retryable ? 'transient' : 'fatal', object, error: res.error };
    return;
  }
  const at = new Date().toISOString();
  const entries: ImportLedgerEntry[] = chunk.map((c) => ({ object, sourceId: c.sourceId, targetId: c.targetId, status: 'trashed', at }));
  recordOutcomes(ctx.run, ctx.ledger, entries, ctx.by);
  result.trashed = (result.trashed ?? 0) + entries.length;
}
