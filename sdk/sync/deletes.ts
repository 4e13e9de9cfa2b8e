/**
 * Records deleted for good in the source (found by a full id scan), taken out of the target only when the user asks
 * (`--delete-missing`). They go to the target's trash, not into oblivion: the source's deletion cannot be undone, the
 * target's can (Twenty's trash keeps them until its retention period ends, and `undo` removes them for good as
 * records this run folder created). Never touched: records merged into a record the target already had (that record
 * is the target's own), and records the target changed since we wrote them (a conflict).
 *
 * One request per 100 records: `DELETE /rest/<plural>?filter=id[in]:[…]&soft_delete=true`, which matches only live
 * records, so repeating it after a kill changes nothing; a `trashed` ledger line follows each answer.
 */
import { chunked, idInFilter, request, type TwentyClient } from '../client/index.js';
import { isTrashedNow, recordOutcomes, type ImportLedgerEntry, type LedgerState } from '../import/ledger.js';
import type { RunFolder } from '../run/run-folder.js';
import { MigrationError } from '../errors.js';

export interface DeleteOutcome {
  object: string;
  trashed: string[];
  /** source ids left alone, with why */
  kept: Array<{ sourceId: string; why: string }>;
  requests: number;
}

/**
 * @example
 * await trashDeletedInSource(m.target.core, run, ledger, 'companies', ['…'], { by: 'sync 2' });
 */
export async function trashDeletedInSource(
  client: TwentyClient, run: RunFolder, ledger: LedgerState, object: string, sourceIds: string[], options: { by: string; signal?: AbortSignal },
): Promise<DeleteOutcome> {
  const out: DeleteOutcome = { object, trashed: [], kept: [], requests: 0 };
  const todo: Array<{ sourceId: string; targetId: string }> = [];
  for (const sourceId of sourceIds) {
    const targetId = ledger.done.get(object)?.get(sourceId);
    if (!targetId) out.kept.push({ sourceId, why: 'not in the target (never imported)' });
    else if (ledger.merged.get(object)?.has(sourceId)) out.kept.push({ sourceId, why: `merged into the target's own record ${targetId}: that record stays` });
    else if (isTrashedNow(ledger, object, sourceId)) out.trashed.push(sourceId);
    else todo.push({ sourceId, targetId });
  }
  for (const chunk of chunked(todo)) {
    const res = await request(client, 'DELETE', `/${object}`, {
      query: { filter: idInFilter(chunk.map((c) => c.targetId)), soft_delete: true }, signal: options.signal,
    });
    out.requests += 1;
    if (res.error) {
      throw new MigrationError('SYNC_DELETE_FAILED', `The target refused to move ${chunk.length} ${object} record(s) deleted in the source to its trash: ${res.error.message}. Run sync again to retry.`, { resumable: true, instance: 'target' });
    }
    const at = new Date().toISOString();
    const entries: ImportLedgerEntry[] = chunk.map((c) => ({ object, sourceId: c.sourceId, targetId: c.targetId, status: 'trashed', at }));
    recordOutcomes(run, ledger, entries, options.by);
    out.trashed.push(...chunk.map((c) => c.sourceId));
  }
  return out;
}
