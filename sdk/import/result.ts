/**
 * Building the import's result value: totals, merges from the ledger and the error that says how to resume.
 */
import { MigrationError } from '../errors.js';
import type { RunContext } from './context.js';
import type { LedgerState } from './ledger.js';
import type { StopState } from './send.js';
import type { ImportResult, MergeReport, ObjectImportResult } from './types.js';

export function summarize(ctx: RunContext, objects: ObjectImportResult[], started: number): Pick<ImportResult, 'objects' | 'requests' | 'durationMs' | 'recordsPerSecond'> {
  const durationMs = Math.round(performance.now() - started);
  const written = objects.reduce((n, o) => n + o.imported + o.merged + o.patched, 0);
  return { objects, requests: ctx.requests.count, durationMs, recordsPerSecond: durationMs > 0 ? Math.round((written * 1000) / durationMs) : 0 };
}

/**
 * Every merge the ledger holds (this run's and earlier runs'), in object order.
 *
 * @example
 * collectMerges(await loadLedger(run)); // [{ object: 'companies', sourceId, targetId, matched: { field: 'domainName.primaryLinkUrl', value } }]
 */
export function collectMerges(ledger: LedgerState): MergeReport[] {
  const out: MergeReport[] = [];
  for (const [object, entries] of ledger.merged) {
    for (const [sourceId, e] of entries) out.push({ object, sourceId, targetId: e.targetId as string, matched: e.matched ?? null });
  }
  return out;
}

/** The error of a stopped run, written for the person who has to resume it. */
export function stopError(stop: NonNullable<StopState['stop']>, runDir: string): MigrationError {
  const cause = stop.error;
  const why = cause ? `${cause.code}${cause.status ? ` (HTTP ${cause.status})` : ''}: ${cause.messages.join('; ') || cause.message}` : '';
  const resume = `Everything the target confirmed is in ${runDir}/import/ledger.jsonl; run the import again on this run folder to continue from there.`;
  const details = { object: stop.object, resumable: true, apiCode: cause?.code, status: cause?.status ?? null };
  switch (stop.kind) {
    case 'aborted':
      return new MigrationError('IMPORT_ABORTED', `Import aborted while writing ${stop.object}. ${resume}`, details);
    case 'transient':
      return new MigrationError(
        'IMPORT_INTERRUPTED',
        `Import of ${stop.object} stopped: the target kept failing after retries (${why}). No record was marked failed. ${resume}`,
        details,
        { cause },
      );
    case 'fatal':
      return new MigrationError(
        'IMPORT_REJECTED',
        `Import of ${stop.object} stopped: the target refused the request itself, not a record (${why}). Fix that (API key, permissions, target schema), then ${resume.charAt(0).toLowerCase()}${resume.slice(1)}`,
        details,
        { cause },
      );
  }
}
