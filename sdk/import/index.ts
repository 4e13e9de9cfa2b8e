/**
 * The import stage: transformed records → target workspace, resumable from `import/ledger.jsonl`.
 *
 * @example
 * import { importRecords, loadLedger, idMapOf } from './import/index.js';
 * const result = await importRecords({ client, run, batchSize: 200 });
 * const ids = idMapOf(await loadLedger(run)); // for verify: ids.target('companies', sourceId)
 */
export { importRecords } from './import-records.js';
export { applyLedgerEntry, emptyLedgerState, isTrashedNow, LEDGER_FILE, loadLedger, recordOutcomes } from './ledger.js';
export type { ImportLedgerEntry, LedgerState } from './ledger.js';
export { idMapOf, isJoinColumn, rewriteReferences } from './id-map.js';
export type { IdMap } from './id-map.js';
export { classify, fieldOf, foreignKeyName, issueCode, pinpoint } from './diagnose.js';
export { collectMerges } from './result.js';
export { STANDARD_UNIQUE_FIELDS, uniqueFieldsOf } from './unique.js';
export type { ImportEvent, ImportOptions, ImportResult, MergeReport, ObjectImportResult, Phase } from './types.js';
