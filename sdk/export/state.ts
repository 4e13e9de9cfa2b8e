/**
 * export/state.json: per object, how many lines of export/<plural>.jsonl are valid and the cursor to continue
 * from. Written atomically after each page's lines are on disk; read-modify-write is synchronous so exports of
 * different objects running concurrently in one process never lose each other's updates.
 */
import type { RunFolder } from '../run/run-folder.js';
import type { ExportState } from '../run/contracts.js';

/**
 * One object's entry. Extends the contract backwards-compatibly with `activeCount` (lines of the active phase,
 * so the soft-deleted ones can be told apart); readers of `ExportState` may ignore it.
 */
export type ObjectExportState = ExportState['objects'][string] & {
  /** lines written by the active phase, set when it completes */
  activeCount?: number;
  /**
   * When this object's export first asked the source for a page. A record changed after it may be missing from
   * the export (or exported as it was before): changes are looked for from this time on.
   */
  startedAt?: string;
};

export const STATE_PATH = ['export', 'state.json'] as const;

export const exportFileOf = (run: RunFolder, namePlural: string): string => run.path('export', `${namePlural}.jsonl`);

/**
 * The export state, empty when the export has not started.
 *
 * @example
 * readExportState(run).objects.companies; // { phase: 'done', cursor: '…', count: 298, serverCount: 293, … }
 */
export function readExportState(run: RunFolder): ExportState & { objects: Record<string, ObjectExportState> } {
  return run.readJson<ExportState>(...STATE_PATH) ?? { objects: {} };
}

/** Replaces one object's entry (atomic file write; other objects' entries are re-read just before). */
export function writeObjectState(run: RunFolder, namePlural: string, state: ObjectExportState): void {
  const all = readExportState(run);
  all.objects[namePlural] = state;
  run.writeJson(all, ...STATE_PATH);
}

export const freshObjectState = (): ObjectExportState => ({ phase: 'active', cursor: null, count: 0 });
