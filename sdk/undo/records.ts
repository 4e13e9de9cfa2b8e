/**
 * Removing the records this run folder created, a batch at a time: each batch is read first (live and trashed
 * rows), so a record that someone or something changed after the migration wrote it (its `updatedAt` later than
 * this folder's last write) is kept and listed unless `force`; the rest are destroyed (hard delete: `undo` takes
 * out what the run put in, it does not leave it in the trash). Every outcome goes to `undo/ledger.jsonl` as soon as
 * the server answered, so a killed undo continues where it stopped and a second undo finds nothing left to do.
 */
import { idInFilter, request, type TwentyClient } from '../client/index.js';
import type { RunFolder } from '../run/run-folder.js';
import { changedSince, type CreatedRecord } from './plan.js';

export const UNDO_LEDGER = ['undo', 'ledger.jsonl'] as const;

export interface UndoLedgerEntry {
  object: string;
  targetId: string;
  status: 'removed' | 'kept-changed' | 'failed';
  /** kept-changed: when the target changed it, and who */
  updatedAt?: string;
  updatedBy?: string;
  message?: string;
  at: string;
}

export interface ObjectUndo {
  object: string;
  created: number;
  /** removed by this undo (or, in a dry run, that it would remove) */
  removed: number;
  /** removed by an earlier, interrupted or finished, undo of this folder */
  earlier: number;
  alreadyGone: number;
  keptChanged: Array<{ targetId: string; updatedAt: string; updatedBy?: string }>;
  failed: Array<{ targetId: string; message: string }>;
}

/** Ids per read and per bulk destroy: 100 uuids keep the filter in the URL under 4 KB. */
const BATCH = 100;

type Row = { id: string; updatedAt?: string; updatedBy?: { name?: string; source?: string } | null };

async function rowsOf(client: TwentyClient, object: string, ids: string[], trashed: boolean): Promise<Row[]> {
  const filter = idInFilter(ids);
  const r = await request<{ data?: Record<string, Row[]> }>(client, 'GET', '/{plural}', {
    path: { plural: object }, query: { filter: trashed ? `and(${filter},deletedAt[is]:NOT_NULL)` : filter, limit: ids.length, depth: 0 },
  });
  if (r.error) throw new Error(`reading ${object} in the target: ${r.error.message}`);
  return r.data?.data?.[object] ?? [];
}

/** Reads what a finished or interrupted undo already did: object → target id → outcome. */
export async function loadUndoLedger(run: RunFolder): Promise<Map<string, UndoLedgerEntry>> {
  const out = new Map<string, UndoLedgerEntry>();
  for await (const e of run.readJsonl<UndoLedgerEntry>(...UNDO_LEDGER)) if (e?.object && e.targetId) out.set(`${e.object}/${e.targetId}`, e);
  return out;
}

/**
 * @example
 * const r = await undoObject(target.core, run, 'people', plan.records[0].records, done, { dryRun: true });
 * // { object: 'people', created: 1200, removed: 1200, keptChanged: [], … } (dry run: "would remove")
 */
export async function undoObject(
  client: TwentyClient,
  run: RunFolder,
  object: string,
  records: CreatedRecord[],
  done: Map<string, UndoLedgerEntry>,
  options: { dryRun?: boolean; force?: boolean; signal?: AbortSignal } = {},
): Promise<ObjectUndo> {
  const result: ObjectUndo = { object, created: records.length, removed: 0, earlier: 0, alreadyGone: 0, keptChanged: [], failed: [] };
  const todo = records.filter((r) => {
    const before = done.get(`${object}/${r.targetId}`);
    if (before?.status === 'removed') result.earlier += 1;
    return before?.status !== 'removed';
  });
  for (let i = 0; i < todo.length; i += BATCH) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('undo aborted');
    const batch = todo.slice(i, i + BATCH);
    const ids = batch.map((r) => r.targetId);
    const found = new Map<string, Row & { trashed: boolean }>();
    // The trash is read only when the ledger says the import put some of these back there: one read per batch.
    const phases = batch.some((r) => r.trashed) ? [false, true] : [false];
    for (const trashed of phases) for (const row of await rowsOf(client, object, ids, trashed)) found.set(row.id, { ...row, trashed });
    const remove: string[] = [];
    const lines: UndoLedgerEntry[] = [];
    const at = new Date().toISOString();
    for (const r of batch) {
      const row = found.get(r.targetId);
      if (!row) {
        // Gone already (someone deleted it, or a cascade from its parent did): nothing to take out.
        result.alreadyGone += 1;
        lines.push({ object, targetId: r.targetId, status: 'removed', message: 'already absent from the target', at });
        continue;
      }
      if (changedSince(row.updatedAt, r.lastWrittenAt) && !options.force) {
        const by = row.updatedBy?.name || row.updatedBy?.source || undefined;
        result.keptChanged.push({ targetId: r.targetId, updatedAt: row.updatedAt!, ...(by ? { updatedBy: by } : {}) });
        lines.push({ object, targetId: r.targetId, status: 'kept-changed', updatedAt: row.updatedAt, ...(by ? { updatedBy: by } : {}), at });
        continue;
      }
      remove.push(r.targetId);
    }
    if (options.dryRun) {
      result.removed += remove.length;
      continue;
    }
    if (remove.length) {
      const live = remove.filter((id) => !found.get(id)?.trashed);
      type Answer = { data?: Record<string, Array<{ id?: string }>> };
      const r: { data?: Answer; error?: unknown } = live.length
        ? await request<Answer>(client, 'DELETE', '/{plural}', { path: { plural: object }, query: { filter: idInFilter(live) } })
        : { data: { data: {} } };
      // The answer lists what it destroyed; the rest (rows in the trash, which a bulk destroy does not reach on every
      // version, or an answer without ids) are destroyed one by one.
      const answered = new Set(Object.values(r.data?.data ?? {}).flat().map((x) => x?.id).filter((x): x is string => typeof x === 'string'));
      const left = r.error ? remove : remove.filter((id) => !answered.has(id));
      for (const id of left) {
        const one = await request(client, 'DELETE', '/{plural}/{id}', { path: { plural: object, id } });
        if (one.error && one.error.status !== 404) {
          result.failed.push({ targetId: id, message: one.error.message });
          lines.push({ object, targetId: id, status: 'failed', message: one.error.message, at: new Date().toISOString() });
        }
      }
      const failed = new Set(result.failed.map((f) => f.targetId));
      for (const id of remove) {
        if (failed.has(id)) continue;
        result.removed += 1;
        lines.push({ object, targetId: id, status: 'removed', at: new Date().toISOString() });
      }
    }
    run.appendJsonl(lines, ...UNDO_LEDGER);
  }
  return result;
}
