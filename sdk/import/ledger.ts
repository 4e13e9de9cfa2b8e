/**
 * The import ledger (`import/ledger.jsonl`): one line per record outcome, appended only after the server answered.
 * Reading it back tells a resumed run what is done, what failed and which source id maps to which target id.
 */
import type { LedgerEntry } from '../run/contracts.js';
import type { RunFolder } from '../run/run-folder.js';
import { UuidDigests, UuidMap, UuidSet } from '../run/uuid-set.js';

export const LEDGER_FILE = ['import', 'ledger.jsonl'] as const;

/**
 * A ledger line as the import stage writes it: the contract's `LedgerEntry` plus optional details (a backwards-
 * compatible extension; readers of the contract ignore them).
 */
export interface ImportLedgerEntry extends LedgerEntry {
  /** `patch` for the pass that writes deferred join columns; absent means `write` */
  phase?: 'write' | 'patch';
  /** for merges: the unique value that matched */
  matched?: { field: string; value: unknown };
  /** for failures: our code and the field the server's message names */
  code?: string;
  field?: string | null;
  /** for writes and patches: what was sent (sdk/import/digest.ts), so a later run resends a record whose payload changed */
  digest?: string;
  /** which command wrote the line when it was not `run`: `sync <round>` */
  by?: string;
}

/**
 * The per-record parts (`done`, `patched`, `trashed`) grow with the records migrated, so they are compact id
 * collections (sdk/run/uuid-set.ts: about 25 bytes per id instead of about 100); the rest holds failures and merges only.
 */
export interface LedgerState {
  /** object → source id → target id, for records imported or merged */
  done: Map<string, UuidMap>;
  /** object → source id → the failure, for records whose last write failed */
  failed: Map<string, Map<string, ImportLedgerEntry>>;
  /** object → source id → merge entry (a subset of `done` whose target id differs) */
  merged: Map<string, Map<string, ImportLedgerEntry>>;
  /** object → source ids whose deferred join columns are written */
  patched: Map<string, UuidSet>;
  /** object → source id → the failure of its patch */
  patchFailed: Map<string, Map<string, ImportLedgerEntry>>;
  /** object → source ids soft-deleted again in the target (records exported from the source's trash) */
  trashed: Map<string, UuidSet>;
  /**
   * object → source ids of `trashed` that are live again: restored (a record the source restored, brought over by
   * `sync`) or written after their trashing (an upsert restores a soft-deleted match). Few, so a plain set.
   */
  restored: Map<string, Set<string>>;
  /** object → source id → digest of the last write the server confirmed (lines without one: not compared) */
  sent: Map<string, UuidDigests>;
  /** object → source id → digest of the last patch the server confirmed */
  patchSent: Map<string, UuidDigests>;
}

export const emptyLedgerState = (): LedgerState => ({
  done: new Map(), failed: new Map(), merged: new Map(), patched: new Map(), patchFailed: new Map(), trashed: new Map(), restored: new Map(), sent: new Map(), patchSent: new Map(),
});

function bucket<V>(map: Map<string, V>, key: string, create: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = create()));
  return v;
}

/**
 * Folds one ledger entry into the state. Later lines win: a record that failed and was imported on a later run
 * (`retryFailed`) is done; a resent batch only repeats the same outcome.
 */
export function applyLedgerEntry(state: LedgerState, e: ImportLedgerEntry): void {
  if (!e || typeof e.object !== 'string' || typeof e.sourceId !== 'string') return;
  const { object, sourceId } = e;
  if (e.status === 'trashed') {
    bucket(state.trashed, object, () => new UuidSet()).add(sourceId);
    state.restored.get(object)?.delete(sourceId);
  } else if (e.status === 'restored') {
    if (state.trashed.get(object)?.has(sourceId)) bucket(state.restored, object, () => new Set()).add(sourceId);
  } else if (e.status === 'patched') {
    bucket(state.patched, object, () => new UuidSet()).add(sourceId);
    state.patchFailed.get(object)?.delete(sourceId);
    if (typeof e.digest === 'string') bucket(state.patchSent, object, () => new UuidDigests()).set(sourceId, e.digest);
  } else if (e.status === 'failed' && e.phase === 'patch') {
    bucket(state.patchFailed, object, () => new Map()).set(sourceId, e);
  } else if (e.status === 'failed') {
    // A failure never undoes a write the server confirmed (it can only come from a resend racing a retry).
    if (!state.done.get(object)?.has(sourceId)) bucket(state.failed, object, () => new Map()).set(sourceId, e);
  } else if ((e.status === 'imported' || e.status === 'merged') && typeof e.targetId === 'string') {
    // Most records keep their id: UuidMap stores only the target ids that differ (merges).
    bucket(state.done, object, () => new UuidMap()).set(sourceId, e.targetId);
    state.failed.get(object)?.delete(sourceId);
    if (state.trashed.get(object)?.has(sourceId)) bucket(state.restored, object, () => new Set()).add(sourceId);
    if (typeof e.digest === 'string') bucket(state.sent, object, () => new UuidDigests()).set(sourceId, e.digest);
    if (e.status === 'merged') bucket(state.merged, object, () => new Map()).set(sourceId, e);
    else state.merged.get(object)?.delete(sourceId);
  }
}

/** Whether the target holds this record in its trash now, as far as the ledger knows. */
export function isTrashedNow(state: LedgerState, object: string, sourceId: string): boolean {
  return (state.trashed.get(object)?.has(sourceId) ?? false) && !state.restored.get(object)?.has(sourceId);
}

/**
 * Reads `import/ledger.jsonl` (a torn last line, left by a kill, is ignored: its batch was never acknowledged).
 *
 * @example
 * const ledger = await loadLedger(run);
 * ledger.done.get('companies')?.get(sourceId); // the company's id in the target
 * ledger.failed.get('people')?.size;           // people rejected by the target
 */
export async function loadLedger(run: RunFolder): Promise<LedgerState> {
  const state = emptyLedgerState();
  for await (const entry of run.readJsonl<ImportLedgerEntry>(...LEDGER_FILE)) applyLedgerEntry(state, entry);
  return state;
}

/**
 * Appends entries to the ledger and folds them into the in-memory state. Call only after the server answered.
 *
 * @example
 * recordOutcomes(run, state, [{ object: 'companies', sourceId, targetId, status: 'imported', at: new Date().toISOString() }]);
 */
export function recordOutcomes(run: RunFolder, state: LedgerState, entries: ImportLedgerEntry[], by?: string): void {
  if (!entries.length) return;
  if (by) for (const e of entries) e.by = by;
  run.appendJsonl(entries, ...LEDGER_FILE);
  for (const e of entries) applyLedgerEntry(state, e);
}
