/**
 * The trash pass: records that were soft-deleted in the source (exported with `--include-deleted`) are written like
 * the others, so their relations and unique values exist in the target, and then soft-deleted there too. 2.21 has
 * no confirmed way to set `deletedAt` on create, so the target's deletedAt is the time of this pass.
 *
 * One request per chunk of ids: `DELETE /rest/<plural>?filter=id[in]:[…]&soft_delete=true`. The filter only matches
 * records not yet soft-deleted, so a repeated request after a kill changes nothing.
 */
import { request } from '../client/index.js';
import type { TransformedRecord } from '../run/contracts.js';
import type { RunContext } from './context.js';
import { recordOutcomes, type ImportLedgerEntry } from './ledger.js';
import type { ObjectImportResult } from './types.js';

/** Ids per request: keeps the URL well under common 8 KB limits (37 characters per quoted uuid). */
const CHUNK = 100;

export async function trashObject(ctx: RunContext, object: string, result: ObjectImportResult): Promise<void> {
  const done = ctx.ledger.done.get(object);
  const trashed = ctx.ledger.trashed.get(object);
  if (!done?.size) return;
  let chunk: Array<{ sourceId: string; targetId: string }> = [];
  const flush = async () => {
    if (!chunk.length) return;
    const ids = chunk.map((c) => `"${c.targetId}"`).join(',');
    const res = await request(ctx.client, 'DELETE', `/${object}`, {
      query: { filter: `id[in]:[${ids}]`, soft_delete: true },
      signal: ctx.signal,
    });
    ctx.requests.count += 1;
    result.requests += 1;
    if (res.error) {
      ctx.stopState.stop ??= { kind: res.error.retryable ? 'transient' : 'fatal', object, error: res.error };
      return;
    }
    const at = new Date().toISOString();
    const entries: ImportLedgerEntry[] = chunk.map((c) => ({ object, sourceId: c.sourceId, targetId: c.targetId, status: 'trashed', at }));
    recordOutcomes(ctx.run, ctx.ledger, entries);
    result.trashed = (result.trashed ?? 0) + entries.length;
    chunk = [];
  };
  for await (const t of ctx.run.readJsonl<TransformedRecord>('transform', `${object}.jsonl`)) {
    if (!t?.deletedAt || typeof t.sourceId !== 'string' || trashed?.has(t.sourceId)) continue;
    // A merged record is someone else's live record in the target: never send it to the trash.
    const targetId = done.get(t.sourceId);
    if (!targetId || ctx.ledger.merged.get(object)?.has(t.sourceId)) continue;
    chunk.push({ sourceId: t.sourceId, targetId });
    if (chunk.length >= CHUNK) await flush();
    if (ctx.stopState.stop || ctx.signal?.aborted) return;
  }
  await flush();
}
