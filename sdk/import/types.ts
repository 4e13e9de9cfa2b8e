/**
 * Shapes of the import stage: its options, the events it reports while running and the result it returns.
 */
import type { TwentyClient } from '../client/index.js';
import type { MigrationError } from '../errors.js';
import type { Plan } from '../run/contracts.js';
import type { RecordIssue, RunFolder } from '../run/run-folder.js';

export type { RecordIssue };

export interface ImportOptions {
  /** Client of the target workspace (its shared rate limiter paces every request). */
  client: TwentyClient;
  run: RunFolder;
  /** Defaults to `run.readJson('plan.json')`. */
  plan?: Plan;
  /** Records per request; use `detectServer(...).maxBatchSize` (2.21: 200). Lowered on its own when the server says so. */
  batchSize?: number;
  /** Batch requests in flight per object (default 3): enough to hide the server's latency behind the rate limiter. */
  concurrency?: number;
  /** Retry records the ledger lists as failed (after fixing the target's schema, for example). Default false. */
  retryFailed?: boolean;
  /** stamped on every ledger line this import writes (`sync 3`), so the ledger tells which command wrote what */
  by?: string;
  /**
   * Unique fields per object (namePlural → field paths such as `emails.primaryEmail`), used to name the value a merge
   * matched and to catch two source records sharing one unique value. Default: Twenty's standard unique fields plus
   * the `isUnique` fields of `schema/target.json` when the run folder has it.
   */
  uniqueFields?: Record<string, string[]>;
  onProgress?: (event: ImportEvent) => void;
  /** Aborting stops at once; whatever the server answered before and the ledger recorded stays done. */
  signal?: AbortSignal;
}

export type ImportEvent =
  | { type: 'object-start'; object: string; phase: Phase }
  | { type: 'batch-sent'; object: string; phase: Phase; size: number }
  /** the server answered; the ledger has not been written yet */
  | { type: 'batch-answered'; object: string; phase: Phase; size: number; ok: boolean }
  | { type: 'batch-recorded'; object: string; phase: Phase; imported: number; merged: number; failed: number }
  | { type: 'object-done'; object: string; phase: Phase; result: ObjectImportResult };

export type Phase = 'write' | 'patch';

export interface ObjectImportResult {
  object: string;
  status: 'completed' | 'stopped' | 'aborted' | 'not-started';
  /** records written with their own id */
  imported: number;
  /** records upsert merged into an existing target record (another id) */
  merged: number;
  /** records rejected in this run (see errors.jsonl) */
  failed: number;
  /** records the ledger already had as imported or merged with the same payload (resume) */
  alreadyDone: number;
  /**
   * records written by an earlier run whose payload has changed since (a file uploaded late, a reference to a
   * record merged later, a member mapped), sent again in this run so that the target has what was completed
   */
  updated: number;
  /** records the ledger already had as failed and that were not retried */
  previouslyFailed: number;
  /** deferred join columns written by the patch pass in this run */
  patched: number;
  /** records soft-deleted again in the target (they were in the source's trash) in this run */
  trashed?: number;
  patchFailed: number;
  requests: number;
}

export interface MergeReport {
  object: string;
  sourceId: string;
  targetId: string;
  /** the unique value that matched, when known (`{ field: 'domainName.primaryLinkUrl', value: 'https://acme.com' }`) */
  matched: { field: string; value: unknown } | null;
}

export interface ImportResult {
  status: 'completed' | 'stopped' | 'aborted';
  objects: ObjectImportResult[];
  /** every merge the ledger knows of, this run's and earlier runs' */
  merges: MergeReport[];
  /** record problems found in this run (also appended to errors.jsonl) */
  issues: RecordIssue[];
  /** why the import stopped; `details.resumable` says whether running it again continues */
  error?: MigrationError;
  requests: number;
  durationMs: number;
  /** records written (imported + merged + patched) per second of this run */
  recordsPerSecond: number;
}

export const emptyObjectResult = (object: string): ObjectImportResult => ({
  object,
  status: 'not-started',
  imported: 0,
  merged: 0,
  failed: 0,
  alreadyDone: 0,
  updated: 0,
  previouslyFailed: 0,
  patched: 0,
  patchFailed: 0,
  requests: 0,
});
